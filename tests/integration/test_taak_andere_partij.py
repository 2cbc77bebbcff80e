"""An outside party's teamleider hands back or reassigns only the tasks its own organisation holds.

Review finding (sessie11, claim11 1): a task shared by a department and an outside party (its candidate
groups name both) could be handed back (unclaim) or reassigned by the outside party's teamleider while a
municipal officer held it: "a teamleider who may see it can hand it back or assign it" made no difference
between the sides, and the outside party took the work away from the municipality's officer. Now a lead of
an outside organisation (a group ``[partijen] extern`` lists, or one registered with ``users add
--organisatie G --partij P``) hands back or reassigns a task only when its own organisation holds it
(403 taak-van-andere-partij otherwise, without the officer's name), and its inbox offers no button for the
others. The municipality's teamleider keeps the power over every task it may see, also one an outside
party's account holds: the municipality runs the case as its bevoegd gezag.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from services import cases, inbox, users
from services.platform import Platform
from tests.e2e.harness import csrf_from, logged_in
from tests.integration.test_kavel_namen import samen
from web import create_app

__all__ = ["samen"]  # the fixture: a model whose one task the case's "groepen" share (vera, nina)

PASSWORD = "geheim-wachtwoord-1"
LIANDER = "Liander"  # an organisation registered for the party Netbeheerder


@pytest.fixture
def sides(samen: Platform) -> dict[str, str]:
    """The accounts per side: the municipality's vera and its teamleider tom; per outside group (the listed
    Netbeheerder; the organisation Liander) a member and a teamleider."""
    users.add_user(samen, "vera", groups=["Vergunningen"], role="vergunningverlener", token="t-vera")
    users.add_user(samen, "tom", groups=["Vergunningen"], role="teamleider", token="t-tom")
    users.add_user(samen, "nina", groups=["Netbeheerder"], role="adviseur", token="t-nina")
    users.add_user(
        samen, "nico", groups=["Netbeheerder"], role="teamleider", token="t-nico", password=PASSWORD
    )
    users.add_user(samen, "lars", organisaties=[LIANDER], partij="Netbeheerder", token="t-lars")
    users.add_user(samen, "lotte", organisaties=[LIANDER], role="teamleider", token="t-lotte")
    return {"Netbeheerder": "nina", LIANDER: "lars"}


def _held(platform: Platform, group: str, holder: str) -> int:
    """The one task of a new case, shared by Vergunningen and ``group``, claimed by ``holder``."""
    case = cases.start_case(platform, "samen_overleggen", {"groepen": ["Vergunningen", group]})
    [task] = case["open_taken"]
    inbox.claim(platform, task["id"], holder)
    return int(task["id"])


def _api(platform: Platform) -> FlaskClient:
    return create_app(platform.settings, platform=platform).test_client()


def _as(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer t-{name}"}


def _holder(platform: Platform, task_id: int) -> Any:
    return inbox.get_task(platform, task_id, "tom")["toegewezen_aan"]


@pytest.mark.parametrize(("group", "lead"), [("Netbeheerder", "nico"), (LIANDER, "lotte")])
def test_an_outside_lead_does_not_take_a_task_from_the_municipalitys_officer(
    samen: Platform, sides: dict[str, str], group: str, lead: str
) -> None:
    task_id = _held(samen, group, "vera")
    client = _api(samen)
    unclaim = client.post(f"/api/v1/taken/{task_id}/unclaim", headers=_as(lead))
    member = sides[group]
    assign = client.post(f"/api/v1/taken/{task_id}/toewijzen", headers=_as(lead), json={"gebruiker": member})
    for refused in (unclaim, assign):
        assert refused.status_code == 403, refused.text
        body = refused.get_json()
        assert body["code"] == "taak-van-andere-partij", body
        assert "iemand anders" in body["detail"] and "uw eigen organisatie" in body["detail"], body
        assert "vera" not in refused.text
    assert _holder(samen, task_id) == "vera"  # the data stayed


@pytest.mark.parametrize(("group", "lead"), [("Netbeheerder", "nico"), (LIANDER, "lotte")])
def test_an_outside_lead_still_hands_on_its_own_organisations_task(
    samen: Platform, sides: dict[str, str], group: str, lead: str
) -> None:
    member = sides[group]
    task_id = _held(samen, group, member)
    client = _api(samen)
    moved = client.post(f"/api/v1/taken/{task_id}/toewijzen", headers=_as(lead), json={"gebruiker": lead})
    assert moved.status_code == 200, moved.text
    assert _holder(samen, task_id) == lead
    inbox.assign(samen, task_id, lead, member)  # back to its member
    back = client.post(f"/api/v1/taken/{task_id}/unclaim", headers=_as(lead))
    assert back.status_code == 200, back.text
    assert _holder(samen, task_id) is None


def test_the_municipalitys_lead_keeps_the_power_over_every_task_it_sees(
    samen: Platform, sides: dict[str, str]
) -> None:
    client = _api(samen)
    for group, member in sides.items():  # also one an outside party's account holds
        task_id = _held(samen, group, member)
        assert client.post(f"/api/v1/taken/{task_id}/unclaim", headers=_as("tom")).status_code == 200
        assert _holder(samen, task_id) is None
        assert inbox.assign(samen, task_id, "tom", "vera")["toegewezen_aan"] == "vera"
        assert inbox.unclaim(samen, task_id, "tom")["toegewezen_aan"] is None


def _face(platform: Platform, name: str) -> FlaskClient:
    return logged_in(create_app(platform.settings, platform=platform), name, PASSWORD)


def _row(page: str, task_id: int) -> str:
    """The inbox row of the task: from its claim/unclaim/assign forms' task id to the row's end."""
    start = page.index(f"/taken/{task_id}")
    return page[start : page.index("</tr>", start)]


def test_the_inbox_offers_an_outside_lead_only_the_buttons_it_may_use(
    samen: Platform, sides: dict[str, str]
) -> None:
    officers = _held(samen, "Netbeheerder", "vera")
    own = _held(samen, "Netbeheerder", "nina")
    nico = _face(samen, "nico")
    page = nico.get("/inbox?tab=team").get_data(as_text=True)
    assert "vera" not in page
    theirs, ours = _row(page, officers), _row(page, own)
    assert "Teruggeven" not in theirs and "Toewijzen" not in theirs, theirs
    assert "Teruggeven" in ours and "Toewijzen" in ours, ours
    # a stale page's post: refused in words, not with an error page
    done = nico.post(f"/taken/{officers}/teruggeven", data={"csrf_token": csrf_from(page)})
    assert done.status_code == 302
    told = nico.get("/inbox?tab=team").get_data(as_text=True)
    assert "uw eigen organisatie" in told and "vera" not in told
    assert _holder(samen, officers) == "vera"


@pytest.mark.parametrize(("group", "member"), [("Netbeheerder", "nina"), (LIANDER, "lars")])
def test_an_outside_party_gives_a_task_only_to_its_own_organisation(
    samen: Platform, sides: dict[str, str], group: str, member: str
) -> None:
    """Its inbox offers only its own organisation's accounts; the API gave a shared task to the
    municipality's officer too, and told which account names exist and which are the task's candidates
    ("rob is geen lid van ..." against 404 gebruiker-onbekend). Now every other name is refused alike."""
    users.add_user(samen, "rob", groups=["Juridisch"], role="adviseur")
    case = cases.start_case(samen, "samen_overleggen", {"groepen": ["Vergunningen", group]})
    task_id = int(case["open_taken"][0]["id"])
    client = _api(samen)
    refusals = []
    for to in ("vera", "rob", "bestaat-niet"):
        refused = client.post(
            f"/api/v1/taken/{task_id}/toewijzen", headers=_as(member), json={"gebruiker": to}
        )
        assert refused.status_code == 403, refused.text
        refusals.append(refused.get_json())
    assert refusals[0] == refusals[1] == refusals[2], refusals
    assert (
        refusals[0]["code"] == "toewijzing-buiten-organisatie"
        and "eigen organisatie" in refusals[0]["detail"]
    )
    assert _holder(samen, task_id) is None
    lead = "nico" if group == "Netbeheerder" else "lotte"
    given = client.post(f"/api/v1/taken/{task_id}/toewijzen", headers=_as(member), json={"gebruiker": lead})
    assert given.status_code == 200, given.text
    assert _holder(samen, task_id) == lead
    # the municipality's own still give it to anyone who may take it
    assert inbox.assign(samen, task_id, "tom", member)["toegewezen_aan"] == member
