"""Privacy review avg13: what an adviser and an outside party read of a case's people.

Finding 1: a municipal adviser (kind medewerker) whose advice task on a case is done kept reading the
zienswijzen of neighbours on it (name, address, e-mail, phone, what they wrote): the policy shared every
field with the municipality's own. Now [velden] medewerker leaves the third parties' data out, and a
zienswijze document (vertrouwelijk) is no adviser's to open; the adviser still finds the case and its own
advice. Finding 2: an outside party (Omgevingsdienst, Netbeheerder) was not given the initiator's name,
but read it in the title and location the applicant typed ("Dakkapel woning Mulder"): in the case view,
its task list and task, on the map and its panel, and in the e-mail assigning it a task.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from services import case_queries, inbox, users
from services.mail import compose
from services.store.models import Case, HumanTask, OutboxMessage, TaskCandidate
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_authorization_holes import BBOX, auth

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers

NEIGHBOUR = {
    "nummer": 1,
    "ontvangen_op": "2026-11-10",
    "indiener": "Johanna Pietersen, Esweg 14, j.pietersen@example.nl, 06-12345678",
    "inhoud": "Ik (Johanna Pietersen) maak bezwaar: mijn dochter heeft astma.",
}


def _start(app: Any, **fields: Any) -> str:
    resp = app.test_client().post(
        "/api/v1/zaken",
        json={
            "proces": "kaart_status_vergunning",
            "geometrie": {"type": "Point", "coordinates": [6.42, 52.015]},
            "crs": "EPSG:4326",
            **fields,
        },
        headers=auth("anna"),
    )
    assert resp.status_code == 201, resp.get_json()
    return str(resp.get_json()["zaak"])


def _give_open_task_to(platform: Any, ref: str, group: str) -> int:
    """Route the case's open task to ``group``, as a lane of a model would; its id."""
    with platform.uow() as uow:
        s = uow.session
        task_id = s.scalars(select(HumanTask.id).where(HumanTask.case_reference == ref)).one()
        s.execute(update(HumanTask).where(HumanTask.id == task_id).values(candidate_groups=[group]))
        s.execute(update(TaskCandidate).where(TaskCandidate.task_id == task_id).values(group_name=group))
        uow.commit()
    return int(task_id)


def test_an_adviser_after_its_advice_reads_the_case_but_no_neighbours_zienswijze(app):
    platform = app.extensions["ruimteflow"]
    users.add_user(platform, "lars", groups=["Landbouw"], role="adviseur", token="token-lars")
    ref = _start(app, titel="Schuur", initiatiefnemer="Piet Boer", locatie="Dorpsstraat 1")
    task_id = _give_open_task_to(platform, ref, "Landbouw")
    client = app.test_client()
    done = client.post(
        f"/api/v1/taken/{task_id}/voltooien", json={"gegevens": {"compleet": True}}, headers=auth("lars")
    )
    assert done.status_code == 200, done.get_json()
    with platform.uow() as uow:  # a zienswijze registered on the case afterwards, as the model records it
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        summary = dict(case.summary or {})
        summary["ingediende_zienswijzen"] = [NEIGHBOUR]
        summary["zienswijzen"] = {"aantal": 1, "laatste": "2026-11-10"}
        summary["gegevens"] = {
            **(summary.get("gegevens") or {}),
            "zienswijze": {"indiener": NEIGHBOUR["indiener"], "inhoud": NEIGHBOUR["inhoud"]},
            "zienswijzen": [NEIGHBOUR],
            "advies_landbouw": "geen bezwaar",
        }
        case.summary = summary
        uow.commit()

    lars = client.get(f"/api/v1/zaken/{ref}", headers=auth("lars"))
    assert lars.status_code == 200, lars.get_json()  # it still finds the case of its advice
    text = lars.get_data(as_text=True)
    for private in ("Pietersen", "Esweg", "j.pietersen@example.nl", "06-12345678", "astma"):
        assert private not in text, private
    view = lars.get_json()
    assert view["initiatiefnemer"] == "Piet Boer" and view["titel"] == "Schuur"  # the applicant's case
    assert view["samenvatting"]["gegevens"]["advies_landbouw"] == "geen bezwaar"
    assert view["samenvatting"]["zienswijzen"] == {"aantal": 1, "laatste": "2026-11-10"}  # the count stays
    assert "ingediende_zienswijzen" not in view["samenvatting"]
    assert any(not e["publiek"] for e in view["tijdlijn"])  # the municipality's own internal lines
    officer = client.get(f"/api/v1/zaken/{ref}", headers=auth("anna")).get_json()
    assert officer["samenvatting"]["ingediende_zienswijzen"] == [NEIGHBOUR]  # the behandelaar weighs it

    from services import policy

    rules = policy.rules(platform.settings)
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == ref)).one()
        lars_docs, anna_docs = (
            policy.document_actor(s, policy.actor_for(s, n), case, rules) for n in ("lars", "anna")
        )

    def reads(who: Any, doc_type: str, shared: tuple[str, ...] = ()) -> bool:
        return policy.may_read_document(
            who,
            vertrouwelijkheid="vertrouwelijk",
            uploaded_by="anna",
            gedeeld_met=shared,
            informatieobjecttype=doc_type,
        )

    # a zienswijze document (vertrouwelijk, bpmn/documenttypen.toml) is not the adviser's unless shared with it
    assert not reads(lars_docs, "zienswijze") and reads(lars_docs, "zienswijze", ("Landbouw",))
    assert reads(lars_docs, "bijlage") and reads(anna_docs, "zienswijze")


