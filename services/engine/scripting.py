"""Restricted evaluation of BPMN scripts and expressions, on RestrictedPython.

Every script and expression a model carries (script tasks, pre/post scripts, gateway conditions,
DMN entries, timer expressions, message correlation, multi-instance expressions) is compiled with
``compile_restricted_exec``/``_eval`` under ``sandbox.ScriptPolicy`` and runs with RestrictedPython's guards, a
small set of safe builtins and an explicit allow-list of helpers (``services.registry``) as globals.
Each run has a CPU budget (``Settings.script_cpu_seconds``) and size caps on what one operation may
build. ``print`` writes to the case log (a non-public ``scriptlog`` event naming the element).
Service tasks call registered Python services by name; nothing else is reachable.
"""

from __future__ import annotations

import ast
import contextvars
import copy
import json
import re
import time
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import TaskDataEnvironment

from processes.errors import RuimteflowError
from processes.nederlands import getal

from . import context as step_context
from .cpu_budget import CpuBudget
from .sandbox import SCRIPT_FILENAME, ScriptLimitExceeded, ScriptPolicy, guard_globals
from .sandbox_helpers import bounded_arguments, bounded_helpers, bounded_result, bounded_writes
from .sandbox_limits import MAX_ITEMS, too_big
from .sandbox_repr import checked_text, text_size

__all__ = ["RestrictedEnvironment", "RestrictedScriptEngine", "ScriptLimitExceeded", "ScriptRefused"]

#: CPU seconds per evaluation when no step (and so no settings) is running.
DEFAULT_CPU_SECONDS = 1.0
#: One engine step (all its scripts and expressions together) may use this many script budgets.
STEP_BUDGET_FACTOR = 20
#: The question both limits of a step (this budget and ``step_depth.LOOP_ELEMENTS``) end with.
LOOP_QUESTION = "loopt het model in een kring zonder wachtmoment?"
#: At most this many characters of printed output per script run go to the case log.
MAX_PRINTED = 10_000


class ScriptRefused(RuimteflowError):
    code = "script-geweigerd"
    title = "Script geweigerd"
    status = 422


# -- compiling --------------------------------------------------------------------------------------
_DUTCH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Nesting too deep$"), "De expressie is te diep genest"),
    (
        re.compile(r'"(.+)" is an invalid variable name because it starts with "_"'),
        "Naam '{0}' is niet toegestaan in scripts (begint met '_')",
    ),
    (
        re.compile(r'"(.+)" is an invalid attribute name because it starts with "_"'),
        "Attribuut '{0}' is niet toegestaan in scripts (begint met '_')",
    ),
    (
        re.compile(r'"(.+)" is a restricted name'),
        "Attribuut '{0}' is niet toegestaan in scripts (interne werking van Python)",
    ),
    (re.compile(r'"(.+)" is a reserved name'), "Naam '{0}' is gereserveerd"),
    (re.compile(r"Import statements are not allowed"), "Import is niet toegestaan in scripts"),
    (re.compile(r"(\w+) statements are not allowed"), "Constructie {0} is niet toegestaan in scripts"),
    (
        re.compile(r"Augmented assignment of attributes"),
        "'+=' en dergelijke op een attribuut is niet toegestaan",
    ),
    (
        re.compile(r"Augmented assignment of object items"),
        "'+=' en dergelijke op een element (x[k] += ...) is niet toegestaan; schrijf x[k] = x[k] + ...",
    ),
]


def _dutch(message: str) -> tuple[int | None, str]:
    """RestrictedPython's 'Line N: reason' as (N, Dutch reason)."""
    m = re.match(r"Line (\d+|None): (.*)", message, re.S)
    line, info = (int(m.group(1)) if m and m.group(1) != "None" else None), (m.group(2) if m else message)
    syntax = re.match(r"(?:SyntaxError|IndentationError|TabError): (.*?) at statement", info, re.S)
    if syntax:
        return line, f"Ongeldige Python-syntax: {syntax.group(1)}"
    for pattern, text in _DUTCH:
        found = pattern.search(info)
        if found:
            return line, text.format(*found.groups())
    return line, f"Niet toegestaan in scripts: {info}"


def script_problems(source: str, mode: str) -> list[tuple[int | None, str]]:
    """Every reason the sandbox refuses ``source`` as (line, Dutch reason); empty when it compiles."""
    return [_dutch(e) for e in _compile(source, mode)[1]]


def compile_restricted_with_errors(source: str, mode: str) -> tuple[Any, tuple[str, ...]]:
    compiler = compile_restricted_eval if mode == "eval" else compile_restricted_exec
    result = compiler(source, SCRIPT_FILENAME, policy=ScriptPolicy)
    return result.code, tuple(result.errors)


