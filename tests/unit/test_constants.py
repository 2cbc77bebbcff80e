"""Severity ranking is written once, in processes.constants."""

from __future__ import annotations

from processes.constants import Severity, severity_of_rank, severity_rank, worst


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
    """One home each: no module but its home assigns these names or defines these helpers."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    homes = {
        "LEAD_ROLES": "services/policy.py",
        "SEVERITY_RANK": "gis/rules.py",
        "ERNST_RANK": None,
        "DEMO_USERS": "services/demo_users.py",
        "DEMO_GEBRUIKERS": None,
        "_user": None,
    }
    found: dict[str, list[str]] = {name: [] for name in homes}
    for pkg in ("processes", "services", "gis", "web"):
        for path in (root / pkg).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                names = []
                if isinstance(node, ast.Assign):
                    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                elif isinstance(node, ast.FunctionDef):
                    names = [node.name]
                for name in names:
                    if name in found:
                        found[name].append(path.relative_to(root).as_posix())
    for name, home in homes.items():
        assert found[name] == ([home] if home else []), (name, found[name])


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
