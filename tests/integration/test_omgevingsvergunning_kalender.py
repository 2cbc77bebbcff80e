"""The permit's legal dates after the review "kalender" (findings 1, 2 and 4).

Dates as in test_omgevingsvergunning: the clock starts on Monday 2 March 2026 and the reguliere
beslistermijn ends on Tuesday 28 April 2026. A besluit sent on 2 March has its bezwaar term up to and
including Monday 13 April; a bezwaarschrift posted by then may arrive until Monday 20 April (Awb 6:9
lid 2).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import update

from services import cases, users
from services.documents.besluit import BesluitInvoer, finalise_besluit
from services.status import account_messages as messages
from services.store.models import Case
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def _public(case: dict[str, Any]) -> list[str]:
    return [e["tekst"] for e in case["tijdlijn"] if e["publiek"]]


def _besloten_op_2_maart(z: Omgeving) -> dict[str, Any]:
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    assert case["wacht_op"] == "het besluit wordt vandaag verzonden"  # the term from the day after (Awb 6:8)
    case = z.later(days=1)
    assert case["wacht_op"] == "bezwaartermijn loopt tot en met 13 april 2026"
    return case


def _behandelaar(z: Omgeving) -> str:
    """A vergunningverlener who registers letters that came by post."""
    users.add_user(z.p, "vera", groups=["Vergunningen"], role="vergunningverlener")
    return "vera"


def _initiatiefnemer(z: Omgeving) -> str:
    """An initiator account that owns the case (as if it had applied while logged in)."""
    users.add_user(z.p, "piet", role="initiatiefnemer")
    with z.p.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == z.ref).values(started_by="piet"))
        uow.commit()
    return "piet"


def test_a_bezwaar_posted_in_time_is_taken_in_the_week_after_the_term(z: Omgeving) -> None:
    """Finding 2: at 14 April the case was "onherroepelijk" and a bezwaarschrift posted on 13 April and
    received on 16 April was refused (bericht-niet-verwacht), though Awb 6:9 lid 2 makes it on time."""
    _besloten_op_2_maart(z)
    case = z.op(datetime(2026, 4, 14, 7, 0, tzinfo=UTC))  # 09:00 Dutch time, the day after the term
    assert case["status"] == "lopend" and case["definitief"] is False
    assert case["fase"] == "bezwaar- en beroepstermijn"
    assert case["wacht_op"] == (
        "bezwaartermijn verstreken op 13 april 2026; een op tijd op de post gedaan bezwaarschrift kan nog "
        "binnenkomen tot en met 20 april 2026"
    )
    assert not any("onherroepelijk" in t for t in _public(case))

    z.op(datetime(2026, 4, 16, 9, 0, tzinfo=UTC))
    brief = {"soort": "bezwaar", "ontvangen_op": "2026-04-16", "ter_post_bezorgd_op": "2026-04-13"}
    messages.send_from_account(z.p, z.ref, "bezwaar", brief, _behandelaar(z))  # registers the letter
    taak = z.taak("jet", "Bezwaar of beroep registreren")
    assert taak["reden"] == "bezwaar tijdig ingediend"
    assert "Ontvangen op 16 april 2026, na de termijn" in taak["instructies"]
    assert "op 13 april 2026 op de post gedaan" in taak["instructies"]
    assert "artikel 6:9 lid 2 Awb" in taak["instructies"]
    case = z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    assert case["status"] == "lopend" and case["definitief"] is False  # 'Beslissen op bezwaar' follows


def test_the_besluit_is_onherroepelijk_only_after_the_post_week(z: Omgeving) -> None:
    _besloten_op_2_maart(z)
    case = z.op(datetime(2026, 4, 20, 20, 0, tzinfo=UTC))  # 22:00 on 20 April, the week's last day
    assert case["status"] == "lopend" and case["definitief"] is False
    case = z.op(datetime(2026, 4, 20, 22, 30, tzinfo=UTC))  # 00:30 on 21 April
    assert case["status"] == "afgerond" and case["definitief"] is True
    assert case["samenvatting"]["resultaat"] == "vergunning verleend; onherroepelijk"
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("bezwaar", {"ontvangen_op": "2026-04-21"}))


def test_the_initiators_own_late_bezwaar_is_registered_marked_te_laat(z: Omgeving) -> None:
    """Through its own account the initiator submits digitally: received today, its own postmark is not
    taken (only a behandelaar registering a letter gives one). Late is not refused: the officer judges
    whether the delay is excusable (Awb 6:11)."""
    _besloten_op_2_maart(z)
    piet = _initiatiefnemer(z)
    z.op(datetime(2026, 4, 15, 9, 0, tzinfo=UTC))
    given = {"soort": "bezwaar", "ter_post_bezorgd_op": "2026-04-13", "ontvangen_op": "2026-04-10"}
    # its own postmark and receipt day are refused, not silently dropped (review pentest13, 2; a3ae310)
    z.geweigerd(
        "berichtgegeven-niet-toegestaan",
        lambda: messages.send_from_account(z.p, z.ref, "bezwaar", given, piet),
    )
    messages.send_from_account(z.p, z.ref, "bezwaar", {}, piet)
    taak = z.taak("jet", "Bezwaar of beroep registreren")
    assert taak["reden"] == "bezwaar te laat ingediend (Awb 6:11)"
    oordeel = taak["instructies"]
    assert "Te laat: ontvangen op 15 april 2026" in oordeel and "op de post gedaan" not in oordeel
    assert "niet-ontvankelijk wegens termijnoverschrijding" in oordeel and "artikel 6:11 Awb" in oordeel
    assert any(t.startswith("Bezwaarschrift ontvangen. Te laat") for t in _public(z.zaak()))


def test_a_postmark_after_the_receipt_is_refused(z: Omgeving) -> None:
    _besloten_op_2_maart(z)
    z.op(datetime(2026, 4, 16, 9, 0, tzinfo=UTC))
    brief = {"ontvangen_op": "2026-04-15", "ter_post_bezorgd_op": "2026-04-16"}
    vera = _behandelaar(z)
    fout = z.geweigerd(
        "bezwaar-postdatum", lambda: messages.send_from_account(z.p, z.ref, "bezwaar", brief, vera)
    )
    assert "ligt na de ontvangst" in fout.detail


def _besluit_in_de_dwangsom(
    z: Omgeving, vastgelegd: date, brief: tuple[date, date], taak_op: date
) -> dict[str, Any]:
    """An ingebrekestelling received 29 April starts the dwangsom on 13 May; the final letter (besluitdatum
    and verzenddatum ``brief``) is stored on ``vastgelegd``, the besluit task completed on ``taak_op``."""
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    z.bericht("ingebrekestelling", {"ontvangen_op": "2026-04-29"})
    z.op(datetime.combine(vastgelegd, time(9, 0), tzinfo=UTC))
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    invoer = BesluitInvoer(
        uitkomst="verlenen", motivering="Zie de overwegingen.", besluitdatum=brief[0], verzenddatum=brief[1]
    )
    finalise_besluit(z.p, z.ref, "tom", invoer)
    z.op(datetime.combine(taak_op, time(9, 0), tzinfo=UTC))
    taak = z.taak("tom", "Besluit nemen")
    cases.complete_task(z.p, taak["id"], "tom", {"besluit": "verlenen", "motivering": "Zie de overwegingen."})
    return z.zaak()


def test_the_dwangsom_runs_until_the_besluit_is_sent(z: Omgeving) -> None:
    """Finding 1: the dwangsom stopped the day before the task was completed (19 May), but a beschikking
    is given when it is made known by sending it (Awb 3:40, 3:41, 4:17): sent on 26 May, it runs to 25 May
    (13 days from 13 May x EUR 23)."""
    case = _besluit_in_de_dwangsom(
        z, date(2026, 5, 19), (date(2026, 5, 19), date(2026, 5, 26)), date(2026, 5, 19)
    )
    dwangsom = case["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["peildatum"] == "2026-05-25"
    assert dwangsom["dagen"] == 13 and dwangsom["bedrag_euro"] == 299
    assert (
        "Het besluit wordt verzonden op 26 mei 2026: de dwangsom wordt dan vastgesteld op € 299 (13 dagen)."
        in _public(case)
    )


def test_buiten_behandeling_is_due_four_weeks_after_the_aanvullingstermijn_ended(z: Omgeving) -> None:
    """Finding 4: the task was due four weeks after the day the timer fired (17 March), one day late;
    Awb 4:5 lid 4 counts from the term's last day (16 March): due Monday 13 April."""
    z.start()
    z.tekening_gevraagd()
    z.op(datetime(2026, 3, 16, 23, 30, tzinfo=UTC))  # 00:30 on 17 March: the timer fired at midnight
    assert z.taak("jet", "Besluit buiten behandeling")["vervaldatum"] == "2026-04-13"


