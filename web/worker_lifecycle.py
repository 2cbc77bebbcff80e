"""How a `ruimteflow worker` loop stops: after the pass in flight on SIGTERM or SIGINT (systemd, docker
stop, `timeout`, Ctrl-C, serve stopping its timer process), so the outcome of a delivery in flight is
recorded (a mail the server accepted is not sent again after its lease)."""

from __future__ import annotations

import signal
import threading
from typing import Any


class StopOnSignals:
    """SIGTERM and SIGINT set ``stop`` (the loop ends after the pass in flight, and the worker exits 0);
    ``received`` names the first signal. A repeated signal (serve stopping a timer process that the
    process group's SIGTERM reached already) does the same, so it cannot cut the pass off either."""

    def __init__(self, stop: threading.Event):
        self.stop = stop
        self.received: str | None = None
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._handle)

    def _handle(self, signum: int, _frame: Any) -> None:
        self.received = self.received or signal.Signals(signum).name
        self.stop.set()
