"""ZgwClient: the JWT the ZGW standard prescribes, the CRS headers, pagination and error mapping."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import httpx
import jwt
import pytest

from services.outbox.deadline import Deadline
from services.zgw.client import ZgwClient, ZgwRemoteError
from tests.zgw.contract import RecordingTransport, offline_config

CONFIG = offline_config()
ZAKEN = CONFIG.root("zaken")


def client_with(handler: Callable[[httpx.Request], httpx.Response]) -> ZgwClient:
    return ZgwClient(CONFIG, transport=httpx.MockTransport(handler))


def test_each_request_carries_a_hs256_jwt_with_iss_client_id_and_iat() -> None:
    recorder = RecordingTransport()
    with ZgwClient(CONFIG, transport=recorder) as client:
        client.create("catalogi", "catalogussen", {"domein": "RFLOW"})
    auth = recorder.requests[0].headers["Authorization"]
    assert auth.startswith("Bearer ")
    claims = jwt.decode(auth.split()[1], CONFIG.secret, algorithms=["HS256"])
    assert claims["iss"] == claims["client_id"] == "ruimteflow"
    assert isinstance(claims["iat"], int)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(auth.split()[1], "een ander geheim van minstens tweeendertig tekens", algorithms=["HS256"])


def test_the_zaken_api_gets_the_crs_headers_and_the_others_do_not() -> None:
    recorder = RecordingTransport()
    with ZgwClient(CONFIG, transport=recorder) as client:
        client.create("zaken", "zaken", {"omschrijving": "x"})
        client.get(ZAKEN + "zaken/1")
        client.create("documenten", "enkelvoudiginformatieobjecten", {"titel": "x"})
    post_zaak, get_zaak, post_doc = recorder.requests
    assert post_zaak.headers["Content-Crs"] == "EPSG:4326" and post_zaak.headers["Accept-Crs"] == "EPSG:4326"
    assert get_zaak.headers["Accept-Crs"] == "EPSG:4326" and "Content-Crs" not in get_zaak.headers
    assert "Content-Crs" not in post_doc.headers and "Accept-Crs" not in post_doc.headers
    assert json.loads(post_zaak.content) == {"omschrijving": "x"}


def test_find_follows_the_next_links() -> None:
    pages = {
        "1": {"count": 3, "next": ZAKEN + "zaken?page=2", "results": [{"n": 1}, {"n": 2}]},
        "2": {"count": 3, "next": None, "results": [{"n": 3}]},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("page", "1")])

    with client_with(handler) as client:
        assert [z["n"] for z in client.find("zaken", "zaken", identificatie="RF-1")] == [1, 2, 3]


@pytest.mark.parametrize(
    ("status", "retryable"),
    [(400, False), (403, False), (404, False), (409, True), (429, True), (500, True), (503, True)],
)
def test_http_errors_say_whether_a_retry_can_help(status: int, retryable: bool) -> None:
    problem = {
        "title": "Invalid input.",
        "detail": "",
        "invalidParams": [{"name": "zaaktype", "code": "does_not_exist", "reason": "Ongeldige URL"}],
    }
    with client_with(lambda r: httpx.Response(status, json=problem)) as client:
        with pytest.raises(ZgwRemoteError) as info:
            client.create("zaken", "zaken", {})
    assert info.value.status == status and info.value.retryable is retryable
    assert info.value.body == problem
    assert "zaaktype: Ongeldige URL (does_not_exist)" in info.value.detail


@pytest.mark.parametrize("exc", [httpx.ConnectError("geweigerd"), httpx.ReadTimeout("te traag")])
def test_no_answer_is_retryable_without_a_status(exc: Exception) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with client_with(handler) as client:
        with pytest.raises(ZgwRemoteError) as info:
            client.get(ZAKEN + "zaken")
    assert info.value.status is None and info.value.retryable is True


@pytest.mark.parametrize(
    ("exc", "sent"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), False),
        (httpx.ConnectError("[Errno -2] Name or service not known"), False),
        (httpx.ConnectTimeout("geen verbinding op tijd"), False),
        (httpx.PoolTimeout("geen vrije verbinding"), False),
        (httpx.ReadTimeout("te traag"), True),
        (httpx.WriteTimeout("te traag"), True),
        (httpx.ReadError("verbinding verbroken"), True),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), True),
    ],
)
def test_the_error_says_whether_the_request_may_have_reached_the_server(exc: Exception, sent: bool) -> None:
    """Only a failure before any byte left (no connection) is "not sent": a delivery may then forget what
    it meant to do (services.zgw.versions: a lock asked); after a timeout or a lost connection it may not."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with client_with(handler) as client:
        with pytest.raises(ZgwRemoteError) as info:
            client.post(ZAKEN + "zaken/1/lock")
    assert info.value.sent is sent
    with client_with(lambda r: httpx.Response(400, json={})) as client:
        with pytest.raises(ZgwRemoteError) as answered:
            client.post(ZAKEN + "zaken/1/lock")
    assert answered.value.sent is True


def test_a_call_the_client_does_not_make_is_not_sent() -> None:
    recorder = RecordingTransport()
    with ZgwClient(CONFIG, transport=recorder) as client:
        with pytest.raises(ZgwRemoteError, match="hoort niet bij") as outside:
            client.post("http://elders.test/zaken/api/v1/zaken/1/lock")
        with Deadline(timedelta(0)), pytest.raises(ZgwRemoteError, match="niet gedaan") as too_late:
            client.post(ZAKEN + "zaken/1/lock")  # after the delivery's deadline
    assert outside.value.sent is False and too_late.value.sent is False and recorder.requests == []


def test_a_url_outside_the_configured_roots_gets_no_token() -> None:
    recorder = RecordingTransport()
    with ZgwClient(CONFIG, transport=recorder) as client:
        with pytest.raises(ZgwRemoteError, match="hoort niet bij") as info:
            client.get("http://elders.test/zaken/api/v1/zaken")
    assert info.value.retryable is False and recorder.requests == []


def test_delete_and_an_empty_answer() -> None:
    with client_with(lambda r: httpx.Response(204)) as client:
        assert client.delete(ZAKEN + "zaken/1") is None
        assert client.patch(ZAKEN + "zaken/1", {"omschrijving": "y"}) == {}
