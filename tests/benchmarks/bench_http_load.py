"""HTTP load: simulated officers against `ruimteflow serve`, next to the Flask development server.

Each officer loops: list her own tasks, else the team's, open a case, claim an unheld task of the team
(her own she holds already), complete it (the rework-loop model `bench_lus` answers every completion with
a new open task, given to who completed the last), with a think time after each action. The
same database is served in interleaved rounds by `ruimteflow serve` (gunicorn) and by the Flask
development server (the old `make run`), for 1, 10 and 50 officers, then without think time
(saturation). With RUIMTEFLOW_TEST_DATABASE_URL set, the same runs on PostgreSQL with 4 workers.

Prints one JSON line per round: actions/s, completions/s, p50/p95/p99, error rate, 409s apart and
"database is locked" answers, and the load average. Run: python -m tests.benchmarks.bench_http_load
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.benchmarks.common import emit

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "tests" / "fixtures" / "bpmn" / "bench_lus.bpmn"
CASES = 300
OFFICERS = 50
LEVELS = (1, 10, 50)
DURATION = float(os.environ.get("BENCH_HTTP_SECONDS", "15"))
THINK = 1.0
SATURATION_CLIENTS = 8


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    completions: int = 0
    errors: int = 0
    conflicts: int = 0
    locked: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, ms: float, status: int, body: str, completion: bool) -> None:
        with self.lock:
            self.latencies.append(ms)
            if status == 409:
                self.conflicts += 1
            elif status >= 400:
                self.errors += 1
            elif completion:
                self.completions += 1
            if "database is locked" in body:
                self.locked += 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(database_url: str, folder: Path) -> None:
    from services import cases, deployments, users
    from services.config import Settings
    from services.platform import Platform
    from services.store import db

    platform = Platform.create(Settings(instance_dir=folder, database_url=database_url), migrate=False)
    db.reset(platform.engine)
    db.migrate(platform.engine)
    deployments.deploy(platform, deployments.read_files([MODEL]), user="bench")
    for i in range(OFFICERS):
        users.add_user(
            platform,
            f"officer{i:02d}",
            groups=["Vergunningen"],
            role="vergunningverlener",
            token=f"bench-officer{i:02d}",
        )
    for i in range(CASES):
        cases.start_case(platform, "bench_lus", {"nr": i}, user="officer00", title=f"Bench {i}")
    platform.close()


class Client:
    """One officer's keep-alive connection (http.client), opened again when the server closed it.

    urllib opened a new TCP connection per request, which cost the client and the server CPU on the
    same two cores; the requests (and so the server's work per action) are the same."""

    def __init__(self, base: str, token: str):
        self.host, self.port = base.removeprefix("http://").split(":")
        self.token = token
        self.conn: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, str, float]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.token}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        t0 = time.perf_counter()
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: once more
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                text, status = resp.read().decode(errors="replace"), resp.status
                break
            except (http.client.HTTPException, OSError) as exc:
                self.close()
                text, status = str(exc), 599
                if attempt == 2 or isinstance(exc, TimeoutError):
                    break
        return status, text, (time.perf_counter() - t0) * 1000

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def officer(base: str, token: str, think: float, stop: float, tally: Tally, rnd: random.Random) -> None:
    client = Client(base, token)

    def act(method: str, path: str, body: Any = None, completion: bool = False) -> tuple[int, str]:
        status, text, ms = client.call(method, path, body)
        tally.record(ms, status, text, completion)
        if think:
            time.sleep(think)
        return status, text

    while time.monotonic() < stop:
        # as an officer works: her own tasks first (the loop gives the next round to who did the last),
        # else one of the team's that nobody holds, claimed; never one a colleague holds (a sure 409)
        status, text = act("GET", "/api/v1/taken?selectie=mijn&limiet=20")
        mine = json.loads(text).get("taken") or [] if status == 200 else []
        if not mine:
            status, text = act("GET", "/api/v1/taken?selectie=team&limiet=50")
            if status != 200:
                continue
        tasks = mine or [t for t in json.loads(text).get("taken") or [] if not t.get("opgepakt")]
        if not tasks or time.monotonic() >= stop:
            continue
        task = rnd.choice(tasks)
        act("GET", f"/api/v1/zaken/{task['zaak']}")
        if not mine:
            status, _ = act("POST", f"/api/v1/taken/{task['id']}/claim")  # the claim takes no body
        if status == 200:
            act("POST", f"/api/v1/taken/{task['id']}/voltooien", {"gegevens": {"klaar": False}}, True)
    client.close()


