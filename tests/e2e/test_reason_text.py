"""The reasons an officer or a beheerder types are shown in the case file and its history: overriding a
conflict, deleting a document, pausing a case. A bidi or control character is refused at the field
(processes.tekens), over the API and in the face, nothing stored; a reason of invisible characters alone is
none (refused where one is required); accents, emoji and line breaks stay."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from services.store.models import Case, CaseConflict, CaseEvent, Document
from tests.e2e.test_faces_documenten import _doc_id, _upload
from tests.integration.document_helpers import pdf

ANNA, BEA = {"Authorization": "Bearer demo-anna"}, {"Authorization": "Bearer demo-bea"}
REVERSED = "Niet van \u202eginassapeot"
NEL = "Meting\u0085klopt niet"  # a C1 control character (NEXT LINE): XML and the form decoder let it through
INVISIBLE = "\u200b\u2060\u200b\u2060\u200b\u2060"


def _problem(resp: Any, code: str) -> dict[str, Any]:
    assert (resp.status_code, resp.mimetype) == (400, "application/problem+json"), resp.text[:300]
    problem = json.loads(resp.text)
    assert problem["code"] == code and problem["veld"] == "reden", problem
    return problem


def _conflict_state(platform: Any) -> tuple[Any, ...]:
    with platform.uow(write=False) as uow:
        s = uow.session
        rows = s.execute(select(CaseConflict.overschreven, CaseConflict.override_reason)).all()
        return tuple(rows), s.scalar(select(func.count()).select_from(CaseEvent))


def test_a_conflict_override_reason_with_a_refused_character_is_refused(
    browser_for, start_case, enrich_case, faces_platform, faces_app
):
    ref = start_case()["zaak"]
    enrich_case(ref, conflicts=[{"ernst": "blokkerend", "afdeling": "Natuur"}])
    with faces_platform.uow(write=False) as uow:
        conflict_id = uow.session.scalars(select(CaseConflict.id)).one()
    api, face = f"/api/v1/zaken/{ref}/conflicten/{conflict_id}/overschrijven", browser_for("anna")
    before = _conflict_state(faces_platform)
    client = faces_app.test_client()
    assert (
        "leesrichting omkeert"
        in _problem(client.post(api, json={"reden": REVERSED}, headers=ANNA), "tekst-ongeldig")["detail"]
    )
    assert (
        "stuurteken"
        in _problem(client.post(api, json={"reden": NEL}, headers=ANNA), "tekst-ongeldig")["fouten"]["reden"]
    )
    _problem(client.post(api, json={"reden": INVISIBLE}, headers=ANNA), "reden-ontbreekt")
    for reden, said in ((REVERSED, "leesrichting omkeert"), (INVISIBLE, "Geef een reden")):
        page = face.post(f"/zaken/{ref}/conflicten/{conflict_id}/overschrijven", {"reden": reden})
        assert page.status_code == 422
        fout = page.text[page.text.find(f'id="fout-reden-{conflict_id}"') :][:300]
        assert said in fout, fout
    assert _conflict_state(faces_platform) == before
    good = "Meting klopt niet — café Zoë 👍\nZie de tweede meting."
    resp = client.post(api, json={"reden": good}, headers=ANNA)
    assert resp.status_code == 200, resp.text[:300]
    assert _conflict_state(faces_platform)[0] == ((True, good),)


def _deleted(platform: Any) -> list[tuple[bool, str | None]]:
    with platform.uow(write=False) as uow:
        return [tuple(r) for r in uow.session.execute(select(Document.verwijderd, Document.verwijder_reden))]


def test_a_deletion_reason_with_a_refused_character_is_refused(
    browser_for, start_case, faces_platform, faces_app
):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    resp = _upload(anna, ref, pdf("dubbel"), "dubbel.pdf", titel="Dubbele tekening")
    doc_id = _doc_id(anna.get(resp.headers["Location"]).text)
    client, api = faces_app.test_client(), f"/api/v1/documenten/{doc_id}"
    _problem(client.delete(api, json={"reden": REVERSED}, headers=ANNA), "tekst-ongeldig")
    _problem(client.delete(api, json={"reden": INVISIBLE}, headers=ANNA), "reden-ontbreekt")
    face = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verwijderen", {"reden": NEL})
    assert face.status_code == 303
    assert "De reden bevat een stuurteken" in anna.get(face.headers["Location"]).text
    assert _deleted(faces_platform) == [(False, None)]
    good = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verwijderen", {"reden": "Dubbel ingediend 📄 (café)"})
    assert good.status_code == 303
    assert _deleted(faces_platform) == [(True, "Dubbel ingediend 📄 (café)")]


def _paused(platform: Any, ref: str) -> tuple[str, list[str]]:
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == ref)).one()
        texts = s.scalars(
            select(CaseEvent.message).where(CaseEvent.case_id == case.id, CaseEvent.kind == "gepauzeerd")
        )
        return case.status, list(texts)


def test_a_pause_reason_with_a_refused_character_is_refused(
    browser_for, start_case, faces_platform, faces_app
):
    ref = start_case()["zaak"]
    client, api = faces_app.test_client(), f"/api/v1/beheer/zaken/{ref}/pauzeren"
    _problem(client.post(api, json={"reden": REVERSED}, headers=BEA), "tekst-ongeldig")
    bea = browser_for("bea")
    face = bea.post(f"/beheer/zaken/{ref}/pauzeren", {"reden": NEL})
    assert face.status_code == 302
    assert "De reden bevat een stuurteken" in bea.get(face.headers["Location"]).text
    assert _paused(faces_platform, ref) == ("lopend", [])
    resp = client.post(api, json={"reden": INVISIBLE}, headers=BEA)  # optional: invisible is none
    assert resp.status_code == 200, resp.text[:300]
    assert _paused(faces_platform, ref) == ("gepauzeerd", ["Zaak gepauzeerd door bea"])
