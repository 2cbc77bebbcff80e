"""The "email" channel of the outbox: send one stored mail (SMTP, or an .eml file by default); a mail
to an account nobody can log in to since it was written (policy.assignees.logs_in: a leaver's blocked
account, services.account_block, or one whose access was revoked and that has no password), or to one
deleted since, is not sent."""

from __future__ import annotations

import smtplib
from typing import Any

from services.mail import transport
from services.mail.render import Mail
from services.outbox import DeliveryFailed, Handler, Message
from services.policy.assignees import BLOCKED, GONE, closed_accounts


def _permanent(code: int) -> bool:
    """RFC 5321 4.2.1: a 5yz reply is a permanent failure; a 4yz reply (greylisting, a full mailbox,
    a server busy) is transient and the mail is tried again later."""
    return code >= 500


def refused(exc: smtplib.SMTPRecipientsRefused) -> DeliveryFailed:
    """The failure of a mail whose recipients the server refused: permanent only when every refusal is.
    The text gives the server's reasons, not the refused addresses (the worker logs it; beheer reads
    the recipient from the message)."""
    codes = {addr: int(code) for addr, (code, _text) in exc.recipients.items()}
    texts = "; ".join(
        f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
        for code, text in exc.recipients.values()
    )
    if codes and all(_permanent(code) for code in codes.values()):
        return DeliveryFailed(f"De mailserver weigert de ontvanger: {texts}", retryable=False)
    return DeliveryFailed(f"De mailserver stelt de ontvanger tijdelijk uit: {texts}")


def _closed(platform: Any, account: str | None) -> str | None:
    """Why a mail to ``account`` (an officer's) is not sent: nobody can log in to the account (it is
    blocked, or has neither password nor token), or it no longer exists; None when someone can, and for
    a mail to no account."""
    if not account:
        return None
    with platform.uow(write=False) as uow:
        why = closed_accounts(uow.session, platform.settings, [account]).get(account)
    if why is None:
        return None
    if why == BLOCKED:
        return f"het account {account} is geblokkeerd en krijgt geen mail"
    if why == GONE:
        return f"het account {account} bestaat niet meer en krijgt geen mail"
    return f"op het account {account} kan niemand inloggen (geen wachtwoord en geen API-token), dus het krijgt geen mail"


def email_handler(platform: Any) -> Handler:
    """Built once per worker pass. Idempotent enough: the Message-ID is the outbox id, so a resent mail
    after a crash is recognisable as the same one, and the .eml file of a retry overwrites itself. A mail
    to an account nobody can log in to is delivered without being sent, with a note why (the case's
    history)."""
    settings = platform.settings

    def deliver(message: Message) -> str | None:
        mail = Mail.of(message.payload)
        if (why := _closed(platform, mail.account)) is not None:
            return why
        msg = transport.message_of(settings, mail, message_id=f"ruimteflow.{message.id}")
        try:
            transport.send(settings, msg, transport.mail_name(message.id, mail.kind))
        except smtplib.SMTPRecipientsRefused as exc:
            raise refused(exc) from exc
        except smtplib.SMTPResponseException as exc:
            detail = f"De mailserver antwoordde {exc.smtp_code}: {exc.smtp_error!r}"
            raise DeliveryFailed(detail, retryable=not _permanent(exc.smtp_code)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"De mailserver is niet bereikbaar: {exc}") from exc
        return None

    return deliver
