"""A check with ``max_conflicts`` (the API's bound, gis.bounded): matched in parts, the same conflicts as one
check, and stopped with a Dutch 422 as soon as the bound is passed, before the rest of the request is matched."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from gis.api import check
from gis.bounded import FIRST_PART, PART_AREA_M2
from gis.errors import TooManyConflicts
from gis.matching import MemoryBackend
from tests.unit.gis.conftest import box, collection, feature, point


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of subjects of each part the in-memory backend is asked to match."""
    parts: list[int] = []
    original = MemoryBackend.find_conflicts

    def spy(self, subjects, rules):  # type: ignore[no-untyped-def]
        parts.append(len(subjects))
        return original(self, subjects, rules)

    monkeypatch.setattr(MemoryBackend, "find_conflicts", spy)
    return parts


def _many(n: int) -> dict[str, Any]:
    """``n`` subjects of both soorten, in, beside and between the zones and near the dwellings."""
    shapes = [point(10 + 7 * (i % 40), 20 + (i % 9) * 9) for i in range(n)]
    shapes[::5] = [box(i % 250, 10, i % 250 + 30, 40) for i in range(0, n, 5)]
    return collection(*(feature(s, "windturbine" if i % 3 else "bouwwerk") for i, s in enumerate(shapes)))


def test_a_bounded_check_gives_the_conflicts_of_one_check(tiny_layers, tiny_rules) -> None:
    body = _many(300)
    whole = check(body, tiny_layers, tiny_rules, crs="EPSG:28992")
    count, hit = whole["samenvatting"]["aantal"], {c["onderwerp_index"] for c in whole["conflicten"]}
    borders = [0, FIRST_PART, 3 * FIRST_PART, 7 * FIRST_PART, 15 * FIRST_PART, 31 * FIRST_PART, 300]
    assert count > 300 and all(hit & set(range(a, b)) for a, b in itertools.pairwise(borders))  # every part
    assert check(body, tiny_layers, tiny_rules, crs="EPSG:28992", max_conflicts=count) == whole


def test_a_check_stops_once_past_the_bound(tiny_layers, tiny_rules, asked) -> None:
    """Each subject lies in zone Z1, a red one (two conflicts): the third part is never matched."""
    body = collection(*(feature(point(10 + i % 80, 50), "bouwwerk") for i in range(1000)))
    with pytest.raises(TooManyConflicts) as exc:
        check(body, tiny_layers, tiny_rules, crs="EPSG:28992", max_conflicts=2 * FIRST_PART)
    assert asked == [FIRST_PART, 2 * FIRST_PART]
    assert exc.value.status == 422 and exc.value.code == "gis-te-veel-conflicten"
    assert exc.value.detail.startswith(f"De locatiecheck vindt meer dan {2 * FIRST_PART} conflicten;")
    assert "Splits het verzoek" in exc.value.detail and "kleiner gebied" in exc.value.detail


def test_big_subjects_are_matched_a_few_at_a_time(tiny_layers, tiny_rules, asked) -> None:
    """A part ends once its subjects' envelopes pass PART_AREA_M2, however many small subjects came first:
    each big one (over the municipality, thousands of conflicts) is a part of its own."""
    side = (1.6 * PART_AREA_M2) ** 0.5
    small = [feature(point(10 + i, 50), "bouwwerk") for i in range(20)]
    big = [feature(box(-side / 2 + i, -side / 2, side / 2, side / 2), "bouwwerk") for i in range(3)]
    result = check(collection(*small, *big), tiny_layers, tiny_rules, crs="EPSG:28992", max_conflicts=1000)
    assert asked == [FIRST_PART, 20 - FIRST_PART, 1, 1, 1]
    assert {c["onderwerp_index"] for c in result["conflicten"]} == set(range(23))
