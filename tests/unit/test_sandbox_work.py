"""One C call that compares or hashes the items of nested containers, or builds a set or dict from many keys
that share a hash, cannot be interrupted by the CPU budget's watchdog: it is refused up front when it is
too much work (outside tester finding, brief sandboxc). Each runs a script the way the engine does."""

from __future__ import annotations

from typing import Any

import pytest

from services.engine import sandbox_work
from services.engine.sandbox_limits import MAX_COMPARE_WORK, ScriptLimitExceeded
from services.engine.sandbox_work import expanded_size
from tests.unit.sandbox_scripts import run_script

TOO_MUCH = "vraagt meer rekenwerk dan een script mag doen"
#: two equal but distinct lists of 1000 numbers; A and B share them 150 × 200 times: 3·10⁷ numbers to
#: compare, three times the cap (Python took 0.25 s for it; the tester's 1000 × 1000 took 9 s of CPU); Z
#: alternates A's and B's rows, so sorting it compares its rows number by number
NESTED = (
    "c = [i + 1000 for i in range(1000)]\nd = [i + 1000 for i in range(1000)]\n"
    "A = [[c] * 200] * 150\nB = [[d] * 200] * 150\nZ = [A[0], B[0]] * 150\n"
)
#: a tuple of 3·10⁷ numbers through three levels of shared tuples (Python does not cache a tuple's hash)
DEEP = "t0 = (1,) * 1000\nt1 = (t0,) * 100\nT = (t1,) * 300\n"
#: two equal but distinct texts of 10⁶ characters and ints of 999,000 bits, shared 5000 and 6000 times:
#: comparing the lists compares 5·10⁹ characters (0.1 s here; at 10⁷ copies, the cap on items, over three
#: minutes)
LONG = "s = 'a' * 10 ** 6\nt = 'a' * 10 ** 6\nn = (1 << 999_000) - 1\nm = (1 << 999_000) - 1\n"
#: 6000 unequal numbers that all hash to 0: a set of them compares some 1.8·10⁷ pairs
COLLIDING = "K = [k * (2 ** 61 - 1) for k in range(1, 6001)]\n"


@pytest.mark.parametrize(
    "source",
    [
        NESTED + "x = A == B",
        NESTED + "x = A != B",
        NESTED + "x = A < B",
        NESTED + "x = A >= B",
        NESTED + "x = [] < A == B",
        NESTED + "x = A[0] in B",
        NESTED + "x = A[0] not in B",
        NESTED + "x = B.index(A[0])",
        NESTED + "x = B.count(A[0])",
        NESTED + "x = list.count(B, A[0])",
        NESTED + "x = tuple(B).index(A[0])",
        NESTED + "B.remove(A[0])",
        NESTED + "x = max(Z)",
        NESTED + "x = min(A, B)",
        NESTED + "x = sorted(Z)",
        NESTED + "x = sorted(y for y in Z)",
        NESTED + "x = list(Z)\nx.sort()",
        NESTED + "def rij(i):\n    return Z[i]\nx = sorted(range(40), key=rij)",
        NESTED + "def rij(i):\n    return Z[i]\nx = list(range(40))\nx.sort(key=rij)",
        NESTED + "x = {1: A} == {1: B}",
        LONG + "x = [s] * 5000 == [t] * 5000",
        LONG + "x = [n] * 6000 <= [m] * 6000",
        LONG + "x = t in [s] * 5000",
        LONG + "x = ([s] * 5000).count(t)",
        LONG + "x = {(n,) * 6000}",
        DEEP + "x = {T}",
        DEEP + "x = {T: 1}",
        DEEP + "x = {}\nx[T] = 1",
        DEEP + "x = {}\nx.get(T)",
        DEEP + "x = {(1,): 2}[T]",
        DEEP + "x = T in set()",
        DEEP + "x = set()\nx.add(T)",
        DEEP + "x = set().intersection([T])",
        DEEP + "x = {t for t in [T]}",
        DEEP + "x = set([T])",
        COLLIDING + "x = set(K)",
        COLLIDING + "x = dict.fromkeys(K)",
        COLLIDING + "x = {*K}",
        COLLIDING + "x = dict(zip(K, K))",
        COLLIDING + "x = set().union(K)",
        COLLIDING + "x = {0}\nx.update(K)",
        COLLIDING + "x = {}\nx.update(zip(K, K))",
        COLLIDING + "x = set(K[:3000] + [k + 1 for k in K[:3000]])",
        COLLIDING + "x = set([K[0]] * 10 ** 5 + K[:200])",
        COLLIDING + "x = {}.keys() | K",
        COLLIDING + "x = K ^ {}.keys()",
        COLLIDING + "x = {}.keys()\nx |= K",
        COLLIDING + "x = K - {}.keys()",
        DEEP + "x = {}.keys() - [T]",
        DEEP + "x = {}.keys() & [T]",
        DEEP + "x = {1: 1}.keys().isdisjoint([T])",
    ],
)
def test_too_much_comparison_or_hashing_work_is_refused_up_front(source):
    """Each ran its whole work in one C call (0.1-0.3 s here, hours at the sizes the other caps allow)
    before the budget could stop it; now it is refused before it starts, well within the budget."""
    data: dict[str, Any] = {}
    error = run_script("exec", source, data, timeout=60, budget=5.0)
    # TOO_MUCH is the up-front guard's refusal (the CPU budget's says "rekentijd"): the work never started
    assert isinstance(error, ScriptLimitExceeded) and TOO_MUCH in str(error), error
    assert "rekentijd" not in str(error), error


