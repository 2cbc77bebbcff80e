"""gunicorn's logs for `ruimteflow serve`: its error log and its access log on stderr in the line of
services/logs.py, and an access log that never prints a secret or personal data: the path is masked
(web/request_log.mask_path: the volgcode of /status/<code>, token-like segments), the query string,
the request line, the client address, the user agent, the referrer and every request header
(Authorization, Cookie) are left out. A line: method, masked path, protocol, status, bytes, seconds and
the request id (X-Request-ID) that the application's own log lines carry; then, for a request of a
logged-in account, ``user=<login name>``, and for one that read a case (its page, a task, a document, the
API's zaak and its parts), ``zaak=<zaaknummer>`` (web/request_log.hand_to_access_log): who looked at which
case (BIO 12.4.1, AVG art. 32), with no other personal data and no write to the database."""

from __future__ import annotations

import sys
from typing import Any

from gunicorn.glogging import Logger

from services.log_text import one_line
from services.logs import FORMAT
from web.request_log import ACCOUNT, CASES, MASK, mask_path

#: the access log's message (the atoms of ``MaskingLogger.atoms``)
ACCESS_FORMAT = '"%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss id=%({x-request-id}o)s%(wie)s'
#: the most case references one line names (a request reads one; a few more are counted, not named)
MOST_CASES = 3
#: the atoms an access line may use: nothing that can carry a secret or name a person
_KEPT = ("m", "U", "H", "s", "b", "B", "T", "D", "M", "L", "p")


def masked_atoms(atoms: dict[str, Any], environ: Any) -> dict[str, Any]:
    """gunicorn's atoms of one request reduced to the safe ones, the path masked, and from the request's
    ``environ`` who made it and which case it read (``accessed``)."""
    kept = {key: atoms.get(key) for key in _KEPT}
    kept["U"] = mask_path(str(atoms.get("U") or ""))
    kept["{x-request-id}o"] = atoms.get("{x-request-id}o", "-")
    kept["wie"] = accessed(environ)
    return kept


def accessed(environ: Any) -> str:
    """`` user=<login name> zaak=<zaaknummer>`` of a request (web/request_log.hand_to_access_log), each
    part only when there is one; empty for an anonymous request that read no case."""
    parts = []
    if account := environ.get(ACCOUNT):
        # a login name is letters, digits, - _ . (services.users); never an e-mail address in the log
        parts.append(f"user={MASK if '@' in str(account) else one_line(str(account))}")
    if cases := [one_line(str(c)) for c in environ.get(CASES) or ()]:
        more = f",+{len(cases) - MOST_CASES}" if len(cases) > MOST_CASES else ""
        parts.append(f"zaak={','.join(cases[:MOST_CASES])}{more}")
    return "".join(f" {part}" for part in parts)


class MaskingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger (``logger_class``) with the masked access line and Ruimteflow's line format."""

    error_fmt = FORMAT
    access_fmt = FORMAT
    datefmt = None

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        return masked_atoms(super().atoms(resp, req, environ, request_time), environ)

    def _set_handler(self, log: Any, output: Any, fmt: Any, stream: Any = None) -> None:
        # "-" is stderr for the access log too (gunicorn writes it to stdout)
        super()._set_handler(log, output, fmt, sys.stderr if output == "-" else stream)
