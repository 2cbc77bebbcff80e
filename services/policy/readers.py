"""A case's public words per reader. The applicant (an initiator's account; the holder of the volgcode on
the status page, which reads the events itself) is addressed: who holds its case is "U (de aanvrager)",
its timeline says "Uw aanvulling is ontvangen". Every other reader (an outside party that follows the
case: the netbeheerder, a buurgemeente, another organisation; the municipality's own staff) reads the
third person: "De aanvrager" (``[houders_voor_derden]`` of bpmn/fasen.toml), "De aanvulling is ontvangen"
(the model's ``publiek_voor_derden``, kept with the line: services.projection_text.status_for_others), or
for a status line that addresses the applicant without one, a neutral line, never the applicant's words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from processes.aanspreekvorm import NEUTRAL_LINE, addresses_reader
from services.config import Settings
from services.policy.autorisatie import MUNICIPAL_KINDS
from services.projection_text import STATUS_KIND, THIRD_PARTY
from services.public_phases import PublicPhases, public_phases

#: the kind of account (policy.kind) the public texts address
APPLICANT = "initiatiefnemer"


def holder_words(reader: str, settings: Settings | None) -> PublicPhases | None:
    """The words in which a ``reader`` (a kind of account) reads who holds a case: None for the
    municipality's own staff (a team's own name, "Vergunningen"); the status page's (``[houders]``:
    "U (de aanvrager)") for the initiator, whom they address; the third person's (``[houders_voor_derden]``:
    "De aanvrager") for any other public viewer (an outside organisation)."""
    if reader in MUNICIPAL_KINDS:
        return None
    words = public_phases(settings)
    return words if reader == APPLICANT else words.for_third_parties()


def worded_for(reader: str, case: dict[str, Any]) -> dict[str, Any]:
    """``case`` (a case dict: projection_views.case_dict) with its timeline (``tijdlijn``) as ``reader`` (a
    kind of account) reads it: as written for the applicant, each line in the third person
    (:func:`line_for_others`) for anyone else."""
    lines = case.get("tijdlijn")
    if reader == APPLICANT or not isinstance(lines, list):
        return case
    return {**case, "tijdlijn": [line_for_others(e) for e in lines]}


def line_for_others(line: Mapping[str, Any]) -> Mapping[str, Any]:
    """A timeline line (projection_views.event_dict) as a reader other than the applicant reads it: a
    public line by its third-person text when it keeps one (``gegevens.voor_derden``); a model's status line
    written before lines kept one, or without, that addresses the reader ("Uw aanvraag is ontvangen") by a
    neutral line; any other line as it is."""
    if not line.get("publiek"):
        return line
    data = line.get("gegevens")
    own = data.get(THIRD_PARTY) if isinstance(data, Mapping) else None
    if isinstance(own, str) and own:
        return {**line, "tekst": own}
    if line.get("soort") == STATUS_KIND and addresses_reader(line.get("tekst")):
        return {**line, "tekst": NEUTRAL_LINE}
    return line
