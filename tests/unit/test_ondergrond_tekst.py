"""Review gis18, finding 3: the wijkanalyse's conflict of a heat route near a drinking-water main read
"op 1.25 m van drinkwaterleiding 'DWL 1' (minimaal 1.5 m)", a decimal point in Dutch text."""

from __future__ import annotations

from services.domain.energie_warmte import _ondergrond_conflict


def test_the_distance_to_a_drinking_water_main_has_a_decimal_comma() -> None:
    c = {"warmteleiding": "WL 1", "drinkwaterleiding": "DWL 1", "afstand_m": 1.25, "minimum_m": 1.5}
    tekst = _ondergrond_conflict(0, c)["beschrijving"]
    assert "op 1,25 m van drinkwaterleiding 'DWL 1' (minimaal 1,5 m)." in tekst
    whole = _ondergrond_conflict(0, {**c, "afstand_m": 1.0, "minimum_m": 2})["beschrijving"]
    assert "op 1 m van drinkwaterleiding 'DWL 1' (minimaal 2 m)." in whole
