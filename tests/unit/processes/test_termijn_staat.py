"""The term state stays bounded however many suspensions a case has, and gives the same term."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from processes.errors import Unprocessable, ValidationError
from processes.termijnen import beslistermijn, verdaging
from processes.termijnen import staat as t
from processes.termijnen.besluitbrief import FinalBesluit

START = date(2026, 1, 5)


def _cycles(
    n: int, *, dagen: int = 3, verdaging_na: int | None = None
) -> tuple[dict, list[tuple[date, date]]]:
    """A state after ``n`` request/supplement cycles, and the full list of suspension periods: each
    aanvulling comes ``dagen`` days after its request, so it stood still ``dagen - 1`` days (Awb 4:15 lid 1:
    from the day after the request up to the day of the aanvulling)."""
    s = t.start_termijn(START.isoformat(), "uitgebreid", START)
    dag, perioden = START, []
    for i in range(n):
        if verdaging_na == i:
            s = verdaging.verdaag(s, 6, dag, reden="advies")
        s = t.start_opschorting(s, 14, dag)
        dag += timedelta(days=dagen)
        s = t.einde_opschorting(s, dag.isoformat(), dag)
        perioden.append((dag - timedelta(days=dagen), dag))
    return s, perioden


@pytest.mark.parametrize("n", [1, t.OPSCHORTINGEN_IN_DETAIL, t.OPSCHORTINGEN_IN_DETAIL + 1, 40])
def test_folded_history_gives_the_same_term(n):
    s, perioden = _cycles(n)
    full = beslistermijn(START, "uitgebreid", opschortingen=perioden, vandaag=START + timedelta(days=3 * n))
    assert s["uiterste_beslisdatum"] == full.uiterste_beslisdatum.isoformat()
    assert s["opgeschorte_dagen"] == full.opgeschorte_dagen == 2 * n
    p = t.projectie(s)["opschorting"]
    assert p["opgeschorte_dagen"] == 2 * n
    shown = sum(x["dagen"] for x in p["periodes"]) + p.get("eerdere", {}).get("dagen", 0)
    assert shown == 2 * n


def test_state_and_explanation_stay_bounded():
    small, _ = _cycles(t.OPSCHORTINGEN_IN_DETAIL)
    big, _ = _cycles(60)
    assert len(big["opschortingen"]) == t.OPSCHORTINGEN_IN_DETAIL
    assert big["eerdere_opschortingen"]["aantal"] == 50
    assert (
        len(big["uitleg"]["stappen"]) <= len(small["uitleg"]["stappen"]) + 2
    )  # + the folded line, an Atw shift
    assert "50 eerdere perioden" in " ".join(big["uitleg"]["stappen"])
    assert t.projectie(big)["opschorting"]["eerdere"]["dagen"] == 100


def test_folded_history_still_refuses_an_overlap_and_keeps_a_verdaging():
    s, _ = _cycles(20, verdaging_na=5)
    assert s["verdaging"]["weken"] == 6
    laatste = s["opschortingen"][-1]
    with pytest.raises(ValidationError) as err:
        t.start_opschorting(s, 7, date.fromisoformat(laatste["tot"]), verzonden_op=START.isoformat())
    assert err.value.code == "opschorting-overlapt"


def test_a_verdaging_is_possible_exactly_while_verdaag_accepts_it():
    """Review20 F6: 'verdagen' was offered after the term had ended, while choosing it was refused. The
    offer asks the refusal's own rule: until the last day of the term as it stands, and only once."""
    s = t.start_termijn("2026-03-02", "regulier", date(2026, 3, 2))  # ends Tuesday 28 April 2026
    assert verdaging.verdaging_mogelijk(s, date(2026, 4, 28))
    assert not verdaging.verdaging_mogelijk(s, date(2026, 4, 29))
    with pytest.raises(ValidationError):
        verdaging.verdaag(s, 2, date(2026, 4, 29), reden="te laat")
    gevraagd = t.start_opschorting(s, 14, date(2026, 3, 4))
    opgeschort = t.einde_opschorting(gevraagd, "2026-03-10", date(2026, 3, 10))  # stood still 5 t/m 9 March
    assert opgeschort["uiterste_beslisdatum"] == "2026-05-04"  # 27 April + 5 days: Saturday 2 May (Atw)
    assert verdaging.verdaging_mogelijk(opgeschort, date(2026, 5, 4))
    assert not verdaging.verdaging_mogelijk(opgeschort, date(2026, 5, 5))
    verdaagd = verdaging.verdaag(s, 2, date(2026, 4, 1), reden="advies")
    assert not verdaging.verdaging_mogelijk(verdaagd, date(2026, 4, 2))


def test_no_verdaging_is_possible_once_the_besluit_letter_is_final():
    """The offer ('verdagen' in the keuzes) and the refusal ask one rule with the case's final letter: the
    choice was offered after 'Definitief maken' while choosing it was refused (verdaging-na-besluit)."""
    s = t.start_termijn("2026-03-02", "regulier", date(2026, 3, 2))  # ends Tuesday 28 April 2026
    brief = FinalBesluit(date(2026, 4, 14), date(2026, 4, 14), "verlenen", [], "Past.")
    assert verdaging.verdaging_mogelijk(s, date(2026, 4, 14))
    assert not verdaging.verdaging_mogelijk(s, date(2026, 4, 14), brief)
    with pytest.raises(Unprocessable) as err:
        verdaging.verdaag(s, 2, date(2026, 4, 14), reden="advies", besluit=brief)
    assert err.value.code == "verdaging-na-besluit"
    assert err.value.detail.startswith(
        "Het besluit ('verlenen') is al definitief gemaakt, met de besluitbrief van 14 april 2026; verdagen "
        "kan dan niet meer."
    )
