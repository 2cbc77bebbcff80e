"""An e-mail address as Ruimteflow takes one: the one home of the check.

The public form, the API's applications, an account's address and a request for the tracking links
all take an address of this shape (``EMAIL_PATTERN``: one ``@``, no whitespace, a domain with a dot and
a top-level domain of letters) and without a control or invisible format character (a bidi override
makes ``jan@example.org`` display as something else: ``processes.tekens.has_control_character``, as
for file names).

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

import re

from processes.tekens import has_control_character

#: the shape of an address (also the application form's JSON-Schema ``pattern``, spelled for RE2)
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,}$"
_EMAIL = re.compile(EMAIL_PATTERN)
#: what Python's ``\s`` matches in a text (each character ``str.isspace`` holds for) in the syntax of RE2, whose
#: own ``\s`` is only ``[\t\n\f\r ]``
WHITESPACE_RE2 = r"\s\v\x{1c}-\x{1f}\x{85}\p{Z}"


def is_email_address(text: str) -> bool:
    """True when ``text`` (trimmed) is an address of the shape above without a control or format
    character."""
    text = text.strip()
    return bool(_EMAIL.match(text)) and not has_control_character(text)
