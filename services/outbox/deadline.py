"""The deadline of one delivery: the whole send ends inside the message's lease.

A worker leases a message while it delivers it (``worker.LEASE``); once the lease has run out another
worker may take it. Remote timeouts are per operation (a connect, one read), so a server that trickles
one byte at a time, or a slow one that keeps answering just in time, would let a delivery run past the
lease, and the message would go out twice. The worker therefore gives each delivery a deadline inside
its lease (``share`` of it; the rest is the margin to record the outcome) and the channels keep it:

- each remote operation's timeout is at most what is left (``remaining``), and none starts after the
  deadline (``passed``);
- at the deadline the connections the channel watches (``watch``) are shut down, which ends any read or
  write still blocked on them, TLS or not;

so the delivery fails, and the worker records an attempt that is retried later (``reason`` for beheer).
The channels find the deadline of the delivery they run in with ``current()`` (None outside a delivery).
"""

from __future__ import annotations

import socket
import threading
import time
from contextvars import ContextVar
from datetime import timedelta
from types import TracebackType

from processes.nederlands import getal

#: the part of the lease a delivery may take; the rest is the margin to record its outcome
SHARE = 0.8

_current: ContextVar[Deadline | None] = ContextVar("outbox_deadline", default=None)


def current() -> Deadline | None:
    """The deadline of the delivery running in this context, or None."""
    return _current.get()


class Deadline:
    """Starts counting when made (before the lease of the delivery is renewed, so it ends inside it);
    kept from ``with deadline:`` around the handler, which cuts the watched connections at the end."""

    def __init__(self, lease: timedelta) -> None:
        self.seconds = lease.total_seconds() * SHARE
        self._end = time.monotonic() + self.seconds
        self._lock = threading.Lock()
        #: (watched socket, our duplicate of its descriptor); the socket itself is held, not its id(),
        #: which a socket freed during the delivery would leave to the next one
        self._watched: list[tuple[socket.socket, socket.socket]] = []
        self._timer: threading.Timer | None = None
        self._over = False
        self._cut = False

    @property
    def reason(self) -> str:
        """What beheer reads for a delivery cut off at its deadline."""
        seconds = getal(self.seconds, 6, kort=True)
        return f"Levering afgebroken: de server antwoordde niet binnen {seconds} seconden"

    def remaining(self) -> float:
        return max(self._end - time.monotonic(), 0.0)

    @property
    def passed(self) -> bool:
        return self._cut or time.monotonic() >= self._end

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock``'s connection down at the deadline. A duplicate of its descriptor is kept until
        the delivery ends: shutting that down ends the connection for every holder, also after the
        socket was wrapped in TLS, and it cannot hit a descriptor the system has given to another."""
        if sock.fileno() < 0:
            return
        with self._lock:
            if self._over or any(held is sock for held, _ in self._watched):
                return
            dup = socket.socket(sock.family, sock.type, sock.proto, fileno=socket.dup(sock.fileno()))
            self._watched.append((sock, dup))
            if self._cut:
                _shut(dup)

    @property
    def watched(self) -> int:
        """How many connections this delivery watched."""
        return len(self._watched)

    def __enter__(self) -> Deadline:
        self._token = _current.set(self)
        self._timer = threading.Timer(self.remaining(), self._cut_all)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        _current.reset(self._token)
        with self._lock:
            self._over = True
            if self._timer is not None:
                self._timer.cancel()
            for _, dup in self._watched:
                dup.close()
            self._watched.clear()

    def _cut_all(self) -> None:
        with self._lock:
            if self._over:
                return
            self._cut = True
            for _, dup in self._watched:
                _shut(dup)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed by the other side
        pass
