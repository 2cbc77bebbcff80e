"""What the status page says when the case does not take an applicant's message now: the 409 of the
step that asks to confirm an irreversible message (web/status/statuspagina.py), in the words
send_public_message refuses it with."""

from __future__ import annotations

from services.clock import today
from services.platform import Platform
from services.status.lookup import case_by_code
from services.status.message_catalog import PUBLIC_MESSAGES
from services.status.messages import refused


def refusal(platform: Platform, code: str, name: str) -> str:
    """Why the case behind ``code`` does not take the public message ``name`` (ask only once
    ``messages.is_expected`` said no)."""
    with platform.uow(write=False) as uow:
        case = case_by_code(uow.session, code, platform=platform)
        return refused(case, PUBLIC_MESSAGES[name], today(platform.clock))
