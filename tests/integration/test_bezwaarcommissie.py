"""An advisory bezwaarcommissie (Awb 7:13) in 'Beslissen op bezwaar': twelve weeks instead of six.

The task 'Beslissen op bezwaar' was due on the six-week day of Awb 7:10 lid 1 and offered no way to say
that a bezwaarcommissie advises, which makes the term twelve weeks: the officer could only defer by six
weeks (lid 3) or put it off with the indiener's consent (lid 4). Now the choice 'Bezwaarcommissie
adviseert' sets the day to the twelve-week day, once, while the six weeks run and before a verdaging; a
verdaging under lid 3 then adds six weeks to that day.

Dates: the bezwaartermijn ends on Monday 13 April 2026; six weeks: Tuesday 26 May (Tweede Pinksterdag
moves Monday 25 May); twelve weeks: Monday 6 July; six weeks after that: Monday 17 August.
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
from tests.integration.bezwaar_steps import bezwaar_op_1_april
from tests.integration.test_beslissen_op_bezwaar import TAAK
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie
COMMISSIE = {"actie": "bezwaarcommissie_adviseert"}
MODEL_VOOR = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "bpmn"
    / "omgevingsvergunning_voor_bezwaarcommissie.bpmn"
)


def _keuzes(z: Omgeving) -> list[str]:
    return list(z.taak("jet", TAAK)["formulier"]["properties"]["actie"]["enum"])


def test_a_bezwaarcommissie_makes_the_term_twelve_weeks_and_the_page_says_so(z: Omgeving) -> None:
    code = bezwaar_op_1_april(z)
    assert "bezwaarcommissie_adviseert" in _keuzes(z)
    assert "Bezwaarcommissie adviseert" in z.taak("jet", TAAK)["instructies"]
    z.op(datetime(2026, 5, 20, 8, 0, tzinfo=UTC))
    z.doe("jet", TAAK, COMMISSIE)
    assert z.taak("jet", TAAK)["vervaldatum"] == "2026-07-06"
    assert _keuzes(z) == ["beslissen", "verdagen"]  # once
    page = view.public_status(z.p, code)
    said = page["termijn"]["toelichting"]
    assert "de gemeente beslist uiterlijk op maandag 6 juli 2026 (bezwaarcommissie, artikel 7:13 Awb)" in said
    rm = page["termijn"]["rechtsmiddel"]["bezwaar"]
    assert rm["commissie"] is True and rm["beslissen_uiterlijk"] == "2026-07-06", rm
    assert any("bezwaarcommissie" in str(t) for t in page["tijdlijn"]), page["tijdlijn"]
    # a verdaging under lid 3 adds at most six weeks to the twelve-week day
    z.op(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    verdagen = {"actie": "verdagen", "verdaging_reden": "de commissie hoort nog een getuige"}
    fout = z.geweigerd(
        "bezwaar-verdaging-te-lang", lambda: z.doe("jet", TAAK, {**verdagen, "verdagen_tot": "2026-08-18"})
    )
    assert "uiterlijk tot en met maandag 17 augustus 2026" in fout.detail, fout.detail
    z.doe("jet", TAAK, {**verdagen, "verdagen_tot": "2026-08-17"})
    assert z.taak("jet", TAAK)["vervaldatum"] == "2026-08-17"
    said = view.public_status(z.p, code)["termijn"]["toelichting"]
    assert "Over het bezwaar adviseert een bezwaarcommissie (artikel 7:13 Awb)." in said, said
    assert "verdaagd (artikel 7:10 lid 3 Awb) en beslist erop uiterlijk op maandag 17 augustus 2026" in said


def test_a_bezwaarcommissie_after_the_six_weeks_or_a_verdaging_is_refused(z: Omgeving) -> None:
    bezwaar_op_1_april(z)
    z.op(datetime(2026, 5, 27, 8, 0, tzinfo=UTC))  # the six weeks ended on Tuesday 26 May
    fout = z.geweigerd("bezwaarcommissie-na-termijn", lambda: z.doe("jet", TAAK, COMMISSIE))
    assert fout.status == 422 and "tot en met de laatste dag van de termijn (26 mei 2026)" in fout.detail, (
        fout.detail
    )
    assert z.taak("jet", TAAK)["vervaldatum"] == "2026-05-26"


def test_after_a_verdaging_the_task_offers_no_bezwaarcommissie(z: Omgeving) -> None:
    bezwaar_op_1_april(z)
    z.op(datetime(2026, 5, 20, 8, 0, tzinfo=UTC))
    z.doe("jet", TAAK, {"actie": "verdagen", "verdagen_tot": "2026-07-06", "verdaging_reden": "advies nodig"})
    assert _keuzes(z) == ["beslissen", "verdagen"]
    z.geweigerd("formulier-ongeldig", lambda: z.doe("jet", TAAK, COMMISSIE))


def test_a_case_at_the_task_of_the_previous_version_gets_the_choice_when_migrated(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = met_oud_model(platform, clock, locatie, MODEL_VOOR, monkeypatch)
    bezwaar_op_1_april(oud)
    assert _keuzes(oud) == ["beslissen", "verdagen"]  # its version's form
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == [oud.ref], result
    assert "bezwaarcommissie_adviseert" in _keuzes(oud)
    oud.op(datetime(2026, 5, 20, 8, 0, tzinfo=UTC))
    oud.doe("jet", TAAK, COMMISSIE)
    assert oud.taak("jet", TAAK)["vervaldatum"] == "2026-07-06"
