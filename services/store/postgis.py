"""PostGIS backend: layers in PostgreSQL tables with a GiST index, the check in SQL.

It lives in services/store because gis/ itself imports no database library (SQLAlchemy Core ``text()`` over psycopg 3).
It must give exactly the conflicts of the in-memory backend (gis.matching); the differential test in
tests/integration/test_gis_postgis.py holds it to that.

Tables: ``gis_lagen`` (one row per (prefix, layer): table name, metadata, columns, a content signature) and per
layer ``gis_laag_<name>`` (rij = row in the Layer, rang = position in feature-id order, feature_id
jsonb, naam, kenmerken jsonb (all attributes, for rule filters), geom geometry(Geometry, 28992)) and
``gis_laag_<name>_delen`` (the same geometries, big ones cut with ST_Subdivide into pieces of at most
256 vertices; the check matches pieces and aggregates per feature: min distance, summed overlap).
Geometries go in as WKB through ``COPY`` into a staging table and ``ST_GeomFromWKB(wkb, 28992)``.

Usage::

    backend = PostgisBackend(engine)
    backend.sync(layers)                                  # reloads only layers whose content changed
    rules = load_rules(path, backend.catalog())
    result = gis.api.check(body, backend, rules)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Connection, Engine, text

from gis.layers import Layer
from gis.matching import RawConflicts
from gis.metadata import LayerMeta
from gis.rules import ALL_SOORTEN, Rule, RuleSet
from gis.subjects import Subjects

REGISTRY = "gis_lagen"
SCHEMA_VERSION = 2  # bump when the table layout changes: every layer then reloads
PARTS_SUFFIX = "_delen"
PART_VERTICES = 256
_IDENTIFIER = re.compile(r"[^a-z0-9_]")


@dataclass(frozen=True)
class PostgisLayer:
    """A layer as the database knows it (enough to validate rules and describe the layer)."""

    name: str
    table: str
    columns: tuple[str, ...]
    meta: LayerMeta
    features: int


def table_name(layer_name: str, prefix: str = "gis_laag_") -> str:
    name = prefix + _IDENTIFIER.sub("_", layer_name.lower())
    if len(name) > 63:
        name = name[:54] + "_" + hashlib.sha1(layer_name.encode()).hexdigest()[:8]
    return name


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _copy_rows(conn: Connection, table: str, layer: Layer) -> None:
    """Fill ``table`` with the layer's rows through COPY into a staging table (WKB to geometry in SQL)."""
    conn.execute(
        text(
            "CREATE TEMP TABLE gis_staging (rij integer, rang integer, feature_id jsonb, naam text, "
            "kenmerken jsonb, wkb bytea) ON COMMIT DROP"
        )
    )
    attributes = layer.frame.drop(columns=layer.frame.geometry.name)
    kenmerken = (
        attributes.to_json(orient="records", lines=True, date_format="iso", force_ascii=False)
        .rstrip("\n")
        .split("\n")
        if len(attributes.columns)
        else ["{}"] * len(layer)
    )
    wkb = shapely.to_wkb(layer.geometries)
    raw = conn.connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy("COPY gis_staging (rij, rang, feature_id, naam, kenmerken, wkb) FROM STDIN") as copy:
            for row, (rank, fid, naam, attrs, blob) in enumerate(
                zip(layer.id_rank.tolist(), layer.feature_ids, layer.names, kenmerken, wkb, strict=True)
            ):
                copy.write_row((row, rank, json.dumps(fid), naam, attrs, blob))
    conn.execute(
        text(
            f"INSERT INTO {table} SELECT rij, rang, feature_id, naam, kenmerken, ST_GeomFromWKB(wkb, 28992) "
            "FROM gis_staging"
        )
    )
    conn.execute(text("DROP TABLE gis_staging"))


def layer_signature(layer: Layer) -> str:
    """A cheap content fingerprint: size, bounds, vertex count, columns and metadata."""
    bounds = shapely.total_bounds(layer.geometries).round(3).tolist()
    parts = [
        SCHEMA_VERSION,
        len(layer),
        bounds,
        int(layer.coord_counts.sum()),
        list(layer.columns),
        repr(layer.meta),
    ]
    parts.append(str(layer.feature_ids[:5]) + str(layer.feature_ids[-5:]))
    return hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()


