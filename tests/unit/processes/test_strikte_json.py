"""processes.strikte_json: what the strict JSON reader refuses (API bodies, CLI options, a drawn location)."""

from __future__ import annotations

import pytest

from processes import strikte_json
from processes.errors import ValidationError


@pytest.mark.parametrize(
    "text", ["1e400", '{"a": -1E+999}', "[1" + "0" * 400 + ".5]"], ids=["1e400", "-1E+999", "401-cijfers"]
)
def test_a_number_beyond_a_floats_range_is_refused_as_infinity_is(text: str) -> None:
    """json.loads read 1e400 as infinity without asking parse_constant: the strict reader let it pass."""
    with pytest.raises(ValidationError) as err:
        strikte_json.loads(text)
    assert err.value.code == "json-ongeldig-getal"
    assert "buiten het bereik" in err.value.detail
    assert len(err.value.detail) < 200  # a long number is quoted in part


def test_large_small_and_ordinary_numbers_still_read() -> None:
    assert strikte_json.loads('{"a": 1.5e308, "b": 1e-400, "c": 2.5, "d": 10}') == {
        "a": 1.5e308,
        "b": 0.0,
        "c": 2.5,
        "d": 10,
    }


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    with pytest.raises(ValidationError) as err:
        strikte_json.loads(f"[{constant}]")
    assert err.value.code == "json-ongeldig-getal" and "alleen eindige getallen" in err.value.detail


@pytest.mark.parametrize(
    "text",
    ["1" * 4401, "[" + "1" * 4000 + "]", '{"a": -9007199254740992}', str(2**53)],
    ids=["4401-cijfers", "4000-cijfers", "-2^53", "2^53"],
)
def test_an_integer_beyond_what_json_holds_exactly_is_refused_by_name(text: str) -> None:
    """A 4,401-digit integer was refused as "geen geldige JSON (geen UTF-8)" (Python's digit limit, a
    ValueError, taken for a UnicodeDecodeError) and a 4,000-digit one was taken into ``gegevens``."""
    with pytest.raises(ValidationError) as err:
        strikte_json.loads(text)
    assert err.value.code == "json-ongeldig-getal", err.value.detail
    assert "buiten het bereik van een geheel getal" in err.value.detail and "UTF-8" not in err.value.detail
    assert "9007199254740991" in err.value.detail and len(err.value.detail) < 250


def test_the_largest_integers_json_holds_exactly_still_read() -> None:
    assert strikte_json.loads(f"[{2**53 - 1}, -{2**53 - 1}, 0, -0, 123456789]") == [
        2**53 - 1,
        -(2**53 - 1),
        0,
        0,
        123456789,
    ]


def test_bad_utf8_is_still_named_as_such() -> None:
    with pytest.raises(ValidationError) as err:
        strikte_json.loads(b'{"a": "\xff"}')
    assert err.value.code == "json-ongeldig" and "geen UTF-8" in err.value.detail


@pytest.mark.parametrize(
    ("text", "key"),
    [('{"proces": "omgevingsvergunning", "proces": "windpark"}', "proces"), ('{"a": {"b": 1, "b": 1}}', "b")],
)
def test_a_key_given_twice_in_one_object_is_refused(text: str, key: str) -> None:
    """Python kept the last of two equal keys: {"proces": "omgevingsvergunning", "proces": "windpark"}
    started a windpark."""
    with pytest.raises(ValidationError) as err:
        strikte_json.loads(text)
    assert err.value.code == "json-dubbel-veld" and f"'{key}' meer dan eens" in err.value.detail


def test_the_same_key_in_different_objects_is_fine() -> None:
    assert strikte_json.loads('[{"a": 1}, {"a": 2, "b": {"a": 3}}]') == [{"a": 1}, {"a": 2, "b": {"a": 3}}]
