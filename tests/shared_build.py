"""Expensive test data built once per test run and shared by the xdist workers.

Each worker used to build its own copy of the demo database (half a minute of CPU each). ``built_once``
builds it in the first worker that asks, under a file lock in the run's temporary root (shared by the
workers of one run, fresh for every run); the other workers wait for the lock and reuse the result. The
callers copy what they get before they write to it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

DONE = ".built"


def run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run: shared by its xdist workers, new for every run."""
    base = tmp_path_factory.getbasetemp()
    # under xdist a worker's basetemp is <run root>/popen-gwN; without xdist basetemp is the run root
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Path]) -> Path:
    """``build(folder)`` once per run (returns a path inside ``folder``); that path for every caller.

    A build that failed leaves no marker, so the next caller builds again (and shows the error)."""
    shared = run_root(tmp_path_factory) / "shared"
    shared.mkdir(exist_ok=True)
    folder = shared / name
    marker = folder / DONE
    with FileLock(str(shared / f"{name}.lock")):
        if not marker.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            result = build(folder)
            marker.write_text(str(result.relative_to(folder)), encoding="utf-8")
    return folder / marker.read_text(encoding="utf-8")


def shared_demo_layers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated demo layers (gis.demo), once per test run; the tests only read them."""
    from gis.demo import demo_layers_dir

    # laid out as in an instance folder: <instance>/gis/demo-lagen
    return built_once(tmp_path_factory, "demo-lagen", demo_layers_dir)
