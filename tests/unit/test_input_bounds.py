"""The shared input bounds: ids from text (ASCII digits, at most ID_MAX) and the date range."""

from __future__ import annotations

from datetime import date

import pytest

from processes.errors import ValidationError
from processes.getallen import ID_MAX, als_id, cijfers
from processes.termijnen.datums import DATUM_MAX, DATUM_MIN, eis_bereik, lees_datum
from services.waits.heatmap import parse_period
from web.kaart.params import parse_date


@pytest.mark.parametrize("text", ["²", "٣", "1²", "", " 1", "+1", "-1", "1.0", str(ID_MAX + 1), "9" * 30])
def test_als_id_refuses_what_names_no_row(text):
    assert als_id(text) is None


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("42", 42), (str(ID_MAX), ID_MAX), (7, 7)])
def test_als_id_reads_ascii_digits_and_ints(value, expected):
    assert als_id(value) == expected


def test_als_id_refuses_bools_and_ints_out_of_range():
    assert als_id(True) is None and als_id(-1) is None and als_id(ID_MAX + 1) is None


def test_cijfers_bounds_by_its_maximum():
    assert cijfers("64", 64) == 64 and cijfers("65", 64) is None and cijfers("²", 64) is None


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "9999-01-01", "9999-12-31"])
def test_lees_datum_refuses_dates_outside_the_range(text):
    with pytest.raises(ValidationError) as info:
        lees_datum(text, "Ontvangstdatum")
    assert info.value.code == "ongeldige-datum"
    assert "Ontvangstdatum" in info.value.detail and "buiten het toegestane bereik" in info.value.detail


def test_the_range_edges_are_dates():
    assert lees_datum(DATUM_MIN.isoformat(), "x") == DATUM_MIN
    assert lees_datum(DATUM_MAX.isoformat(), "x") == DATUM_MAX
    assert eis_bereik(date(2026, 1, 1), "x") == date(2026, 1, 1)


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "9999-01-01"])
def test_kaart_dates_outside_the_range_are_refused(text):
    with pytest.raises(ValidationError) as info:
        parse_date(text, "mijlpaal_tot")
    assert info.value.code == "datum-ongeldig" and "mijlpaal_tot" in info.value.detail


@pytest.mark.parametrize(
    ("van", "tot"),
    [(None, "9999-12-31"), ("0001-01-01", "0001-01-05"), ("9999-12-30", None), (None, "0001-01-05")],
)
def test_heatmap_period_outside_the_range_is_refused(van, tot):
    with pytest.raises(ValidationError) as info:
        parse_period(van, tot, date(2026, 12, 4))
    assert info.value.code == "periode-ongeldig" and "buiten het toegestane bereik" in info.value.detail


def test_heatmap_default_start_stays_in_the_range():
    start, end = parse_period(None, "1900-03-01", date(2026, 12, 4))
    assert start < end and start.year in (1899, 1900)


def test_term_computations_refuse_a_date_object_out_of_range():
    from processes.termijnen.rechtsmiddelen import rechtsmiddelentermijn

    with pytest.raises(ValidationError) as info:
        rechtsmiddelentermijn("regulier", date(9999, 11, 20))
    assert info.value.code == "ongeldige-datum" and "buiten het toegestane bereik" in info.value.detail


def test_one_reading_of_an_iso_duration_for_the_bewaartermijn_and_the_catalogus() -> None:
    """The bewaartermijn (services.bewaren) and the ZGW catalogus comparison each had their own pattern."""
    from processes.termijnen.datums import iso_duur

    assert iso_duur("P18M") == iso_duur("P1Y6M") == (18, 0)
    assert iso_duur("P8W") == iso_duur("P56D") == (0, 56)
    assert iso_duur(" P5Y ") == (60, 0)
    for bad in ("P", "P1.5Y", "PT5H", "P1Y2H", "5Y", "", None, 5):
        assert iso_duur(bad) is None, bad