@lru_cache(maxsize=4096)
def _compile(source: str, mode: str) -> tuple[Any, tuple[str, ...]]:
    """(code, errors) of ``source`` compiled by RestrictedPython under the sandbox policy."""
    try:
        result = compile_restricted_with_errors(source, mode)
    except SyntaxError as exc:  # compile() of the transformed tree (e.g. 'return' outside a function)
        return None, (f"Line {exc.lineno}: SyntaxError: {exc.msg} at statement: {exc.text!r}",)
    except (RecursionError, MemoryError):  # the parser or the policy's tree walk on deep nesting
        return None, ("Line None: Nesting too deep",)
    return result


@lru_cache(maxsize=4096)
def referred_names(code: types.CodeType) -> frozenset[str]:
    """Every global or attribute name ``code`` and the functions and comprehensions in it refer to: a
    superset of the task data names a script can reach, and so change in place."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= referred_names(const)
    return frozenset(names)


@lru_cache(maxsize=4096)
def calls(expression: str) -> bool:
    """Whether ``expression`` (compiled) calls anything: without a call it cannot change a value in place."""
    return any(isinstance(node, ast.Call) for node in ast.walk(ast.parse(expression, mode="eval")))


def check_source(source: str, mode: str) -> Any:
    """Compile ``source`` in the sandbox; raise ScriptRefused naming the line and the reason."""
    code, errors = _compile(source, mode)
    if errors:
        line, reason = _dutch(errors[0])
        where = f" op regel {line}" if line else ""
        raise ScriptRefused(
            f"Script geweigerd{where}: {reason} ('{source.strip()[:80]}').", regelnummer=line, reden=reason
        )
    return code


# -- the element being evaluated (set by the script engine, read for logs and errors) --------------
_element: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "script_element", default=None
)


@contextmanager
def _for_element(task: Any) -> Iterator[None]:
    spec = getattr(task, "task_spec", None)
    bpmn_id = getattr(spec, "bpmn_id", None)
    token = _element.set((str(bpmn_id), getattr(spec, "bpmn_name", None) or "") if bpmn_id else None)
    try:
        yield
    finally:
        _element.reset(token)


def current_element() -> tuple[str, str] | None:
    return _element.get()


# -- print ------------------------------------------------------------------------------------------
class _Printed:
    """What one script run printed; RestrictedPython's ``_print_`` factory hands out collectors."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        if self.size < MAX_PRINTED:
            self.parts.append(text[: MAX_PRINTED - self.size])
        self.size += len(text)

    def write_value(self, value: Any) -> None:
        """A printed value: converted (within the size cap) while its text is kept, else only counted."""
        if self.size < MAX_PRINTED:
            self.write(checked_text(value, "s", "De geprinte waarde"))
        else:
            self.size += text_size(value)

    def factory(self, _getattr_: Any = None) -> _Collector:
        return _Collector(self)

    def flush(self) -> None:
        text = "".join(self.parts)
        if self.size > MAX_PRINTED:
            text += f"\n... ({self.size - MAX_PRINTED} tekens meer niet bewaard)"
        ctx = step_context._current.get()
        if not text.strip() or ctx is None:
            return
        element = current_element()
        for line in text.rstrip("\n").split("\n"):
            ctx.event("scriptlog", line, public=False, element=element[0] if element else None)


class _Collector:
    def __init__(self, printed: _Printed):
        self._printed = printed

    def __call__(self) -> str:  # the 'printed' name of RestrictedPython
        return "".join(self._printed.parts)

    def _call_print(self, *objects: Any, sep: str | None = " ", end: str | None = "\n", **_: Any) -> None:
        sep = " " if sep is None else checked_text(sep, "s", "Het scheidingsteken van print")
        end = "\n" if end is None else checked_text(end, "s", "Het einde van print")
        for i, value in enumerate(objects):  # written one by one: the whole line is never built
            if i:
                self._printed.write(sep)
            self._printed.write_value(value)
        self._printed.write(end)


# -- running ----------------------------------------------------------------------------------------
def _budget_seconds() -> float:
    ctx = step_context._current.get()
    value = getattr(getattr(ctx, "settings", None), "script_cpu_seconds", None)
    return float(value) if value else DEFAULT_CPU_SECONDS


def _describe(kind: str) -> Callable[[], str]:
    def describe() -> str:
        element = current_element()
        return f"{kind} van element '{element[0]}'" if element else kind

    return describe


@contextmanager
def _bounded_errors() -> Iterator[None]:
    """An error a script raises carries its values to the platform, which writes it as text (the
    incident): one whose text would be too big (``raise ValueError([tekst] * 100)``, ``{}[sleutel]``) is
    replaced before anything builds that text."""
    try:
        yield
    except RuimteflowError:
        raise
    except Exception as exc:
        if text_size(exc, "r") > MAX_ITEMS:
            raise too_big("De foutmelding van het script") from None
        raise


