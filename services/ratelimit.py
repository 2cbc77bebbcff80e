"""Limits on failed attempts (wrong passwords, wrong tracking codes), per key in a sliding window.

``StoredFailureLimiter(platform, budget)`` counts failures in the ``auth_failure`` table, so every web
process sees the same count and a restart forgets nothing; ``charge`` checks and records several
budgets (per account and per address at login) in one transaction. ``FailureLimiter`` is the same
interface held in the memory of one process (kept for tools and tests that have no database).

``blocked(key)`` is true once a key has ``max_failures`` failures within the window; it stays blocked
until the oldest of them falls out of the window. Keys are stored as SHA-256 hashes of scope and
key (no addresses or guessed names in the table); rows older than the window are pruned on write.
Time comes from the platform clock (stored) or an injected monotonic function (memory).
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from processes.errors import RuimteflowError
from services.clock import in_utc
from services.store.models import AuthFailure

#: the window of an hourly budget, in seconds (the public's applications, messages, uploads, mail requests)
HOUR = 3600.0


class TooManyAttempts(RuimteflowError):
    """Refused because a key used up its failures; ``extra['retry_after']`` holds the seconds to wait."""

    code = "te-veel-pogingen"
    title = "Te veel verzoeken"
    status = 429


def wait_phrase(seconds: float) -> str:
    """ "Wacht 1 minuut" / "Wacht 15 minuten": the wait in whole minutes, rounded up."""
    minutes = max(1, math.ceil(seconds / 60))
    return f"Wacht {minutes} {'minuut' if minutes == 1 else 'minuten'}"


class FailureLimiter:
    def __init__(
        self,
        max_failures: int = 10,
        window_seconds: float = 60.0,
        *,
        max_keys: int = 10_000,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_failures < 1:
            raise ValueError("max_failures must be at least 1")
        self.max_failures = max_failures
        self.window = float(window_seconds)
        self.max_keys = max_keys
        self._now = now
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _prune(self, key: str, moment: float) -> deque[float] | None:
        hits = self._failures.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= moment - self.window:
            hits.popleft()
        if not hits:
            del self._failures[key]
            return None
        return hits

    def blocked(self, key: str) -> bool:
        """True when ``key`` used up its failures in the current window."""
        with self._lock:
            hits = self._prune(key, self._now())
            return hits is not None and len(hits) >= self.max_failures

    def retry_after(self, key: str) -> int:
        """Whole seconds until ``key`` may try again (0 when not blocked)."""
        with self._lock:
            moment = self._now()
            hits = self._prune(key, moment)
            if hits is None or len(hits) < self.max_failures:
                return 0
            return max(1, int(hits[len(hits) - self.max_failures] + self.window - moment + 0.999))

    def fail(self, key: str) -> None:
        """Record one failure for ``key``."""
        with self._lock:
            moment = self._now()
            hits = self._prune(key, moment)
            if hits is None:
                hits = deque()
                self._failures[key] = hits
            else:
                self._failures.move_to_end(key)
            hits.append(moment)
            while len(hits) > self.max_failures:
                hits.popleft()
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def reset(self, key: str | None = None) -> None:
        with self._lock:
            if key is None:
                self._failures.clear()
            else:
                self._failures.pop(key, None)


# -- stored in the database ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Budget:
    """``max_failures`` failures per key of ``scope`` within ``window_seconds``."""

    scope: str
    max_failures: int
    window_seconds: float

    def key_hash(self, key: str) -> str:
        return hashlib.sha256(f"{self.scope}\x00{key}".encode()).hexdigest()


def _now(platform: Any) -> datetime:
    return in_utc(platform.clock.now())


def _wait(s: Session, now: datetime, budget: Budget, key: str) -> int:
    """Whole seconds until ``key`` may try again under ``budget`` (0 when it may now)."""
    cutoff = now - timedelta(seconds=budget.window_seconds)
    recent = s.scalars(
        select(AuthFailure.at)
        .where(AuthFailure.key_hash == budget.key_hash(key), AuthFailure.at > cutoff)
        .order_by(AuthFailure.at.desc())
        .limit(budget.max_failures)
    ).all()
    if len(recent) < budget.max_failures:
        return 0
    free_at = in_utc(recent[-1]) + timedelta(seconds=budget.window_seconds)
    return max(1, math.ceil((free_at - now).total_seconds()))


def _record(s: Session, now: datetime, budget: Budget, key: str) -> AuthFailure:
    s.execute(
        delete(AuthFailure).where(
            AuthFailure.scope == budget.scope,
            AuthFailure.at <= now - timedelta(seconds=budget.window_seconds),
        )
    )
    row = AuthFailure(scope=budget.scope, key_hash=budget.key_hash(key), at=now)
    s.add(row)
    return row


def _lock(s: Session, claims: Iterable[tuple[Budget, str]]) -> None:
    """Serialise check-and-record per key. SQLite's BEGIN IMMEDIATE already serialises writers."""
    if s.get_bind().dialect.name != "postgresql":
        return
    for digest in sorted(b.key_hash(k) for b, k in claims):
        lock_id = int.from_bytes(bytes.fromhex(digest[:16]), "big", signed=True)
        s.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


