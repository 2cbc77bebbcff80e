"""The locatiecheck as a use case: the configured layers and rules, a check of a GeoJSON document.

The check itself lives in gis/ (pure). Here we pick the configured layers and rules (generated demo
layers by default) and cache them per process. The CLI (`ruimteflow gis check`), the API and the
service task of services.domain.locatiecheck all use these functions.

Where the layers live depends on the database: with SQLite (the embedded default) every process
keeps them in memory (a LayerCache); with PostgreSQL they live in PostGIS (``ruimteflow gis load
DIR``) and the check, the map and the wijkanalyse query PostGIS, so web workers hold no layer.
When PostGIS has no layers yet, the first use loads the configured directory into it once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from processes import strikte_json
from processes.bestanden import eis_bestand
from services.clock import today
from services.config import Settings

_lock = threading.Lock()
_layer_cache: Any = None
#: per rules file path: (its mtime and the layers it was checked against, the rules loaded); a save of the
#: file replaces its entry, so the cache holds one version per path
_rules_cache: dict[str, tuple[tuple[float, str], Any]] = {}
_engines: dict[str, Any] = {}
_catalogs: dict[tuple[str, str], tuple[Any, dict[str, Any]]] = {}
LAYER_PREFIX = "gis_laag_"


def uses_postgis(settings: Settings) -> bool:
    """Layers live in PostGIS when the platform runs on PostgreSQL."""
    return settings.resolved_database_url.startswith(("postgresql", "postgres:"))


def _engine(settings: Settings) -> Any:
    """The engine of the layers' database, opened once per URL; a Dutch DatabaseUnavailable (exit code
    2 in the CLI) when it cannot be reached, not a driver's traceback."""
    url = settings.resolved_database_url
    with _lock:
        if url not in _engines:
            from services.store.db_errors import open_engine

            _engines[url] = open_engine(url)
        return _engines[url]


def postgis_backend(settings: Settings, bind: Any = None) -> Any:
    """The PostGIS backend of this platform (``bind``: an engine or the step's connection)."""
    from services.store.postgis import PostgisBackend

    return PostgisBackend(bind if bind is not None else _engine(settings), prefix=LAYER_PREFIX)


def load_into_postgis(settings: Settings, directory: Path | str, *, force: bool = False) -> list[str]:
    """``ruimteflow gis load DIR``: (re)load the layers of a directory into PostGIS; returns the names loaded.

    The database is reached first (a refusal before a long read); a directory without layer files is
    refused by read_layers before the sync, whose prune would otherwise drop every stored layer."""
    from gis.api import read_layers

    backend = postgis_backend(settings)
    layer_dict = read_layers(directory)
    _refuse_unfit_rules(settings, directory, layer_dict)
    loaded = backend.sync(layer_dict, force=force, prune=True)
    with _lock:
        _catalogs.clear()
    return loaded


def _refuse_unfit_rules(settings: Settings, directory: Path | str, layer_dict: Mapping[str, Any]) -> None:
    """A layer folder the rules do not fit is refused before it replaces the stored layers: loaded, every
    check (a new case with a location) would fail on the rules until the next load (review sessie16,
    beheer 2). Names every layer the rules use that the folder lacks, else the rules' own refusal (a
    filter on a column the new layer lacks), as `gis check` on the folder gives it."""
    from gis.api import rule_layers
    from gis.errors import RULE_UNKNOWN_LAYER, RuleError

    try:
        rules(settings, layer_dict)
    except RuleError as exc:
        path = rules_path(settings)
        missing = sorted(rule_layers(path) - set(layer_dict))
        if exc.code != RULE_UNKNOWN_LAYER or not missing:
            raise
        one = len(missing) == 1
        raise RuleError(
            f"De lagenmap '{directory}' mist {'de laag' if one else 'de lagen'} {', '.join(missing)}, "
            f"die de locatieregels ({path}) gebruiken. Er is niets geladen; voeg "
            f"{'die laag' if one else 'die lagen'} toe aan de map of pas de regels aan.",
            code=RULE_UNKNOWN_LAYER,
            lagen=missing,
        ) from None


def postgis_catalog(settings: Settings, backend: Any) -> dict[str, Any]:
    """The PostGIS layer catalog, cached per process until a load changes it (one small query per call)."""
    stamp = backend.stamp()
    if stamp is None:  # nothing loaded yet: bootstrap from the configured directory, once
        load_into_postgis(settings, layers_dir(settings))
        stamp = backend.stamp()
    return _catalog_at(settings, backend, stamp)


