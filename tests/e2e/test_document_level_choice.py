"""Who chooses how open an upload is: only the municipality's officers give it any vertrouwelijkheid.

Review finding (pentest12, medium): an outside party (nina of the Netbeheerder, with a task on the case)
uploaded an ``advies`` as ``openbaar`` under any title ("Besluit gemeente: aanvraag geweigerd"), and it
was on the applicant's public status page at once; the same path let any adviser mark its advice
``zeer_geheim``, hidden from the other advisers. ``check_level_choice`` held only the initiator to its
levels and let every other party choose as an officer. Decision: a behandelaar (and the beheerder, whose
documents are a behandelaar's) chooses any level; every other party (initiator, internal adviser, outside
party) gives its upload the type's default or a stricter level the case's advisers may still open
(shipped: up to ``vertrouwelijk``): stricter keeps a commercially sensitive advice from the public, no
stricter than that keeps it from nobody who assesses the case, and how open a document is the
municipality decides. The rule holds on every path that sets a level: the API, the case file's form and a
task's report, which all upload through ``upload_document``; a level is never changed afterwards.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient

from services import cases, deployments, users
from services.documents.storage import blob_store
from services.platform import Platform
from tests.e2e.test_api_documenten import assert_problem, auth
from tests.integration.document_helpers import pdf, snapshot_all
from tests.integration.test_kavel_namen import MODEL, samen
from web import create_app

__all__ = ["samen"]  # the fixture: a model whose one task the case's "groepen" share (vera, nina)

TITEL = "Besluit gemeente: aanvraag geweigerd"
ADVISEUR_DETAIL = (
    "Als {wie} geeft u een adviesrapport de vertrouwelijkheid intern (de standaard), zaakvertrouwelijk of "
    "vertrouwelijk. Een strengere aanduiding verbergt het stuk voor de adviseurs van de zaak; hoe openbaar "
    "een stuk is, bepaalt de gemeente."
)


@pytest.fixture
def api(samen: Platform) -> FlaskClient:
    """vera (vergunningverlener), ria (adviseur of the municipality) and nina (the listed outside party
    Netbeheerder) each have a token; the beheerder too."""
    users.add_user(samen, "vera", groups=["Vergunningen"], role="vergunningverlener", token="t-vera")
    users.add_user(samen, "ria", groups=["Vergunningen"], role="adviseur", token="t-ria")
    users.add_user(samen, "nina", groups=["Netbeheerder"], role="adviseur", token="t-nina")
    users.add_user(samen, "bea", groups=[], role="beheerder", token="t-bea")
    return create_app(samen.settings, platform=samen).test_client()


@pytest.fixture
def url(samen: Platform, api: FlaskClient) -> str:
    """The documents of a case whose task the department and the netbeheerder share."""
    ref = cases.start_case(samen, "samen_overleggen", {"groepen": ["Vergunningen", "Netbeheerder"]})["zaak"]
    return f"/api/v1/zaken/{ref}/documenten"


def _advies(api: FlaskClient, url: str, token: str, level: str, tekst: str = "advies") -> Any:
    data = {
        "bestand": (io.BytesIO(pdf(f"{tekst} {level} {token}")), "advies.pdf"),
        "informatieobjecttype": "advies",
        "titel": TITEL,
        "vertrouwelijkheidaanduiding": level,
    }
    return api.post(url, data=data, headers=auth(token), content_type="multipart/form-data")


def _state(platform: Platform) -> tuple[dict[str, Any], list[str]]:
    return snapshot_all(platform), sorted(str(p) for p in blob_store(platform).iter_files())


@pytest.mark.parametrize("level", ["openbaar", "beperkt_openbaar"])
def test_an_outside_party_does_not_make_its_upload_public(samen, api, url, level):
    before = _state(samen)
    problem = assert_problem(_advies(api, url, "t-nina", level), 400, "vertrouwelijkheid-niet-toegestaan")
    assert problem["detail"] == ADVISEUR_DETAIL.format(wie="externe partij")
    assert problem["toegestaan"] == ["intern", "zaakvertrouwelijk", "vertrouwelijk"]
    assert _state(samen) == before  # no document row, no version, no event, no file


@pytest.mark.parametrize(("token", "wie"), [("t-nina", "externe partij"), ("t-ria", "adviseur")])
@pytest.mark.parametrize("level", ["openbaar", "confidentieel", "zeer_geheim"])
def test_an_adviser_neither_publishes_nor_hides_its_advice(samen, api, url, token, wie, level):
    """An internal adviser is held to the same levels: openbaar is the municipality's call, and a level
    above what the advisers open would hide the advice from the other advisers of the case."""
    before = _state(samen)
    problem = assert_problem(_advies(api, url, token, level), 400, "vertrouwelijkheid-niet-toegestaan")
    assert problem["detail"] == ADVISEUR_DETAIL.format(wie=wie)
    assert _state(samen) == before


def test_an_outside_party_may_mark_its_advice_stricter_within_what_advisers_read(api, url):
    resp = _advies(api, url, "t-nina", "vertrouwelijk")
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["vertrouwelijkheidaanduiding"] == "vertrouwelijk"
    standaard = api.post(
        url,
        data={"bestand": (io.BytesIO(pdf("standaard")), "advies.pdf"), "informatieobjecttype": "advies"},
        headers=auth("t-nina"),
        content_type="multipart/form-data",
    )
    assert standaard.get_json()["vertrouwelijkheidaanduiding"] == "intern"
    # an internal adviser reads it: the stricter level hides it from nobody who assesses the case
    listed = api.get(url, headers=auth("t-ria")).get_json()["documenten"]
    assert resp.get_json()["id"] in [d["id"] for d in listed]


def test_the_municipalitys_officers_still_choose_any_level(api, url):
    for token, level in (("t-vera", "openbaar"), ("t-vera", "zeer_geheim"), ("t-bea", "openbaar")):
        resp = _advies(api, url, token, level)
        assert resp.status_code == 201, resp.get_json()
        assert resp.get_json()["vertrouwelijkheidaanduiding"] == level


def test_the_case_file_form_refuses_an_outside_partys_public_upload(browser_for, faces_platform, tmp_path):
    """The same rule in the case file's form (demo account nina, Netbeheerder): a Dutch message, nothing
    stored."""
    model = tmp_path / "samen_overleggen.bpmn"
    model.write_text(MODEL, encoding="utf-8")
    deployments.deploy(faces_platform, deployments.read_files([model]))
    groepen = {"groepen": ["Vergunningen", "Netbeheerder"]}
    ref = cases.start_case(faces_platform, "samen_overleggen", groepen)["zaak"]
    nina = browser_for("nina")
    form = nina.get(f"/zaken/{ref}").text.split('id="document-niveau"')[1].split("</select>")[0]
    assert '"openbaar"' not in form and '"zeer_geheim"' not in form  # the form offers only its levels
    assert '<option value="vertrouwelijk">' in form
    before = _state(faces_platform)
    data = {
        "bestand": (io.BytesIO(pdf("nina")), "advies.pdf"),
        "informatieobjecttype": "advies",
        "titel": TITEL,
        "vertrouwelijkheidaanduiding": "openbaar",
    }
    resp = nina.post(f"/zaken/{ref}/documenten", data, content_type="multipart/form-data")
    assert resp.status_code == 303
    page = nina.get(f"/zaken/{ref}").text
    assert 'class="melding melding-fout"' in page
    assert "Als externe partij geeft u een adviesrapport de vertrouwelijkheid intern (de standaard)" in page
    assert _state(faces_platform) == before
