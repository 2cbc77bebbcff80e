"""Logs an operator can use (review ops12, F8): a 500 is logged with its method, masked path, request id
and user, and its answer names the same id; the CLI logs at INFO to stderr (``users revoke``); the access
log of `serve` masks the volgcode; a bad RUIMTEFLOW_LOG_LEVEL is refused (exit code 2)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy.exc import OperationalError

from services import users
from web import cli, create_app


@pytest.fixture(autouse=True)
def _root_logger_back() -> Iterator[None]:
    """The CLI configures the root logger: give the next test the one it had."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_500_is_logged_with_method_masked_path_request_id_and_user(platform, caplog):
    token = users.add_user(platform, "anna", groups=["Vergunningen"])["token"]
    app = create_app(platform.settings, platform=platform)

    @app.get("/api/v1/status/<code>/kapot")
    def _kapot(code: str):  # type: ignore[no-untyped-def]
        from web.api.common import current_user

        current_user()
        raise OperationalError("SELECT 1", {}, Exception("database weg"))

    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        resp = client.get(
            "/api/v1/status/GEHEIM-VOLGCODE-1234/kapot", headers={"Authorization": f"Bearer {token}"}
        )
    assert resp.status_code == 500
    request_id = resp.headers["X-Request-ID"]
    assert resp.get_json()["foutcode"] == request_id
    assert f"Foutcode: {request_id}" in resp.get_json()["detail"]
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    line = record.getMessage()
    assert "GET /api/v1/status/***/kapot" in line
    assert request_id in line and "user anna" in line
    assert "GEHEIM" not in line
    # with its traceback: a database error's frames in the line, not exc_info, whose message would quote
    # the row's values (test_failure_logs_values)
    assert "Traceback (most recent call last)" in line and ", in _kapot\n" in line
    assert "user anna): Exception\nTraceback" in line  # the driver error's class, not its message


def test_a_500_page_names_the_foutcode_and_a_trusted_proxy_gives_the_id(platform):
    from dataclasses import replace

    behind_proxy = replace(platform, settings=platform.settings.with_(trusted_proxy_hops=1))
    app = create_app(behind_proxy.settings, platform=behind_proxy)

    @app.get("/kapot")
    def _kapot():  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    client = app.test_client()
    resp = client.get("/kapot", headers={"X-Request-ID": "proxy-abc.123"})
    assert resp.status_code == 500
    assert resp.headers["X-Request-ID"] == "proxy-abc.123"
    assert "Foutcode 500 · proxy-abc.123" in resp.get_data(as_text=True)
    # without a trusted proxy the header is anyone's: a fresh id instead
    other = create_app(platform.settings, platform=platform).test_client()
    assert (
        other.get("/", headers={"X-Request-ID": "proxy-abc.123"}).headers["X-Request-ID"] != "proxy-abc.123"
    )


def test_a_domain_error_of_ours_is_logged_and_named_by_its_foutcode(platform, caplog):
    """A RuimteflowError with a 5xx status (a rules file that does not fit the loaded layers) is no user
    error: logged on ruimteflow.web with its request id, which the answer names (review sessie16, beheer 2;
    it was answered without a foutcode and logged nowhere)."""
    from gis.errors import RULE_UNKNOWN_LAYER
    from tests.config_errors import rule_on_missing_layer

    app = create_app(platform.settings, platform=platform)

    @app.get("/api/v1/regels-kapot")
    def _regels_kapot():  # type: ignore[no-untyped-def]
        raise rule_on_missing_layer()

    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = app.test_client().get("/api/v1/regels-kapot")
    assert resp.status_code == 500
    body, request_id = resp.get_json(), resp.headers["X-Request-ID"]
    assert body["code"] == RULE_UNKNOWN_LAYER and body["foutcode"] == request_id
    assert f"Foutcode: {request_id}" in body["detail"]
    [record] = [r for r in caplog.records if r.name == "ruimteflow.web" and r.levelno == logging.ERROR]
    assert f"GET /api/v1/regels-kapot failed (request {request_id}, user -)" in record.getMessage()


def test_users_revoke_logs_at_info_to_stderr_through_the_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("RUIMTEFLOW_LOG_LEVEL", raising=False)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli.main(["migrate", "--database", url, "--json"]) == 0
    assert cli.main(["users", "add", "henk", "--database", url, "--json"]) == 0
    capsys.readouterr()
    assert cli.main(["users", "revoke", "henk", "--database", url, "--json"]) == 0
    err = capsys.readouterr().err
    assert " INFO ruimteflow.users: toegang van gebruiker henk ingetrokken" in err


