"""Beheer reads the mails the embedded default wrote as .eml files (no SMTP host configured)."""

from __future__ import annotations

import re
from email import policy as email_policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from processes.errors import NotFound
from services.mail.transport import outbox_dir

_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.eml$")
#: a tracking link in a mail to an applicant: beheer sees that it was there, never the code itself
_TRACKING = re.compile(r"/status/[A-Za-z0-9_-]+")
LIMIT = 200


def _parse(data: bytes) -> EmailMessage:
    msg = BytesParser(policy=email_policy.default).parsebytes(data)
    assert isinstance(msg, EmailMessage)
    return msg


def written_mails(settings: Any) -> list[dict[str, Any]]:
    """The newest written mails first: file name, recipient, subject and date."""
    folder = outbox_dir(settings)
    files = sorted(folder.glob("*.eml"), reverse=True)[:LIMIT] if folder.is_dir() else []
    out = []
    for path in files:
        msg = _parse(path.read_bytes())
        out.append(
            {
                "naam": path.name,
                "aan": str(msg["To"] or ""),
                "onderwerp": str(msg["Subject"] or ""),
                "datum": str(msg["Date"] or ""),
            }
        )
    return out


def written_mail(settings: Any, name: str) -> dict[str, Any]:
    """One written mail with its plain text."""
    path = outbox_dir(settings) / name
    if not _NAME.match(name) or not path.is_file():
        raise NotFound(f"Er is geen verstuurde mail '{name}'.", code="mail-onbekend")
    msg = _parse(path.read_bytes())
    body = msg.get_body(preferencelist=("plain",))
    return {
        "naam": name,
        "van": str(msg["From"] or ""),
        "aan": str(msg["To"] or ""),
        "onderwerp": str(msg["Subject"] or ""),
        "datum": str(msg["Date"] or ""),
        "tekst": _TRACKING.sub("/status/[volgcode verborgen]", body.get_content())
        if body is not None
        else "",
    }
