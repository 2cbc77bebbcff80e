"""`ruimteflow serve`: the production WSGI server (gunicorn) plus one scheduler process beside it.

Worker model: gunicorn ``gthread`` workers (several threads per process). The web workers never
fire timers; one ``ruimteflow worker`` process next to them does, so timers fire once however many
web workers run (more workers on PostgreSQL are safe too: timers are picked with SKIP LOCKED).
The database is migrated once, before the workers start.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

from services import public_url
from services.config import Settings


@dataclass(frozen=True)
class ServerOptions:
    host: str
    port: int
    workers: int
    threads: int
    scheduler: bool


def default_workers() -> int:
    """Two web processes per core, at most four (SQLite serialises writes; more buys nothing)."""
    return max(1, min(4, 2 * (os.cpu_count() or 1)))


class RuimteflowServer(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured in code; each worker builds its own app (no fork-shared connections)."""

    def __init__(self, settings: Settings, options: ServerOptions):
        self.settings = settings
        self.options_ = options
        super().__init__()

    def load_config(self) -> None:
        config = {
            "bind": f"{self.options_.host}:{self.options_.port}",
            "workers": self.options_.workers,
            "worker_class": "gthread",
            "threads": self.options_.threads,
            "timeout": 60,
            "graceful_timeout": 10,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "ruimteflow",
        }
        for key, value in config.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from services.platform import Platform
        from web import create_app

        platform = Platform.create(self.settings, migrate=False)
        return create_app(self.settings, platform=platform, start_scheduler=False)


#: set in the environment of serve's timer process: serve has given the start-up warnings already
TIMER_PROCESS_OF_SERVE = "_RUIMTEFLOW_TIMER_PROCESS_OF_SERVE"


def start_scheduler_process(database: str | None, base_url: str | None = None) -> subprocess.Popen[bytes]:
    """`ruimteflow worker` as a child process (same interpreter, same environment; ``base_url``: the
    RUIMTEFLOW_BASE_URL of its links when the environment has none, see ``public_url.local_base``).
    It does not repeat serve's warning about a missing RUIMTEFLOW_BASE_URL (TIMER_PROCESS_OF_SERVE)."""
    argv = [sys.executable, "-m", "web.cli", "worker"] + (["--database", database] if database else [])
    env = {
        **os.environ,
        TIMER_PROCESS_OF_SERVE: "1",
        **({"RUIMTEFLOW_BASE_URL": base_url} if base_url else {}),
    }
    return subprocess.Popen(argv, env=env)


class SchedulerSupervisor:
    """Keeps one timer process running beside the web workers; restarts it when it exits."""

    def __init__(self, database: str | None, poll_seconds: float = 2.0, base_url: str | None = None):
        self.database = database
        self.base_url = base_url
        self.poll_seconds = poll_seconds
        self.process = start_scheduler_process(database, base_url)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="ruimteflow-timers", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            code = self.process.poll()
            if code is not None and not self._stop.is_set():
                print(f"Timerproces gestopt (code {code}); opnieuw gestart.", file=sys.stderr, flush=True)
                self.process = start_scheduler_process(self.database, self.base_url)

    def stop(self) -> None:
        self._stop.set()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def serve(settings: Settings, options: ServerOptions, database: str | None = None) -> None:
    from services.platform import Platform

    Platform.create(settings).close()  # migrate once, before any worker starts
    base = public_url.local_base(settings, options.host, options.port)
    scheduler = SchedulerSupervisor(database, base_url=base) if options.scheduler else None
    print(
        f"Ruimteflow draait op http://{options.host}:{options.port} "
        f"({options.workers} webprocessen x {options.threads} threads"
        f"{', plus 1 timerproces' if scheduler else ''})",
        file=sys.stderr,
        flush=True,
    )
    try:
        RuimteflowServer(settings, options).run()
    finally:
        if scheduler is not None:
            scheduler.stop()
