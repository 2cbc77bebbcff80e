"""The locatiecheck as a service task, for the CLI and for the API.

The check itself lives in gis/ (pure). Here we pick the configured layers and rules (generated demo
layers by default), check a case's geometry, store the conflicts on the case and honour overrides:
an overridden conflict no longer routes work to its department.

Where the layers live depends on the database: with SQLite (the embedded default) every process
keeps them in memory (a LayerCache); with PostgreSQL they live in PostGIS (``ruimteflow gis load
DIR``) and the check, the map and the wijkanalyse query PostGIS, so web workers hold no layer.
When PostGIS has no layers yet, the first use loads the configured directory into it once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shapely import wkt as shapely_wkt
from shapely.geometry import mapping
from sqlalchemy import select

from services.config import Settings
from services.engine.context import current
from services.registry import register_service

_lock = threading.Lock()
_layer_cache: Any = None
_rules_cache: dict[tuple[str, float, str], Any] = {}
_engines: dict[str, Any] = {}
_catalogs: dict[tuple[str, str], tuple[Any, dict[str, Any]]] = {}
LAYER_PREFIX = "gis_laag_"


def uses_postgis(settings: Settings) -> bool:
    """Layers live in PostGIS when the platform runs on PostgreSQL."""
    return settings.resolved_database_url.startswith(("postgresql", "postgres:"))


def _engine(settings: Settings) -> Any:
    url = settings.resolved_database_url
    with _lock:
        if url not in _engines:
            from services.store import db

            _engines[url] = db.make_engine(url)
        return _engines[url]


def postgis_backend(settings: Settings, bind: Any = None) -> Any:
    """The PostGIS backend of this platform (``bind``: an engine or the step's connection)."""
    from gis.postgis import PostgisBackend

    return PostgisBackend(bind if bind is not None else _engine(settings), prefix=LAYER_PREFIX)


def load_into_postgis(settings: Settings, directory: Path | str, *, force: bool = False) -> list[str]:
    """``ruimteflow gis load DIR``: (re)load the layers of a directory into PostGIS; returns the names loaded."""
    from gis.api import load_layers

    layer_dict = load_layers(directory)
    loaded = postgis_backend(settings).sync(layer_dict, force=force, prune=True)
    with _lock:
        _catalogs.clear()
    return loaded


def postgis_catalog(settings: Settings, backend: Any) -> dict[str, Any]:
    """The PostGIS layer catalog, cached per process until a load changes it (one small query per call)."""
    key = (settings.resolved_database_url, backend.prefix)
    stamp = backend.stamp()
    if stamp is None:  # nothing loaded yet: bootstrap from the configured directory, once
        load_into_postgis(settings, layers_dir(settings))
        stamp = backend.stamp()
    with _lock:
        cached = _catalogs.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    catalog = backend.catalog()
    with _lock:
        _catalogs[key] = (stamp, catalog)
    return catalog


def layer_source(settings: Settings, override: str | None = None, *, bind: Any = None) -> Any:
    """What the check matches against: a PostGIS backend, or the in-memory layers (SQLite, or an explicit directory)."""
    if override is None and uses_postgis(settings):
        return postgis_backend(settings, bind)
    return layers(settings, override)


def source_and_rules(
    settings: Settings, override: str | None = None, rules_file: str | None = None, *, bind: Any = None
) -> tuple[Any, Any]:
    source = layer_source(settings, override, bind=bind)
    known = source if isinstance(source, dict) else postgis_catalog(settings, source)
    return source, rules(settings, known, rules_file)


def layers_dir(settings: Settings, override: str | None = None) -> Path:
    if override:
        return Path(override)
    if settings.gis_layers_dir:
        return Path(settings.gis_layers_dir)
    from gis.demo import demo_layers_dir

    return demo_layers_dir(Path(settings.instance_dir))


def layers(settings: Settings, override: str | None = None) -> dict[str, Any]:
    global _layer_cache
    from gis.api import LayerCache

    with _lock:
        if _layer_cache is None:
            _layer_cache = LayerCache()
        return _layer_cache.get(layers_dir(settings, override))


def rules(settings: Settings, layer_dict: Mapping[str, Any], override: str | None = None) -> Any:
    from gis.api import default_rules_path, load_rules

    path = Path(override or settings.gis_rules_file or default_rules_path())
    if not path.is_file():
        from processes.errors import ValidationError

        raise ValidationError(f"Regelbestand '{path}' bestaat niet.", code="regels-onbekend")
    key = (str(path), path.stat().st_mtime, ",".join(sorted(layer_dict)))
    with _lock:
        if key not in _rules_cache:
            _rules_cache[key] = load_rules(path, layer_dict)
        return _rules_cache[key]


def check_document(
    settings: Settings,
    body: bytes | str | dict[str, Any],
    *,
    crs: str | None = None,
    layers_dir: str | None = None,
    rules_file: str | None = None,
) -> dict[str, Any]:
    from gis.api import check

    source, ruleset = source_and_rules(settings, layers_dir, rules_file)
    return check(body, source, ruleset, crs=crs, max_bytes=settings.max_body_bytes)


def layer_list(settings: Settings, *, layers_dir: str | None = None) -> list[dict[str, Any]]:
    from gis.api import layer_summaries

    source = layer_source(settings, layers_dir)
    if isinstance(source, dict):
        return layer_summaries(source)
    from gis.postgis_read import catalog_summaries

    return catalog_summaries(source, postgis_catalog(settings, source))


def _summary(conflicts: list[dict[str, Any]]) -> dict[str, Any]:
    rank = {"blokkerend": 3, "waarschuwing": 2, "info": 1}
    live = [c for c in conflicts if not c.get("overschreven")]
    return {
        "afdelingen": sorted({c["afdeling"] for c in live}),
        "hoogste_ernst": max((c["ernst"] for c in live), key=lambda e: rank.get(e, 0)) if live else None,
        "aantal": len(live),
        "conflicten": [
            {k: c.get(k) for k in ("regel", "laag", "ernst", "afdeling", "beschrijving")} for c in live
        ],
    }


def _overrides(ctx: Any) -> set[tuple[str, str, str]]:
    """(regel, laag, feature_id) of the case's conflicts a person marked not applicable."""
    from services.store.models import CaseConflict

    session = ctx.extras.get("session")
    if session is None or ctx.case_id is None:
        return set()
    rows = session.scalars(
        select(CaseConflict).where(CaseConflict.case_id == ctx.case_id, CaseConflict.overschreven.is_(True))
    ).all()
    return {(c.regel, c.laag, c.feature_id) for c in rows}


def locatiecheck(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
    """Service task: check the case geometry; store conflicts on the case; return the routing summary."""
    ctx = current()
    if not ctx.geometry_wkt:
        ctx.event("locatiecheck", "Locatiecheck overgeslagen: de zaak heeft geen locatie.")
        return {**_summary([]), "opmerking": "geen locatie"}
    settings = ctx.settings or Settings()
    geom = shapely_wkt.loads(ctx.geometry_wkt)
    parts = list(getattr(geom, "geoms", [geom])) if geom.geom_type == "GeometryCollection" else [geom]
    fc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": mapping(g), "properties": {"soort": soort}} for g in parts
        ],
    }
    overrides = _overrides(ctx)
    from gis.api import check

    session = ctx.extras.get("session")
    bind = session.connection() if session is not None and uses_postgis(settings) else None
    source, ruleset = source_and_rules(settings, bind=bind)
    result = check(fc, source, ruleset, crs="EPSG:28992", overrides=overrides, max_bytes=None)
    ctx.conflicts = result["conflicten"]
    s = result["samenvatting"]
    ctx.event(
        "locatiecheck",
        f"Locatiecheck: {s['aantal']} conflict(en); adviseurs: {', '.join(s['afdelingen']) or 'geen'}",
    )
    return _summary(result["conflicten"])


def locatiecheck_samenvatting(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Service task: the current (override-aware) conflict summary of the case, read from its projection."""
    from services.store.models import CaseConflict

    ctx = current()
    session = ctx.extras.get("session")
    if session is None or ctx.case_id is None:
        return _summary([])
    rows = session.scalars(select(CaseConflict).where(CaseConflict.case_id == ctx.case_id)).all()
    return _summary(
        [
            {
                "regel": r.regel,
                "laag": r.laag,
                "ernst": r.ernst,
                "afdeling": r.afdeling,
                "beschrijving": r.beschrijving,
                "overschreven": r.overschreven,
            }
            for r in rows
        ]
    )


def register() -> None:
    register_service(
        "locatiecheck", locatiecheck, "GIS-conflictcheck van de zaaklocatie; slaat conflicten op"
    )
    register_service(
        "locatiecheck_samenvatting",
        locatiecheck_samenvatting,
        "huidige conflicten van de zaak (met overschrijvingen) als routeringsgegevens",
    )
