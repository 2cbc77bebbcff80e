"""A form whose text field is over the form-memory limit (MAX_FORM_MEMORY_SIZE, about 1 MB) against one
whose files are over the body's cap (tester finding: a drawn location of 1.19 MB got "ten hoogste 101 MB
samen. Stuur minder of kleinere bestanden", and the application form came back empty)."""

from __future__ import annotations

import io
import json
from typing import Any

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_application_refusals import api_start
from tests.e2e.test_public_documents import stored
from tests.e2e.test_status_http import FORM, form_tokens
from tests.e2e.test_upload_sizes import SMALL_TYPES, big_pdf, post_multipart, use_types

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
PROCESS = "kaart_status_vergunning"
COOP = {"Authorization": "Bearer token-coop"}


def _drawn(points: int) -> str:
    """A GeoJSON polygon of about ``points`` vertices around the fixture's location (some 40 bytes each)."""
    ring = [[6.42 + 0.001 * (i % 97) / 97, 52.015 + 0.001 * i / points] for i in range(points)]
    ring.append(ring[0])
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _apply(app: Any, **fields: Any) -> Any:
    client = app.test_client()
    tokens = form_tokens(client.get(f"/aanvragen/{PROCESS}").text)
    posted = {**tokens, **{k: v for k, v in FORM.items() if k != "coordinaat"}, **fields}
    return post_multipart(client, f"/aanvragen/{PROCESS}", posted)


def _fout(html: str, field: str) -> str:
    return html[html.find(f'id="fout-{field}"') :][:500]


def test_a_drawn_location_over_the_form_limit_is_named_and_the_form_kept(app):
    before = stored(app)
    location = _drawn(48_000)
    assert len(location) > 1_100_000
    resp = _apply(app, locatie=location)
    assert resp.status_code == 413, resp.status_code
    fout = _fout(resp.text, "locatie")
    assert "De getekende locatie is te groot: ten hoogste 1 MB" in fout, fout
    assert "101 MB" not in resp.text and "kleinere bestanden" not in resp.text
    assert 'value="Aanbouw achterzijde"' in resp.text and 'value="piet@example.nl"' in resp.text
    under = _apply(app, locatie=_drawn(20_000))  # within the form limit: the geometry's own check answers
    assert under.status_code == 400 and "te veel hoekpunten" in _fout(under.text, "locatie"), (
        under.status_code
    )
    assert stored(app) == before


def test_files_over_the_cap_are_named_at_the_bijlagen(app, tmp_path):
    use_types(app.extensions["ruimteflow"], tmp_path, SMALL_TYPES, max_body_bytes=1000)
    before = stored(app)
    resp = _apply(app, coordinaat=FORM["coordinaat"], bijlagen=(io.BytesIO(big_pdf(6, "groot")), "groot.pdf"))
    assert resp.status_code == 413, resp.status_code
    fout = _fout(resp.text, "bijlagen")
    assert "Stuur minder of kleinere bestanden" in fout and "ten hoogste 4" in fout, fout
    assert stored(app) == before


def test_the_api_names_the_field_and_the_form_limit(app):
    zaak = json.loads(api_start(app).text)["zaak"]
    before = stored(app)
    fields = {
        "bestand": (io.BytesIO(big_pdf(0.01, "klein")), "klein.pdf"),
        "informatieobjecttype": "bijlage",
        "titel": "x" * 1_200_000,
    }
    resp = post_multipart(app.test_client(), f"/api/v1/zaken/{zaak}/documenten", fields, headers=COOP)
    assert resp.status_code == 413, resp.text[:300]
    detail = json.loads(resp.text)["detail"]
    assert detail.startswith("Het veld 'titel' is groter dan toegestaan") and "ten hoogste 1 MB" in detail, (
        detail
    )
    assert stored(app) == before
