"""Sending a rendered mail: SMTP when a host is configured, else an ``.eml`` file in the outbox folder."""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from processes.errors import ValidationError
from services.config_values import SMTP_TLS_CHOICES
from services.mail.render import Mail
from services.outbox import deadline
from services.private_files import write_private

#: the timeout of one SMTP operation; the whole dialogue of an outbox delivery ends at its deadline
TIMEOUT = 20
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def outbox_dir(settings: Any) -> Path:
    """Where the embedded default writes its mails (``Settings.mail_outbox_dir`` or instance/outbox)."""
    own = str(getattr(settings, "mail_outbox_dir", "") or "")
    return Path(own) if own else Path(settings.instance_dir) / "outbox"


def message_of(settings: Any, mail: Mail, message_id: str | None = None) -> EmailMessage:
    """The MIME message: plain text with an HTML alternative; a stable Message-ID when given."""
    msg = EmailMessage()
    msg["From"] = getattr(settings, "mail_sender", "") or "Ruimteflow <noreply@ruimtedal.example>"
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=False)
    domain = parseaddr(str(msg["From"]))[1].partition("@")[2] or "ruimteflow.local"
    msg["Message-ID"] = f"<{message_id}@{domain}>" if message_id else make_msgid(domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(mail.text)
    if mail.html:
        msg.add_alternative(mail.html, subtype="html")
    return msg


def mail_name(message_id: int, kind: str) -> str:
    """The name a delivered mail is known by (its ``.eml`` file): its outbox id and kind."""
    return f"{message_id:08d}-{kind}"


def eml_file(settings: Any, name: str) -> Path:
    """The ``.eml`` file the embedded default writes for the mail ``name`` (``<outbox id>-<kind>``)."""
    return outbox_dir(settings) / f"{_SAFE.sub('-', name)}.eml"


def send(settings: Any, msg: EmailMessage, name: str) -> str:
    """Send over SMTP (host set) or write ``<name>.eml``; returns where it went."""
    host = str(getattr(settings, "smtp_host", "") or "")
    if not host:
        target = eml_file(settings, name)
        write_private(target, bytes(msg))  # the same name again (a retry) overwrites: idempotent
        return str(target)
    port = int(getattr(settings, "smtp_port", 0) or 0)
    tls = str(getattr(settings, "smtp_tls", "starttls") or "geen")
    if tls not in SMTP_TLS_CHOICES:  # never fall through to clear text on a value it does not know
        raise ValidationError(
            f"RUIMTEFLOW_SMTP_TLS moet starttls, ssl of geen zijn, niet {tls!r}; er is niets verstuurd.",
            code="instelling-ongeldig",
        )
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    found = deadline.current()
    timeout = TIMEOUT if found is None else min(TIMEOUT, max(found.remaining(), 0.001))
    if tls == "ssl":
        smtp = _WatchedSsl(host, port or 465, timeout=timeout, context=context)
    else:
        smtp = _Watched(host, port or 587, timeout=timeout)
    with smtp:
        if tls == "starttls":
            smtp.starttls(context=context)
        user = str(getattr(settings, "smtp_user", "") or "")
        if user:
            smtp.login(user, str(getattr(settings, "smtp_password", "") or ""))
        smtp.send_message(msg)
    return f"smtp://{host}:{port}"


class _Watched(smtplib.SMTP):
    """SMTP whose connection the deadline of the delivery watches from the moment it is made: before
    the greeting is read, and before a TLS handshake (``services.outbox.deadline``)."""

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = super()._get_socket(host, port, timeout)  # type: ignore[misc]  # not in typeshed
        found = deadline.current()
        if found is not None:
            found.watch(sock)
        return sock


class _WatchedSsl(smtplib.SMTP_SSL, _Watched):
    """SMTP_SSL wraps the connection ``_Watched`` made (and watches) in TLS: the method order puts
    ``_Watched._get_socket`` under ``SMTP_SSL._get_socket``."""
