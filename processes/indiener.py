"""Who sent a message, as a case records it (the ``indiener`` of its message record): one home for the
applicant's. A message the applicant sends, with the case's tracking code or with its own account, names
it "de aanvrager (...)", never by a name it typed (services.status.messages, account_messages); anyone
else's names its sender (a neighbour's zienswijze registered by post, an organisation's account)."""

from __future__ import annotations

from typing import Any


def applicant_sender(how: str) -> str:
    """The ``indiener`` of a message the applicant sent: ``how`` says with what (the tracking code, or the
    name of its account)."""
    return f"de aanvrager ({how})"


def from_applicant(indiener: Any) -> bool:
    """Did the applicant send the message recorded with ``indiener`` (``applicant_sender``)?"""
    return isinstance(indiener, str) and indiener.startswith(applicant_sender("")[:-1])


#: the ``indiener`` of a message sent with the case's tracking code (the status page)
CODE_HOLDER = applicant_sender("via de statuspagina")
