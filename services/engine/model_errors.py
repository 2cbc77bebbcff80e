"""What a failing model's step raises: a Dutch explanation per kind of fault SpiffWorkflow reports, told
apart by its exception's type and attributes (the failing task's spec, the Python error it wraps, the
script line it carries), never by its English text, naming the element ("element 'gw' (Route)")."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowDataException
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.exceptions import WorkflowException

from processes.errors import RuimteflowError

from .outcome import ProcessError, ScriptLimitError, element_of, wrapped
from .scripting import ScriptLimitExceeded

#: a Python error in a script or expression, in Dutch (the error's own text follows it)
_PYTHON: dict[type[BaseException], str] = {
    ZeroDivisionError: "een deling door nul",
    TypeError: "een bewerking met een waarde van de verkeerde soort, zoals tekst plus een getal",
    KeyError: "een sleutel die niet in de gegevens staat",
    IndexError: "een positie buiten de lijst",
    AttributeError: "een eigenschap die de waarde niet heeft",
    ValueError: "een ongeldige waarde",
}


def task_error(exc: Any) -> ProcessError:
    """The error of a failing task (a WorkflowTaskException) as a domain error naming the element."""
    task = getattr(exc, "task", None)
    bpmn_id, where = element_of(task)
    inner = wrapped(exc)
    line = getattr(exc, "line_number", 0) or 0
    if isinstance(inner, ScriptLimitExceeded):
        at = f", regel {line}" if line else ""
        return ScriptLimitError(
            f"Scriptlimiet in {where}{at}: {inner.detail}", element=bpmn_id, regelnummer=line or None
        )
    if isinstance(inner, NameError) and getattr(inner, "name", None):
        at = f", regel {line} van het script" if line else ""
        return ProcessError(
            f"Fout in {where}{at}: de naam '{inner.name}' bestaat niet in de zaakgegevens of de "
            "toegestane functies (NameError).",
            element=bpmn_id,
        )
    spec = getattr(task, "task_spec", None)
    reason = _multi_instance(spec, exc)
    if reason is None:
        reason = _without_inner(spec) if inner is None else _python_error(spec, exc, inner)
    if reason is not None:
        return ProcessError(f"Fout in {where}: {reason}", element=bpmn_id)
    # SpiffWorkflow's message starts with the error type already ("NameError:..."): write it once
    return ProcessError(f"Fout in {where}: {exc}".strip(), element=bpmn_id)


def workflow_error(exc: WorkflowException) -> ProcessError:
    """The error of a failing element that SpiffWorkflow names only by its spec (no task)."""
    spec = exc.task_spec
    if isinstance(spec, ExclusiveGateway):
        bpmn_id, where = spec_element(spec)
        return ProcessError(f"Fout in {where}: {no_condition(spec)}", element=bpmn_id)
    return ProcessError(f"Fout in het proces: {exc}")


def spec_element(spec: Any) -> tuple[str | None, str]:
    """The id of the element ``spec`` and how an error names it, as ``element_of`` names a task's."""
    bpmn_id, name = getattr(spec, "bpmn_id", None), getattr(spec, "bpmn_name", None)
    return bpmn_id, f"element '{bpmn_id or '?'}'" + (f" ({name})" if name else "")


def no_condition(spec: Any) -> str:
    """Why a gateway ``spec`` found no way out: none of its conditions held and it has no default flow."""
    kind = "inclusieve" if isinstance(spec, InclusiveGateway) else "exclusieve"
    return (
        f"geen van de voorwaarden op de uitgaande stromen van deze {kind} gateway is waar, en de gateway "
        "heeft geen standaardstroom, dus het proces kan hier niet verder. Geef de gateway een standaardstroom "
        "of pas de voorwaarden aan, en migreer de zaak naar die versie. Hangt een voorwaarde af van wat in de "
        "taak is ingevuld, dan kan de taak ook met andere gegevens worden voltooid; dat lost het incident op."
    )


def _without_inner(spec: Any) -> str | None:
    """A fault SpiffWorkflow finds itself (it wraps no Python error): a gateway without a way out, a call
    activity whose process is missing."""
    if isinstance(spec, InclusiveGateway | ExclusiveGateway):
        return no_condition(spec)
    if isinstance(spec, SubWorkflowTask):
        return f"het aangeroepen proces '{getattr(spec, 'spec', '?')}' is niet gevonden bij deze versie."
    return None


def _python_error(spec: Any, exc: Any, inner: BaseException) -> str | None:
    """A Python error in the element's script (``exc`` has the line) or one of its expressions (a
    gateway's condition, a property), explained in Dutch with the error's own text after it."""
    if isinstance(inner, RuimteflowError):
        return None  # a service's own refusal, in its own words
    kind = next((text for cls, text in _PYTHON.items() if isinstance(inner, cls)), None)
    said = f"{type(inner).__name__}: {inner}" if str(inner) else type(inner).__name__
    what = f"een fout ({said})" if kind is None else f"{kind} ({said})"
    if getattr(exc, "error_line", None) is not None:  # SpiffWorkflow sets it for a script only
        line = getattr(exc, "line_number", 0) or 0
        return f"regel {line} van het script gaf {what}." if line else f"het script gaf {what}."
    if isinstance(spec, InclusiveGateway | ExclusiveGateway):
        return f"een voorwaarde op een uitgaande stroom van deze gateway gaf {what}."
    return f"een expressie van dit element gaf {what}."


#: a multi-instance that cannot start: the name of each instance's item is already in the case data
_ITEM_LEFT = (
    "de multi-instance kan niet starten: de zaakgegevens bevatten al '{1}', de naam van het {0} van elke "
    "instantie. Meestal heeft een eerdere multi-instance die laten staan (zie bpmn/MODELLING.md, "
    "'Multi-instance data and call activities')."
)


def _multi_instance(spec: Any, exc: Any) -> str | None:
    """A multi-instance whose input or output item is already in the data: SpiffWorkflow refuses to start
    it (MultiInstanceTask.create_child, a WorkflowDataException); the same test finds which item."""
    task = getattr(exc, "task", None)
    if not isinstance(exc, WorkflowDataException) or not isinstance(spec, MultiInstanceTask) or task is None:
        return None
    for item, kind in ((spec.input_item, "invoeritem"), (spec.output_item, "uitvoeritem")):
        if item is not None and item.exists(task):
            return _ITEM_LEFT.format(kind, item.bpmn_id)
    return None
