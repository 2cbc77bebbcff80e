"""What an engine step gives back (the open tasks and what happened) and the errors a step fails with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity

from processes.errors import Conflict, RuimteflowError, ValidationError

#: An incident's text is at most this long: a script's own error text (``raise ValueError(tekst)``) may be
#: millions of characters, and lands in beheer's view, the API's answer and the database.
MAX_ERROR_TEXT = 4_000
_SHORTENED = "… (ingekort)"


class ProcessError(RuimteflowError):
    """The model failed while running (script error, missing variable): an incident. Its text is shortened
    to ``MAX_ERROR_TEXT`` characters."""

    code = "procesfout"
    title = "Fout in het proces"
    status = 422

    def __init__(self, detail: str, **extra: Any) -> None:
        if len(detail) > MAX_ERROR_TEXT:
            detail = detail[: MAX_ERROR_TEXT - len(_SHORTENED)] + _SHORTENED
        super().__init__(detail, **extra)


def properties(task_spec: Any) -> dict[str, str]:
    """The model's extension properties of an element (wacht_op, houder, termijn, ...)."""
    ext = getattr(task_spec, "extensions", None) or {}
    return dict(ext.get("properties") or {})


def task_due(bpmn_id: str, value: Any) -> str | None:
    """The term of a task (its ``termijn`` property's value) as an ISO date: a date, a datetime or an
    ISO text. Anything else is a fault in the model, named in Dutch with its element."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date().isoformat()
        except ValueError:
            pass
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise ProcessError(
        f"Element '{bpmn_id}': de eigenschap 'termijn' gaf {shown}; dat is geen datum (JJJJ-MM-DD).",
        element=bpmn_id,
    )


def choice_fields(form: dict[str, Any]) -> dict[str, list[Any]]:
    """The choice fields of a task form (a field under ``properties`` with an ``enum`` list) and their
    values in the form's order: what a ``keuzes`` property may name."""
    fields = form.get("properties")
    return {
        name: spec["enum"]
        for name, spec in (fields.items() if isinstance(fields, dict) else [])
        if isinstance(spec, dict) and isinstance(spec.get("enum"), list)
    }


def choices_fault(fields: dict[str, list[Any]], value: Any, strict: bool = False) -> str | None:
    """Why a ``keuzes`` value does not fit a form with the choice fields ``fields`` (Dutch, to follow
    "de eigenschap 'keuzes' "), or None. ``strict`` (the deploy) also refuses a listed value that is
    not one of the field's: at run time such a value is merely not offered."""
    if not isinstance(value, dict):
        return 'moet per veld een lijst van toegestane waarden geven, zoals {"actie": ["gereed"]}'
    for name, allowed in value.items():
        if name not in fields:
            return f"noemt het veld '{name}', maar het formulier heeft geen keuzeveld met die naam"
        if not isinstance(allowed, (list, tuple)):
            return f"geeft voor veld '{name}' geen lijst van waarden"
        unknown = [v for v in allowed if v not in fields[name]]
        if strict and unknown:
            return (
                f"noemt voor veld '{name}' de waarde {unknown[0]!r}, maar die staat niet in de keuzes van "
                f"het formulier ({', '.join(map(str, fields[name]))})"
            )
        if not any(v in allowed for v in fields[name]):
            return f"laat voor veld '{name}' geen enkele keuze over"
    return None


def offered_choices(bpmn_id: str, form: dict[str, Any], value: Any) -> dict[str, Any]:
    """The task's form with the choices its ``keuzes`` property leaves (``value``: {field: [values]}):
    each named field of the form with an ``enum`` keeps only the listed values, in the form's order, so
    the task page offers no other and completing with another is refused as any value outside the enum.
    A value that is no such mapping, or leaves a field no choice, is a fault in the model (the deploy
    refuses what it can see of that: expressions.check_choices). The fields of a choice left out go with
    it (``_settled``) when nothing else in the form names them (``_named``) and the form does not declare
    them for every choice (``EVERY_CHOICE``); when in doubt a field stays."""
    choices = choice_fields(form)
    reason = choices_fault(choices, value)
    if reason is not None:
        raise ProcessError(f"Element '{bpmn_id}': de eigenschap 'keuzes' {reason}.", element=bpmn_id)
    fields = dict(form["properties"])
    offered: dict[str, list[Any]] = {}
    for name, allowed in value.items():
        field, kept = fields[name], [i for i, v in enumerate(choices[name]) if v in allowed]
        fields[name] = {**field, "enum": [choices[name][i] for i in kept]}
        offered[name] = fields[name]["enum"]
        for labels in _LABELS:  # each label stays with its value (services.forms.option_labels)
            if isinstance(field.get(labels), list) and len(field[labels]) == len(choices[name]):
                fields[name][labels] = [field[labels][i] for i in kept]
    settled, dropped = _settled(form, offered)
    named = _named({k: v for k, v in settled.items() if k != "properties"})
    every = {k for k, v in fields.items() if isinstance(v, dict) and v.get(EVERY_CHOICE) is True}
    gone = set() if named is None else dropped - named - every - set(choices)
    return {**settled, "properties": {k: v for k, v in fields.items() if k not in gone}}


