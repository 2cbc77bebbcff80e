"""Layers: load vector files into RD New GeoDataFrames with metadata and a cached spatial index.

A layer directory holds one layer per ``*.gpkg``, ``*.geojson`` or ``*.shp`` file at its top level (not in
subfolders), named after the file stem; a directory without one is refused, so a mistyped folder never
replaces the loaded layers with none. A GeoPackage with several layers needs its metadata's ``laag``
(unless one of them is named like the file): loading only the first would silently drop the others. A missing CRS is refused; any other CRS is reprojected to EPSG:28992. Invalid geometries are
repaired (``make_valid``, structure method) and counted in ``Layer.warnings``; empty geometries are
dropped and counted too. A feature's id is its ``id`` column when present (must be unique), else its
0-based row number in the file.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from gis import crs as rd
from gis import heapgaps
from gis.errors import (
    LAYER_BAD_CRS,
    LAYER_BAD_METADATA,
    LAYER_BAD_NAME,
    LAYER_CHOICE_NEEDED,
    LAYER_DIR_EMPTY,
    LAYER_DUPLICATE_ID,
    LAYER_NO_CRS,
    LAYER_NOT_FOUND,
    LAYER_UNREADABLE,
    LayerError,
)
from gis.layer_formats import LAYER_FORMATS, layer_names, read_layer_file
from gis.metadata import DIRECTORY_FILE, SIDECAR_SUFFIX, LayerMeta, metadata_for, read_directory_metadata
from gis.prepared import shared_prepared
from processes.bestanden import reden

LAYER_SUFFIXES = tuple(LAYER_FORMATS)  # .gpkg, .geojson, .shp: each opened only as that format
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
ID_COLUMN = "id"
_GAPS: list[
    bytes
] = []  # placeholders in the small-object allocator's gaps (gis.heapgaps), kept with the layers
_GAPS_LOCK = threading.Lock()


@dataclass(eq=False)
class Layer:
    """One layer in EPSG:28992. Derived arrays and the STRtree are built once, on first use."""

    name: str
    frame: gpd.GeoDataFrame
    meta: LayerMeta
    feature_ids: list[Any]
    path: Path | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _tree: shapely.STRtree | None = field(default=None, repr=False)
    _masks: dict[tuple[tuple[str, Any], ...], np.ndarray] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def columns(self) -> tuple[str, ...]:
        """Attribute columns (without the geometry)."""
        return tuple(str(c) for c in self.frame.columns if c != self.frame.geometry.name)

    @cached_property
    def geometries(self) -> np.ndarray:
        return np.asarray(self.frame.geometry.array, dtype=object)

    @property
    def tree(self) -> shapely.STRtree:
        """The STRtree over :attr:`geometries`, built on first use and kept."""
        if self._tree is None:
            with self._lock:
                if self._tree is None:
                    self._tree = shapely.STRtree(self.geometries)
        return self._tree

    @cached_property
    def coord_counts(self) -> np.ndarray:
        """Number of vertices per feature (decides which side of a pair gets prepared)."""
        return np.asarray(shapely.get_num_coordinates(self.geometries))

    @cached_property
    def most_coords(self) -> int:
        """The largest number of vertices of a feature (0 for an empty layer)."""
        return int(self.coord_counts.max()) if len(self.coord_counts) else 0

    def prepare(self, indices: np.ndarray) -> None:
        """Prepare these features for fast predicates; prepared geometries stay prepared, shared by the
        process's threads: use them holding :func:`gis.prepared.shared_prepared`, as this does."""
        with shared_prepared():
            shapely.prepare(self.geometries[np.unique(indices)])

    @cached_property
    def areal(self) -> np.ndarray:
        """True where a feature has an area (dimension 2)."""
        return np.asarray(shapely.get_dimensions(self.geometries) == 2)

    @cached_property
    def id_rank(self) -> np.ndarray:
        """Position of every feature in the sort order of the feature ids (for deterministic output)."""
        keys = [_sort_key(v) for v in self.feature_ids]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        rank = np.empty(len(keys), dtype=np.int64)
        rank[order] = np.arange(len(keys), dtype=np.int64)
        return rank

    @cached_property
    def names(self) -> list[str | None]:
        """The name column (the metadata's ``naamkolom``, default ``naam``) as strings (None when absent),
        shown with conflicts."""
        column = self.meta.name_column
        if column not in self.frame.columns:
            return [None] * len(self.frame)
        return [None if _missing(v) else str(v) for v in self.frame[column].tolist()]

    @cached_property
    def feature_id_column(self) -> np.ndarray:
        """:attr:`feature_ids` as an object array (taken by index per conflict)."""
        return np.fromiter(self.feature_ids, dtype=object, count=len(self.feature_ids))

    @cached_property
    def name_column(self) -> np.ndarray:
        """:attr:`names` as an object array."""
        return np.fromiter(self.names, dtype=object, count=len(self.names))

    def mask(self, equals: Mapping[str, Any]) -> np.ndarray | None:
        """Boolean row mask for attribute equality (a rule's ``filter``); None when no filter."""
        if not equals:
            return None
        key = tuple(sorted(equals.items()))
        cached = self._masks.get(key)
        if cached is None:
            cached = np.ones(len(self.frame), dtype=bool)
            for column, value in key:
                cached &= (self.frame[column] == value).fillna(False).to_numpy(dtype=bool)
            self._masks[key] = cached
        return cached


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool | np.bool_):
        return (1, str(value))
    if isinstance(value, int | float | np.integer | np.floating):
        return (0, value)
    return (1, str(value))


