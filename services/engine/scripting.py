"""Restricted evaluation of BPMN scripts and expressions.

Scripts and conditions are Python (SpiffWorkflow's convention) but run with:
- no import statements, no names or attributes that start with an underscore (so no ``__import__``,
  ``__class__``, ``__bases__``, ``__globals__``),
- a small set of safe builtins (no ``open``, ``eval``, ``exec``, ``getattr``, ``type``...),
- an explicit allow-list of helpers (``services.registry``) as globals.
Service tasks call registered Python services by name; nothing else is reachable.
"""

from __future__ import annotations

import ast
import builtins
import copy
import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import TaskDataEnvironment

from processes.errors import RuimteflowError

SAFE_BUILTINS = {
    name: getattr(builtins, name)
    for name in (
        "abs all any bool dict enumerate filter float int isinstance len list map max min range "
        "reversed round set sorted str sum tuple zip True False None ValueError KeyError"
    ).split()
}


class ScriptRefused(RuimteflowError):
    code = "script-geweigerd"
    title = "Script geweigerd"
    status = 422


def check_source(source: str, mode: str) -> Any:
    """Parse and refuse constructs outside the sandbox. Raises ScriptRefused with the reason."""
    try:
        tree = ast.parse(source, mode=mode)
    except SyntaxError as exc:
        raise ScriptRefused(f"Ongeldige Python-syntax in '{source.strip()[:80]}': {exc.msg}") from exc
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            raise ScriptRefused(f"Import is niet toegestaan in scripts ('{source.strip()[:80]}').")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ScriptRefused(f"Naam '{node.id}' is niet toegestaan in scripts (begint met '_').")
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ScriptRefused(f"Attribuut '{node.attr}' is niet toegestaan in scripts (begint met '_').")
        if isinstance(node, ast.Global | ast.Nonlocal | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            raise ScriptRefused(f"Constructie {type(node).__name__} is niet toegestaan in scripts.")
    return tree


@lru_cache(maxsize=4096)
def _compiled(source: str, mode: str) -> Any:
    tree = check_source(source, mode)
    return compile(tree, "<string>", mode)


class RestrictedEnvironment(TaskDataEnvironment):
    """TaskDataEnvironment with checked source, safe builtins and allow-listed helpers."""

    def __init__(self, helpers: Mapping[str, Callable[..., Any]], services: Mapping[str, Callable[..., Any]]):
        super().__init__({**helpers, "__builtins__": SAFE_BUILTINS})
        self.services = dict(services)

    def evaluate(self, expression, context, external_context=None):
        code = _compiled(expression.strip(), "eval")
        my_globals = copy.copy(self.globals)
        my_globals.update(external_context or {})
        my_globals.update(context)
        my_globals["__builtins__"] = SAFE_BUILTINS
        return eval(code, my_globals)  # noqa: S307 - sandboxed: checked AST, safe builtins

    def execute(self, script, context, external_context=None):
        code = _compiled(script, "exec")
        self.check_for_overwrite(context, external_context or {})
        my_globals = copy.copy(self.globals)
        my_globals.update(external_context or {})
        context.update(my_globals)
        context["__builtins__"] = SAFE_BUILTINS
        try:
            exec(code, context)  # noqa: S102 - sandboxed: checked AST, safe builtins
        finally:
            self._remove_globals_and_functions_from_context(context, external_context)
        return True

    def call_service(self, context, operation_name=None, operation_params=None, **_kw):
        service = self.services.get(operation_name or "")
        if service is None:
            raise ScriptRefused(
                f"Onbekende service '{operation_name}'; geregistreerd: {sorted(self.services)}."
            )
        params = {k: v["value"] for k, v in (operation_params or {}).items()}
        return json.dumps(service(context, **params), default=str)


class RestrictedScriptEngine(PythonScriptEngine):
    def __init__(self, environment: RestrictedEnvironment):
        super().__init__(environment=environment)

    def validate(self, expression):
        # SpiffWorkflow's DMN engine relies on a SyntaxError to recognise unary tests such as "< 2"
        ast.parse(expression)
        check_source(expression, "exec")

    def call_service(self, task, **kwargs):
        # The base class refers to an undefined name in its error path; keep our errors intact.
        return self.environment.call_service(task.data, **kwargs)
