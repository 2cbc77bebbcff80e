"""`ruimteflow serve`: the production WSGI server (gunicorn) plus one scheduler process beside it.

Worker model: gunicorn ``gthread`` workers (several threads per process). The web workers never
fire timers; one ``ruimteflow worker`` process next to them does, so timers fire once however many
web workers run (more workers on PostgreSQL are safe too: timers are picked with SKIP LOCKED).
The database is migrated once, before the workers start. The address is bound first of all, so a port
in use is refused (exit 2) before the timer process can fire a timer or deliver a mail. A timer process
that stops is restarted with a growing wait (``SchedulerSupervisor``); one refused at its first start
stops serve (exit 2).
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.errors import HaltServer

from processes.errors import ValidationError
from processes.nederlands import getal
from services import public_url
from services.config import Settings
from services.mail.transport import TIMEOUT as SMTP_OPERATION_TIMEOUT
from services.scheduler import pause
from web import gunicorn_conf
from web.worker_lifecycle import StopFlag


@dataclass(frozen=True)
class ServerOptions:
    host: str
    port: int
    workers: int
    threads: int
    scheduler: bool


#: gunicorn's largest request line (bytes); a header line keeps gunicorn's default of 8190 bytes
REQUEST_LINE_MAX = 8190


def default_workers() -> int:
    """Two web processes per core, at most four (SQLite serialises writes; more buys nothing)."""
    return max(1, min(4, 2 * (os.cpu_count() or 1)))


class RuimteflowServer(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured in code; each worker builds its own app (no fork-shared connections)."""

    def __init__(
        self,
        settings: Settings,
        options: ServerOptions,
        listener: socket.socket,
        timers: SchedulerSupervisor | None = None,
    ):
        self.settings = settings
        self.options_ = options
        self.listener = listener
        self.fd = listener.fileno()  # gunicorn's bind; kept for a reload (SIGHUP) after ``run`` let go
        self.timers = timers
        super().__init__()

    def load_config(self) -> None:
        config = {
            "bind": f"fd://{self.fd}",  # bound by ``listen``, before anything started
            "workers": self.options_.workers,
            "worker_class": "gthread",
            "threads": self.options_.threads,
            "timeout": 60,
            "graceful_timeout": 10,
            # both on stderr, masked, in services/logs.py's line (web/access_log.py), as the image logs
            **gunicorn_conf.LOGGING,
            "loglevel": self.settings.log_level,
            "proc_name": "ruimteflow",
            # the request line up to gunicorn's maximum (its default is 4094 bytes): the longest query
            # the API's contract allows, percent-encoded, reaches the app, which answers a too long value
            # in problem+json; beyond it gunicorn answers 400 in text/html (README, The API as a contract)
            "limit_request_line": REQUEST_LINE_MAX,
        }
        for key, value in config.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from services.platform import Platform
        from web import create_app

        platform = Platform.create(self.settings, migrate=False)
        return create_app(self.settings, platform=platform, start_scheduler=False)

    def run(self) -> None:
        """BaseApplication.run with serve's own master. gunicorn takes the bound socket over (and closes
        its descriptor), so ``listener`` lets go of it first: closing it later closed a stranger's fd."""
        self.listener.detach()
        try:
            RuimteflowArbiter(self).run()
        except RuntimeError as exc:
            print(f"\nError: {exc}\n", file=sys.stderr, flush=True)
            sys.exit(1)


#: set in the environment of serve's timer process, to serve's PID: the timer process stops once serve is
#: gone (web.worker_lifecycle)
TIMER_PROCESS_OF_SERVE = "_RUIMTEFLOW_TIMER_PROCESS_OF_SERVE"


