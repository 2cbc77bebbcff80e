"""Anonymising keeps only what services.bewaren.bewaard lists (review sessie9 finding 1: personal data was
found by exact field names, so the platform's own message fields kept their text: the status page's
``aanvulling_tekst``/``inhoud``, a zienswijze's ``indiener``/``inhoud`` and the model's ``zienswijzen``,
and form fields such as ``postcode``, ``huisnummer``, ``straat``, ``woonplaats``, ``iban``, ``tel`` and
``mobiel``; the case was then marked geanonimiseerd and no later run fixed it).

An omgevingsvergunning (uitgebreid: MER-plichtig) with those form fields, an aanvulling typed on the status
page, a verdaging whose reason names a neighbour, and a neighbour's zienswijze; then withdrawn. After the
run no text of the case holds any of it, while the codes, dates and history lines stay, and a history line
that quoted the reason keeps its own words."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from services import scheduler
from services.bewaren.anonimiseren import anonimiseer
from services.bewaren.termijn import vervallen
from services.engine import stored
from services.mail.retention import REMOVED
from services.status.messages import send_public_message
from services.store.models import Case, CaseEvent, WorkflowState
from tests.integration.bewaren_helpers import every_text
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401

FORM = {
    "aanvrager": "Piet Jansen",
    "email": "piet.jansen@example.nl",
    "straat": "Kerkstraat",
    "huisnummer": 5,
    "postcode": "1234 AB",
    "woonplaats": "Dorpshoek",
    "iban": "NL91ABNA0417164300",
    "tel": "0201234567",
    "mobiel": "06-12345678",
}
GONE = (
    "Piet", "Jansen", "example.nl", "Kerkstraat", "1234 AB", "Dorpshoek", "NL91ABNA0417164300",
    "0201234567", "06-12345678", "06-99988877", "Klaas", "Buurvrouw", "te hoog", "Hierbij de tekening",
)  # fmt: skip


def _strings(value: Any, key: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _strings(v, str(k))]
    if isinstance(value, list):
        return [p for v in value for p in _strings(v, key)]
    return [(key, value)]


def test_free_text_message_fields_and_form_fields_are_removed(platform, clock, locatie):  # noqa: F811
    z = Omgeving(platform, clock, locatie)
    locatie["afdelingen"] = []
    code = z.start(activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"],
                   mer_plichtig=True, **FORM)["volgcode"]  # fmt: skip
    z.doe(
        "odin",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "tekening", "aanvullingstermijn_dagen": 14},
    )
    z.later(days=1)
    send_public_message(platform, code, "aanvulling",
                        {"tekst": "Hierbij de tekening. Ik woon op Kerkstraat 5, bel mij op 06-12345678."})  # fmt: skip
    z.doe("odin", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "verdagen", "verdaging_weken": 2,
                                           "verdaging_reden": "Op verzoek van Klaas Buurvrouw"})  # fmt: skip
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    z.later(days=3)
    z.bericht(
        "zienswijze",
        {"indiener": "Klaas Buurvrouw", "inhoud": "Ik (Kerkstraat 7, 06-99988877) vind het te hoog."},
    )
    assert z.bericht("intrekking", {})["status"] == "afgerond"
    scheduler.deliver_once(platform)
    with platform.uow(write=False) as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == z.ref))
    before = every_text(platform, case_id)
    assert all(needle in before for needle in GONE)  # the scenario put every one of them in

    [item] = list(vervallen(platform, date(2030, 1, 1)))
    assert anonimiseer(platform, item).uitkomst == "geanonimiseerd"

    after = every_text(platform, case_id)
    assert [needle for needle in GONE if needle in after] == []
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.get(Case, case_id)
        document = stored.parse(s.get(WorkflowState, case_id).document)
        lines = {e.kind: e.message for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id))}
        summary = case.typed_summary
    # the skeleton: codes, dates, numbers and the platform's own words
    data, texts = stored.workflow_data(document), _strings(document)
    assert data["procedure"] == "uitgebreid" and data["huisnummer"] is None and data["mer_plichtig"] is True
    assert data["activiteiten"] == ["technische_bouwactiviteit", "milieubelastende_activiteit"]
    assert data["termijn"]["uiterste_beslisdatum"] == "2026-09-17"
    assert ("ontvangen_op", "2026-03-03") in texts and ("ontwerp", "verlenen") in texts
    personal = [v for k, v in texts if k in ("indiener", "inhoud", "aanvulling_tekst", "zienswijze_tekst")]
    assert len(personal) >= 4 and set(personal) == {REMOVED}
    assert summary.resultaat == "aanvraag ingetrokken door de aanvrager"
    assert summary.zienswijzen == {"aantal": 1, "laatste": "2026-03-08"}
    # the case's own record of the zienswijze (the besluit letter's): its number, date and timeliness stay
    [zienswijze] = summary.ingediende_zienswijzen or []
    assert (zienswijze["nummer"], zienswijze["ontvangen_op"], zienswijze["tijdig"]) == (1, "2026-03-08", True)
    assert zienswijze["indiener"] == zienswijze["inhoud"] == zienswijze["oordeel"] == REMOVED
    assert lines["verdaging"].startswith("Beslistermijn verdaagd met 2 weken: nieuwe uiterste beslisdatum")
    assert lines["verdaging"].endswith(f"Reden: {REMOVED}")
    assert lines["bericht"] == "Bericht 'intrekking' ontvangen" and "zienswijze" in lines
    assert case.verlenging["reden"] == REMOVED and case.verlenging["duur_weken"] == 2
    assert case.opschorting["periodes"] == [
        {"van": "2026-03-02", "tot": "2026-03-03", "dagen": 1, "reden": REMOVED}
    ]
