"""Checks in several threads of one process share the layers' prepared features and the prepared
municipal area (a gunicorn gthread worker). GEOS prepared geometries are not thread-safe (libgeos/geos
#825): without gis.prepared's lock, eight threads checking at once right after loading crashed the
process (SIGSEGV, or SIGABRT on a corrupted heap) in nearly every run here (Shapely 2.2, GEOS 3.14), or
answered wrongly. The threads run in a child process, so a crash fails this test instead of ending pytest.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import shapely

from gis.api import check
from gis.matching import lies_in
from processes.errors import ValidationError
from services import gemeentegebied
from services.gemeente_area import Gemeentegebied
from tests.unit.gis.conftest import TINY_RULES, X0, Y0, box, collection, feature, point

THREADS = 8
ROUNDS = 2  # fresh layers each round: the first use of a prepared geometry races too
CHECKS_PER_THREAD = 2
SUBJECTS = 150
VERTICES = 20_000
ROOT = Path(__file__).resolve().parents[3]


def _star() -> shapely.Polygon:
    """A polygon with many vertices and a wavy border (star-shaped, so valid by construction)."""
    rng = np.random.default_rng(1)
    angles = np.sort(rng.uniform(0, 2 * np.pi, VERTICES))
    radii = 4_000 + 800 * np.sin(7 * angles) + 300 * np.sin(23 * angles) + rng.uniform(-2, 2, VERTICES)
    return shapely.Polygon(np.column_stack([X0 + radii * np.cos(angles), Y0 + radii * np.sin(angles)]))


def _bodies() -> list[dict[str, Any]]:
    """One FeatureCollection (RD New) per thread: small boxes and lines, many across the wavy border."""
    bodies = []
    for t in range(THREADS):
        rng = np.random.default_rng(100 + t)
        xs, ys = X0 + rng.uniform(-6_500, 6_500, SUBJECTS), Y0 + rng.uniform(-6_500, 6_500, SUBJECTS)
        sizes = rng.uniform(10, 400, SUBJECTS)
        geoms = shapely.box(xs, ys, xs + sizes, ys + sizes)
        geoms[::3] = shapely.linestrings(
            np.stack([np.column_stack([xs, ys]), np.column_stack([xs + 3 * sizes, ys - 2 * sizes])], axis=1)
        )[::3]
        bodies.append(
            collection(*(feature(g, ("woningbouw", "bouwwerk")[i % 2]) for i, g in enumerate(geoms)))
        )
    return bodies


def _layers_and_area() -> tuple[dict[str, Any], Any]:
    """Fresh, unprepared layers and the area prepared as services.gemeente_area keeps it."""
    import geopandas as gpd

    from gis.layers import layer_from_frame
    from gis.metadata import LayerMeta

    meta = LayerMeta(familie="ruimte", bron="test", peildatum=dt.date(2026, 1, 1), licentie="CC0 1.0")
    zones = gpd.GeoDataFrame({"id": ["Z1"], "kleur": ["rood"]}, geometry=[_star()], crs=28992)
    woningen = gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.Point(X0, Y0)], crs=28992)
    area = _star()
    shapely.prepare(area)
    layers = {
        "zones": layer_from_frame("zones", zones, meta),
        "woningen": layer_from_frame("woningen", woningen, meta),
    }
    return layers, area


def _at_once(bodies: list[dict[str, Any]], layers: dict[str, Any], rules: Any, area: Any) -> list[list[Any]]:
    """The answers of THREADS threads that check at the same moment, each its own body, CHECKS_PER_THREAD times."""
    barrier, answers = threading.Barrier(THREADS), [[] for _ in range(THREADS)]

    def work(t: int) -> None:
        barrier.wait()
        for _ in range(CHECKS_PER_THREAD):
            answers[t].append(check(bodies[t], layers, rules, crs="EPSG:28992", gebied=area))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def run_threads() -> tuple[int, int, int]:
    """In the child: every thread checks its own subjects against the shared layers and area. Returns the
    number of answers that differ from the same checks run one at a time on copies of their own, and the
    conflicts and warnings (buiten-gemeente) those expected answers hold."""
    from gis.rules import parse_rules

    bodies, wrong = _bodies(), 0
    for _ in range(ROUNDS):
        own_layers, own_area = _layers_and_area()
        rules = parse_rules(TINY_RULES, own_layers)  # three rules on the big zone
        expected = [check(b, own_layers, rules, crs="EPSG:28992", gebied=own_area) for b in bodies]
        layers, area = _layers_and_area()  # shared by the threads, unprepared until they check
        answers = _at_once(bodies, layers, rules, area)
        wrong += sum(answer != expected[t] for t in range(THREADS) for answer in answers[t])
    conflicts = sum(len(e["conflicten"]) for e in expected)
    return wrong, conflicts, sum(len(e["waarschuwingen"]) for e in expected)


def test_concurrent_checks_in_one_process_neither_crash_nor_answer_wrongly() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    code = "from tests.unit.gis.test_prepared_threads import run_threads; print(*run_threads())"
    child = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, f"exit code {child.returncode}: {child.stderr[-2000:]}"
    wrong, conflicts, warnings = map(int, child.stdout.split()[-3:])
    assert conflicts > 0 and warnings > 0  # the subjects meet the area's prepared border: the race is run
    assert wrong == 0  # answers that differ from the same checks one at a time


#: the shapely functions that use (or make) a prepared geometry on the paths below
WATCHED = ("prepare", "covers", "intersects", "touches", "relate_pattern", "contains_properly")


def _held_here() -> bool:
    """Does the calling thread hold gis.prepared's lock? Then another thread cannot take it."""
    from gis.prepared import shared_prepared

    taken: list[bool] = []

    def other() -> None:
        got = shared_prepared().acquire(blocking=False)
        if got:
            shared_prepared().release()
        taken.append(got)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    return not taken[0]


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every call of a WATCHED function from here on, with whether it ran holding the lock."""
    calls: list[tuple[str, bool]] = []

    def watching(name: str, original: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, _held_here()))
            return original(*args, **kwargs)

        return call

    for name in WATCHED:
        monkeypatch.setattr(shapely, name, watching(name, getattr(shapely, name)))
    return calls


@pytest.fixture
def area() -> shapely.Polygon:
    """A municipal area as services.gemeente_area keeps it: prepared (before ``watched`` starts)."""
    prepared = box(0, 0, 100, 100)
    shapely.prepare(prepared)
    return prepared


def test_the_check_asks_the_layers_and_the_area_holding_the_lock(
    tiny_layers, tiny_rules, area, watched
) -> None:
    body = collection(feature(box(50, 50, 250, 80), "woningbouw"), feature(point(100, 50), "windturbine"))
    check(body, tiny_layers, tiny_rules, crs="EPSG:28992", gebied=area)
    assert {name for name, _ in watched} >= {"prepare", "covers", "touches"}  # layer and area were asked
    assert [call for call in watched if not call[1]] == []


def test_the_application_form_and_the_energy_services_ask_holding_the_lock(
    monkeypatch, area, watched
) -> None:
    monkeypatch.setattr(gemeentegebied, "gemeentegebied", lambda platform: Gemeentegebied("Ruimtedal", area))
    platform = SimpleNamespace(settings=SimpleNamespace(gemeente_naam="Ruimtedal"))
    with pytest.raises(ValidationError):
        gemeentegebied.check_inside(platform, box(90, 0, 150, 50).wkt)  # type: ignore[arg-type]
    on_border = np.array(
        [point(100, 50)], dtype=object
    )  # energie_gis._ligt_in asks lies_in of layer features
    assert lies_in(on_border, np.array([area], dtype=object)).tolist() == [True]
    assert {name for name, _ in watched} >= {"covers", "touches", "relate_pattern"}
    assert [call for call in watched if not call[1]] == []
