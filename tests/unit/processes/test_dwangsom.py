"""Dwangsom bij niet tijdig beslissen: term ended 28 April 2026, ingebrekestelling received 4 May 2026,
so the dwangsom runs from 18 May 2026 (day 1)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from processes.errors import ValidationError
from processes.termijnen import Dwangsom, DwangsomTarief, dwangsom
from processes.termijnen.dwangsom import met_telling

EINDE = date(2026, 4, 28)
INGEBREKESTELLING = date(2026, 5, 4)
START = date(2026, 5, 18)


def bereken(peildatum: date) -> Dwangsom:
    return dwangsom(INGEBREKESTELLING, peildatum, uiterste_beslisdatum=EINDE)


@pytest.mark.parametrize(
    ("dag", "bedrag"),
    [
        (1, 23),
        (10, 230),
        (14, 14 * 23),
        (15, 14 * 23 + 35),
        (20, 14 * 23 + 6 * 35),
        (28, 14 * 23 + 14 * 35),
        (29, 14 * 23 + 14 * 35 + 45),
        (41, 14 * 23 + 14 * 35 + 13 * 45),
        (42, 1442),
    ],
)
def test_bedrag_per_dag(dag: int, bedrag: int) -> None:
    resultaat = bereken(START + timedelta(days=dag - 1))
    assert resultaat.start == START
    assert resultaat.dagen == dag
    assert resultaat.bedrag_euro == bedrag
    assert resultaat.maximum_bereikt is (dag == 42)


@pytest.mark.parametrize("peildatum", [INGEBREKESTELLING, date(2026, 5, 10), date(2026, 5, 17)])
def test_voor_de_start_nog_niets(peildatum: date) -> None:
    resultaat = bereken(peildatum)
    assert (resultaat.dagen, resultaat.bedrag_euro, resultaat.maximum_bereikt) == (0, 0, False)
    assert resultaat.stappen[-1].endswith("nog geen dwangsom verschuldigd")


def test_na_42_dagen_begrensd() -> None:
    resultaat = bereken(date(2026, 9, 1))
    assert (resultaat.dagen, resultaat.bedrag_euro, resultaat.maximum_bereikt) == (42, 1442, True)
    assert (
        "Maximum van 42 dagen bereikt op 28 juni 2026; de dwangsom loopt niet verder op" in resultaat.stappen
    )


def test_stappen_dag_20() -> None:
    assert bereken(date(2026, 6, 6)).stappen == [
        "Beslistermijn verstreken na 28 april 2026",
        "Ingebrekestelling ontvangen op 4 mei 2026 (dag 0)",
        "Dwangsom verschuldigd vanaf 18 mei 2026 (14 dagen na ontvangst)",
        "14 dagen × € 23 = € 322",
        "6 dagen × € 35 = € 210",
        "Totaal t/m 6 juni 2026: 20 dagen, € 532",
    ]


def test_to_dict() -> None:
    data = json.loads(json.dumps(bereken(date(2026, 5, 27)).to_dict()))
    assert {k: v for k, v in data.items() if k != "stappen"} == {
        "ingebrekestelling_ontvangen": "2026-05-04",
        "peildatum": "2026-05-27",
        "uiterste_beslisdatum": "2026-04-28",
        "start": "2026-05-18",
        "dagen": 10,
        "bedrag_euro": 230,
        "maximum_bereikt": False,
    }
    assert len(data["stappen"]) == 5


@pytest.mark.parametrize("ontvangen", [date(2026, 4, 20), EINDE])
def test_ingebrekestelling_voor_of_op_de_laatste_dag_is_te_vroeg(ontvangen: date) -> None:
    with pytest.raises(ValidationError) as info:
        dwangsom(ontvangen, date(2026, 6, 1), uiterste_beslisdatum=EINDE)
    assert info.value.code == "ingebrekestelling-te-vroeg"
    assert "beslistermijn loopt nog" in info.value.detail


def test_peildatum_voor_ingebrekestelling() -> None:
    with pytest.raises(ValidationError) as info:
        bereken(date(2026, 5, 3))
    assert info.value.code == "peildatum-voor-ingebrekestelling"


def test_tarief_uit_data() -> None:
    from processes.termijnen.dwangsom import standaard_tarief

    assert standaard_tarief() == DwangsomTarief(
        wachttijd_dagen=14, max_dagen=42, schijven=((1, 23), (15, 35), (29, 45))
    )


def test_ander_tarief_kan_worden_meegegeven() -> None:
    tarief = DwangsomTarief(wachttijd_dagen=7, max_dagen=3, schijven=((1, 10), (3, 20), (5, 99)))
    resultaat = dwangsom(INGEBREKESTELLING, date(2026, 6, 30), uiterste_beslisdatum=EINDE, tarief=tarief)
    assert resultaat.start == date(2026, 5, 11)
    assert (resultaat.dagen, resultaat.bedrag_euro, resultaat.maximum_bereikt) == (3, 40, True)


def test_ongeldig_tarief() -> None:
    with pytest.raises(ValueError):
        DwangsomTarief(wachttijd_dagen=14, max_dagen=42, schijven=((2, 23),))


def _oud(stand: dict[str, Any]) -> dict[str, Any]:
    """``stand`` with its count as the code before f21b38b wrote an amount: "€ 1442", not "€ 1.442"."""
    return {**stand, "stappen": [s.replace("€ 1.442", "€ 1442") for s in stand["stappen"]]}


def test_een_opgeslagen_telling_leest_als_een_nieuwe() -> None:
    """A stand stored with "Totaal ...: 42 dagen, € 1442" reads its count from its numbers: "€ 1.442"."""
    nieuw = {
        **bereken(START + timedelta(days=50)).to_dict(),
        "status": "vastgesteld",
        "beschikking": {"x": 1},
    }
    oud = _oud(nieuw)
    assert oud["stappen"][-1].endswith("42 dagen, € 1442")
    assert met_telling(oud) == nieuw


def test_een_nieuwe_telling_blijft_zoals_zij_is() -> None:
    """met_telling is idempotent: migration 0043 may meet a stand written by the new code, or one it wrote."""
    nieuw = {**bereken(START + timedelta(days=50)).to_dict(), "status": "vastgesteld"}
    assert met_telling(nieuw) == nieuw
    assert met_telling(met_telling(_oud(nieuw))) == nieuw


@pytest.mark.parametrize(
    "anders",
    [
        {"bedrag_euro": 1400},  # counted by another tarief: its words are the only record of how
        {"dagen": 41},
        {"peildatum": None},  # no dates to count from
        {"ingebrekestelling_ontvangen": "geen datum"},
    ],
)
def test_een_telling_die_de_getallen_niet_opnieuw_geven_blijft_zoals_zij_is(
    anders: dict[str, Any],
) -> None:
    oud = {**_oud(bereken(START + timedelta(days=50)).to_dict()), **anders}
    assert met_telling(oud) == oud
