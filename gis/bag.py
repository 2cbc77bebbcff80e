"""Reading a BAG extract (verblijfsobjecten with their address) from CSV or GeoPackage.

Column names of the common extracts are accepted (PDOK BAG GeoPackage, BAG-extract CSV exports):
postcode, huisnummer, huisletter, toevoeging / huisnummertoevoeging, straat / openbare_ruimte_naam /
openbareruimte, woonplaats / woonplaats_naam / woonplaatsnaam, and a location as the point geometry
(GeoPackage) or x, y (RD New) or lat, lon (WGS84) columns (CSV). Rows come out as plain dicts in RD New;
checking them is the caller's work.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gis.crs import RD_EPSG, transformer
from processes.bestanden import WINDOWS_1252, eis_bestand, lees_export, onleesbaar
from processes.errors import ValidationError

UNREADABLE = "bag-onleesbaar"

ALIASES = {
    "postcode": ("postcode",),
    "huisnummer": ("huisnummer",),
    "huisletter": ("huisletter",),
    "toevoeging": ("toevoeging", "huisnummertoevoeging"),
    "straat": ("straat", "openbare_ruimte_naam", "openbareruimte", "openbareruimtenaam", "straatnaam"),
    "woonplaats": ("woonplaats", "woonplaats_naam", "woonplaatsnaam"),
}


def _pick(row: dict[str, Any], key: str) -> Any:
    lowered = {str(k).lower(): v for k, v in row.items()}
    return next((lowered[a] for a in ALIASES[key] if a in lowered and lowered[a] is not None), "")


def _normalised(row: dict[str, Any], x: Any, y: Any) -> dict[str, Any]:
    return {**{key: _pick(row, key) for key in ALIASES}, "x": x, "y": y}


def _csv_rows(text: str, path: Path) -> list[dict[str, Any]]:
    """The rows of a CSV text under its header; a Dutch refusal (not csv.Error) for a binary file, a
    header without a separator and a field over the csv module's limit."""
    if "\x00" in text:  # text has no NUL: a spreadsheet, an image or a zip named .csv
        raise ValidationError(
            f"{path.name} is geen tekstbestand; sla het uittreksel op als CSV (tekst).", code=UNREADABLE
        )
    lines = text.splitlines()
    try:
        dialect = csv.Sniffer().sniff(lines[0] if lines else ",", delimiters=",;\t")
    except csv.Error:
        raise ValidationError(
            f"{path.name}: de kopregel heeft geen kolommen gescheiden door een komma, puntkomma of tab.",
            code=UNREADABLE,
        ) from None
    rows: list[dict[str, Any]] = []
    try:
        rows.extend(csv.DictReader(lines, dialect=dialect))
    except csv.Error:  # a field longer than csv.field_size_limit() (131,072 characters)
        raise ValidationError(
            f"{path.name}: rij {len(rows) + 1} is geen leesbare CSV (een veld van meer dan "
            f"{csv.field_size_limit()} tekens).",
            code=UNREADABLE,
        ) from None
    return rows


def _read_csv(path: Path, note: Callable[[str], None]) -> list[dict[str, Any]]:
    text, encoding = lees_export(path)  # UTF-8 (a BOM is no part of the header) or Windows-1252 (Excel)
    if encoding == WINDOWS_1252:
        note(
            f"Let op: {path.name} is geen UTF-8 en is gelezen als Windows-1252 (zoals Excel op Windows opslaat)."
        )
    rows = _csv_rows(text, path)
    if rows and not {"x", "y"} <= {k.lower() for k in rows[0]}:
        if {"lat", "lon"} <= {k.lower() for k in rows[0]}:
            to_rd = transformer(4326, RD_EPSG)
            out = []
            for row in rows:
                low = {k.lower(): v for k, v in row.items()}
                try:
                    x, y = to_rd.transform(float(low["lon"]), float(low["lat"]))
                except ValueError:
                    x, y = low["lon"], low["lat"]
                out.append(_normalised(row, x, y))
            return out
        raise ValidationError(
            f"{path.name}: geen kolommen x en y (RD) of lat en lon (WGS84).", code=UNREADABLE
        )
    return [
        _normalised(row, *({k.lower(): v for k, v in row.items()}[c] for c in ("x", "y"))) for row in rows
    ]


def _read_gpkg(path: Path) -> list[dict[str, Any]]:
    from pyogrio.errors import DataLayerError, DataSourceError

    from gis.errors import LayerError
    from gis.layer_formats import read_layer_file

    try:
        frame = read_layer_file(path)
    except (DataSourceError, DataLayerError):
        raise ValidationError(f"{path.name} is geen leesbare GeoPackage.", code=UNREADABLE) from None
    except LayerError as exc:  # not a GeoPackage inside (gis.layer_formats), said with the file's name
        raise ValidationError(exc.detail, code=UNREADABLE) from None
    except OSError as exc:
        raise onleesbaar(path, exc) from None
    if frame.crs is None:
        raise ValidationError(f"{path.name}: de laag heeft geen coördinatenstelsel.", code=UNREADABLE)
    if frame.crs.to_epsg() != RD_EPSG:
        frame = frame.to_crs(RD_EPSG)
    points = frame.geometry.representative_point()
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    return [_normalised(r, p.x, p.y) for r, p in zip(records, points, strict=True)]


def read_extract(path: Path | str, note: Callable[[str], None] = lambda _text: None) -> list[dict[str, Any]]:
    """The address rows of a BAG extract (``.csv`` or ``.gpkg``), location in RD New. ``note`` gets a
    Dutch line for the user when a CSV was read as Windows-1252."""
    path = eis_bestand(path, code=UNREADABLE)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, note)
    if suffix == ".gpkg":
        return _read_gpkg(path)
    raise ValidationError(
        f"{path.name}: gebruik een CSV- of GeoPackage-bestand (.csv of .gpkg).", code=UNREADABLE
    )