def _catalog_at(settings: Settings, backend: Any, stamp: Any) -> dict[str, Any]:
    """The catalog of the layers whose :meth:`stamp` is ``stamp``: the one kept under it, else read and kept."""
    key = (settings.resolved_database_url, backend.prefix)
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


def _catalog_kept(settings: Settings, backend: Any) -> bool:
    """Whether this process keeps a catalog of the backend's layers read under a stamp (they were loaded)."""
    with _lock:
        cached = _catalogs.get((settings.resolved_database_url, backend.prefix))
    return cached is not None and cached[0] is not None


@contextmanager
def _one_state(settings: Settings, source: Any) -> Iterator[tuple[Any, Mapping[str, Any]]]:
    """The layer source of one check and the layers its rules are read against, both of one state of the
    layers: the in-memory layers (kept as they were given), or the PostGIS backend's snapshot (one READ ONLY
    transaction under the layers' shared lock; on a step's connection, the step's transaction) with the
    catalog read in it, so the rules, the municipal area and the conflicts of the check all follow one load.
    When this process keeps no catalog of the layers (its first check, or after a load in it), the stamp is
    read before the snapshot, and when nothing was ever loaded the bootstrap of :func:`postgis_catalog` loads
    there (a load waits for the shared lock, which a step's transaction holds until the step ends); both in
    a transaction of their own: a step's would hold its read of the registry, for which a load waits (its
    ALTER TABLE) while it holds the lock the step then asks for."""
    if isinstance(source, dict):
        yield source, source
        return
    if not _catalog_kept(settings, source):
        postgis_catalog(settings, postgis_backend(settings))
    with source.snapshot() as layers:
        yield layers, _catalog_at(settings, layers, layers.stamp())


def step_layers(settings: Settings, bind: Any) -> tuple[Any, Mapping[str, Any]]:
    """The PostGIS layers of a step on its connection ``bind`` and their catalog, of one state of the layers
    (:func:`_one_state`, as the step's locatiecheck reads them): the step's transaction holds the layers'
    shared lock from the catalog's read to its end, so what the step reads of them later follows the same
    load, and a `gis load` meanwhile waits for the step (services.domain.energie_gis)."""
    with _one_state(settings, postgis_backend(settings, bind)) as (layers, catalog):
        return layers, catalog  # the snapshot is the step's transaction: nothing ends with this block


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


def forget_layers(directory: Path) -> None:
    """Drop the in-memory layers of ``directory`` and the folders under it from this process: a temporary
    folder that is removed (a scenario run's, services.scenarios), whose layers would stay for good."""
    with _lock:
        cache = _layer_cache
    if cache is not None:
        cache.forget(directory)


def rules_path(settings: Settings, override: str | None = None) -> Path:
    """The rules file: ``override``, else RUIMTEFLOW_GIS_RULES, else the demo municipality's."""
    from gis.api import default_rules_path

    return Path(override or settings.gis_rules_file or default_rules_path())


def _rules_file(settings: Settings, override: str | None = None) -> tuple[Path, float]:
    """The rules file (refused when it is not there) and its mtime, under which what is read from it is kept."""
    path = rules_path(settings, override)
    eis_bestand(path, "Regelbestand", code="regels-onbekend")
    return path, path.stat().st_mtime


def soorten(settings: Settings, override: str | None = None) -> Mapping[str, str]:
    """The known soorten of the rules file, which no layer changes: what a check's body is parsed against
    before its layers are read. Those of the rules kept for the file when it is unchanged, else read."""
    from gis.api import rule_soorten

    path, mtime = _rules_file(settings, override)
    with _lock:
        cached = _rules_cache.get(str(path))
    return cached[1].soorten if cached is not None and cached[0][0] == mtime else rule_soorten(path)


def rules(settings: Settings, layer_dict: Mapping[str, Any], override: str | None = None) -> Any:
    from gis.api import load_rules

    path, mtime = _rules_file(settings, override)
    version = (mtime, ",".join(sorted(layer_dict)))
    with _lock:
        cached = _rules_cache.get(str(path))
        if cached is None or cached[0] != version:
            cached = _rules_cache[str(path)] = (version, load_rules(path, layer_dict))
        return cached[1]


