"""Public facade of gis/: the only functions the CLI, the API and services should call.

Wiring (done elsewhere, calling exactly this):

- ``ruimteflow gis layers [DIR]`` prints ``layer_summaries(load_layers(DIR))``.
- ``ruimteflow gis check FILE [--crs EPSG:28992]`` prints
  ``check(FILE's bytes, layers, load_rules(rules_path, layers), crs=...)``.
- ``POST /api/v1/locatiecheck`` (body: GeoJSON FeatureCollection, query ``crs``) answers
  ``check(the request's parsed document, cache.get(dir), rules, crs=...)`` (no overrides: those are a
  case's, which only its workflow step passes); a ``processes.errors.RuimteflowError`` raised here maps to
  problem+json (400 / 413 / 500 by ``status``).
- A web process keeps one ``LayerCache`` so layers (and their spatial indexes) load once.
- With PostGIS: ``backend = services.store.postgis.PostgisBackend(engine)``; ``backend.sync(layers)`` once after a
  layer change, then ``check(body, backend, load_rules(path, backend.catalog()))``.

Signatures and output:

``load_layers(directory) -> dict[str, Layer]``       for a process that keeps them (settled as long-lived)
``read_layers(directory) -> dict[str, Layer]``       the same, for a caller that uses them once
``load_rules(path, layers) -> RuleSet``            (layers: the dict above or a PostGIS catalog)
``rule_layers(path) -> set[str]``                  every layer the rules name (a load's check of its folder)
``rule_soorten(path) -> dict[str, str]``           the rules' known soorten (what subjects are parsed against)
``parse(subjects_geojson, soorten, crs=None, *, max_bytes=20 MB) -> Subjects``  the subjects as check reads them
``document_features(document) -> list[dict]``      a parsed document's features as check reads them (no geometry built)
``check(subjects_geojson, layers, rules, crs=None, overrides=(), *, max_bytes=20 MB, peildatum=None,
gebied=None, max_conflicts=None, caps=None) -> dict``
    subjects_geojson: FeatureCollection (dict, str or bytes), every feature with property ``soort``;
    WGS84 unless ``crs`` or the legacy GeoJSON ``crs`` member says otherwise.
    overrides: iterable of (regel, laag, feature_id) judged not applicable (feature_id compared as text).
    peildatum: when given, rules with geldig_vanaf later than it are skipped.
    Returns {"conflicten": [...], "samenvatting": {...}, "waarschuwingen": [...]}:
      conflict: regel, laag, feature_id, feature_naam, onderwerp_index, soort, ernst, afdeling,
                beschrijving, bron, afstand_m, overlap_m2, overlap_aandeel, intern, overschreven;
                afstand_m is None for a rule the subject lies in (snijdt, overlap_aandeel)
      samenvatting: afdelingen (sorted), hoogste_ernst (or None), aantal, aantal_overschreven,
                    per_ernst, aantal_onderwerpen
      waarschuwingen: {"code": "geometrie-hersteld" | "buiten-gemeente", "onderwerp_index": i, "detail": "..."}
    gebied: the municipality's area (RD New), when known: an object not inside it gets a warning
    ``buiten-gemeente``, since the layers and rules of the municipality do not cover it there.
    max_conflicts: when given, more conflicts than this are refused (TooManyConflicts, 422
    ``gis-te-veel-conflicten``) as soon as they are found, before the rest is matched (the API's bound).
    caps: with max_conflicts, a ``CostCaps``: a check over its area, candidates or work is refused (413,
    gis.cost) before any exact predicate runs.
``area_position(gebied, geometries) -> (inside, partly)``  per geometry, against the municipality's area
``public_view(result) -> dict``                    the result without ``intern`` conflicts
``nearest_per_feature(conflicts) -> list[dict]``     one location in parts: one conflict per feature
``remarks(conflicts) -> list[(tekst, ernst)]``      the public remarks, one per kind
``layer_summaries(layers) -> list[dict]``          name, familie, features, crs, bron, peildatum, ...
``LayerCache().get(directory) -> dict[str, Layer]``
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from gis.bounded import find_bounded
from gis.cache import LayerCache
from gis.cost import CostCaps, refuse_area
from gis.gcpause import collector_paused
from gis.layers import Layer, load_layer, load_layers, read_layers
from gis.matching import ConflictBackend, MemoryBackend
from gis.prepared import shared_prepared
from gis.report import build_report, nearest_per_feature, public_view, remarks
from gis.rules import RuleSet, default_rules_path, load_rules, parse_rules, rule_layers, rule_soorten
from gis.subjects import DEFAULT_MAX_BYTES, Subjects, document_features, parse_subjects


def parse(
    subjects_geojson: Mapping[str, Any] | str | bytes,
    soorten: Mapping[str, str],
    crs: str | None = None,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Subjects:
    """The subjects of a check, read and validated against ``soorten`` (the rules' known kinds) as
    :func:`check` does, for a caller that parses before it reads its layers (services.locatiecheck: not
    under the layers' lock); pass the result to :func:`check` as its ``subjects_geojson``."""
    with collector_paused():  # many short-lived containers, no cycles: see gis.gcpause
        return parse_subjects(subjects_geojson, soorten, crs=crs, max_bytes=max_bytes)


def check(
    subjects_geojson: Mapping[str, Any] | str | bytes | Subjects,
    layers: Mapping[str, Layer] | ConflictBackend,
    rules: RuleSet,
    crs: str | None = None,
    overrides: Iterable[Any] = (),
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    peildatum: dt.date | None = None,
    gebied: Any = None,
    max_conflicts: int | None = None,
    caps: CostCaps | None = None,
) -> dict[str, Any]:
    """Check subjects against every rule; ``layers`` is the in-memory layer dict or a backend.
    ``subjects_geojson`` may be parsed already (:func:`parse`; ``crs`` and ``max_bytes`` are then unused).
    ``max_conflicts``: stop and refuse (gis.bounded) once more conflicts are found. ``caps`` (with
    ``max_conflicts``): refuse a check over the caller's bounds of area, candidates and work before it
    runs (gis.cost)."""
    with collector_paused():  # many short-lived containers, no cycles: see gis.gcpause
        subjects = (
            subjects_geojson
            if isinstance(subjects_geojson, Subjects)
            else parse_subjects(subjects_geojson, rules.soorten, crs=crs, max_bytes=max_bytes)
        )
        if caps is not None:
            refuse_area(subjects, caps)
        if gebied is not None:  # a new Subjects: one parsed by the caller is not changed
            subjects = replace(
                subjects, warnings=[*subjects.warnings, *outside_area(subjects.geometries, gebied)]
            )
        active = rules.active(peildatum)
        backend = layers if isinstance(layers, ConflictBackend) else MemoryBackend(layers)
        if max_conflicts is None:
            raw = backend.find_conflicts(subjects, active)
        else:
            raw = find_bounded(backend, subjects, active, max_conflicts, caps)
        return build_report(raw, subjects, active, overrides)


def outside_area(geometries: Any, gebied: Any) -> list[dict[str, Any]]:
    """A warning for each object that does not lie inside ``gebied`` (the municipality, RD New): "no
    conflicts" says nothing there, as the municipality's layers and rules end at its border."""
    import numpy as np

    inside, partly = area_position(gebied, geometries)
    return [
        {
            "code": "buiten-gemeente",
            "onderwerp_index": int(i),
            "detail": f"Object {int(i)} ligt {'deels ' if partly[i] else ''}buiten het gemeentegebied. De lagen "
            "en regels van de gemeente dekken het daar niet: dat er daar geen conflict is gevonden, zegt niets.",
        }
        for i in np.flatnonzero(~inside)
    ]


def area_position(gebied: Any, geometries: Any) -> tuple[Any, Any]:
    """(inside, partly) per geometry: covered by ``gebied``, and partly inside it (the interiors meet: a
    shared border alone is not "deels"). ``gebied`` is the municipality's area as kept, prepared and shared
    by the process's threads, so this holds :func:`gis.prepared.shared_prepared`."""
    import shapely

    with shared_prepared():
        inside = shapely.covers(gebied, geometries)
        partly = shapely.intersects(gebied, geometries) & ~shapely.touches(gebied, geometries)
    return inside, partly


def layer_summaries(layers: Mapping[str, Layer]) -> list[dict[str, Any]]:
    """One line per layer for people and the API."""
    return [
        {
            "name": name,
            "familie": layer.meta.familie,
            "features": len(layer),
            "crs": "EPSG:28992",
            "bron": layer.meta.bron,
            "peildatum": layer.meta.peildatum.isoformat(),
            "licentie": layer.meta.licentie,
            "titel": layer.meta.titel,
            "geometrie": sorted(set(layer.frame.geom_type.dropna().unique().tolist())),
            "kolommen": list(layer.columns),
            "waarschuwingen": list(layer.warnings),
        }
        for name, layer in layers.items()
    ]


__all__ = [
    "DEFAULT_MAX_BYTES",
    "Layer",
    "LayerCache",
    "RuleSet",
    "CostCaps",
    "area_position",
    "check",
    "default_rules_path",
    "document_features",
    "layer_summaries",
    "load_layer",
    "load_layers",
    "load_rules",
    "nearest_per_feature",
    "parse",
    "parse_rules",
    "read_layers",
    "public_view",
    "remarks",
    "rule_layers",
    "rule_soorten",
]
