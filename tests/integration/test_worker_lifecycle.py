"""How `ruimteflow worker` stops (review ops12): after the pass in flight on SIGTERM or SIGINT, with exit
code 0, so the outcome of a delivery in flight is recorded; before, SIGTERM cut the pass off (exit 143)
and a mail the SMTP server had accepted stayed 'wachtend' and went out again after its lease.

Real processes (signals and parent processes are the subject), each a few seconds: the loop's pass is
replaced by a small one, so nothing waits on a timer or a lease."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: a worker whose first pass gets the stop signal while it is delivering (the sleep), then ends its pass
WORKER_SIGNALLED_MID_PASS = """
import os, signal, sys, time
import services.scheduler as scheduler
from web.cli import main
passes = []
def one_pass(platform):
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
