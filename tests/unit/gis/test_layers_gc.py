"""Loaded layers stay out of Python's cyclic garbage collections, and a replaced load is still freed."""

from __future__ import annotations

import gc
import weakref

import pytest

from gis.layers import load_layers

pytestmark = pytest.mark.usefixtures("settled_layers")


def test_loaded_geometries_are_frozen(demo_dir):
    gc.unfreeze()
    layers = load_layers(demo_dir)
    features = sum(len(layer) for layer in layers.values())
    assert gc.get_freeze_count() >= features
    tracked = {id(o) for o in gc.get_objects()}  # the generations a collection scans
    assert not any(id(g) in tracked for layer in layers.values() for g in layer.geometries[:50])


def test_a_replaced_load_is_freed_by_the_next(demo_dir):
    first = load_layers(demo_dir)
    layer = next(iter(first.values()))
    gone = weakref.ref(layer)
    layer.owner = first  # type: ignore[attr-defined]  # a frozen reference cycle: only the collector frees it
    del first, layer
    gc.collect()
    assert gone() is not None  # frozen: the collections in between leave it alone
    load_layers(demo_dir)
    assert gone() is None


def test_check_pauses_the_collector_and_restores_it(tiny_layers, tiny_rules, monkeypatch):
    from gis.api import check
    from gis.matching import MemoryBackend
    from tests.unit.gis.conftest import collection, feature, point

    seen: list[bool] = []
    original = MemoryBackend.find_conflicts

    def spy(self, subjects, rules):
        seen.append(gc.isenabled())
        return original(self, subjects, rules)

    monkeypatch.setattr(MemoryBackend, "find_conflicts", spy)
    body = collection(feature(point(10, 10), "bouwwerk"))
    assert gc.isenabled()
    check(body, tiny_layers, tiny_rules, crs="EPSG:28992")
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()  # a caller that runs without the collector keeps it off
    try:
        check(body, tiny_layers, tiny_rules, crs="EPSG:28992")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_back_on_after_bad_input(tiny_layers, tiny_rules):
    import pytest

    from gis.api import check
    from processes.errors import ValidationError

    with pytest.raises(ValidationError):
        check("{geen json", tiny_layers, tiny_rules)
    assert gc.isenabled()
