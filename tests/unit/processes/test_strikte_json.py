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
