"""Whom a public text speaks to. A model's public status line (``publiek``) is written for the applicant
("Uw aanvulling is ontvangen"); every other reader of the case (an outside party that follows it: the
netbeheerder, a buurgemeente; the municipality's staff) reads its third-person form
(``publiek_voor_derden``: "De aanvulling is ontvangen"), or where the model gives none and the line speaks
to its reader, a neutral line (:func:`neutral_line`), never the words that address the applicant."""

from __future__ import annotations

import re

#: the words by which a Dutch text addresses its reader: u, uw (any case), as whole words
_SECOND_PERSON = re.compile(r"(?<![\w-])(?:u|uw)(?![\w-])", re.IGNORECASE)
#: a ``{placeholder}`` of a model's text (processes.templating): its field name is no word of the text
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: what another reader reads of a line that addresses the applicant when nothing better is known
NEUTRAL_LINE = "Een stap in de behandeling is afgerond"


def addresses_reader(text: str | None) -> bool:
    """Whether ``text`` speaks to its reader in the second person ("Uw aanvraag is ontvangen", "wij
    vragen u"), judged outside its ``{placeholders}``."""
    return bool(_SECOND_PERSON.search(_PLACEHOLDER.sub(" ", text or "")))


def neutral_line(event_name: str | None) -> str:
    """The line another reader reads for a status line that addresses the applicant and has no
    third-person form: the name of the event it marks ("Aanvulling ontvangen") when it has one that is
    plain (no unfilled placeholder, not itself addressing the reader), else :data:`NEUTRAL_LINE`."""
    name = (event_name or "").strip()
    if not name or "{" in name or "}" in name or addresses_reader(name):
        return NEUTRAL_LINE
    return name
