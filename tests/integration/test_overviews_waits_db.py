"""What a case waits on, read set-based for a page of the inbox and the case list and for the dashboard
(services/waits/open_requests.py), on SQLite and PostgreSQL: the dwangsom read from the case's summary
in the same statement as its holder, an overdue outside question, and nothing of the case for an
outside party's inbox (review officer12 F2, F3)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, select

from services import case_queries, cases, deployments, inbox, policy, users
from services.clock import today
from services.platform import Platform
from services.store.models import Case, HumanTask, TaskCandidate
from services.waits import open_requests

LANELESS = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "event_subprocess.bpmn"
STAND = {
    "ingebrekestelling_ontvangen": "2026-02-01",
    "peildatum": "2026-03-01",
    "uiterste_beslisdatum": "2026-01-30",
    "start": "2026-02-15",
    "dagen": 15,
    "bedrag_euro": 345,
    "maximum_bereikt": False,
    "status": "loopt",
}


def test_the_page_reads_the_holder_the_dwangsom_and_the_overdue_outside_question(
    any_platform: Platform,
) -> None:
    p = any_platform
    users.add_user(p, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(p, "nina", groups=["Netbeheerder"], role="adviseur")
    users.add_user(p, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(p, deployments.read_files([LANELESS]), user="bea")
    ref = cases.start_case(p, "evsub", {}, user="anna", title="Melding")["zaak"]
    day = today(p.clock)
    with p.uow() as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        case.summary = {**(case.summary or {}), "dwangsom": STAND}
        task = uow.session.scalars(select(HumanTask).where(HumanTask.case_id == case.id)).one()
        task.candidate_groups, task.due_on = ["Netbeheerder"], day - timedelta(days=1)
        uow.session.execute(delete(TaskCandidate).where(TaskCandidate.task_id == task.id))
        uow.session.add(TaskCandidate(task_id=task.id, group_name="Netbeheerder", open=True, unassigned=True))
        uow.commit()

    [row] = inbox.list_tasks(p, "bea", scope="alle", with_waits=True)["taken"]
    assert row["zaak_wacht"]["dwangsom"] == "Dwangsom loopt (€ 345)"
    [late] = row["zaak_wacht"]["extern_te_laat"]
    assert (
        late["organisatie"] == "Netbeheerder" and late["vervaldatum"] == (day - timedelta(days=1)).isoformat()
    )
    [listed] = case_queries.search_cases(p, "bea")["zaken"]
    assert listed["dwangsom"] == "Dwangsom loopt (€ 345)" and listed["extern_te_laat"] == [late]
    assert (
        "zaak_wacht" not in inbox.list_tasks(p, "bea", scope="alle")["taken"][0]
    )  # the API's list is unchanged
    [theirs] = inbox.list_tasks(p, "nina", with_waits=True)["taken"]  # an outside party: its task only
    assert "zaak_wacht" not in theirs
    with p.uow(write=False) as uow:
        external = policy.external_groups(uow.session, p.settings)
        [asked] = open_requests.open_requests(uow.session, external, limit=open_requests.MAX_LISTED)
    assert asked.as_dict(day) == late | {"titel": "Melding"}


def test_the_dashboard_lists_the_running_dwangsommen_of_the_leads_cases(any_platform: Platform) -> None:
    """A team lead sees which besluit costs money every day (Awb 4:17): the running dwangsom of a case of
    the team, not a vastgestelde one, not one of a closed case, not one of another team's case; an
    outside organisation's lead sees none."""
    from services import dashboard

    p = any_platform
    users.add_user(p, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(p, "lea", groups=["Vergunningen"], role="teamleider")
    users.add_user(p, "olaf", groups=["Openbare Ruimte"], role="teamleider")
    users.add_user(p, "nina", groups=["Netbeheerder"], role="teamleider")
    users.add_user(p, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(p, deployments.read_files([LANELESS]), user="bea")
    refs = [
        cases.start_case(p, "evsub", {}, user="anna", title=t)["zaak"] for t in ("Loopt", "Klaar", "Dicht")
    ]
    stands = {
        refs[0]: STAND,
        refs[1]: {**STAND, "status": "vastgesteld"},
        refs[2]: STAND,
    }
    with p.uow() as uow:
        for case in uow.session.scalars(select(Case).where(Case.reference.in_(refs))):
            case.summary = {**(case.summary or {}), "dwangsom": stands[case.reference]}
            case.status = "afgerond" if case.reference == refs[2] else case.status
            for task in uow.session.scalars(select(HumanTask).where(HumanTask.case_id == case.id)):
                task.candidate_groups = ["Vergunningen"]
                uow.session.execute(delete(TaskCandidate).where(TaskCandidate.task_id == task.id))
                uow.session.add(
                    TaskCandidate(task_id=task.id, group_name="Vergunningen", open=True, unassigned=True)
                )
        uow.commit()

    [running] = dashboard.for_user(p, "lea", None, None)["cijfers"]["dwangsommen"]
    assert running == {
        "zaak": refs[0],
        "titel": "Loopt",
        "status": "loopt",
        "start": "2026-02-15",
        "dagen": 15,
        "bedrag_euro": 345,
        "tekst": "Dwangsom loopt sinds 15 februari 2026: 15 dagen, € 345 (max. 42 dagen).",
    }
    assert [d["zaak"] for d in dashboard.for_user(p, "bea", None, None)["cijfers"]["dwangsommen"]] == [
        refs[0]
    ]
    assert dashboard.for_user(p, "olaf", None, None)["cijfers"]["dwangsommen"] == []
    assert dashboard.for_user(p, "nina", None, None)["cijfers"]["dwangsommen"] == []
