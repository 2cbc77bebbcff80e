"""The production source parsed once per test process, for the tests that read it with ``ast``.

Five unit test files (the code size, the problem members, the constants, the swallowed imports, the event
kinds) each parsed every module of processes/, services/, gis/ and web/ again: a second or two of CPU
each, for the same trees. ``tree`` parses a file the first time it is asked for and hands out that tree
after (the source does not change during a run); the tests only read the trees, none changes one.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path


@cache
def tree(path: Path) -> ast.Module:
    """The syntax tree of the Python file at ``path`` (absolute), as ``ast.parse`` gives it."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
