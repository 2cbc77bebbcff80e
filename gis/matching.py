"""In-memory conflict matching: STRtree bulk query per rule, then exact measures, all vectorised.

A backend turns (subjects, rules) into :class:`RawConflicts`: parallel arrays, one entry per
(rule, subject, layer feature) pair that satisfies the rule. gis.report turns those into the public
result; services.store.postgis is the other backend and must produce the same pairs and measures.

Predicates: snijdt and overlap_aandeel need the subject to lie in the feature (:func:`lies_in`: a
plot that only borders a feature is not in it, a point or line on its border is); binnen_afstand
includes touching (distance 0).

A layer's features stay prepared between checks, shared by the process's threads, and GEOS prepared
geometries are not thread-safe: :class:`MemoryBackend` matches each rule holding
:func:`gis.prepared.shared_prepared` (the functions it calls assume it is held), and :func:`lies_in`, which
the energy services call on a layer's features too, takes it itself.

Measures: ``afstand`` is the minimum distance (0 for snijdt and overlap_aandeel, which imply
contact; gis.report gives those no distance); ``overlap`` is the area of the intersection when
subject and feature both have an area and touch, else 0. overlap_aandeel judges the subject's share
in the rule's features of the layer together and names the features as gis.overlap_share says.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
import shapely

from gis.clipping import convex_overlap_areas
from gis.cost import probes
from gis.layers import Layer
from gis.overlap_share import keep_by_layer_share
from gis.prepared import shared_prepared
from gis.rules import ALL_SOORTEN, Rule, RuleSet
from gis.subjects import Subjects

_EMPTY_INT = np.empty(0, dtype=np.int64)
CLIPPING_MIN_PAIRS = 64
SMALL_FEATURE_VERTICES = 64
_EMPTY_FLOAT = np.empty(0, dtype=np.float64)


@dataclass
class RawConflicts:
    """Unsorted matches; ``rule`` indexes the RuleSet's rules, ``rank`` is the feature's id order in its layer."""

    rule: np.ndarray = field(default_factory=lambda: _EMPTY_INT)
    subject: np.ndarray = field(default_factory=lambda: _EMPTY_INT)
    rank: np.ndarray = field(default_factory=lambda: _EMPTY_INT)
    afstand: np.ndarray = field(default_factory=lambda: _EMPTY_FLOAT)
    overlap: np.ndarray = field(default_factory=lambda: _EMPTY_FLOAT)
    feature_id: np.ndarray | list[Any] = field(default_factory=list)  # an object array or a list
    feature_naam: np.ndarray | list[str | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rule)

    @classmethod
    def concat(cls, parts: list[RawConflicts]) -> RawConflicts:
        if not parts:
            return cls()
        return cls(
            rule=np.concatenate([p.rule for p in parts]),
            subject=np.concatenate([p.subject for p in parts]),
            rank=np.concatenate([p.rank for p in parts]),
            afstand=np.concatenate([p.afstand for p in parts]),
            overlap=np.concatenate([p.overlap for p in parts]),
            feature_id=np.concatenate([object_column(p.feature_id) for p in parts]),
            feature_naam=np.concatenate([object_column(p.feature_naam) for p in parts]),
        )


def object_column(values: np.ndarray | list[Any]) -> np.ndarray:
    """``values`` as a 1-D object array (feature ids may be text or numbers; never split into parts)."""
    if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
        return values
    return np.fromiter(values, dtype=object, count=len(values))


@runtime_checkable
class ConflictBackend(Protocol):
    """Finds the raw conflicts of subjects against rules (in-memory or PostGIS). ``snapshot()`` gives the
    backend for several checks that must read one state of the layers (the parts of one bounded check,
    gis.bounded): no layer load is seen between them."""

    def find_conflicts(self, subjects: Subjects, rules: RuleSet) -> RawConflicts: ...

    def candidate_counts(self, subjects: Subjects, rules: RuleSet) -> np.ndarray: ...

    def snapshot(self) -> AbstractContextManager[ConflictBackend]: ...


def subjects_for(rule: Rule, subjects: Subjects) -> np.ndarray:
    """Indices of the subjects whose soort the rule applies to (ascending)."""
    if ALL_SOORTEN in rule.onderwerp:
        return np.arange(len(subjects), dtype=np.int64)
    groups = subjects.by_soort
    parts = [groups[s] for s in rule.onderwerp if s in groups]
    if not parts:
        return _EMPTY_INT
    return parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))


def query_pairs(rule: Rule, layer: Layer, geometries: np.ndarray) -> np.ndarray:
    """The bare STRtree bulk query of a rule: 2 x n array of (input index, feature index)."""
    if rule.predicaat == "binnen_afstand":
        return layer.tree.query(geometries, predicate="dwithin", distance=rule.afstand_m)
    return layer.tree.query(geometries, predicate="intersects")


def exact_pairs(
    rule: Rule,
    layer: Layer,
    geometries: np.ndarray,
    coord_counts: np.ndarray,
    bounds: np.ndarray | None = None,
) -> np.ndarray:
    """Like :func:`query_pairs`, but the exact predicate runs on the prepared larger geometry of each pair.

    STRtree.query prepares the input side only, which is slow for many small subjects inside one huge
    feature (buildings in the Veluwe). Here the envelope query comes first and then, per pair, the
    geometry with more vertices is the prepared one (layer features stay prepared between checks).
    """
    distance = rule.afstand_m if rule.predicaat == "binnen_afstand" else None
    if distance:
        b = shapely.bounds(geometries) if bounds is None else bounds  # ``bounds``: of ``geometries``
        probes = shapely.box(b[:, 0] - distance, b[:, 1] - distance, b[:, 2] + distance, b[:, 3] + distance)
    else:
        probes = geometries
    pairs = layer.tree.query(probes)
    if not pairs.shape[1]:
        return pairs
    subject_geoms = geometries[pairs[0]]
    feature_geoms = layer.geometries[pairs[1]]
    feature_bigger = layer.coord_counts[pairs[1]] >= coord_counts[pairs[0]]
    ok = np.empty(pairs.shape[1], dtype=bool)
    for bigger, first, second in (
        (feature_bigger, feature_geoms, subject_geoms),
        (~feature_bigger, subject_geoms, feature_geoms),
    ):
        if not bigger.any():
            continue
        if first is feature_geoms:
            layer.prepare(pairs[1][bigger])
        else:
            shapely.prepare(first[bigger])
        if distance is None:
            ok[bigger] = shapely.intersects(first[bigger], second[bigger])
        else:
            ok[bigger] = shapely.dwithin(first[bigger], second[bigger], distance)
    return pairs[:, ok]


def matching_pairs(
    rule: Rule, layer: Layer, subjects: Subjects, chosen: np.ndarray, coord_counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(subject index, feature index) of every pair that satisfies the rule's predicate.

    Three equivalent ways, by which side is better prepared (GEOS prepares the query's input side):
    a layer of small features, at least as many as there are subjects (parcels, dwellings), is queried with
    the subjects, as the bare STRtree bulk query does; a few features against all subjects query the
    subjects' tree with the features (Natura 2000, the municipal border); otherwise
    :func:`exact_pairs` prepares the bigger geometry of each pair.
    """
    distance = rule.afstand_m if rule.predicaat == "binnen_afstand" else None
    predicate = "intersects" if distance is None else "dwithin"
    if len(layer) >= len(chosen):
        if layer.most_coords <= SMALL_FEATURE_VERTICES:
            pairs = layer.tree.query(subjects.geometries[chosen], predicate=predicate, distance=distance)
            return chosen[pairs[0]], pairs[1]
    elif len(chosen) == len(subjects):
        layer.prepare(np.arange(len(layer)))  # kept prepared: the tree query then uses them as they are
        pairs = subjects.tree.query(layer.geometries, predicate=predicate, distance=distance)
        return pairs[1], pairs[0]
    pairs = exact_pairs(
        rule, layer, subjects.geometries[chosen], coord_counts[chosen], subjects.bounds[chosen]
    )
    return chosen[pairs[0]], pairs[1]