#: a field's annotation in a task form: it stays whatever the ``keuzes`` leave out, also when only a
#: choice left out requires it (an officer's note that 'verdagen' makes required; bpmn/MODELLING.md)
EVERY_CHOICE = "x-bij-elke-keuze"
#: the keys under which a form names the values of an enum, in its order
_LABELS = ("enumNames", "x-labels")
#: the keys of a condition in a JSON Schema
_CONDITION = ("if", "then", "else")
#: the keywords with which a part of a form may name any field
_ANY = ("$ref", "$dynamicRef", "patternProperties")


def _never(condition: Any, offered: dict[str, list[Any]]) -> bool:
    """Whether an ``if`` can no longer hold: it requires a choice field (``required``) to have a value
    (``const`` or ``enum``) that is not offered. Without ``required`` it also holds when the field is not
    sent, so it may still hold."""
    if not isinstance(condition, dict) or not isinstance(condition.get("properties"), dict):
        return False
    required = condition["required"] if isinstance(condition.get("required"), list) else []
    for name, test in condition["properties"].items():
        if name not in offered or name not in required or not isinstance(test, dict):
            continue
        wanted = [test["const"]] if "const" in test else test.get("enum")
        if isinstance(wanted, list) and not any(v in offered[name] for v in wanted):
            return True
    return False


def _named(schema: Any) -> set[str] | None:
    """The fields a part of a form's schema names: in its ``required`` and ``properties``, the keys and
    names of its ``dependentRequired``, the keys of its ``dependentSchemas``, and so in its conditions,
    ``not``, ``allOf``, ``anyOf``, ``oneOf`` and dependent schemas. None when it may name any field (a
    ``$ref``, ``patternProperties``: ``_ANY``)."""
    if not isinstance(schema, dict):
        return set()
    if any(k in schema for k in _ANY):
        return None
    names = set(_strings(schema.get("required")))
    for key in ("properties", "dependentRequired", "dependentSchemas"):
        names.update(_strings(schema.get(key)))
    lists = schema["dependentRequired"].values() if isinstance(schema.get("dependentRequired"), dict) else []
    names.update(n for listed in lists for n in _strings(listed))
    parts = [schema.get(k) for k in (*_CONDITION, "not")]
    parts += [p for k in ("allOf", "anyOf", "oneOf") if isinstance(schema.get(k), list) for p in schema[k]]
    parts += schema["dependentSchemas"].values() if isinstance(schema.get("dependentSchemas"), dict) else []
    for part in parts:
        found = _named(part)
        if found is None:
            return None
        names |= found
    return names


def _strings(value: Any) -> list[str]:
    """The texts of a list, or the keys of a mapping (the names of fields); nothing of anything else."""
    return [n for n in value if isinstance(n, str)] if isinstance(value, list | dict) else []


def _settled(form: dict[str, Any], offered: dict[str, list[Any]]) -> tuple[dict[str, Any], set[str]]:
    """``form`` without the conditions (``if``/``then``/``else``, at its top or in its ``allOf``) whose
    ``if`` can no longer hold (``_never``), and the fields their ``then`` named. Such a ``then`` is what a
    choice that is not offered requires, so its fields belong to that choice and leave the form unless
    another part still names them (bpmn/MODELLING.md, ``keuzes``); an ``else`` now always applies and
    stays in ``allOf``."""
    dropped: set[str] = set()

    def settle(part: Any) -> list[Any]:
        if not isinstance(part, dict) or not _never(part.get("if"), offered):
            return [part]
        dropped.update(_named(part.get("then")) or ())  # a then that may name any field: none go
        rest = {k: v for k, v in part.items() if k not in _CONDITION}
        return ([rest] if rest else []) + ([part["else"]] if "else" in part else [])

    head = {k: form[k] for k in _CONDITION if k in form}  # the condition at the top: a part as in allOf
    before = ([head] if head else []) + (form["allOf"] if isinstance(form.get("allOf"), list) else [])
    parts = [p for part in before for p in settle(part)]
    if parts == before:
        return form, dropped
    settled = {k: v for k, v in form.items() if k not in (*_CONDITION, "allOf")}
    return ({**settled, "allOf": parts} if parts else settled), dropped


#: the process variable that names a case's own outside organisations (OpenTask.organisations)
ORGANISATIONS_VARIABLE = "organisaties"


