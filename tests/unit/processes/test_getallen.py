"""Dutch number notation in forms (issue 16.2): "€ 12.500" and "12.500,50" are amounts."""

from __future__ import annotations

import pytest

from processes.getallen import dutch_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("€ 12.500", 12500.0),
        ("12.500,50", 12500.5),
        ("12.500", 12500.0),  # dots that group three digits are thousands
        ("1.250.000", 1250000.0),
        ("EUR 7.250,-", 7250.0),
        ("12 500", 12500.0),
        ("4,2", 4.2),
        ("1.5", 1.5),  # a decimal point, not three digits after it
        ("-3", -3.0),
    ],
)
def test_dutch_notations_are_read(text, value):
    assert dutch_number(text) == value


@pytest.mark.parametrize("text", ["", "veel", "nan", "inf", "-Infinity", "1e400", "1e3", "1,000.5", "12..5"])
def test_anything_else_is_no_number(text):
    assert dutch_number(text) is None
