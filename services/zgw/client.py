"""HTTP client of the ZGW APIs (Zaken, Catalogi, Documenten, Besluiten) with a JWT per request.

The ZGW standard prescribes a JWT signed with HS256 by the shared secret, with the claims ``iss``,
``client_id`` and ``iat``. The Zaken API needs ``Accept-Crs``/``Content-Crs: EPSG:4326`` (geometry in
WGS84). Every failure raises ``ZgwRemoteError``; ``retryable`` tells a delivery worker whether trying
again later can help (connection errors, timeouts, 409, 429 and 5xx) or not (other 4xx), and ``sent``
whether the request may have reached the server (False: certainly not, so it changed nothing there).

``transport`` lets tests record the requests (see tests/zgw) or answer them without a server.
Inside an outbox delivery every call keeps the delivery's deadline (``services.outbox.deadline``): its
timeout is at most what is left, none starts after it, and the connection it uses is cut at the end.
"""

from __future__ import annotations

import socket
import time
import weakref
from collections.abc import Iterator
from typing import Any

import httpx
import jwt

from processes.errors import RuimteflowError
from services.outbox import deadline
from services.zgw.config import ZgwConfig

CRS = "EPSG:4326"
_RETRYABLE_STATUS = {409, 429}
#: failures before any byte of the request left this client: no connection (refused, DNS, TLS handshake),
#: none made in time, or none free in the pool
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class ZgwRemoteError(Exception):
    """A ZGW call failed. ``status`` is None when no HTTP answer came (connection, timeout); ``sent`` is
    False only when the request certainly did not reach the server (no connection, or not made at all),
    True when it did or may have (an answer, a timeout or a connection lost after sending)."""

    def __init__(
        self,
        status: int | None,
        detail: str,
        body: dict[str, Any] | None,
        retryable: bool,
        *,
        sent: bool = True,
    ):
        super().__init__(f"{status or 'geen antwoord'}: {detail}")
        self.status = status
        self.detail = detail
        self.body = body
        self.retryable = retryable
        self.sent = sent


def jwt_token(client_id: str, secret: str, *, now: float | None = None) -> str:
    """The ZGW JWT: HS256 with iss, client_id and iat."""
    iat = int(time.time() if now is None else now)
    claims = {"iss": client_id, "client_id": client_id, "iat": iat}
    return jwt.encode(claims, secret, algorithm="HS256")


def _no_answer(method: str, url: str, exc: httpx.TransportError) -> ZgwRemoteError:
    if isinstance(exc, httpx.TimeoutException):
        detail = f"Time-out bij {method} {url}: {exc}"
    else:
        detail = f"Geen verbinding met {url}: {exc}"
    return ZgwRemoteError(None, detail, None, True, sent=not isinstance(exc, _NOT_SENT))


def _problem_detail(response: httpx.Response, body: dict[str, Any] | None) -> str:
    """A readable line from a ZGW problem document (title, detail and the invalid parameters)."""
    if not body:
        return f"HTTP {response.status_code} van {response.request.url}"
    parts = [str(body.get("title") or ""), str(body.get("detail") or "")]
    for param in body.get("invalidParams") or []:
        if isinstance(param, dict):
            parts.append(f"{param.get('name')}: {param.get('reason')} ({param.get('code')})")
    return "; ".join(p for p in parts if p) or f"HTTP {response.status_code}"


