"""A refusal repeats what someone gave as plain Dutch text (processes.errors.shown and given), never as
Python's repr (review wup17 F4, api17 F6)."""

from __future__ import annotations

from typing import Any

import pytest

from processes import vergunning
from processes.errors import ValidationError, given, shown
from processes.termijnen.datums import eis_datum, eis_geheel_getal, lees_datum
from processes.vertrouwelijkheid import Vertrouwelijkheid


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("veel", "'veel'"),
        ("12", "'12'"),  # text that looks like a number reads as text (review sessie17)
        (" 4,2 ", "'4,2'"),
        (3, "3"),
        (2.5, "2.5"),
        (2.0, "2.0"),  # as written, not 2 (review sessie17)
        (True, "waar"),
        (False, "onwaar"),
        (None, "leeg"),
        (["a", 1], '["a", 1]'),
        ({"a": None}, '{"a": null}'),
        ("x" * 100, "'" + "x" * 57 + "…'"),
        ([1] * 40, ("[1" + ", 1" * 39 + "]")[:59] + "…"),
    ],
)
def test_a_value_is_shown_without_python_repr(value: Any, text: str) -> None:
    assert shown(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(None, "maar ontbreekt"), ("  ", "maar ontbreekt"), (0, "niet 0")]
)
def test_given_says_ontbreekt_for_nothing(value: Any, text: str) -> None:
    assert given(value) == text


@pytest.mark.parametrize(
    ("call", "detail"),
    [
        (
            lambda: eis_geheel_getal(None, "Het aantal weken", code="x", sleutel="weken"),
            "Het aantal weken moet een geheel getal zijn, maar ontbreekt.",
        ),
        (
            lambda: eis_datum(True, "De datum"),
            "De datum moet een datum zijn (geen tijdstip), niet waar.",
        ),
        (
            lambda: lees_datum(None, "De datum"),  # type: ignore[arg-type]
            "De datum: verwacht een datum als JJJJ-MM-DD, maar ontbreekt.",
        ),
        (
            lambda: Vertrouwelijkheid.lees(None),
            "De vertrouwelijkheidaanduiding moet een van openbaar, beperkt_openbaar, intern, zaakvertrouwelijk, "
            "vertrouwelijk, confidentieel, geheim, zeer_geheim zijn, maar ontbreekt.",
        ),
        (
            lambda: vergunning._bool({"mer_plichtig": "ja"}, "mer_plichtig", "MER-plichtig"),
            "MER-plichtig moet waar of onwaar zijn, niet 'ja'.",
        ),
    ],
)
def test_refusals_elsewhere_repeat_values_plainly(call: Any, detail: str) -> None:
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.detail == detail
    assert not {"None", "True", "False"} & set(detail.replace(".", " ").split())
