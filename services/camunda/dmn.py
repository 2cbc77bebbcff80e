"""The DMN side of the conversion: hit policies, input expressions and FEEL entries."""

from __future__ import annotations

from typing import Any

from lxml import etree

from .expressions import NotTranslatable, feel_test_to_python, feel_value, juel_to_python
from .nodes import Report, local_name, namespace
from .vocabulary import (
    CAMUNDA_DMN,
    GENEGEERD,
    JUEL,
    NIET_OVERGENOMEN,
    NIET_VERTAALD,
    REASONS,
    TECHNICAL,
    VERTAALD,
)


def _convert_input(inp: Any, q: Any, rep: Report) -> str | None:
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
            text_node.text = juel_to_python(text if JUEL.match(text) else "${" + text + "}").python
            if text_node.text != text:
                rep.add(inp, VERTAALD, "inputExpression", text, text_node.text)
        else:
            raise NotTranslatable("lege invoerexpressie zonder camunda:inputVariable")
    except NotTranslatable as exc:
        rep.add(inp, NIET_VERTAALD, "inputExpression", text, reden=str(exc))
    return var


def _convert_entry(entry: Any, q: Any, rep: Report, translate: Any) -> None:
    text_node = entry.find(q("text"))
    text = (text_node.text or "") if text_node is not None else ""
    try:
        python = translate(text)
    except NotTranslatable as exc:
        rep.add(entry, NIET_VERTAALD, f"{local_name(entry)} (FEEL)", text, reden=str(exc))
        return
    if python is not None and python != text.strip():
        text_node.text = python
        rep.add(entry, VERTAALD, f"{local_name(entry)} (FEEL)", text, python)


def convert_dmn(root: Any, rep: Report) -> dict[str, tuple[str, list[str]]]:
    """Translate FEEL entries and input expressions; returns decision id -> (hit policy, output names)."""
    ns = namespace(root)

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
                    _convert_entry(entry, q, rep, lambda t: feel_value(t, None) if t.strip() else None)
    for node in list(root.iter(etree.Element)):
        for attr in [a for a in node.attrib if namespace(a) == CAMUNDA_DMN]:
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
