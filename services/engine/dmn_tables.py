"""The structure of DMN decision tables, checked at deploy.

SpiffWorkflow 3.2 parses some broken tables without a word and then fails in every case that reaches
them (an input without an expression) or evaluates them other than the modeller meant (a hit policy it
does not know, a rule with a cell too few, an output without a name: the label becomes the variable).
Each is refused here with a Dutch problem naming the decision and the element.
"""

from __future__ import annotations

from typing import Any

from .xml_nodes import local_name

#: the hit policies SpiffWorkflow evaluates: the first matching rule, or all of them (COLLECT)
HIT_POLICIES = ("UNIQUE", "FIRST", "ANY", "COLLECT")


def _children(node: Any, kind: str) -> list[Any]:
    return [c for c in node if local_name(c.tag) == kind]


def _text(node: Any) -> str:
    found = _children(node, "text")
    return (found[0].text or "").strip() if found else ""


def check_dmn_tables(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Add a problem for each structural fault of each decision table in ``root``."""
    for decision in (n for n in root.iter() if local_name(n.tag) == "decision"):
        for table in _children(decision, "decisionTable"):
            for node, reason in _table_faults(table):
                problems.append(
                    {
                        "bestand": filename,
                        "element": node.get("id") or decision.get("id"),
                        "naam": node.get("label") or node.get("name"),
                        "regel": node.sourceline,
                        "probleem": f"Beslissing '{decision.get('id')}': {reason}",
                    }
                )


def _table_faults(table: Any) -> list[tuple[Any, str]]:
    faults = []
    hit = (table.get("hitPolicy") or "UNIQUE").strip().upper()
    if hit not in HIT_POLICIES or table.get("aggregation"):
        shown = f"{hit} {table.get('aggregation') or ''}".strip()
        faults.append((table, f"hitPolicy '{shown}' wordt niet ondersteund; gebruik UNIQUE, FIRST, ANY of "
                              "COLLECT (zonder aggregation)"))  # fmt: skip
    inputs, outputs = _children(table, "input"), _children(table, "output")
    for column in inputs:
        expressions = _children(column, "inputExpression")
        if not expressions or not _text(expressions[0]):
            faults.append((column, f"invoer '{column.get('label') or column.get('id')}' heeft geen "
                                   "invoerexpressie (inputExpression met een tekst): de tabel weet niet "
                                   "wat zij moet vergelijken"))  # fmt: skip
    for column in outputs:
        if not (column.get("name") or "").strip():
            faults.append((column, f"uitvoer '{column.get('label') or column.get('id')}' heeft geen naam "
                                   "(name): die naam is de variabele die de tabel vult"))  # fmt: skip
    for rule in _children(table, "rule"):
        faults += _rule_faults(rule, len(inputs), len(outputs))
    return faults


def _rule_faults(rule: Any, inputs: int, outputs: int) -> list[tuple[Any, str]]:
    faults = []
    for kind, cell, column, columns in (
        ("inputEntry", "invoercel", "invoerkolom", inputs),
        ("outputEntry", "uitvoercel", "uitvoerkolom", outputs),
    ):
        cells = len(_children(rule, kind))
        if cells != columns:
            faults.append((rule, f"regel '{rule.get('id')}' heeft {cells} {cell}{'' if cells == 1 else 'len'} "
                                 f"({kind}) voor {columns} {column}{'' if columns == 1 else 'men'}"))  # fmt: skip
    return faults
