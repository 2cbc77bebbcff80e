"""Pentest (session 10), finding 1: mila (Omgevingsdienst, an outside party) saw a case without its internal
conflicts, yet overrode an internal conflict of her afdeling (200, the whole hidden conflict in the answer)
and was told the afdeling of one of another. A conflict the case view hides is now unknown to her (the same
404 as an unknown id); a conflict she sees she may not override either: that judgement is the
municipality's. Through the API and the face, the data unchanged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from services.store.models import CaseConflict, CaseEvent
from tests.e2e.casefile_fixtures import deploy_permit, fake_locatiecheck, start_permit, task_of

HIDDEN = [
    {"afdeling": "Omgevingsdienst", "regel": "bevi-nabij", "intern": True, "beschrijving": "Bevi xyzzy"},
    {"afdeling": "Grondzaken", "regel": "grond-intern", "intern": True, "beschrijving": "Grond xyzzy"},
]
SHOWN = [
    {"afdeling": "Omgevingsdienst", "regel": "geluid-zone", "intern": False, "beschrijving": "Geluid"},
    {"afdeling": "Milieu", "regel": "bodem", "intern": False, "beschrijving": "Bodemverontreiniging"},
]


def _api(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{user}"}


def _case_mila_advises(platform: Any, browser_for: Any, enrich_case: Any) -> tuple[str, dict[str, int]]:
    """A permit case on which mila (Omgevingsdienst) has an advice task, with two internal conflicts and one
    she sees: the ids of the conflicts by rule."""
    fake_locatiecheck(platform)
    deploy_permit(platform)
    ref = start_permit(platform)["zaak"]
    intake = task_of(platform, ref, "anna", "Ontvankelijkheid")
    assert browser_for("anna").post(f"/taken/{intake['id']}", {"compleet": "true"}).status_code == 302
    task_of(platform, ref, "mila", "Advies Milieu")  # mila may open the case
    enrich_case(ref, conflicts=[*HIDDEN, *SHOWN])
    with platform.uow(write=False) as uow:
        ids = {c.regel: c.id for c in uow.session.scalars(select(CaseConflict)).all()}
    return ref, ids


def _state(platform: Any) -> tuple[Any, ...]:
    with platform.uow(write=False) as uow:
        s = uow.session
        rows = s.execute(
            select(CaseConflict.id, CaseConflict.overschreven, CaseConflict.override_by).order_by(
                CaseConflict.id
            )
        ).all()
        return tuple(rows), s.scalar(select(func.count()).select_from(CaseEvent))


def test_a_hidden_conflict_is_unknown_to_an_outside_party(
    faces_platform, faces_app, browser_for, enrich_case
):
    ref, ids = _case_mila_advises(faces_platform, browser_for, enrich_case)
    client = faces_app.test_client()
    seen = client.get(f"/api/v1/zaken/{ref}", headers=_api("mila")).get_json()["conflicten"]
    assert ids["bevi-nabij"] not in {c["id"] for c in seen} and ids["geluid-zone"] in {c["id"] for c in seen}
    body = {"reden": "Niet van toepassing volgens de omgevingsdienst"}
    unknown = client.post(
        f"/api/v1/zaken/{ref}/conflicten/999999/overschrijven", json=body, headers=_api("mila")
    )
    assert unknown.status_code == 404 and unknown.get_json()["code"] == "conflict-onbekend"
    before = _state(faces_platform)
    mila = browser_for("mila")
    for rule in ("bevi-nabij", "grond-intern"):
        url = f"/api/v1/zaken/{ref}/conflicten/{ids[rule]}/overschrijven"
        resp = client.post(url, json=body, headers=_api("mila"))
        assert resp.status_code == 404, resp.get_json()
        answer = resp.get_json()
        assert answer["code"] == "conflict-onbekend"
        assert answer["detail"] == unknown.get_json()["detail"].replace("999999", str(ids[rule]))
        text = resp.get_data(as_text=True)
        assert "xyzzy" not in text and "Grondzaken" not in text and "Omgevingsdienst" not in text
        face = mila.post(f"/zaken/{ref}/conflicten/{ids[rule]}/overschrijven", {"reden": body["reden"]})
        assert face.status_code == 404
        assert "xyzzy" not in face.text and "Grondzaken" not in face.text
    assert _state(faces_platform) == before
    # the municipality's officer still overrides it
    url = f"/api/v1/zaken/{ref}/conflicten/{ids['bevi-nabij']}/overschrijven"
    ok = client.post(url, json=body, headers=_api("anna"))
    assert ok.status_code == 200 and ok.get_json()["overschreven_door"] == "anna"


def test_an_outside_party_does_not_override_a_conflict_it_sees(
    faces_platform, faces_app, browser_for, enrich_case
):
    """Overriding is the municipality's judgement: not the omgevingsdienst's, not even for a conflict of its
    own afdeling; the case page offers it no button."""
    ref, ids = _case_mila_advises(faces_platform, browser_for, enrich_case)
    client = faces_app.test_client()
    before = _state(faces_platform)
    body = {"reden": "Niet van toepassing volgens de omgevingsdienst"}
    for rule in ("geluid-zone", "bodem"):  # of Omgevingsdienst and Milieu, both groups of mila
        url = f"/api/v1/zaken/{ref}/conflicten/{ids[rule]}/overschrijven"
        resp = client.post(url, json=body, headers=_api("mila"))
        assert resp.status_code == 403, resp.get_json()
        assert resp.get_json()["code"] == "overschrijven-geen-recht"
        assert "Alleen de gemeente" in resp.get_json()["detail"]
        face = browser_for("mila").post(f"/zaken/{ref}/conflicten/{ids[rule]}/overschrijven", body)
        assert face.status_code == 403
    assert _state(faces_platform) == before
    page = browser_for("mila").get(f"/zaken/{ref}")
    assert page.status_code == 200 and "Geluid" in page.text
    assert "Conflict overschrijven" not in page.text and "xyzzy" not in page.text
    assert "Conflict overschrijven" in browser_for("anna").get(f"/zaken/{ref}").text
