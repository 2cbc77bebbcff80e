"""A permit case on the first release's model can still be decided, by its letter, without a migration.

Review rv10 upgrade finding 1: the first release's omgevingsvergunning (6649a7c) has a 'Besluit nemen'
task without the property ``besluit``; today's operator ``besluit_vastleggen`` after it demands the final
besluit letter, and the letter could only be made in a task declaring that property. So completing the
task gave 400 besluit-zonder-brief and making the letter 409 besluit-geen-besluittaak: a case left on
that version (running cases stay on theirs) could not be decided before its beslistermijn ran out. The
task the operator follows in the case's own model version now takes the besluit: its letter is made
there, with the outcomes of the task's form, and the case is decided and made known as today's.

The model files are the first release's (tests/fixtures/bpmn/eerste_release/, from
``git show 6649a7c:bpmn/<file>``), deployed as version 1 as an upgraded database holds them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from services import cases, deployments
from services.clock import FixedClock, today
from services.platform import Platform
from services.store.models import Case, Document, HumanTask
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import ROOT, Omgeving

locatie, z = ov.locatie, ov.z
EERSTE_RELEASE = ROOT / "tests" / "fixtures" / "bpmn" / "eerste_release"


@pytest.fixture
def oud(
    any_platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Omgeving]:
    """The first release's permit model and decision tables deployed as version 1 (SQLite and PostgreSQL)."""
    lees = deployments.read_files

    def eerste_release(paths: list[Any]) -> list[tuple[str, str]]:
        return [
            (n, (EERSTE_RELEASE / n).read_text(encoding="utf-8") if (EERSTE_RELEASE / n).exists() else t)
            for n, t in lees(paths)
        ]

    with monkeypatch.context() as m:
        m.setattr(deployments, "read_files", eerste_release)
        yield Omgeving(any_platform, clock, locatie)


def _open_besluit_row(z: Omgeving) -> HumanTask:
    with z.p.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == z.ref)).one()
        row = uow.session.scalars(
            select(HumanTask).where(HumanTask.case_id == case.id, HumanTask.bpmn_id == "besluit")
        ).one()
        uow.session.expunge(row)
        return row


def _beslist(z: Omgeving, data: dict[str, Any]) -> dict[str, Any]:
    """'Besluit nemen' on the first release's model: its row declares no besluit (the model has no
    property for it), yet the letter is made in it and the task completes."""
    row = _open_besluit_row(z)
    assert "x-besluit" not in (row.form_schema or {}) and row.state == "open"
    return z.doe("tom", "Besluit nemen", data)


def _besloten_met_brief(z: Omgeving, case: dict[str, Any], tekst: str) -> None:
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    assert case["fase"] == "bezwaar- en beroepstermijn"
    assert case["samenvatting"]["besluit"]["tekst"] == tekst
    with z.p.uow(write=False) as uow:
        brieven = uow.session.scalars(
            select(Document.besluit_uitkomst).where(Document.informatieobjecttype == "besluit")
        ).all()
    assert brieven == [case["samenvatting"]["besluit"]["besluit"]]


def test_a_first_release_permit_is_decided_with_its_letter(oud: Omgeving) -> None:
    oud.tot_beoordeling()
    oud.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    oud.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    case = oud.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    assert case["fase"] == "besluit"
    case = _beslist(oud, {"besluit": "verlenen", "motivering": "Past in het plan."})
    _besloten_met_brief(oud, case, "vergunning verleend")
    assert case["wacht_op"] == "het besluit wordt vandaag verzonden"  # the term from the day after (Awb 6:8)
    assert oud.later(days=1)["wacht_op"].startswith("bezwaartermijn loopt tot en met")


def test_a_verdaagd_first_release_permit_is_decided_with_its_letter(oud: Omgeving) -> None:
    oud.tot_beoordeling()
    oud.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    oud.doe("eva", "Advies Energie", {"oordeel": "niet_akkoord", "toelichting": "Geen ruimte op het net."})
    verdaging = {"actie": "verdagen", "verdaging_weken": 3, "verdaging_reden": "nader onderzoek"}
    case = oud.doe("anna", "Aanvraag inhoudelijk", verdaging)
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-18"
    oud.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    case = _beslist(oud, {"besluit": "weigeren", "motivering": "Geen ruimte op het net."})
    _besloten_met_brief(oud, case, "vergunning geweigerd")


