"""tests/ordering.py names files that exist, and puts them first in its order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.ordering import LONGEST_FIRST, longest_first

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Item:
    nodeid: str


def test_every_listed_file_exists_once():
    assert [p for p in LONGEST_FIRST if not (ROOT / p).is_file()] == []
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)


def test_listed_files_first_in_their_order_the_rest_as_collected():
    items = [Item("tests/unit/a.py::t1"), Item(f"{LONGEST_FIRST[1]}::t"), Item("tests/unit/b.py::t")]
    items += [Item(f"{LONGEST_FIRST[0]}::t2"), Item(f"{LONGEST_FIRST[0]}::t1")]
    longest_first(items)
    assert [i.nodeid for i in items] == [
        f"{LONGEST_FIRST[0]}::t2",
        f"{LONGEST_FIRST[0]}::t1",
        f"{LONGEST_FIRST[1]}::t",
        "tests/unit/a.py::t1",
        "tests/unit/b.py::t",
    ]


def test_make_test_keeps_this_order_under_xdist():
    command = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "pytest -q -n" in line)
    assert "--dist loadfile" in command and "--no-loadscope-reorder" in command


def test_make_test_keeps_the_compiled_modules_outside_the_tree():
    """Each xdist worker collects every test file: without kept bytecode each one compiles and rewrites
    the asserts of all of them again (PYTHONDONTWRITEBYTECODE in the shell turns it off)."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    recipe = lines[lines.index(next(line for line in lines if line.startswith("test:"))) + 1]
    assert "env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX='$(CURDIR)/$(PYCACHE)'" in recipe
    assert "PYCACHE := $(VENV)/pycache" in lines
