"""A small per-key (per client address) limiter for failed attempts, such as wrong tracking codes.

``FailureLimiter(max_failures, window_seconds)`` counts failures per key in a sliding window held in
memory. ``blocked(key)`` is true once a key has ``max_failures`` failures within the window; it stays
blocked until the oldest of them falls out of the window. Memory is bounded: at most ``max_keys``
keys are kept; the least recently failing ones are dropped first.

Each web process has its own limiter, so with N processes an address gets at most N times the
budget; that is enough to make guessing 192-bit codes pointless. Time comes from an injected
monotonic function so tests move it forward.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


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
