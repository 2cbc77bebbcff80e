"""Review finding (sessie 11): the text of a CONTAINER had no size cap in scripts. ``str(x)``, an f-string
field, ``'%s' % x``, ``print(x)`` of a list of a million short texts, or of a list sharing a near-cap text,
built a text of many times the cap (``'\\x00'`` reprs at 4x) before anything measured it; an error raised
with such a value was turned into text by the platform. Each runs a script the way the engine does."""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest

from services.engine.sandbox_repr import text_size
from tests.unit.sandbox_scripts import run_script

TOO_BIG = "groter dan een script mag maken"
MANY = "L = ['abcdefghi'] * 10 ** 6\n"  # 8 MB of references, a text of 13 million characters
SHARED = "s = 'a' * 9 * 10 ** 6\n"
ZEROS = "z = '\\x00' * 3 * 10 ** 6\n"  # its repr is 12 million characters
#: CPU seconds for these scripts: they test the size cap, not the time budget, and building a list of a
#: million texts took more than the suite's 0,2 s on a slow machine (the time budget then ended it first)
SIZE_BUDGET = 5.0


@pytest.mark.parametrize(
    "source",
    [
        MANY + "t = str(L)",
        MANY + "t = f'{L}'",
        MANY + "t = f'{L!r}'",
        MANY + "t = '%s' % (L,)",
        MANY + "t = '%s' % L",
        MANY + "print(L)",
        MANY + "t = sorted(map(str, [L]))",
        SHARED + "t = str([s, s])",
        SHARED + "t = str({'a': s, 'b': (s,)})",
        ZEROS + "t = f'{z!r}'",
        ZEROS + "t = '%r' % (z,)",
        ZEROS + "t = str([z])",
        "d = dict.fromkeys(range(10 ** 5), 'a' * 100)\nt = str(d.items())",
        SHARED + "print(s, sep=[s, s])",
    ],
)
def test_the_text_of_a_value_is_capped(source):
    data: dict[str, Any] = {}
    error = run_script("exec", source, data, timeout=20, budget=SIZE_BUDGET)
    assert error is not None and TOO_BIG in str(error), error
    assert "t" not in data


