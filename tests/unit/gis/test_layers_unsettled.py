"""The suite loads layers without settling them as long-lived (tests/conftest.py ``layers_left_unsettled``):
settling unfreezes and collects a test process's whole heap and fills the allocator's gaps, once per load."""

from __future__ import annotations

import gc

from gis import heapgaps
from gis.layers import load_layers


def test_a_test_loads_layers_without_settling_the_heap(demo_dir, monkeypatch):
    def settling(*args: object) -> None:
        raise AssertionError("settle_long_lived reached")

    monkeypatch.setattr(heapgaps, "fill_gaps", settling)
    monkeypatch.setattr(gc, "unfreeze", settling)
    assert load_layers(demo_dir)
