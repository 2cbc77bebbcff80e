"""The "email" channel of the outbox: send one stored mail (SMTP, or an .eml file by default)."""

from __future__ import annotations

import smtplib
from typing import Any

from services.mail import transport
from services.mail.render import Mail
from services.outbox import DeliveryFailed, Handler, Message


def email_handler(platform: Any) -> Handler:
    """Built once per worker pass. Idempotent enough: the Message-ID is the outbox id, so a resent mail
    after a crash is recognisable as the same one, and the .eml file of a retry overwrites itself."""
    settings = platform.settings

    def deliver(message: Message) -> None:
        mail = Mail.of(message.payload)
        msg = transport.message_of(settings, mail, message_id=f"ruimteflow.{message.id}")
        try:
            transport.send(settings, msg, f"{message.id:08d}-{mail.kind}")
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryFailed(
                f"De mailserver weigert de ontvanger: {exc.recipients}", retryable=False
            ) from exc
        except smtplib.SMTPResponseException as exc:
            detail = f"De mailserver antwoordde {exc.smtp_code}: {exc.smtp_error!r}"
            raise DeliveryFailed(detail, retryable=exc.smtp_code < 500) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"De mailserver is niet bereikbaar: {exc}") from exc

    return deliver
