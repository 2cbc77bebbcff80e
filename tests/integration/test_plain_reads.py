"""services.store.db.plain: a read of plain columns past the ORM's execution path sees what the session
holds pending, as the ORM's autoflush would show it, and nothing more inside ``no_autoflush``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.store.db import plain
from services.store.models import Group

_NAMES = select(Group.name).where(Group.kind == "organisatie")


def test_a_plain_read_sees_what_the_session_holds_pending(platform: Any) -> None:
    with platform.uow() as uow:
        s = uow.session
        s.add(Group(name="Waterschap", kind="organisatie"))
        assert list(plain(s).scalars(_NAMES)) == list(s.scalars(_NAMES)) == ["Waterschap"]


def test_a_plain_read_inside_no_autoflush_flushes_nothing(platform: Any) -> None:
    with platform.uow() as uow:
        s = uow.session
        s.add(Group(name="Waterschap", kind="organisatie"))
        with s.no_autoflush:
            assert list(plain(s).scalars(_NAMES)) == list(s.scalars(_NAMES)) == []
        assert s.new
