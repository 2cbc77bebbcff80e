"""`make run PORT=8611` (or RUIMTEFLOW_PORT) serves on that port, and the demo it builds writes its mails'
links (those written outside a request: the ontvangstbevestigingen, timers) to that port too: they went
to http://127.0.0.1:5000, a dead link (outside review, demo 4). The Makefile gives the demo step and
serve the port as RUIMTEFLOW_PORT, which the settings read (services.public_url.fallback_base)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("target", ["run", "demo"])
@pytest.mark.parametrize("how", ["PORT", "RUIMTEFLOW_PORT"])
def test_make_gives_the_demo_step_and_serve_its_port(target: str, how: str, tmp_path: Path) -> None:
    """Make with a stand-in `ruimteflow` that writes down the port it was given and its arguments."""
    fake = tmp_path / "ruimteflow"
    fake.write_text('#!/bin/sh\necho "${RUIMTEFLOW_PORT-geen} $1" >> "$LOG"\n', encoding="utf-8")
    fake.chmod(0o755)
    stamp = tmp_path / "stamp"
    stamp.touch()
    env = {k: v for k, v in os.environ.items() if k != "RUIMTEFLOW_PORT"} | {"LOG": str(tmp_path / "log")}
    given = ["PORT=8611"] if how == "PORT" else []
    if how == "RUIMTEFLOW_PORT":
        env["RUIMTEFLOW_PORT"] = "8611"
    stand_ins = [f"BIN={tmp_path}", f"STAMP={stamp}", f"DEMO_DB={tmp_path / 'demo.db'}", "-o", "system-deps"]
    subprocess.run(
        ["make", "-s", "-C", str(ROOT), target, *given, *stand_ins],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    ran = (tmp_path / "log").read_text(encoding="utf-8").splitlines()
    assert ran == (["8611 demo", "8611 serve"] if target == "run" else ["8611 demo"])
