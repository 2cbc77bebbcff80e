"""Loading layers into PostGIS: the tables services.store.postgis matches against and reads.

Per layer a table (rij, rang, feature_id, naam, kenmerken jsonb, geom geometry(Geometry, 28992)) and its
``_delen`` table of pieces (big features cut with ST_Subdivide), and one row in the registry
``gis_lagen`` with the table's name and a content signature (:func:`layer_rows`).

Table names (:func:`table_name`) are injective: a layer name that is not already a plain lower-case
identifier gets a hash of its exact spelling, so ``bevi-contour``, ``bevi_contour`` and ``Bevi_contour``
get three tables. The registry is the one source of a layer's table name for every reader; a reload
drops the table the registry named before, so a database loaded under the older naming moves over on
its next ``gis load`` (SCHEMA_VERSION changes every signature) and keeps working until then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, text

from gis.layers import Layer

REGISTRY = "gis_lagen"
SCHEMA_VERSION = 3  # bump when the table layout or naming changes: every layer then reloads
PARTS_SUFFIX = "_delen"
PART_VERTICES = 256
#: PostgreSQL cuts identifiers at 63 bytes: the parts table's name (table + suffix) must fit as well
MAX_TABLE = 63 - len(PARTS_SUFFIX)
_PLAIN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_IDENTIFIER = re.compile(r"[^a-z0-9_]")


def table_name(layer_name: str, prefix: str = "gis_laag_") -> str:
    """The table of a layer: ``prefix + name`` for a plain lower-case name, else a readable part and
    ``-`` + a hash of the exact name (a plain name has no ``-``, so no two names share a table)."""
    name = prefix + layer_name
    if _PLAIN.match(layer_name) and len(name) <= MAX_TABLE:
        return name
    digest = hashlib.sha1(layer_name.encode()).hexdigest()[:8]
    readable = prefix + _IDENTIFIER.sub("_", layer_name.lower())
    return readable[: MAX_TABLE - len(digest) - 1] + "-" + digest


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def lock_key(prefix: str) -> str:
    """The advisory lock of a prefix's layers: a load holds it exclusively, a check or read shares it."""
    return REGISTRY + prefix


def kenmerken(layer: Layer) -> list[str]:
    """Each feature's attributes as a JSON object (the ``kenmerken`` column, matched by rule filters).

    Floats are written exactly (``repr``), as pandas compares them in memory; to_json would round them
    to 10 decimals. Other values as to_json writes them (dates in ISO form).
    """
    frame = layer.frame.drop(columns=layer.frame.geometry.name)
    if not len(frame):
        return []
    if not len(frame.columns):
        return ["{}"] * len(frame)
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c].dtype)]
    rest = frame.drop(columns=floats)
    lines = (
        rest.to_json(orient="records", lines=True, date_format="iso", force_ascii=False, double_precision=15)
        .rstrip("\n")
        .split("\n")
        if len(rest.columns)
        else ["{}"] * len(frame)
    )
    if not floats:
        return lines
    columns = [[_exact_float(v) for v in frame[c].astype(object).tolist()] for c in floats]
    out = []
    for line, values in zip(lines, zip(*columns, strict=True), strict=True):
        record = json.loads(line)
        record.update(zip((str(c) for c in floats), values, strict=True))
        out.append(json.dumps(record, ensure_ascii=False, allow_nan=False))
    return out


