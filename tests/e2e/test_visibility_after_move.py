"""Access to a case follows the account's current groups: a move ends what the old group's tasks gave.

Outside tester (LOW, AVG): nina (Netbeheerder) completed a task of a case; `users add nina --role adviseur
--group Woningcorporatie --bijwerken` released her claimed tasks, yet her session still opened the case
(200): a Netbeheerder case seen by a Woningcorporatie account. Likewise anna, moved from vergunningverlener
to adviseur in Juridisch, still opened a case of Vergunningen's that jet (adviseur in Juridisch) may not
open. The policy gave a case to whoever held or completed one of its tasks, whatever its groups now. Now a
past task gives its case only while the account is in one of that task's candidate groups, in the session
and with the token alike, on the case, in every list (API, case list face, map) and on the task it
completed there; a task without candidate groups still gives it to whoever held or completed it
(tests/e2e/test_authorization_tasks.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from services import cases, deployments, inbox, users
from services.platform import Platform
from services.store.models import HumanTask
from tests.e2e.harness import logged_in
from tests.integration.inbox_case import model
from web import create_app

PASSWORD = "wachtwoord-voor-de-test"
POINT = "POINT (226000 448000)"  # in the demo municipality (RD)
BBOX = "6.3,51.9,6.6,52.1"  # around it (WGS84)


def _bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer t-{name}"}


def _account(platform: Platform, name: str, group: str, role: str) -> None:
    users.add_user(platform, name, groups=[group], role=role, password=PASSWORD, token=f"t-{name}")


@pytest.fixture
def app(any_platform: Platform) -> Flask:
    """The accounts of the finding, on SQLite and on PostgreSQL."""
    for name, group, role in [
        ("bea", "Beheer", "beheerder"),
        ("anna", "Vergunningen", "vergunningverlener"),
        ("jet", "Juridisch", "adviseur"),
        ("nina", "Netbeheerder", "adviseur"),
        ("wim", "Woningcorporatie", "adviseur"),
    ]:
        _account(any_platform, name, group, role)
    flask_app = create_app(any_platform.settings, platform=any_platform)
    flask_app.config["TESTING"] = True
    return flask_app


def _done_by(platform: Platform, lane: str, who: str) -> str:
    """A case started by anna (with a location) whose one task, in ``lane``, ``who`` claimed and completed."""
    deployments.deploy(platform, [("baan.bpmn", model(lane))], user="bea")
    case = cases.start_case(platform, "baan_proef", {}, user="anna", geometry_wkt=POINT, title="Aansluiting")
    [task] = case["open_taken"]
    inbox.claim(platform, task["id"], who)
    cases.complete_task(platform, task["id"], who)
    return str(case["zaak"])


def _opens(app: Flask, session: Any, name: str, ref: str) -> set[int]:
    """The status codes of ``ref``'s case page (the face, in ``session``) and case (the API, the token)."""
    face = session.get(f"/zaken/{ref}").status_code
    api = app.test_client().get(f"/api/v1/zaken/{ref}", headers=_bearer(name)).status_code
    return {face, api}


def _listed(app: Flask, session: Any, name: str, ref: str) -> dict[str, bool]:
    """Whether ``ref`` is in the API's case list, the case list face and the map, for ``name``."""
    client = app.test_client()
    api = client.get("/api/v1/zaken?limiet=500", headers=_bearer(name)).get_json()
    mapped = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=17", headers=_bearer(name)).get_json()
    return {
        "api": ref in [z["zaak"] for z in api["zaken"]],
        "face": ref in session.get("/zaken").text,
        "kaart": ref in [f["properties"].get("zaak") for f in mapped["features"]],
    }


def _seen(app: Flask, session: Any, name: str, ref: str) -> tuple[set[int], dict[str, bool]]:
    return _opens(app, session, name, ref), _listed(app, session, name, ref)


#: neither opened nor listed anywhere
GONE = ({404}, {"api": False, "face": False, "kaart": False})


