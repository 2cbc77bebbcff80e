"""The public base URL of the links Ruimteflow writes (tracking links and task links in e-mails, the
link on the "ontvangen" page): one home, so a page and the mail written by the same request agree.

In order: ``RUIMTEFLOW_BASE_URL`` when set; else, inside a web request, that request's own base URL,
but only when its host is trusted (a loopback host, or one of ``RUIMTEFLOW_TRUSTED_HOSTS``): a mail goes
to someone else than the sender of the request, so a forged ``Host`` header must never make the
municipality mail a link to another host (the volgcode would leak there); else ``fallback_base``,
the local demo's address on the configured port (RUIMTEFLOW_PORT, which `make run PORT=...` gives the
demo it builds too). Outside a request (the worker's timers, the CLI) only the settings count, so
``worker`` warns at start when RUIMTEFLOW_BASE_URL is missing (``missing_warning``), and ``serve``
reachable from elsewhere (``reachable_from_elsewhere``) and ``gunicorn web.wsgi:app`` refuse to start
without it (web/start_checks.py).

The web layer sets the request's base at the start of each request and clears it at its end
(``web/__init__.py``); services only read it here.
"""

from __future__ import annotations

import ipaddress
import re
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

from services.config import DEFAULT_PORT


def _local_demo(port: int) -> str:
    return f"http://127.0.0.1:{port}"


#: the local demo's address on the default port
DEFAULT_BASE_URL = _local_demo(DEFAULT_PORT)
_LOOPBACK_NAMES = {"localhost"}

_REQUEST_BASE: ContextVar[str | None] = ContextVar("ruimteflow_request_base", default=None)


def trusted_hosts(settings: Any) -> set[str]:
    text = str(getattr(settings, "trusted_hosts", "") or "")
    return {h.strip().lower().rstrip(".") for h in text.split(",") if h.strip()}


def is_loopback(host: str) -> bool:
    host = host.lower().rstrip(".").strip("[]")
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_local_request(host_url: str) -> bool:
    """Whether the request at ``host_url`` names a loopback host (asked for on this machine)."""
    try:
        host = urlsplit(host_url).hostname
    except ValueError:  # a malformed Host header
        return False
    return bool(host) and is_loopback(str(host))


def behind_public_name(settings: Any) -> bool:
    """Whether the settings say the server is reached from elsewhere even when it listens on loopback: a
    public ``RUIMTEFLOW_BASE_URL``, a trusted reverse proxy in front, or a trusted host that is not
    loopback (``RUIMTEFLOW_TRUSTED_HOSTS``)."""
    base = urlsplit(str(getattr(settings, "base_url", "") or "")).hostname
    return bool(
        (base and not is_loopback(base))
        or int(getattr(settings, "trusted_proxy_hops", 0) or 0) > 0
        or any(not is_loopback(h) for h in trusted_hosts(settings))
    )


def reachable_from_elsewhere(settings: Any, host: str) -> bool:
    """Whether a server listening on ``host`` is reached from other machines: a host other than loopback,
    or one behind a public name (``behind_public_name``). ``make run`` (127.0.0.1) is not."""
    return not is_loopback(host) or behind_public_name(settings)


def _is_trusted(settings: Any, host: str) -> bool:
    return is_loopback(host) or host.lower().rstrip(".") in trusted_hosts(settings)


def local_base(settings: Any, host: str, port: int) -> str | None:
    """The base a server on this machine only (a loopback ``host``) gives the links that its timer process
    writes, when ``RUIMTEFLOW_BASE_URL`` is unset (``make run PORT=8080``: links to that port); None
    when the setting is there or the server is reachable from elsewhere, on another host or behind a
    public name (a trusted reverse proxy, a public trusted host: ``behind_public_name``), where a link to
    loopback reaches nobody; then only the setting knows, and serve refuses to start without it."""
    if getattr(settings, "base_url", "") or reachable_from_elsewhere(settings, host):
        return None
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


#: a plain ``host[:port]``: a DNS name or a bracketed IPv6 address; no user part, no backslash, no path
_PLAIN_NETLOC = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
    r"|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
)


def request_base(settings: Any, host_url: str) -> str | None:
    """The base URL of a request at ``host_url`` (scheme, host and port) when its host is trusted. Only a
    plain ``host[:port]`` counts: ``evil.example\\@localhost`` has the host name localhost for Python, but a
    browser reads the backslash as a slash and opens evil.example."""
    try:
        parts = urlsplit(host_url)
        host = parts.hostname
    except ValueError:  # a malformed Host header (e.g. an unclosed IPv6 bracket)
        return None
    if parts.scheme not in ("http", "https") or not _PLAIN_NETLOC.fullmatch(parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc}" if host and _is_trusted(settings, host) else None


def enter_request(host_url: str) -> None:
    """Start of a web request: links written during it may use its base URL, when its host is trusted."""
    _REQUEST_BASE.set(host_url)


def leave_request() -> None:
    _REQUEST_BASE.set(None)


def base_url(settings: Any) -> str:
    """The base URL for a link written now (see the module docstring), without a trailing slash."""
    configured = str(getattr(settings, "base_url", "") or "").rstrip("/")
    current = _REQUEST_BASE.get()
    return configured or (current and request_base(settings, current)) or fallback_base(settings)


def fallback_base(settings: Any) -> str:
    """The base of a link written outside a trusted request when RUIMTEFLOW_BASE_URL is empty: the local
    demo's address on the configured port. It was always port 5000, also for the demo that `make run
    PORT=8611` builds and serves: dead links in its mails (outside review, demo 4)."""
    return _local_demo(int(getattr(settings, "port", DEFAULT_PORT)))


def page_base(settings: Any, host_url: str) -> str:
    """The base URL for a link shown to the sender of the request at ``host_url`` itself (a page, the SSO
    redirect): the setting, else that request's own address, trusted or not (it goes nowhere else)."""
    return str(getattr(settings, "base_url", "") or "").rstrip("/") or host_url.rstrip("/")


def missing_warning(settings: Any) -> str | None:
    """The operator's warning when links written outside a request would point at the demo address."""
    if getattr(settings, "base_url", ""):
        return None
    return (
        "Let op: RUIMTEFLOW_BASE_URL is niet ingesteld. Links in e-mails die buiten een webverzoek "
        f"worden geschreven (timers, worker, opdrachtregel) wijzen dan naar {fallback_base(settings)}. "
        "Stel RUIMTEFLOW_BASE_URL in op het publieke adres van Ruimteflow."
    )