def run_round(base: str, clients: int, think: float, seconds: float) -> dict[str, Any]:
    tally = Tally()
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=officer,
            args=(base, f"bench-officer{i % OFFICERS:02d}", think, stop, tally, random.Random(i)),
        )
        for i in range(clients)
    ]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    lat = sorted(tally.latencies) or [0.0]

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 1)

    n = len(tally.latencies)
    return {
        "actions_per_s": round(n / elapsed, 1),
        "completions_per_s": round(tally.completions / elapsed, 2),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "error_rate": round(tally.errors / n, 4) if n else None,
        "conflicts_409": tally.conflicts,
        "database_locked": tally.locked,
        "requests": n,
        "completions": tally.completions,
    }


@contextmanager
def server(kind: str, database_url: str, folder: Path, workers: int) -> Iterator[tuple[str, int]]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RUIMTEFLOW_INSTANCE": str(folder),
        "RUIMTEFLOW_SCHEDULER_IN_WEB": "0",
        "RUIMTEFLOW_WORKERS": str(workers),
        "PYTHONPATH": str(ROOT),
    }
    if kind == "serve":
        argv = [sys.executable, "-m", "web.cli", "serve", "--port", str(port)]
    else:  # the old `make run`: Flask's development server, threaded
        code = (
            "from web import create_app; "
            f"create_app().run(host='127.0.0.1', port={port}, threaded=True, use_reloader=False)"
        )
        argv = [sys.executable, "-c", code]
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its descendants so far (Linux /proc; 0 elsewhere).
    On a shared machine throughput follows the CPU the server got; CPU per action does not."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                todo += [int(x) for x in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            continue
    return total / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.0


def _own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def cpu_figures(result: dict[str, Any], server_cpu: float, client_cpu: float) -> dict[str, Any]:
    completions = result["completions"]
    return {
        "server_cpu_s": round(server_cpu, 1),
        "client_cpu_s": round(client_cpu, 1),
        "server_cpu_ms_per_action": round(1000 * server_cpu / max(1, result["requests"]), 2),
        "server_cpu_ms_per_completion": round(1000 * server_cpu / completions, 1) if completions else None,
    }


def bench(db_name: str, database_url: str, folder: Path, workers: int, kinds: tuple[str, ...]) -> None:
    build(database_url, folder)
    plan = [(c, THINK) for c in LEVELS] + [(SATURATION_CLIENTS, 0.0)]
    for clients, think in plan:
        for kind in kinds:  # interleaved: the two servers alternate on the same database
            with server(kind, database_url, folder, workers) as (base, pid):
                run_round(base, 2 * workers, 0.0, 2.0)  # warm-up: every worker builds its app
                server_cpu, client_cpu = tree_cpu_seconds(pid), _own_cpu_seconds()
                result = run_round(base, clients, think, DURATION)
                result |= cpu_figures(
                    result, tree_cpu_seconds(pid) - server_cpu, _own_cpu_seconds() - client_cpu
                )
            emit(
                bench="http_load",
                server="ruimteflow serve (gunicorn gthread)" if kind == "serve" else "flask dev server",
                db=db_name,
                workers=workers if kind == "serve" else 1,
                officers=clients,
                think_s=think,
                duration_s=DURATION,
                **result,
                loadavg=[round(x, 2) for x in os.getloadavg()],
            )


def _postgres_url() -> str | None:
    base = os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL")
    if not base:
        return None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"{url.database}_bench_http"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("select 1 from pg_database where datname=:n"), {"n": name}).scalar():
            conn.execute(text(f'create database "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    from web.server import default_workers

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench("sqlite", f"sqlite:///{folder / 'load.db'}", folder, default_workers(), ("serve", "dev"))
        pg = _postgres_url()
        if pg is None:
            emit(bench="http_load", db="postgresql", skipped="RUIMTEFLOW_TEST_DATABASE_URL is niet gezet")
        else:
            bench("postgresql", pg, folder, 4, ("serve",))


if __name__ == "__main__":
    main()