def _exact_float(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class LayerRows:
    """What a load writes for a layer, and its content signature (computed once, used for both)."""

    kenmerken: list[str]
    wkb: list[bytes]
    signature: str


def layer_rows(layer: Layer) -> LayerRows:
    """The rows of a layer and a fingerprint of everything stored: every geometry (2D WKB: the column is
    2D, a Z coordinate is dropped as the in-memory check ignores it), every attribute, id and name, the
    columns and the metadata. A changed attribute or a moved vertex changes it (~30 ms for the Doesburg
    panden, 8,000 features)."""
    attrs = kenmerken(layer)
    wkb = shapely.to_wkb(layer.geometries, output_dimension=2).tolist() if len(layer) else []
    digest = hashlib.sha256()
    header = [SCHEMA_VERSION, list(layer.columns), repr(layer.meta), layer.feature_ids, layer.names]
    digest.update(json.dumps(header, default=str).encode())
    for blob in wkb:
        digest.update(len(blob).to_bytes(8, "little"))
        digest.update(blob)
    for line in attrs:
        digest.update(line.encode())
        digest.update(b"\n")
    return LayerRows(attrs, wkb, digest.hexdigest())


def ensure_registry(conn: Connection) -> None:
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    conn.execute(
        text(
            f"""CREATE TABLE IF NOT EXISTS {REGISTRY} (
                prefix text NOT NULL, naam text NOT NULL, tabel text NOT NULL, familie text NOT NULL, bron text NOT NULL,
                peildatum date NOT NULL, licentie text NOT NULL, titel text, features integer NOT NULL,
                kolommen jsonb NOT NULL, handtekening text NOT NULL, geladen_op timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (prefix, naam))"""
        )
    )
    # added later: a registry of an older release gains it here (NULL: not declared)
    conn.execute(text(f"ALTER TABLE {REGISTRY} ADD COLUMN IF NOT EXISTS persoonsgegevens boolean"))


def drop_tables(conn: Connection, table: str) -> None:
    conn.execute(text(f"DROP TABLE IF EXISTS {quote(table + PARTS_SUFFIX)}, {quote(table)}"))


def load(conn: Connection, prefix: str, name: str, layer: Layer, rows: LayerRows) -> None:
    """(Re)create the layer's tables and register it (the caller holds the exclusive lock_key lock and
    dropped the table the registry named before)."""
    table = table_name(name, prefix)
    drop_tables(conn, table)
    conn.execute(
        text(
            f"""CREATE TABLE {quote(table)} (rij integer PRIMARY KEY, rang integer NOT NULL, feature_id jsonb NOT NULL,
                naam text, kenmerken jsonb NOT NULL, geom geometry(Geometry, 28992) NOT NULL)"""
        )
    )
    _copy_rows(conn, quote(table), layer, rows)
    conn.execute(text(f"CREATE INDEX ON {quote(table)} USING gist (geom)"))
    conn.execute(text(f"ANALYZE {quote(table)}"))
    _build_parts(conn, table)
    _register(conn, prefix, name, table, layer, rows.signature)


def _copy_rows(conn: Connection, table: str, layer: Layer, rows: LayerRows) -> None:
    """Fill ``table`` with the layer's rows through COPY into a staging table (WKB to geometry in SQL)."""
    conn.execute(
        text(
            "CREATE TEMP TABLE gis_staging (rij integer, rang integer, feature_id jsonb, naam text, "
            "kenmerken jsonb, wkb bytea) ON COMMIT DROP"
        )
    )
    raw = conn.connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy("COPY gis_staging (rij, rang, feature_id, naam, kenmerken, wkb) FROM STDIN") as copy:
            for row, (rank, fid, naam, attrs, blob) in enumerate(
                zip(
                    layer.id_rank.tolist(),
                    layer.feature_ids,
                    layer.names,
                    rows.kenmerken,
                    rows.wkb,
                    strict=True,
                )
            ):
                copy.write_row((row, rank, json.dumps(fid), naam, attrs, blob))
    conn.execute(
        text(
            f"INSERT INTO {table} SELECT rij, rang, feature_id, naam, kenmerken, ST_GeomFromWKB(wkb, 28992) "
            "FROM gis_staging"
        )
    )
    conn.execute(text("DROP TABLE gis_staging"))


def _build_parts(conn: Connection, table: str) -> None:
    """Big features (a Natura 2000 area has 100,000+ vertices) are matched through small pieces:
    PostGIS would otherwise detoast and prepare the whole feature for every candidate row."""
    parts = quote(table + PARTS_SUFFIX)
    conn.execute(
        text(
            f"""CREATE TABLE {parts} AS
            SELECT rij, ST_Dimension(geom) AS dim, geom FROM {quote(table)} WHERE ST_NPoints(geom) <= {PART_VERTICES}
            UNION ALL
            SELECT rij, ST_Dimension(geom) AS dim, ST_Subdivide(geom, {PART_VERTICES}) AS geom
            FROM {quote(table)} WHERE ST_NPoints(geom) > {PART_VERTICES}"""
        )
    )
    conn.execute(text(f"CREATE INDEX ON {parts} USING gist (geom)"))
    conn.execute(text(f"ANALYZE {parts}"))


def _register(conn: Connection, prefix: str, name: str, table: str, layer: Layer, signature: str) -> None:
    meta = layer.meta
    conn.execute(
        text(
            f"""INSERT INTO {REGISTRY} (prefix, naam, tabel, familie, bron, peildatum, licentie, titel, features, kolommen,
                handtekening, geladen_op, persoonsgegevens)
            VALUES (:prefix, :naam, :tabel, :familie, :bron, :peildatum, :licentie, :titel, :features,
                CAST(:kolommen AS jsonb), :handtekening, now(), :persoonsgegevens)
            ON CONFLICT (prefix, naam) DO UPDATE SET tabel = excluded.tabel, familie = excluded.familie,
                bron = excluded.bron, peildatum = excluded.peildatum, licentie = excluded.licentie,
                titel = excluded.titel, features = excluded.features, kolommen = excluded.kolommen,
                handtekening = excluded.handtekening, geladen_op = excluded.geladen_op,
                persoonsgegevens = excluded.persoonsgegevens"""
        ),
        {
            "prefix": prefix,
            "naam": name,
            "tabel": table,
            "familie": meta.familie,
            "bron": meta.bron,
            "peildatum": meta.peildatum,
            "licentie": meta.licentie,
            "titel": meta.titel,
            "features": len(layer),
            "kolommen": json.dumps(list(layer.columns)),
            "handtekening": signature,
            "persoonsgegevens": meta.persoonsgegevens,
        },
    )


def filter_condition(column: str, value: Any, param: str, params: dict[str, Any]) -> str:
    """A rule filter's ``column = value`` on ``kenmerken`` as pandas ``==`` decides it in memory: a
    boolean equals the number 1 or 0 (True == 1), so those match either JSON form."""
    forms: list[Any] = [value]
    if isinstance(value, bool | np.bool_):
        forms.append(int(value))
    elif isinstance(value, int | float) and value in (0, 1):
        forms.append(bool(value))
    terms = []
    for n, form in enumerate(forms):
        params[f"{param}_{n}"] = json.dumps({column: form}, default=_json_default)
        terms.append(f"l.kenmerken @> CAST(:{param}_{n} AS jsonb)")
    return "(" + " OR ".join(terms) + ")"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))
