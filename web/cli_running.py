"""`ruimteflow migrate`, `serve`, `worker` and `demo`: setting a database up and running Ruimteflow on it.

Only `migrate`, `serve` and `demo` (and `models deploy`, the init step of docker/compose.yaml) create a
database or bring its schema up to date; every other command refuses a SQLite file that does not exist
and a schema that is not the newest (services.store.db_errors.open_current).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from web import cli_database
from web.cli_errors import show
from web.cli_parser import port, positive
from web.cli_scenarios import ExitCode


def _warn_base_url(settings: Any) -> None:
    """At the start of a worker: say when mail links written without a request would point at the local
    demo address (services.public_url). Never in serve's timer process: serve gives it RUIMTEFLOW_BASE_URL
    (its own, or on loopback its own address: public_url.local_base) or refuses to start."""
    from services.public_url import missing_warning

    warning = missing_warning(settings)
    if warning:
        print(warning, file=sys.stderr)


def cmd_migrate(args: argparse.Namespace) -> Any:
    from services.store import db

    platform = cli_database.platform(args, sets_up=True)
    try:
        current, _newest = db.schema_revisions(platform.engine)
        return {"database": cli_database.shown(platform), "schema": ", ".join(sorted(current))}
    finally:
        platform.close()


def cmd_serve(args: argparse.Namespace) -> Any:
    from services.config import Settings
    from services.config_values import serve_from_env
    from web.server import ServerOptions, default_workers, serve
    from web.start_checks import refuse_unconfigured, serve_reach

    # --port is also its web workers' port for links outside a request (None: RUIMTEFLOW_PORT's)
    settings = Settings.from_env(database_url=args.database, port=args.port)
    env = serve_from_env(os.environ)  # an option given wins over its variable
    options = ServerOptions(
        host=args.host or env.get("host", "127.0.0.1"),
        port=settings.port,
        workers=args.workers or env.get("workers") or default_workers(),
        threads=args.threads or env.get("threads", 4),
        scheduler=settings.scheduler_in_web,
    )
    refuse_unconfigured(settings, serve_reach(settings, options.host))
    serve(settings, options, args.database)


def cmd_worker(args: argparse.Namespace) -> Any:
    from services.scheduler import one_pass

    platform = cli_database.platform(args)
    _warn_base_url(platform.settings)
    if args.once:  # the same passes as one iteration of the loop (for cron); a stop signal ends it after
        from web.worker_lifecycle import StopFlag, StopOnSignals  # the message in flight, as the loop's

        stop = StopFlag()  # (review sessie12e, 1)
        StopOnSignals(stop)
        result = one_pass(platform, stop.is_set)
        show(args, result)
        return ExitCode(1 if result["mislukt"] else 0)
    print("Ruimteflow worker gestart (timers en uitgaande berichten)", file=sys.stderr)
    try:
        _loop(platform)
    finally:
        platform.close()


def _loop(platform: Any) -> None:
    """The worker's loop until a stop signal (after the pass in flight: web.worker_lifecycle) or, for
    serve's timer process, until serve is gone."""
    from services.scheduler import run_forever
    from web import worker_lifecycle
    from web.server import TIMER_PROCESS_OF_SERVE

    stop = worker_lifecycle.StopFlag()
    signals = worker_lifecycle.StopOnSignals(stop)
    serve = worker_lifecycle.serve_pid(os.environ.get(TIMER_PROCESS_OF_SERVE))
    alive = (lambda: True) if serve is None else worker_lifecycle.parent_alive(serve)
    if serve is not None:
        worker_lifecycle.die_with_parent()
    run_forever(platform, platform.settings.scheduler_interval, stop, alive)
    if signals.received:
        why = f"na signaal {signals.received}; de lopende ronde is afgemaakt"
    else:
        why = f"ruimteflow serve (pid {serve}) draait niet meer"
    print(f"Ruimteflow worker gestopt ({why})", file=sys.stderr, flush=True)


def cmd_demo(args: argparse.Namespace) -> Any:
    """A demo that is refused or fails leaves no new SQLite file behind (db.removed_if_failed). The
    database is opened as it is, not migrated: demo.build checks it and the model folder (on the opened
    platform's settings and registry) first, and only then wipes and migrates it."""
    from services import demo
    from services.config import Settings
    from services.platform import Platform
    from services.store.db import removed_if_failed

    settings = Settings.from_env(database_url=args.database)
    with removed_if_failed(settings.resolved_database_url):
        platform = Platform.create(settings, migrate=False)  # a new SQLite file is made, nothing migrated
        try:
            return demo.build(platform, seed=not args.no_cases, overwrite=args.overwrite)
        finally:
            platform.close()


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """migrate, serve, worker, demo."""
    s = sub.add_parser(
        "migrate", parents=[common], help="maak de database aan of werk het schema bij naar deze versie"
    )
    s.set_defaults(fn=cmd_migrate)

    s = sub.add_parser(
        "serve", parents=[common], help="start de productiewebserver (gunicorn) met één timerproces ernaast"
    )
    # the defaults come from RUIMTEFLOW_HOST, _PORT, _WORKERS, _THREADS, checked in cmd_serve
    s.add_argument("--host", help="standaard RUIMTEFLOW_HOST, anders 127.0.0.1")
    s.add_argument("--port", type=port, help="standaard RUIMTEFLOW_PORT, anders 5000")
    s.add_argument(
        "--workers", type=positive, help="standaard RUIMTEFLOW_WORKERS, anders 2 per kern (ten hoogste 4)"
    )
    s.add_argument("--threads", type=positive, help="standaard RUIMTEFLOW_THREADS, anders 4")
    s.set_defaults(fn=cmd_serve)

    s = sub.add_parser(
        "worker",
        parents=[common],
        help="vuur timers af en lever uitgaande berichten af (meerdere workers mogen naast elkaar)",
    )
    s.add_argument(
        "--once",
        action="store_true",
        help="één ronde (timers, termijnherinneringen, uitgaande berichten) en stoppen",
    )
    s.set_defaults(fn=cmd_worker)

    s = sub.add_parser(
        "demo", parents=[common], help="verse database met modellen, demogebruikers en voorbeeldzaken"
    )
    s.add_argument("--no-cases", action="store_true", help="zonder voorbeeldzaken")
    s.add_argument(
        "--overschrijven",
        dest="overwrite",
        action="store_true",
        help="wis ook een database die al zaken bevat (anders: geweigerd, exit 2)",
    )
    s.set_defaults(fn=cmd_demo)
