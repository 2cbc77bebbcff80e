"""Free texts that the anonymisation left on a case (review sessie10, anon3 item 1): an officer's reason for
overriding a locatiecheck conflict stayed on the conflict row ("bezwaar van dhr. Klaassen, Dorpsstraat 4"),
and so did a document's organisatie (the demo fills in the initiator's name) and a besluit's voorschriften.

Per field: the conflict keeps the fact of the override, the officer who did it, its rule and the name of
the feature it is with (the layer's open data, review gis11 finding 2); its reason
becomes REMOVED, as does the history line's quote of it. A document (deleted as VERNIETIGD) keeps an
organisatie cleaned as its auteur is; its voorschriften go as its motivering does."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services import conflict_override
from services.bewaren.anonimiseren import anonimiseer
from services.bewaren.termijn import vervallen
from services.mail.retention import REMOVED
from services.store.models import Case, CaseConflict, CaseEvent, Document
from tests.integration.bewaren_helpers import case_with, close, every_text, prepare
from tests.integration.document_helpers import pdf, upload

REDEN = "Bezwaar van dhr. Klaassen, Dorpsstraat 4: de leiding ligt elders"
VOORSCHRIFT = "Het hek naar het perceel van mevrouw De Boer blijft 2 meter hoog"


def _conflict(platform, case_id: int) -> int:
    """A conflict as the locatiecheck stores it on the case."""
    with platform.uow() as uow:
        row = CaseConflict(case_id=case_id, regel="afstand_leiding", laag="leidingen", feature_id="L7",
                           feature_naam="Hoofdleiding Centrum", ernst="waarschuwing", afdeling="Vergunningen",
                           beschrijving="Binnen 5 m van een leiding")  # fmt: skip
        uow.session.add(row)
        uow.commit()
        return row.id


def test_an_override_reason_and_document_texts_are_removed(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    conflict_id = _conflict(platform, zaak["id"])
    conflict_override.override_conflict(platform, zaak["zaak"], conflict_id, "anna", REDEN)
    upload(platform, zaak, "anna", pdf("besluit"), titel="Besluit", organisatie="Piet Jansen",
           besluit_voorschriften=[VOORSCHRIFT])  # fmt: skip
    close(platform, zaak)
    before = every_text(platform, zaak["id"])
    assert "Klaassen" in before and "De Boer" in before

    [item] = list(vervallen(platform, date(2027, 3, 2)))
    assert anonimiseer(platform, item).uitkomst == "geanonimiseerd"

    after = every_text(platform, zaak["id"])
    assert [t for t in ("Klaassen", "Dorpsstraat 4", "De Boer", "Piet", "Jansen") if t in after] == []
    with platform.uow(write=False) as uow:
        s = uow.session
        conflict = s.get(CaseConflict, conflict_id)
        [line] = s.scalars(select(CaseEvent).where(CaseEvent.kind == "conflict-overschreven")).all()
        [doc] = s.scalars(select(Document).where(Document.case_id == zaak["id"])).all()
    # the fact, who and the rule stay; the reason goes
    assert (conflict.overschreven, conflict.override_by, conflict.regel) == (True, "anna", "afstand_leiding")
    assert conflict.override_reason == REMOVED and conflict.beschrijving == "Binnen 5 m van een leiding"
    assert conflict.feature_naam == "Hoofdleiding Centrum"  # the layer's open data, no person (gis11, 2)
    assert line.actor == "anna" and line.message.endswith(f"overschreven: {REMOVED}")
    assert (doc.titel, doc.organisatie, doc.besluit_voorschriften) == ("Besluit", REMOVED, [REMOVED])


#: the engine's error text of a failed step, quoting the applicant (a script's message names what it read)
INCIDENT = "Script 'controle' faalde: 'Ik, Piet Jansen, wil een schuur bouwen.' is te lang voor Piet Jansen"


def test_the_incident_text_of_a_case_closed_in_incident_is_cleaned(any_platform, tmp_path):
    """Review sessie11 (anon11 item 2): ``zaak.incident`` was not cleaned. A case whose timer step failed
    (``mark_incident``, as ``cases.fire_timers`` records it) still takes its tasks and, before session 11
    (tests/integration/test_incident_closed.py), closed with the incident text set; such a case of an
    existing database, and the incident's history line, lose what the anonymisation cuts from a free text."""
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    with platform.uow() as uow:
        uow.cases.mark_incident(zaak["id"], INCIDENT, platform.clock.now(), {})
        uow.commit()
    close(platform, zaak)
    with platform.uow() as uow:  # as a release before session 11 left it: closed with the incident set
        case = uow.session.get(Case, zaak["id"])
        assert case.status == "afgerond"
        case.incident = INCIDENT
        uow.commit()

    [item] = list(vervallen(platform, date(2027, 3, 2)))
    assert anonimiseer(platform, item).uitkomst == "geanonimiseerd"

    after = every_text(platform, zaak["id"])
    assert [t for t in ("Piet", "Jansen", "schuur bouwen") if t in after] == []
    with platform.uow(write=False) as uow:
        case = uow.session.get(Case, zaak["id"])
        assert case.incident == f"Script 'controle' faalde: '{REMOVED}' is te lang voor {REMOVED}"
