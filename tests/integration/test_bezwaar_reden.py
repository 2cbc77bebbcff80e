"""What the bezwaarjurist types about a bezwaar is read by the bezwaar's handler only, and never public.

[velden] medewerker left the bezwaar itself out of another adviser's case view, but not the two texts the
bezwaarjurist types about it: the toelichting of 'Bezwaar of beroep registreren' and the reason of a
verdaging in 'Beslissen op bezwaar' (``verdaging_reden``, and each verdaging's ``reden`` in
``bezwaar_behandeling``). mila, the Milieu adviser of the case, read both through the API and on the case
page, and the reason was a public history line: every volgcode holder and outside party read it, and the
task's refusal of an empty reason said it "staat in de mededeling aan de indiener", inviting the officer to
name the indiener (review pentest15, F1). Now [taakvelden] gives these fields back to the handler of the
two bezwaar tasks only, the registration's toelichting has a bezwaar-only key (``bezwaar_toelichting``),
and the public line of a verdaging says only until when the beslissing is deferred.

Dates (test_bezwaar_beslistermijn): decide by Tuesday 26 May 2026; a verdaging under Awb 7:10 lid 3 may
go up to Tuesday 7 July.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from services import case_queries, users
from services.status import view
from tests.e2e.harness import logged_in
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten, bezwaar_tot_3_juli
from tests.integration.test_bezwaar_inzage import BEZWAAR, PASSWORD
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie
TAAK = "Beslissen op bezwaar"
TOELICHTING = "Bezwaar van Karel Buurman, Esweg 3; hij wil gehoord worden"
REDEN = "Karel Buurman (Esweg 3) wil eerst gehoord worden"
VERDAGEN = {"actie": "verdagen", "verdagen_tot": "2026-06-20", "verdaging_reden": REDEN}
PUBLIEK = "Beslissing op het bezwaar verdaagd tot en met zaterdag 20 juni 2026 (artikel 7:10 lid 3 Awb)."


def _verdaagd(z: Omgeving) -> str:
    """A bezwaar registered with a toelichting naming the indiener, then deferred with such a reason."""
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", BEZWAAR)
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar", "bezwaar_toelichting": TOELICHTING})
    z.op(datetime(2026, 4, 20, 8, 0, tzinfo=UTC))
    z.doe("jet", TAAK, VERDAGEN)
    return str(z.zaak()["volgcode"])


def _gegevens(z: Omgeving, who: str) -> dict[str, Any]:
    return dict(case_queries.read_case(z.p, z.ref, who)["samenvatting"]["gegevens"])


def test_the_handler_reads_its_texts_about_the_bezwaar_and_another_adviser_does_not(z: Omgeving) -> None:
    _verdaagd(z)
    mila = _gegevens(z, "mila")  # Milieu advised on this case
    for field in ("bezwaar_toelichting", "verdaging_reden", "bezwaar_behandeling"):
        assert field not in mila, field
    assert "Buurman" not in json.dumps(case_queries.read_case(z.p, z.ref, "mila"))
    jet = _gegevens(z, "jet")
    assert jet["bezwaar_toelichting"] == TOELICHTING and jet["verdaging_reden"] == REDEN
    assert [v["reden"] for v in jet["bezwaar_behandeling"]["verdagingen"]] == [REDEN]

    for name, groups in (("jet", ["Juridisch"]), ("mila", ["Milieu"])):
        users.add_user(z.p, name, groups=groups, role="adviseur", password=PASSWORD, token=f"token-{name}")
    app = create_app(z.p.settings, platform=z.p)
    case_id = z.zaak()["id"]
    for who in ("jet", "mila"):
        api = app.test_client().get(
            f"/api/v1/zaken/{case_id}", headers={"Authorization": f"Bearer token-{who}"}
        )
        assert api.status_code == 200, api.get_json()
        page = logged_in(app, who, PASSWORD).get(f"/zaken/{z.ref}")
        assert page.status_code == 200
        if who == "jet":
            gegevens = api.get_json()["samenvatting"]["gegevens"]
            assert gegevens["bezwaar_toelichting"] == TOELICHTING and gegevens["verdaging_reden"] == REDEN
            assert "wil eerst gehoord worden" in page.text and "hij wil gehoord worden" in page.text
        else:
            assert "Buurman" not in json.dumps(api.get_json()), who
            assert "Buurman" not in page.text and "gehoord" not in page.text, who


def test_the_public_line_of_a_verdaging_says_only_until_when(z: Omgeving) -> None:
    code = _verdaagd(z)
    public = [t["tekst"] for t in z.zaak()["tijdlijn"] if t.get("publiek")]
    assert PUBLIEK in public, public
    assert not any("Buurman" in t or "Reden" in t for t in public), public
    assert not any(
        "Buurman" in str(t) for t in z.zaak()["tijdlijn"]
    )  # nor an internal line: staff read those
    page = view.public_status(z.p, code)
    assert "Buurman" not in json.dumps(page, default=str)
    assert page["termijn"]["rechtsmiddel"]["bezwaar"]["verdaagd_tot"] == "2026-06-20"
    app = create_app(z.p.settings, platform=z.p)
    html = app.test_client().get(f"/status/{code}").text
    assert "verdaagd tot en met zaterdag 20 juni 2026" in html and "Buurman" not in html


def test_an_uitstel_with_consent_neither_tells_the_reason_publicly_nor_mails_it(z: Omgeving) -> None:
    """Awb 7:10 lid 4, on a case whose initiator gets mails: the line names the day, no mail names the reason."""
    bezwaar_tot_3_juli(z)  # 3 July 2026: the term passed, uitstel only with the indiener's consent
    before = len(z.mails())
    z.doe("jet", TAAK, {**VERDAGEN, "verdagen_tot": "2026-08-01", "instemming_indiener": True})
    assert z.taak("jet", TAAK)["vervaldatum"] == "2026-08-01"
    public = [t["tekst"] for t in z.zaak()["tijdlijn"] if t.get("publiek")]
    assert (
        "Beslissing op het bezwaar uitgesteld tot en met zaterdag 1 augustus 2026 met instemming van de "
        "indiener (artikel 7:10 lid 4 Awb)." in public
    ), public
    assert not any("Buurman" in str(t) for t in z.zaak()["tijdlijn"])
    assert z.mails(), "the case's initiator gets mails"
    assert not any("Buurman" in json.dumps(m) for m in z.mails()[before:])


def test_an_empty_reason_is_refused_without_inviting_the_indieners_name(z: Omgeving) -> None:
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", BEZWAAR)
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    fout = z.geweigerd(
        "verdaging-zonder-reden", lambda: z.doe("jet", TAAK, {**VERDAGEN, "verdaging_reden": " "})
    )
    assert fout.status == 422 and "indiener" not in fout.detail, fout.detail
    assert "openbare tijdlijn noemt alleen de nieuwe beslisdatum" in fout.detail, fout.detail
    assert z.taak("jet", TAAK)["vervaldatum"] == "2026-05-26"
