"""An outside party reads a task, its list and its refusals without the officer's account name.

Review finding (sessie10b, of kavel2 47d467f): the case view hid the name of the officer who claimed a
task shared by a department and an outside party (policy.documents.task_names), but the netbeheerder
still read it in GET /api/v1/taken/<id> and /api/v1/taken?selectie=team (``toegewezen_aan``), on the
task page ("Toegewezen aan vera", "opgepakt door vera"), in the inbox's column, and in the refusals
("al opgepakt door vera", "toegewezen aan vera"). Now every read of a task follows the same rule: its own
name stays, another's is "iemand anders"; ``opgepakt`` says that it is taken, and the buttons still decide
from whether and by whom (server-side), not from the shown name.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from processes.errors import Conflict
from services import cases, inbox, users
from services.platform import Platform
from services.store.models import OutboxMessage
from tests.e2e.harness import csrf_from, logged_in
from tests.integration.inbox_case import claimed_by
from tests.integration.test_kavel_namen import samen
from web import create_app

__all__ = ["samen"]  # the fixture: a task shared by Vergunningen and Netbeheerder (vera, nina)

PASSWORD = "geheim-wachtwoord-1"


def _task(platform: Platform, ref: str) -> int:
    [task] = cases.get_case(platform, ref)["open_taken"]
    return int(task["id"])


def _api(platform: Platform) -> tuple[FlaskClient, dict[str, dict[str, str]]]:
    users.add_user(platform, "vera", groups=["Vergunningen"], role="vergunningverlener", token="t-vera")
    users.add_user(platform, "nina", groups=["Netbeheerder"], role="adviseur", token="t-nina")
    headers = {name: {"Authorization": f"Bearer t-{name}"} for name in ("vera", "nina")}
    return create_app(platform.settings, platform=platform).test_client(), headers


def _face(platform: Platform) -> FlaskClient:
    """A logged-in browser session of the netbeheerder nina (its password set here)."""
    users.add_user(platform, "nina", groups=["Netbeheerder"], role="adviseur", password=PASSWORD)
    return logged_in(create_app(platform.settings, platform=platform), "nina", PASSWORD)


def _csrf(client: FlaskClient, url: str) -> str:
    return csrf_from(client.get(url).get_data(as_text=True))


def test_the_api_task_and_its_lists_do_not_name_the_officer(samen: Platform) -> None:
    task_id = _task(samen, claimed_by(samen, "vera"))
    client, headers = _api(samen)
    one = client.get(f"/api/v1/taken/{task_id}", headers=headers["nina"])
    assert one.status_code == 200
    body: dict[str, Any] = one.get_json()
    assert body["toegewezen_aan"] is None and body["opgepakt"] is True and "vera" not in one.text
    for scope in ("team", "open", "alle"):
        listed = client.get(f"/api/v1/taken?selectie={scope}", headers=headers["nina"])
        assert listed.status_code == 200 and "vera" not in listed.text, scope
    [row] = client.get("/api/v1/taken?selectie=team", headers=headers["nina"]).get_json()["taken"]
    assert row["toegewezen_aan"] is None and row["opgepakt"] is True
    # the municipality's own still read who holds it
    own = client.get(f"/api/v1/taken/{task_id}", headers=headers["vera"]).get_json()
    assert own["toegewezen_aan"] == "vera" and own["opgepakt"] is True


def test_the_refusals_do_not_name_the_officer(samen: Platform) -> None:
    task_id = _task(samen, claimed_by(samen, "vera"))
    client, headers = _api(samen)
    nina = headers["nina"]
    claim = client.post(f"/api/v1/taken/{task_id}/claim", headers=nina)
    assert claim.status_code == 409 and claim.get_json()["code"] == "taak-al-opgepakt"
    assert "al opgepakt door iemand anders" in claim.get_json()["detail"]
    complete = client.post(f"/api/v1/taken/{task_id}/voltooien", headers=nina, json={})
    assert complete.status_code == 403 and complete.get_json()["code"] == "taak-van-ander"
    assert "toegewezen aan iemand anders" in complete.get_json()["detail"]
    unclaim = client.post(f"/api/v1/taken/{task_id}/unclaim", headers=nina)
    assert unclaim.status_code == 403 and unclaim.get_json()["code"] == "taak-van-ander"
    assign = client.post(f"/api/v1/taken/{task_id}/toewijzen", headers=nina, json={"gebruiker": "nina"})
    assert assign.status_code == 403 and assign.get_json()["code"] == "taak-al-opgepakt"
    for refused in (claim, complete, unclaim, assign):
        assert "vera" not in refused.text, refused.text
    assert inbox.get_task(samen, task_id, "vera")["toegewezen_aan"] == "vera"  # the data stayed
    cases.complete_task(samen, task_id, "vera", {})
    done = client.post(f"/api/v1/taken/{task_id}/voltooien", headers=nina, json={})
    assert done.status_code == 409 and "vera" not in done.text
    assert "al voltooid door iemand anders" in done.get_json()["detail"]
    # a colleague in the municipality still hears who holds it
    users.add_user(samen, "wim", groups=["Vergunningen"], role="vergunningverlener")
    other = _task(samen, claimed_by(samen, "vera"))
    with pytest.raises(Conflict, match="al opgepakt door vera"):
        inbox.claim(samen, other, "wim")


def test_the_task_page_and_the_inbox_do_not_name_the_officer(samen: Platform) -> None:
    task_id = _task(samen, claimed_by(samen, "vera"))
    nina = _face(samen)
    page = nina.get(f"/taken/{task_id}").get_data(as_text=True)
    assert "vera" not in page
    assert "<dt>Toegewezen aan</dt><dd>iemand anders</dd>" in page
    assert "Deze taak is opgepakt door iemand anders." in page
    assert "Taak oppakken" not in page and "Taak afronden" not in page  # taken by another: no buttons
    for url in ("/inbox?tab=team", "/inbox"):
        inbox_page = nina.get(url).get_data(as_text=True)
        assert "vera" not in inbox_page and "Iemand anders" in inbox_page, url
        assert ">Oppakken<" not in inbox_page, url


def test_an_outside_party_still_claims_and_completes_its_own_task(samen: Platform) -> None:
    ref = str(
        cases.start_case(samen, "samen_overleggen", {"groepen": ["Vergunningen", "Netbeheerder"]})["zaak"]
    )
    task_id = _task(samen, ref)
    nina = _face(samen)
    team = nina.get("/inbox?tab=team").get_data(as_text=True)
    assert ">Oppakken<" in team and "Niemand" in team
    # it assigns among its own groups: the officers' account names are not offered either
    assert 'value="vera"' not in team and 'value="nina"' in team
    token = _csrf(nina, f"/taken/{task_id}")
    assert nina.post(f"/taken/{task_id}/oppakken", data={"csrf_token": token}).status_code == 302
    page = nina.get(f"/taken/{task_id}").get_data(as_text=True)
    assert "<dt>Toegewezen aan</dt><dd>nina</dd>" in page and "Taak afronden" in page
    assert inbox.get_task(samen, task_id, "nina")["toegewezen_aan"] == "nina"
    assert nina.post(f"/taken/{task_id}", data={"csrf_token": token}).status_code == 302
    assert cases.get_case(samen, ref)["open_taken"] == []


def test_the_assignment_mail_to_an_outside_party_does_not_name_the_officers_login(samen: Platform) -> None:
    # an officer without a display name assigns the shared task to the netbeheerder: the mail said
    # "vera heeft de taak ... aan u toegewezen", the login name the other reads of a task hide
    users.add_user(samen, "nina", groups=["Netbeheerder"], role="adviseur", email="nina@net.example")
    users.add_user(
        samen, "wim", groups=["Vergunningen"], role="vergunningverlener", email="wim@ruimtedal.example"
    )
    ref = str(
        cases.start_case(samen, "samen_overleggen", {"groepen": ["Vergunningen", "Netbeheerder"]})["zaak"]
    )
    inbox.assign(samen, _task(samen, ref), "vera", "nina")
    other = str(
        cases.start_case(samen, "samen_overleggen", {"groepen": ["Vergunningen", "Netbeheerder"]})["zaak"]
    )
    inbox.assign(samen, _task(samen, other), "vera", "wim")
    with samen.uow(write=False) as uow:
        mails = {m.payload["aan"]: m.payload for m in uow.session.scalars(select(OutboxMessage)).all()}
    to_nina, to_wim = mails["nina@net.example"], mails["wim@ruimtedal.example"]
    assert "vera" not in to_nina["tekst"] + to_nina["html"] and "Iemand heeft de taak" in to_nina["tekst"]
    assert "vera heeft de taak" in to_wim["tekst"]  # the municipality's own still read who it was