def test_the_refusal_of_colliding_keys_says_what_was_too_much():
    error = run_script("eval", "set(K)", {"K": [k * (2**61 - 1) for k in range(1, 6001)]})
    assert isinstance(error, ScriptLimitExceeded)
    assert "6000 sleutels" in str(error) and "dezelfde hashwaarde" in str(error), error


def test_comparisons_lookups_sets_and_dicts_within_the_caps_work_as_in_python():
    script = """
a = [[1, 2], [3, 4]]
b = [[1, 2], [3, 4]]
r1 = a == b and not (a != b) and a <= b and [[1]] < [[2]] and (a > b) is False
r2 = [3, 4] in a and [5] not in a and 1 < 2 < 3 and not (3 < 2 < 1) and 0 <= len(a) < 5
t = (1, (2, 3))
d = {t: 'x', (4, 5): 'y'}
d[(6, 7)] = 'z'
del d[(4, 5)]
r3 = d[t] == 'x' and t in d and (6, 7) in d and d.get((6, 7)) == 'z' and (4, 5) not in d
s = {t, (1, 2)}
s.add((8, 9))
s.discard((1, 2))
r4 = s == {t, (8, 9)} and {x % 3 for x in range(10)} == {0, 1, 2} and {k: k * 2 for k in (1, 2)} == {1: 2, 2: 4}
namen = ['gemeente ' + str(i % 2) for i in range(20000)]
r5 = set(namen) == {'gemeente 0', 'gemeente 1'} and len(dict.fromkeys(namen)) == 2 and len({*namen}) == 2
gelijk = [(2 ** 61 - 1) * 3 + 0 * i for i in range(20000)]
veel = [k * (2 ** 61 - 1) for k in range(1, 51)]
r6 = len(set(gelijk)) == 1 and len(set(veel * 20)) == 50 and len(set([veel[0]] * 10 ** 5 + veel)) == 50
l = [[2], [1], [3]]
l.sort()
r7 = l == [[1], [2], [3]] and sorted([[2], [1]]) == [[1], [2]] and max([[1], [2]]) == [2] and min(3, 1, 2) == 1
r8 = l.index([2]) == 1 and l.count([3]) == 1 and list.count(l, [1]) == 1 and max([], default=0) == 0
l.remove([2])
r9 = l == [[1], [3]] and max(x for x in [[1], [5]]) == [5] and dict([(1, 2), (3, 4)]) == {1: 2, 3: 4}
r9 = r9 and sorted([[1, 2], [3]], key=len) == [[3], [1, 2]] and max([[1], [2, 3]], key=len) == [2, 3]
grid = [[0] * 1000] * 1000
r10 = {1: 2}.keys() - [1] == set() and {1: 2}.keys() & [1] == {1} and 6 & 3 == 2 and 7 - 5 == 2
r10 = r10 and {1: 2}.keys() | [3] == {1, 3} and {1: 2}.items() ^ [(1, 2)] == set() and 6 | 3 == 7 and 6 ^ 3 == 5
r10 = r10 and grid == grid and grid[0] in grid and set(range(10 ** 5)) == set(range(10 ** 5)) and {**d, 1: 2}[1] == 2
"""
    data: dict[str, Any] = {}
    assert run_script("exec", script, data, timeout=30, budget=5.0) is None
    assert all(data[f"r{i}"] is True for i in range(1, 11)), {k: v for k, v in data.items() if k[0] == "r"}


@pytest.mark.parametrize(
    ("expression", "error"),
    [("[1] < 2", TypeError), ("max([])", ValueError), ("dict([1])", TypeError), ("{[1]}", TypeError)],
)
def test_python_s_own_errors_stay(expression, error):
    assert isinstance(run_script("eval", expression, {}), error)


def test_expanded_size_counts_shared_items_as_often_as_they_occur_in_one_pass(monkeypatch):
    c = list(range(1000))
    nested = [[c] * 1000] * 1000
    reads: list[int] = []
    items = sandbox_work._nested_items
    monkeypatch.setattr(sandbox_work, "_nested_items", lambda node: reads.append(id(node)) or items(node))
    assert expanded_size(nested, limit=10**12) == 1000 + 1000 * (1000 + 1000 * 1000)
    assert len(reads) < 10, len(reads)  # the three distinct lists read, not 10⁶ rows
    monkeypatch.undo()
    assert expanded_size(nested) > MAX_COMPARE_WORK
    cycle: list[Any] = [1]
    cycle.append(cycle)
    assert expanded_size(cycle) == 3 and expanded_size(5) == 1 and expanded_size({(1, 2): [3]}) == 1 + 2 + 1


def test_sorted_still_names_a_too_large_result_as_before():
    """``sorted`` now checks its items' comparison work after collecting them; the size refusal keeps its words."""
    error = run_script("exec", "x = sorted(map(abs, range(10 ** 7)))", {}, timeout=30, budget=5.0)
    assert isinstance(error, ScriptLimitExceeded)
    assert str(error).startswith("Het resultaat van sorted() (meer dan"), error
