"""The script sandbox: allowed helpers work, escapes are refused before they run."""

from __future__ import annotations

import pytest

from services.engine.scripting import RestrictedEnvironment, ScriptRefused, check_source


@pytest.mark.parametrize(
    "source",
    [
        "import os",
        "from os import path",
        "__import__('os')",
        "().__class__.__bases__",
        "x.__globals__",
        "_private",
        "(lambda: 1)()",
        "open.__self__",
    ],
)
def test_escapes_are_refused(source):
    with pytest.raises(ScriptRefused):
        check_source(source, "exec")


def test_safe_builtins_only():
    env = RestrictedEnvironment({"verdubbel": lambda x: 2 * x}, {})
    assert env.evaluate("verdubbel(len([1, 2, 3]))", {}) == 6
    for forbidden in ("open('/etc/passwd')", "eval('1')", "getattr(1, 'real')", "globals()"):
        with pytest.raises(NameError):
            env.evaluate(forbidden, {})


def test_execute_updates_task_data_and_removes_helpers():
    env = RestrictedEnvironment({"verdubbel": lambda x: 2 * x}, {})
    data = {"a": 2}
    env.execute("b = verdubbel(a)", data)
    assert data == {"a": 2, "b": 4}


def test_unknown_service_is_refused():
    env = RestrictedEnvironment({}, {"echo": lambda data, **p: p})
    assert (
        env.call_service({}, operation_name="echo", operation_params={"x": {"value": 1, "type": "int"}})
        == '{"x": 1}'
    )
    with pytest.raises(ScriptRefused, match="Onbekende service"):
        env.call_service({}, operation_name="rm_rf", operation_params={})


@pytest.mark.parametrize("source", ["-" * 600 + "1", "not " * 3000 + "x"], ids=["minus", "not"])
def test_a_too_deeply_nested_expression_is_refused_not_a_crash(source):
    """Tester finding: a gateway condition of 600 unary minus signs made deploy answer 500
    (RecursionError from the compiler)."""
    from services.engine.scripting import ScriptRefused, check_source

    for mode in ("eval", "exec"):
        with pytest.raises(ScriptRefused, match="te diep genest"):
            check_source(source, mode)
