"""The inbox of a task without candidate groups, on SQLite and PostgreSQL: the municipality's staff who
may see its case find it (open list, team tab, counts, filters); an adviser without a task on the case,
an outside party and an initiator do not (tester finding rv4: it was in nobody's inbox)."""

from __future__ import annotations

from pathlib import Path

from services import cases, deployments, inbox, users
from services.platform import Platform

LANELESS = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "event_subprocess.bpmn"


def test_staff_who_may_see_the_case_find_a_task_without_groups(any_platform: Platform) -> None:
    p = any_platform
    users.add_user(p, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(p, "rob", groups=["Juridisch"], role="adviseur")
    users.add_user(p, "nina", groups=["Netbeheerder"], role="adviseur")
    users.add_user(p, "coop", role="initiatiefnemer")
    deployments.deploy(p, deployments.read_files([LANELESS]), user="bea")
    ref = cases.start_case(p, "evsub", {}, user="anna", title="Melding")["zaak"]
    [tid] = [t["id"] for t in cases.get_case(p, ref)["open_taken"]]

    assert [t["id"] for t in inbox.list_tasks(p, "anna")["taken"]] == [tid]
    assert inbox.list_tasks(p, "anna")["totaal"] == 1
    assert [t["id"] for t in inbox.list_tasks(p, "anna", scope="team", procedure="evsub")["taken"]] == [tid]
    assert inbox.counts(p, "anna") == {"mijn": 0, "team": 1}
    for outsider in ("rob", "nina", "coop"):
        assert inbox.list_tasks(p, outsider)["totaal"] == 0, outsider
        assert inbox.counts(p, outsider) == {"mijn": 0, "team": 0}, outsider

    inbox.claim(p, tid, "anna")
    assert inbox.counts(p, "anna") == {"mijn": 1, "team": 0}
    assert [t["id"] for t in inbox.list_tasks(p, "anna", scope="mijn")["taken"]] == [tid]
    cases.complete_task(p, tid, "anna", {})
    assert inbox.list_tasks(p, "anna")["totaal"] == 0
