"""Convert Camunda 7 BPMN/DMN models into Ruimteflow models, with a report of every change.

The conversion is a pure XML transformation and never changes meaning silently. Every Camunda
construct is either translated to something that means the same here, turned into visible manual
work, dropped with a reason, or left untouched, so that deploy validation refuses it and names it.

- JUEL ``${...}`` in a small subset (names, literals, comparisons, ``&& || ! and or not empty``,
  parentheses, ``a.b`` read as ``a["b"]``) becomes Python; anything else (method calls, arithmetic,
  ``execution``) is left in place.
- Listeners are dropped. The element gets a ``niet_overgenomen`` property and an XML comment.
- Service, send and foreign-script tasks become manual tasks named "... (handmatig, was: <code>)".
  A pure literal such as ``${true}`` becomes a no-op script task instead. (A plain ``bpmn:task`` is a
  manual task in SpiffWorkflow, so it would land in someone's inbox.)
- ``camunda:candidateGroups`` becomes the ``kandidaatgroepen`` property. ``camunda:decisionRef``
  becomes ``spiffworkflow:calledDecisionId``, and ``decisionResult`` mappings become a post-script.
- DMN: FEEL unary tests become SpiffWorkflow's ``?`` tests (``[1..20]`` -> ``1 <= ? <= 20``). An
  empty input expression takes ``camunda:inputVariable`` as its input; the report states that assumption.
"""

from __future__ import annotations

import json
import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from processes.errors import ValidationError

from . import deploy as dep

BPMN = dep.BPMN_NS
CAMUNDA = dep.CAMUNDA_NS
CAMUNDA_DMN = "http://camunda.org/schema/1.0/dmn"
MODELER = "http://camunda.org/schema/modeler/1.0"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"

VERTAALD, HANDMATIG, NIET_OVERGENOMEN, NIET_VERTAALD, GENEGEERD = ACTIONS = (
    "vertaald", "handmatig", "niet overgenomen", "niet vertaald", "genegeerd"
)  # fmt: skip
# Camunda settings without effect on the course of a process here (engine tuning, modeller metadata).
TECHNICAL = set(
    "asyncBefore asyncAfter exclusive jobPriority taskPriority modelerTemplate modelerTemplateVersion "
    "diagramRelationId versionTag historyTimeToLive isStartableInTasklist failedJobRetryTimeCycle".split()
)
# Why something was dropped or changed (Dutch, shown to the modeller).
REASONS = {
    "assignee": "Ruimteflow wijst taken niet vanuit het model toe; de taak gaat naar de kandidaatgroepen (of de lane)",
    "candidateUsers": "Ruimteflow kent alleen kandidaatgroepen, geen kandidaat-gebruikers",
    "formKey": "het Camunda-formulier is hier niet beschikbaar; de taak krijgt geen formulier "
    "(voeg zo nodig een eigenschap 'formulier' met een JSON Schema toe)",
    "dueDate": "gebruik de eigenschap 'termijn'",
    "followUpDate": "Ruimteflow kent geen opvolgdatum",
    "priority": "Ruimteflow kent geen taakprioriteit",
    "initiator": "de starter wordt niet als procesvariabele gezet",
    "candidateStarterGroups": "wie een zaak mag starten volgt niet uit het model",
    "candidateStarterUsers": "wie een zaak mag starten volgt niet uit het model",
    "properties": "metagegevens voor Camunda-plugins (bijv. e-mailsjablonen)",
    "inputOutput": "Camunda-variabelenmapping; in Ruimteflow ziet elke taak alle zaakgegevens",
    "formData": "formuliervelden; voeg zo nodig een eigenschap 'formulier' (JSON Schema) toe",
    "other": "Camunda-uitbreiding zonder tegenhanger in Ruimteflow",
    "technical": "technische Camunda-instelling of metagegevens van Camunda Modeler",
    "listener": "Ruimteflow voert geen Camunda-listeners uit; deze code draait niet meer.",
    "set_variable": " De listener zette {names}: lever die waarde zelf aan (bij het starten van de zaak of bij "
    "het afronden van een taak).",
    "noop": "letterlijke waarde zonder werking; een bpmn:task is in SpiffWorkflow een handmatige taak, "
    "daarom een lege scripttaak",
    "manual": "Ruimteflow kan deze Camunda-code niet uitvoeren; een medewerker doet nu dit werk ({who})",
    "no_lane": "zonder lane heeft de taak geen kandidaatgroep en staat ze alleen in het totaaloverzicht; "
    "voeg zo nodig 'kandidaatgroepen' toe",
    "result_manual": "geef de uitkomst mee als gegevens bij het afronden van de taak",
    "decision": "SpiffWorkflow zet alle uitvoerkolommen ({outputs}) direct in de zaakgegevens; als geen regel "
    "past, ontbreken ze (Camunda: null)",
    "decision_dynamic": "dynamische verwijzing naar een beslistabel; deploy weigert dit element tot het met de "
    "hand is aangepast",
    "binding": "de beslistabel uit dezelfde deployment wordt gebruikt",
    "result_form": "deze vorm van beslisresultaat wordt niet vertaald",
    "column": "SpiffWorkflow zet uitvoerkolom '{column}' zelf in de gegevens",
    "groups": "{error}; de lane bepaalt nu de groep",
    "language": "alleen Python- en eenvoudige JUEL-expressies worden vertaald",
    "timer": "timers zijn hier Python-expressies: ISO-tekst tussen aanhalingstekens",
    "by_hand": "{error}; pas de expressie met de hand aan naar Python (deploy weigert het model tot dan)",
    "not_executable": "proces blijft in het model (bijv. een tweede pool), maar wordt niet gedeployed",
    "hit_policy": "SpiffWorkflow kent UNIQUE, FIRST en COLLECT zonder aggregatie; hier geldt de eerste "
    "passende regel",
    "unique": "bij meerdere passende regels geeft SpiffWorkflow de eerste (Camunda: een fout of controle)",
    "input_variable": "de invoerexpressie is leeg; aangenomen is dat de invoer variabele '{var}' is. Controleer "
    "dit.",
}
PYTHON_FORMATS = {"python", "py", "text/x-python"}
SET_VARIABLE = re.compile(r"\.setVariable(?:Local)?\(\s*[\"']([^\"']+)[\"']")
DECISION_RESULT = re.compile(
    r"\s*\$\{\s*decisionResult\.(?:(?:getSingleResult\(\)|singleResult)"
    r"(?:\.(\w+)|\.get\(\s*[\"'](\w+)[\"']\s*\))|getSingleEntry\(\)|singleEntry)\s*\}\s*"
)
ISO_TIME = re.compile(r"[RP0-9][0-9A-Za-z:.,+\-/]*")


