"""Deploy-time checks of every script and expression a model carries, with the sandbox's own compiler.

A forbidden construct, a syntax error, a form that is not a JSON Schema object or a timer literal that
is no ISO 8601 moment or duration is refused at deploy, with the file, the element id, the line in the
file and a Dutch reason, instead of failing in a running case. An expression in another language is
refused naming that language (FEEL, XPath, JUEL, Quartz cron) rather than as a Python syntax error.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lxml import etree

from processes import strikte_json

from . import choice_literals
from .choice_literals import listed_choices
from .feel import feel_test
from .outcome import choice_fields, choices_fault
from .scripting import script_problems
from .timeclock import timer_fault
from .timer_floor import floor_fault
from .xml_nodes import local_name, owner

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
JUEL = re.compile(r"[$#]\{")
#: XPath functions of the BPMN specification (bpmn:getDataObject, bpmn:getActivityProperty, ...).
XPATH = re.compile(r"\bbpmn:get\w+\s*\(")
#: A Quartz (6-7 fields) or Unix (5 fields) cron line such as ``0/5 0/1 * 1/1 * ?``.
CRON = re.compile(r"^[0-9A-Za-z*?/,#-]+(?:\s+[0-9A-Za-z*?/,#-]+){4,6}$")
TIMER_ELEMENTS = ("timeDate", "timeDuration", "timeCycle")
#: Parts of a ``language`` attribute and the language they name.
DECLARED_LANGUAGES = (("xpath", "XPath"), ("feel", "FEEL"), ("juel", "JUEL"), ("javascript", "JavaScript"))

#: BPMN elements whose text is an expression (eval) or a script (exec).
BPMN_EXPRESSIONS = {
    "conditionExpression": "eval",
    "condition": "eval",
    "script": "exec",
    "timeDate": "eval",
    "timeDuration": "eval",
    "timeCycle": "eval",
    "completionCondition": "eval",
    "loopCardinality": "eval",
    "formalExpression": "eval",
    "messagePath": "eval",
}
#: SpiffWorkflow extension elements whose text is a script or an expression.
SPIFF_EXPRESSIONS = {
    "preScript": "exec",
    "postScript": "exec",
    "messagePayload": "eval",
    "payloadExpression": "eval",
}
#: Element properties (spiffworkflow:property) our runtime evaluates as expressions.
EXPRESSION_PROPERTIES = ("kandidaatgroepen", "termijn", "keuzes")


def problem_at(
    problems: list[dict[str, Any]], filename: str, node: Any, text: str, line: int | None = -1
) -> None:
    """A problem at the element that holds ``node`` (at the node's line unless ``line`` is given); a timer
    is named by its event, not by the inner timerEventDefinition."""
    named = owner(node)
    if named is not None and local_name(named.tag) == "timerEventDefinition":
        named = owner(named.getparent())
    problems.append(
        {
            "bestand": filename,
            "element": named.get("id") if named is not None else None,
            "naam": named.get("name") if named is not None else None,
            "regel": node.sourceline if line == -1 else line,
            "probleem": text,
        }
    )


def _add(problems: list[dict[str, Any]], filename: str, node: Any, line: int | None, text: str) -> None:
    problem_at(problems, filename, node, text, line)


def _check_code(problems: list[dict[str, Any]], filename: str, node: Any, source: str, mode: str) -> None:
    """Compile one script or expression; report each refusal at its line in the file."""
    body = source.strip() if mode == "eval" else source
    leading = source[: len(source) - len(source.lstrip())].count("\n") if mode == "eval" else 0
    if mode == "exec" and not body.strip():
        return
    if mode == "exec" and body[:1].isspace():  # SpiffWorkflow runs what the element holds; keep the
        leading = body[: len(body) - len(body.lstrip())].count("\n")  # old leniency for leading newlines
        body = body.lstrip("\n")
    for line, reason in script_problems(body, mode):
        at = (node.sourceline or 0) + leading + (line or 1) - 1 if node.sourceline else None
        where = f"regel {line} van het script: " if mode == "exec" and line else ""
        _add(problems, filename, node, at, f"{where}{reason} ('{body.strip()[:80]}')")


def constant_value(body: str) -> tuple[bool, Any]:
    """(True, value) for an expression that is a constant (a literal), else (False, None)."""
    try:
        return True, ast.literal_eval(body)
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        return False, None


def _check_constant(problems: list[dict[str, Any]], filename: str, node: Any, body: str) -> None:
    """A timer or ``termijn`` given as a constant must be what the runtime reads: a timer the ISO 8601
    value of its kind (timeclock.timer_fault) waiting at least the floor, a termijn a date (outcome.task_due)."""
    constant, value = constant_value(body)
    if not constant:
        return  # an expression: its names are checked with the bundle (data_names)
    kind = local_name(node.tag)
    if kind in TIMER_ELEMENTS:
        fault = timer_fault(kind, value)
        if fault is not None and kind == "timeDuration" and timer_fault("timeDate", value) is None:
            fault += "; voor een vaste datum gebruikt u een timer met timeDate"
        fault = fault or floor_fault(kind, value)  # a wait shorter than the floor (timer_floor)
    else:
        fault = None if _is_date(value) else (
            f"De eigenschap 'termijn' is '{body[:80]}', geen datum (JJJJ-MM-DD): gebruik een datum zoals "
            '"2026-03-10" of een berekening zoals werkdagen_termijn(vandaag(), 10)'
        )  # fmt: skip
    if fault is not None:
        problem_at(problems, filename, node, fault)


def check_choices(problems: list[dict[str, Any]], filename: str, node: Any, body: str) -> None:
    """A task's ``keuzes`` (MODELLING.md) must fit its ``formulier``, as the runtime reads it
    (outcome.offered_choices): a constant in full, an expression by the field names and the values it
    lists literally (``{"actie": ["a"] if x else ["a", "b"]}``), so renaming a choice in the form
    without the keuzes is refused here instead of stopping the case."""
    task = owner(node)
    forms = [p.get("value") for p in task.iter(f"{{{SPIFF_NS}}}property") if p.get("name") == "formulier"]
    if not any(forms):
        fault: str | None = (
            "werkt alleen op een taak met een 'formulier' (de keuzes beperken de keuzevelden daarvan)"
        )
    else:
        try:
            form = json.loads(forms[0])
        except (ValueError, RecursionError):
            return  # refused as a form (_check_form)
        fields = choice_fields(form) if isinstance(form, dict) else {}
        constant, value = constant_value(body)
        listed = value if constant else listed_choices(body, fields)
        fault = (
            "is te diep genest om te controleren; schrijf haar korter (zonder lange ketens van '+')"
            if listed is choice_literals.TOO_DEEP
            else choices_fault(fields, listed, strict=True)
        )
    if fault is not None:
        problem_at(problems, filename, node, f"De eigenschap 'keuzes' {fault}")


def _is_date(value: Any) -> bool:
    try:
        datetime.fromisoformat(value.strip())
    except (AttributeError, TypeError, ValueError):
        return False
    return True


def expression_nodes(root: Any) -> Iterator[tuple[Any, str, str]]:
    """(node, text, mode) of every script and expression in a BPMN tree."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        qn = etree.QName(node)
        if qn.namespace == BPMN_NS and qn.localname in BPMN_EXPRESSIONS:
            yield node, node.text or "", BPMN_EXPRESSIONS[qn.localname]
        elif qn.namespace == SPIFF_NS and qn.localname in SPIFF_EXPRESSIONS:
            yield node, node.text or "", SPIFF_EXPRESSIONS[qn.localname]
        elif qn.namespace == SPIFF_NS and qn.localname == "parameter" and node.get("value"):
            yield node, node.get("value"), "eval"
        elif qn.namespace == SPIFF_NS and qn.localname == "property":
            if node.get("name") in EXPRESSION_PROPERTIES and node.get("value"):
                yield node, node.get("value"), "eval"


def foreign_language(node: Any, text: str) -> str | None:
    """A Dutch refusal naming the expression language of ``text`` when it is not Python: a
    ``language`` attribute that names another language, JUEL, FEEL, XPath or a Quartz cron timer."""
    body = text.strip()
    declared = (node.get("language") or "").lower()
    named = next((name for key, name in DECLARED_LANGUAGES if key in declared), None)
    if named is None and declared and "python" not in declared:
        named = node.get("language")
    if named is None and JUEL.search(body):
        named = "JUEL"
    elif named is None and body.startswith("="):
        named = "FEEL"
    elif named is None and XPATH.search(body):
        named = "XPath"
    if named is not None:
        camunda = " (Camunda)" if named == "JUEL" else ""
        return (
            f"{named}-expressie{camunda} '{body[:80]}' wordt niet ondersteund; gebruik een Python-expressie"
        )
    quoted = len(body) > 1 and body[:1] in "'\"" and body[-1:] == body[:1]
    cron = body[1:-1].strip() if quoted else body
    if (
        local_name(node.tag) in TIMER_ELEMENTS
        and CRON.match(cron)
        and (quoted or script_problems(body, "eval"))  # 'a * 2 - 1 * 3' is Python, not cron
    ):
        return (
            f"Timer in cron-notatie (Quartz) '{cron}' wordt niet ondersteund; gebruik een "
            'ISO 8601-tijdstip, -duur of -herhaling, zoals "R/PT5M"'
        )
    return None


def check_expressions(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    for node, text, mode in expression_nodes(root):
        foreign = foreign_language(node, text)
        if foreign is not None:
            _add(problems, filename, node, node.sourceline, foreign)
            continue
        timer = local_name(node.tag) if local_name(node.tag) in TIMER_ELEMENTS else None
        if not text.strip():
            if timer is not None:
                fault = timer_fault(timer, "") or ""
                problem_at(
                    problems, filename, node, f"De timer ({timer}) is leeg" + fault[fault.index(":") :]
                )
            continue
        before = len(problems)
        _check_code(problems, filename, node, text, mode)
        refused = len(problems) > before  # e.g. "te diep genest": not checked further
        if timer is not None or (local_name(node.tag) == "property" and node.get("name") == "termijn"):
            _check_constant(problems, filename, node, text.strip())
        if local_name(node.tag) == "property" and node.get("name") == "keuzes" and not refused:
            check_choices(problems, filename, node, text.strip())
    for node in root.iter(f"{{{SPIFF_NS}}}property"):
        if node.get("name") == "formulier" and node.get("value"):
            _check_form(problems, filename, node, node.get("value"))
        if node.get("name") in ("documenten", "besluit"):
            _check_documents(problems, filename, node, node.get("value") or "")


def _check_documents(problems: list[dict[str, Any]], filename: str, node: Any, text: str) -> None:
    """Required documents (type codes) or the outcomes of a besluit: a non-empty JSON list of strings."""
    name = node.get("name")
    try:
        codes = json.loads(text)
    except ValueError as exc:
        _add(problems, filename, node, node.sourceline, f"Eigenschap '{name}' is geen geldige JSON ({exc})")
        return
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) and c.strip() for c in codes):
        message = f"Eigenschap '{name}' moet een JSON-lijst van codes zijn, bijvoorbeeld "
        _add(problems, filename, node, node.sourceline, message + '["advies"]')