def test_a_first_release_permit_after_ter_inzage_is_decided_with_its_letter(oud: Omgeving) -> None:
    oud.locatie["afdelingen"] = []
    oud.start(activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"], mer_plichtig=True)
    oud.doe("odin", "Ontvankelijkheid", {"compleet": True})
    oud.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    oud.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    case = oud.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    assert case["fase"] == "ter inzage"
    oud.bericht("zienswijze", {"indiener": "Buurman", "inhoud": "Te hoog."})
    case = oud.later(days=45)
    assert case["fase"] == "besluit"
    case = _beslist(oud, {"besluit": "verlenen", "motivering": "De zienswijze is weerlegd."})
    _besloten_met_brief(oud, case, "vergunning verleend")
    assert case["samenvatting"]["besluit"]["zienswijzen"] == 1
    assert case["wacht_op"] == "het besluit wordt vandaag verzonden"  # the term from the day after (Awb 6:8)
    assert oud.later(days=1)["wacht_op"].startswith("beroeptermijn loopt tot en met")


def test_the_letter_is_made_only_in_the_task_the_besluit_operator_follows(oud: Omgeving) -> None:
    """Before 'Besluit nemen' no task of the first release's model takes a besluit: the letter is refused
    as in today's model, and nothing is stored. In 'Besluit nemen' the letter is still needed: the task
    is not completed without it."""
    from services.documents.besluit import besluit_outcomes_of_task  # new with the fix

    oud.tot_beoordeling()
    beoordelen = oud.taak("anna", "Aanvraag inhoudelijk")
    assert besluit_outcomes_of_task(oud.p, beoordelen["id"]) == []
    brief = {"besluit": "verlenen", "motivering": "Past."}
    vandaag = today(oud.clock)
    oud.geweigerd(
        "besluit-geen-besluittaak", lambda: ov.finalise_as_given(oud.p, oud.ref, "tom", brief, op=vandaag)
    )
    oud.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    oud.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    oud.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    besluit = oud.taak("tom", "Besluit nemen")
    assert besluit_outcomes_of_task(oud.p, besluit["id"]) == ["verlenen", "weigeren"]
    oud.geweigerd("besluit-zonder-brief", lambda: cases.complete_task(oud.p, besluit["id"], "tom", brief))


def test_the_rule_is_read_from_the_model_not_from_an_element_id() -> None:
    """A user task the besluit operator directly follows takes a besluit with its form's outcomes, under
    any id; one that declares the property, or that the operator does not follow, is left to its model."""
    from services.documents import besluit_taak  # new with the fix

    bron = (EERSTE_RELEASE / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")
    assert besluit_taak.undeclared_besluit_tasks([bron], "omgevingsvergunning") == {
        "besluit": ["verlenen", "weigeren"]
    }
    hernoemd = bron
    for attribuut in ("id", "sourceRef", "targetRef"):
        hernoemd = hernoemd.replace(f'{attribuut}="besluit"', f'{attribuut}="beslissen"')
    assert besluit_taak.undeclared_besluit_tasks([hernoemd], "omgevingsvergunning") == {
        "beslissen": ["verlenen", "weigeren"]
    }
    assert besluit_taak.undeclared_besluit_tasks([bron], "windpark") == {}  # not in this bundle
    caller = (
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="windpark">'
        '<callActivity id="vergunning" calledElement="omgevingsvergunning"/></process></definitions>'
    )
    assert besluit_taak.undeclared_besluit_tasks([caller, bron], "windpark") == {
        "besluit": ["verlenen", "weigeren"]
    }
    vandaag = (ROOT / "bpmn" / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")
    assert besluit_taak.undeclared_besluit_tasks([vandaag], "omgevingsvergunning") == {}


def test_cases_started_on_todays_model_are_unchanged(z: Omgeving) -> None:
    """Today's 'Besluit nemen' declares its outcomes; the row keeps them as before."""
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    row = _open_besluit_row(z)
    assert row.form_schema["x-besluit"] == ["verlenen", "weigeren"]
    case = cases.get_case(z.p, z.ref)
    assert case["fase"] == "besluit"
