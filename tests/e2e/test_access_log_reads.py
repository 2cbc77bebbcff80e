"""Who looked at which case (websec finding 2; BIO 12.4.1, AVG art. 32): the access-log line of `serve`
(web/access_log.py) names the account of every request it established (its login name) and, for a
request that read one case (its page, a task, a document, the API's zaak and its parts, the map's panel),
the case's reference; no token, volgcode, password or e-mail address, and no database write on a read.

The line is made as gunicorn makes it: MaskingLogger.atoms on the WSGI environ gunicorn hands the app
(the test client answers with a copy of it, so ``app`` records the one the app was called with)."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace
from typing import Any

import pytest
from gunicorn.config import Config

from services import users
from tests.e2e.harness import logged_in
from tests.integration.document_helpers import pdf
from tests.sql_statements import statements
from web.access_log import ACCESS_FORMAT, MaskingLogger

_ENVIRONS: list[dict[str, Any]] = []


def access_line(resp: Any) -> str:
    """The access-log line gunicorn writes for the test client's ``resp`` (the app's last request)."""
    environ = _ENVIRONS[-1]
    assert environ["PATH_INFO"] == resp.request.path
    environ.setdefault("RAW_URI", environ["PATH_INFO"])  # gunicorn's request line; the test client has none
    answer = SimpleNamespace(status=resp.status, sent=len(resp.data), headers=list(resp.headers.items()))
    elapsed = SimpleNamespace(seconds=0, microseconds=1500)
    return ACCESS_FORMAT % MaskingLogger(Config()).atoms(
        answer, SimpleNamespace(headers=[]), environ, elapsed
    )


@pytest.fixture
def app(faces_app: Any) -> Any:
    """``faces_app``, keeping the environ of each call as gunicorn passes it (outside ProxyFix and Flask)."""
    called = faces_app.wsgi_app

    def recording(environ: dict[str, Any], start_response: Any) -> Any:
        _ENVIRONS.append(environ)
        return called(environ, start_response)

    faces_app.wsgi_app = recording
    yield faces_app
    _ENVIRONS.clear()


@pytest.fixture
def case(start_case: Any, faces_platform: Any) -> dict[str, Any]:
    """anna's case with its open task and one document, and anna's API token."""
    made = start_case(initiator="J. Jansen")
    token = users.new_token(faces_platform, "anna")["token"]
    return {**made, "token": token}


def _api(app: Any, token: str) -> Any:
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def _upload(client: Any, ref: str) -> int:
    resp = client.post(
        f"/api/v1/zaken/{ref}/documenten",
        data={"bestand": (io.BytesIO(pdf("tekening")), "tekening.pdf"), "informatieobjecttype": "bijlage"},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 201, resp.text
    return int(resp.json["id"])


def _task_id(client: Any, ref: str) -> int:
    tasks = client.get(f"/api/v1/zaken/{ref}").json["open_taken"]
    return int(tasks[0]["id"])


def test_every_read_of_one_case_names_the_account_and_the_case(app, case):
    ref, token = case["zaak"], case["token"]
    api = _api(app, token)
    doc, task = _upload(api, ref), _task_id(api, ref)
    reads = [
        f"/api/v1/zaken/{ref}",
        f"/api/v1/zaken/{case['id']}",  # by id: the line names the zaaknummer
        f"/api/v1/zaken/{ref}/houders",
        f"/api/v1/zaken/{ref}/documenten",
        f"/api/v1/zaken/{ref}/registratie",
        f"/api/v1/documenten/{doc}",
        f"/api/v1/documenten/{doc}/inhoud",
        f"/api/v1/taken/{task}",
        f"/api/v1/kaart/zaken/{ref}",
    ]
    for url in reads:
        resp = api.get(url)
        assert resp.status_code == 200, (url, resp.text)
        line = access_line(resp)
        assert line.endswith(f" id={resp.headers['X-Request-ID']} user=anna zaak={ref}"), (url, line)
        assert token not in line
    anna = logged_in(app, "anna")
    for url in (
        f"/zaken/{ref}",
        f"/taken/{task}",
        f"/zaken/{ref}/documenten/{doc}",
        f"/zaken/{ref}/documenten/{doc}/inhoud",
    ):
        resp = anna.get(url)
        assert resp.status_code == 200, (url, resp.text)
        assert access_line(resp).endswith(f" user=anna zaak={ref}"), (url, access_line(resp))


def test_a_list_names_the_account_and_no_case(app, case):
    api = _api(app, case["token"])
    for url in ("/api/v1/zaken", "/api/v1/taken"):
        resp = api.get(url)
        assert resp.status_code == 200
        assert access_line(resp).endswith(f" id={resp.headers['X-Request-ID']} user=anna"), url
    page = logged_in(app, "anna").get("/inbox")
    assert page.status_code == 200 and access_line(page).endswith(" user=anna")


def test_a_refused_read_names_the_account_not_the_case(app, case, faces_platform):
    """nina (the netbeheerder) may not open anna's case: 404, and the line names nina but no case."""
    token = users.new_token(faces_platform, "nina")["token"]
    resp = _api(app, token).get(f"/api/v1/zaken/{case['zaak']}")
    assert resp.status_code == 404
    line = access_line(resp)
    assert line.endswith(" user=nina") and "zaak=" not in line and case["zaak"] not in line.split('"')[2]


def test_anonymous_lines_name_nobody_and_no_volgcode(app, case):
    client = app.test_client()
    resp = client.get("/inloggen")
    assert re.fullmatch(r'"GET /inloggen HTTP/1.1" 200 \d+ 0.001500s id=\w+', access_line(resp))
    status = client.get(f"/status/{case['volgcode']}")
    assert status.status_code == 200
    line = access_line(status)
    assert line.startswith('"GET /status/*** HTTP/1.1" 200') and case["volgcode"] not in line
    assert "user=" not in line


def test_a_line_never_names_an_e_mail_address_or_more_than_a_few_cases():
    from web.access_log import accessed
    from web.request_log import ACCOUNT, CASES

    assert accessed({}) == ""
    assert accessed({ACCOUNT: "anna@ruimtedal.nl"}) == " user=***"
    assert accessed({ACCOUNT: "anna\nINFO nep"}) == " user=anna\\x0aINFO nep"
    refs = tuple(f"Z-2026-00000{i}" for i in range(1, 6))
    assert (
        accessed({ACCOUNT: "bea", CASES: refs})
        == " user=bea zaak=Z-2026-000001,Z-2026-000002,Z-2026-000003,+2"
    )


def test_a_read_writes_nothing_to_the_database(app, case, faces_platform):
    """Naming the case in the log is memory only: reading a case, a task and a document sends no
    INSERT, UPDATE or DELETE."""
    api = _api(app, case["token"])
    doc, task = _upload(api, case["zaak"]), _task_id(api, case["zaak"])
    with statements(faces_platform) as sent:
        for url in (f"/api/v1/zaken/{case['zaak']}", f"/api/v1/documenten/{doc}", f"/api/v1/taken/{task}"):
            assert api.get(url).status_code == 200
    writes = [s for s in sent if s.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert sent and writes == []
