"""Expensive test data built once per test run and shared by the xdist workers.

Each worker used to build its own copy of the demo database (half a minute of CPU each). ``built_once``
builds it in the first process that asks, under a file lock in the run's temporary root (shared by the
workers of one run, fresh for every run); the others wait for the lock and reuse the result. The callers
copy what they get before they write to it.

The demo database is also started in the background as soon as the collected tests need it
(``start_prebuild``, from tests/conftest.py), so the workers run other tests meanwhile instead of
waiting for the lock: ``python -m tests.shared_build <run root>`` builds it through the same functions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

DONE = ".built"
ROOT = Path(__file__).resolve().parent.parent
#: fixtures whose tests need the shared demo database
DEMO_FIXTURES = {"demo_database", "demo_template"}


def run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run: shared by its xdist workers, new for every run."""
    base = tmp_path_factory.getbasetemp()
    # under xdist a worker's basetemp is <run root>/popen-gwN; without xdist basetemp is the run root
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Path]) -> Path:
    return built_in(run_root(tmp_path_factory), name, build)


def built_in(root: Path, name: str, build: Callable[[Path], Path]) -> Path:
    """``build(folder)`` once per run root (returns a path inside ``folder``); that path for every caller.

    A build that failed leaves no marker, so the next caller builds again (and shows the error)."""
    shared = root / "shared"
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


def demo_layers_in(root: Path) -> Path:
    """The generated demo layers (gis.demo), once per run root, laid out as <instance>/gis/demo-lagen."""
    from gis.demo import demo_layers_dir

    return built_in(root, "demo-lagen", demo_layers_dir)


def shared_demo_layers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated demo layers, once per test run; the tests only read them."""
    return demo_layers_in(run_root(tmp_path_factory))


def demo_database_in(root: Path) -> Path:
    """``services.demo.build`` on bpmn/ and the shared demo layers, once per run root."""
    from tests.e2e.kaart_status_fixtures import build_demo_template

    layers = demo_layers_in(root)
    return built_in(root, "demo-database", lambda folder: build_demo_template(folder, layers))


def start_prebuild(root: Path) -> subprocess.Popen[bytes] | None:
    """Build the demo database in a background process unless it is there already."""
    if (root / "shared" / "demo-database" / DONE).is_file():
        return None
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.Popen([sys.executable, "-m", "tests.shared_build", str(root)], cwd=ROOT, env=env)


def stop_prebuild(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        process.wait(30)


if __name__ == "__main__":
    from tests.conftest import cheap_passwords

    with cheap_passwords():
        demo_database_in(Path(sys.argv[1]))
