"""A sent final besluit letter completes 'Besluit nemen' on its day, through the ordinary completion: the
worker's pass (services.given_besluiten). Before, the besluit was given (sent, Awb 3:40, 3:41) while the
process did not know it until the officer completed the task by hand: the bezwaar form refused (409), the
besluit's mail waited, a running dwangsom was not set (Awb 4:18's two weeks could pass unnoticed).

On Monday 20 April 2026 tom makes the letter refusing the permit final (brief_op); the beslistermijn ends on
Tuesday 28 April. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from processes.errors import RuimteflowError
from services import beheer, inbox, scheduler, users
from services.clock import FixedClock
from services.platform import Platform
from services.status.messages import send_public_message
from services.store.models import Case, CaseEvent, HumanTask
from tests.integration import test_besluit_eerste_release as eerste
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.core_helpers import snapshot
from tests.integration.dwangsom_steps import in_2026, in_gebreke
from tests.integration.test_besluit_bekend_voor_taak import BRIEF_OP, brief_op, brief_verzonden
from tests.integration.test_ingebrekestelling_na_besluit import geadviseerd
from tests.integration.test_omgevingsvergunning import Omgeving

locatie, oud = ov.locatie, eerste.oud  # the permit scenario's fixtures; the first release's model


@pytest.fixture
def z(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:  # noqa: F811
    """The permit scenario on SQLite and on PostgreSQL."""
    return Omgeving(any_platform, clock, locatie)


def _completed(z: Omgeving) -> int:
    """One worker's pass, which must fail in no part; how many besluit tasks it completed."""
    result = scheduler.one_pass(z.p)
    assert result["mislukt"] == [], result
    return int(result["besluiten_afgerond"])


def _pass_alone(z: Omgeving) -> int:
    """The pass's part that completes besluit tasks, alone (the outbox's delivery changes its own rows)."""
    from services.given_besluiten import complete_given_besluiten

    return complete_given_besluiten(z.p)


def _besluit_task(z: Omgeving) -> HumanTask:
    with z.p.uow(write=False) as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == z.ref))
        task = uow.session.scalars(
            select(HumanTask).where(HumanTask.case_id == case_id, HumanTask.bpmn_id == "besluit")
        ).one()
        uow.session.expunge(task)
        return task


def _lines(z: Omgeving) -> list[CaseEvent]:
    with z.p.uow(write=False) as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == z.ref))
        found = select(CaseEvent).where(
            CaseEvent.case_id == case_id, CaseEvent.kind == "besluit-bij-verzending"
        )
        rows = list(uow.session.scalars(found))
        uow.session.expunge_all()
        return rows