def _python_scalar(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _choose_sublayer(path: Path, wanted: str | None) -> str | None:
    if path.suffix.lower() != ".gpkg":
        return wanted
    available = layer_names(path)
    if wanted is not None:
        if wanted not in available:
            raise LayerError(
                f"GeoPackage {path.name} heeft geen laag '{wanted}' (wel: {', '.join(available)}).",
                code=LAYER_NOT_FOUND,
            )
        return wanted
    if len(available) == 1:
        return available[0]
    if path.stem in available:
        return path.stem
    raise LayerError(
        f"GeoPackage {path.name} heeft {len(available)} lagen ({', '.join(available)}); kies er één met "
        f'laag = "..." in {path.stem}{SIDECAR_SUFFIX} of in de tabel [{path.stem}] van {DIRECTORY_FILE}.',
        code=LAYER_CHOICE_NEEDED,
        laag=path.stem,
        lagen=available,
    )


def _feature_ids(name: str, frame: pd.DataFrame) -> list[Any]:
    if ID_COLUMN not in frame.columns:
        return list(range(len(frame)))
    ids = [_python_scalar(v) for v in frame[ID_COLUMN].tolist()]
    if any(_missing(v) for v in ids):
        raise LayerError(
            f"Laag '{name}': de kolom id heeft lege waarden.", code=LAYER_DUPLICATE_ID, laag=name
        )
    ids = [int(v) if isinstance(v, float) and v.is_integer() else v for v in ids]
    if len(set(ids)) != len(ids):
        raise LayerError(f"Laag '{name}': de kolom id is niet uniek.", code=LAYER_DUPLICATE_ID, laag=name)
    return ids


def _to_rd(name: str, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        raise LayerError(
            f"Laag '{name}' heeft geen coördinatenstelsel (CRS); leg het vast in het bestand.",
            code=LAYER_NO_CRS,
            laag=name,
        )
    if rd.is_rd(frame.crs):
        frame = frame.set_crs(rd.RD_EPSG, allow_override=True)
    else:
        frame = frame.to_crs(rd.RD_EPSG)
    bounds = shapely.bounds(np.asarray(frame.geometry.array, dtype=object))
    present = ~np.isnan(bounds).all(axis=1)  # missing/empty geometries are dropped later
    bounds = bounds[present]
    if not (np.isfinite(bounds).all(axis=1) & rd.within(bounds, rd.LAYER_RD_BOUNDS)).all():
        raise LayerError(
            f"Laag '{name}' ligt na omrekening naar RD (EPSG:28992) niet in Nederland; klopt de CRS ({frame.crs})?",
            code=LAYER_BAD_CRS,
            laag=name,
        )
    return frame


def repair_geometries(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Repair invalid geometries (structure method, collapsed parts dropped); returns (geoms, repaired mask)."""
    invalid = ~shapely.is_valid(geometries) & ~shapely.is_missing(geometries)
    if invalid.any():
        geometries = geometries.copy()
        geometries[invalid] = shapely.make_valid(
            geometries[invalid], method="structure", keep_collapsed=False
        )
    return geometries, invalid


def layer_from_frame(
    name: str, frame: gpd.GeoDataFrame, meta: LayerMeta, *, path: Path | None = None
) -> Layer:
    """Validate, reproject and repair an in-memory GeoDataFrame into a Layer (used by the loaders and tests)."""
    if not NAME_PATTERN.match(name):
        raise LayerError(
            f"Laagnaam '{name}' is ongeldig: gebruik letters, cijfers, _ en -.",
            code=LAYER_BAD_NAME,
            laag=name,
        )
    if meta.naamkolom is not None and meta.naamkolom not in frame.columns:
        raise LayerError(
            f"Laag '{name}': de naamkolom '{meta.naamkolom}' uit de metadata bestaat niet in de laag.",
            code=LAYER_BAD_METADATA,
            laag=name,
        )
    ids = _feature_ids(name, frame)
    frame = _to_rd(name, frame)
    warnings: list[dict[str, Any]] = []
    geometries, repaired = repair_geometries(np.asarray(frame.geometry.array, dtype=object))
    if repaired.any():
        frame = frame.set_geometry(gpd.GeoSeries(geometries, index=frame.index, crs=rd.RD_EPSG))
        warnings.append(
            {
                "code": "geometrie-hersteld",
                "laag": name,
                "aantal": int(repaired.sum()),
                "detail": f"{int(repaired.sum())} ongeldige geometrie(ën) in laag '{name}' hersteld (make_valid).",
            }
        )
    empty = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    if empty.any():
        keep = ~empty
        frame = frame[keep].reset_index(drop=True)
        ids = [i for i, k in zip(ids, keep, strict=True) if k]
        warnings.append(
            {
                "code": "geometrie-leeg",
                "laag": name,
                "aantal": int(empty.sum()),
                "detail": f"{int(empty.sum())} object(en) zonder geometrie in laag '{name}' overgeslagen.",
            }
        )
    return Layer(name=name, frame=frame, meta=meta, feature_ids=ids, path=path, warnings=warnings)


def load_layer(
    path: Path | str,
    *,
    name: str | None = None,
    meta: LayerMeta | None = None,
    sublayer: str | None = None,
    directory_tables: Mapping[str, Any] | None = None,
) -> Layer:
    """Load one file. Metadata comes from ``meta`` or else the sidecar / ``lagen.toml`` (see gis.metadata)."""
    path = Path(path)
    if not path.is_file():
        raise LayerError(f"Laagbestand {path} bestaat niet.", code=LAYER_NOT_FOUND)
    name = name or path.stem
    if meta is None:
        meta = metadata_for(path, directory_tables)
    try:
        frame = read_layer_file(path, layer=_choose_sublayer(path, sublayer or meta.laag))
    except (DataSourceError, DataLayerError) as exc:
        title = LAYER_FORMATS[path.suffix.lower()].title
        raise LayerError(
            f"Laag '{name}' is onleesbaar: {path.name} is geen leesbaar {title}-bestand ({exc}).",
            code=LAYER_UNREADABLE,
            laag=name,
        ) from None
    except OSError as exc:
        raise LayerError(
            f"Laag '{name}' is onleesbaar: {path.name} ({reden(exc)}).", code=LAYER_UNREADABLE, laag=name
        ) from None
    return layer_from_frame(name, frame, meta, path=path)


def layer_files(directory: Path) -> list[Path]:
    """The layer files of a directory, sorted by name."""
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in LAYER_SUFFIXES)


def read_layers(directory: Path | str) -> dict[str, Layer]:
    """Every layer file in ``directory`` in a dict keyed (and ordered) by layer name, for a caller that
    uses them once and drops them (``ruimteflow gis load``: into PostGIS)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LayerError(f"Lagenmap {directory} bestaat niet.", code=LAYER_NOT_FOUND)
    files = layer_files(directory)
    if not files:
        raise _no_layers(directory)
    tables = read_directory_metadata(directory)
    layers: dict[str, Layer] = {}
    for path in files:
        if path.stem in layers:
            raise LayerError(
                f"Twee bestanden heten '{path.stem}' in {directory}; één laag per naam.",
                code=LAYER_BAD_NAME,
                laag=path.stem,
            )
        layers[path.stem] = load_layer(path, directory_tables=tables)
    return layers


def _no_layers(directory: Path) -> LayerError:
    """A directory without layer files is refused: loading it would replace every layer with none."""
    *first, last = LAYER_SUFFIXES
    kinds = f"{', '.join(s + '-' for s in first)} en {last}-bestanden"  # .gpkg-, .geojson- en .shp-bestanden
    nested = sorted(p.name for p in directory.iterdir() if p.is_dir() and layer_files(p))
    hint = f" De submappen {', '.join(nested)} bevatten wel lagen." if nested else ""
    return LayerError(
        f"Geen lagen gevonden in {directory}: Ruimteflow leest {kinds} direct in die map, "
        f"niet in submappen.{hint}",
        code=LAYER_DIR_EMPTY,
    )


def load_layers(directory: Path | str) -> dict[str, Layer]:
    """The layers of ``directory`` (as :func:`read_layers`) for a process that keeps them: settled as
    long-lived afterwards (:func:`settle_long_lived`)."""
    layers = read_layers(directory)
    settle_long_lived()
    return layers


def settle_long_lived() -> None:
    """Keep what lives now (the layers) out of every later garbage collection, and the allocator's gaps
    among them out of every later check.

    Each shapely geometry is tracked by Python's cyclic collector; with a million layer features every
    full collection, which any large request can trigger, scans them all again (~0.1 s). ``gc.freeze``
    moves everything alive into the permanent generation; collecting first keeps garbage out of it.
    Reference counting still frees the geometries of a replaced layer; what such a layer holds in
    reference cycles is freed after the next load (which unfreezes first). The free blocks that loading
    left between the objects that stay are then filled (see gis.heapgaps), once per load.
    """
    gc.unfreeze()  # layers of an earlier load that are gone by now can be collected again
    gc.collect()
    with _GAPS_LOCK:
        _GAPS.clear()  # the gaps of an earlier load: what is free now is filled again below
        _GAPS.extend(heapgaps.fill_gaps())
    gc.freeze()
