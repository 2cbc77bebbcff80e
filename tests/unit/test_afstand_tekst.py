"""Review gis18, finding 2: how a distance of the locatiecheck reads. The besluit rounded half to even
and to whole metres ("Afstand: 0 m" for a project 30 cm from Natura 2000, 2 m for 2,5 m), the case file
gave one decimal ("0,0 m" for 4 mm outside). One rule, processes.nederlands.afstand: below a metre
"minder dan 1 m", below 10 m to the centimetre, from 10 m whole metres, always rounded down (the text never
reaches the limit the conflict fell short of); a conflict the location lies in gives none."""

from __future__ import annotations

import pytest

from processes.nederlands import afstand, getal
from services.documents.besluit_overwegingen import conflicten
from services.store.models import CaseConflict
from tests.unit.gis.conftest import tiny_layers, tiny_rules  # noqa: F401 (fixtures)


@pytest.mark.parametrize(
    ("meter", "tekst"),
    [
        (0.0, "minder dan 1 m"),
        (0.004, "minder dan 1 m"),
        (0.3, "minder dan 1 m"),
        (0.5, "minder dan 1 m"),
        (0.999, "minder dan 1 m"),
        (1.0, "1 m"),
        (1.49, "1,49 m"),
        (1.499, "1,49 m"),
        (2.5, "2,5 m"),
        (9.999, "9,99 m"),
        (10.0, "10 m"),
        (257.71, "257 m"),
        (999.97, "999 m"),
        (1250.5, "1.250 m"),
    ],
)
def test_a_distance_reads_in_dutch(meter: float, tekst: str) -> None:
    assert afstand(meter) == tekst


def test_a_number_has_a_decimal_comma() -> None:
    assert getal(1234567.8, 1) == "1.234.567,8"
    assert getal(1.25, 2) == "1,25"
    assert getal(1.5, 2, kort=True) == "1,5"
    assert getal(2.0, 2, kort=True) == "2"
    assert getal(1500, 0) == "1.500"


def _conflict(regel: str, feature: str, afstand_m: float | None) -> CaseConflict:
    return CaseConflict(
        regel=regel,
        laag="natura2000",
        feature_id=feature,
        ernst="waarschuwing",
        afdeling="Provincie",
        beschrijving=f"Regel {regel}",
        bron="Wnb",
        afstand_m=afstand_m,
        intern=False,
        overschreven=False,
    )


def test_the_besluit_gives_distances_by_the_rule_and_none_for_a_location_inside() -> None:
    punten = conflicten(
        [
            _conflict("n2k-buffer", "1", 2.5),
            _conflict("n2k-buffer", "2", 0.3),
            _conflict("n2k-buffer", "3", 1250.5),
            _conflict("n2k-in", "1", None),  # a snijdt rule: the case stores no distance
        ]
    )
    by_rule = {p["regel"]: p["afstanden"] for p in punten}
    assert by_rule == {"n2k-buffer": "minder dan 1 m, 2,5 m en 1.250 m", "n2k-in": ""}


@pytest.mark.parametrize(
    ("meter", "afstand_m", "tekst"),
    [
        (1.497, 1.49, "1,49 m"),
        (1.4999, 1.49, "1,49 m"),
        (0.996, 0.99, "minder dan 1 m"),
        (50.0, 50.0, "50 m"),
    ],
)
def test_the_check_keeps_a_distance_rounded_down_so_its_text_never_reaches_the_limit(
    tiny_layers,  # noqa: F811 (fixture)
    tiny_rules,  # noqa: F811 (fixture)
    meter: float,
    afstand_m: float,
    tekst: str,
) -> None:
    """Review sessie18, F1: gis.report rounded a distance to the nearest centimetre before the case kept it,
    so 1,497 m from a feature (limit "binnen 1,5 m") was kept as 1,5 m and read "1,5 m", and 0,996 m as
    1,0 m, "1 m". The check now keeps distances rounded down (within floating-point noise: 50 m stays 50 m)."""
    from gis.api import check
    from tests.unit.gis.conftest import collection, feature, point

    # woning 0 stands at (150, 50) in tests/unit/gis/conftest.py; a windturbine ``meter`` east of it
    result = check(
        collection(feature(point(150 + meter, 50), "windturbine")), tiny_layers, tiny_rules, crs="EPSG:28992"
    )
    [hit] = [c for c in result["conflicten"] if c["regel"] == "r-afstand" and c["feature_id"] == 0]
    assert (hit["afstand_m"], afstand(hit["afstand_m"])) == (afstand_m, tekst)


def test_a_number_that_rounds_to_zero_has_no_minus() -> None:
    assert (getal(-0.001, 2, kort=True), getal(-0.004, 1), getal(-1.5, 1)) == ("0", "0,0", "-1,5")