# a blank value means info (review sessie12d, 2; "" was listed here, from 1add862)
@pytest.mark.parametrize("value", ["verbose", "2"])
def test_a_bad_log_level_exits_with_code_2(tmp_path, capsys, monkeypatch, value):
    monkeypatch.setenv("RUIMTEFLOW_LOG_LEVEL", value)
    code = cli.main(["worker", "--once", "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    assert code == 2
    assert "RUIMTEFLOW_LOG_LEVEL moet debug, info, warning, error of critical zijn" in capsys.readouterr().err


def test_a_log_level_in_capitals_is_read(monkeypatch):
    from services import logs
    from services.config import Settings

    monkeypatch.setenv("RUIMTEFLOW_LOG_LEVEL", "WARNING")
    assert logs.configure() == "warning" and logging.getLogger().level == logging.WARNING
    assert Settings.from_env().log_level == "warning"


def test_the_access_log_masks_volgcodes_and_tokens():
    from web.request_log import mask_path

    assert mask_path("/status/K7QX-93MB-PLZ2") == "/status/***"
    assert mask_path("/status/K7QX-93MB-PLZ2/documenten/5") == "/status/***/documenten/5"
    assert (
        mask_path("/api/v1/status/K7QX93MB/berichten/zienswijze") == "/api/v1/status/***/berichten/zienswijze"
    )
    token = "Xy3kP9qLmN2vB7wR4tZs8uA"
    assert mask_path(f"/volglink/{token}") == "/volglink/***"
    assert mask_path("/zaken/OV-2026-000123/documenten") == "/zaken/OV-2026-000123/documenten"
    assert mask_path("/aanvragen/omgevingsvergunning_regulier") == "/aanvragen/omgevingsvergunning_regulier"


def test_a_newline_in_the_path_cannot_forge_a_log_line():
    """Review "sessie12c", 1: a request for /x%0A<fake line> wrote a second, real-looking line into the
    access log; control characters are escaped."""
    from web.request_log import mask_path

    forged = mask_path('/x\n2026-12-05 12:00:00,000 INFO ruimteflow.web: "GET /beheer"\r\x1b[2J\x7f')
    assert "\n" not in forged and "\r" not in forged and "\x1b" not in forged and "\x7f" not in forged
    assert forged.startswith("/x\\x0a2026-12-05"), forged


def test_a_c1_or_unicode_line_break_in_the_path_cannot_forge_a_log_line():
    """NEXT LINE (U+0085, a C1 control) and the LINE and PARAGRAPH SEPARATORS (U+2028, U+2029) are line
    breaks to some log viewers; they are escaped as the C0 controls are, and other text stays."""
    from web.request_log import mask_path

    forged = mask_path("/x\x85INFO nep\u2028INFO nep\u2029INFO nep\x9b2J\x80/caf\u00e9/\u00a0")
    assert forged == "/x\\x85INFO nep\\u2028INFO nep\\u2029INFO nep\\x9b2J\\x80/caf\u00e9/\u00a0", forged
    assert not any(c in forged for c in "\x85\x9b\x80\u2028\u2029")
    assert len(forged.splitlines()) == 1


def test_text_someone_gave_is_escaped_and_capped_for_a_log_line():
    """Review pentest13, 6: one escaping for a logged path and a logged reason or name (services.logs),
    and such a text capped at LOGGED_TEXT_MAX characters, saying how many were left out."""
    from services.log_text import LOGGED_TEXT_MAX, one_line, user_text
    from web.request_log import mask_path

    text = "a\nINFO nep\r\x85\u2028\x1b[2J caf\u00e9"
    assert (
        user_text(text)
        == one_line(text)
        == mask_path(text)
        == "a\\x0aINFO nep\\x0d\\x85\\u2028\\x1b[2J caf\u00e9"
    )
    assert user_text("x" * LOGGED_TEXT_MAX) == "x" * LOGGED_TEXT_MAX
    assert user_text("x" * LOGGED_TEXT_MAX + "\n" * 5) == "x" * LOGGED_TEXT_MAX + "... (+5)"
    assert user_text("\n" * 10, limit=3) == "\\x0a" * 3 + "... (+7)"


def test_serve_gunicorn_config_carries_the_masking_access_log(settings):
    import socket
    from types import SimpleNamespace

    from web.access_log import ACCESS_FORMAT, MaskingLogger
    from web.server import RuimteflowServer, ServerOptions

    listener = socket.socket()
    try:
        options = ServerOptions("127.0.0.1", 0, workers=1, threads=1, scheduler=False)
        server = RuimteflowServer(settings, options, listener)
        cfg = server.cfg
        assert cfg.accesslog == "-" and cfg.access_log_format == ACCESS_FORMAT
        assert cfg.logger_class is MaskingLogger
        logger = MaskingLogger(cfg)
    finally:
        listener.close()
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/status/K7QX-93MB-PLZ2?t=geheim",
        "PATH_INFO": "/status/K7QX-93MB-PLZ2",
        "QUERY_STRING": "t=geheim",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.7",
        "HTTP_COOKIE": "session=geheim",
    }
    resp = SimpleNamespace(status="200 OK", sent=512, headers=[("X-Request-ID", "abc123")])
    req = SimpleNamespace(headers=[("AUTHORIZATION", "Bearer geheim"), ("COOKIE", "session=geheim")])
    elapsed = SimpleNamespace(seconds=0, microseconds=1500)
    line = ACCESS_FORMAT % logger.atoms(resp, req, environ, elapsed)
    assert line == '"GET /status/*** HTTP/1.1" 200 512 0.001500s id=abc123'


def test_a_blank_log_level_means_info():
    """Review "sessie12d", 2: a compose file's RUIMTEFLOW_LOG_LEVEL=${X:-} stopped every command (exit 2)
    though a blank choice setting means its default (a697c59)."""
    from services.logs import level_from_env

    assert level_from_env({"RUIMTEFLOW_LOG_LEVEL": ""}) == "info"
    assert level_from_env({"RUIMTEFLOW_LOG_LEVEL": "  "}) == "info"
