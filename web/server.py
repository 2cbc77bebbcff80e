"""`ruimteflow serve`: the production WSGI server (gunicorn) plus one scheduler process beside it.

Worker model: gunicorn ``gthread`` workers (several threads per process). The web workers never
fire timers; one ``ruimteflow worker`` process next to them does, so timers fire once however many
web workers run (more workers on PostgreSQL are safe too: timers are picked with SKIP LOCKED).
The database is migrated once, before the workers start. The address is bound first of all, so a port
in use is refused (exit 2) before the timer process can fire a timer or deliver a mail.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

from processes.errors import ValidationError
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

    def __init__(self, settings: Settings, options: ServerOptions, listener: socket.socket):
        self.settings = settings
        self.options_ = options
        self.listener = listener
        super().__init__()

    def load_config(self) -> None:
        config = {
            "bind": f"fd://{self.listener.fileno()}",  # bound by ``listen``, before anything started
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


def listen(host: str, port: int) -> socket.socket:
    """The server's listening socket, bound the way gunicorn binds (SO_REUSEADDR); a port in use or an
    address this machine does not have is a Dutch refusal (exit 2 in the CLI)."""
    sock = None
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        if sock is not None:
            sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ValidationError(
                f"Poort {port} is al in gebruik op {host} (draait Ruimteflow daar al?); "
                "kies een andere poort met --port of RUIMTEFLOW_PORT.",
                code="poort-in-gebruik",
            ) from None
        denied = exc.errno in (errno.EACCES, errno.EPERM)
        why = (
            "geen rechten op deze poort; onder 1024 alleen als beheerder" if denied else "adres onbekend hier"
        )
        raise ValidationError(
            f"Kan niet luisteren op {host}:{port} ({why}).", code="adres-onbruikbaar"
        ) from None
    return sock


def serve(settings: Settings, options: ServerOptions, database: str | None = None) -> None:
    from services.platform import Platform

    listener = listen(options.host, options.port)  # before the timer process starts (or anything)
    try:
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
            RuimteflowServer(settings, options, listener).run()
        finally:
            if scheduler is not None:
                scheduler.stop()
    finally:
        listener.close()