#: the refusal of a form nested deeper than strict JSON allows (no form needs it: the deepest is about 7)
FORM_TOO_DEEP = f"Eigenschap 'formulier' is {strikte_json.TOO_DEEP}"


def _check_form(problems: list[dict[str, Any]], filename: str, node: Any, text: str) -> None:
    """A task form is a JSON Schema object."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    from services.form_patterns import deploy_fault

    try:
        schema = json.loads(text)
    except ValueError as exc:
        _add(
            problems, filename, node, node.sourceline, f"Eigenschap 'formulier' is geen geldige JSON ({exc})"
        )
        return
    except RecursionError:  # nested past the parser's own reach
        problem_at(problems, filename, node, FORM_TOO_DEEP)
        return
    if strikte_json.too_deep(schema):  # the schema's validator and the form's readers recurse per level
        problem_at(problems, filename, node, FORM_TOO_DEEP)
        return
    if not isinstance(schema, dict):
        _add(
            problems,
            filename,
            node,
            node.sourceline,
            "Eigenschap 'formulier' moet een JSON-object (JSON Schema) zijn",
        )
        return
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        _add(
            problems,
            filename,
            node,
            node.sourceline,
            f"Eigenschap 'formulier' is geen geldig JSON Schema: {exc.message}",
        )
        return
    # the patterns first (RE2 reads them): _accepts_empty matches the schema's patterns
    fault = deploy_fault(schema) or _form_fault(schema)
    if fault is not None:
        problem_at(problems, filename, node, f"Eigenschap 'formulier': {fault}")


def _form_fault(schema: dict[str, Any]) -> str | None:
    """Why a valid JSON Schema cannot be a task form: a ``$ref`` points outside the schema or to a part
    of it that does not exist, the fields sit behind a ``$ref`` at the top (the task page shows only the
    top ``properties``), or it does not describe an object (the form gives fields). A schema without
    type and fields that an empty answer satisfies (``{}``) is a form without fields: a confirmation."""
    for ref in _refs(schema):
        if not ref.startswith("#"):
            return (
                f"'$ref': '{ref[:80]}' verwijst buiten het formulier; alleen een verwijzing binnen het "
                "formulier (#/$defs/...) kan"
            )
        if not _resolves(schema, ref):
            return f"'$ref': '{ref[:80]}' verwijst naar een onderdeel dat niet in het formulier staat"
    if "properties" not in schema and ({"$ref", "$dynamicRef"} & schema.keys()):
        return (
            "de velden staan achter een '$ref' bovenaan het formulier, en de taakpagina toont alleen de "
            'velden onder "properties": zet "type": "object" en de velden in "properties" bovenaan (een '
            "'$ref' per veld kan wel)"
        )
    kind = schema.get("type", "object" if isinstance(schema.get("properties"), dict) else None)
    if kind is None and _accepts_empty(schema):
        return None
    if kind != "object":
        shown = f"type '{kind}'" if kind is not None else "geen type en geen properties"
        return (
            f'het formulier moet een JSON Schema van een object zijn ("type": "object" met "properties"), '
            f"want een taakformulier levert velden; nu: {shown}"
        )
    return None


def _accepts_empty(schema: dict[str, Any]) -> bool:
    """Whether the answer of a form without fields (``{}``) is valid against ``schema``."""
    from services.form_patterns import FormValidator

    return bool(FormValidator(schema).is_valid({}))


def _refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` and ``$dynamicRef`` in a schema, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolves(schema: dict[str, Any], ref: str) -> bool:
    from referencing import Registry
    from referencing.exceptions import Unresolvable
    from referencing.jsonschema import DRAFT202012

    resolver = Registry().resolver_with_root(DRAFT202012.create_resource(schema))
    try:
        resolver.lookup(ref)
    except Unresolvable:
        return False
    return True


def check_dmn_expressions(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """DMN input expressions and output entries are expressions; input entries are expressions or
    unary tests such as '< 2' (SpiffWorkflow puts the input in front of those)."""
    for node in root.iter():
        kind = local_name(node.tag)
        if kind not in ("inputExpression", "inputEntry", "outputEntry"):
            continue
        text_node = next((c for c in node if local_name(c.tag) == "text"), None)
        text = (text_node.text if text_node is not None else None) or ""
        if not text.strip() or text.strip() == "-":
            continue
        if kind == "inputEntry" and text_node is not None and (feel := feel_test(text)) is not None:
            _add(problems, filename, text_node, text_node.sourceline, feel)
            continue
        if kind == "inputEntry":
            text = re.sub(r"(\?)(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)", "dmninputexpr", text)
            try:
                ast.parse(text.strip(), mode="eval")
            except SyntaxError:
                text = f"dmninputexpr {text.strip()}"
        _check_code(problems, filename, text_node, text, "eval")
