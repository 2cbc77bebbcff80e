"""`ruimteflow serve` runs the production server (gunicorn) with one timer process beside it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.server_process import free_port, http_get, wait_until_up
from web.cli import main


def _children(pid: int) -> list[str]:
    out = subprocess.run(["ps", "-ww", "-o", "args=", "--ppid", str(pid)], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


def _children_with_pids(pid: int) -> list[str]:
    out = subprocess.run(
        ["ps", "-ww", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True
    )
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def _pids(pid: int) -> list[int]:
    return [int(line.split()[0]) for line in _children_with_pids(pid)]


def _timer_pids(pid: int) -> list[int]:
    return [int(line.split()[0]) for line in _children_with_pids(pid) if line.endswith("-m web.cli worker")]


def test_serve_runs_gunicorn_with_one_timer_process(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "RUIMTEFLOW_INSTANCE": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "RUIMTEFLOW_PORT": str(port),
        "RUIMTEFLOW_WORKERS": "2",
    }
    env.pop("RUIMTEFLOW_BASE_URL", None)
    code = "import sys; from web.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve"], env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/inloggen", proc)
        status, headers, body = http_get(f"http://127.0.0.1:{port}/inloggen")
        assert status == 200 and "Inloggen" in body
        assert headers.get("Server", "").startswith("gunicorn")
        children = _children(proc.pid)
        # the gunicorn master is this process; beside it one `worker` (timers), not one per web worker
        timer_processes = [c for c in children if c.endswith("-m web.cli worker")]
        assert len(timer_processes) == 1, children
        # a timer process that dies is started again
        (timer_pid,) = _timer_pids(proc.pid)
        # without RUIMTEFLOW_BASE_URL a server on this machine only gives its timers its own address
        # (make run PORT=...: a timer's mail links to that port, not to :5000)
        environ = Path(f"/proc/{timer_pid}/environ").read_bytes().split(b"\0")
        assert f"RUIMTEFLOW_BASE_URL=http://127.0.0.1:{port}".encode() in environ
        os.kill(timer_pid, signal.SIGKILL)
        deadline = time.monotonic() + 15
        again: list[int] = []
        while time.monotonic() < deadline:
            again = [p for p in _timer_pids(proc.pid) if p != timer_pid]
            if again:
                break
            time.sleep(0.3)
        assert len(again) == 1
        # a web worker that leaves (gunicorn starts another) leaves the timer process alone (tester: each
        # web worker leaving ran serve's clean-up, which stopped the timer process and printed a traceback)
        web_pids = [
            int(c.split()[0]) for c in _children_with_pids(proc.pid) if not c.endswith("web.cli worker")
        ]
        os.kill(web_pids[0], signal.SIGTERM)
        deadline = time.monotonic() + 15
        while web_pids[0] in _pids(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # time to be stopped, and seen
        assert _timer_pids(proc.pid) == again
        # SIGHUP is gunicorn's reload (logrotate, systemd ExecReload): serve keeps answering on its socket
        # (review sessie10: the reload read the listener's closed descriptor, fd://-1, and serve died)
        proc.send_signal(signal.SIGHUP)
        time.sleep(3)
        assert proc.poll() is None
        wait_until_up(f"http://127.0.0.1:{port}/inloggen", proc)
        assert http_get(f"http://127.0.0.1:{port}/inloggen")[0] == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    text = err.decode()
    assert proc.returncode == 0 and "Traceback" not in text, text  # a clean stop on SIGTERM
    assert f"Ruimteflow draait op http://127.0.0.1:{port}" in text
    assert "development server" not in text.lower()
    assert "Timerproces gestopt door signaal SIGKILL" in text  # not "code 0": gunicorn reaped it
    assert f"Worker (pid:{timer_pid})" not in text  # gunicorn took the timer process for a web worker
    assert "RUIMTEFLOW_BASE_URL is niet ingesteld" not in text  # nothing to warn about on loopback
    assert "WARNING: This is a development server" not in text


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["serve", "--port", "70000"], "ongeldige poort"),
        (["serve", "--port", "abc"], "ongeldige poort"),
        (["serve", "--workers", "0"], "ongeldig aantal"),
    ],
)
def test_serve_refuses_bad_options(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert fragment in capsys.readouterr().err


def test_no_base_url_warning_off_loopback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """On a host other than loopback serve needs RUIMTEFLOW_BASE_URL (without it it refuses to start:
    tests/unit/test_serve_base_url.py); with it neither serve nor its timer process warns (review cli2 3:
    the timer process warned a second time). gunicorn itself is left out: ``run`` waits until the timer
    process has started (past the point where it would warn) and returns."""
    from web.server import RuimteflowServer

    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", "https://ruimteflow.example.nl")
    monkeypatch.setenv("RUIMTEFLOW_SCHEDULER_IN_WEB", "1")
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", "a-long-random-test-key")  # on 0.0.0.0 serve demands one
    seen: list[str] = []

    def run(_server: RuimteflowServer) -> None:
        deadline = time.monotonic() + 60
        while "Ruimteflow worker gestart" not in "".join(seen) and time.monotonic() < deadline:
            time.sleep(0.2)
            seen.append(capfd.readouterr().err)

    monkeypatch.setattr(RuimteflowServer, "run", run)
    argv = [
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        str(free_port()),
        "--database",
        f"sqlite:///{tmp_path / 's.db'}",
    ]  # noqa: E501
    assert main(argv) == 0
    text = "".join(seen) + capfd.readouterr().err
    assert "Ruimteflow worker gestart" in text  # the timer process ran
    assert text.count("RUIMTEFLOW_BASE_URL is niet ingesteld") == 0, text


def test_serve_on_a_port_in_use_refuses_before_anything_is_delivered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A port in use is found first: exit 2 with a Dutch text naming the port, and the timer process
    never ran, so a pending mail stays pending (tester: serve had started the timer process and
    delivered the outbox before gunicorn gave up on the bind)."""
    from sqlalchemy import select

    from services.config import Settings
    from services.mail import compose
    from services.mail.render import Mail
    from services.platform import Platform
    from services.store.models import OutboxMessage

    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    platform = Platform.create(Settings.from_env(database_url=url))
    with platform.uow() as uow:
        mail = Mail("test", "a@example.org", "Onderwerp", "Tekst", "<p>Tekst</p>")
        compose.enqueue(uow.session, None, mail, now=platform.clock.now())
        uow.commit()
    env = {**os.environ, "RUIMTEFLOW_SCHEDULER_IN_WEB": "1", "RUIMTEFLOW_SCHEDULER_INTERVAL": "0.2"}
    code = "import sys; from web.cli import main; sys.exit(main(sys.argv[1:]))"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        argv = [sys.executable, "-c", code, "serve", "--port", str(port), "--database", url]
        done = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert f"Poort {port} is al in gebruik" in err and "Traceback" not in err
    assert "worker gestart" not in err  # no timer process
    with platform.uow(write=False) as uow:
        assert uow.session.scalars(select(OutboxMessage.status)).all() == ["wachtend"]
    platform.close()