def test_an_outside_party_moved_to_another_organisation_no_longer_sees_its_old_case(app: Flask) -> None:
    platform = app.extensions["ruimteflow"]
    ref = _done_by(platform, "Netbeheerder", "nina")
    session = logged_in(app, "nina", PASSWORD)
    # still in Netbeheerder: it finds its advice again, on the case and in every list
    assert _seen(app, session, "nina", ref) == ({200}, {"api": True, "face": True, "kaart": True})

    users.add_user(platform, "nina", groups=["Woningcorporatie"], role="adviseur", token="t-nina")
    assert _seen(app, session, "nina", ref) == GONE  # the session of before the move, and the token
    wim = logged_in(app, "wim", PASSWORD)  # as for the group it moved to
    assert _opens(app, wim, "wim", ref) == {404}


def test_an_officer_moved_to_another_department_sees_what_its_colleagues_there_see(app: Flask) -> None:
    platform = app.extensions["ruimteflow"]
    ref = _done_by(platform, "Vergunningen", "anna")
    session = logged_in(app, "anna", PASSWORD)
    assert _opens(app, session, "anna", ref) == {200}

    users.add_user(platform, "anna", groups=["Juridisch"], role="adviseur", token="t-anna")
    jet = logged_in(app, "jet", PASSWORD)
    assert _opens(app, jet, "jet", ref) == {404}
    assert _seen(app, session, "anna", ref) == GONE  # as jet: no task of Juridisch on it


def test_the_task_it_completed_in_its_old_group_is_closed_to_it_too(app: Flask) -> None:
    """The task page told the moved account the case's reference, title and its own answers: a task with
    candidate groups was also its assignee's, whatever its groups now."""
    platform = app.extensions["ruimteflow"]
    ref = _done_by(platform, "Netbeheerder", "nina")
    with platform.uow(write=False) as uow:
        task_id = uow.session.scalars(select(HumanTask.id).where(HumanTask.case_reference == ref)).one()
    session = logged_in(app, "nina", PASSWORD)
    api = app.test_client()
    opened = session.get(f"/taken/{task_id}"), api.get(f"/api/v1/taken/{task_id}", headers=_bearer("nina"))
    assert [r.status_code for r in opened] == [200, 200]  # still in Netbeheerder: its own advice

    users.add_user(platform, "nina", groups=["Woningcorporatie"], role="adviseur", token="t-nina")
    face, task = (
        session.get(f"/taken/{task_id}"),
        api.get(f"/api/v1/taken/{task_id}", headers=_bearer("nina")),
    )
    assert [face.status_code, task.status_code] == [403, 403]
    assert task.get_json()["code"] == "taak-geen-toegang"
    assert ref not in face.text + task.text


def test_the_fields_its_old_task_gave_end_with_the_move(app: Flask) -> None:
    """[taakvelden] gave the handler of a task the third parties' fields it reads (a bezwaar) for good,
    also after a move out of the task's groups: an account that still sees the case through its new group
    read them on. They follow the task's groups now, as the case and the task page do."""
    from services.policy.autorisatie import Rules
    from services.policy.reads import handled_fields

    platform = app.extensions["ruimteflow"]
    ref = _done_by(platform, "Netbeheerder", "nina")
    rules = Rules(frozenset(), {}, {}, task_fields={"baan_proef.invoer": frozenset({"bezwaar"})})
    with platform.uow(write=False) as uow:
        case_id = uow.session.scalars(select(HumanTask.case_id).where(HumanTask.case_reference == ref)).one()
        assert handled_fields(uow.session, "nina", ["Netbeheerder"], case_id, rules) == {"bezwaar"}
        assert handled_fields(uow.session, "nina", ["Woningcorporatie"], case_id, rules) == frozenset()
        # a member of the group that neither held nor completed the done task: none
        assert handled_fields(uow.session, "wim", ["Netbeheerder"], case_id, rules) == frozenset()
