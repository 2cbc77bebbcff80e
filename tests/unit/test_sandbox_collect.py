"""Builtins that collect an iterable into a container (list, sorted, set, dict.fromkeys, [*x], sum of lists)
run in C, where the CPU budget cannot stop them: they are refused before they build too many items
(review of the sandbox, brief sandbox12). Each runs a script the way the engine does."""

from __future__ import annotations

import time
from types import MappingProxyType
from typing import Any

import pytest

from services.engine import context as step_context
from tests.unit.sandbox_scripts import run_script, sandbox_env, step_ctx

TOO_BIG = "groter dan een script mag maken"


def test_sum_of_lists_is_capped_like_their_addition():
    """``a + b`` of lists was capped, ``sum(lijsten, [])`` was not: 15 million items from three lists."""
    data: dict[str, Any] = {}
    error = run_script("exec", "x = sum([[0] * 5_000_000] * 3, [])", data, timeout=20)
    assert error is not None and TOO_BIG in str(error), error
    assert "x" not in data


def test_sum_of_many_small_lists_runs_in_one_pass():
    """Python's sum copies the whole result for every list it adds, in C where the budget cannot stop it:
    a hundred thousand one-item lists took some 15 s of CPU against a budget of 1 s."""
    data: dict[str, Any] = {}
    started = time.monotonic()
    assert (
        run_script("exec", "x = sum([[0]] * 10 ** 5, [])\ny = sum([(1,), (2,)], (0,))", data, timeout=60)
        is None
    )
    assert time.monotonic() - started < 5
    assert data["x"] == [0] * 10**5 and data["y"] == (0, 1, 2)


@pytest.mark.parametrize(
    "source",
    [
        "x = sorted(range(10 ** 7))",
        "x = list(range(10 ** 7))",
        "x = tuple(range(10 ** 7))",
        "x = set(range(10 ** 7))",
        "x = dict.fromkeys(range(10 ** 7))",
        "x = {}.fromkeys(range(10 ** 7))",
        "x = [*range(10 ** 7)]",
        "x = {*range(10 ** 7)}",
        "x = (*range(10 ** 7),)",
        "print(*range(10 ** 7))",
        "a, *x = range(10 ** 7)",
        "x = list(enumerate(range(10 ** 7)))",
        "x = dict(zip(range(10 ** 7), range(10 ** 7)))",
        "x = set().union(range(10 ** 7))",
        "x = [0, 1]\nx.extend(map(abs, range(10 ** 7)))",
        "x = [0] * 10 ** 7\nlist.extend(x, x)",
        "x = ''.join(map(str, range(10 ** 7)))",
    ],
)
def test_collecting_a_huge_range_or_iterator_is_refused_up_front(source):
    """These built ten million numbers or tuples (400 MB to 1.3 GB) before the CPU budget could stop them.
    With a budget of 5 s (the tests' default is 0,2 s) reading an iterator up to the cap fits in the budget."""
    data: dict[str, Any] = {}
    started = time.thread_time()
    # the size cap, not the 0,2 s time budget
    error = run_script("exec", source, data, timeout=30, budget=5.0)
    assert error is not None and TOO_BIG in str(error), error
    assert len(data.get("x", [])) <= 10**7  # what the script had before the refused line
    assert time.thread_time() - started < 10


def test_collecting_within_the_caps_works_as_in_python():
    mapping = MappingProxyType({"a": 1})  # a mapping that is no dict: dict() reads its keys
    data: dict[str, Any] = {"d": {"b": 2, "a": 1}, "paren": [("x", 1), ("y", 2)], "mapping": mapping}
    script = (
        "a = list(range(5))\nb = sorted(d, reverse=True)\nc = set([1, 1, 2])\ne = dict(paren, z=3)\n"
        "f = dict.fromkeys(['p', 'q'], 0)\ng = [*a, *'ab']\nh, *i = range(4)\nj = tuple(x for x in a if x)\n"
        "k = [0] * 10 ** 6\nl = list(k)\nm = isinstance(a, list) and isinstance(e, (tuple, dict))\n"
        "n = []\nlist.extend(n, range(3))\nn.extend(map(abs, [-1]))\no = '-'.join(map(str, a))\n"
        "p = sum(a) + sum([0.5], 1)\nq = c.union([3], (4,))\nfor r, *s in paren:\n    pass\n"
        "t = dict(mapping)\nu = {}\nu.update(mapping)\n"
    )
    with step_context.step(step_ctx()):
        sandbox_env().execute(script, data)
    assert (data["a"], data["b"], data["c"]) == ([0, 1, 2, 3, 4], ["b", "a"], {1, 2})
    assert (data["e"], data["f"]) == ({"x": 1, "y": 2, "z": 3}, {"p": 0, "q": 0})
    assert (data["g"], data["h"], data["i"], data["j"]) == (
        [0, 1, 2, 3, 4, "a", "b"],
        0,
        [1, 2, 3],
        (1, 2, 3, 4),
    )
    assert len(data["l"]) == 10**6 and data["m"] is True and data["n"] == [0, 1, 2, 1]
    assert data["t"] == data["u"] == {"a": 1}
    assert (data["o"], data["p"], data["q"], data["r"], data["s"]) == (
        "0-1-2-3-4",
        11.5,
        {1, 2, 3, 4},
        "y",
        [2],
    )


def test_sum_of_lists_and_other_values_fails_as_in_python():
    error = run_script("eval", "sum([[1], (2,)], [])", {})
    assert isinstance(error, TypeError) and "concatenate" in str(error)
