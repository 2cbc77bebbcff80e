"""Open a layer file with the one GDAL driver its extension names, and nothing else it could name.

GDAL picks a driver from a file's CONTENT: an ``evil.geojson`` holding OGR VRT XML
(``<OGRVRTDataSource>``) is opened as a VRT, whose ``SrcDataSource`` may be any file or database the
process can read (the app's own SQLite database) or a ``/vsicurl/`` URL, and its rows then show as a
layer. So every reader of a layer file comes here (gis.layers for the layers, `gis layers` and
`gis load`; gis.bag for a BAG extract), and a file is opened only as the format of its extension:

- its first bytes must be that format's (a GeoPackage is an SQLite file with application id GPKG; a
  shapefile starts with file code 9994; GeoJSON text starts with ``{``), checked before GDAL sees it,
  so no other driver can claim it (the VRT driver wants ``<OGRVRTDataSource`` in the first bytes);
- GDAL is told the driver where it can be (``GeoJSON:`` and ``GPKG:`` before the path; a GeoPackage
  whose path holds a ``:`` cannot take the prefix and relies on the check above, as a shapefile does);
- a GeoJSON ``crs`` of any type but ``name`` is refused: GDAL fetches a ``link`` or ``url`` CRS over
  HTTP, for the file and for every geometry that has one; a ``name`` is resolved without network or
  file access;
- a GeoPackage names no other source: a view cannot reach another database (SQLite refuses it), GDAL
  registers neither its OGR SQL functions (``ogr_datasource_load_layers``, ``ogr_geocode``) nor the
  VirtualOGR module on a GeoPackage connection (checked with GDAL 3.12: "no such function/module"
  even with ALLOW_OGR_SQL_FUNCTIONS_FROM_TRIGGER_AND_VIEW=YES), and reading fires no trigger.

A shapefile's sidecars (.dbf, .shx, .prj, .cpg) are read beside it and only as what they are; a .prj
naming a URL is not fetched. ``.vrt`` is no layer extension, so such a file is never opened. The file
and its sidecars are opened once, as plain files of the folder (no links), and the checks and GDAL read
those very files (gis.layer_open): one replaced after its check is not what GDAL reads.
"""

from __future__ import annotations

import json
import mmap
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from gis.errors import LAYER_LINKED_CRS, LAYER_WRONG_FORMAT, LayerError
from gis.layer_open import opened_layer


@dataclass(frozen=True)
class LayerFormat:
    """One accepted layer format: its GDAL driver, its Dutch name, and the prefix that forces the driver."""

    driver: str
    title: str
    prefix: str | None
    looks: str  # what such a file is, said to the user when this one is not


#: the layer formats by extension, in the order a refusal lists them
LAYER_FORMATS: dict[str, LayerFormat] = {
    ".gpkg": LayerFormat("GPKG", "GeoPackage", "GPKG:", "een SQLite-database met toepassings-id GPKG"),
    ".geojson": LayerFormat("GeoJSON", "GeoJSON", "GeoJSON:", "JSON-tekst die met { begint"),
    ".shp": LayerFormat("ESRI Shapefile", "shapefile", None, "een bestand dat met bestandscode 9994 begint"),
}

_SQLITE_HEADER = b"SQLite format 3\x00"
_GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")  # big-endian at offset 68 of the SQLite header
_SHAPEFILE_CODE = b"\x00\x00\x27\x0a"  # 9994, big-endian
_UTF8_BOM = b"\xef\xbb\xbf"
#: a JSON member name that GDAL reads as "crs" (ASCII case-insensitive, letters possibly \u-escaped)
_CRS_KEY = re.compile(rb'"(?:c|\\u00[46]3)(?:r|\\u00[57]2)(?:s|\\u00[57]3)"\s*:', re.IGNORECASE)
_CRS_SHORT, _CRS_WINDOW = 1024, 65536  # a crs object longer than the window is refused, not read


def layer_format(path: Path) -> LayerFormat | None:
    """The layer format named by ``path``'s extension (None: no layer file)."""
    return LAYER_FORMATS.get(path.suffix.lower())


def read_layer_file(path: Path, layer: str | None = None) -> Any:
    """The features of ``path`` (one layer of a GeoPackage) as a GeoDataFrame, read as the format of its
    extension only, from the file checked (gis.layer_open). Raises LayerError when the content is not
    that format, or the file or a sidecar is a link; GDAL's own errors (pyogrio DataSourceError,
    DataLayerError) pass through."""
    with _checked(path) as (name, read_as), _named_as(path, read_as):
        return pyogrio.read_dataframe(name, layer=layer)


