"""A registered bezwaar is handled in the case: 'Beslissen op bezwaar' (Awb 7:10, 7:11).

Before, registering a bezwaar ended the case ("handled outside it"): nothing recorded a verdaging or the
beslissing op bezwaar, and the status page said "bezwaar in behandeling" for ever. Now the task
'Beslissen op bezwaar' (Juridisch) is due on the Awb 7:10 day; a verdaging moves it, a beslissing ends the
case and the status page says what was decided and that beroep is open. A beroep stays the rechtbank's.

Dates: the besluit is sent on Monday 2 March 2026; the bezwaartermijn runs up to and including 13 April;
decide by Tuesday 26 May (Tweede Pinksterdag moves Monday 25 May). Verdaging by six weeks: Monday 6 July,
twelve weeks after 13 April with the Atw applied once (Awb 7:10 lid 3), not six weeks after the moved 26 May.
A beslissing sent Friday 3 July 2026 opens beroep up to and including Friday 14 August.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services import beheer, deployments
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten, bezwaar_op_1_april
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie
TAAK = "Beslissen op bezwaar"
MODEL_VOOR = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "bpmn"
    / "omgevingsvergunning_voor_beslissing_op_bezwaar.bpmn"
)
VERDAGEN = {"actie": "verdagen", "verdagen_tot": "2026-07-06", "verdaging_reden": "advies nodig"}


def _uitleg(z: Omgeving, code: str) -> str:
    return str(view.public_status(z.p, code)["termijn"]["toelichting"])


def test_a_registered_bezwaar_gets_a_task_due_on_the_7_10_day(z: Omgeving) -> None:
    code = bezwaar_op_1_april(z)
    case = z.zaak()
    assert case["status"] == "lopend"
    taak = z.taak("jet", TAAK)
    assert taak["vervaldatum"] == "2026-05-26"
    assert "uiterlijk op 26 mei 2026" in taak["instructies"]
    page = view.public_status(z.p, code)
    assert page["status_tekst"] == "Besluit genomen, bezwaar in behandeling"
    assert "beslist erop uiterlijk op dinsdag 26 mei 2026" in page["termijn"]["toelichting"]


def test_a_verdaging_moves_the_task_and_the_page(z: Omgeving) -> None:
    code = bezwaar_op_1_april(z)
    z.op(datetime(2026, 5, 20, 8, 0, tzinfo=UTC))
    z.doe("jet", TAAK, VERDAGEN)
    assert z.taak("jet", TAAK)["vervaldatum"] == "2026-07-06"
    said = _uitleg(z, code)
    assert "verdaagd (artikel 7:10 lid 3 Awb) en beslist erop uiterlijk op maandag 6 juli 2026" in said, said
    rm = view.public_status(z.p, code)["termijn"]["rechtsmiddel"]["bezwaar"]
    assert rm["verdaagd_tot"] == "2026-07-06" and rm["beslissen_uiterlijk"] == "2026-07-06"
    # a second verdaging needs the indiener's consent (lid 4); with it, any later day
    fout = z.geweigerd(
        "bezwaar-verdaging-al-gebruikt",
        lambda: z.doe("jet", TAAK, {**VERDAGEN, "verdagen_tot": "2026-07-08"}),
    )
    assert fout.status == 422 and "artikel 7:10 lid 4 Awb" in fout.detail
    z.doe("jet", TAAK, {**VERDAGEN, "verdagen_tot": "2026-09-01", "instemming_indiener": True})
    assert z.taak("jet", TAAK)["vervaldatum"] == "2026-09-01"
    assert "met uw instemming uitgesteld (artikel 7:10 lid 4 Awb)" in _uitleg(z, code)


def test_a_verdaging_beyond_six_weeks_without_consent_is_refused(z: Omgeving) -> None:
    bezwaar_op_1_april(z)
    fout = z.geweigerd(
        "bezwaar-verdaging-te-lang", lambda: z.doe("jet", TAAK, {**VERDAGEN, "verdagen_tot": "2026-07-07"})
    )
    assert fout.status == 422
    assert "uiterlijk tot en met maandag 6 juli 2026, niet tot 7 juli 2026" in fout.detail, fout.detail
    z.op(datetime(2026, 5, 27, 8, 0, tzinfo=UTC))  # the term passed: no verdaging under lid 3
    z.geweigerd("bezwaar-verdaging-na-termijn", lambda: z.doe("jet", TAAK, VERDAGEN))
    assert z.taak("jet", TAAK)["vervaldatum"] == "2026-05-26"


def test_the_beslissing_ends_the_case_and_the_page_names_the_beroep(z: Omgeving) -> None:
    code = bezwaar_op_1_april(z)
    z.op(datetime(2026, 5, 20, 8, 0, tzinfo=UTC))
    z.doe("jet", TAAK, VERDAGEN)
    z.op(datetime(2026, 7, 3, 8, 0, tzinfo=UTC))
    beslissing = {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-07-03"}
    case = z.doe("jet", TAAK, beslissing)
    assert case["status"] == "afgerond" and not case.get("incident"), case.get("incident")
    assert case["samenvatting"]["resultaat"].endswith(
        "; beslissing op bezwaar: bezwaar ongegrond, het besluit blijft in stand"
    ), case["samenvatting"]["resultaat"]
    page = view.public_status(z.p, code)
    assert page["status_tekst"] == "Besluit genomen, op het bezwaar is beslist"
    said = page["termijn"]["toelichting"]
    assert (
        "De gemeente heeft op 3 juli 2026 op het bezwaar beslist: het bezwaar is ongegrond verklaard" in said
    )
    assert "beroep instellen bij de rechtbank: uiterlijk op vrijdag 14 augustus 2026" in said, said
    assert "artikel 6:7 en 8:1 Awb" in said
    assert "blijft na de beslissing op bezwaar van 3 juli 2026 in stand" in page["besluit"]["tekst"]
    assert any("ongegrond verklaard" in str(t) for t in page["tijdlijn"]), page["tijdlijn"]


@pytest.mark.parametrize(
    ("gegeven", "code", "status"),
    [
        ({"uitkomst": "gegrond", "beslist_op": "2026-05-02"}, "datum-in-toekomst", 400),
        ({"uitkomst": "gegrond", "beslist_op": "2026-03-31"}, "beslissing-voor-bezwaar", 422),
        (
            {"uitkomst": "ongegrond", "beslist_op": "2026-04-30", "herroepen": True},
            "herroepen-niet-gegrond",
            422,
        ),
    ],
)
def test_a_wrong_beslissing_is_refused_and_changes_nothing(
    z: Omgeving, gegeven: dict[str, Any], code: str, status: int
) -> None:
    bezwaar_op_1_april(z)
    z.op(datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    fout = z.geweigerd(code, lambda: z.doe("jet", TAAK, {"actie": "beslissen", **gegeven}))
    assert fout.status == status, fout.detail
    assert z.zaak()["status"] == "lopend"


def test_a_gegrond_bezwaar_herroept_the_besluit(z: Omgeving) -> None:
    code = bezwaar_op_1_april(z)
    z.op(datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    z.doe(
        "jet",
        TAAK,
        {
            "actie": "beslissen",
            "uitkomst": "gegrond",
            "beslist_op": "2026-05-01",
            "herroepen": True,
            "nieuw_besluit": "weigeren",
        },
    )
    page = view.public_status(z.p, code)
    assert "het besluit is herroepen" in page["termijn"]["toelichting"]
    assert page["besluit"]["tekst"] == (
        "Op het bezwaar is het besluit op 1 mei 2026 herroepen; in de plaats daarvan is de vergunning "
        "geweigerd. De beslissing op bezwaar is nog niet onherroepelijk: tot en met vrijdag 12 juni 2026 kan "
        "beroep worden ingesteld bij de rechtbank."
    )


def test_a_beroep_still_ends_the_case_at_its_registration(z: Omgeving) -> None:
    """The rechtbank decides on a beroep: no task 'Beslissen op bezwaar'."""
    besloten(z)
    z.later(days=1)
    z.bericht("bezwaar", {"soort": "beroep"})
    case = z.doe("jet", "Bezwaar of beroep registreren", {"soort": "beroep"})
    assert case["status"] == "afgerond"
    assert not [t for t in z.taken("jet") if t["naam"] == TAAK]
    assert "de rechter beslist erover" in _uitleg(z, str(case["volgcode"]))


def _oud_met_bezwaar(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Omgeving:
    """A case on the model before this task, decided and with a bezwaar received, once the current model
    is deployed beside it."""
    oud = met_oud_model(platform, clock, locatie, MODEL_VOOR, monkeypatch)
    besloten(oud)
    oud.later(days=1)
    oud.bericht("bezwaar", {"soort": "bezwaar"})
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    return oud


def test_a_case_of_the_previous_version_keeps_it_and_one_migrated_gets_the_task(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = _oud_met_bezwaar(platform, clock, locatie, monkeypatch)
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == [oud.ref], result
    oud.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    assert oud.taak("jet", TAAK)["vervaldatum"] == "2026-05-26"


def test_a_case_left_on_the_previous_version_ends_at_the_registration_as_before(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = _oud_met_bezwaar(platform, clock, locatie, monkeypatch)
    case = oud.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    assert case["status"] == "afgerond" and not case.get("incident"), case.get("incident")
    assert (
        view.public_status(oud.p, str(case["volgcode"]))["status_tekst"]
        == "Besluit genomen, bezwaar in behandeling"
    )


def test_the_step_bar_says_the_bezwaar_is_being_handled_not_that_one_may_still_be_lodged(z: Omgeving) -> None:
    """While 'Beslissen op bezwaar' runs, the step bar's current phase explained the bezwaartermijn ("Wie het er
    niet mee eens is, kan binnen zes weken bezwaar maken ... Daarna is het besluit onherroepelijk"), for a
    case whose bezwaar was lodged and is being handled (review bezwaar14, left item)."""
    code = bezwaar_op_1_april(z)
    fase = view.public_status(z.p, code)["huidige_fase"]
    assert fase["naam"] == "Bezwaar of beroep in behandeling", fase
    assert "heroverweegt" in fase["uitleg"] and "binnen zes weken bezwaar maken" not in fase["uitleg"]
