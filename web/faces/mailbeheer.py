"""Beheer: how mail goes out and how much of it is delivered, and the mails the embedded default wrote as
.eml files (when no SMTP host is configured)."""

from __future__ import annotations

from flask import Blueprint, render_template

from services.mail import beheer as mail_beheer
from services.mail.compose import CHANNEL
from services.mail.transport import outbox_dir
from services.outbox import beheer as outbox_beheer
from web.faces.security import platform, role_required

bp = Blueprint("mailbeheer", __name__, url_prefix="/beheer/mail")


@bp.get("")
@role_required("beheerder")
def index():  # type: ignore[no-untyped-def]
    """How mail goes out (the SMTP server, or .eml files), how many mails are delivered, waiting or given
    up (those are in /beheer/afleveringen), and the mails written as files."""
    settings = platform().settings
    host = str(settings.smtp_host or "")
    return render_template(
        "beheer_mail.html",
        mails=mail_beheer.written_mails(settings),
        map=outbox_dir(settings),
        mailserver=f"{host}:{settings.smtp_port}" if host and settings.smtp_port else host,
        aantallen=outbox_beheer.counts(platform(), CHANNEL),
    )


@bp.get("/<bestand>")
@role_required("beheerder")
def show(bestand: str):  # type: ignore[no-untyped-def]
    return render_template(
        "beheer_mail_bericht.html", mail=mail_beheer.written_mail(platform().settings, bestand)
    )