@pytest.mark.parametrize(
    "source",
    [
        SHARED + "t = str([s] * 50)",
        SHARED + "t = f'{[s] * 50}'",
        SHARED + "t = '%s' % ([s] * 50,)",
        SHARED + "print([s] * 50)",
        SHARED + "t = ''.join(x for x in [s] * 50)",
        # review sessie11: the keyword form of str() and a %-key with parentheses passed the measuring
        SHARED + "t = str(object=[s] * 50)",
        "b = b'\\xff' * 3 * 10 ** 6\nt = str(b, 'utf-8', 'backslashreplace')",
        "b = b'\\xff' * 3 * 10 ** 6\nt = str(object=b, encoding='utf-8', errors='backslashreplace')",
    ],
)
def test_a_too_big_text_is_refused_before_it_is_built(source):
    """A list of 50 references to one 9-million-character text: its text (450 million characters) is
    refused without being built; the script's memory stays near the one text it has."""
    tracemalloc.start()
    try:
        error = run_script("exec", source, {}, timeout=30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error is not None and TOO_BIG in str(error), error
    assert peak < 60_000_000, peak


def test_a_percent_key_with_parentheses_is_refused():
    """Review sessie11: Python reads ``'%((a))s'`` as the key ``(a)`` (it counts parentheses), the size
    guard read ``(a``, found no value and measured 4 characters: a 13-million-character text was built.
    Such a key is refused before anything is formatted."""
    data: dict[str, Any] = {}
    error = run_script("exec", MANY + "t = '%((a))s' % {'(a)': L}", data, timeout=20)
    assert error is not None and "sleutel met haakjes" in str(error), error
    assert "t" not in data
    assert run_script("exec", "t = '%(a)s-%(b)r' % {'a': 1, 'b': 'x'}", data) is None and data["t"] == "1-'x'"


def test_printing_many_big_texts_keeps_only_the_logged_part():
    """``print(*[s] * 50)`` joined its 50 texts into one line of 450 million characters; only the first
    10,000 go to the case log, so the rest is now counted, not built."""
    tracemalloc.start()
    try:
        error = run_script("exec", SHARED + "print(*([s] * 50))", {}, timeout=30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error is None and peak < 60_000_000, (error, peak)


@pytest.mark.parametrize(
    "source",
    [
        SHARED + "raise ValueError([s] * 50)",
        SHARED + "d = {}\nx = d[tuple([s] * 50)]",
        SHARED + "x = [1].index([s] * 50)",
        "x = float('\\x00' * 5 * 10 ** 6)",
    ],
)
def test_an_error_never_carries_a_too_big_text(source):
    """A script's error is written out as text (the incident); Python's own 'x is not in list' and
    'could not convert string to float' errors hold the repr of x."""
    tracemalloc.start()
    try:
        error = run_script("exec", source, {}, timeout=30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error is not None and len(str(error)) < 200, type(error)  # the limit, or index()'s short error
    assert TOO_BIG in str(error) or "not in sequence" in str(error), error
    assert peak < 60_000_000, peak


def test_a_huge_value_is_still_found_by_index():
    """The huge list stays inside the script (a function's local): since scriptout a task-data name may hold
    at most 10^7 characters as text when the script ends, and this test is about index(), not storing."""
    data: dict[str, Any] = {}
    source = (
        "def zoek():\n    s = 'a' * 9 * 10 ** 6\n    L = [1, [s] * 50]\n    return L.index(L[1])\nx = zoek()"
    )
    assert run_script("exec", source, data) is None
    assert data["x"] == 1


def test_ordinary_conversions_are_unchanged():
    data: dict[str, Any] = {"zaak": {"nummer": 7, "namen": ["Esweg", "it's"], "x": None}}
    source = (
        "a = str(zaak)\nb = f'{zaak}|{zaak!r}|{zaak!a}|{[1.5, True]}'\nc = '%s %r' % (zaak['namen'], 'é')\n"
        "d = isinstance('x', str) and not isinstance(1, str) and isinstance(1.5, float)\n"
        "e = str.upper('abc') + str(b'x', 'ascii') + str(7) + str()\nf = float('2.5') + float(1)\n"
        "g = ', '.join(str(n) for n in range(3))\nh = sorted([3, 1, 2], key=str)\nprint(zaak, 'klaar', sep='; ')"
    )
    assert run_script("exec", source, data) is None
    zaak = data["zaak"]
    assert data["a"] == str(zaak) and data["b"] == f"{zaak}|{zaak!r}|{zaak!a}|[1.5, True]"
    assert data["c"] == "['Esweg', \"it's\"] 'é'" and data["d"] is True
    assert (data["e"], data["f"], data["g"], data["h"]) == ("ABCx7", 3.5, "0, 1, 2", [1, 2, 3])


@pytest.mark.parametrize(
    "value",
    [
        [],
        (1,),
        {"a": [1, (2,)], 3: {4: "b"}},
        {1, 2},
        frozenset(),
        ["it's", 'say "hi"', "both ' and \"", "a\\b", "nl\n", "\x00\u0390\U0010ffff", "é"],
        {}.keys(),
        {1: "a", "b": (2, 3)}.items(),
        ["x\n" * 40_000, "'" * 70_000],
        [b"x" * 70_000 + b"\xff"],
        ValueError("x", [1]),
    ],
)
def test_the_measured_size_is_the_length_or_just_over(value):
    for conversion, convert in (("s", str), ("r", repr), ("a", ascii)):
        real = len(convert(value))
        assert real <= text_size(value, conversion) <= real + max(16, real // 100)


def test_a_cycle_is_measured_as_repr_writes_it():
    a: list[Any] = [1]
    a.append(a)
    assert text_size([a, a], "r") == len(repr([a, a]))
