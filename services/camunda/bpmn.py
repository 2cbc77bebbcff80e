"""The BPMN side of the conversion: Camunda attributes and extensions per element."""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from services.engine.bpmn_checks import catcher_of, merging_message_catches

from .cron import quartz_to_iso
from .expressions import NotTranslatable, juel_to_python
from .nodes import (
    Report,
    bpmn_tag,
    camunda_tag,
    deployed,
    element_owner,
    extension_elements,
    local_name,
    namespace,
    pop_camunda,
    set_property,
    spiff_tag,
)
from .vocabulary import (
    BPMN,
    CAMUNDA,
    CRON,
    DECISION_RESULT,
    GENEGEERD,
    HANDMATIG,
    ISO_TIME,
    JUEL,
    MI_COLLECTION,
    MODELER,
    NIET_OVERGENOMEN,
    NIET_VERTAALD,
    PYTHON_FORMATS,
    REASONS,
    SET_VARIABLE,
    TECHNICAL,
    VERTAALD,
)


class BpmnConverter:
    def __init__(self, rep: Report, decisions: dict[str, tuple[str, list[str]]]):
        self.add = rep.add
        self.decisions = decisions
        self.dropped: list[str] = []  # of the element being converted: marked on it afterwards

    def drop(self, node: Any, construct: str, value: Any, reden: str) -> None:
        self.add(node, NIET_OVERGENOMEN, construct, value, reden=reden)
        self.dropped.append(f"{construct}: {value}")

    def run(self, root: Any) -> None:
        for node in list(root.iter()):
            if not isinstance(node.tag, str) or namespace(node) != BPMN:
                continue
            self.dropped = []
            local = local_name(node)
            self.listeners(node)
            if local == "businessRuleTask" and camunda_tag("decisionRef") in node.attrib:
                self.business_rule(node)
            elif local in ("serviceTask", "sendTask", "businessRuleTask", "scriptTask"):
                self.implementation(node, local)
            elif local == "userTask":
                self.user_task(node)
            elif local in ("conditionExpression", "completionCondition", "loopCardinality"):
                self.expression(node, node)
            elif local == "multiInstanceLoopCharacteristics":
                self.multi_instance(node)
            elif local in ("timeDate", "timeDuration", "timeCycle"):
                event = node.getparent().getparent()  # report on the event, not on its definition
                self.expression(node, node if event is None else event)
            elif local == "process" and not deployed(node):
                marked = node.get("isExecutable") or "(ontbreekt)"
                self.add(node, GENEGEERD, "isExecutable", marked, reden=REASONS["not_executable"])
            self.rest(node)
            if self.dropped and node.getparent() is not None:
                owner = element_owner(node)
                set_property(owner, "niet_overgenomen", " | ".join(self.dropped))
                comment = "Niet overgenomen uit Camunda: " + " | ".join(self.dropped)
                extension_elements(owner).append(
                    etree.Comment(" " + comment.replace("--", "- -").rstrip("-") + " ")
                )
        self.message_variables(root)

    def message_variables(self, root: Any) -> None:
        """Each catch of a message gets a messageVariable named after the message (the deploy refuses a
        catch without one for a message an outside party may send: its payload would merge into the data)."""
        for node, name in merging_message_catches(root):
            var = re.sub(r"\W+", "_", name).strip("_") or "bericht"
            var = var if var.isidentifier() and not var[0].isdigit() else f"bericht_{var}"
            empty = node.find(f".//{spiff_tag('messageVariable')}")  # an empty one reads as none
            if empty is None:
                empty = etree.SubElement(extension_elements(node), spiff_tag("messageVariable"))
            empty.text = var
            reden = REASONS["message"].format(var=var)
            self.add(catcher_of(node), VERTAALD, "bericht", name, f"messageVariable {var}", reden=reden)

    def listeners(self, node: Any) -> None:
        ext = extension_elements(node, create=False)
        for lst in [] if ext is None else list(ext):
            if lst.tag not in (camunda_tag("executionListener"), camunda_tag("taskListener")):
                continue
            code = lst.get("expression") or lst.get("delegateExpression") or lst.get("class")
            if code is None and (script := lst.find(camunda_tag("script"))) is not None:
                code = f"{script.get('scriptFormat')}-script: {(script.text or script.get('resource') or '').strip()}"
            reden = REASONS["listener"]
            if names := SET_VARIABLE.findall(code or ""):
                reden += REASONS["set_variable"].format(names=", ".join(repr(n) for n in names))
            self.drop(node, f"camunda:{local_name(lst)} ({lst.get('event') or '-'})", code, reden)
            ext.remove(lst)

    def implementation(self, node: Any, local: str) -> None:
        """Service/send/script/business rule tasks implemented by Camunda code: no-op or manual work."""
        impl = None
        for attr in ("expression", "delegateExpression", "class"):
            if (value := pop_camunda(node, attr)) is not None and impl is None:
                impl = (f"camunda:{attr}", value)
        if (kind := pop_camunda(node, "type")) is not None:
            impl = ("camunda:type", f"{kind} (topic {pop_camunda(node, 'topic')})")
        ext = extension_elements(node, create=False)
        if ext is not None and (connector := ext.find(camunda_tag("connector"))) is not None:
            impl = ("camunda:connector", connector.findtext(camunda_tag("connectorId")) or "?")
            ext.remove(connector)
        fmt = (node.get("scriptFormat") or "python").lower()
        if local == "scriptTask" and (fmt not in PYTHON_FORMATS or camunda_tag("resource") in node.attrib):
            script = node.find(bpmn_tag("script"))
            code = (
                f"extern script {pop_camunda(node, 'resource')}"
                if script is None
                else (script.text or "").strip()
            )
            impl = (f"scriptFormat {fmt}", code[:200])
            if script is not None:
                node.remove(script)
        if impl is None:
            return
        construct, code = impl
        result_var = pop_camunda(node, "resultVariable")
        for attr in ("implementation", "operationRef", "messageRef", "scriptFormat"):
            node.attrib.pop(attr, None)
        try:
            literal = juel_to_python(code) if construct == "camunda:expression" else None
        except NotTranslatable:
            literal = None
        if literal is not None and not literal.names and (result_var is None or result_var.isidentifier()):
            node.tag = bpmn_tag("scriptTask")
            node.set("scriptFormat", "python")
            body = f"{result_var} = {literal.python}" if result_var else "pass"
            etree.SubElement(node, bpmn_tag("script")).text = body
            self.add(node, VERTAALD, construct, code, f"scriptTask met script '{body}'", REASONS["noop"])
            return
        name = f"{node.get('name') or node.get('id')} (handmatig, was: {code})"
        lanes = [ln.get("name") or ln.get("id") for ln in node.getroottree().iter(bpmn_tag("lane"))
                 if node.get("id") in [(r.text or "").strip() for r in ln.findall(bpmn_tag("flowNodeRef"))]]  # fmt: skip
        who = f"taak voor de groep van lane '{lanes[0]}'" if lanes else REASONS["no_lane"]
        self.add(node, HANDMATIG, construct, code, f"manualTask '{name}'", REASONS["manual"].format(who=who))
        if result_var:
            self.add(
                node, NIET_OVERGENOMEN, "camunda:resultVariable", result_var, reden=REASONS["result_manual"]
            )
        node.tag = bpmn_tag("manualTask")
        node.set("name", name)

    def business_rule(self, node: Any) -> None:
        ref = node.attrib[camunda_tag("decisionRef")]
        if JUEL.search(ref):  # left in place: deploy names it
            self.add(node, NIET_VERTAALD, "camunda:decisionRef", ref, reden=REASONS["decision_dynamic"])
            return
        del node.attrib[camunda_tag("decisionRef")]
        etree.SubElement(extension_elements(node), spiff_tag("calledDecisionId")).text = ref
        hit, outputs = self.decisions.get(ref, ("?", []))
        reden = REASONS["decision"].format(outputs=", ".join(outputs) or "onbekend: DMN niet meegegeven")
        self.add(node, VERTAALD, "camunda:decisionRef", ref, f"spiffworkflow:calledDecisionId {ref}", reden)
        if (binding := pop_camunda(node, "decisionRefBinding")) not in (None, "latest"):
            self.drop(node, "camunda:decisionRefBinding", binding, REASONS["binding"])
        post: list[str] = []
        mapping = pop_camunda(node, "mapDecisionResult") or "resultList"
        if (var := pop_camunda(node, "resultVariable")) is not None:
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
        io = extension_elements(node).find(camunda_tag("inputOutput"))
        for param in [] if io is None else list(io):  # outputParameter name = ${decisionResult...}
            m = DECISION_RESULT.fullmatch(param.text or "")
            column = (m[1] or m[2] or (outputs[0] if len(outputs) == 1 else None)) if m else None
            name = param.get("name") or ""
            if local_name(param) != "outputParameter" or column is None or not name.isidentifier():
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
            etree.SubElement(extension_elements(node), spiff_tag("postScript")).text = "\n".join(post)

    def user_task(self, node: Any) -> None:
        if (groups := pop_camunda(node, "candidateGroups")) is None:
            return
        try:
            if JUEL.search(groups):
                value = juel_to_python(groups).python
            else:
                value = json.dumps([g.strip() for g in groups.split(",") if g.strip()], ensure_ascii=False)
        except NotTranslatable as exc:
            self.drop(node, "camunda:candidateGroups", groups, REASONS["groups"].format(error=exc))
            return
        set_property(node, "kandidaatgroepen", value)
        self.add(node, VERTAALD, "camunda:candidateGroups", groups, f"kandidaatgroepen {value}")

    def expression(self, node: Any, where: Any) -> None:
        """Conditions and timers: simple JUEL to Python, ISO timer text quoted; the rest stays (refused)."""
        body, construct = (node.text or "").strip(), local_name(node)
        language = (node.get("language") or "").lower()
        if language and language not in PYTHON_FORMATS and language != "juel":
            self.add(where, NIET_VERTAALD, f"{construct} ({language})", body, reden=REASONS["language"])
        elif construct == "timeCycle" and CRON.match(body) and not ISO_TIME.fullmatch(body):
            self.cron(node, where, body)
        elif construct.startswith("time") and ISO_TIME.fullmatch(body) and re.search(r"\d", body):
            node.text = json.dumps(body)
            self.add(where, VERTAALD, construct, body, node.text, REASONS["timer"])
        elif JUEL.search(body):
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

    def cron(self, node: Any, where: Any, body: str) -> None:
        """A Quartz cron cycle becomes an ISO 8601 repetition where one means the same; else it stays."""
        try:
            iso = quartz_to_iso(body)
        except NotTranslatable as exc:
            self.add(
                where, NIET_VERTAALD, "timeCycle (cron)", body, reden=REASONS["by_hand"].format(error=exc)
            )
            return
        node.text = json.dumps(iso)
        self.add(where, VERTAALD, "timeCycle (cron)", body, node.text, REASONS["cron"])

    def multi_instance(self, node: Any) -> None:
        """camunda:collection/elementVariable become loopDataInputRef/inputDataItem."""
        owner = node.getparent()
        collection = pop_camunda(node, "collection")
        element = pop_camunda(node, "elementVariable")
        if collection is None:
            if element is not None:
                self.drop(owner, "camunda:elementVariable", element, REASONS["mi_element_only"])
            return
        name = MI_COLLECTION.fullmatch(collection.strip())
        if name is None:
            node.set(camunda_tag("collection"), collection)  # stays: deploy refuses and names it
            if element is not None:
                node.set(camunda_tag("elementVariable"), element)
            self.add(owner, NIET_VERTAALD, "camunda:collection", collection, reden=REASONS["mi_expression"])
            return
        ref = etree.Element(bpmn_tag("loopDataInputRef"))
        ref.text = name.group(1) or name.group(2)
        node.insert(0, ref)
        target = f"loopDataInputRef {ref.text}"
        if element is not None:
            item = etree.Element(bpmn_tag("inputDataItem"), id=element, name=element)
            ref.addnext(item)
            target += f", inputDataItem {element}"
        self.add(owner, VERTAALD, "camunda:collection", collection, target, REASONS["mi"])

    def rest(self, node: Any) -> None:
        """Every Camunda attribute and extension element not handled above: ignored or dropped."""
        for attr in [a for a in node.attrib if namespace(a) in (CAMUNDA, MODELER)]:
            name, value = etree.QName(attr).localname, node.attrib.pop(attr)
            construct = f"{'modeler' if namespace(attr) == MODELER else 'camunda'}:{name}"
            if namespace(attr) == MODELER or name in TECHNICAL:
                self.add(node, GENEGEERD, construct, value, reden=REASONS["technical"])
            else:
                self.drop(node, construct, value, REASONS.get(name, REASONS["other"]))
        ext = extension_elements(node, create=False)
        for child in (
            [] if ext is None else [c for c in ext if isinstance(c.tag, str) and namespace(c) == CAMUNDA]
        ):
            name = local_name(child)
            ext.remove(child)
            if name in TECHNICAL:
                self.add(node, GENEGEERD, f"camunda:{name}", child.text, reden=REASONS["technical"])
                continue
            if name == "properties":
                items = [f"{p.get('name')}={p.get('value')}" for p in child]
            elif name == "inputOutput":
                items = [
                    f"{local_name(p)} {p.get('name')} = {(p.text or '').strip() or '(lijst/map/script)'}"
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
