"""The bezwaarjurist reads the bezwaar it registers and decides on; other advisers of the case do not.

[velden] medewerker (bpmn/autorisatie.toml) leaves a bezwaar out of an adviser's case view: any
belanghebbende may lodge one, and its name, address and text are a third party's personal data. But the
demo's bezwaarjurist "jet" (role adviseur, group Juridisch: kind medewerker) registers the bezwaar and
decides on it in 'Beslissen op bezwaar', and read none of it: not on the case page, not on the task page,
not in GET /api/v1/zaken/{id}. [taakvelden] gives the handler of those two tasks the bezwaar on that case
(and a bezwaar document by its level); mila, the Milieu adviser whose advice task on the same case is done,
still reads none of it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from services import case_queries, inbox, policy, users
from services.store.models import Case
from tests.e2e.harness import logged_in
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie
PASSWORD = "bezwaar-lezen-2026"
BEZWAAR = {
    "soort": "bezwaar",
    "ontvangen_op": "2026-04-01",
    "indiener": "Karel Buurman, Esweg 3, k.buurman@example.nl",
    "inhoud": "Ik (Karel Buurman) maak bezwaar: de schuur ontneemt mij het zicht.",
}
PRIVATE = ("Buurman", "Esweg 3", "k.buurman@example.nl")


def _reads(z: Omgeving, who: str) -> dict[str, Any] | None:
    """The bezwaar as ``who`` reads it in the case (the API's view); None when left out."""
    case = case_queries.read_case(z.p, z.ref, who)
    return (case["samenvatting"].get("gegevens") or {}).get("bezwaar")


def _reads_document(z: Omgeving, who: str, doc_type: str) -> bool:
    """May ``who`` open a vertrouwelijk document of ``doc_type`` on the case, not shared with it?"""
    rules = policy.rules(z.p.settings)
    with z.p.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == z.ref)).one()
        actor = policy.document_actor(s, policy.actor_for(s, who), case, rules)
    return policy.may_read_document(
        actor, vertrouwelijkheid="vertrouwelijk", uploaded_by="anna", informatieobjecttype=doc_type
    )


def test_the_bezwaarjurist_reads_the_bezwaar_and_another_adviser_does_not(z: Omgeving) -> None:
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", BEZWAAR)
    # registering: the task is offered to Juridisch; jet judges the letter before she takes it
    assert _reads(z, "jet") == BEZWAAR
    assert _reads(z, "mila") is None  # Milieu advised on this case: no bezwaar for it
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    taak = z.taak("jet", "Beslissen op bezwaar")
    assert _reads(z, "jet") == BEZWAAR
    assert _reads(z, "mila") is None
    assert _reads_document(z, "jet", "bezwaar") and not _reads_document(z, "mila", "bezwaar")
    assert _reads_document(z, "mila", "bijlage")  # its other documents as before
    assert not _reads_document(z, "jet", "zienswijze")  # no other third party's submission

    for name, groups in (("jet", ["Juridisch"]), ("mila", ["Milieu"])):
        users.add_user(z.p, name, groups=groups, role="adviseur", password=PASSWORD, token=f"token-{name}")
    app = create_app(z.p.settings, platform=z.p)
    jet, mila = (logged_in(app, name, PASSWORD) for name in ("jet", "mila"))
    for path in (f"/zaken/{z.ref}", f"/taken/{taak['id']}"):  # the case page and the task page
        page = jet.get(path)
        assert page.status_code == 200, page.text[:300]
        assert "Karel Buurman" in page.text, path
    page = mila.get(f"/zaken/{z.ref}")
    assert page.status_code == 200 and "Buurman" not in page.text
    case_id = z.zaak()["id"]
    for who in ("jet", "mila"):
        api = app.test_client().get(
            f"/api/v1/zaken/{case_id}", headers={"Authorization": f"Bearer token-{who}"}
        )
        assert api.status_code == 200, api.get_json()
        shown = api.get_json()["samenvatting"]["gegevens"].get("bezwaar")
        assert shown == (BEZWAAR if who == "jet" else None), who
        if who == "mila":
            assert not any(p in json.dumps(api.get_json()) for p in PRIVATE)

    # the beslissing, through the API: its answer gives jet the bezwaar; she reads it after the case ended
    z.op(datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    done = app.test_client().post(
        f"/api/v1/taken/{taak['id']}/voltooien",
        json={"gegevens": {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-05-01"}},
        headers={"Authorization": "Bearer token-jet"},
    )
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "afgerond"
    assert done.get_json()["samenvatting"]["gegevens"]["bezwaar"] == BEZWAAR
    assert _reads(z, "jet") == BEZWAAR and _reads(z, "mila") is None


def test_a_colleague_of_juridisch_reads_it_only_while_the_task_is_open_to_take(z: Omgeving) -> None:
    """The bezwaar is its handler's: once jet holds the task, Juridisch's other members do not read it."""
    users.add_user(z.p, "joost", groups=["Juridisch"], role="adviseur")
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", BEZWAAR)
    assert _reads(z, "joost") == BEZWAAR  # offered to Juridisch: who takes it judges it first
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    taak = z.taak("jet", "Beslissen op bezwaar")
    inbox.claim(z.p, taak["id"], "jet")
    assert _reads(z, "joost") is None and _reads(z, "jet") == BEZWAAR


def test_the_tasks_taakvelden_names_are_tasks_of_their_models(z: Omgeving) -> None:
    """[taakvelden] names tasks by "<process id>.<task id>": each shipped one is a user task of that model."""
    from lxml import etree

    rules = policy.rules(z.p.settings)
    assert rules.task_fields, "bpmn/autorisatie.toml has no [taakvelden]"
    for key in rules.task_fields:
        process, _, task = key.rpartition(".")
        tree = etree.parse(str(ov.ROOT / "bpmn" / f"{process}.bpmn"))
        found = tree.xpath(
            f"//*[local-name()='process'][@id='{process}']//*[local-name()='userTask'][@id='{task}']"
        )
        assert found, key
