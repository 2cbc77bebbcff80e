"""The address of a person's case after `zaken opschonen` (services.bewaren.adres; review avg13, finding 3):
the house number and toevoeging after a street go, the street, the place and other numbers stay; the
geometry becomes the 100 m cell of its centroid."""

from __future__ import annotations

import pytest
from shapely import wkt

from services.bewaren.adres import grof, grove_waarde, straten, zonder_huisnummer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Garage Beekstraat 4 (Wabo)", "Garage Beekstraat (Wabo)"),
        ("Dorpsstraat 12a, 7411 AB Ruimtedal", "Dorpsstraat, 7411 Ruimtedal"),
        ("Kerkstraat 12 A, Ruimtedal", "Kerkstraat, Ruimtedal"),
        ("Kerkstraat 12-2", "Kerkstraat"),
        ("Kerkstraat 12 - 14 te Ruimtedal", "Kerkstraat te Ruimtedal"),
        ("Schuur Dorpsstraat 12/3", "Schuur Dorpsstraat"),
        ("Van 't Hoffstraat 7bis", "Van 't Hoffstraat"),
        ("Verbouwing Markt 1", "Verbouwing Markt"),
        # not a house number: no street before it, or a number that goes on
        ("Woningbouw Esweg (12 woningen)", "Woningbouw Esweg (12 woningen)"),
        ("Beslistermijn verdaagd met 2 weken", "Beslistermijn verdaagd met 2 weken"),
        ("Windturbine 3 MW", "Windturbine 3 MW"),
        ("Leiding Dorpsstraat 1.5 km", "Leiding Dorpsstraat 1.5 km"),
        ("Bedrijfshal De Hoven 3", "Bedrijfshal De Hoven 3"),
    ],
)
def test_the_house_number_after_a_street_goes(text: str, expected: str) -> None:
    assert zonder_huisnummer(text) == expected


def test_a_street_of_the_location_is_one_whatever_its_name() -> None:
    learned = straten("De Hoven 3, weiland met 2 schuren")
    assert learned == {"Hoven"}  # a lowercase word before a number is no street
    assert zonder_huisnummer("Bedrijfshal De Hoven 3, verdaagd met 2 weken", learned) == (
        "Bedrijfshal De Hoven, verdaagd met 2 weken"
    )


def test_the_geometry_becomes_the_100_m_cell_of_its_centroid() -> None:
    plan = "POLYGON ((225230 448630, 225270 448630, 225270 448660, 225230 448660, 225230 448630))"
    assert wkt.loads(str(grof(plan))).bounds == (225200, 448600, 225300, 448700)
    assert wkt.loads(str(grof("POINT (225299.9 448600.1)"))).bounds == (225200, 448600, 225300, 448700)
    assert grof(None) is None and grof("geen geometrie") is None
    assert grove_waarde({"type": "Point", "coordinates": [225250, 448645]}) is None  # no coordinates stay
    assert grove_waarde("") == ""
