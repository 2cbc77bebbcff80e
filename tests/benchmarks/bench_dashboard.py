"""The dashboard on the demo database copied many times over (the tester's 3,538 cases: 58 cases x 61).

``dashboard_for_user``: services.dashboard.for_user for tom (a team lead: his teams' cases) and for bea
(the beheerder: every case) over the longest period (1825 days), on the demo database (``services.demo``,
built as the tests build it) whose case rows and the rows hanging off them (tasks, candidates, waits,
holder intervals, events) are copied ``COPIES - 1`` more times under new ids, with the load average
(the machine is shared). Also the statements and the rows they return for one dashboard.
With a PostgreSQL URL the copied database is also loaded there (the database is emptied and migrated
first) and measured the same way.
Run: python -m tests.benchmarks.bench_dashboard [copies] [postgresql URL of a database it may empty]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from tests.benchmarks.common import emit, loadavg, median

COPIES = 61
ROUNDS = 7
PERIOD = 1825

#: the copied tables, parents first: per table its id column (None: it has none of its own) and the
#: columns that point at another copied table's id
COPIED: dict[str, tuple[str | None, dict[str, str]]] = {
    "zaak": ("id", {}),
    "human_task": ("id", {"case_id": "zaak"}),
    "task_candidate": (None, {"task_id": "human_task"}),
    "task_wait": (None, {"task_id": "human_task", "case_id": "zaak"}),
    "holder_interval": ("id", {"case_id": "zaak"}),
    "outside_wait": ("id", {"case_id": "zaak"}),
    "case_event": ("id", {"case_id": "zaak"}),
}
#: columns that must stay unique: the copy's number is appended
UNIQUE_TEXT = {"zaak": ("reference", "tracking_code")}


def multiply(engine: Engine, copies: int) -> int:
    """Copy the rows of ``COPIED`` ``copies - 1`` times with shifted ids; the number of cases after."""
    with engine.begin() as conn:
        offsets = {
            table: int(conn.execute(text(f"select coalesce(max({key}), 0) from {table}")).scalar_one())
            for table, (key, _) in COPIED.items()
            if key
        }
        for table, (key, refs) in COPIED.items():
            columns = [
                c[0] for c in conn.execute(text(f"select * from {table} where 1 = 0")).cursor.description
            ]
            for n in range(1, copies):
                shifted = {key: table} if key else {}
                shifted.update(refs)
                exprs = []
                for c in columns:
                    if c in shifted:
                        exprs.append(f"{c} + {n * offsets[shifted[c]]}")
                    elif c in UNIQUE_TEXT.get(table, ()):
                        exprs.append(f"{c} || '-{n}'")
                    else:
                        exprs.append(c)
                limit = f" where {key} <= {offsets[table]}" if key else ""
                if not key:  # the original rows: those pointing at an original parent
                    parent = next(iter(refs))
                    limit = f" where {parent} <= {offsets[refs[parent]]}"
                conn.execute(
                    text(
                        f"insert into {table} ({', '.join(columns)}) select {', '.join(exprs)} from {table}{limit}"
                    )
                )
        return int(conn.execute(text("select count(*) from zaak")).scalar_one())


def reads(platform: Any, username: str) -> tuple[int, int]:
    """The statements sent and the rows they returned for one dashboard of ``username``."""
    from services import dashboard
    from tests.sql_statements import rows_read, statements

    with statements(platform) as sent, rows_read(platform) as rows:
        dashboard.for_user(platform, username, None, PERIOD)
    return len(sent), len(rows)


def bench(platform: Any, cases: int, database: str) -> None:
    """Each user's dashboard ``ROUNDS`` times, interleaved (both see the same machine load): the wall
    time and this process's CPU time (all of it on SQLite; on PostgreSQL the server's is not in it)."""
    from services import dashboard

    users = ("tom", "bea")
    wall: dict[str, list[float]] = {u: [] for u in users}
    cpu: dict[str, list[float]] = {u: [] for u in users}
    for user in users:
        dashboard.for_user(platform, user, None, PERIOD)  # warm-up
    for _ in range(ROUNDS):
        for user in users:
            t0, c0 = time.perf_counter(), time.process_time()
            dashboard.for_user(platform, user, None, PERIOD)
            wall[user].append((time.perf_counter() - t0) * 1000)
            cpu[user].append((time.process_time() - c0) * 1000)
    for user in users:
        statements, rows = reads(platform, user)
        emit(
            benchmark="dashboard_for_user",
            database=database,
            user=user,
            cases=cases,
            period_days=PERIOD,
            median_ms=median(wall[user]),
            cpu_median_ms=median(cpu[user]),
            statements=statements,
            rows_read=rows,
            load=loadavg(),
        )


def to_postgresql(source: Engine, url: str) -> Engine:
    """The rows of every app table of ``source`` in the PostgreSQL database ``url``, emptied and
    migrated first (its id sequences moved past the copied ids)."""
    from sqlalchemy import insert, select

    from services.store import db
    from services.store.models import Base
    from tests.conftest import _migrated_pg

    engine = db.make_engine(_migrated_pg(url))
    with source.connect() as read, engine.begin() as write:
        for table in Base.metadata.sorted_tables:
            rows = [dict(row._mapping) for row in read.execute(select(table))]
            if rows:
                write.execute(insert(table), rows)
            if rows and "id" in table.c:
                write.execute(
                    text(
                        f"select setval(pg_get_serial_sequence('{table.name}', 'id'), (select max(id) from {table.name}))"
                    )
                )
        write.execute(text("analyze"))
    return engine


def main() -> None:
    from services.clock import FixedClock
    from services.platform import Platform
    from services.store.db import copy_sqlite
    from tests.e2e.kaart_status_fixtures import DEMO_START, demo_settings
    from tests.shared_build import demo_database_in, demo_layers_in

    copies = int(sys.argv[1]) if len(sys.argv) > 1 else COPIES
    pg_url = sys.argv[2] if len(sys.argv) > 2 else None
    root = Path(tempfile.gettempdir()) / "ruimteflow-bench-dashboard"
    root.mkdir(exist_ok=True)
    template, layers = demo_database_in(root), demo_layers_in(root)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copy_sqlite(template, folder / "demo.db")
        settings = demo_settings(folder, layers)
        platform = Platform.create(settings, FixedClock(DEMO_START), migrate=False)
        try:
            bench(platform, multiply(platform.engine, 1), "sqlite")
            cases = multiply(platform.engine, copies)
            bench(platform, cases, "sqlite")
            if pg_url:
                to_postgresql(platform.engine, pg_url).dispose()
                on_pg = Platform.create(
                    settings.with_(database_url=pg_url), FixedClock(DEMO_START), migrate=False
                )
                try:
                    bench(on_pg, cases, "postgresql")
                finally:
                    on_pg.close()
        finally:
            platform.close()


if __name__ == "__main__":
    main()
