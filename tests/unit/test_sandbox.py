"""The holes a tester found in the script sandbox (issue #10): frame escape, format leak, endless loop,
power bomb and other huge allocations, and print. Each runs a script the way the engine does."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from processes.errors import RuimteflowError
from services.engine import context as step_context
from services.engine.scripting import ScriptRefused
from tests.unit.sandbox_scripts import run_script, sandbox_env, step_ctx

FRAME_ESCAPE = """
def g():
    yield gen.gi_frame.f_back.f_back.f_globals
gen = g()
gl = next(gen)
imp = gl['__builtins__']['__import__']
cwd = imp('os').getcwd()
"""


def test_generator_frame_escape_is_refused():
    data: dict[str, Any] = {}
    error = run_script("exec", FRAME_ESCAPE, data)
    assert isinstance(error, ScriptRefused) and "gi_frame" in error.detail
    assert "cwd" not in data and "gl" not in data


@pytest.mark.parametrize(
    "source",
    [
        "gen = (i for i in [1])\nx = '{0.gi_frame.f_globals}'.format(gen)",
        "x = sjabloon.format(zaak)",
        "x = str.format('{0.gi_frame}', (i for i in [1]))",
        "x = sjabloon.format_map({'a': 1})",
        "gen = (i for i in [1])\nx = gen.gi_code",
        "x = verdubbel.func_globals",
        "x = str.mro()",
    ],
)
def test_format_leak_and_internal_attributes_are_refused(source):
    data: dict[str, Any] = {"sjabloon": "{0.gi_frame.f_globals}", "zaak": 1}
    error = run_script("exec", source, data)
    assert isinstance(error, ScriptRefused), error
    assert "x" not in data


@pytest.mark.parametrize(
    "source",
    [
        "while True:\n    pass",
        "while True: pass",
        "x = 0\nwhile True:\n    x = x + 1",
        # catching the stop does not help: it keeps stopping, and the run fails anyway
        "while True:\n    try:\n        while True:\n            pass\n    except Exception:\n        pass",
        "try:\n    while True:\n        pass\nexcept Exception:\n    klaar = True",  # swallowed: still fails
        "def f(n):\n    if n == 0:\n        return 1\n    return f(n - 1) + f(n - 1)\nx = f(60)",
    ],
)
def test_endless_loop_stops_within_the_budget(source):
    data: dict[str, Any] = {}
    started = time.thread_time()
    error = run_script("exec", source, data, timeout=20)
    assert error is not None and "rekentijd" in str(error), error
    assert isinstance(error, RuimteflowError) and error.status == 422
    assert time.thread_time() - started < 5  # the main thread waited; the budget bounds the script


def test_endless_comprehension_in_an_expression_stops():
    error = run_script("eval", "sum(1 for i in range(10**7) for j in range(10**7))", {}, timeout=20)
    assert error is not None and "rekentijd" in str(error)


@pytest.mark.parametrize(
    "source",
    [
        "10 ** 10 ** 6",
        "10 ** 10 ** 8",
        "pow(7, 10 ** 7)",
        "[0] * (10 ** 7 + 1)",
        "'ab' * (5 * 10 ** 6 + 1)",
        "1 << (10 ** 6 + 10)",
        "len(range(10 ** 12))",
        "f'{1:>20000}'",
        "'%20000d' % 1",
        "'x'.ljust(10 ** 7 + 1)",
        "('x' * 10 ** 6).replace('x', 'yyyyyyyyyyyy')",
        "('\\t' * 10 ** 6).expandtabs(1000)",  # review pentest 2: each tab grows to the tab size
        "('\\t' * 10 ** 6).expandtabs(tabsize=1000)",
        # review sessie10e 1: the same methods called through the type, bytes.replace, a list as table
        "str.ljust('', 10 ** 7 + 1)",
        "str.expandtabs('\\t' * 10 ** 6, 1000)",
        "str.replace('a' * 10 ** 6, 'a', 'b' * 50)",
        "str.join('b' * 50, 'a' * 10 ** 6)",
        "(b'a' * 10 ** 6).replace(b'a', b'b' * 50)",
        "('a' * 10 ** 6).translate(['b' * 50] * 128)",
        # a fixed factor of a text under the cap: case mappings, an escape encoding, hex with a separator
        "('\\u0390' * 4 * 10 ** 6).upper()",
        "str.upper('\\u0390' * 4 * 10 ** 6)",
        "('\\U0010ffff' * 2 * 10 ** 6).encode('unicode_escape')",
        "(b'a' * 5 * 10 ** 6).hex(':')",
    ],
)
def test_huge_results_are_refused_at_once(source):
    error = run_script("eval", source, {}, timeout=10)
    assert error is not None and "groter dan een script mag maken" in str(error), error


@pytest.mark.parametrize(
    "source",
    [
        # tester finding trust19 1: a modular power is one C call the watchdog cannot stop; these take one
        # to three seconds unchecked (the tester's 2 ** 100000 exponent a minute), and are refused before
        "pow(3, 2 ** 10000 - 1, 2 ** 10000 - 1)",
        "pow(3 ** 123457, -1, 2 ** 300000)",  # the modular inverse of a big modulus
    ],
)
def test_too_much_work_for_a_modular_power_is_refused_before_it_starts(source):
    error = run_script("eval", source, {}, timeout=10)
    assert error is not None and "De modulaire macht" in str(error), error
    assert "meer rekenwerk dan een script mag doen" in str(error)  # its result is small: the work is not


@pytest.mark.parametrize(
    "source",
    [
        "(10 ** 5000) ** 1000",  # the refusal named both numbers in digits: more than Python writes out
        "[1] * 10 ** 5000",
        "10 ** 5000 << 10 ** 7",
        "'a'.ljust(10 ** 5000)",  # review sessie19, 2: the width methods wrote the width out too
        "'a\\tb'.expandtabs(10 ** 5000)",
    ],
)
def test_a_refusal_names_a_huge_number_by_its_size(source):
    """A refused operation on a number of more than 4,300 digits ended in Python's own ValueError (English,
    'Exceeds the limit (4300 digits) for integer string conversion') instead of the size refusal."""
    error = run_script("eval", source, {}, budget=5.0)
    assert error is not None and "groter dan een script mag maken" in str(error), error
    assert "getal van 16610 bits" in str(error)


def test_modular_powers_of_ordinary_size_still_work():
    data: dict[str, Any] = {"m": 2**2048 - 159}
    source = "a = pow(2, 10, 7)\nb = pow(38, -1, 97)\nc = pow(65537, m - 2, m)\nd = pow(-3, 5, 11)"
    assert run_script("exec", source, data, budget=1.0) is None
    m = data["m"]
    assert (data["a"], data["b"], data["c"], data["d"]) == (2, 23, pow(65537, m - 2, m), pow(-3, 5, 11))


S = "s = 'a' * 10 ** 7\n"


@pytest.mark.parametrize(
    "source",
    [
        S + "t = f'{s}{s}'",
        S + "t = f'{s}{s!s}{s:>5}'",
        S + "t = '%s%s' % (s, s)",
        S + "t = '%(a)s%(a)s' % {'a': s}",
        S + "t = s.join(['', '', ''])",
        S + "t = ''.join([s, s])",
        S + "t = s.translate({97: 'bb'})",
        "x = [0, 1]\nx.extend(range(10 ** 7))",
    ],
    ids=[
        "fstring",
        "fstring-conversions",
        "percent",
        "percent-mapping",
        "join-separator",
        "join-items",
        "translate",
        "list-extend",
    ],
)
def test_growth_by_fstrings_percent_join_translate_and_extend_is_capped(source):
    """Tester finding: f-strings, %-formatting, str.join, str.translate and list.extend had no size cap:
    a four-line script built a string of a thousand million characters."""
    data: dict[str, Any] = {}
    error = run_script("exec", source, data, timeout=20)
    assert error is not None and "groter dan een script mag maken" in str(error), error
    assert "t" not in data


def test_small_case_mappings_encodings_and_hex_still_work():
    data: dict[str, Any] = {}
    source = "a = 'ΐ straße'.upper()\nb = 'é'.encode()\nc = 'é'.encode('unicode_escape')\nd = b'ab'.hex(':')"
    assert run_script("exec", source, data) is None
    expected = ("ΐ straße".upper(), "é".encode(), "é".encode("unicode_escape"), b"ab".hex(":"))
    assert (data["a"], data["b"], data["c"], data["d"]) == expected


def test_small_fstrings_joins_and_percent_still_work():
    data: dict[str, Any] = {"n": 3, "naam": "Esweg"}
    source = (
        "a = f'{naam}: {n:>3} {n!r} {{x}}'\nb = '-'.join(['a', 'b'])\nc = '%s/%d' % (naam, n)\nd = f'{n:{n}}'"
    )
    assert run_script("exec", source, data) is None
    assert (data["a"], data["b"], data["c"], data["d"]) == ("Esweg:   3 3 {x}", "a-b", "Esweg/3", "  3")


def test_in_place_growth_is_capped_too():
    error = run_script("exec", "x = [0] * 10 ** 6\nx *= 11", {})
    assert error is not None and "groter dan een script mag maken" in str(error)


def test_print_goes_to_the_case_log_of_the_step():
    data = {"a": 2}
    ctx = step_ctx()
    with step_context.step(ctx):
        sandbox_env().execute("print('berekend', a, verdubbel(a))\nprint('klaar')\nb = a + 1", data)
    assert data == {"a": 2, "b": 3}  # no print collector left in the task data
    logs = [(e["kind"], e["message"], e["public"]) for e in ctx.events]
    assert logs == [("scriptlog", "berekend 2 4", False), ("scriptlog", "klaar", False)]


def test_ordinary_scripts_still_work():
    data: dict[str, Any] = {"adviezen": [{"oordeel": "positief"}, {"oordeel": "negatief"}], "n": 3}
    script = (
        "totaal = 0\n"
        "for i, advies in enumerate(adviezen):\n"
        "    totaal += i\n"
        "positief = [a['oordeel'] for a in adviezen if a['oordeel'] == 'positief']\n"
        "eerste, tweede = adviezen\n"
        "samenvatting = {'aantal': len(adviezen)}\n"
        "samenvatting['tekst'] = f'{len(positief)} van {n:d} ' + 'positief'\n"
        "macht = 2 ** 10 * 3 << 1\n"
        "lijst = [0] * n\n"
        "lijst += [1]\n"
        "def kwadraat(x):\n"
        "    return x * x\n"
        "kw = kwadraat(n)\n"
        "opmaak = '%05.1f' % 2.5\n"
    )
    with step_context.step(step_ctx()):
        sandbox_env().execute(script, data)
    assert (
        data["totaal"] == 1 and data["positief"] == ["positief"] and data["eerste"]["oordeel"] == "positief"
    )
    assert data["samenvatting"] == {"aantal": 2, "tekst": "1 van 3 positief"}
    assert (data["macht"], data["lijst"], data["kw"], data["opmaak"]) == (6144, [0, 0, 0, 1], 9, "002.5")
    assert "kwadraat" not in data  # functions are removed from the task data, as before


def test_a_missing_attribute_is_an_error_as_in_python():
    error = run_script("eval", "x.bestaat_niet", {"x": "abc"})
    assert isinstance(error, AttributeError)


def test_the_budget_is_a_setting(monkeypatch):
    from services.config import Settings

    monkeypatch.setenv("RUIMTEFLOW_SCRIPT_CPU_SECONDS", "0.5")
    assert Settings.from_env().script_cpu_seconds == 0.5
    assert Settings().script_cpu_seconds == 1.0


def test_after_an_interrupted_script_the_thread_runs_on_undisturbed():
    """The watchdog's interruptions stop when the script ends: the thread's own code after it (the step's
    incident handling, the next request) is never interrupted."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        with step_context.step(step_ctx()):
            try:
                sandbox_env().execute("x = sum(map(sum, map(range, range(10 ** 7))))", {})
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcome["script"] = exc
        try:
            end = time.thread_time() + 0.4  # plain platform code, twice the script's budget
            while time.thread_time() < end:
                pass
            outcome["after"] = "ok"
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome["after"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive()
    assert "rekentijd" in str(outcome["script"]) and outcome["after"] == "ok", outcome


def test_an_interruption_that_lands_in_a_gc_callback_is_lost_not_an_error():
    """CI flake (fresh clone of 01dc960): the watchdog's asynchronous interruption landed in a weakref
    callback the garbage collector ran during a script (``WeakSet._remove``). Python reports an exception
    there as unraisable and goes on; the watchdog fires again the next interval, so the script is still
    stopped within its budget. pytest turned the unraisable report into a failure; the test settings
    now ignore such a report for the watchdog's ScriptInterrupted only."""
    import gc
    import weakref

    from services.engine.cpu_budget import ScriptInterrupted

    class Holder:
        pass

    held = Holder()

    def callback(_ref: object) -> None:
        raise ScriptInterrupted()

    ref = weakref.ref(held, callback)
    del held
    gc.collect()
    assert ref() is None
