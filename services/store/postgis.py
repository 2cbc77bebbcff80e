"""PostGIS backend: layers in PostgreSQL tables with a GiST index, the check in SQL.

It lives in services/store because gis/ itself imports no database library (SQLAlchemy Core ``text()`` over psycopg 3).
It must give exactly the conflicts of the in-memory backend (gis.matching); the differential test in
tests/integration/test_gis_postgis.py holds it to that.

Loading (tables, content signature, table names) lives in services.store.postgis_load. Tables:
``gis_lagen`` (one row per (prefix, layer): table name, metadata, columns, a content signature) and per
layer ``gis_laag_<name>`` (see postgis_load.table_name; rij = row in the Layer, rang = position in feature-id order, feature_id
jsonb, naam, kenmerken jsonb (all attributes, for rule filters), geom geometry(Geometry, 28992)) and
``gis_laag_<name>_delen`` (the same geometries, big ones cut with ST_Subdivide into pieces of at most
256 vertices; the check matches pieces and aggregates per feature: min distance, summed overlap; an
overlap_aandeel rule then judges each subject's share in the features together, gis.overlap_share).
Geometries go in as WKB through ``COPY`` into a staging table and ``ST_GeomFromWKB(wkb, 28992)``.

Usage::

    backend = PostgisBackend(engine)
    backend.sync(layers)                                  # reloads only layers whose content changed
    rules = load_rules(path, backend.catalog())
    result = gis.api.check(body, backend, rules)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Connection, Engine, text

from gis.errors import LAYER_BAD_NAME, LayerError
from gis.layers import Layer
from gis.matching import ALONG_BORDER, ON_BORDER, RawConflicts
from gis.metadata import LayerMeta
from gis.overlap_share import RANK_DECIMALS, share_threshold
from gis.rules import ALL_SOORTEN, Rule, RuleSet
from gis.subjects import Subjects
from services.store import postgis_load as store
from services.store.postgis_load import PARTS_SUFFIX, REGISTRY, quote, table_name


@dataclass(frozen=True)
class PostgisLayer:
    """A layer as the database knows it (enough to validate rules and describe the layer), with the content
    signature it was loaded under (what is derived from the layer may be kept under it)."""

    name: str
    table: str
    columns: tuple[str, ...]
    meta: LayerMeta
    features: int
    signature: str


def _has_registry(conn: Connection) -> bool:
    """Whether the layer registry table exists (nothing was ever loaded when it does not)."""
    return conn.execute(text(f"SELECT to_regclass('{REGISTRY}')")).scalar() is not None


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

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection that shares the prefix's advisory lock before it reads a layer table: a running
        load (which holds it exclusively) is waited for, and no load starts until the transaction ends."""
        with self.connect() as conn:
            self._share_lock(conn)
            yield conn

    def _share_lock(self, conn: Connection) -> None:
        conn.execute(
            text("SELECT pg_advisory_xact_lock_shared(hashtext(:key))"), {"key": store.lock_key(self.prefix)}
        )

    @contextmanager
    def snapshot(self) -> Iterator[PostgisBackend]:
        """The backend for the parts of one check (gis.bounded), which then read one state of the layers:
        one READ ONLY transaction holds the prefix's shared lock from before the first part to after the
        last, so no load (which holds it exclusively for its whole transaction) commits between them. On a
        bound Connection, the caller's transaction takes it and holds it to its end. The lock is taken once,
        and the registry read once (:class:`PostgisSnapshot`).

        Not REPEATABLE READ: its snapshot is taken at the lock's statement, before that waits for a running
        load, and a load replaces tables (DROP and CREATE are not MVCC-safe), so a check that waited would
        see the new tables empty. In READ COMMITTED each part reads after the lock, and under it."""
        with self.connect() as conn:
            if not isinstance(self.bind, Connection):
                conn.execute(text("SET TRANSACTION READ ONLY"))
            self._share_lock(conn)
            yield PostgisSnapshot(conn, prefix=self.prefix)

    def query(self, sql: str, **params: Any) -> list[Any]:
        """Rows of one read-only statement (services.store.postgis_read builds them; SQLAlchemy stays in this module)."""
        with self.reading() as conn:
            return list(conn.execute(text(sql), params).all())

    def stamp(self) -> tuple[tuple[str, str], ...] | None:
        """(name, content signature) of each layer of this prefix, by name; None when nothing was ever loaded.

        A registry row, and so the catalog, follows from its layer's content (the signature covers the
        columns, metadata and features; the table follows from the name), so an equal stamp means an equal
        catalog, whatever order loads commit in. (It was the number of layers and the latest load time, which a
        load that started first but committed last left unchanged: its load time is that of its start.)"""
        with self.connect() as conn:
            if not _has_registry(conn):
                return None
            rows = conn.execute(
                text(f"SELECT naam, handtekening FROM {REGISTRY} WHERE prefix = :prefix ORDER BY naam"),
                {"prefix": self.prefix},
            ).all()
        return tuple((str(row[0]), str(row[1])) for row in rows) or None

    # -- loading -------------------------------------------------------------------------------
    def sync(self, layers: Mapping[str, Layer], *, force: bool = False, prune: bool = False) -> list[str]:
        """Load layers whose content signature differs from the stored one; returns the names (re)loaded.

        ``prune`` removes stored layers of this prefix that are not in ``layers``. The load holds the
        prefix's advisory lock exclusively (before it touches a table): concurrent syncs wait for each
        other, and a check (which shares the lock first, :meth:`reading`) waits for the load to commit
        and then answers, instead of meeting the tables in another order (a deadlock).
        """
        prepared = {name: store.layer_rows(layer) for name, layer in layers.items()}
        loaded = []
        with self.engine.begin() as conn:
            conn.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": store.lock_key(self.prefix)}
            )
            store.ensure_registry(conn)
            rows = conn.execute(
                text(f"SELECT naam, handtekening, tabel FROM {REGISTRY} WHERE prefix = :prefix"),
                {"prefix": self.prefix},
            ).all()
            stored = {str(row[0]): (str(row[1]), str(row[2])) for row in rows}
            kept = set(layers) | (set() if prune else set(stored))
            self._refuse_shared_tables(kept)
            for name in sorted(set(stored) - set(layers)) if prune else ():
                store.drop_tables(conn, stored[name][1])
                conn.execute(
                    text(f"DELETE FROM {REGISTRY} WHERE prefix = :prefix AND naam = :naam"),
                    {"prefix": self.prefix, "naam": name},
                )
            for name, layer in layers.items():
                before = stored.get(name)
                if force or before is None or before[0] != prepared[name].signature:
                    if before is not None:  # the table of an earlier load (an older naming)
                        store.drop_tables(conn, before[1])
                    store.load(conn, self.prefix, name, layer, prepared[name])
                    loaded.append(name)
        return loaded

    def _refuse_shared_tables(self, names: set[str]) -> None:
        """Two layer names must never share a table (table_name is injective; this guards the hash)."""
        seen: dict[str, str] = {}
        for name in sorted(names):
            other = seen.setdefault(table_name(name, self.prefix), name)
            if other != name:
                raise LayerError(
                    f"De lagen '{other}' en '{name}' krijgen in PostGIS dezelfde tabel; hernoem er een.",
                    code=LAYER_BAD_NAME,
                    laag=name,
                )

    def catalog(self) -> dict[str, PostgisLayer]:
        """The layers in the database, keyed by name (pass to load_rules)."""
        with self.connect() as conn:
            if not _has_registry(conn):
                return {}
            rows = conn.execute(
                text(
                    # persoonsgegevens via to_jsonb: NULL on a registry that predates the column
                    f"SELECT naam, tabel, familie, bron, peildatum, licentie, titel, features, kolommen, handtekening, "
                    f"CAST(to_jsonb(r) ->> 'persoonsgegevens' AS boolean) AS persoonsgegevens "
                    f"FROM {REGISTRY} r WHERE prefix = :prefix ORDER BY naam"
                ),
                {"prefix": self.prefix},
            ).all()
        return {
            row.naam: PostgisLayer(
                name=row.naam,
                table=row.tabel,
                columns=tuple(row.kolommen),
                meta=LayerMeta(
                    row.familie,
                    row.bron,
                    row.peildatum,
                    row.licentie,
                    row.titel,
                    persoonsgegevens=row.persoonsgegevens,
                ),
                features=row.features,
                signature=row.handtekening,
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
        chosen = [  # only rules that apply to a soort present: a single check plans a few branches, not all
            (k, rule)
            for k, rule in enumerate(rules.rules)
            if ALL_SOORTEN in rule.onderwerp or present.intersection(rule.onderwerp)
        ]
        if not chosen:
            return RawConflicts()
        with self.reading() as conn:
            tables = self._tables(conn, {rule.laag for _, rule in chosen})
            sql = (
                "WITH s AS MATERIALIZED (SELECT t.i, t.soort, t.areal, t.area, ST_GeomFromWKB(t.wkb, 28992) AS geom "
                "FROM unnest(CAST(:i AS integer[]), CAST(:soort AS text[]), CAST(:areal AS boolean[]), "
                "CAST(:area AS float8[]), CAST(:wkb AS bytea[])) AS t(i, soort, areal, area, wkb)) "
                + " UNION ALL ".join(self._branch(k, rule, tables[rule.laag], params) for k, rule in chosen)
            )
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

    def candidate_counts(self, subjects: Subjects, rules: RuleSet) -> np.ndarray:
        """Per subject, its candidates of the check (gis.cost), counted on the index: services.store.postgis_cost."""
        from services.store.postgis_cost import candidate_counts

        return candidate_counts(self, subjects, rules)

    def _tables(self, conn: Connection, names: set[str]) -> dict[str, str]:
        """The table of each layer as the registry names it (read under the shared lock: the current load)."""
        found = self._registered(conn)
        return {name: found.get(name) or table_name(name, self.prefix) for name in names}

    def _registered(self, conn: Connection) -> dict[str, str]:
        """Layer name -> table, of every layer of this prefix in the registry."""
        rows = conn.execute(
            text(f"SELECT naam, tabel FROM {REGISTRY} WHERE prefix = :prefix"), {"prefix": self.prefix}
        ).all()
        return {str(row[0]): str(row[1]) for row in rows}

    @staticmethod
    def _branch(k: int, rule: Rule, table: str, params: dict[str, Any]) -> str:
        """One rule as SQL: match subjects to feature pieces, aggregate per feature, then filter."""
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
            subject = "NULL::geometry"
        else:
            join = "ST_Intersects(s.geom, d.geom)"
            afstand = "0.0::float8"
            touching = "true"
            # the subject's geometry rides along for "ligt in" below (all of a group's are the same one):
            # joining s back on a.i let the planner pair every subject with every feature first
            binnen = "bool_or(ST_ContainsProperly(d.geom, s.geom))"
            subject = "(array_agg(s.geom))[1]"
        matches = (
            f"SELECT s.i, d.rij, {afstand} AS afstand, "
            f"sum(CASE WHEN s.areal AND d.dim = 2 AND {touching} "
            f"THEN ST_Area(ST_Intersection(s.geom, d.geom)) ELSE 0.0 END) AS overlap, "
            f"bool_or(s.areal) AS areal, max(s.area) AS area, "
            f"{binnen} AS binnen, {subject} AS geom "
            f"FROM s JOIN {quote(table + PARTS_SUFFIX)} d ON {join}{inner_where} GROUP BY s.i, d.rij"
        )
        where = []
        if rule.predicaat != "binnen_afstand":
            # "Ligt in" as gis.matching.lies_in: a subject that only touches the whole feature is out, unless
            # its interior meets the feature's boundary (a point on the border, ON_BORDER; a line along it, ALONG_BORDER). A subject
            # inside one piece's interior is in; only the others (on a piece border, which may be a cut of
            # ST_Subdivide) are tested against the whole feature.
            where.append(
                "CASE WHEN a.binnen THEN true WHEN NOT ST_Touches(a.geom, l.geom) THEN true "
                f"WHEN ST_Dimension(a.geom) = 1 THEN ST_Relate(a.geom, l.geom, '{ALONG_BORDER}') "
                f"ELSE ST_Relate(a.geom, l.geom, '{ON_BORDER}') END"
            )
        if rule.filter:
            where.extend(
                store.filter_condition(column, value, f"filter_{k}_{n}", params)
                for n, (column, value) in enumerate(sorted(rule.filter.items()))
            )
        source = f"FROM ({matches}) a JOIN {quote(table)} l ON l.rij = a.rij" + (
            " WHERE " + " AND ".join(where) if where else ""
        )
        if rule.predicaat == "overlap_aandeel":
            params[f"r_{k}"] = share_threshold(rule.minimaal_aandeel or 0.0)
            return _share_branch(k, source, table)
        return (
            f"(SELECT {k} AS regel, a.i AS onderwerp, l.rang, l.feature_id, l.naam, a.afstand, a.overlap "
            f"{source})"
        )


def _share_branch(k: int, source: str, table: str) -> str:
    """An overlap_aandeel rule as SQL, as gis.overlap_share decides: per subject, the pairs whose feature
    alone holds the share; else, when the subject's overlaps together may reach it, the pair it overlaps
    most, if the subject's area in the union of those features (their pieces) really does."""
    pairs = (
        "SELECT a.i, a.rij, l.rang, l.feature_id, l.naam, a.afstand, a.overlap, a.areal, a.area, "
        f"bool_or(CASE WHEN a.areal THEN a.overlap / a.area >= :r_{k} ELSE false END) OVER w AS alleen, "
        "sum(a.overlap) OVER w AS samen, row_number() OVER "
        "(PARTITION BY a.i ORDER BY round(CAST(CASE WHEN a.areal THEN a.overlap / a.area ELSE 0 END AS numeric), "
        f"{RANK_DECIMALS}) DESC, l.rang) AS nr "
        f"{source} WINDOW w AS (PARTITION BY a.i)"
    )
    union = (
        "(SELECT ST_Area(ST_Union(ST_Intersection(u.geom, d.geom))) "
        f"FROM paren_{k} q JOIN s u ON u.i = q.i JOIN {quote(table + PARTS_SUFFIX)} d "
        "ON d.rij = q.rij AND ST_Intersects(u.geom, d.geom) WHERE q.i = p.i AND q.overlap > 0 AND d.dim = 2)"
    )
    return (
        f"(SELECT * FROM (WITH paren_{k} AS MATERIALIZED ({pairs}) "
        f"SELECT {k} AS regel, p.i AS onderwerp, p.rang, p.feature_id, p.naam, p.afstand, p.overlap "
        f"FROM paren_{k} p WHERE CASE WHEN NOT p.areal THEN true "
        f"WHEN p.alleen THEN p.overlap / p.area >= :r_{k} "
        f"WHEN p.nr = 1 AND p.samen / p.area >= :r_{k} THEN {union} / p.area >= :r_{k} ELSE false END) AS aandeel_{k})"
    )


class PostgisSnapshot(PostgisBackend):
    """The backend inside :meth:`PostgisBackend.snapshot`: its transaction holds the prefix's shared lock
    already, so no load commits until it ends; its reads take the lock no more, and the registry's
    tables are read once, for every part of the check."""

    def __init__(self, conn: Connection, *, prefix: str):
        super().__init__(conn, prefix=prefix)
        self._registry: dict[str, str] | None = None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.connect() as conn:  # the snapshot's own, under its lock
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[PostgisBackend]:
        yield self

    def bound(self, connection: Connection) -> PostgisBackend:
        return self if connection is self.bind else super().bound(connection)

    def _registered(self, conn: Connection) -> dict[str, str]:
        if self._registry is None:
            self._registry = super()._registered(conn)
        return self._registry