def layer_names(path: Path) -> list[str]:
    """The names of the layers in ``path`` (a GeoPackage holds several), opened as :func:`read_layer_file`."""
    with _checked(path) as (name, read_as), _named_as(path, read_as):
        return [str(n) for n in pyogrio.list_layers(name)[:, 0]]


@contextmanager
def _checked(path: Path) -> Iterator[tuple[str, str]]:
    """What GDAL may open for ``path`` (and the file's path in it): checked to be its extension's format,
    with the driver forced, and reaching the very files checked while the context lasts."""
    fmt = layer_format(path)
    if fmt is None:
        *first, last = LAYER_FORMATS
        raise LayerError(
            f"{path.name} is geen laagbestand: Ruimteflow leest alleen {', '.join(first)} en {last}.",
            code=LAYER_WRONG_FORMAT,
            bestand=path.name,
        )
    with opened_layer(path) as opened:
        if not _starts_as(fmt, os.pread(opened.fd, 100, 0)):
            raise LayerError(
                f"{path.name} is geen {fmt.title} ({fmt.looks}). Ruimteflow opent een "
                f"{path.suffix.lower()}-bestand alleen als {fmt.title}, nooit als een ander formaat (zoals "
                f"een OGR-VRT die naar een ander bestand, een database of een URL verwijst).",
                code=LAYER_WRONG_FORMAT,
                bestand=path.name,
            )
        if fmt.driver == "GeoJSON":
            _refuse_linked_crs(path, opened.fd)
        name = str(opened.gdal_path)
        if fmt.prefix is None or (fmt.driver == "GPKG" and ":" in name):
            yield name, name
        else:
            yield fmt.prefix + name, name


@contextmanager
def _named_as(path: Path, read_as: str) -> Iterator[None]:
    """GDAL's errors name ``path``, not ``read_as``, the link in a private folder it read it through."""
    try:
        yield
    except (DataSourceError, DataLayerError) as exc:
        raise type(exc)(str(exc).replace(read_as, str(path.absolute()))) from None


def _starts_as(fmt: LayerFormat, head: bytes) -> bool:
    if fmt.driver == "GPKG":
        return head.startswith(_SQLITE_HEADER) and head[68:72] in _GPKG_APPLICATION_IDS
    if fmt.driver == "ESRI Shapefile":
        return head.startswith(_SHAPEFILE_CODE)
    text = head.removeprefix(_UTF8_BOM).lstrip(b" \t\r\n")
    return text.startswith(b"{")


def _refuse_linked_crs(path: Path, fd: int) -> None:
    """Refuse a GeoJSON whose ``crs`` (of the file, of a feature or of a geometry) is not of type
    ``name``: GDAL resolves a ``link`` or ``url`` by fetching it. Only the crs members are read (found in
    the bytes, each parsed on its own), not the whole file."""
    if os.fstat(fd).st_size == 0:
        return
    decoder = json.JSONDecoder()
    with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as data:
        for match in _CRS_KEY.finditer(data):  # type: ignore[call-overload]  # mmap is a buffer
            crs = _member_value(decoder, data, match.end())
            if isinstance(crs, dict) and not _named(crs):
                raise LayerError(
                    f"{path.name} verwijst voor zijn coördinatenstelsel (crs) naar iets anders dan een "
                    f"naam, zoals een URL; Ruimteflow haalt bij een laag niets op. Geef de CRS als naam: "
                    f'"crs": {{"type": "name", "properties": {{"name": "EPSG:28992"}}}}.',
                    code=LAYER_LINKED_CRS,
                    bestand=path.name,
                )


def _member_value(decoder: json.JSONDecoder, data: Any, start: int) -> Any:
    """The JSON value that starts at byte ``start`` (after blanks): read from a short window first, as
    a crs object is, then from a long one; {} when neither holds it (refused by the caller)."""
    for size in (_CRS_SHORT, _CRS_WINDOW):
        window = data[start : start + size].decode("utf-8", "replace").lstrip(" \t\r\n")
        try:
            return decoder.raw_decode(window)[0]
        except json.JSONDecodeError:
            continue
    return {}


def _named(crs: dict[str, Any]) -> bool:
    """True when every ``type`` member (ASCII case-insensitive, as GDAL reads it) is ``name``."""
    kinds = [value for key, value in crs.items() if key.lower() == "type"]
    return bool(kinds) and all(isinstance(k, str) and k.lower() == "name" for k in kinds)