def start_scheduler_process(
    database: str | None, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`ruimteflow worker` as a child process (same interpreter, same environment, ``env`` added: serve's
    port as RUIMTEFLOW_PORT and, see ``public_url.local_base``, the RUIMTEFLOW_BASE_URL of its links, so it
    never warns that one is missing). It stops when serve is gone (TIMER_PROCESS_OF_SERVE)."""
    argv = [sys.executable, "-m", "web.cli", "worker"] + (["--database", database] if database else [])
    env = {
        **os.environ,
        TIMER_PROCESS_OF_SERVE: str(os.getpid()),
        **(env or {}),
    }
    return subprocess.Popen(argv, env=env)


#: the CLI's exit code for a refusal (bad configuration, a database it may not use): see web/cli_errors.py
REFUSED = 2


@dataclass(frozen=True)
class Restarts:
    """How serve restarts its timer process: it looks every ``poll`` seconds; a stopped process is started
    again after ``first`` seconds, doubling with every stop in a row up to ``cap``; a process that ran
    ``healthy`` seconds or longer starts a new row (tests inject short ones through ``RESTARTS``)."""

    poll: float = 2.0
    first: float = 2.0
    cap: float = 60.0
    healthy: float = 60.0

    def delay(self, in_a_row: int) -> float:
        return min(self.cap, self.first * 2 ** min(in_a_row - 1, 30))


RESTARTS = Restarts()


def _how(code: int) -> str:
    if code >= 0:
        return f"met code {code}"
    try:
        return f"door signaal {signal.Signals(-code).name}"
    except ValueError:
        return f"door signaal {-code}"


#: how long serve, stopping, waits for its timer process before it kills it: the worker ends its pass
#: after the outbox message in flight (the rest of its round goes back at once), so it needs one remote
#: operation at most, the longest being one SMTP operation (20 s; a ZGW call times out after 10 s),
#: plus 10 s to record the outcome and give the round back. Not the delivery deadline (80% of the
#: 5-minute lease): no stop should wait that long. A dialogue whose slow operations add up past this
#: is still cut off, as before.
TIMER_STOP_WAIT = SMTP_OPERATION_TIMEOUT + 10.0


class SchedulerSupervisor:
    """Keeps one timer process running beside the web workers; restarts it when it exits, with a growing
    wait when it keeps stopping (no restart every poll, forever). A timer process refused at its very
    first start (exit code 2: serve opened and migrated the same database just before, so the timer
    process's configuration differs, which does not heal) sets ``fatal``: serve then stops (exit 2).
    A later exit 2 (e.g. a database briefly unreachable while it restarts) is retried like any other."""

    def __init__(
        self, database: str | None, env: dict[str, str] | None = None, restarts: Restarts | None = None
    ):
        self.database = database
        self.env = env
        self.restarts = restarts or RESTARTS
        self.fatal: str | None = None  # why serve must stop
        self._lock = threading.RLock()  # one reaper at a time: this thread or gunicorn's SIGCHLD handler
        # set by the arbiter's signal handler (``stopping``): a lock-free flag, read by short sleeps (an
        # Event's set waited for ever on its lock when the signal came while this thread held it)
        self._stop = StopFlag()
        self._starts = 0
        self._in_a_row = 0
        self._start()
        self._thread = threading.Thread(target=self._watch, name="ruimteflow-timers", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        self.process = start_scheduler_process(self.database, self.env)
        self._started = time.monotonic()
        self._starts += 1

    def collect(self) -> int | None:
        """The timer process's exit code once it stopped, None while it runs. gunicorn's master reaps every
        child that stops (``RuimteflowArbiter`` calls this first), which would lose the code."""
        with self._lock:
            return self.process.poll()

    def _watch(self) -> None:
        while not pause(self._stop, self.restarts.poll):
            code = self.collect()
            if code is None or self._stop.is_set():
                continue
            delay = self._after_stop(code)
            if delay is None or pause(self._stop, delay):
                return
            with self._lock:
                if self._stop.is_set():
                    return
                self._start()

    def _after_stop(self, code: int) -> float | None:
        """Say that the timer process stopped; the wait before it starts again, None when serve must stop."""
        ran = time.monotonic() - self._started
        self._in_a_row = 1 if ran >= self.restarts.healthy else self._in_a_row + 1
        if code == REFUSED and self._starts == 1:
            self.fatal = (
                f"Het timerproces weigerde te starten (code {code}: een fout in de configuratie of de "
                "database, zie de melding erboven). Dat herstelt niet vanzelf; Ruimteflow stopt. "
                "Herstel de fout en start opnieuw."
            )
            return None
        delay = self.restarts.delay(self._in_a_row)
        row = f", {self._in_a_row}e keer op rij" if self._in_a_row > 1 else ""
        print(
            f"Timerproces gestopt {_how(code)} na {getal(ran, 1)} s; opnieuw gestart over "
            f"{getal(delay, 1)} s{row}. Tot dan vuren geen timers en gaat er geen post uit.",
            file=sys.stderr,
            flush=True,
        )
        return delay

    def stopping(self) -> None:
        """Serve is shutting down (a stop signal reached its master, and with a whole process group's
        SIGTERM from systemd or `timeout` the timer process too): its exit is no stop to restart or
        report as one. ``stop`` ends it."""
        self._stop.set()

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            self.process.terminate()
        try:
            self.process.wait(timeout=TIMER_STOP_WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()


class RuimteflowArbiter(Arbiter):  # type: ignore[misc]
    """gunicorn's master, with the timer process beside it: its exit is collected by its supervisor before
    gunicorn reaps the master's children (gunicorn took the exit code, logged the timer process as a web
    worker, and halted on its codes 3 and 4); the server halts when the supervisor says the timer
    process cannot run (``fatal``); and a stop signal tells the supervisor first, so a timer process
    that the same signal stopped is not reported as a stop to restart."""

    def signal(self, sig: int, frame: Any) -> None:
        if self.app.timers is not None and sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
            self.app.timers.stopping()  # before the timer process's exit is seen: serve stops as well
        super().signal(sig, frame)

    def reap_workers(self) -> None:
        if self.app.timers is not None:
            self.app.timers.collect()
        super().reap_workers()

    def manage_workers(self) -> None:
        if self.app.timers is not None and self.app.timers.fatal:
            raise HaltServer("timerproces kan niet starten", REFUSED)
        super().manage_workers()


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
    master = os.getpid()  # gunicorn's web workers are forks that leave through here too
    scheduler = None
    try:
        Platform.create(settings).close()  # migrate once, before any worker starts
        base = public_url.local_base(settings, options.host, options.port)
        env = {"RUIMTEFLOW_PORT": str(options.port), **({"RUIMTEFLOW_BASE_URL": base} if base else {})}
        scheduler = SchedulerSupervisor(database, env=env) if options.scheduler else None
        print(
            f"Ruimteflow draait op http://{options.host}:{options.port} "
            f"({options.workers} webprocessen x {options.threads} threads"
            f"{', plus 1 timerproces' if scheduler else ''})",
            file=sys.stderr,
            flush=True,
        )
        RuimteflowServer(settings, options, listener, scheduler).run()
    except SystemExit:
        if os.getpid() == master and scheduler is not None and scheduler.fatal:
            raise ValidationError(scheduler.fatal, code="timerproces-weigert") from None
        raise
    finally:
        if os.getpid() == master:  # a web worker leaving neither stops the timer process nor closes a socket
            if scheduler is not None:
                scheduler.stop()
            listener.close()