class RestrictedEnvironment(TaskDataEnvironment):
    """TaskDataEnvironment with restricted compilation, guards, limits and allow-listed helpers."""

    def __init__(
        self,
        helpers: Mapping[str, Callable[..., Any]],
        services: Mapping[str, Callable[..., Any]],
        *,
        cpu_seconds: float | None = None,
    ):
        super().__init__({**bounded_helpers(helpers), **guard_globals()})
        self.services = dict(services)
        self.cpu_seconds = cpu_seconds
        self.guards = guard_globals()

    def now(self) -> datetime:
        """The current moment (UTC) by the clock of the running step; timers ask this (``timeclock``)."""
        ctx = step_context._current.get()
        return ctx.clock.now().astimezone(UTC) if ctx is not None else datetime.now(UTC)

    def _budget(self, kind: str) -> CpuBudget:
        seconds = self.cpu_seconds or _budget_seconds()
        ctx = step_context._current.get()
        if ctx is not None:  # a model that loops without waiting runs many cheap scripts in one step
            if ctx.script_cpu_started is None:
                ctx.script_cpu_started = time.thread_time()
            started = ctx.script_cpu_started
            if time.thread_time() - started > STEP_BUDGET_FACTOR * seconds:
                total = getal(STEP_BUDGET_FACTOR * seconds, 6, kort=True)
                raise ScriptLimitExceeded(
                    f"De stap gebruikte meer dan {total} s rekentijd aan scripts en expressies "
                    f"en is afgebroken; {LOOP_QUESTION}"
                )
        return CpuBudget(seconds, _describe(kind))

    def evaluate(self, expression, context, external_context=None):
        code = check_source(expression.strip(), "eval")
        printed = _Printed()
        my_globals = copy.copy(self.globals)
        my_globals.update(external_context or {})
        my_globals.update(context)
        my_globals.update(self.guards)  # task data cannot replace a guard
        my_globals["_print"] = printed.factory()
        budget = self._budget("De expressie")
        my_globals["_tick_"] = budget.tick
        with budget.watched(), _bounded_errors():
            value = eval(code, my_globals)  # noqa: S307 - RestrictedPython-compiled, guarded
        budget.check()
        if calls(expression.strip()):  # a method may have changed a value of the task data in place
            bounded_writes(context, context, referred_names(code), "de expressie")
        printed.flush()
        return bounded_result("De uitkomst van de expressie", value)  # a DMN output, a payload: task data

    def execute(self, script, context, external_context=None):
        code = check_source(script, "exec")
        self.check_for_overwrite(context, external_context or {})
        before = dict(context)
        printed = _Printed()
        my_globals = copy.copy(self.globals)
        my_globals.update(external_context or {})
        context.update(my_globals)
        context["_print_"] = printed.factory
        budget = self._budget("Het script")
        context["_tick_"] = budget.tick
        try:
            with budget.watched(), _bounded_errors():
                exec(code, context)  # noqa: S102 - RestrictedPython-compiled, guarded
            budget.check()
            printed.flush()
        finally:
            for name in ("_print", "_print_", "_tick_"):
                context.pop(name, None)
            self._remove_globals_and_functions_from_context(context, external_context)
        bounded_writes(
            before, context, referred_names(code), "het script"
        )  # a service reads them outside the budget
        return True

    def call_service(self, context, operation_name=None, operation_params=None, **_kw):
        service = self.services.get(operation_name or "")
        if service is None:
            raise ScriptRefused(
                f"Onbekende service '{operation_name}'; geregistreerd: {sorted(self.services)}."
            )
        values = {k: v["value"] for k, v in (operation_params or {}).items()}
        params = bounded_arguments(f"de service '{operation_name}'", values)  # it runs outside the budget
        return json.dumps(service(context, **params), default=str)


class RestrictedScriptEngine(PythonScriptEngine):
    def __init__(self, environment: RestrictedEnvironment):
        super().__init__(environment=environment)

    def validate(self, expression):
        # SpiffWorkflow's DMN engine relies on a SyntaxError to recognise unary tests such as "< 2"
        ast.parse(expression)
        check_source(expression, "exec")

    def evaluate(self, task, expression, external_context=None):
        with _for_element(task):
            return super().evaluate(task, expression, external_context)

    def execute(self, task, script, external_context=None):
        with _for_element(task):
            return super().execute(task, script, external_context)

    def call_service(self, task, **kwargs):
        # The base class refers to an undefined name in its error path; keep our errors intact.
        return self.environment.call_service(task.data, **kwargs)