def _mila(app):
    """The app's platform with mila, an adviser of the outside party Omgevingsdienst, with a token and an
    e-mail address (the assignment mail)."""
    platform = app.extensions["ruimteflow"]
    users.add_user(
        platform,
        "mila",
        groups=["Omgevingsdienst"],
        role="adviseur",
        token="token-mila",
        email="mila@od.example",
    )
    return platform


def test_an_outside_party_reads_title_and_location_without_the_applicants_name(app):
    platform = _mila(app)
    ref = _start(
        app,
        titel="Dakkapel woning Mulder",
        initiatiefnemer="Hendrik Jan Mulder",
        soort_initiatiefnemer="particulier",
        locatie="Buitenweg 10, woning fam. Mulder",
    )
    task_id = _give_open_task_to(platform, ref, "Omgevingsdienst")
    client = app.test_client()

    case = client.get(f"/api/v1/zaken/{ref}", headers=auth("mila"))
    assert case.status_code == 200, case.get_json()
    assert case.get_json()["titel"] == "Dakkapel woning [verwijderd]"
    assert case.get_json()["locatie"] == "Buitenweg 10, woning fam. [verwijderd]"
    listed = case_queries.search_cases(platform, "mila")["zaken"]  # the case list page
    assert [c["titel"] for c in listed] == ["Dakkapel woning [verwijderd]"]
    tasks = client.get("/api/v1/taken", headers=auth("mila")).get_json()["taken"]
    assert [t["zaak_titel"] for t in tasks] == ["Dakkapel woning [verwijderd]"]
    task = client.get(f"/api/v1/taken/{task_id}", headers=auth("mila")).get_json()
    assert task["zaak_titel"] == "Dakkapel woning [verwijderd]"
    shown = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=12", headers=auth("mila")).get_json()
    assert [f["properties"]["titel"] for f in shown["features"]] == ["Dakkapel woning [verwijderd]"]
    panel = client.get(f"/api/v1/kaart/zaken/{ref}", headers=auth("mila")).get_json()
    assert (panel["titel"], panel["locatie"]) == (
        "Dakkapel woning [verwijderd]",
        "Buitenweg 10, woning fam. [verwijderd]",
    )
    for resp in (
        client.get(f"/api/v1/zaken/{ref}", headers=auth("mila")),
        client.get("/api/v1/taken", headers=auth("mila")),
        client.get(f"/api/v1/taken/{task_id}", headers=auth("mila")),
        client.get(f"/api/v1/kaart/zaken/{ref}", headers=auth("mila")),
    ):
        assert "Mulder" not in resp.get_data(as_text=True)

    with platform.uow() as uow:  # the e-mail telling mila a task was assigned to her
        s = uow.session
        row = s.get(HumanTask, task_id)
        compose.assignment(s, platform.settings, row, "mila", "tom", platform.clock.now())
        uow.commit()
    with platform.uow(write=False) as uow:
        mails = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == compose.CHANNEL))
        [mail] = [m for m in mails if m.payload["aan"] == "mila@od.example"]
        assert "Mulder" not in mail.payload["tekst"] and "Mulder" not in mail.payload["html"]
        assert "Dakkapel woning [verwijderd]" in mail.payload["tekst"]

    # the municipality's own staff read them as typed
    officer = client.get(f"/api/v1/zaken/{ref}", headers=auth("anna")).get_json()
    assert (officer["titel"], officer["locatie"]) == (
        "Dakkapel woning Mulder",
        "Buitenweg 10, woning fam. Mulder",
    )
    staff_tasks = inbox.list_tasks(platform, "bea", scope="alle")["taken"]
    assert "Dakkapel woning Mulder" in [t["zaak_titel"] for t in staff_tasks]


