"""The public side of a case: its status behind the tracking code, the messages an initiator sends, and
the application forms that start a case.

One concept per module:
- ``lookup``: the case by its tracking code, and what it waits for;
- ``view``: the status page's view model;
- ``messages``: aanvulling and zienswijze from the status page, and the rules an account's message shares;
- ``application_forms``: the public application forms as data, and their JSON Schema;
- ``intake``: validating an application and starting the case.

The names below are re-exported for callers written before the split; new code imports the module.
"""

from services.status.application_forms import (
    APPLICATION_FORMS,
    COMMON_FIELDS,
    ApplicationForm,
    Field,
    application_form,
    deployed_forms,
    register_application_form,
)
from services.status.deadline import STATUS_TEXTS, case_deadline, status_text
from services.status.intake import INTAKE_FIELDS, submit_application, validate_application
from services.status.lookup import (
    UnknownCode,
    check_code,
    expected_messages,
    unknown_code,
    waiting_of,
)
from services.status.message_catalog import PUBLIC_MESSAGES, PublicMessage
from services.status.messages import send_public_message
from services.status.view import DEFAULT_CONTACT, public_status

__all__ = [
    "APPLICATION_FORMS",
    "COMMON_FIELDS",
    "DEFAULT_CONTACT",
    "INTAKE_FIELDS",
    "PUBLIC_MESSAGES",
    "STATUS_TEXTS",
    "ApplicationForm",
    "Field",
    "PublicMessage",
    "UnknownCode",
    "application_form",
    "case_deadline",
    "check_code",
    "deployed_forms",
    "expected_messages",
    "public_status",
    "register_application_form",
    "send_public_message",
    "status_text",
    "submit_application",
    "unknown_code",
    "validate_application",
    "waiting_of",
]
