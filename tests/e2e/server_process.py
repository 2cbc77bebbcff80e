"""A server started as a process of its own (`ruimteflow serve`): a free port for it, a GET, and waiting
until it answers."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(url: str) -> tuple[int, dict[str, str], str]:
    """The status, headers and body of a GET of ``url``."""
    with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback only
        return resp.status, dict(resp.headers), resp.read().decode()


def wait_until_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Until ``url`` answers; an AssertionError when ``proc`` stops first or ``seconds`` pass."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"serve stopped with code {proc.returncode}")
        try:
            http_get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up within {seconds} s")