def test_an_outside_party_reads_no_applicants_name_in_task_texts_timeline_or_mail(app):
    """Review sessie13b, 1: the models fill a task's name, instructions and reason and the public timeline
    from the applicant's title ("Advies {intake[naam]} (Milieu)"); an outside party read the name there, in
    the assignment e-mail's subject and in the holders on the case page, and its case search matched the
    typed title, so ``?zoek=`` confirmed a guessed name."""
    from services.store.models import CaseEvent
    from services.waits import timeline as waits_timeline

    platform = _mila(app)
    ref = _start(
        app,
        titel="Windturbine Esselink",
        initiatiefnemer="Maatschap Esselink",
        soort_initiatiefnemer="particulier",
        locatie="Markeweg 3",
    )
    task_id = _give_open_task_to(platform, ref, "Omgevingsdienst")
    with platform.uow() as uow:  # as bpmn/windpark.bpmn fills them in
        s = uow.session
        task = s.get(HumanTask, task_id)
        task.name = "Advies Windturbine Esselink (Omgevingsdienst)"
        task.instructions = "Geef advies over Windturbine Esselink (3.0 MW)."
        task.reason = "U bent bevoegd gezag voor Windturbine Esselink"
        s.add(
            CaseEvent(
                case_id=task.case_id,
                at=platform.clock.now(),
                kind="stap",
                message="Initiatief 'Windturbine Esselink' ontvangen: 3 MW.",
                public=True,
                data={},
            )
        )
        uow.commit()
    client = app.test_client()
    for url in (
        f"/api/v1/zaken/{ref}",
        "/api/v1/taken",
        f"/api/v1/taken/{task_id}",
        f"/api/v1/kaart/zaken/{ref}",
    ):
        resp = client.get(url, headers=auth("mila"))
        assert resp.status_code == 200, (url, resp.get_json())
        assert "Esselink" not in resp.get_data(as_text=True), url
    case = client.get(f"/api/v1/zaken/{ref}", headers=auth("mila")).get_json()
    [task_view] = case["open_taken"]
    assert task_view["naam"] == "Advies Windturbine [verwijderd] (Omgevingsdienst)"
    assert task_view["instructies"] == "Geef advies over Windturbine [verwijderd] (3.0 MW)."
    assert "Initiatief 'Windturbine [verwijderd]' ontvangen: 3 MW." in [e["tekst"] for e in case["tijdlijn"]]
    holders = waits_timeline.for_case_file(platform, ref, "mila")
    assert "Esselink" not in repr(holders)  # its reasons: tests/unit/test_namen_outside.py

    def found(who: str, text: str) -> list[str]:
        resp = client.get(f"/api/v1/zaken?zoek={text}", headers=auth(who))
        assert resp.status_code == 200, resp.get_json()
        return [c["zaak"] for c in resp.get_json()["zaken"]]

    assert found("mila", "Esselink") == [] and found("mila", "Jansen") == []  # a guess tells nothing
    assert found("mila", "Windturbine") == [ref] and found("mila", ref) == [ref]  # what it reads
    assert found("mila", "Markeweg") == [ref]
    assert found("anna", "Esselink") == [ref]  # the municipality's own search the typed title

    with platform.uow() as uow:
        compose.assignment(uow.session, platform.settings, uow.session.get(HumanTask, task_id), "mila", "tom",
                           platform.clock.now())  # fmt: skip
        uow.commit()
    with platform.uow(write=False) as uow:
        mails = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == compose.CHANNEL))
        [mail] = [m for m in mails if m.payload["aan"] == "mila@od.example"]
        assert "Esselink" not in repr(mail.payload)
        assert "Advies Windturbine [verwijderd] (Omgevingsdienst)" in mail.payload["onderwerp"]

    officer = client.get(f"/api/v1/zaken/{ref}", headers=auth("anna")).get_json()  # staff read as typed
    assert officer["open_taken"][0]["naam"] == "Advies Windturbine Esselink (Omgevingsdienst)"
    assert "Initiatief 'Windturbine Esselink' ontvangen: 3 MW." in [e["tekst"] for e in officer["tijdlijn"]]
