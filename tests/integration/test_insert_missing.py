"""services.store.db.insert_missing: inserts the rows whose key is new, leaves the others, says how many
it inserted; and its statement is compiled once, not on every call (before, the rows were written into
the statement as literal values: such a statement has no cache key, so each call compiled it again)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select

from services import cases
from services.platform import Platform
from services.store.db import insert_missing
from services.store.models import Case, CaseLink, Group
from tests.integration.document_helpers import make_zaak


def _groups(*names: str, kind: str = "afdeling") -> list[dict[str, Any]]:
    return [{"name": name, "kind": kind} for name in names]


def _insert(platform: Platform, rows: list[dict[str, Any]]) -> int:
    with platform.uow() as uow:
        inserted = insert_missing(uow.session, Group, rows, "name")
        uow.commit()
    return inserted


@contextmanager
def _cache_stats(platform: Platform) -> Iterator[list[Any]]:
    """SQLAlchemy's cache statistic of each INSERT into app_group inside the block (hit, miss, no key)."""
    stats: list[Any] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool) -> None:
        if statement.startswith("INSERT INTO app_group"):
            stats.append(context.cache_hit)

    event.listen(platform.engine, "after_cursor_execute", on_execute)
    try:
        yield stats
    finally:
        event.remove(platform.engine, "after_cursor_execute", on_execute)


def test_new_rows_are_inserted_and_existing_ones_left(any_platform: Platform) -> None:
    assert _insert(any_platform, []) == 0
    assert _insert(any_platform, _groups("Wonen")) == 1
    assert _insert(any_platform, _groups("Natuur", "Wonen", "Energie", kind="organisatie")) == 2
    with any_platform.uow() as uow:
        rows = uow.session.execute(select(Group.name, Group.kind).order_by(Group.name)).all()
    assert [tuple(row) for row in rows] == [
        ("Energie", "organisatie"),
        ("Natuur", "organisatie"),
        ("Wonen", "afdeling"),  # left as it was
    ]


def test_a_key_of_several_columns_leaves_only_a_row_with_all_of_them_alike(any_platform: Platform) -> None:
    first = make_zaak(any_platform)["zaak"]
    second = cases.start_case(any_platform, "vergunning_klein", {}, user="piet", initiator="P. Jansen")
    with any_platform.uow() as uow:
        s = uow.session
        a, b = (s.scalar(select(Case.id).where(Case.reference == z)) for z in (first, second["zaak"]))
        key = ("case_id", "other_case_id", "reason")
        assert insert_missing(s, CaseLink, [_link(a, b, "net"), _link(b, a, "net")], key) == 2
        assert insert_missing(s, CaseLink, [_link(a, b, "net"), _link(a, b, "grond")], key) == 1
        rows = s.execute(select(CaseLink.case_id, CaseLink.other_case_id, CaseLink.reason)).all()
    assert sorted(tuple(row) for row in rows) == sorted([(a, b, "net"), (b, a, "net"), (a, b, "grond")])


def _link(case_id: int, other_case_id: int, reason: str) -> dict[str, Any]:
    return {"case_id": case_id, "other_case_id": other_case_id, "reason": reason}


def test_a_second_call_compiles_nothing_whatever_its_rows(any_platform: Platform) -> None:
    _insert(any_platform, _groups("Wonen"))
    _insert(any_platform, _groups("Natuur", "Energie"))
    hit = any_platform.engine.dialect.CACHE_HIT
    with _cache_stats(any_platform) as stats:
        assert _insert(any_platform, _groups("Juridisch")) == 1
        assert _insert(any_platform, _groups("Grondzaken", "Wonen", "Openbare Ruimte")) == 2
    assert stats == [hit, hit]