class ZgwClient:
    """One client per configuration; thread-safe for concurrent calls (httpx.Client is)."""

    def __init__(
        self, config: ZgwConfig, *, timeout: float = 10, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.config = config
        self._timeout = timeout
        self._http = httpx.Client(timeout=timeout, transport=transport, follow_redirects=False)
        #: the sockets of the connections this client opened (pooled ones are reused by later calls)
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ZgwClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the operations of the interface -------------------------------------------------------------
    def url(self, api: str, resource: str) -> str:
        return self.config.root(api) + resource.strip("/")

    def create(self, api: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", self.url(api, resource), body)

    def post(self, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST to a full URL (e.g. a ``.../publish`` action)."""
        return self._request("POST", url, body if body is not None else {})

    def patch(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("PATCH", url, body)

    def put(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("PUT", url, body)

    def get(self, url: str, **params: Any) -> dict[str, Any]:
        return self._request("GET", url, None, params or None)

    def delete(self, url: str) -> None:
        self._request("DELETE", url, None)

    def find(self, api: str, resource: str, **params: Any) -> list[dict[str, Any]]:
        """Every object of a list operation, following the ``next`` links of paginated answers."""
        return list(self.iterate(api, resource, **params))

    def iterate(self, api: str, resource: str, **params: Any) -> Iterator[dict[str, Any]]:
        page: Any = self._request("GET", self.url(api, resource), None, params or None)
        while True:
            if isinstance(page, list):  # an unpaginated list operation
                yield from page
                return
            yield from page.get("results") or []
            if not page.get("next"):
                return
            page = self._request("GET", str(page["next"]), None)

    # -- HTTP ------------------------------------------------------------------------------------------
    def _api_of(self, url: str) -> str:
        for api, root in self.config.roots().items():
            if url.startswith(root):
                return api
        raise ZgwRemoteError(
            None,
            f"{url} hoort niet bij een van de ingestelde ZGW-API's; de aanroep is niet gedaan.",
            None,
            False,
            sent=False,
        )

    def _headers(self, api: str, method: str) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {jwt_token(self.config.client_id, self.config.secret)}",
            "Accept": "application/json",
        }
        if method in ("POST", "PUT", "PATCH"):
            headers["Content-Type"] = "application/json"
        if api == "zaken":
            headers["Accept-Crs"] = CRS
            if method in ("POST", "PUT", "PATCH"):
                headers["Content-Crs"] = CRS
        return headers

    def _request(self, method: str, url: str, body: Any, params: dict[str, Any] | None = None) -> Any:
        headers = self._headers(self._api_of(url), method)
        try:
            response = self._http.request(
                method,
                url,
                json=body,
                params=params,
                headers=headers,
                timeout=self._within_deadline(method, url),
                extensions={"trace": self._trace},
            )
        except httpx.TransportError as exc:  # a timeout too
            raise _no_answer(method, url, exc) from exc
        data = self._json(response)
        if response.is_success:
            return data if data is not None else {}
        status = response.status_code
        problem = data if isinstance(data, dict) else None
        retryable = status >= 500 or status in _RETRYABLE_STATUS
        raise ZgwRemoteError(status, _problem_detail(response, problem), problem, retryable)

    def _within_deadline(self, method: str, url: str) -> Any:
        """The timeout of a call in an outbox delivery: at most what is left of its deadline, which then
        watches every connection of this client (the call may reuse any pooled one)."""
        found = deadline.current()
        if found is None:
            return httpx.USE_CLIENT_DEFAULT
        if found.passed:
            raise ZgwRemoteError(
                None, f"{found.reason}; {method} {url} is niet gedaan.", None, True, sent=False
            )
        for sock in list(self._sockets):
            found.watch(sock)
        return min(self._timeout, max(found.remaining(), 0.001))

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's ``trace`` extension: knows the socket of each connection as it is opened (and
        of its TLS layer), and has a running delivery's deadline watch it before the first byte."""
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            self._sockets.add(sock)
            found = deadline.current()
            if found is not None:
                found.watch(sock)

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return None


class ZgwUnavailable(RuimteflowError):
    code = "zgw-fout"
    title = "Zaakregistratie (ZGW) niet beschikbaar"
    status = 502


def as_problem(exc: ZgwRemoteError, what: str = "de ZGW-API") -> ZgwUnavailable:
    """A Dutch RuimteflowError for a failed remote call (CLI exit 2, API problem+json 502)."""
    if exc.status is None:
        return ZgwUnavailable(f"{what} is niet bereikbaar: {exc.detail}", code="zgw-onbereikbaar")
    if exc.status in (401, 403):
        return ZgwUnavailable(
            f"{what} weigert de aanroep (HTTP {exc.status}): controleer RUIMTEFLOW_ZGW_CLIENT_ID en "
            f"RUIMTEFLOW_ZGW_SECRET. {exc.detail}",
            code="zgw-geweigerd",
        )
    return ZgwUnavailable(f"{what} gaf een fout (HTTP {exc.status}): {exc.detail}", code="zgw-fout")
