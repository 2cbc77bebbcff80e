"""Plain term helpers used by the BPMN procedures."""

from __future__ import annotations

from datetime import date

import pytest

from processes.errors import ValidationError
from processes.termijnen import AtwKalender, termijn_na, waarschuwingsdatum, werkdagen_termijn


def test_termijn_na_weken(kalender: AtwKalender) -> None:
    assert termijn_na(date(2026, 3, 3), weken=6, kalender=kalender) == date(2026, 4, 14)
    # 13 Nov 2026 + 6 weeks = Friday 25 December -> Monday 28 December
    assert termijn_na(date(2026, 11, 13), weken=6, kalender=kalender) == date(2026, 12, 28)
    assert termijn_na(date(2026, 11, 13), weken=6, atw=False, kalender=kalender) == date(2026, 12, 25)


def test_termijn_na_maanden(kalender: AtwKalender) -> None:
    assert termijn_na(date(2026, 3, 31), maanden=1, kalender=kalender) == date(2026, 4, 30)
    assert termijn_na(date(2026, 8, 31), maanden=6, kalender=kalender) == date(2027, 3, 1)


def test_termijn_na_dagen_met_atw_artikel_2(kalender: AtwKalender) -> None:
    # ends on Sunday 27 Dec: art. 1 extends it to Monday 28, so art. 2 does not apply (review termijn11:
    # this said 29 Dec); ending on Monday 28 Dec with one working day in it, art. 2 extends it to the 29th
    assert termijn_na(date(2026, 12, 24), dagen=3, kalender=kalender) == date(2026, 12, 28)
    assert termijn_na(date(2026, 12, 24), dagen=4, kalender=kalender) == date(2026, 12, 29)
    assert termijn_na(date(2026, 12, 24), dagen=3, atw=False, kalender=kalender) == date(2026, 12, 27)
    assert termijn_na(date(2026, 3, 3), dagen=2, kalender=kalender) == date(2026, 3, 5)


def test_termijn_na_met_koninklijk_besluit(kb_kalender: AtwKalender) -> None:
    assert termijn_na(date(2026, 5, 1), weken=2, kalender=kb_kalender) == date(2026, 5, 18)


def test_termijn_na_standaardkalender() -> None:
    assert termijn_na(date(2026, 3, 30), weken=4) == date(2026, 4, 28)  # 27 April 2026 is Koningsdag


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"weken": 1, "dagen": 2}, {"dagen": -1}, {"weken": "2"}, {"maanden": True}],
)
def test_termijn_na_ongeldig(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as info:
        termijn_na(date(2026, 3, 3), **kwargs)  # type: ignore[arg-type]
    assert info.value.code == "ongeldige-termijn"


def test_werkdagen_termijn_netbeheerder(kalender: AtwKalender, kb_kalender: AtwKalender) -> None:
    # Koningsdag (Mon 27 April) and 5 mei (Tue) do not count
    assert werkdagen_termijn(date(2026, 4, 24), 10, kalender=kalender) == date(2026, 5, 12)
    # Hemelvaartsdag (Thu 14 May) does not count; with the fictional Royal Decree day Friday 15 May neither
    assert werkdagen_termijn(date(2026, 5, 13), 2, kalender=kalender) == date(2026, 5, 18)
    assert werkdagen_termijn(date(2026, 5, 13), 2, kalender=kb_kalender) == date(2026, 5, 19)
    assert werkdagen_termijn(date(2026, 12, 23), 3) == date(2026, 12, 29)


def test_werkdagen_termijn_ongeldig() -> None:
    with pytest.raises(ValidationError) as info:
        werkdagen_termijn(date(2026, 3, 3), -3)
    assert info.value.code == "ongeldig-aantal-werkdagen"


def test_waarschuwingsdatum(kalender: AtwKalender) -> None:
    assert waarschuwingsdatum(date(2026, 4, 28), kalender=kalender) == date(2026, 4, 14)
    assert waarschuwingsdatum(date(2026, 4, 28), 1, kalender=kalender) == date(2026, 4, 21)
    # two weeks before 20 April is Tweede Paasdag 6 April: warn on the working day before (2 April)
    assert waarschuwingsdatum(date(2026, 4, 20), weken=2, kalender=kalender) == date(2026, 4, 2)
    assert waarschuwingsdatum(date(2026, 5, 18)) == date(2026, 5, 4)


def test_waarschuwingsdatum_ongeldig() -> None:
    with pytest.raises(ValidationError) as info:
        waarschuwingsdatum(date(2026, 4, 28), weken=-1)
    assert info.value.code == "ongeldige-termijn"