def test_a_sent_letter_takes_the_case_past_bekendmaken_on_the_workers_pass(z: Omgeving) -> None:
    """'Definitief maken' on 20 April, sent that day: the next pass completes 'Besluit nemen' as tom did
    not, with the letter's outcome and motivering; the besluit is recorded and made known (its bezwaartermijn
    from 21 April), its mail to the applicant queued, the bezwaar form accepted, and the history says why."""
    code = str(z.start(email="jansen@example.org")["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    brief_op(z, BRIEF_OP)
    mails = len(z.mails())
    assert _completed(z) == 1
    task = _besluit_task(z)
    assert (task.state, task.completed_by) == ("voltooid", "tom")
    assert task.data["besluit"] == "weigeren" and task.data["actie"] == "besluiten", task.data
    case = z.zaak()
    assert case["samenvatting"]["besluit"]["besluit"] == "weigeren", case["samenvatting"]
    assert case["samenvatting"]["rechtsmiddel"]["van"] == "2026-04-20", case["samenvatting"]["rechtsmiddel"]
    assert "besluit" in {m["soort"] for m in z.mails()[mails:]}, z.mails()[mails:]
    send_public_message(z.p, code, "bezwaar", {"tekst": "Ik ben het er niet mee eens."})
    [line] = _lines(z)
    assert line.actor == "systeem" and line.data["door"] == "tom", line.data
    assert line.message.startswith("Taak 'Besluit nemen' afgerond met het besluit 'Besluit (weigeren)")
    assert "verzonden op 20 april 2026" in line.message, line.message


def test_a_case_left_with_its_letter_sent_and_its_task_open_is_completed_on_the_first_pass(
    z: Omgeving,
) -> None:
    """The letter sent on 20 April and nothing since (an earlier release, or tom forgot the task): the first
    pass on 20 May completes it; the besluit stays the one sent on 20 April, its term from then."""
    brief_verzonden(z)
    z.op(datetime(2026, 5, 20, 9, 0, tzinfo=UTC))
    assert _besluit_task(z).state == "open"
    assert _completed(z) == 1
    case = z.zaak()
    assert case["samenvatting"]["rechtsmiddel"]["van"] == "2026-04-20", case["samenvatting"]["rechtsmiddel"]
    assert case["te_laat"] is False


def test_a_letter_dated_ahead_completes_its_task_on_its_sending_day(z: Omgeving) -> None:
    """Made final on 20 April, dated Friday 24 April: no pass completes the task before that day (the besluit
    is not given yet, processes.termijnen.besluitbrief.gegeven_op), the first pass on it does."""
    brief_verzonden(z, verzonden=date(2026, 4, 24))
    z.op(datetime(2026, 4, 23, 20, 0, tzinfo=UTC))  # Thursday, 22:00 in the Netherlands
    before = snapshot(z.p)
    assert _pass_alone(z) == 0
    assert _besluit_task(z).state == "open" and snapshot(z.p) == before
    z.op(datetime(2026, 4, 24, 7, 0, tzinfo=UTC))
    assert _completed(z) == 1
    assert z.zaak()["samenvatting"]["besluit"]["verzonden_op"] == "2026-04-24"


def test_a_running_dwangsom_is_set_on_the_day_its_letter_is_sent(z: Omgeving) -> None:
    """Late: ingebrekestelling on 29 April, a dwangsom due from 13 May (EUR 23 a day); the letter is sent on
    16 May: that day's pass sets it at 3 days (13..15 May), as the task does (Awb 4:18), not weeks later."""
    geadviseerd(z)
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    z.bericht("ingebrekestelling", {"ontvangen_op": "2026-04-29"})
    brief_op(z, date(2026, 5, 16))
    assert _completed(z) == 1
    dwangsom = z.zaak()["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 3 and dwangsom["bedrag_euro"] == 69


def test_a_letter_sent_on_the_dwangsoms_last_day_sets_it_that_day_as_ended_by_the_besluit(
    z: Omgeving,
) -> None:
    """A dwangsom due from 13 May, its 42nd and last day 23 June; the letter sent on 23 June: that day's pass
    sets it at 41 days, ended by the besluit the day before its sending (Awb 4:17), not at its maximum."""
    in_gebreke(z)
    brief_op(z, date(2026, 6, 23))
    assert _completed(z) == 1
    stand = z.zaak()["samenvatting"]["dwangsom"]
    assert stand["status"] == "vastgesteld" and stand["dagen"] == 41, stand
    z.op(in_2026(6, 24))  # the maximum's timer changes nothing
    assert z.zaak()["samenvatting"]["dwangsom"] == stand


def test_a_paused_case_keeps_its_task_until_it_is_resumed(z: Omgeving) -> None:
    """Paused by beheer after the letter: the pass changes nothing (no step in a paused case); the first pass
    after the resume completes the task."""
    brief_verzonden(z)
    users.add_user(z.p, "bea", groups=[], role="beheerder")
    beheer.suspend(z.p, z.ref, "bea", "onderzoek naar een storing")
    before = snapshot(z.p)
    assert _pass_alone(z) == 0
    assert snapshot(z.p) == before
    beheer.resume(z.p, z.ref, "bea")
    assert _completed(z) == 1


def test_a_second_pass_completes_nothing_and_writes_no_second_line(z: Omgeving) -> None:
    brief_verzonden(z)
    assert _completed(z) == 1
    before = snapshot(z.p)
    assert _pass_alone(z) == 0
    assert snapshot(z.p) == before and len(_lines(z)) == 1


def test_a_task_claimed_since_the_letter_is_completed_by_who_holds_it(z: Omgeving) -> None:
    """tom made the letter; anna (Teamleider too) claimed the task since: she holds it, so the pass completes
    it as hers, with the same checks as when she completes it herself."""
    users.add_user(z.p, "tl2", groups=["Vergunningen", "Teamleider"])
    brief_verzonden(z)
    task = z.taak("tl2", "Besluit nemen")
    inbox.claim(z.p, task["id"], "tl2")
    assert _completed(z) == 1
    assert _besluit_task(z).completed_by == "tl2"


def test_a_letter_the_task_cannot_take_leaves_it_to_the_officer(z: Omgeving, monkeypatch: Any) -> None:
    """When the ordinary completion refuses (here: any refusal of ``cases.complete_task``), the pass completes
    nothing, goes on with the next case, and leaves the task to the officer, who is then told why; the case
    is an incident with that reason (tests/integration/test_given_besluit_pass.py), nothing else changes."""
    from services import cases

    brief_verzonden(z)

    def refused(*_a: Any, **_k: Any) -> Any:
        raise RuimteflowError("Geweigerd.", code="proef")

    monkeypatch.setattr(cases, "complete_task", refused)
    before = snapshot(z.p)
    assert _pass_alone(z) == 0
    assert _besluit_task(z).state == "open"
    changed = {table for table, rows in snapshot(z.p).items() if rows != before[table]}
    assert changed == {"zaak", "case_event"}, changed  # the case's status and incident, its history line
    assert "Geweigerd." in str(z.zaak()["incident"])


def test_the_task_tells_the_officer_that_the_sent_letter_completes_it(z: Omgeving) -> None:
    geadviseerd(z)
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    instructies = z.taak("tom", "Besluit nemen")["instructies"]
    assert "rond daarna de taak af" not in instructies, instructies
    assert "Op de verzenddatum van het definitieve besluit rondt de zaak deze taak zelf af" in instructies


def test_a_first_release_case_left_with_its_letter_sent_is_completed_by_the_pass(oud: Omgeving) -> None:
    """A case on the first release's model (its 'Besluit nemen' declares no besluit: services/documents/
    besluit_taak.py), its letter made and sent: the pass fills that version's form from the letter."""
    oud.tot_beoordeling()
    oud.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    oud.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    oud.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    oud.brief("tom", {"besluit": "verlenen", "motivering": "Past in het plan."})
    assert _completed(oud) == 1
    case = oud.zaak()
    assert case["fase"] == "bezwaar- en beroepstermijn" and case["status"] == "lopend", case.get("incident")
    assert case["samenvatting"]["besluit"]["tekst"] == "vergunning verleend", case["samenvatting"]["besluit"]


def test_a_refusal_is_logged_as_a_warning_once(
    z: Omgeving, monkeypatch: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The same refusal of the same case is not warned of again: the next pass does not try it again (the
    case is an incident: tests/integration/test_given_besluit_pass.py)."""
    from services import cases

    brief_verzonden(z)

    def refused(*_a: Any, **_k: Any) -> Any:
        raise RuimteflowError("Geweigerd.", code="proef")

    monkeypatch.setattr(cases, "complete_task", refused)
    with caplog.at_level(logging.DEBUG, logger="ruimteflow.given_besluiten"):
        assert (_pass_alone(z), _pass_alone(z)) == (0, 0)
    levels = [r.levelno for r in caplog.records if r.name == "ruimteflow.given_besluiten"]
    assert levels == [logging.WARNING], levels


def test_a_sent_buitenbehandelingstelling_completes_its_task_on_the_pass(z: Omgeving) -> None:
    """The other task that takes a besluit: the letter putting the aanvraag aside, made and sent on 17 March
    by jet; the pass completes 'Besluit buiten behandeling stellen' (its form: a toelichting, the letter's
    motivering) and the bezwaartermijn runs."""
    from services.documents.besluit import finalise_as_given
    from tests.integration.test_aanvulling_na_termijn import _wacht_op_buiten_behandeling

    _wacht_op_buiten_behandeling(z)
    inbox.claim(z.p, z.taak("jet", "Besluit buiten behandeling")["id"], "jet")
    finalise_as_given(z.p, z.ref, "jet", {"toelichting": "Geen aanvulling."}, op=date(2026, 3, 17))
    assert _completed(z) == 1
    case = z.zaak()
    assert case["fase"] == "buiten behandeling gesteld", case["fase"]
    assert case["samenvatting"]["rechtsmiddel"]["soort"] == "bezwaar"


def test_a_letter_refused_changes_nothing_and_the_pass_completes_nothing(z: Omgeving) -> None:
    """Bad inputs of 'Definitief maken': the task claimed by another teamleider, the case paused by beheer,
    and a second letter; each is refused with its code and changes nothing, and the pass completes no task
    for a refused letter. The one letter made completes the task once; after it no letter is made."""
    from services.documents.besluit import BesluitInvoer, finalise_besluit

    users.add_user(z.p, "tl2", groups=["Vergunningen", "Teamleider"])
    users.add_user(z.p, "bea", groups=[], role="beheerder")
    geadviseerd(z)
    z.op(datetime(2026, 4, 20, 9, 0, tzinfo=UTC))
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    invoer = BesluitInvoer(
        uitkomst="weigeren", motivering="Past niet.", besluitdatum=BRIEF_OP, verzenddatum=BRIEF_OP
    )
    taak = z.taak("tl2", "Besluit nemen")["id"]
    inbox.claim(z.p, taak, "tl2")
    z.geweigerd("taak-van-ander", lambda: finalise_besluit(z.p, z.ref, "tom", invoer))
    inbox.unclaim(z.p, taak, "tl2")
    beheer.suspend(z.p, z.ref, "bea", "onderzoek naar een storing")
    z.geweigerd("zaak-gepauzeerd", lambda: finalise_besluit(z.p, z.ref, "tom", invoer))
    beheer.resume(z.p, z.ref, "bea")
    assert _pass_alone(z) == 0 and _besluit_task(z).state == "open"
    finalise_besluit(z.p, z.ref, "tom", invoer)
    z.geweigerd("besluit-al-definitief", lambda: finalise_besluit(z.p, z.ref, "tom", invoer))
    assert (_pass_alone(z), _pass_alone(z)) == (1, 0)
    z.geweigerd("besluit-geen-besluittaak", lambda: finalise_besluit(z.p, z.ref, "tom", invoer))


def test_a_task_completed_meanwhile_is_no_warning(
    z: Omgeving, monkeypatch: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Two workers' passes on the same case (PostgreSQL, scale-out), or the officer's 'Afronden' between the
    pass's read and its step: the later completion finds the task done; that is not warned of."""
    from services import cases, given_besluiten

    brief_verzonden(z)
    complete = cases.complete_task

    def officer_first(platform: Platform, task_id: int, *args: Any, **kwargs: Any) -> Any:
        complete(
            platform,
            task_id,
            "tom",
            {"besluit": "weigeren", "motivering": "Het bouwwerk past niet in het omgevingsplan."},
        )
        return complete(platform, task_id, *args, **kwargs)

    monkeypatch.setattr(given_besluiten.cases, "complete_task", officer_first)
    with caplog.at_level(logging.DEBUG, logger="ruimteflow.given_besluiten"):
        assert _pass_alone(z) == 0
    levels = [r.levelno for r in caplog.records if r.name == "ruimteflow.given_besluiten"]
    assert levels == [logging.DEBUG], levels
    assert _besluit_task(z).state == "voltooid" and _lines(z) == []
