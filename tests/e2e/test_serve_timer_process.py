"""`ruimteflow serve` when its timer process keeps failing: restarts with a growing wait and a Dutch line
that says how it stopped; a refusal (exit 2) at its first start stops serve as a whole (exit 2).

The serve tests run real processes: serve itself, gunicorn's web workers and a timer process that is
replaced (in serve's process only) by a small one that fails at once, with short waits injected."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.server_process import free_port, http_get, wait_until_up

#: serve, with a timer process that prints its own error and exits with the code given first
SERVE_WITH_FAILING_TIMERS = """
import subprocess, sys
import web.server as server
code = int(sys.argv.pop(1))
def failing(database, base_url=None):
    text = "import sys; print('Fout: timerproces kapot bij de start', file=sys.stderr); sys.exit(%d)"
    return subprocess.Popen([sys.executable, "-c", text % code])
server.start_scheduler_process = failing
if hasattr(server, "Restarts"):
    server.RESTARTS = server.Restarts(poll=0.1, first=0.2, cap=0.8, healthy=30)
from web.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _serve(tmp_path: Path, code: int, port: int) -> subprocess.Popen[bytes]:
    """serve in the background, its stderr in tmp_path/err (read while it runs)."""
    env = {**os.environ, "RUIMTEFLOW_INSTANCE": str(tmp_path), "RUIMTEFLOW_SCHEDULER_IN_WEB": "1"}
    argv = [sys.executable, "-c", SERVE_WITH_FAILING_TIMERS, str(code), "serve", "--port", str(port)]
    argv += ["--workers", "1", "--database", f"sqlite:///{tmp_path / 'serve.db'}"]
    with (tmp_path / "err").open("wb") as err:
        return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err)


def test_a_timer_process_that_keeps_failing_is_restarted_with_a_growing_wait(tmp_path: Path) -> None:
    """Tester: a timer process that failed at every start was started again every 2 s forever, each
    time with "Timerproces gestopt (code 0)" (gunicorn's master had reaped it: the real code was
    lost, and gunicorn logged it as a web worker that exited). Now: waits that double up to a cap, the
    real exit code in Dutch, the process's own error on stderr, and the web keeps answering."""
    port = free_port()
    proc = _serve(tmp_path, 1, port)
    err = tmp_path / "err"
    try:
        wait_until_up(f"http://127.0.0.1:{port}/inloggen", proc)
        deadline = time.monotonic() + 30
        while err.read_text().count("Timerproces gestopt") < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert http_get(f"http://127.0.0.1:{port}/inloggen")[0] == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    text = err.read_text()
    lines = [line for line in text.splitlines() if line.startswith("Timerproces gestopt")]
    assert len(lines) >= 5, text
    waits = [re.search(r"opnieuw gestart over (\S+) s", line) for line in lines]
    assert [w.group(1) if w else None for w in waits[:5]] == ["0,2", "0,4", "0,8", "0,8", "0,8"], text
    assert all(" met code 1 na " in line for line in lines), lines
    assert "3e keer op rij" in lines[2]
    assert "Fout: timerproces kapot bij de start" in text  # the process's own error stays visible
    assert "Worker (pid:" not in text and "Traceback" not in text, text
    assert proc.returncode == 0


def test_a_timer_process_refused_at_its_first_start_stops_serve(tmp_path: Path) -> None:
    """A timer process refused (exit 2, the CLI's configuration error) right at its first start, on the
    database serve has just opened and migrated, will not heal: serve stops as a whole with exit 2 and
    a Dutch reason, instead of restarting it forever while timers and mail silently never run."""
    proc = _serve(tmp_path, 2, free_port())
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    text = (tmp_path / "err").read_text()
    assert proc.returncode == 2, text
    assert "Fout: timerproces kapot bij de start" in text
    assert "Fout: Het timerproces weigerde te starten (code 2" in text and "Ruimteflow stopt" in text
    assert "Traceback" not in text and "Timerproces gestopt" not in text, text


@pytest.mark.parametrize(
    ("codes", "fatal"),
    [([2], True), ([1, 2, 2], False), ([-9, 2], False)],
    ids=["refused-at-first-start", "refused-after-a-crash", "refused-after-a-kill"],
)
def test_only_a_refusal_at_the_first_start_is_fatal(
    codes: list[int], fatal: bool, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A later exit 2 can be a database that is briefly unreachable while the timer process restarts:
    that heals, so it is retried with the growing wait, and serve keeps running."""
    from web import server

    left = list(codes)

    def start(_database: str | None, _base_url: str | None = None) -> subprocess.Popen[bytes]:
        code = left.pop(0) if left else 1
        text = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)" if code < 0 else f"exit({code})"
        return subprocess.Popen([sys.executable, "-c", text])

    monkeypatch.setattr(server, "start_scheduler_process", start)
    restarts = server.Restarts(poll=0.05, first=0.05, cap=0.1, healthy=30)
    supervisor = server.SchedulerSupervisor(None, restarts=restarts)
    try:
        deadline = time.monotonic() + 20
        while (left or supervisor._starts <= len(codes)) and not supervisor.fatal:
            assert time.monotonic() < deadline, capfd.readouterr().err
            time.sleep(0.05)
    finally:
        supervisor.stop()
    err = capfd.readouterr().err
    assert bool(supervisor.fatal) is fatal, err
    if not fatal:
        assert " met code 2 na " in err
    if codes[0] < 0:
        assert "Timerproces gestopt door signaal SIGKILL" in err


#: serve with its real timer process, whose exit the supervisor notices within 0.05 s
SERVE_WATCHING_CLOSELY = """
import sys
import web.server as server
server.RESTARTS = server.Restarts(poll=0.05, first=5.0, cap=5.0, healthy=30)
from web.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_stop_signal_to_the_whole_group_stops_serve_without_a_restart_line(tmp_path: Path) -> None:
    """Review ops12 F10: systemd and `timeout` send SIGTERM to the whole process group; the timer process
    stopped on it, and serve said "Timerproces gestopt door signaal SIGTERM ...; opnieuw gestart over
    2,0 s" while it was in fact shutting down. Now serve just stops, with the timer process."""
    port = free_port()
    env = {**os.environ, "RUIMTEFLOW_INSTANCE": str(tmp_path), "RUIMTEFLOW_SCHEDULER_IN_WEB": "1"}
    env["RUIMTEFLOW_BASE_URL"] = "https://rf.example.nl"
    env["RUIMTEFLOW_SECRET_KEY"] = "test-" + "x" * 40  # a public base URL needs a real key (ddea805)
    argv = [sys.executable, "-c", SERVE_WATCHING_CLOSELY, "serve", "--port", str(port), "--workers", "1"]
    argv += ["--database", f"sqlite:///{tmp_path / 'serve.db'}"]
    with (tmp_path / "err").open("wb") as err:
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/inloggen", proc)
        time.sleep(1.0)  # the timer process has started its loop
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = (tmp_path / "err").read_text()
    assert "Timerproces gestopt" not in text and "opnieuw gestart" not in text, text
    assert "Traceback" not in text, text
    assert proc.returncode == 0, text
