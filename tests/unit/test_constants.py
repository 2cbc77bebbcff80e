"""Severity ranking is written once, in processes.constants."""

from __future__ import annotations

import ast

from processes.constants import Severity, severity_of_rank, severity_rank, worst
from tests.source_trees import tree as source_tree


def test_severity_is_a_str_enum_ranked_most_severe_first():
    assert Severity.BLOKKEREND == "blokkerend"
    assert [s.rank for s in Severity] == [3, 2, 1]
    assert severity_rank("waarschuwing") == 2
    assert severity_rank("onbekend") == 0
    assert severity_rank(None) == 0
    assert severity_of_rank(3) is Severity.BLOKKEREND
    assert severity_of_rank(0) is None
    assert Severity.INFO.label == "Informatie"


def test_worst_picks_the_most_severe_or_none():
    assert worst(["info", "blokkerend", "waarschuwing"]) == "blokkerend"
    assert worst(["info", "waarschuwing"]) == "waarschuwing"
    assert worst([]) is None


def test_case_status_task_state_and_role_are_str_enums_with_the_stored_values():
    from processes.constants import ACTIVE_STATUSES, CaseStatus, Role, TaskState

    assert [str(s) for s in CaseStatus] == ["lopend", "afgerond", "incident", "gepauzeerd"]
    assert CaseStatus.AFGEROND not in ACTIVE_STATUSES and "lopend" in ACTIVE_STATUSES
    assert [str(s) for s in TaskState] == ["open", "voltooid", "vervallen"]
    assert Role.BEHEERDER == "beheerder" and Role.BEHEERDER.label == "Functioneel beheerder"
    assert Role.VERGUNNINGVERLENER.label == "Vergunningverlener"


def test_role_sets_user_lookup_and_severity_ranking_are_written_once():
    """One home each: no module but its home assigns these names or defines these helpers; no module but
    processes.constants writes the due-soon label or a dict of values with their labels, and no module lists
    roles as plain strings (review code17: SOON_DAYS and "Binnen 2 weken", filters.STATUS, BROAD_ROLES)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    homes = {
        "LEAD_ROLES": "services/policy/roles.py",
        "SEVERITY_RANK": "gis/rules.py",
        "ERNST_RANK": None,
        "DEMO_USERS": "services/demo_users.py",
        "DEMO_GEBRUIKERS": None,
        "_user": None,
        "SOON_DAYS": "processes/constants.py",
        "SOON_LABEL": "processes/constants.py",
    }
    found: dict[str, list[str]] = {name: [] for name in homes}
    modules = {
        path.relative_to(root).as_posix(): source_tree(path)
        for pkg in ("processes", "services", "gis", "web")
        for path in (root / pkg).rglob("*.py")
    }
    for where, tree in modules.items():
        for node in tree.body:
            names = []
            if isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            elif isinstance(node, ast.FunctionDef):
                names = [node.name]
            for name in names:
                if name in found:
                    found[name].append(where)
    for name, home in homes.items():
        assert found[name] == ([home] if home else []), (name, found[name])
    copies = [c for where, tree in modules.items() if where != _HOME for c in _hand_copies(where, tree)]
    pages = [p for pkg in ("services", "web") for p in (root / pkg).rglob("*.html")]
    copies += [
        p.relative_to(root).as_posix() for p in pages if _SOON_TEXT in p.read_text(encoding="utf-8").lower()
    ]
    assert copies == []


_HOME = "processes/constants.py"
_SOON_TEXT = "binnen 2 weken"  # SOON_LABEL in lower case: the text is what a copy would write


def _hand_copies(where: str, tree: ast.Module) -> list[str]:
    """The due-soon label as text, a dict of two or more values each with its label ({"lopend": "Lopend",
    ...}: build it from the enum), and a set, list or tuple of two or more strings that are all role names
    (use Role's members or services.policy's sets)."""
    from processes.constants import CaseStatus, Role, Severity, TaskState

    labels = {str(m): m.label for enum in (CaseStatus, TaskState, Severity, Role) for m in enum}
    roles = {str(r) for r in Role}
    owner = {  # every node of a module-level assignment -> the name it assigns
        id(sub): n.targets[0].id
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
        for sub in ast.walk(n.value)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and _SOON_TEXT in str(node.value).lower():
            found.append(f"{where}:{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Dict) and len(node.keys) >= 2:
            pairs = [(_text(key), _text(value)) for key, value in zip(node.keys, node.values, strict=True)]
            if all(key in labels and value == labels[key] for key, value in pairs):
                found.append(f"{where}:{node.lineno}: {dict(pairs)}")
        elif isinstance(node, ast.Set | ast.List | ast.Tuple):
            texts = [_text(e) for e in node.elts]
            name = owner.get(id(node), "")
            if len(texts) >= 2 and all(t in roles for t in texts):
                found.append(f"{where}:{node.lineno}: {name or 'roles'} {texts}")
    return found


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def test_due_soon_and_the_status_labels_come_from_processes_constants():
    """Review code17: the due-soon window (14 days, 'Binnen 2 weken') was written in services.dashboard,
    web.faces.filters, web.faces.inbox and the dashboard template, and the status labels were a hand copy."""
    from processes.constants import SOON_DAYS, SOON_LABEL, CaseStatus, TaskState
    from services import dashboard
    from web.faces import filters, inbox

    assert TaskState.VERVALLEN.label == "Vervallen" and CaseStatus.GEPAUZEERD.label == "Gepauzeerd"
    assert filters.STATUS == {str(s): s.label for s in (*CaseStatus, *TaskState)}
    assert filters.termijn(SOON_DAYS)["kort"] == SOON_LABEL and filters.termijn(SOON_DAYS + 1)["kort"] == ""
    assert inbox.DEADLINE_WINDOWS[str(SOON_DAYS)] == (SOON_LABEL, SOON_DAYS)
    assert dashboard.SOON_DAYS is SOON_DAYS