def case_organisations(value: Any) -> dict[str, str]:
    """The ``organisaties`` of a case's data: {party group: that organisation's own group}, e.g.
    {"Warmtebedrijf": "Warmtebedrijf Ennatuurlijk"}; empty entries are left out. Anything but a mapping of
    names to names is refused in Dutch (the step is rolled back)."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str | None) for k, v in value.items()
    ):
        raise ValidationError(
            "'organisaties' moet per partij (bijvoorbeeld Warmtebedrijf) de naam van de groep van die "
            "organisatie geven, als tekst.",
            code="organisaties-ongeldig",
            veld=ORGANISATIONS_VARIABLE,
        )
    return {k.strip(): v.strip() for k, v in value.items() if k.strip() and v and v.strip()}


class ScriptLimitError(ProcessError):
    """A script ran past its CPU budget or asked for a too large result: the step is rolled back."""

    code = "script-limiet"
    title = "Scriptlimiet overschreden"


class CorrelationMissing(ValidationError):
    code = "correlatiewaarde-ontbreekt"
    title = "Correlatiewaarde ontbreekt"
    status = 422


class NotWaiting(Conflict):
    code = "bericht-niet-verwacht"
    title = "Bericht niet verwacht"


@dataclass
class OpenTask:
    spiff_task_id: str
    bpmn_id: str
    name: str
    lane: str | None
    candidate_groups: list[str]
    form_schema: dict[str, Any] | None
    instructions: str | None
    reason: str | None
    due_on: str | None
    properties: dict[str, str]
    #: the case's own outside organisations (process variable ``organisaties``: generic party group ->
    #: that organisation's group); services/routing.py gives the task to them instead (README, Autorisatie)
    organisations: dict[str, str] = field(default_factory=dict)
    #: the multi-instances and standard loops the task is an instance of (``loop_instances``)
    loops: dict[str, str] = field(default_factory=dict)
    #: the process id of the model that draws the task (``model_of``): the case's own, or one it calls
    process_id: str = ""


def model_of(task: Any) -> str:
    """The process id of the model whose diagram holds ``task``: the process of its workflow, or, in an
    embedded subprocess (subProcess, transaction, event subprocess), the process around it; a process
    a call activity calls is a model of its own (a windpark's 'Bezwaar of beroep registreren' is
    omgevingsvergunning's)."""
    workflow = task.workflow
    while (outer := getattr(workflow, "parent_task_id", None)) is not None:
        runs_it = workflow.top_workflow.get_task_from_id(outer)
        if runs_it is None or isinstance(runs_it.task_spec, CallActivity):
            break
        workflow = runs_it.workflow
    return str(workflow.spec.name)


def loop_instances(task: Any) -> dict[str, str]:
    """The multi-instance and standard-loop tasks ``task`` runs in, at any depth (also around the
    subprocess or call activity it is in): each one's id, with the id of its instance that holds ``task``.
    Two tasks with one loop and another instance are two iterations of it, not a loop back."""
    loops: dict[str, str] = {}
    current = task
    while current is not None:
        parent = current.parent
        if parent is None:  # the root of a subprocess: on to the task that runs it
            workflow = current.workflow
            outer = getattr(workflow, "parent_task_id", None)
            current = workflow.top_workflow.get_task_from_id(outer) if outer is not None else None
            continue
        if isinstance(parent.task_spec, LoopTask):
            loops[str(parent.id)] = str(current.id)
        current = parent
    return loops


@dataclass
class StepResult:
    completed: list[dict[str, Any]] = field(default_factory=list)
    open_tasks: list[OpenTask] = field(default_factory=list)
    waiting: list[dict[str, Any]] = field(default_factory=list)
    next_timer_at: datetime | None = None
    #: the Dutch day that timer stands for and the wait it ends (services.engine.timer_milestone)
    next_timer_day: date | None = None
    next_timer_wat: str | None = None
    finished: bool = False
    phase: str | None = None
    end_result: str | None = None
    #: names of the messages the case can receive now (for the status page's forms)
    expected_messages: list[str] = field(default_factory=list)
    #: ids of waiting elements of the case's own model (a wait inside a called process shows as its call activity)
    waiting_elements: list[str] = field(default_factory=list)
    #: ids of engine steps (no user task, no fired timer) left ready that no step will run: a branch that
    #: stands still while others may wait (services.step_effects.stuck)
    stalled: list[str] = field(default_factory=list)
    #: a delivered message (``send_message``): the process variables its model's catches store it in
    #: (message_checks.caught_into), empty when one merges it into the process data
    message_variables: tuple[str, ...] = ()


def wrapped(exc: BaseException) -> BaseException | None:
    """The error a WorkflowTaskException wraps (SpiffWorkflow raises it while handling the original)."""
    return getattr(exc, "exception", None) or exc.__cause__ or exc.__context__


def _element(task: Any) -> tuple[str | None, str]:
    """The id and name of the failing element. A multi-instance's name is on its instances' spec."""
    spec = getattr(task, "task_spec", None)
    name = getattr(spec, "bpmn_name", None)
    child = getattr(spec, "task_spec", None)  # a multi-instance names its instances' spec
    if not name and isinstance(child, str):
        specs = getattr(getattr(getattr(task, "workflow", None), "spec", None), "task_specs", {})
        name = getattr(specs.get(child), "bpmn_name", None)
    return getattr(spec, "bpmn_id", None), name or ""


def element_of(task: Any) -> tuple[str | None, str]:
    """The id of ``task``'s element and how an error names it: "element 'id' (Naam)"."""
    bpmn_id, name = _element(task)
    return bpmn_id, f"element '{bpmn_id or '?'}'" + (f" ({name})" if name else "")