def check_document(
    settings: Settings,
    body: bytes | str | dict[str, Any],
    *,
    peildatum: dt.date,
    crs: str | None = None,
    layers_dir: str | None = None,
    rules_file: str | None = None,
    buiten_gemeente: bool = False,
    public: bool = False,
    max_conflicts: int | None = None,
    caps: Any = None,
    overrides: Iterable[Any] = (),
    bind: Any = None,
) -> dict[str, Any]:
    """The check of ``body`` with the rules in force on ``peildatum`` (a rule's geldig_vanaf).
    ``buiten_gemeente``: warn for each object outside the municipality (the layer ``gemeente``), where
    "no conflicts" says nothing (the API and the command line; the application form refuses such a place).
    ``public``: only the rules an initiator or outside party may see (none marked ``intern``).
    ``max_conflicts``: refuse (422) as soon as more conflicts are found (gis.bounded); ``caps`` (with it):
    refuse (413) a check over its bounds of area, candidates and work before it runs (gis.cost).
    ``overrides``, ``bind``: a step's overridden conflicts and its connection (services.domain.locatiecheck).
    The body is parsed and validated first (GeoJSON, soorten against the rules file's, geometries; a text
    body also its size and JSON: a document parsed already passed those before, the API's in web.hygiene
    under the request's size limit), before the layers' snapshot: a body of up to 20 MB is not parsed under the layers' shared
    lock, for which a `gis load` waits, and a bad one is refused without it. The catalog the rules are read
    against, the municipal area and the conflicts come from one state of the layers (:func:`_one_state`):
    a `gis load` meanwhile never pairs an old area with new conflicts."""
    from gis.api import check, parse

    source = layer_source(settings, layers_dir, bind=bind)
    subjects = parse(body, soorten(settings, rules_file), crs, max_bytes=settings.max_body_bytes)
    with _one_state(settings, source) as (layers, known):
        ruleset = rules(settings, known, rules_file)
        if public:
            ruleset = ruleset.public()
        gebied = _municipal_area(layers, known) if buiten_gemeente else None
        return check(
            subjects,
            layers,
            ruleset,
            overrides=overrides,
            peildatum=peildatum,
            gebied=gebied.area if gebied else None,
            max_conflicts=max_conflicts,
            caps=caps,
        )


def _municipal_area(source: Any, catalog: Mapping[str, Any]) -> Any:
    """The municipality's area of the check's layer source: in memory, or in PostGIS from the backend
    itself, kept under the signatures of its layers in ``catalog`` (read for the check's rules already)."""
    from services.gemeente_area import area_in_postgis, area_of

    return area_of(source) if isinstance(source, dict) else area_in_postgis(source, catalog)


def is_municipal(platform: Any, username: str) -> bool:
    """Is ``username`` the municipality's own staff (policy.is_municipal), whose bounds are a batch's?"""
    from services import policy

    with platform.uow(write=False) as uow:
        actor = policy.actor_for(uow.session, username)
    return policy.is_municipal(actor, policy.rules(platform.settings))


def body_cap(platform: Any, username: str) -> int:
    """The most bytes the JSON body of ``username``'s check may hold (services.locatiecheck_limits)."""
    from services.locatiecheck_limits import body_cap as cap

    return cap(is_municipal(platform, username), platform.settings)


def check_as(
    platform: Any, username: str, body: bytes | str | dict[str, Any], *, crs: str | None = None
) -> dict[str, Any]:
    """The check over the API for ``username`` (``body``: the document as parsed, the API's by web.hygiene,
    or its text, parsed here), within the bounds of services.locatiecheck_limits: the municipality's staff
    see every conflict; an initiator or an outside party sees the public view, as on the application form
    (rules marked ``intern``, such as the Bevi contour with its installation's name, are not theirs: not
    matched, so not counted in the bound either, which would otherwise tell them how many internal
    conflicts a place has). The body is parsed once: the bounds and the check read the same document. An
    account outside the municipality is counted once its request passed the cheap bounds of
    check_request, before the geometries are built (its hourly budget: 429 once it is used up)."""
    from services.locatiecheck_limits import MAX_CONFLICTS, caps_for, charge_check, check_request

    municipal = is_municipal(platform, username)
    document = body if isinstance(body, dict) else strikte_json.loads(body, "De locatiecheck")
    check_request(document, municipal=municipal, settings=platform.settings)
    if not municipal:
        charge_check(platform, username)
    return check_document(
        platform.settings,
        document,
        crs=crs,
        peildatum=today(platform.clock),
        buiten_gemeente=True,
        public=not municipal,
        max_conflicts=MAX_CONFLICTS,
        caps=caps_for(municipal),
    )


def layer_list(settings: Settings, *, layers_dir: str | None = None) -> list[dict[str, Any]]:
    from gis.api import layer_summaries

    source = layer_source(settings, layers_dir)
    if isinstance(source, dict):
        return layer_summaries(source)
    from services.store.postgis_read import catalog_summaries

    return catalog_summaries(source, postgis_catalog(settings, source))