class PostgisBackend:
    """Conflict matching in PostGIS (implements gis.matching.ConflictBackend).

    ``bind`` is an Engine (a connection per call) or an open Connection (queries run on it, e.g. the
    connection of a workflow step's own transaction, so a step needs no second session).
    """

    def __init__(self, bind: Engine | Connection, *, prefix: str = "gis_laag_"):
        self.bind = bind
        self.prefix = prefix

    @property
    def engine(self) -> Engine:
        return self.bind if isinstance(self.bind, Engine) else self.bind.engine

    def bound(self, connection: Connection) -> PostgisBackend:
        """The same backend, querying on ``connection``."""
        return PostgisBackend(connection, prefix=self.prefix)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        if isinstance(self.bind, Connection):
            yield self.bind
        else:
            with self.bind.connect() as conn:
                yield conn

    def query(self, sql: str, **params: Any) -> list[Any]:
        """Rows of one read-only statement (services.store.postgis_read builds them; SQLAlchemy stays in this module)."""
        with self.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def stamp(self) -> tuple[int, str] | None:
        """(number of layers, last load time) of this prefix; None when nothing was ever loaded."""
        with self.connect() as conn:
            if conn.execute(text(f"SELECT to_regclass('{REGISTRY}')")).scalar() is None:
                return None
            row = conn.execute(
                text(f"SELECT count(*), max(geladen_op)::text FROM {REGISTRY} WHERE prefix = :prefix"),
                {"prefix": self.prefix},
            ).one()
        count, last = int(row[0]), str(row[1])
        return (count, last) if count else None

    # -- loading -------------------------------------------------------------------------------
    def sync(self, layers: Mapping[str, Layer], *, force: bool = False, prune: bool = False) -> list[str]:
        """Load layers whose signature differs from the stored one; returns the names (re)loaded.

        ``prune`` removes stored layers of this prefix that are not in ``layers``. Concurrent syncs
        (several workers starting at once) wait for each other on an advisory lock.
        """
        loaded = []
        with self.engine.begin() as conn:
            conn.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": REGISTRY + self.prefix}
            )
            self._ensure_registry(conn)
            rows = conn.execute(
                text(f"SELECT naam, handtekening FROM {REGISTRY} WHERE prefix = :prefix"),
                {"prefix": self.prefix},
            ).all()
            stored = {str(row[0]): str(row[1]) for row in rows}
            for name, layer in layers.items():
                signature = layer_signature(layer)
                if force or stored.get(name) != signature:
                    self._load(conn, name, layer, signature)
                    loaded.append(name)
            for name in sorted(set(stored) - set(layers)) if prune else ():
                self._drop(conn, name)
        return loaded

    def _drop(self, conn: Connection, name: str) -> None:
        table = table_name(name, self.prefix)
        conn.execute(text(f"DROP TABLE IF EXISTS {_quote(table + PARTS_SUFFIX)}, {_quote(table)}"))
        conn.execute(
            text(f"DELETE FROM {REGISTRY} WHERE prefix = :prefix AND naam = :naam"),
            {"prefix": self.prefix, "naam": name},
        )

    @staticmethod
    def _ensure_registry(conn: Connection) -> None:
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

    def _load(self, conn: Connection, name: str, layer: Layer, signature: str) -> None:
        table = _quote(table_name(name, self.prefix))
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
        conn.execute(
            text(
                f"""CREATE TABLE {table} (rij integer PRIMARY KEY, rang integer NOT NULL, feature_id jsonb NOT NULL,
                    naam text, kenmerken jsonb NOT NULL, geom geometry(Geometry, 28992) NOT NULL)"""
            )
        )
        _copy_rows(conn, table, layer)
        conn.execute(text(f"CREATE INDEX ON {table} USING gist (geom)"))
        conn.execute(text(f"ANALYZE {table}"))
        self._build_parts(conn, name)
        self._register(conn, name, layer, signature)

    def _build_parts(self, conn: Connection, name: str) -> None:
        """Big features (a Natura 2000 area has 100,000+ vertices) are matched through small pieces:
        PostGIS would otherwise detoast and prepare the whole feature for every candidate row."""
        table = _quote(table_name(name, self.prefix))
        parts = _quote(table_name(name, self.prefix) + PARTS_SUFFIX)
        conn.execute(text(f"DROP TABLE IF EXISTS {parts}"))
        conn.execute(
            text(
                f"""CREATE TABLE {parts} AS
                SELECT rij, ST_Dimension(geom) AS dim, geom FROM {table} WHERE ST_NPoints(geom) <= {PART_VERTICES}
                UNION ALL
                SELECT rij, ST_Dimension(geom) AS dim, ST_Subdivide(geom, {PART_VERTICES}) AS geom
                FROM {table} WHERE ST_NPoints(geom) > {PART_VERTICES}"""
            )
        )
        conn.execute(text(f"CREATE INDEX ON {parts} USING gist (geom)"))
        conn.execute(text(f"ANALYZE {parts}"))

    def _register(self, conn: Connection, name: str, layer: Layer, signature: str) -> None:
        meta = layer.meta
        conn.execute(
            text(
                f"""INSERT INTO {REGISTRY} (prefix, naam, tabel, familie, bron, peildatum, licentie, titel, features, kolommen,
                    handtekening, geladen_op)
                VALUES (:prefix, :naam, :tabel, :familie, :bron, :peildatum, :licentie, :titel, :features,
                    CAST(:kolommen AS jsonb), :handtekening, now())
                ON CONFLICT (prefix, naam) DO UPDATE SET tabel = excluded.tabel, familie = excluded.familie,
                    bron = excluded.bron, peildatum = excluded.peildatum, licentie = excluded.licentie,
                    titel = excluded.titel, features = excluded.features, kolommen = excluded.kolommen,
                    handtekening = excluded.handtekening, geladen_op = excluded.geladen_op"""
            ),
            {
                "prefix": self.prefix,
                "naam": name,
                "tabel": table_name(name, self.prefix),
                "familie": meta.familie,
                "bron": meta.bron,
                "peildatum": meta.peildatum,
                "licentie": meta.licentie,
                "titel": meta.titel,
                "features": len(layer),
                "kolommen": json.dumps(list(layer.columns)),
                "handtekening": signature,
            },
        )

    def catalog(self) -> dict[str, PostgisLayer]:
        """The layers in the database, keyed by name (pass to load_rules)."""
        with self.connect() as conn:
            if conn.execute(text(f"SELECT to_regclass('{REGISTRY}')")).scalar() is None:
                return {}
            rows = conn.execute(
                text(
                    f"SELECT naam, tabel, familie, bron, peildatum, licentie, titel, features, kolommen "
                    f"FROM {REGISTRY} WHERE prefix = :prefix ORDER BY naam"
                ),
                {"prefix": self.prefix},
            ).all()
        return {
            row.naam: PostgisLayer(
                name=row.naam,
                table=row.tabel,
                columns=tuple(row.kolommen),
                meta=LayerMeta(row.familie, row.bron, row.peildatum, row.licentie, row.titel),
                features=row.features,
            )
            for row in rows
        }

    # -- the check -------------------------------------------------------------------------------
    def find_conflicts(self, subjects: Subjects, rules: RuleSet) -> RawConflicts:
        if not rules.rules:
            return RawConflicts()
        params: dict[str, Any] = {
            "i": list(range(len(subjects))),
            "soort": subjects.soorten.tolist(),
            "areal": subjects.areal.tolist(),
            "area": subjects.areas.tolist(),
            "wkb": shapely.to_wkb(subjects.geometries).tolist(),
        }
        present = set(subjects.soorten.tolist())
        branches = [  # only rules that apply to a soort present: a single check plans a few branches, not all
            self._branch(k, rule, params)
            for k, rule in enumerate(rules.rules)
            if ALL_SOORTEN in rule.onderwerp or present.intersection(rule.onderwerp)
        ]
        if not branches:
            return RawConflicts()
        sql = (
            "WITH s AS MATERIALIZED (SELECT t.i, t.soort, t.areal, t.area, ST_GeomFromWKB(t.wkb, 28992) AS geom "
            "FROM unnest(CAST(:i AS integer[]), CAST(:soort AS text[]), CAST(:areal AS boolean[]), "
            "CAST(:area AS float8[]), CAST(:wkb AS bytea[])) AS t(i, soort, areal, area, wkb)) "
            + " UNION ALL ".join(branches)
        )
        with self.connect() as conn:
            rows = conn.execute(text(sql), params).all()
        if not rows:
            return RawConflicts()
        rule_idx, subject_idx, rank, fids, names, afstand, overlap = zip(*rows, strict=True)
        return RawConflicts(
            rule=np.asarray(rule_idx, dtype=np.int64),
            subject=np.asarray(subject_idx, dtype=np.int64),
            rank=np.asarray(rank, dtype=np.int64),
            afstand=np.asarray(afstand, dtype=np.float64),
            overlap=np.asarray(overlap, dtype=np.float64),
            feature_id=list(fids),
            feature_naam=list(names),
        )

    def _branch(self, k: int, rule: Rule, params: dict[str, Any]) -> str:
        """One rule as SQL: match subjects to feature pieces, aggregate per feature, then filter."""
        table = table_name(rule.laag, self.prefix)
        inner_where = ""
        if ALL_SOORTEN not in rule.onderwerp:
            params[f"soorten_{k}"] = sorted(rule.onderwerp)
            inner_where = f" WHERE s.soort = ANY(CAST(:soorten_{k} AS text[]))"
        if rule.predicaat == "binnen_afstand":
            params[f"d_{k}"] = rule.afstand_m
            join = f"ST_DWithin(s.geom, d.geom, :d_{k})"
            afstand = "min(ST_Distance(s.geom, d.geom))"
            touching = "ST_Intersects(s.geom, d.geom)"
            binnen = "false"
        else:
            join = "ST_Intersects(s.geom, d.geom)"
            afstand = "0.0::float8"
            touching = "true"
            binnen = "bool_or(ST_ContainsProperly(d.geom, s.geom))"
        matches = (
            f"SELECT s.i, d.rij, {afstand} AS afstand, "
            f"sum(CASE WHEN s.areal AND d.dim = 2 AND {touching} "
            f"THEN ST_Area(ST_Intersection(s.geom, d.geom)) ELSE 0.0 END) AS overlap, "
            f"bool_or(s.areal) AS areal, max(s.area) AS area, "
            f"{binnen} AS binnen "
            f"FROM s JOIN {_quote(table + PARTS_SUFFIX)} d ON {join}{inner_where} GROUP BY s.i, d.rij"
        )
        where = []
        joins = ""
        if rule.predicaat != "binnen_afstand":
            # "Ligt in" needs the interiors to meet (gis.matching.interiors_meet): a subject that only touches
            # the whole feature is out. A subject inside one piece's interior is in; only the others (on a
            # piece border, which may be a cut of ST_Subdivide) are tested against the whole feature.
            joins = " JOIN s ON s.i = a.i"
            where.append("CASE WHEN a.binnen THEN true ELSE NOT ST_Touches(s.geom, l.geom) END")
        if rule.filter:
            params[f"filter_{k}"] = json.dumps(dict(rule.filter), default=_json_default)
            where.append(f"l.kenmerken @> CAST(:filter_{k} AS jsonb)")
        if rule.predicaat == "overlap_aandeel":
            params[f"r_{k}"] = rule.minimaal_aandeel
            where.append(f"(NOT a.areal OR a.overlap / a.area >= :r_{k})")
        return (
            f"(SELECT {k} AS regel, a.i AS onderwerp, l.rang, l.feature_id, l.naam, a.afstand, a.overlap "
            f"FROM ({matches}) a JOIN {_quote(table)} l ON l.rij = a.rij{joins}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + ")"
        )


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))
