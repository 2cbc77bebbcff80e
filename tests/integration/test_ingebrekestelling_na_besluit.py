"""An ingebrekestelling between a late besluit's task and its letter dated ahead (left in the last notes as a
documented gap).

The term watch ended when the 'Besluit nemen' task was completed. A besluit is given when it is made known
by sending it (Awb 3:40, 3:41): with a verzenddatum ahead, the case is still late until then, and an
ingebrekestelling received in that gap is valid (Awb 4:17). It was refused (409 bericht-niet-verwacht).
Now it is taken and the dwangsom set at once: due from two weeks after its receipt (Awb 4:17 lid 3) up to
the day before the verzenddatum, so nothing when the letter is sent within those two weeks.

Dates as in test_omgevingsvergunning: the beslistermijn ends on Tuesday 28 April 2026. The besluit task is
completed on 5 May; the ingebrekestelling comes on 7 May, so a dwangsom is due from 21 May, EUR 23 a day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from processes.errors import RuimteflowError
from services import cases
from services.clock import FixedClock
from services.documents.besluit import BesluitInvoer, finalise_besluit
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_migration_postweek import met_oud_model, migreer
from tests.integration.test_omgevingsvergunning import ROOT, Omgeving

z, locatie = ov.z, ov.locatie

#: the permit model as shipped before this change (git show 68e9d6f:bpmn/omgevingsvergunning.bpmn)
MODEL_2026_12_05 = ROOT / "tests" / "fixtures" / "bpmn" / "omgevingsvergunning_2026-12-05.bpmn"
TAAK_OP = date(2026, 5, 5)
INGEBREKESTELLING_OP = datetime(2026, 5, 7, 9, 0, tzinfo=UTC)


def _public(case: dict[str, Any]) -> list[str]:
    return [e["tekst"] for e in case["tijdlijn"] if e["publiek"]]


def besloten_na_de_termijn(z: Omgeving, verzonden: date, taak_op: date = TAAK_OP) -> dict[str, Any]:
    """The besluit task completed on ``taak_op`` with a final letter dated ``taak_op`` and sent on
    ``verzonden``; no ingebrekestelling came before."""
    geadviseerd(z)
    return besluit_met_brief(z, verzonden, taak_op)


def geadviseerd(z: Omgeving) -> None:
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})


def besluit_met_brief(z: Omgeving, verzonden: date, taak_op: date = TAAK_OP) -> dict[str, Any]:
    z.op(datetime.combine(taak_op, time(9, 0), tzinfo=UTC))
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    invoer = BesluitInvoer(
        uitkomst="verlenen", motivering="Zie de overwegingen.", besluitdatum=taak_op, verzenddatum=verzonden
    )
    finalise_besluit(z.p, z.ref, "tom", invoer)
    taak = z.taak("tom", "Besluit nemen")
    cases.complete_task(z.p, taak["id"], "tom", {"besluit": "verlenen", "motivering": "Zie de overwegingen."})
    return z.zaak()


def test_an_ingebrekestelling_before_a_letter_sent_within_two_weeks_sets_no_dwangsom(z: Omgeving) -> None:
    besloten_na_de_termijn(z, date(2026, 5, 15))  # sent 10 days after the task
    z.op(INGEBREKESTELLING_OP)
    case = z.bericht("ingebrekestelling", {})
    dwangsom = case["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["ingebrekestelling_ontvangen"] == "2026-05-07"
    assert dwangsom["dagen"] == 0 and dwangsom["bedrag_euro"] == 0 and dwangsom["peildatum"] == "2026-05-14"
    public = _public(z.zaak())
    assert (
        "Ingebrekestelling ontvangen op 7 mei 2026. Het besluit is genomen, maar wordt pas op 15 mei 2026 "
        "verzonden; tot dan is het niet bekendgemaakt (Awb 3:40, 4:17)." in public
    ), public
    assert (
        "Het besluit wordt verzonden op 15 mei 2026, binnen twee weken na de ingebrekestelling: er is geen "
        "dwangsom verschuldigd (€ 0, 0 dagen; Awb 4:17 lid 3)." in public
    )
    assert case["fase"] == "bezwaar- en beroepstermijn" and case["status"] == "lopend"


def test_an_ingebrekestelling_before_a_letter_sent_later_sets_the_dwangsom_up_to_the_day_before(
    z: Omgeving,
) -> None:
    besloten_na_de_termijn(z, date(2026, 5, 25))  # sent 20 days after the task
    z.op(INGEBREKESTELLING_OP)
    case = z.bericht("ingebrekestelling", {})
    dwangsom = case["samenvatting"]["dwangsom"]
    # due from 21 May (7 May + 14 days) up to 24 May, the day before the verzenddatum: 4 days x EUR 23
    assert dwangsom["status"] == "vastgesteld" and dwangsom["start"] == "2026-05-21"
    assert dwangsom["peildatum"] == "2026-05-24" and dwangsom["dagen"] == 4 and dwangsom["bedrag_euro"] == 92
    assert (
        "Het besluit wordt verzonden op 25 mei 2026: de dwangsom wordt dan vastgesteld op € 92 (4 dagen)."
        in _public(z.zaak())
    )
    # a second one is not expected; nor is a withdrawal: the besluit is taken
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))
    with pytest.raises(RuimteflowError) as refused:
        z.bericht("intrekking", {})
    assert refused.value.code in ("bericht-niet-verwacht", "intrekking-na-besluit")
    # the bezwaar path after the besluit is unchanged: the term runs six weeks from the verzenddatum
    case = z.op(datetime(2026, 5, 26, 9, 0, tzinfo=UTC))
    assert case["wacht_op"] == "bezwaartermijn loopt tot en met 6 juli 2026"
    z.bericht("bezwaar", {"soort": "bezwaar"})
    assert z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})["status"] == "lopend"
    beslissing = {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-05-26"}
    assert z.doe("jet", "Beslissen op bezwaar", beslissing)["status"] == "afgerond"
    assert z.zaak()["samenvatting"]["dwangsom"]["bedrag_euro"] == 92


def test_once_the_letter_is_sent_an_ingebrekestelling_is_refused(z: Omgeving) -> None:
    besloten_na_de_termijn(z, date(2026, 5, 15))
    case = z.op(datetime(2026, 5, 14, 21, 0, tzinfo=UTC))  # 23:00 on 14 May, Dutch time: still the gap
    assert case["status"] == "lopend"
    z.op(datetime(2026, 5, 14, 22, 30, tzinfo=UTC))  # 00:30 on 15 May: the besluit is sent
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))
    assert not z.zaak()["samenvatting"].get("dwangsom")


def test_a_letter_sent_the_day_of_a_late_task_leaves_no_gap(z: Omgeving) -> None:
    besloten_na_de_termijn(z, TAAK_OP)
    z.op(INGEBREKESTELLING_OP)
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))


def test_before_the_term_ends_an_ingebrekestelling_after_the_besluit_stays_refused(z: Omgeving) -> None:
    """Within the term no ingebrekestelling is valid; after a besluit within it, none is expected."""
    besloten_na_de_termijn(z, date(2026, 4, 24), taak_op=date(2026, 4, 20))
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))


# -- a besluit task within the term, its letter sent after it (review sessie9 finding 2) --------------
# The task and the letter are done on 20 April (in the two weeks of the watch's warning) or 10 April
# (before it); the term ends on 28 April, so the besluit is not given before the verzenddatum. From the
# end of the term an ingebrekestelling is valid; on 30 April a dwangsom is due from 14 May.

IN_DE_TERMIJN = date(2026, 4, 20)
NA_DE_TERMIJN = datetime(2026, 4, 30, 9, 0, tzinfo=UTC)
TERMIJN_VERSTREKEN_25_MEI = (
    "De beslistermijn is op 28 april 2026 verstreken. Het besluit is genomen, maar wordt pas op 25 mei 2026 "
    "verzonden; tot dan is het niet bekendgemaakt (Awb 3:40). U kunt de gemeente schriftelijk in gebreke "
    "stellen; is het besluit twee weken daarna nog niet verzonden, dan is een dwangsom verschuldigd (Awb 4:17)."
)


@pytest.mark.parametrize("taak_op", [IN_DE_TERMIJN, date(2026, 4, 10)], ids=["na-waarschuwing", "ervoor"])
def test_a_besluit_within_the_term_sent_after_it_takes_an_ingebrekestelling_after_the_term(
    z: Omgeving, taak_op: date
) -> None:
    besloten_na_de_termijn(z, date(2026, 5, 25), taak_op=taak_op)
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))  # the term still runs: not valid
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))
    case = z.op(datetime(2026, 4, 28, 21, 0, tzinfo=UTC))  # 23:00 on 28 April, Dutch time: the last day
    assert TERMIJN_VERSTREKEN_25_MEI not in _public(case)
    case = z.op(NA_DE_TERMIJN)
    assert TERMIJN_VERSTREKEN_25_MEI in _public(case) and case["te_laat"] is True
    case = z.bericht("ingebrekestelling", {})
    dwangsom = case["samenvatting"]["dwangsom"]
    # due from 14 May (30 April + 14 days) up to 24 May, the day before the verzenddatum: 11 days x EUR 23
    assert dwangsom["status"] == "vastgesteld" and dwangsom["ingebrekestelling_ontvangen"] == "2026-04-30"
    assert dwangsom["start"] == "2026-05-14" and dwangsom["peildatum"] == "2026-05-24"
    assert dwangsom["dagen"] == 11 and dwangsom["bedrag_euro"] == 253
    # set with the besluit on its verzenddatum, not on 30 April before the days it covers (Awb 4:18)
    assert dwangsom["beschikking"]["datum"] == "2026-05-25"
    public = _public(z.zaak())
    assert (
        "Ingebrekestelling ontvangen op 30 april 2026. Het besluit is genomen, maar wordt pas op 25 mei 2026 "
        "verzonden; tot dan is het niet bekendgemaakt (Awb 3:40, 4:17)." in public
    ), public
    assert (
        "Het besluit wordt verzonden op 25 mei 2026: de dwangsom wordt dan vastgesteld op € 253 (11 dagen)."
        in public
    )
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))  # one is enough
    case = z.op(datetime(2026, 5, 26, 9, 0, tzinfo=UTC))
    assert case["wacht_op"] == "bezwaartermijn loopt tot en met 6 juli 2026"
    assert case["samenvatting"]["dwangsom"]["bedrag_euro"] == 253


def test_a_besluit_within_the_term_sent_within_two_weeks_after_the_ingebrekestelling_costs_nothing(
    z: Omgeving,
) -> None:
    besloten_na_de_termijn(z, date(2026, 5, 5), taak_op=IN_DE_TERMIJN)
    z.op(NA_DE_TERMIJN)
    dwangsom = z.bericht("ingebrekestelling", {})["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 0 and dwangsom["bedrag_euro"] == 0
    assert (
        "Het besluit wordt verzonden op 5 mei 2026, binnen twee weken na de ingebrekestelling: er is geen "
        "dwangsom verschuldigd (€ 0, 0 dagen; Awb 4:17 lid 3)." in _public(z.zaak())
    )
    z.op(datetime(2026, 5, 4, 22, 30, tzinfo=UTC))  # 00:30 on 5 May: sent, the watch has ended
    case = z.zaak()
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    assert case["wacht_op"] == "het besluit wordt vandaag verzonden"  # the term from the day after (Awb 6:8)
    assert z.later(days=1)["wacht_op"] == "bezwaartermijn loopt tot en met 16 juni 2026"


def test_a_besluit_within_the_term_sent_after_it_ends_the_watch_on_the_verzenddatum(z: Omgeving) -> None:
    besloten_na_de_termijn(z, date(2026, 5, 25), taak_op=IN_DE_TERMIJN)
    z.op(datetime(2026, 5, 24, 21, 0, tzinfo=UTC))  # 23:00 on 24 May: still not sent
    z.op(datetime(2026, 5, 24, 22, 30, tzinfo=UTC))  # 00:30 on 25 May: sent
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))
    assert not z.zaak()["samenvatting"].get("dwangsom")


def test_a_besluit_sent_within_the_term_leaves_no_ingebrekestelling_after_it(z: Omgeving) -> None:
    besloten_na_de_termijn(z, date(2026, 4, 28), taak_op=IN_DE_TERMIJN)  # sent on the term's last day
    case = z.op(NA_DE_TERMIJN)
    assert not any("beslistermijn is op 28 april 2026 verstreken" in t for t in _public(case))
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))


def test_a_wabo_case_is_not_watched_past_its_besluit_within_the_term(z: Omgeving) -> None:
    """A Wabo case whose term passes ends in a vergunning van rechtswege, not a dwangsom (Awb 4:20a); what a
    letter sent after the term means there is left to the officer, as before."""
    z.clock.set(datetime(2023, 10, 2, 9, 0, tzinfo=UTC))  # the term ends on Monday 27 November 2023
    z.start(regime="wabo")
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    besluit_met_brief(z, date(2023, 12, 11), date(2023, 11, 20))
    case = z.op(datetime(2023, 11, 29, 9, 0, tzinfo=UTC))
    assert not any("verstreken" in t for t in _public(case)) and not case.get("incident")
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {}))


# -- cases of the previous model version -------------------------------------------------------------


@pytest.fixture
def oud(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Omgeving:
    return met_oud_model(platform, clock, locatie, MODEL_2026_12_05, monkeypatch)


def test_a_late_case_migrated_before_its_besluit_takes_the_ingebrekestelling_in_the_gap(
    oud: Omgeving,
) -> None:
    geadviseerd(oud)
    oud.op(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))  # late, waiting for the besluit
    migreer(oud)
    besluit_met_brief(oud, date(2026, 5, 25))
    oud.op(INGEBREKESTELLING_OP)
    dwangsom = oud.bericht("ingebrekestelling", {})["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 4 and dwangsom["bedrag_euro"] == 92


def test_a_case_migrated_in_the_gap_goes_on_to_the_bezwaar_term(oud: Omgeving) -> None:
    """Under the previous version the watch ended with the besluit task: such a case migrates (nothing
    it went through is lost) but has no wait to revive, so an ingebrekestelling stays refused there."""
    besloten_na_de_termijn(oud, date(2026, 5, 25))
    oud.op(datetime(2026, 5, 6, 9, 0, tzinfo=UTC))
    migreer(oud)
    oud.op(INGEBREKESTELLING_OP)
    oud.geweigerd("bericht-niet-verwacht", lambda: oud.bericht("ingebrekestelling", {}))
    case = oud.op(datetime(2026, 5, 26, 9, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    assert case["wacht_op"] == "bezwaartermijn loopt tot en met 6 juli 2026"
    case = oud.op(datetime(2026, 7, 14, 9, 0, tzinfo=UTC))  # after the post week (Awb 6:9 lid 2)
    assert (
        case["status"] == "afgerond"
        and case["samenvatting"]["resultaat"] == "vergunning verleend; onherroepelijk"
    )


# -- cases of the model before the watch went on past a besluit within the term ---------------------------

#: the permit model before a besluit within the term sent after it was watched (git show eac49ac:bpmn/...)
MODEL_2026_12_05B = ROOT / "tests" / "fixtures" / "bpmn" / "omgevingsvergunning_2026-12-05b.bpmn"


@pytest.fixture
def oud_b(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Omgeving:
    return met_oud_model(platform, clock, locatie, MODEL_2026_12_05B, monkeypatch)


@pytest.mark.parametrize(
    "gemigreerd_op", [date(2026, 4, 10), date(2026, 4, 16)], ids=["wacht", "waarschuwing"]
)
def test_a_case_migrated_before_its_besluit_within_the_term_takes_the_ingebrekestelling_after_it(
    oud_b: Omgeving, gemigreerd_op: date
) -> None:
    geadviseerd(oud_b)
    case = oud_b.op(datetime.combine(gemigreerd_op, time(9, 0), tzinfo=UTC))
    assert bool(oud_b.waarschuwingen()) == (gemigreerd_op >= date(2026, 4, 14)), case
    migreer(oud_b)
    besluit_met_brief(oud_b, date(2026, 5, 25), IN_DE_TERMIJN)
    oud_b.op(NA_DE_TERMIJN)
    dwangsom = oud_b.bericht("ingebrekestelling", {})["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 11 and dwangsom["bedrag_euro"] == 253


def test_a_case_migrated_after_its_besluit_within_the_term_keeps_the_ended_watch(oud_b: Omgeving) -> None:
    """Under the previous version the watch ended with the besluit task within the term: such a case
    migrates but has no wait to revive, so an ingebrekestelling after the term stays refused there."""
    besloten_na_de_termijn(oud_b, date(2026, 5, 25), taak_op=IN_DE_TERMIJN)
    oud_b.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    migreer(oud_b)
    oud_b.op(NA_DE_TERMIJN)
    oud_b.geweigerd("bericht-niet-verwacht", lambda: oud_b.bericht("ingebrekestelling", {}))
    case = oud_b.op(datetime(2026, 5, 26, 9, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    assert case["wacht_op"] == "bezwaartermijn loopt tot en met 6 juli 2026"
