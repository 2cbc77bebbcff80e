"""Ending login sessions in the store: the one home of the stamp every path writes (review code17).

services.sessions ends them at logout, when a new login replaces one and when an account's access is
revoked; services.users when a new password is set. It sits below both, as services.sessions imports
services.users. ``revoked_at`` is written in UTC, as every moment of a session is: SQLite keeps a moment
without its zone, so a clock in Dutch time would otherwise be read back an hour or two late.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.clock import in_utc
from services.platform import Platform
from services.store.models import UserSession


def revoke(s: Session, now: datetime, condition: Any) -> int:
    """End, at ``now``, every session matching ``condition`` that has not ended yet; returns how many."""
    result = s.execute(
        update(UserSession).where(condition, UserSession.revoked_at.is_(None)).values(revoked_at=in_utc(now))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def end_every(s: Session, platform: Platform, username: str) -> int:
    """End every session of ``username`` now (its access revoked, a new password); returns how many."""
    return revoke(s, platform.clock.now(), UserSession.username == username)
