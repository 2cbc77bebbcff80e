"""What the applicant is told about an ingebrekestelling and its dwangsom (review status15b, R3-R5).

R3: the dwangsom set at the besluit or an intrekking was one public timeline line ("Dwangsom vastgesteld op
€ 161"): no mail, nothing in the page's decision block, no beschikking (Awb 4:18). Now the case records the
beschikking with its day and bezwaar term, the applicant is mailed it, and the page shows it.
R4: at the 42-day maximum the model waited for the besluit to set the dwangsom; it is now set the day after
its last day, within the two weeks of Awb 4:18, and the besluit still ends the case.
R5: from the end of the term to the besluit no mail went out; the receipt of the ingebrekestelling and the
dwangsom's first day are now mailed, and the page says when beroep at the rechtbank is open (Awb 6:12 lid 2).

Dates as in test_omgevingsvergunning: the beslistermijn ends on Tuesday 28 April 2026; an ingebrekestelling
received on 29 April starts the dwangsom on 13 May (Awb 4:17 lid 3), EUR 23 a day for the first 14 days;
its 42nd and last day is 23 June.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from processes.termijnen.dwangsom import stand_in_woorden
from services.clock import FixedClock
from services.platform import Platform
from services.status.messages import send_public_message
from services.store.models import OutboxMessage
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.dwangsom_steps import in_2026, in_gebreke
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie
MODEL_VOOR = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "bpmn"
    / "omgevingsvergunning_voor_dwangsom_maximum.bpmn"
)


def _mails(z: Omgeving, after: int = 0) -> list[dict[str, Any]]:
    with z.p.uow(write=False) as uow:
        rows = uow.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.channel == "email", OutboxMessage.id > after)
            .order_by(OutboxMessage.id)
        ).all()
        return [{"id": r.id, **r.payload} for r in rows]


def _last(z: Omgeving) -> int:
    mails = _mails(z)
    return int(mails[-1]["id"]) if mails else 0


def _page(z: Omgeving, code: str) -> str:
    return create_app(z.p.settings, platform=z.p).test_client().get(f"/status/{code}").text


def _ontvangen(z: Omgeving) -> tuple[str, dict[str, Any]]:
    """A regular case, complete, whose applicant's ingebrekestelling is received on 29 April, the day after
    its term: its tracking code and the one mail of the receipt."""
    code = str(z.start(email="jansen@example.org")["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.op(in_2026(4, 29))
    before = _last(z)
    send_public_message(z.p, code, "ingebrekestelling", {"tekst": "Beslis.", "bevestigd": True})
    [receipt] = _mails(z, before)
    return code, receipt


def test_the_dwangsom_set_at_the_besluit_is_mailed_as_a_beschikking_and_shown_on_the_page(
    z: Omgeving,
) -> None:
    code = in_gebreke(z)
    z.op(in_2026(5, 20))
    before = _last(z)
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.doe("tom", "Besluit nemen", {"besluit": "weigeren", "motivering": "Past niet."})
    mails = _mails(z, before)
    beschikking = [m for m in mails if m["soort"] == "dwangsom"]
    assert len(beschikking) == 1, [m["soort"] for m in mails]
    mail = beschikking[0]
    assert mail["aan"] == "jansen@example.org"
    assert mail["onderwerp"].endswith("is vastgesteld op € 161")
    assert mail["onderwerp"].startswith("Beschikking: "), mail["onderwerp"]  # it carries the set dwangsom
    text = " ".join(mail["tekst"].split())
    assert "Op 20 mei 2026 heeft zij bij beschikking vastgesteld" in text
    assert "€ 161, voor 7 dagen: van 13 mei 2026 tot en met 19 mei 2026" in text
    assert "7 dagen × € 23 = € 161" in text  # how it was counted
    assert "De gemeente betaalt dit bedrag aan u" in text
    assert "tot en met woensdag 1 juli 2026 bezwaar maken bij de gemeente" in text
    assert {"besluit"} <= {m["soort"] for m in mails}  # beside the besluit's own mail

    stand = z.zaak()["samenvatting"]["dwangsom"]
    assert stand["status"] == "vastgesteld" and stand["bedrag_euro"] == 161
    assert stand["beschikking"] == {
        "datum": "2026-05-20",
        "reden": "Besluit verzonden op 20 mei 2026",
        "laatste_dag": "2026-05-19",
        "bezwaar_tot": "2026-07-01",
    }
    page = _page(z, code)
    block = page.split('id="status-dwangsom">', 1)[1].split("</dd>", 1)[0]
    assert "op 20 mei 2026 bij beschikking de dwangsom vastgesteld op € 161 (7 dagen" in block
    assert "De gemeente betaalt dit bedrag aan u" in block and "woensdag 1 juli 2026" in block


def test_a_withdrawal_mails_the_dwangsom_beschikking_and_still_its_phase_mail(z: Omgeving) -> None:
    code = in_gebreke(z)
    z.op(in_2026(5, 18))
    before = _last(z)
    send_public_message(z.p, code, "intrekking", {"tekst": "x", "bevestigd": True})
    mails = {m["soort"]: m for m in _mails(z, before)}
    assert "fase" in mails, list(mails)  # "Ingetrokken" is still told
    text = " ".join(mails["dwangsom"]["tekst"].split())
    assert "€ 115, voor 5 dagen: van 13 mei 2026 tot en met 17 mei 2026" in text
    assert "Aanvraag ingetrokken op 18 mei 2026." in text


def test_at_the_maximum_the_dwangsom_is_set_the_next_day_without_waiting_for_the_besluit(z: Omgeving) -> None:
    code = in_gebreke(z)
    case = z.op(in_2026(6, 23, 12))  # the 42nd day: still due today
    assert case["samenvatting"]["dwangsom"]["status"] == "maximum"
    before = _last(z)
    case = z.op(in_2026(6, 24))
    stand = case["samenvatting"]["dwangsom"]
    assert stand["status"] == "vastgesteld" and stand["dagen"] == 42 and stand["bedrag_euro"] == 1442
    assert (
        stand["beschikking"]["datum"] == "2026-06-24" and stand["beschikking"]["bezwaar_tot"] == "2026-08-05"
    )
    assert [m["soort"] for m in _mails(z, before)] == ["dwangsom"]
    assert "Het maximum van 42 dagen is bereikt op 23 juni 2026" in _mails(z, before)[0]["tekst"]
    assert "bij beschikking de dwangsom vastgesteld op € 1.442" in _page(z, code)
    # the besluit, months later, ends the case as before; the dwangsom stands, no second beschikking
    z.op(in_2026(9, 1))
    before = _last(z)
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Alsnog."})
    assert case["samenvatting"]["dwangsom"] == stand
    assert "dwangsom" not in [m["soort"] for m in _mails(z, before)]
    assert case["fase"] == "bezwaar- en beroepstermijn"


def test_an_amount_from_a_thousand_euros_reads_the_same_everywhere(z: Omgeving) -> None:
    """The dwangsom at its maximum, € 1.442, is written as the case file writes an amount (thousands point,
    processes.nederlands.euro) on the status page, in the officers' marker, the public timeline and the
    mails: they said "€ 1442"."""
    code, receipt = _ontvangen(z)
    assert "(samen ten hoogste € 1.442)" in " ".join(receipt["tekst"].split())
    assert "ten hoogste € 1.442" in " ".join(receipt["html"].split())
    stand = z.op(in_2026(6, 23, 12))["samenvatting"]["dwangsom"]
    assert stand_in_woorden(stand) is not None
    assert stand_in_woorden(stand)["kort"] == "Dwangsom maximum (€ 1.442)"
    before = _last(z)
    case = z.op(in_2026(6, 24))
    [mail] = _mails(z, before)
    assert mail["onderwerp"].endswith("is vastgesteld op € 1.442"), mail["onderwerp"]
    text = " ".join(mail["tekst"].split())
    assert "Bedrag: € 1.442, voor 42 dagen" in text and "42 dagen, € 1.442" in text
    public = [e["tekst"] for e in case["tijdlijn"] if e["publiek"]]
    assert any("vastgesteld op € 1.442 (42 dagen" in t for t in public), public
    assert "bij beschikking de dwangsom vastgesteld op € 1.442 (42 dagen" in _page(z, code)
    assert "1442" not in text


def test_a_withdrawal_after_the_maximum_keeps_the_dwangsom_as_set(z: Omgeving) -> None:
    code = in_gebreke(z)
    stand = z.op(in_2026(7, 8))["samenvatting"]["dwangsom"]
    assert stand["status"] == "vastgesteld" and stand["bedrag_euro"] == 1442
    before = _last(z)
    send_public_message(z.p, code, "intrekking", {"tekst": "x", "bevestigd": True})
    case = z.zaak()
    assert case["status"] == "afgerond" and case["samenvatting"]["dwangsom"] == stand
    assert "dwangsom" not in [m["soort"] for m in _mails(z, before)]


def test_the_receipt_of_the_ingebrekestelling_and_the_dwangsom_s_first_day_are_mailed(z: Omgeving) -> None:
    code, receipt = _ontvangen(z)
    assert receipt["soort"] == "ingebrekestelling"
    assert receipt["onderwerp"].endswith("is ontvangen op 29 april 2026")
    text = " ".join(receipt["tekst"].split())
    assert "Heeft de gemeente op 13 mei 2026 nog niet beslist" in text
    assert "Vanaf 13 mei 2026 kunt u ook beroep instellen bij de rechtbank" in text
    assert "beroep-niet-tijdig" not in _page(z, code)  # not yet open

    before = _last(z)
    z.op(in_2026(5, 14))
    [started] = _mails(z, before)
    assert started["soort"] == "dwangsom_loopt"
    assert "sinds 13 mei 2026 een dwangsom verschuldigd" in " ".join(started["tekst"].split())
    assert "artikel 6:12 lid 2 Awb" in " ".join(started["tekst"].split())
    page = _page(z, code)
    line = page.split('id="beroep-niet-tijdig">', 1)[1].split("</p>", 1)[0]
    assert "Sinds 13 mei 2026 kunt u daarom ook beroep instellen bij de rechtbank" in line
    assert page.index('id="beroep-niet-tijdig"') > page.index('id="kop-acties"')
    before = _last(z)
    z.op(in_2026(5, 20))
    assert _mails(z, before) == []  # once, not every day


def test_a_case_on_the_previous_model_still_sets_the_dwangsom_at_the_besluit_after_the_maximum(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = met_oud_model(platform, clock, locatie, MODEL_VOOR, monkeypatch)
    in_gebreke(oud)
    assert oud.op(in_2026(7, 8))["samenvatting"]["dwangsom"]["status"] == "maximum"  # its version waits
    oud.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    case = oud.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Alsnog."})
    stand = case["samenvatting"]["dwangsom"]
    assert stand["status"] == "vastgesteld" and stand["bedrag_euro"] == 1442
    assert stand["beschikking"]["datum"] == "2026-07-08"
    assert "dwangsom" in [m["soort"] for m in _mails(oud)]


def test_a_besluit_sent_later_sets_the_dwangsom_on_its_verzenddatum_not_before(z: Omgeving) -> None:
    """Review review20, 1: the besluit taken on 20 May with its letter sent on 25 May; the dwangsom runs up
    to 24 May. The beschikking that sets it cannot come before that day has passed (Awb 4:18): it goes with
    the besluit and is dated its bekendmaking, 25 May; bezwaar runs six weeks from the day after (Awb 6:8),
    to Monday 6 July. Until then the page and the mail say it will be set, not that it was."""
    from tests.integration.test_ingebrekestelling_na_besluit import besluit_met_brief

    code = in_gebreke(z)
    before = _last(z)
    case = besluit_met_brief(z, date(2026, 5, 25), date(2026, 5, 20))
    stand = case["samenvatting"]["dwangsom"]
    assert stand["status"] == "vastgesteld" and stand["dagen"] == 12 and stand["bedrag_euro"] == 276
    assert stand["beschikking"] == {
        "datum": "2026-05-25",
        "reden": "Het besluit wordt verzonden op 25 mei 2026",
        "laatste_dag": "2026-05-24",
        "bezwaar_tot": "2026-07-06",
    }
    public = [e["tekst"] for e in case["tijdlijn"] if e["publiek"]]
    assert (
        "Het besluit wordt verzonden op 25 mei 2026: de dwangsom wordt dan vastgesteld op € 276 (12 dagen)."
        in (public)
    ), public
    [mail] = [m for m in _mails(z, before) if m["soort"] == "dwangsom"]
    assert mail["onderwerp"].endswith("wordt op 25 mei 2026 vastgesteld op € 276"), mail["onderwerp"]
    # an announcement, not the beschikking itself (review S20, 6): its subject does not say it is one
    assert (
        mail["onderwerp"] == f"De dwangsom voor uw aanvraag {z.ref} wordt op 25 mei 2026 vastgesteld op € 276"
    )
    text = " ".join(mail["tekst"].split())
    assert "Op 25 mei 2026 stelt zij bij beschikking vast" in text and "heeft zij" not in text, text
    assert "tot en met maandag 6 juli 2026 bezwaar maken bij de gemeente" in text
    for day in (20, 24):
        z.op(in_2026(5, day))
        block = _page(z, code).split('id="status-dwangsom">', 1)[1].split("</dd>", 1)[0]
        assert "wordt de dwangsom op 25 mei 2026 bij beschikking vastgesteld op € 276 (12 dagen" in block, (
            block
        )
        assert "heeft zij" not in block and "maandag 6 juli 2026" in block
    z.op(in_2026(5, 25))
    block = _page(z, code).split('id="status-dwangsom">', 1)[1].split("</dd>", 1)[0]
    assert "heeft zij op 25 mei 2026 bij beschikking de dwangsom vastgesteld op € 276 (12 dagen" in block, (
        block
    )


def test_after_the_maximum_the_term_text_no_longer_says_the_dwangsom_runs(z: Omgeving) -> None:
    """Review review20, 2: from the day after the 42nd day (status 'vastgesteld') the page went back to
    "Sinds 13 mei 2026 is de gemeente u een dwangsom verschuldigd ..., ten hoogste 42 dagen"."""
    from services.status import view

    code = in_gebreke(z)
    z.op(in_2026(6, 23, 12))
    at_most = view.public_status(z.p, code)["termijn"]["toelichting"]
    assert at_most.endswith("het maximum van 42 dagen is bereikt."), at_most
    assert z.op(in_2026(6, 24))["samenvatting"]["dwangsom"]["status"] == "vastgesteld"
    said = view.public_status(z.p, code)["termijn"]["toelichting"]
    assert "ten hoogste 42 dagen" not in said and "is de gemeente u een dwangsom verschuldigd" not in said, (
        said
    )
    assert said.endswith(
        "Van 13 mei 2026 tot en met 23 juni 2026 was de gemeente u een dwangsom verschuldigd (Awb 4:17); "
        "het maximum van 42 dagen is bereikt en de dwangsom is vastgesteld (Awb 4:18)."
    ), said
