"""Task access found by the fourth tester round.

1. A task without candidate groups (a model without lanes, a Camunda import with an assignee) was
   everyone's: an initiator's or outside party's token read, claimed and completed it, and the answer
   gave the initiator the case's volgcode; yet it was in nobody's inbox. Now it is the municipality's
   staff's who may see its case, and it is in their inbox.
2. The task routes told the task's state (its name, who completed or holds it, whether it is free) and
   whether an account name exists before checking who asks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services import cases, deployments, inbox
from services.platform import Platform
from services.store.models import HumanTask, TaskCandidate

LANELESS = Path(__file__).resolve().parent.parent / "fixtures" / "bpmn" / "event_subprocess.bpmn"


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{name}"}


def _row(platform: Platform, task_id: int) -> tuple[str, str | None, str | None]:
    with platform.uow(write=False) as uow:
        task = uow.session.get(HumanTask, task_id)
        assert task is not None
        return task.state, task.assignee, task.completed_by


@pytest.fixture
def laneless(faces_platform: Platform) -> dict[str, Any]:
    """A case of a model without lanes, registered by anna: its one open task has no candidate group."""
    deployments.deploy(faces_platform, deployments.read_files([LANELESS]), user="bea")
    case = cases.start_case(faces_platform, "evsub", {}, user="anna", title="Melding zonder lanes")
    [task] = case["open_taken"]
    assert task["kandidaatgroepen"] == []
    return {"zaak": case["zaak"], "task_id": task["id"]}


@pytest.mark.parametrize("outsider", ["coop", "nina", "rob"])  # initiator, outside party, adviser not on it
def test_a_task_without_groups_is_not_an_outsiders(faces_app: Any, laneless: dict[str, Any], outsider: str):
    client, platform = faces_app.test_client(), faces_app.extensions["ruimteflow"]
    tid = laneless["task_id"]
    assert client.get(f"/api/v1/taken/{tid}", headers=bearer(outsider)).status_code == 403
    assert client.post(f"/api/v1/taken/{tid}/claim", headers=bearer(outsider)).status_code == 403
    done = client.post(f"/api/v1/taken/{tid}/voltooien", json={"gegevens": {}}, headers=bearer(outsider))
    assert done.status_code == 403 and "volgcode" not in done.text
    assert json.loads(done.text)["code"] == "taak-geen-toegang"
    assert "Werk" not in done.text  # not even the task's name
    listed = json.loads(client.get("/api/v1/taken", headers=bearer(outsider)).text)
    assert tid not in [t["id"] for t in listed["taken"]]
    assert _row(platform, tid) == ("open", None, None)


def test_nobody_assigns_a_task_without_groups_to_an_initiator_or_outside_party(
    faces_app: Any, laneless: dict[str, Any]
):
    client, platform = faces_app.test_client(), faces_app.extensions["ruimteflow"]
    tid = laneless["task_id"]
    for target in ("coop", "nina"):
        resp = client.post(
            f"/api/v1/taken/{tid}/toewijzen", json={"gebruiker": target}, headers=bearer("tom")
        )
        assert resp.status_code == 400, resp.text[:300]
        assert json.loads(resp.text)["code"] == "toewijzing-ongeldig"
    assert _row(platform, tid) == ("open", None, None)


def test_staff_who_may_see_the_case_find_claim_and_complete_it(faces_app: Any, laneless: dict[str, Any]):
    client, platform = faces_app.test_client(), faces_app.extensions["ruimteflow"]
    tid = laneless["task_id"]
    for officer in ("anna", "tom"):  # behandelaars: a model without lanes is every behandelaar's
        listed = json.loads(client.get("/api/v1/taken", headers=bearer(officer)).text)
        assert tid in [t["id"] for t in listed["taken"]], officer
        assert listed["totaal"] == len(listed["taken"])
        assert client.get(f"/api/v1/taken/{tid}", headers=bearer(officer)).status_code == 200
    assert inbox.counts(platform, "anna") == {"mijn": 0, "team": 1}
    assert [t["id"] for t in inbox.list_tasks(platform, "tom", scope="team")["taken"]] == [tid]
    procedure = inbox.get_task(platform, tid, "anna")["procedure"]
    filtered = inbox.list_tasks(platform, "anna", scope="team", procedure=procedure)
    assert [t["id"] for t in filtered["taken"]] == [tid] and filtered["totaal"] == 1
    assert inbox.list_tasks(platform, "rob")["taken"] == []  # an adviser with no task on the case
    claimed = client.post(f"/api/v1/taken/{tid}/claim", headers=bearer("anna"))
    assert claimed.status_code == 200 and json.loads(claimed.text)["toegewezen_aan"] == "anna"
    assert [t["id"] for t in inbox.list_tasks(platform, "anna", scope="mijn")["taken"]] == [tid]
    assert inbox.list_tasks(platform, "tom")["taken"] == []  # taken: no longer in the open list
    assert [t["id"] for t in inbox.list_tasks(platform, "tom", scope="team")["taken"]] == [tid]
    done = client.post(f"/api/v1/taken/{tid}/voltooien", json={"gegevens": {}}, headers=bearer("anna"))
    assert done.status_code == 200, done.text[:300]
    assert json.loads(done.text)["volgcode"] is None
    assert _row(platform, tid) == ("voltooid", "anna", "anna")
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(TaskCandidate).where(TaskCandidate.task_id == tid)).all()
        assert [(c.group_name, c.open) for c in rows] == [
            ("", False)
        ]  # the inbox row of a task without groups


def test_the_faces_show_a_task_without_groups_to_staff_only(browser_for: Any, laneless: dict[str, Any]):
    tid = laneless["task_id"]
    anna = browser_for("anna")
    assert f'href="/taken/{tid}"' in anna.get("/inbox?tab=team").text
    page = anna.get(f"/taken/{tid}")
    assert page.status_code == 200 and "medewerkers van de gemeente" in page.text
    assert "Taak afronden" in page.text or "Oppakken" in page.text
    for outsider in ("nina", "mila"):
        assert browser_for(outsider).get(f"/taken/{tid}").status_code == 403
        assert browser_for(outsider).post(f"/taken/{tid}/oppakken").status_code == 403


# -- 2. rights before state ----------------------------------------------------------------------------
def _permit_tasks(client: Any) -> tuple[int, int, int]:
    """Three Vergunningen tasks: one completed by anna, one claimed by anna, one free."""
    for title in ("Dakkapel Jansen", "Aanbouw Pietersen", "Schuur De Vries"):
        body = {"proces": "vergunning_klein", "titel": title, "gegevens": {}}
        assert client.post("/api/v1/zaken", json=body, headers=bearer("anna")).status_code == 201
    ids = sorted(
        t["id"] for t in json.loads(client.get("/api/v1/taken", headers=bearer("anna")).text)["taken"]
    )
    done, held, free = ids[:3]
    assert (
        client.post(
            f"/api/v1/taken/{done}/voltooien", json={"gegevens": {"compleet": True}}, headers=bearer("anna")
        ).status_code
        == 200
    )
    assert client.post(f"/api/v1/taken/{held}/claim", headers=bearer("anna")).status_code == 200
    return done, held, free


@pytest.mark.parametrize("outsider", ["coop", "nina", "jet"])
def test_a_refused_caller_learns_nothing_of_a_task(faces_app: Any, outsider: str):
    client = faces_app.test_client()
    done, held, free = _permit_tasks(client)
    calls = [
        ("get", f"/api/v1/taken/{done}", None),
        ("post", f"/api/v1/taken/{done}/voltooien", {"gegevens": {}}),
        ("post", f"/api/v1/taken/{done}/claim", None),
        ("post", f"/api/v1/taken/{held}/claim", None),
        ("post", f"/api/v1/taken/{held}/voltooien", {"gegevens": {}}),
        ("post", f"/api/v1/taken/{free}/unclaim", None),
        ("post", f"/api/v1/taken/{held}/unclaim", None),
    ]
    for method, url, body in calls:
        resp = getattr(client, method)(url, json=body, headers=bearer(outsider))
        assert resp.status_code == 403, (url, resp.status_code, resp.text[:300])
        assert "anna" not in resp.text and "beoordelen" not in resp.text, (url, resp.text)
    # whether an account name exists: the same refusal for a known and an unknown name
    answers = {
        who: client.post(f"/api/v1/taken/{free}/toewijzen", json={"gebruiker": who}, headers=bearer(outsider))
        for who in ("tom", "bestaat-niet")
    }
    assert {r.status_code for r in answers.values()} == {403}
    assert json.loads(answers["tom"].text)["detail"] == json.loads(answers["bestaat-niet"].text)["detail"]


@pytest.mark.parametrize("outsider", ["coop", "nina", "jet"])
def test_completing_a_task_one_may_not_see_names_no_group(faces_app: Any, outsider: str):
    """Tester finding: completing a task one may not see answered "U bent geen lid van Vergunningen",
    where GET, claim, unclaim and toewijzen said only that it is not one's teams'; walking task ids told
    which teams and organisations work on other cases. Every task route now answers alike."""
    client = faces_app.test_client()
    done, held, free = _permit_tasks(client)
    seen = json.loads(client.get(f"/api/v1/taken/{free}", headers=bearer(outsider)).text)
    for tid in (done, held, free):
        resp = client.post(f"/api/v1/taken/{tid}/voltooien", json={"gegevens": {}}, headers=bearer(outsider))
        assert resp.status_code == 403 and "Vergunningen" not in resp.text, resp.text
        body = json.loads(resp.text)
        assert (
            (body["code"], body["detail"])
            == (seen["code"], seen["detail"])
            == (
                "taak-geen-toegang",
                "Deze taak hoort niet bij uw teams.",
            )
        )


def test_who_may_see_the_task_still_hears_why(faces_app: Any):
    """A colleague in the group still gets the 409 that names who completed or holds the task."""
    client = faces_app.test_client()
    done, held, _free = _permit_tasks(client)
    again = client.post(f"/api/v1/taken/{done}/voltooien", json={"gegevens": {}}, headers=bearer("tom"))
    assert again.status_code == 409 and "al voltooid door Anna de Vries" in json.loads(again.text)["detail"]
    taken = client.post(f"/api/v1/taken/{held}/claim", headers=bearer("tom"))
    assert taken.status_code == 409 and json.loads(taken.text)["code"] == "taak-al-opgepakt"
    assert "al opgepakt door Anna de Vries" in json.loads(taken.text)["detail"]  # her name, not the login
    unknown = client.post(
        f"/api/v1/taken/{held}/toewijzen", json={"gebruiker": "bestaat-niet"}, headers=bearer("tom")
    )
    assert unknown.status_code == 404 and json.loads(unknown.text)["code"] == "gebruiker-onbekend"


# -- the case search reads only what the caller may see -------------------------------------------------
def test_an_outside_party_cannot_find_a_case_by_the_initiator_it_may_not_see(faces_platform: Platform):
    """mila (extern) saw 'Initiatiefnemer —' on a case, yet the search matched the hidden name: it could
    be confirmed, and recovered letter by letter."""
    from services import case_queries, users

    users.add_user(faces_platform, "olga", groups=["Juridisch", "Omgevingsdienst"], role="adviseur")
    case = cases.start_case(
        faces_platform, "vergunning_klein", {}, user="anna", title="Dakkapel", initiator="L. Boer"
    )
    [task] = case["open_taken"]
    cases.complete_task(faces_platform, task["id"], "anna", {"compleet": True})  # on to Juridisch: olga's
    found = case_queries.search_cases(faces_platform, "olga", text="Dakkapel")
    assert [z["zaak"] for z in found["zaken"]] == [case["zaak"]] and found["zaken"][0][
        "initiatiefnemer"
    ] is None
    for text in ("L. Boer", "boer", "l. b"):
        assert case_queries.search_cases(faces_platform, "olga", text=text)["totaal"] == 0, text
    assert [z["zaak"] for z in case_queries.search_cases(faces_platform, "anna", text="boer")["zaken"]] == [
        case["zaak"]
    ]
