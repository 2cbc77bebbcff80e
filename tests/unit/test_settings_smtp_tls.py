"""RUIMTEFLOW_SMTP_TLS is starttls, ssl or geen: a typo ("tls", "starttls " was kept as is, "STARTTLS")
made the transport fall through to plain SMTP, so the login and every mail went out in clear text
(review ops12, F1)."""

from __future__ import annotations

import socket
from email.message import EmailMessage
from types import SimpleNamespace

import pytest

from processes.errors import ValidationError
from services.config import Settings
from services.mail import transport
from web import cli


# an empty value means the default, starttls (review sessie12c, 5: the README says so; "" was listed here)
@pytest.mark.parametrize("value", ["tls", "start-tls", "none"])
def test_an_unknown_smtp_tls_is_refused(monkeypatch, value):
    monkeypatch.setenv("RUIMTEFLOW_SMTP_TLS", value)
    with pytest.raises(ValidationError) as caught:
        Settings.from_env()
    assert "RUIMTEFLOW_SMTP_TLS moet starttls, ssl of geen zijn" in str(caught.value)
    assert caught.value.code == "instelling-ongeldig"


@pytest.mark.parametrize(
    ("value", "read"), [("STARTTLS", "starttls"), ("starttls ", "starttls"), ("SSL", "ssl")]
)
def test_a_known_smtp_tls_in_other_case_means_that_one(monkeypatch, value, read):
    monkeypatch.setenv("RUIMTEFLOW_SMTP_TLS", value)
    assert Settings.from_env().smtp_tls == read


def test_the_cli_exits_with_code_2_on_an_unknown_smtp_tls(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("RUIMTEFLOW_SMTP_TLS", "tls")
    code = cli.main(["worker", "--once", "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    assert code == 2
    assert "RUIMTEFLOW_SMTP_TLS moet starttls, ssl of geen zijn" in capsys.readouterr().err


def test_the_transport_refuses_an_unknown_tls_before_it_connects(tmp_path):
    """Defence in depth: settings made by hand never reach a plain connection either."""
    with socket.socket() as listener:  # a server that would take a plain connection
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.2)
        settings = SimpleNamespace(
            smtp_host="127.0.0.1",
            smtp_port=listener.getsockname()[1],
            smtp_tls="STARTTLS",
            smtp_user="u",
            smtp_password="geheim",
            instance_dir=tmp_path,
        )
        with pytest.raises(ValidationError, match="starttls, ssl of geen"):
            transport.send(settings, EmailMessage(), "00000001-test")
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing connected