class NotTranslatable(Exception):
    """The expression is outside the translatable subset; the message says why (Dutch)."""


# -- JUEL -> Python -----------------------------------------------------------------------------------
_WRAP = re.compile(r"\s*[$#]\{(.*)\}\s*", re.S)
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.\d*(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
    r"|(?P<op>==|!=|<=|>=|&&|\|\||[<>!().\-])|(?P<name>[A-Za-z_$][\w$]*)|(?P<bad>\S))"
)
_WORD_OPS = dict(zip("and or not eq ne lt gt le ge empty && || !".split(),
                     "and or not == != < > <= >= empty and or not".split(), strict=True))  # fmt: skip
_LITERALS = {"true": "True", "false": "False", "null": "None"}
_CAMUNDA_OBJECTS = set(
    "execution task authenticatedUserId decisionResult connector variableScope externalTask caseExecution "
    "div mod instanceof".split()
)


@dataclass
class Juel:
    python: str
    notes: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)


def _paren(text: str, compound: bool) -> str:
    return f"({text})" if compound else text


class _JuelParser:
    """Recursive descent over the subset; binary results are parenthesised to keep JUEL precedence."""

    def __init__(self, body: str):
        self.tokens: list[tuple[str, str]] = []
        for m in _TOKEN.finditer(body):
            kind = m.lastgroup or "bad"
            text = m.group(kind)
            if kind == "bad":
                raise NotTranslatable(
                    f"'{text}' (rekenen, ternair of lijst/map) valt buiten de vertaalbare subset"
                )
            if kind in ("op", "name") and text in _WORD_OPS:
                kind, text = "op", _WORD_OPS[text]
            elif kind == "name" and text in _LITERALS:
                kind, text = "lit", _LITERALS[text]
            self.tokens.append((kind, text))
        self.i = 0
        self.result = Juel("")

    def peek(self, *ops: str) -> bool:
        return self.i < len(self.tokens) and self.tokens[self.i][0] == "op" and self.tokens[self.i][1] in ops

    def take(self) -> tuple[str, str]:
        if self.i >= len(self.tokens):
            raise NotTranslatable("expressie houdt onverwacht op")
        self.i += 1
        return self.tokens[self.i - 1]

    def parse(self) -> Juel:
        text, _ = self.level(0)
        if self.i < len(self.tokens):
            raise NotTranslatable(f"onverwacht '{self.tokens[self.i][1]}'")
        self.result.python = text
        return self.result

    LEVELS = (("or",), ("and",), ("==", "!="), ("<", "<=", ">", ">="))

    def level(self, n: int) -> tuple[str, bool]:
        if n == len(self.LEVELS):
            return self.unary()
        left, compound = self.level(n + 1)
        while self.peek(*self.LEVELS[n]):
            op = self.take()[1]
            right, rc = self.level(n + 1)
            left, compound = f"{_paren(left, compound)} {op} {_paren(right, rc)}", True
        return left, compound

    def unary(self) -> tuple[str, bool]:
        if self.peek("not"):
            self.take()
            text, compound = self.unary()
            return f"not {_paren(text, compound)}", True
        if self.peek("empty"):
            self.take()
            text, compound = self.unary()
            x = _paren(text, compound)
            return f'({x} is None or {x} in ("", [], {{}}))', False
        if self.peek("-"):
            self.take()
            kind, text = self.take()
            if kind != "num":
                raise NotTranslatable("rekenen ('-') valt buiten de vertaalbare subset")
            return f"-{_number(text)}", False
        return self.primary()

    def primary(self) -> tuple[str, bool]:
        kind, text = self.take()
        if kind == "num":
            return _number(text), False
        if kind == "str":
            return json.dumps(re.sub(r"\\(.)", r"\1", text[1:-1]), ensure_ascii=False), False
        if kind == "lit":
            return text, False
        if kind == "op" and text == "(":
            inner = self.level(0)
            if not self.peek(")"):
                raise NotTranslatable("haakje ')' ontbreekt")
            self.take()
            return inner
        if kind != "name":
            raise NotTranslatable(f"onverwacht '{text}'")
        if text in _CAMUNDA_OBJECTS or text.startswith("_") or "$" in text or keyword.iskeyword(text):
            raise NotTranslatable(f"'{text}' is een Camunda-object of geen bruikbare naam")
        path = [text]
        while self.peek("."):
            self.take()
            kind, attr = self.take()
            if kind != "name" or attr.startswith("_"):
                raise NotTranslatable(f"onverwacht '{attr}' na '.'")
            path.append(attr)
        if self.peek("("):
            raise NotTranslatable(f"methode-aanroep '{'.'.join(path)}(...)' wordt niet vertaald")
        self.result.names.add(text)
        python = text + "".join(f'["{p}"]' for p in path[1:])
        if len(path) > 1:
            self.result.notes.append(
                f"'{'.'.join(path)}' gelezen als {python} (eigenschap van een JSON-object)"
            )
        return python, False


