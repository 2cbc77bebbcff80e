"""The Docker image's `gunicorn web.wsgi:app` writes the access log `ruimteflow serve` writes (websec
finding 2): masked, naming the account and the case a request read. It wrote no access log at all, so
nothing recorded who looked at which case there. A real gunicorn, run with the image's own command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from services import users
from tests.e2e.server_process import free_port, wait_until_up
from web.access_log import ACCESS_FORMAT, MaskingLogger
from web.server import RuimteflowServer

ROOT = Path(__file__).resolve().parents[2]


def image_command(port: int) -> list[str]:
    """docker/Dockerfile's CMD, on 127.0.0.1:``port`` and this Python's gunicorn."""
    line = next(x for x in (ROOT / "docker" / "Dockerfile").read_text().splitlines() if x.startswith("CMD "))
    command = [part.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for part in json.loads(line[4:])]
    assert command[0] == "gunicorn"
    return [sys.executable, "-m", "gunicorn", *command[1:]]


def test_the_image_logs_like_serve(settings: Any) -> None:
    """The image's config gives gunicorn serve's logs (the same format and masking logger)."""
    import socket

    import web.gunicorn_conf as conf
    from web.server import ServerOptions

    assert "python:web.gunicorn_conf" in image_command(8000)
    assert (conf.accesslog, conf.access_log_format, conf.logger_class) == ("-", ACCESS_FORMAT, MaskingLogger)
    listener = socket.socket()
    try:
        cfg = RuimteflowServer(settings, ServerOptions("127.0.0.1", 0, 1, 1, scheduler=False), listener).cfg
    finally:
        listener.close()
    for name in ("accesslog", "access_log_format", "logger_class", "errorlog"):
        assert getattr(cfg, name) == getattr(conf, name), name


def _get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 - loopback only
        return int(resp.status)


def test_gunicorn_with_the_image_command_names_the_account_and_the_case(
    faces_platform: Any, start_case: Any, tmp_path: Path
) -> None:
    ref = start_case()["zaak"]
    token = users.new_token(faces_platform, "anna")["token"]
    settings = faces_platform.settings
    port = free_port()
    env = {
        **os.environ,
        "RUIMTEFLOW_INSTANCE": str(settings.instance_dir),
        "DATABASE_URL": settings.database_url,
        "RUIMTEFLOW_BPMN_DIR": str(settings.bpmn_dir),
        "RUIMTEFLOW_BASE_URL": f"http://127.0.0.1:{port}",
        "RUIMTEFLOW_SECRET_KEY": "een-lange-willekeurige-waarde-voor-de-test",
        "RUIMTEFLOW_SCHEDULER_IN_WEB": "0",
        "PYTHONPATH": str(ROOT),
    }
    command = [part if part != "4" else "1" for part in image_command(port)]  # one worker is enough
    stderr = tmp_path / "gunicorn.err"
    with stderr.open("wb") as err:
        proc = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=err)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/inloggen", proc)
            assert _get(f"http://127.0.0.1:{port}/api/v1/zaken/{ref}", token) == 200
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    log = stderr.read_text()
    line = next(x for x in log.splitlines() if f'"GET /api/v1/zaken/{ref} HTTP/1.1" 200' in x)
    assert line.endswith(f" user=anna zaak={ref}"), line
    assert token not in log
