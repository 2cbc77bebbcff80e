"""Build check (issue #11, "no swallowed import errors"): no production module catches ImportError or
ModuleNotFoundError. The faces, the demo seeders and the energy services' layers always exist; a module
that fails to import is a broken install and must stop the start, not leave a face or a seeder quietly
out (web/__init__ skipped web.faces/web.kaart/web.status, services/demo skipped a seeder, the map's
context processor and energie_gis.lagen answered without them).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.source_trees import tree as source_tree

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("processes", "services", "gis", "web")
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def _caught(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type
    parts = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds] if kinds is not None else []
    return {p.id if isinstance(p, ast.Name) else ast.unparse(p) for p in parts}


def test_no_module_swallows_an_import_error() -> None:
    found = []
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            for node in ast.walk(source_tree(path)):
                if isinstance(node, ast.ExceptHandler) and _caught(node) & IMPORT_ERRORS:
                    found.append(f"{path.relative_to(ROOT).as_posix()}:{node.lineno}")
    assert found == []
