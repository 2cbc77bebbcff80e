"""Beheer: the mails the embedded default wrote as .eml files (when no SMTP host is configured)."""

from __future__ import annotations

from flask import Blueprint, render_template

from services.mail import beheer as mail_beheer
from services.mail.transport import outbox_dir
from web.faces.security import platform, role_required

bp = Blueprint("mailbeheer", __name__, url_prefix="/beheer/mail")


@bp.get("")
@role_required("beheerder")
def index():  # type: ignore[no-untyped-def]
    settings = platform().settings
    return render_template(
        "beheer_mail.html", mails=mail_beheer.written_mails(settings), map=outbox_dir(settings)
    )


@bp.get("/<bestand>")
@role_required("beheerder")
def show(bestand: str):  # type: ignore[no-untyped-def]
    return render_template(
        "beheer_mail_bericht.html", mail=mail_beheer.written_mail(platform().settings, bestand)
    )
