"""Numbers, shares and areas on the case page read the Dutch way (reviewer gis11 #5).

Before, a 0.41 % overlap with a building read "13,4 m² (0%)" and a 60 x 50 km project "3000000000,0 m²".
"""

from __future__ import annotations

import pytest

from web.faces.filters import getal, oppervlakte, percentage


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (0.0041, "0,4%"),
        (0.0004, "<0,1%"),
        (0.134, "13%"),
        (0.5, "50%"),
        (0.996, "99,6%"),
        (0.9999, ">99,9%"),
        (1.0, "100%"),
        (0, "0%"),
        (None, "—"),
    ],
)
def test_a_small_share_does_not_read_as_none(share, shown):
    assert percentage(share) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(13.4, "13,4"), (3_000_000_000.0, "3.000.000.000,0"), (12_345, "12.345"), (3, "3"), (None, "—")],
)
def test_numbers_have_dutch_thousands_separators(value, shown):
    assert getal(value) == shown


@pytest.mark.parametrize(
    ("m2", "shown"),
    [
        (13.4, "13,4 m²"),
        (9_876.5, "9.876,5 m²"),
        (12_000.0, "1,2 ha"),
        (999_999.0, "100 ha"),
        (3_000_000_000.0, "300.000 ha"),
        (None, "—"),
    ],
)
def test_an_area_is_in_square_metres_below_a_hectare_and_in_hectares_from_one(m2, shown):
    assert oppervlakte(m2) == shown


def test_the_filters_are_registered_for_the_templates():
    from flask import Flask

    from web.faces.filters import register_filters

    app = Flask(__name__)
    register_filters(app)
    rendered = app.jinja_env.from_string("{{ a|oppervlakte }} ({{ s|percentage }})").render(a=13.4, s=0.0041)
    assert rendered == "13,4 m² (0,4%)"