def _number(text: str) -> str:
    return str(int(text)) if text.isdigit() else text


def juel_to_python(text: str) -> Juel:
    """Translate one ``${...}``/``#{...}`` expression; raises NotTranslatable with the reason."""
    m = _WRAP.fullmatch(text)
    if not m or "${" in m.group(1) or "#{" in m.group(1):
        raise NotTranslatable("geen enkelvoudige JUEL-expressie (tekst met ${...} erin)")
    return _JuelParser(m.group(1)).parse()


# -- FEEL unary tests (DMN input entries) -> SpiffWorkflow '?' tests -----------------------------------
_RANGE = re.compile(r"([\[\]\(])\s*(.+?)\s*\.\.\s*(.+?)\s*([\[\]\)])", re.S)


def _feel_value(text: str, input_var: str | None) -> str:
    v = text.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", v):
        return v if "." in v else str(int(v))
    if v in _LITERALS:
        return _LITERALS[v]
    if re.fullmatch(r'"(?:[^"\\]|\\.)*"', v):
        return json.dumps(json.loads(v), ensure_ascii=False)
    if re.fullmatch(r"[A-Za-z]\w*(\.[A-Za-z]\w*)*", v):
        return "?" if v == input_var else juel_to_python("${" + v + "}").python
    raise NotTranslatable(f"FEEL-waarde '{v}' (bijv. datum of functie) wordt niet vertaald")


