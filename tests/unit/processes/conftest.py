from __future__ import annotations

from datetime import date

import pytest

from processes.termijnen import AtwKalender, TermijnInstellingen

# A FICTIONAL Royal Decree table, for tests only (the shipped table holds the real besluiten; the
# calculator tests here run on an empty table or on this one, so that they do not change with a besluit).
FICTIEVE_KB_DAGEN = [
    {"datum": date(2026, 5, 15), "naam": "Vrijdag na Hemelvaartsdag (fictief testvoorbeeld)"},
    {"datum": date(2026, 12, 28), "naam": "Maandag na Kerst (fictief testvoorbeeld)"},
]


@pytest.fixture
def kalender() -> AtwKalender:
    return AtwKalender.uit_data(bij_koninklijk_besluit=[])


@pytest.fixture
def kb_kalender() -> AtwKalender:
    return AtwKalender.uit_data(bij_koninklijk_besluit=FICTIEVE_KB_DAGEN)


@pytest.fixture
def instellingen(kalender: AtwKalender) -> TermijnInstellingen:
    return TermijnInstellingen.standaard(kalender=kalender)
