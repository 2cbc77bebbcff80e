"""A term that ends after the years whose equated days are published is provisional (review kalender 3).

The table of days a koninklijk besluit equates with a holiday (Atw art. 3 lid 3) ends in 2028. A beslistermijn
from 16 March 2029 ended on Friday 11 May 2029, the day after Hemelvaartsdag, and was shown as final, while
that Friday has been equated every year from 2023 to 2028: the date is probably a working day too early."""

from __future__ import annotations

from datetime import date

from processes.termijnen.beslistermijn import beslistermijn
from processes.termijnen.kalender import standaard_kalender
from processes.termijnen.staat import start_termijn


def test_the_shipped_table_covers_up_to_2028() -> None:
    kal = standaard_kalender()
    assert kal.vastgesteld_tot == 2028
    assert not kal.onzeker(date(2028, 12, 31)) and kal.onzeker(date(2029, 1, 1))


def test_a_term_ending_after_the_table_is_provisional_and_says_why() -> None:
    bt = beslistermijn(date(2029, 3, 16), "regulier", vandaag=date(2029, 3, 16))
    assert bt.uiterste_beslisdatum == date(2029, 5, 11) and bt.feestdagen_onzeker is True
    assert "na 2028 met een feestdag worden gelijkgesteld" in bt.stappen[-1]
    assert "na 2028" in bt.to_dict()["stappen"][-1]  # the calculator (CLI, API) shows the reason
    state = start_termijn("2029-03-16", "regulier", date(2029, 3, 16))
    assert state["voorlopig"] is True


def test_a_term_inside_the_table_is_not() -> None:
    bt = beslistermijn(date(2026, 3, 2), "regulier", vandaag=date(2026, 3, 2))
    assert bt.uiterste_beslisdatum == date(2026, 4, 28) and bt.feestdagen_onzeker is False
    assert start_termijn("2026-03-02", "regulier", date(2026, 3, 2))["voorlopig"] is False


def test_the_case_tells_why_the_date_is_provisional() -> None:
    """Review sessie8b 5: with the Atw reason alone, the case file said "de termijn is opgeschort"; the
    case's deadline information now names the holiday reason apart from an opschorting."""
    from processes.termijnen.staat import projectie

    info = projectie(start_termijn("2029-03-16", "regulier", date(2029, 3, 16)))
    assert info["deadline_info"]["voorlopig"] is True and info["deadline_info"]["feestdagen_onzeker"] is True
    assert info["opschorting"]["indicatie"] is False
    inside = projectie(start_termijn("2026-03-02", "regulier", date(2026, 3, 2)))
    assert inside["deadline_info"]["feestdagen_onzeker"] is False
