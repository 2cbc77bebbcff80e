"""The candidates of a check in PostGIS (gis.cost): per subject, the (rule, feature) pairs whose envelopes
meet, counted with the GiST index (``&&``) on the layers' tables before any exact predicate runs, as
gis.matching.MemoryBackend counts them on its STRtrees."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import text

from gis.cost import widening
from gis.rules import ALL_SOORTEN, Rule, RuleSet
from gis.subjects import Subjects
from services.store.postgis_load import quote


def candidate_counts(backend: Any, subjects: Subjects, rules: RuleSet) -> np.ndarray:
    """:meth:`gis.matching.ConflictBackend.candidate_counts` for the PostGIS ``backend`` (one statement)."""
    counts = np.zeros(len(subjects), dtype=np.int64)
    present = set(subjects.soorten.tolist())
    chosen = [
        (k, rule)
        for k, rule in enumerate(rules.rules)
        if ALL_SOORTEN in rule.onderwerp or present.intersection(rule.onderwerp)
    ]
    if not chosen:
        return counts
    b = subjects.bounds
    params: dict[str, Any] = {
        "i": list(range(len(subjects))),
        "soort": subjects.soorten.tolist(),
        **{name: b[:, n].tolist() for n, name in enumerate(("x0", "y0", "x1", "y1"))},
    }
    with backend.reading() as conn:
        tables = backend._tables(conn, {rule.laag for _, rule in chosen})
        union = " UNION ALL ".join(_branch(k, rule, tables[rule.laag], params) for k, rule in chosen)
        sql = (
            "WITH s AS MATERIALIZED (SELECT t.i, t.soort, ST_MakeEnvelope(t.x0, t.y0, t.x1, t.y1, 28992) AS box "
            "FROM unnest(CAST(:i AS integer[]), CAST(:soort AS text[]), CAST(:x0 AS float8[]), "
            "CAST(:y0 AS float8[]), CAST(:x1 AS float8[]), CAST(:y1 AS float8[])) AS t(i, soort, x0, y0, x1, y1)) "
            f"SELECT c.i, count(*) FROM ({union}) c GROUP BY c.i"
        )
        for i, n in conn.execute(text(sql), params).all():
            counts[int(i)] = int(n)
    return counts


def _branch(k: int, rule: Rule, table: str, params: dict[str, Any]) -> str:
    """The candidates of one rule: its subjects' envelopes, widened by its distance, against the layer's."""
    params[f"d_{k}"] = widening(rule)
    where = ""
    if ALL_SOORTEN not in rule.onderwerp:
        params[f"soorten_{k}"] = sorted(rule.onderwerp)
        where = f" WHERE s.soort = ANY(CAST(:soorten_{k} AS text[]))"
    # && compares the index's single-precision boxes, rounded outward; the envelope then as the STRtree has it
    probe = f"ST_Expand(s.box, :d_{k})"
    return (
        f"SELECT s.i FROM s JOIN {quote(table)} l ON l.geom && {probe} "
        f"AND ST_Intersects(ST_Envelope(l.geom), {probe}){where}"
    )