def _split_top(text: str) -> list[str]:
    parts, depth, quoted, cur = [], 0, False, ""
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([":
            depth += 1
        elif not quoted and ch in ")]":
            depth -= 1
        if ch == "," and depth <= 0 and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [*parts, cur]


def feel_test_to_python(text: str, input_var: str | None = None) -> str | None:
    """A FEEL unary test as a '?' expression (None = any value)."""
    t = text.strip()
    if t in ("", "-"):
        return None
    negated = re.fullmatch(r"not\s*\((.*)\)", t, re.S)
    tests = []
    for part in _split_top(negated.group(1) if negated else t):
        p = part.strip()
        if m := _RANGE.fullmatch(p):
            low, high = _feel_value(m[2], input_var), _feel_value(m[3], input_var)
            tests.append(f"{low} {'<=' if m[1] == '[' else '<'} ? {'<=' if m[4] == ']' else '<'} {high}")
        elif m := re.fullmatch(r"(<=|>=|<|>)\s*(.+)", p, re.S):
            tests.append(f"? {m[1]} {_feel_value(m[2], input_var)}")
        else:
            tests.append(f"? == {_feel_value(p, input_var)}")
    joined = tests[0] if len(tests) == 1 else " or ".join(f"({x})" for x in tests)
    return f"not ({joined})" if negated else joined


# -- report ---------------------------------------------------------------------------------------------
def _local(node: Any) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _ns(node_or_attr: Any) -> str:
    return etree.QName(node_or_attr).namespace or ""


class _Report:
    """Changes per element of one file, in document order."""

    def __init__(self, filename: str):
        self.filename = filename
        self.elements: dict[str, dict[str, Any]] = {}

    def add(
        self, node: Any, actie: str, construct: str, origineel: Any, nieuw: Any = None, reden: str = ""
    ) -> None:
        owner = dep._owner(node)
        owner = node if owner is None else owner
        key = owner.get("id") or "-"
        entry = self.elements.setdefault(key, dict(bestand=self.filename, element=key, naam=owner.get("name"),
                                                   type=_local(owner), wijzigingen=[]))  # fmt: skip
        change = dict(actie=actie, construct=construct, origineel=origineel, nieuw=nieuw, reden=reden)
        entry["wijzigingen"].append(change)


# -- BPMN ------------------------------------------------------------------------------------------------
def _c(name: str) -> str:
    return f"{{{CAMUNDA}}}{name}"


def _b(name: str) -> str:
    return f"{{{BPMN}}}{name}"


def _s(name: str) -> str:
    return f"{{{SPIFF}}}{name}"


def _ext(node: Any, create: bool = True) -> Any:
    ext = node.find(_b("extensionElements"))
    if ext is None and create:
        ext = etree.Element(_b("extensionElements"))
        node.insert(len(node.findall(_b("documentation"))), ext)
    return ext


def _set_property(node: Any, name: str, value: str) -> None:
    ext = _ext(node)
    props = ext.find(_s("properties"))
    if props is None:
        props = etree.SubElement(ext, _s("properties"))
    for prop in props.findall(_s("property")):
        if prop.get("name") == name:
            prop.set("value", value)
            return
    etree.SubElement(props, _s("property"), name=name, value=value)


def _pop(node: Any, attr: str) -> str | None:
    return node.attrib.pop(_c(attr)) if _c(attr) in node.attrib else None


class _BpmnConverter:
    def __init__(self, rep: _Report, decisions: dict[str, tuple[str, list[str]]]):
        self.add = rep.add
        self.decisions = decisions
        self.dropped: list[str] = []  # of the element being converted: marked on it afterwards

    def drop(self, node: Any, construct: str, value: Any, reden: str) -> None:
        self.add(node, NIET_OVERGENOMEN, construct, value, reden=reden)
        self.dropped.append(f"{construct}: {value}")

    def run(self, root: Any) -> None:
        for node in list(root.iter()):
            if not isinstance(node.tag, str) or _ns(node) != BPMN:
                continue
            self.dropped = []
            local = _local(node)
            self.listeners(node)
            if local == "businessRuleTask" and _c("decisionRef") in node.attrib:
                self.business_rule(node)
            elif local in ("serviceTask", "sendTask", "businessRuleTask", "scriptTask"):
                self.implementation(node, local)
            elif local == "userTask":
                self.user_task(node)
            elif local in ("conditionExpression", "completionCondition", "loopCardinality"):
                self.expression(node, node)
            elif local in ("timeDate", "timeDuration", "timeCycle"):
                event = node.getparent().getparent()  # report on the event, not on its definition
                self.expression(node, node if event is None else event)
            elif local == "process" and node.get("isExecutable", "false") != "true":
                self.add(node, GENEGEERD, "isExecutable", "false", reden=REASONS["not_executable"])
            self.rest(node)
            if self.dropped and node.getparent() is not None:
                owner = dep._owner(node)
                _set_property(owner, "niet_overgenomen", " | ".join(self.dropped))
                comment = "Niet overgenomen uit Camunda: " + " | ".join(self.dropped)
                _ext(owner).append(etree.Comment(" " + comment.replace("--", "- -").rstrip("-") + " "))

    def listeners(self, node: Any) -> None:
        ext = _ext(node, create=False)
        for lst in [] if ext is None else list(ext):
            if lst.tag not in (_c("executionListener"), _c("taskListener")):
                continue
            code = lst.get("expression") or lst.get("delegateExpression") or lst.get("class")
            if code is None and (script := lst.find(_c("script"))) is not None:
                code = f"{script.get('scriptFormat')}-script: {(script.text or script.get('resource') or '').strip()}"
            reden = REASONS["listener"]
            if names := SET_VARIABLE.findall(code or ""):
                reden += REASONS["set_variable"].format(names=", ".join(repr(n) for n in names))
            self.drop(node, f"camunda:{_local(lst)} ({lst.get('event') or '-'})", code, reden)
            ext.remove(lst)

    def implementation(self, node: Any, local: str) -> None:
        """Service/send/script/business rule tasks implemented by Camunda code: no-op or manual work."""
        impl = None
        for attr in ("expression", "delegateExpression", "class"):
            if (value := _pop(node, attr)) is not None and impl is None:
                impl = (f"camunda:{attr}", value)
        if (kind := _pop(node, "type")) is not None:
            impl = ("camunda:type", f"{kind} (topic {_pop(node, 'topic')})")
        ext = _ext(node, create=False)
        if ext is not None and (connector := ext.find(_c("connector"))) is not None:
            impl = ("camunda:connector", connector.findtext(_c("connectorId")) or "?")
            ext.remove(connector)
        fmt = (node.get("scriptFormat") or "python").lower()
        if local == "scriptTask" and (fmt not in PYTHON_FORMATS or _c("resource") in node.attrib):
            script = node.find(_b("script"))
            code = (
                f"extern script {_pop(node, 'resource')}" if script is None else (script.text or "").strip()
            )
            impl = (f"scriptFormat {fmt}", code[:200])
            if script is not None:
                node.remove(script)
        if impl is None:
            return
        construct, code = impl
        result_var = _pop(node, "resultVariable")
        for attr in ("implementation", "operationRef", "messageRef", "scriptFormat"):
            node.attrib.pop(attr, None)
        try:
            literal = juel_to_python(code) if construct == "camunda:expression" else None
        except NotTranslatable:
            literal = None
        if literal is not None and not literal.names and (result_var is None or result_var.isidentifier()):
            node.tag = _b("scriptTask")
            node.set("scriptFormat", "python")
            body = f"{result_var} = {literal.python}" if result_var else "pass"
            etree.SubElement(node, _b("script")).text = body
            self.add(node, VERTAALD, construct, code, f"scriptTask met script '{body}'", REASONS["noop"])
            return
        name = f"{node.get('name') or node.get('id')} (handmatig, was: {code})"
        lanes = [ln.get("name") or ln.get("id") for ln in node.getroottree().iter(_b("lane"))
                 if node.get("id") in [(r.text or "").strip() for r in ln.findall(_b("flowNodeRef"))]]  # fmt: skip
        who = f"taak voor de groep van lane '{lanes[0]}'" if lanes else REASONS["no_lane"]
        self.add(node, HANDMATIG, construct, code, f"manualTask '{name}'", REASONS["manual"].format(who=who))
        if result_var:
            self.add(
                node, NIET_OVERGENOMEN, "camunda:resultVariable", result_var, reden=REASONS["result_manual"]
            )
        node.tag = _b("manualTask")
        node.set("name", name)

    def business_rule(self, node: Any) -> None:
        ref = node.attrib[_c("decisionRef")]
        if dep.JUEL.search(ref):  # left in place: deploy names it
            self.add(node, NIET_VERTAALD, "camunda:decisionRef", ref, reden=REASONS["decision_dynamic"])
            return
        del node.attrib[_c("decisionRef")]
        etree.SubElement(_ext(node), _s("calledDecisionId")).text = ref
        hit, outputs = self.decisions.get(ref, ("?", []))
        reden = REASONS["decision"].format(outputs=", ".join(outputs) or "onbekend: DMN niet meegegeven")
        self.add(node, VERTAALD, "camunda:decisionRef", ref, f"spiffworkflow:calledDecisionId {ref}", reden)
        if (binding := _pop(node, "decisionRefBinding")) not in (None, "latest"):
            self.drop(node, "camunda:decisionRefBinding", binding, REASONS["binding"])
        post: list[str] = []
        mapping = _pop(node, "mapDecisionResult") or "resultList"
        if (var := _pop(node, "resultVariable")) is not None:
            single = len(outputs) == 1 and outputs[0].isidentifier()
            if single and (mapping == "singleEntry" or mapping == "collectEntries" and hit == "COLLECT"):
                post.append(f"{var} = {outputs[0]}")
            elif mapping == "singleResult" and outputs and all(o.isidentifier() for o in outputs):
                post.append(f"{var} = {{{', '.join(f'{json.dumps(o)}: {o}' for o in outputs)}}}")
            else:
                self.drop(node, f"camunda:resultVariable ({mapping})", var, REASONS["result_form"])
            if post:
                self.add(
                    node, VERTAALD, f"camunda:resultVariable ({mapping})", var, f"postScript: {post[-1]}"
                )
        io = _ext(node).find(_c("inputOutput"))
        for param in [] if io is None else list(io):  # outputParameter name = ${decisionResult...}
            m = DECISION_RESULT.fullmatch(param.text or "")
            column = (m[1] or m[2] or (outputs[0] if len(outputs) == 1 else None)) if m else None
            name = param.get("name") or ""
            if _local(param) != "outputParameter" or column is None or not name.isidentifier():
                continue
            io.remove(param)
            original = f"{name} = {param.text}"
            if column == name:
                reden = REASONS["column"].format(column=column)
                self.add(
                    node, VERTAALD, "camunda:outputParameter", original, f"uitvoerkolom '{column}'", reden
                )
            else:
                post.append(f"{name} = {column}")
                self.add(node, VERTAALD, "camunda:outputParameter", original, f"postScript: {post[-1]}")
        if post:
            etree.SubElement(_ext(node), _s("postScript")).text = "\n".join(post)

    def user_task(self, node: Any) -> None:
        if (groups := _pop(node, "candidateGroups")) is None:
            return
        try:
            if dep.JUEL.search(groups):
                value = juel_to_python(groups).python
            else:
                value = json.dumps([g.strip() for g in groups.split(",") if g.strip()], ensure_ascii=False)
        except NotTranslatable as exc:
            self.drop(node, "camunda:candidateGroups", groups, REASONS["groups"].format(error=exc))
            return
        _set_property(node, "kandidaatgroepen", value)
        self.add(node, VERTAALD, "camunda:candidateGroups", groups, f"kandidaatgroepen {value}")

    def expression(self, node: Any, where: Any) -> None:
        """Conditions and timers: simple JUEL to Python, ISO timer text quoted; the rest stays (refused)."""
        body, construct = (node.text or "").strip(), _local(node)
        language = (node.get("language") or "").lower()
        if language and language not in PYTHON_FORMATS and language != "juel":
            self.add(where, NIET_VERTAALD, f"{construct} ({language})", body, reden=REASONS["language"])
        elif construct.startswith("time") and ISO_TIME.fullmatch(body) and re.search(r"\d", body):
            node.text = json.dumps(body)
            self.add(where, VERTAALD, construct, body, node.text, REASONS["timer"])
        elif dep.JUEL.search(body):
            try:
                juel = juel_to_python(body)
            except NotTranslatable as exc:
                self.add(
                    where,
                    NIET_VERTAALD,
                    f"{construct} (JUEL)",
                    body,
                    reden=REASONS["by_hand"].format(error=exc),
                )
                return
            node.text = juel.python
            node.attrib.pop("language", None)
            self.add(where, VERTAALD, f"{construct} (JUEL)", body, juel.python, "; ".join(juel.notes))

    def rest(self, node: Any) -> None:
        """Every Camunda attribute and extension element not handled above: ignored or dropped."""
        for attr in [a for a in node.attrib if _ns(a) in (CAMUNDA, MODELER)]:
            name, value = etree.QName(attr).localname, node.attrib.pop(attr)
            construct = f"{'modeler' if _ns(attr) == MODELER else 'camunda'}:{name}"
            if _ns(attr) == MODELER or name in TECHNICAL:
                self.add(node, GENEGEERD, construct, value, reden=REASONS["technical"])
            else:
                self.drop(node, construct, value, REASONS.get(name, REASONS["other"]))
        ext = _ext(node, create=False)
        for child in [] if ext is None else [c for c in ext if isinstance(c.tag, str) and _ns(c) == CAMUNDA]:
            name = _local(child)
            ext.remove(child)
            if name in TECHNICAL:
                self.add(node, GENEGEERD, f"camunda:{name}", child.text, reden=REASONS["technical"])
                continue
            if name == "properties":
                items = [f"{p.get('name')}={p.get('value')}" for p in child]
            elif name == "inputOutput":
                items = [
                    f"{_local(p)} {p.get('name')} = {(p.text or '').strip() or '(lijst/map/script)'}"
                    for p in child
                ]
            elif name == "formData":
                items = [f"{f.get('id')} ({f.get('type')})" for f in child]
            else:
                items = [etree.tostring(child, encoding="unicode", with_tail=False)[:200]]
            if items:
                self.drop(node, f"camunda:{name}", "; ".join(items), REASONS.get(name, REASONS["other"]))
        if ext is not None and len(ext) == 0:
            node.remove(ext)


# -- DMN ------------------------------------------------------------------------------------------------
def _convert_dmn(root: Any, rep: _Report) -> dict[str, tuple[str, list[str]]]:
    """Translate FEEL entries and input expressions; returns decision id -> (hit policy, output names)."""
    ns = _ns(root)

    def q(name: str) -> str:
        return f"{{{ns}}}{name}"

    decisions: dict[str, tuple[str, list[str]]] = {}
    for decision in root.iter(q("decision")):
        for table in decision.iter(q("decisionTable")):
            hit = (table.get("hitPolicy") or "UNIQUE").upper()
            if table.get("aggregation") or hit not in ("UNIQUE", "FIRST", "ANY", "COLLECT"):
                policy = f"{hit} {table.get('aggregation') or ''}".strip()
                rep.add(table, NIET_VERTAALD, "hitPolicy", policy, reden=REASONS["hit_policy"])
            elif hit in ("UNIQUE", "ANY"):
                rep.add(table, VERTAALD, "hitPolicy", hit, hit, REASONS["unique"])
            input_vars = [_convert_input(inp, q, rep) for inp in table.findall(q("input"))]
            outputs = [o.get("name") or o.get("label") or "" for o in table.findall(q("output"))]
            decisions[decision.get("id")] = (hit, outputs)
            for rule in table.findall(q("rule")):
                for entry, var in zip(rule.findall(q("inputEntry")), input_vars, strict=False):
                    _convert_entry(entry, q, rep, lambda t, v=var: feel_test_to_python(t, v))
                for entry in rule.findall(q("outputEntry")):
                    _convert_entry(entry, q, rep, lambda t: _feel_value(t, None) if t.strip() else None)
    for node in list(root.iter(etree.Element)):
        for attr in [a for a in node.attrib if _ns(a) == CAMUNDA_DMN]:
            name, value = etree.QName(attr).localname, node.attrib.pop(attr)
            key = "technical" if name in TECHNICAL else "other"
            rep.add(
                node,
                GENEGEERD if key == "technical" else NIET_OVERGENOMEN,
                f"camunda:{name}",
                value,
                None,
                REASONS[key],
            )
    return decisions


def _convert_input(inp: Any, q: Any, rep: _Report) -> str | None:
    """The input expression as Python; an empty one takes camunda:inputVariable (reported assumption)."""
    var = inp.attrib.pop(f"{{{CAMUNDA_DMN}}}inputVariable", None)
    text_node = inp.find(f"{q('inputExpression')}/{q('text')}")
    text = (text_node.text or "").strip() if text_node is not None else ""
    try:
        if text_node is not None and not text and var:
            text_node.text = juel_to_python("${" + var + "}").python
            reden = REASONS["input_variable"].format(var=var)
            rep.add(inp, VERTAALD, "camunda:inputVariable", var, text_node.text, reden)
        elif text_node is not None and text:
            text_node.text = juel_to_python(text if dep.JUEL.match(text) else "${" + text + "}").python
            if text_node.text != text:
                rep.add(inp, VERTAALD, "inputExpression", text, text_node.text)
        else:
            raise NotTranslatable("lege invoerexpressie zonder camunda:inputVariable")
    except NotTranslatable as exc:
        rep.add(inp, NIET_VERTAALD, "inputExpression", text, reden=str(exc))
    return var


def _convert_entry(entry: Any, q: Any, rep: _Report, translate: Any) -> None:
    text_node = entry.find(q("text"))
    text = (text_node.text or "") if text_node is not None else ""
    try:
        python = translate(text)
    except NotTranslatable as exc:
        rep.add(entry, NIET_VERTAALD, f"{_local(entry)} (FEEL)", text, reden=str(exc))
        return
    if python is not None and python != text.strip():
        text_node.text = python
        rep.add(entry, VERTAALD, f"{_local(entry)} (FEEL)", text, python)


# -- files ----------------------------------------------------------------------------------------------
def _parse(filename: str, text: str) -> Any:
    try:
        root = etree.fromstring(
            text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError as exc:
        raise ValidationError(f"'{filename}' is geen geldige XML: {exc.msg} (regel {exc.lineno}).",
                              code="model-geen-xml") from exc  # fmt: skip
    if _ns(root) != BPMN and not _ns(root).startswith(("http://www.omg.org/spec/DMN/", dep.DMN_NS_PREFIX)):
        raise ValidationError(f"'{filename}' is geen BPMN 2.0- of DMN-bestand (namespace '{_ns(root)}').",
                              code="model-onbekend-formaat")  # fmt: skip
    return root


def _notes(name: str, root: Any) -> list[str]:
    """Model-wide remarks: lanes become candidate groups; declared messages nothing waits for."""
    notes = []
    for proc in root.findall(_b("process")):
        lanes = [ln.get("name") or ln.get("id") for ln in proc.iter(_b("lane"))]
        if lanes and proc.get("isExecutable") == "true":
            notes.append(f"{name}: lanes zijn in Ruimteflow kandidaatgroepen ({', '.join(lanes)}); taken zonder "
                         "kandidaatgroepen gaan naar de groep van hun lane.")  # fmt: skip
    used = {n.get("messageRef") for n in root.iter(etree.Element) if n.get("messageRef")}
    for msg in root.findall(_b("message")):
        if msg.get("id") not in used:
            notes.append(f"{name}: bericht '{msg.get('name')}' is gedeclareerd, maar geen element wacht erop; "
                         "'messages send' met deze naam wordt geweigerd.")  # fmt: skip
    return notes


def convert(files: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Convert (filename, text) pairs; returns the converted pairs and the report (without validation)."""
    parsed = [(name, _parse(name, text)) for name, text in files]
    decisions: dict[str, tuple[str, list[str]]] = {}
    reports, out, let_op = {}, {}, []
    for name, root in sorted(parsed, key=lambda p: _ns(p[1]) == BPMN):  # DMN first: outputs for decisionRef
        rep = reports[name] = _Report(name)
        if _ns(root) == BPMN:
            _BpmnConverter(rep, decisions).run(root)
            let_op += _notes(name, root)
            etree.cleanup_namespaces(root, top_nsmap={"spiffworkflow": SPIFF})
        else:
            decisions.update(_convert_dmn(root, rep))
            etree.cleanup_namespaces(root)
        etree.indent(root, space="  ")
        out[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8") + "\n"
    elements = [e for name, _ in files for e in reports[name].elements.values()]
    changes = [c for e in elements for c in e["wijzigingen"]]
    if any(c["actie"] == VERTAALD and "JUEL" in c["construct"] for c in changes):
        let_op.append('JUEL zet bij vergelijken typen om ("5" == 5 is waar), Python niet: zorg dat gegevens het '
                      "juiste type hebben (getallen als getal, ja/nee als true/false).")  # fmt: skip
    summary = {a: sum(1 for c in changes if c["actie"] == a) for a in ACTIONS}
    return [(name, out[name]) for name, _ in files], {
        "elementen": elements,
        "samenvatting": summary,
        "let_op": let_op,
    }


def validate(files: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Run deploy validation on converted files; the problems (empty = deployable)."""
    try:
        dep.validate_bundle(dep.check_sources(files), [])
    except dep.ModelRefused as exc:
        return list(exc.extra.get("problemen") or [{"probleem": exc.detail}])
    return []


def convert_paths(paths: list[str], out_dir: str) -> dict[str, Any]:
    """Read, convert, write to ``out_dir`` (never over an original), validate; the full report."""
    sources, targets, out = [], [], Path(out_dir)
    for p in paths:
        path, target = Path(p), Path(out_dir) / Path(p).name
        if not path.is_file():
            raise ValidationError(f"Bestand '{p}' bestaat niet.", code="bestand-onbekend")
        if target.resolve() == path.resolve() or target in targets:
            raise ValidationError(f"'{target}' zou een origineel of een ander bestand overschrijven; kies een "
                                  "andere --out map.", code="uitvoer-overschrijft")  # fmt: skip
        try:
            sources.append((path.name, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError as exc:
            raise ValidationError(f"Bestand '{p}' is geen UTF-8-tekst.", code="bestand-ongeldig") from exc
        targets.append(target)
    converted, report = convert(sources)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for (name, text), target in zip(converted, targets, strict=True):
        target.write_text(text, encoding="utf-8")
        kind = "bpmn" if _ns(_parse(name, text)) == BPMN else "dmn"
        files.append({"bron": name, "doel": str(target), "soort": kind})
    problems = validate(converted)
    if not problems and (n := report["samenvatting"][NIET_VERTAALD]):
        report["let_op"].append(f"De deploy-validatie slaagt, maar {n} onderdeel/onderdelen zijn niet vertaald "
                                "(zie 'niet vertaald'); die lopen vast tijdens de uitvoering.")  # fmt: skip
    return {"bestanden": files, **report, "deploybaar": not problems, "problemen": problems}


def format_report(report: dict[str, Any]) -> str:
    """The report as Dutch text, grouped per element."""
    lines = ["Conversie van Camunda 7-modellen", ""]
    lines += [f"  {f['bron']} -> {f['doel']} ({f['soort']})" for f in report["bestanden"]]
    for e in report["elementen"]:
        label = f" ({e['naam']})" if e.get("naam") else ""
        lines += ["", f"{e['bestand']}, element '{e['element']}'{label} [{e['type']}]"]
        for c in e["wijzigingen"]:
            origineel = f" '{c['origineel']}'" if c.get("origineel") else ""
            lines.append(
                f"  - {c['actie']}: {c['construct']}{origineel}" + (f" -> {c['nieuw']}" if c["nieuw"] else "")
            )
            lines += [f"      {c['reden']}"] if c.get("reden") else []
    counts = ", ".join(f"{n} {a}" for a, n in report["samenvatting"].items())
    lines += ["", f"Samenvatting: {counts}.", *[f"Let op: {n}" for n in report["let_op"]]]
    if report["deploybaar"]:
        return "\n".join([*lines, "Deploybaar: ja (deploy-validatie geslaagd)."])
    lines.append("Deploybaar: nee. Los eerst deze problemen op:")
    lines += [
        f"  - {p.get('bestand')}: {p.get('element') or '-'}: {p.get('probleem')}" for p in report["problemen"]
    ]
    return "\n".join(lines)
