"""Build check: no production module over 400 lines, no function over 60 lines.

Walks processes/, services/, gis/ and web/ with ``ast``. The allow-list is short and each entry says
why: data tables and Alembic migrations only, plus modules another helper is splitting in parallel.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from tests.source_trees import tree as source_tree

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("processes", "services", "gis", "web")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: Modules another helper splits in parallel (issue #11); they leave this list when that work merges.
ELSEWHERE = "not yet split: issue #11 stays open for it"
#: module path -> why it may be longer than MAX_MODULE_LINES
MODULE_ALLOWED: dict[str, str] = {
    "services/store/models.py": "data tables: one declarative class per table, no logic",
    "web/api/schemas.py": "data: the JSON Schemas of the API contract, no logic",
}
#: "module path::function" -> why it may be longer than MAX_FUNCTION_LINES
FUNCTION_ALLOWED: dict[str, str] = {
    "services/store/migrations/versions/0001_initial_schema.py::upgrade": (
        "Alembic migration: one create_table per table, frozen history"
    ),
}


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _key(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _length(node: ast.AST) -> int:
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return (node.end_lineno or node.lineno) - start + 1


@cache  # read once for the tests of this module (the source does not change during a run)
def module_sizes() -> dict[str, int]:
    return {_key(p): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}


@cache  # parsed once for the tests of this module: three tests read it, a parse of the source each
def function_sizes() -> dict[str, int]:
    out: dict[str, int] = {}
    for path in _modules():
        for fn in _functions(source_tree(path)):
            key = f"{_key(path)}::{fn.name}"
            out[key] = max(out.get(key, 0), _length(fn))
    return out


def test_no_production_module_over_the_limit():
    over = {k: n for k, n in module_sizes().items() if n > MAX_MODULE_LINES and k not in MODULE_ALLOWED}
    assert not over, f"modules over {MAX_MODULE_LINES} lines (split them): {over}"


def test_no_function_over_the_limit():
    over = {k: n for k, n in function_sizes().items() if n > MAX_FUNCTION_LINES and k not in FUNCTION_ALLOWED}
    assert not over, f"functions over {MAX_FUNCTION_LINES} lines (split them): {over}"


@pytest.mark.parametrize("allowed", [MODULE_ALLOWED, FUNCTION_ALLOWED])
def test_allow_list_is_justified_and_not_stale(allowed):
    sizes = {**module_sizes(), **function_sizes()}
    for key, why in allowed.items():
        assert why.strip(), f"{key}: say why it may be longer"
        limit = MAX_FUNCTION_LINES if "::" in key else MAX_MODULE_LINES
        assert sizes.get(key, 0) > limit, f"{key} is within the limit now: take it off the allow-list"


def test_the_check_sees_an_oversized_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    tree = ast.parse(f"def big():\n{body}\n")
    assert _length(_functions(tree)[0]) == MAX_FUNCTION_LINES + 1