def overlap_areas(
    subject_geoms: np.ndarray,
    feature_geoms: np.ndarray,
    both_areal: np.ndarray,
    keys: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Intersection areas for the pairs flagged ``both_areal`` (0 elsewhere).

    ``keys`` (subject index, feature index per pair) lets the clipping read each geometry's rings once.

    Convex/simple pairs go through vectorised clipping (gis.clipping); of the rest, a subject that lies
    in the interior of its feature (``contains_properly``, fast on the layer's prepared geometries)
    overlaps by its own area; only the others go through GEOS overlay.
    """
    overlap = np.zeros(len(subject_geoms), dtype=np.float64)
    pairs = np.flatnonzero(both_areal)
    if not len(pairs):
        return overlap
    if len(pairs) >= CLIPPING_MIN_PAIRS:  # below this, numpy's fixed costs exceed GEOS's
        subject_keys, feature_keys = (None, None) if keys is None else (keys[0][pairs], keys[1][pairs])
        areas, done = convex_overlap_areas(
            subject_geoms[pairs], feature_geoms[pairs], subject_keys, feature_keys
        )
        overlap[pairs[done]] = areas[done]
        rest = pairs[~done]
    else:
        rest = pairs
    if len(rest):  # a subject inside a feature's interior overlaps it by its own area: no overlay
        inside = shapely.contains_properly(feature_geoms[rest], subject_geoms[rest])
        overlap[rest[inside]] = shapely.area(subject_geoms[rest[inside]])
        rest = rest[~inside]
        overlap[rest] = shapely.area(shapely.intersection(subject_geoms[rest], feature_geoms[rest]))
    return overlap


#: DE-9IM patterns of a subject on an area's border: a point's interior meets the feature's boundary; a
#: line's interior runs along it (a stretch, dimension 1: not one crossing point, such as a corner)
ON_BORDER = "*T*******"
ALONG_BORDER = "*1*******"


def lies_in(subject_geoms: np.ndarray, feature_geoms: np.ndarray) -> np.ndarray:
    """Of intersecting (subject, feature) pairs: True where the subject lies in the feature ("ligt in").

    Snijdt and overlap_aandeel need more than contact along an edge: a plot that only borders a
    Natura 2000 area or a contour (GEOS ``touches``: a shared edge or corner, 0 m2 inside) is not in it.
    A point or line on the border of an area (its interior meets the area's boundary) is in it, in
    every area it touches: capacity areas tile the municipality, so a turbine on their shared border
    would otherwise lie in none. A line must run along the border for a stretch (``ALONG_BORDER``): one
    that only crosses it in a point, at a corner, has 0 m inside and is out. The energy services (services.domain.energie_gis) and the PostGIS
    backend (services.store.postgis) use this same predicate.
    """
    with shared_prepared():  # a layer's features may be prepared (gis.prepared)
        inside = ~shapely.touches(feature_geoms, subject_geoms)
        border = ~inside
        if border.any():
            lines = np.zeros_like(border)
            lines[border] = shapely.get_dimensions(subject_geoms[border]) == 1
            for pattern, which in ((ON_BORDER, border & ~lines), (ALONG_BORDER, lines)):
                if which.any():
                    inside[which] = shapely.relate_pattern(
                        subject_geoms[which], feature_geoms[which], pattern
                    )
    return inside


def lies_in_layer(layer: Layer, feature_idx: np.ndarray, subject_geoms: np.ndarray) -> np.ndarray:
    """:func:`lies_in` for pairs of subjects and a layer's features (on its prepared geometries)."""
    if not len(feature_idx):
        return np.ones(0, dtype=bool)
    layer.prepare(feature_idx)
    return lies_in(subject_geoms, layer.geometries[feature_idx])


#: an overlap (m2) that only interiors that meet can have; below it GEOS decides (touching pairs: 0 or noise)
OVERLAP_EPS = 1e-6


def _lies_in_pairs(
    layer: Layer, subjects: Subjects, subject_idx: np.ndarray, feature_idx: np.ndarray, overlap: np.ndarray
) -> np.ndarray:
    """Which intersecting pairs lie in their feature: two areas that overlap by more than OVERLAP_EPS
    do, without asking GEOS; the other pairs (points, lines, no or a tiny overlap) ask :func:`lies_in`."""
    both_areal = subjects.areal[subject_idx] & layer.areal[feature_idx]
    ask = ~(both_areal & (overlap > OVERLAP_EPS))
    inside = np.ones(len(subject_idx), dtype=bool)
    if ask.any():
        inside[ask] = lies_in_layer(layer, feature_idx[ask], subjects.geometries[subject_idx[ask]])
    return inside


def _layer_share_keep(
    rule: Rule,
    layer: Layer,
    subjects: Subjects,
    subject_idx: np.ndarray,
    feature_idx: np.ndarray,
    overlap: np.ndarray,
) -> np.ndarray:
    """:func:`gis.overlap_share.keep_by_layer_share` for the pairs of one rule, in memory."""
    return keep_by_layer_share(
        subject_idx,
        layer.id_rank[feature_idx],
        overlap,
        subjects.areas,
        subjects.areal,
        rule.minimaal_aandeel or 0.0,
        lambda pairs: _union_overlap(subjects, layer, subject_idx[pairs], feature_idx[pairs], overlap[pairs]),
    )


def _union_overlap(
    subjects: Subjects, layer: Layer, subject_idx: np.ndarray, feature_idx: np.ndarray, overlap: np.ndarray
) -> float:
    """The area of one subject (``subject_idx`` all equal) in the union of the features it overlaps."""
    parts = shapely.intersection(
        subjects.geometries[subject_idx[overlap > 0]], layer.geometries[feature_idx[overlap > 0]]
    )
    return float(shapely.area(shapely.union_all(parts)))


class MemoryBackend:
    """Matches against in-memory layers with their cached STRtrees."""

    def __init__(self, layers: Mapping[str, Layer]):
        self.layers = layers

    @contextmanager
    def snapshot(self) -> Iterator[MemoryBackend]:
        """Itself: a check keeps the layers it was given (a reload of gis.cache makes a new mapping)."""
        yield self

    def find_conflicts(self, subjects: Subjects, rules: RuleSet) -> RawConflicts:
        coord_counts = shapely.get_num_coordinates(subjects.geometries)
        parts = []
        for i, rule in enumerate(rules.rules):
            with shared_prepared():  # per rule: a concurrent check waits for a rule, not a whole check
                parts.append(self._match(i, rule, subjects, coord_counts))
        return RawConflicts.concat([p for p in parts if len(p)])

    def candidate_counts(self, subjects: Subjects, rules: RuleSet) -> np.ndarray:
        """Per subject, the (rule, feature) pairs whose envelopes meet its own, widened by the rule's
        distance (gis.cost): the spatial index's work only, no exact predicate."""
        counts = np.zeros(len(subjects), dtype=np.int64)
        for rule in rules.rules:
            chosen = subjects_for(rule, subjects)
            if len(chosen):
                pairs = self.layers[rule.laag].tree.query(probes(rule, subjects.bounds[chosen]))
                counts += np.bincount(chosen[pairs[0]], minlength=len(subjects))
        return counts

    def _match(
        self, rule_index: int, rule: Rule, subjects: Subjects, coord_counts: np.ndarray
    ) -> RawConflicts:
        chosen = subjects_for(rule, subjects)
        if not len(chosen):
            return RawConflicts()
        layer = self.layers[rule.laag]
        subject_idx, feature_idx = matching_pairs(rule, layer, subjects, chosen, coord_counts)
        mask = layer.mask(rule.filter)
        if mask is not None:
            keep = mask[feature_idx]
            subject_idx, feature_idx = subject_idx[keep], feature_idx[keep]
        if not len(subject_idx):
            return RawConflicts()
        s_geoms = subjects.geometries[subject_idx]
        f_geoms = layer.geometries[feature_idx]
        if rule.predicaat == "binnen_afstand":
            afstand = shapely.distance(s_geoms, f_geoms)
            touching = afstand == 0
        else:
            afstand = np.zeros(len(subject_idx), dtype=np.float64)
            touching = np.ones(len(subject_idx), dtype=bool)
        overlap = overlap_areas(
            s_geoms,
            f_geoms,
            touching & subjects.areal[subject_idx] & layer.areal[feature_idx],
            (subject_idx, feature_idx),
        )
        if rule.predicaat != "binnen_afstand":  # "ligt in": sharing an edge is not enough (lies_in)
            inside = _lies_in_pairs(layer, subjects, subject_idx, feature_idx, overlap)
            subject_idx, feature_idx, afstand, overlap = (
                subject_idx[inside],
                feature_idx[inside],
                afstand[inside],
                overlap[inside],
            )
        if rule.predicaat == "overlap_aandeel":  # the share in the layer's features together
            keep = _layer_share_keep(rule, layer, subjects, subject_idx, feature_idx, overlap)
            subject_idx, feature_idx, afstand, overlap = (
                column[keep] for column in (subject_idx, feature_idx, afstand, overlap)
            )
        return RawConflicts(
            rule=np.full(len(subject_idx), rule_index, dtype=np.int64),
            subject=subject_idx,
            rank=layer.id_rank[feature_idx],
            afstand=afstand,
            overlap=overlap,
            feature_id=layer.feature_id_column[feature_idx],
            feature_naam=layer.name_column[feature_idx],
        )
