"""The Dutch texts the projections show: timeline messages and the "waits for" line of a case.

Pure functions of the step's facts, kept apart from the write path in ``services.projections``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from processes.aanspreekvorm import addresses_reader, neutral_line
from processes.templating import fill_public

#: the element property with the third-person form of its public status line (bpmn/MODELLING.md)
THIRD_PARTY_PROPERTY = "publiek_voor_derden"
#: the kind of a timeline line with a public status line of the model (its ``publiek``; projections writes it)
STATUS_KIND = "status"
#: the key of a public status line's data with what a reader other than the applicant reads instead
THIRD_PARTY = "voor_derden"


def task_ready(name: str, groups: Sequence[str], reason: str | None) -> str:
    text = f"Taak '{name}' klaar voor {', '.join(groups) or 'de medewerkers van de gemeente'}"
    return text + (f" ({reason})" if reason else "")


def task_done(name: str) -> str:
    return f"Taak '{name}' voltooid"


def public_status(template: str, data: dict[str, Any], *, where: str = "") -> str:
    """The public status line a model declares on an element (``publiek``, of element ``where``), filled
    from its data; a placeholder the data cannot fill is left out (``fill_public``)."""
    return fill_public(template, data, where=where)


def status_for_others(done: Mapping[str, Any]) -> dict[str, str]:
    """The data of the public status line that the completed element ``done`` (``StepResult.completed``)
    writes: what a reader other than the applicant reads instead (``THIRD_PARTY``), when the line addresses
    the applicant or the model words it for them: the model's ``publiek_voor_derden``, filled from the
    element's data; else, for a line that says "u" or "uw", the event's own name ("Aanvulling ontvangen")
    or a neutral line (processes.aanspreekvorm); none (the line as it is) for a line that speaks to no one."""
    props, where = done["properties"], done["bpmn_id"]
    if own := fill_public(props.get(THIRD_PARTY_PROPERTY) or "", done["data"], where=where):
        return {THIRD_PARTY: own}
    if not addresses_reader(props.get("publiek")):
        return {}
    named = done["name"] != where and "Event" in str(done.get("type"))  # a task's name is internal
    return {THIRD_PARTY: neutral_line(done["name"] if named else None)}


def phase_changed(phase: str) -> str:
    return f"Fase: {phase}"


def case_closed(end_result: str | None) -> str:
    return "Zaak afgerond" + (f": {end_result}" if end_result else "")


#: how the "waits for" line of a case without a declared wait begins (the groups of its open tasks follow)
IN_BEHANDELING = "in behandeling bij "


def waiting_for(waits: Sequence[str], open_groups: Sequence[str], has_open_tasks: bool) -> str | None:
    """What the case waits for: the model's declared waits, else the groups holding its open tasks."""
    if waits:
        return "; ".join(dict.fromkeys(waits))
    if has_open_tasks:
        return IN_BEHANDELING + ", ".join(dict.fromkeys(open_groups or ["de gemeente"]))
    return None


def groups_in(text: str | None) -> list[str] | None:
    """The groups a "waits for" line of ``waiting_for`` names when the case has no declared wait (its open
    tasks' groups); None for a declared wait or none."""
    if not text or not text.startswith(IN_BEHANDELING):
        return None
    return text.removeprefix(IN_BEHANDELING).split(", ")