def waiting(platform: Any, claims: list[tuple[Budget, str]]) -> int:
    """Seconds until every (budget, key) has room again (0: now), recording nothing."""
    with platform.uow(write=False) as uow:
        now = _now(platform)
        return max(_wait(uow.session, now, b, k) for b, k in claims)


def charge(platform: Any, claims: list[tuple[Budget, str]]) -> tuple[int, list[int]]:
    """Check every (budget, key) and, when none is used up, record one failure for each at once.

    Returns ``(wait, ids)``: ``wait`` > 0 means refused (nothing recorded); otherwise ``ids`` are
    the recorded failures, to be removed with ``settle`` when the attempt turns out to be right.
    Recording before the check of the password itself means parallel guesses cannot overrun a budget.
    """
    wait = waiting(platform, claims)  # the common refusal under a flood takes no write lock
    if wait:
        return wait, []
    with platform.uow() as uow:
        s = uow.session
        _lock(s, claims)
        now = _now(platform)
        wait = max(_wait(s, now, b, k) for b, k in claims)
        if wait:
            return wait, []
        rows = [_record(s, now, b, k) for b, k in claims]
        s.flush()
        ids = [r.id for r in rows]
        uow.commit()
    return 0, ids


def charge_or_refuse(
    platform: Any, claims: list[tuple[Budget, str]], detail: str | Callable[[int], str]
) -> list[int]:
    """``charge``, and TooManyAttempts (429, ``detail``, with the wait) when a budget is used up (then
    nothing is counted); a callable ``detail`` is given the seconds to wait (a message that names them:
    ``wait_phrase``). Returns the recorded ids (``settle`` takes them back)."""
    wait, ids = charge(platform, claims)
    if wait:
        raise TooManyAttempts(detail(wait) if callable(detail) else detail, retry_after=wait)
    return ids


def settle(platform: Any, ids: list[int], *, reset: Iterable[tuple[Budget, str]] = ()) -> None:
    """An attempt recorded by ``charge`` succeeded: drop its rows and every failure of ``reset``."""
    with platform.uow() as uow:
        s = uow.session
        if ids:
            s.execute(delete(AuthFailure).where(AuthFailure.id.in_(ids)))
        for budget, key in reset:
            s.execute(delete(AuthFailure).where(AuthFailure.key_hash == budget.key_hash(key)))
        uow.commit()


@contextmanager
def refunded_on(
    platform: Any,
    ids: list[int],
    failures: type[BaseException] | tuple[type[BaseException], ...] = BaseException,
) -> Iterator[None]:
    """Give the charge ``ids`` back (``settle``) when what runs inside raises one of ``failures``, and let
    it go on: the attempt did not count (services.documents.quota, services.status.submissions)."""
    try:
        yield
    except failures:
        if ids:
            settle(platform, ids)
        raise


class StoredFailureLimiter:
    """``FailureLimiter``'s interface on the ``auth_failure`` table: shared by processes, kept on restart."""

    def __init__(self, platform: Any, budget: Budget) -> None:
        if budget.max_failures < 1:
            raise ValueError("max_failures must be at least 1")
        self.platform = platform
        self.budget = budget

    def blocked(self, key: str) -> bool:
        return self.retry_after(key) > 0

    def retry_after(self, key: str) -> int:
        with self.platform.uow(write=False) as uow:
            return _wait(uow.session, _now(self.platform), self.budget, key)

    def fail(self, key: str) -> None:
        with self.platform.uow() as uow:
            _record(uow.session, _now(self.platform), self.budget, key)
            uow.commit()

    def reset(self, key: str) -> None:
        settle(self.platform, [], reset=[(self.budget, key)])
