"""The structure of DMN decision tables, checked at deploy, and what SpiffWorkflow gets of a DMN file.

SpiffWorkflow 3.2 parses some broken tables without a word and then fails in every case that reaches
them (an input without an expression) or evaluates them other than the modeller meant (a hit policy it
does not know, a rule with a cell too few, an output without a name: the label becomes the variable).
Each is refused here with a Dutch problem naming the decision and the element.

It also runs one decision per DMN file: ``BpmnDmnParser.add_dmn_xml`` registers the file under its first
``decision`` only (``DMNParser.bpmn_id``), and ``DMNParser.parse`` fails on a file with more than one
``decision``. A file with decision tables of several decisions is refused (``check_one_table_per_file``);
decisions without a table (DRD boxes, a literal expression) beside the one table are left out of what
SpiffWorkflow gets (``engine_root``), so the table runs. inputData and knowledgeSource it ignores itself.
"""

from __future__ import annotations

from typing import Any

from processes.nederlands import opsomming, telwoord
from services.xml_safe import parse_model_xml

from .xml_nodes import add_problem, local_name

#: the hit policies SpiffWorkflow evaluates: the first matching rule, or all of them (COLLECT)
HIT_POLICIES = ("UNIQUE", "FIRST", "ANY", "COLLECT")


def _children(node: Any, kind: str) -> list[Any]:
    return [c for c in node if local_name(c.tag) == kind]


def _text(node: Any) -> str:
    found = _children(node, "text")
    return (found[0].text or "").strip() if found else ""


def check_dmn_tables(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Add a problem for each structural fault of each decision table in ``root``, and one when it holds the
    tables of more than one decision (``check_one_table_per_file``)."""
    for decision in _decisions(root)[0]:
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
    check_one_table_per_file(filename, root, problems)


def _decisions(root: Any) -> tuple[list[Any], list[Any]]:
    """The ``decision`` elements of a DMN file, and those of them that hold a decision table."""
    decisions = [n for n in root.iter() if local_name(n.tag) == "decision"]
    return decisions, [d for d in decisions if _children(d, "decisionTable")]


def check_one_table_per_file(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """A problem at the second decision when the file holds decision tables of more than one decision id
    (one id twice is ``check_unique_ids``'s): SpiffWorkflow finds none but the first and runs not even that."""
    tables: dict[str, Any] = {}
    for decision in _decisions(root)[1]:
        tables.setdefault(decision.get("id"), decision)
    if len(tables) < 2:
        return
    names = opsomming(
        f"'{d.get('id')}'" + (f" ({d.get('name')})" if d.get("name") not in (None, "", d.get("id")) else "")
        for d in tables.values()
    )
    text = (
        f"Het bestand {filename} bevat {telwoord(len(tables))} beslissingen met een beslistabel: {names}. "
        "De engine (SpiffWorkflow) voert per DMN-bestand maar één beslissing uit; een taak die een van deze "
        "beslissingen aanroept, zou falen. Zet elke beslissing in een eigen .dmn-bestand (invoergegevens, "
        "kennisbronnen en beslissingen zonder beslistabel mogen naast de ene tabel blijven staan)"
    )
    add_problem(problems, filename, list(tables.values())[1], text)


def engine_root(text: str) -> Any:
    """The DMN file ``text`` as SpiffWorkflow gets it: without its decisions that hold no table when exactly
    one other does (SpiffWorkflow would register the file under its first decision and parse no file of
    more than one); otherwise as it is."""
    root = parse_model_xml(text)
    decisions, tables = _decisions(root)
    if len(tables) == 1:
        for other in (d for d in decisions if d is not tables[0]):
            other.getparent().remove(other)
    return root


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
