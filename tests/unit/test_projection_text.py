"""The Dutch texts of the projections are pure functions, apart from the write path."""

from __future__ import annotations

import ast
from pathlib import Path

from processes.templating import fill
from services import projection_text as text

ROOT = Path(__file__).resolve().parents[2]


def test_fill_keeps_unknown_fields_and_hides_private_ones():
    assert fill("Besluit: {besluit} ({wie})", {"besluit": "verleend"}) == "Besluit: verleend ({wie})"
    assert fill("{_geheim}", {"_geheim": "x"}) == "{_geheim}"
    assert fill("kapot {", {"a": 1}) == "kapot {"


def test_task_and_case_texts():
    assert text.task_ready("Advies", ["wonen", "energie"], None) == "Taak 'Advies' klaar voor wonen, energie"
    assert (
        text.task_ready("Advies", [], "conflict")
        == "Taak 'Advies' klaar voor de medewerkers van de gemeente (conflict)"
    )
    assert text.task_done("Advies") == "Taak 'Advies' voltooid"
    assert text.phase_changed("Beoordeling") == "Fase: Beoordeling"
    assert text.case_closed(None) == "Zaak afgerond"
    assert text.case_closed("verleend") == "Zaak afgerond: verleend"
    assert text.public_status("Aanvraag {status}", {"status": "ontvangen"}) == "Aanvraag ontvangen"


def test_waiting_for_prefers_declared_waits_then_task_groups():
    assert text.waiting_for(["aanvulling", "aanvulling", "advies"], ["wonen"], True) == "aanvulling; advies"
    assert text.waiting_for([], ["wonen", "wonen", "energie"], True) == "in behandeling bij wonen, energie"
    assert text.waiting_for([], [], True) == "in behandeling bij de gemeente"
    assert text.waiting_for([], [], False) is None


def test_projections_do_not_import_private_engine_helpers():
    for name in ("projections.py", "projection_case.py", "projection_text.py", "projection_views.py"):
        tree = ast.parse((ROOT / "services" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not any(a.name.startswith("_") for a in node.names), (name, node.module)