def test_a_verzenddatum_dated_back_does_not_wipe_out_the_dwangsom(z: Omgeving) -> None:
    """Review sessie8b finding 2: the letter made final on 29 May with verzenddatum 12 May set the dwangsom
    at 0 days, though it was forfeited from 13 May. A besluit is not sent before its task was completed:
    the dwangsom runs to 28 May (16 days from 13 May: 14 x EUR 23 + 2 x EUR 35, Awb 4:17 lid 2)."""
    case = _besluit_in_de_dwangsom(
        z, date(2026, 5, 29), (date(2026, 5, 12), date(2026, 5, 12)), date(2026, 5, 29)
    )
    dwangsom = case["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["peildatum"] == "2026-05-28"
    assert dwangsom["dagen"] == 16 and dwangsom["bedrag_euro"] == 392
    assert (
        "Besluitbrief vastgelegd op 29 mei 2026 (de verzenddatum 12 mei 2026 ligt daarvoor, maar een besluit "
        "is niet verzonden voordat de brief is vastgelegd): de dwangsom is vastgesteld op € 392 (16 dagen)."
        in _public(case)
    )


def test_a_letter_made_final_before_the_task_ends_the_dwangsom_on_its_own_day(z: Omgeving) -> None:
    """Review sessie8c A: the letter was made final on 20 May with verzenddatum 20 May (the initiator saw it on
    the status page that day); the task was completed on 29 May. The dwangsom ran to 28 May (16 days,
    EUR 392); the besluit was given on 20 May, so it is due up to 19 May: 7 days, EUR 161 (Awb 4:17, 3:41)."""
    case = _besluit_in_de_dwangsom(
        z, date(2026, 5, 20), (date(2026, 5, 20), date(2026, 5, 20)), date(2026, 5, 29)
    )
    dwangsom = case["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["peildatum"] == "2026-05-19"
    assert dwangsom["dagen"] == 7 and dwangsom["bedrag_euro"] == 161
