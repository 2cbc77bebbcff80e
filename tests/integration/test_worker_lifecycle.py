"""How `ruimteflow worker` stops (review ops12): after the pass in flight on SIGTERM or SIGINT, with exit
code 0, so the outcome of a delivery in flight is recorded; before, SIGTERM cut the pass off (exit 143)
and a mail the SMTP server had accepted stayed 'wachtend' and went out again after its lease.

Real processes (signals and parent processes are the subject), each a few seconds: the loop's pass is
replaced by a small one, so nothing waits on a timer or a lease."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: a worker whose first pass gets the stop signal while it is delivering (the sleep), then ends its pass
WORKER_SIGNALLED_MID_PASS = """
import os, signal, sys, time
import services.scheduler as scheduler
from web.cli import main
passes = []
def one_pass(platform, stop=None):
    passes.append(1)
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))  # as systemd or Ctrl-C stops it mid-delivery
    time.sleep(0.3)
    print("ronde afgemaakt", len(passes), flush=True)
    return {}
scheduler.one_pass = one_pass
assert main(["migrate", "--database", sys.argv[1]]) == 0
sys.exit(main(["worker", "--database", sys.argv[1]]))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "RUIMTEFLOW_INSTANCE": str(tmp_path),
        "RUIMTEFLOW_BASE_URL": "https://rf.example.nl",
        "RUIMTEFLOW_SCHEDULER_INTERVAL": "0.1",
    }


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_a_stop_signal_ends_the_worker_after_the_pass_in_flight(tmp_path: Path, name: str) -> None:
    database = f"sqlite:///{tmp_path / 'worker.db'}"
    argv = [sys.executable, "-c", WORKER_SIGNALLED_MID_PASS, database, name]
    done = subprocess.run(argv, env=_env(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert done.stdout.count("ronde afgemaakt") == 1, done.stdout  # finished, and no pass after it
    assert f"Ruimteflow worker gestopt (na signaal {name}" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr


#: serve's start of its timer process (web.server), in a stand-in for serve's master that then waits
SERVE_MASTER_STAND_IN = """
import sys, time
from web.cli import main
from web.server import start_scheduler_process
assert main(["migrate", "--database", sys.argv[1]]) == 0
print("timerproces", start_scheduler_process(sys.argv[1]).pid, flush=True)
time.sleep(120)
"""


def _running(pid: int) -> bool:
    """Whether ``pid`` runs; an exited orphan that its new parent did not reap yet (a zombie) does not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_serves_timer_process_stops_when_serve_is_killed(tmp_path: Path) -> None:
    """Review ops12 F6: serve's master killed with SIGKILL (OOM killer) left its timer process running,
    adopted by PID 1, firing timers next to the one of a restarted serve. Now it stops: at once on Linux
    (the parent-death signal), else before its next pass (its parent PID is no longer serve's)."""
    database = f"sqlite:///{tmp_path / 'serve.db'}"
    argv = [sys.executable, "-c", SERVE_MASTER_STAND_IN, database]
    timers = 0
    with subprocess.Popen(argv, env=_env(tmp_path), cwd=ROOT, stdout=subprocess.PIPE, text=True) as master:
        try:
            assert master.stdout is not None
            started = next((line for line in master.stdout if line.startswith("timerproces ")), "")
            time.sleep(2.0)  # its loop runs
        finally:
            master.kill()
        timers = int(started.split()[1]) if started else 0
    try:
        assert timers, "de stand-in van serve startte geen timerproces"
        deadline = time.monotonic() + 15
        while _running(timers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(timers), "het timerproces draait door zonder serve"
    finally:
        if timers and _running(timers):
            os.kill(timers, signal.SIGKILL)


#: `worker --once` (cron under `timeout`, a systemd oneshot) whose pass gets the stop signal mid-delivery
ONCE_SIGNALLED_MID_PASS = """
import os, signal, sys, time
import services.scheduler as scheduler
from web.cli import main
def one_pass(platform, stop=None):
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.3)
    print("ronde afgemaakt", stop is not None and stop(), flush=True)
    return {"mislukt": 0}
scheduler.one_pass = one_pass
assert main(["migrate", "--database", sys.argv[1]]) == 0
sys.exit(main(["worker", "--once", "--database", sys.argv[1], "--json"]))
"""


def test_worker_once_also_ends_its_pass_on_a_stop_signal(tmp_path: Path) -> None:
    """Review "sessie12e", 1: `worker --once` installed no stop handling, so a SIGTERM during its delivery
    killed it (exit -15) and a mail the server had accepted went out again after its lease, though the
    README says `worker [--once]` ends its pass after the message in flight."""
    database = f"sqlite:///{tmp_path / 'once.db'}"
    argv = [sys.executable, "-c", ONCE_SIGNALLED_MID_PASS, database]
    done = subprocess.run(argv, env=_env(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert "ronde afgemaakt True" in done.stdout, done.stdout  # finished, told to stop after the message
    assert "Traceback" not in done.stderr, done.stderr
