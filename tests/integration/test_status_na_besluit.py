"""The initiator's status page between the besluit and the end of its bezwaar- or beroepstermijn tells the
truth (review20, findings 3, 4 and 7): the status says the besluit was taken and what is still possible,
the bezwaartermijn starts in the step bar on the day after the besluit is sent (Awb 3:41, 6:8; S20, 2: the
day of sending belongs to the besluit phase, the status and the holder timeline), and a bezwaar
sent from the page after the bezwaartermijn is accepted with a warning that it is late (Awb 6:9 lid 2
covers only letters posted in time; the gemeente judges whether the lateness is excusable, 6:11).

Dates as in test_omgevingsvergunning (the clock starts on Monday 2 March 2026). The besluit task is done
on Monday 20 April with a letter sent on Friday 24 April: the bezwaartermijn runs from 25 April up to and
including Friday 5 June, a bezwaarschrift posted in time may arrive until Friday 12 June.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update

from services import cases, initiators, users
from services.clock import today
from services.documents.besluit import BesluitInvoer, finalise_besluit
from services.status import view
from services.status.messages import send_public_message
from services.store.models import Case
from services.waits import timeline
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_ingebrekestelling_na_besluit import besloten_na_de_termijn
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie  # the permit scenario fixtures

GENOMEN, VERZONDEN = date(2026, 4, 20), date(2026, 4, 24)


def _op(z: Omgeving, day: date) -> dict[str, Any]:
    z.op(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))
    return view.public_status(z.p, str(z.zaak()["volgcode"]))


def _besloten(z: Omgeving) -> dict[str, Any]:
    case = besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    assert case["samenvatting"]["rechtsmiddel"]["tot"] == "2026-06-05"
    return case


def _uitgebreid_besloten(z: Omgeving, verzonden: date) -> None:
    """An uitgebreide procedure with no zienswijzen, its besluit taken on Thursday 23 April and its letter
    sent on ``verzonden``."""
    z.start_uitgebreid()
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    z.later(days=50)  # ter inzage and its post week are over: 'Besluit nemen'
    gegeven = {"besluit": "verlenen", "motivering": "Zie de overwegingen."}
    invoer = BesluitInvoer(
        uitkomst="verlenen",
        motivering=gegeven["motivering"],
        besluitdatum=today(z.clock),
        verzenddatum=verzonden,
    )
    finalise_besluit(z.p, z.ref, "tom", invoer)
    z.lever("tom", "Besluit nemen")
    cases.complete_task(z.p, z.taak("tom", "Besluit nemen")["id"], "tom", gegeven)


# -- finding 3: the status once the besluit is taken -------------------------------------------------


def test_the_status_says_the_besluit_was_taken_and_what_is_still_possible(z: Omgeving) -> None:
    _besloten(z)
    before = _op(z, date(2026, 4, 22))
    assert before["status_tekst"] == "Besluit genomen, wordt verzonden op 24 april 2026"
    assert _op(z, VERZONDEN)["status_tekst"] == "Besluit genomen, wordt vandaag verzonden"
    assert (
        _op(z, date(2026, 4, 25))["status_tekst"]
        == "Besluit genomen, bezwaar mogelijk tot en met 5 juni 2026"
    )
    assert (
        _op(z, date(2026, 6, 5))["status_tekst"] == "Besluit genomen, bezwaar mogelijk tot en met 5 juni 2026"
    )
    late = _op(z, date(2026, 6, 8))  # the post week of Awb 6:9 lid 2: the case still runs
    assert late["status"] == "lopend" and late["status_tekst"] == "Besluit genomen, bezwaartermijn voorbij"
    done = _op(z, date(2026, 6, 13))
    assert (done["status"], done["status_tekst"]) == ("afgerond", "Afgerond")


def test_an_uitgebreide_procedures_status_names_its_beroepstermijn(z: Omgeving) -> None:
    _uitgebreid_besloten(z, date(2026, 4, 24))
    assert _op(z, date(2026, 4, 23))["status_tekst"] == "Besluit genomen, wordt verzonden op 24 april 2026"
    assert _op(z, date(2026, 4, 24))["status_tekst"] == "Besluit genomen, wordt vandaag verzonden"
    page = _op(z, date(2026, 4, 25))
    assert page["status_tekst"] == "Besluit genomen, beroep mogelijk tot en met 5 juni 2026"
    assert _op(z, date(2026, 6, 8))["status_tekst"] == "Besluit genomen, beroepstermijn voorbij"


# -- finding 4: a bezwaar sent from the page after the bezwaartermijn ---------------------------------


def _bezwaar(page: dict[str, Any]) -> dict[str, Any]:
    [offered] = [a for a in page["acties"] if a["bericht"] == "bezwaar"]
    return offered


def test_a_bezwaar_after_the_bezwaartermijn_is_taken_with_the_warning_that_it_is_late(z: Omgeving) -> None:
    _besloten(z)
    last_day = _bezwaar(_op(z, date(2026, 6, 5)))
    assert last_day["verwacht"] and "te laat" not in last_day["uitleg"], last_day
    after = _bezwaar(_op(z, date(2026, 6, 8)))  # in the post week the case still takes a bezwaar
    assert after["verwacht"], after
    said = after["uitleg"]
    assert said.startswith("De bezwaartermijn is voorbij."), said
    assert "hier nu indient, is te laat" in said and "artikel 6:9 lid 2 Awb" in said, said
    assert "niet-ontvankelijk" in said and "artikel 6:11 Awb" in said, said
    # accepted, not refused: the gemeente judges whether the lateness is excusable (Awb 6:11)
    code = str(z.zaak()["volgcode"])
    send_public_message(z.p, code, "bezwaar", {"tekst": "Te hoog. Ik was in het buitenland."})
    received = z.zaak()["samenvatting"]["gegevens"]["bezwaar_ontvangst"]
    assert received["ontvangen_op"] == "2026-06-08" and received["tijdig"] is False, received


# -- finding 7: the bezwaartermijn starts in the step bar the day after the besluit is sent ---------------


def _mijn_aanvraag(z: Omgeving) -> dict[str, Any]:
    """The case as its initiator's account lists it in 'Mijn aanvragen'."""
    users.add_user(z.p, "ina", role="initiatiefnemer", email="ina@example.org", bijwerken=True)
    with z.p.uow() as uow:
        uow.session.execute(
            update(Case).where(Case.reference == z.ref).values(initiator_email="ina@example.org")
        )
        uow.commit()
    [mine] = [c for c in initiators.my_cases(z.p, "ina")["zaken"] if c["zaak"] == z.ref]
    return mine


def _stand(page: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(f["naam"], f["stand"], f["sinds"]) for f in page["fasen"]][-3:]


def test_before_its_letter_is_sent_the_besluit_phase_is_current_and_says_when_it_is_sent(z: Omgeving) -> None:
    _besloten(z)
    before = _op(z, date(2026, 4, 22))
    assert _stand(before) == [
        ("Besluit", "huidig", "2026-04-20"),
        ("Bezwaartermijn", "komend", None),
        ("Afgerond", "komend", None),
    ]
    assert before["huidige_fase"]["naam"] == "Besluit"
    assert before["huidige_fase"]["uitleg"] == (
        "Het besluit is genomen en wordt verzonden op 24 april 2026. Dan is het bekendgemaakt; de "
        "bezwaartermijn begint de dag daarna (artikel 6:8 Awb)."
    )
    mine = _mijn_aanvraag(z)  # 'Mijn aanvragen' says what the status page says
    assert (mine["fase"], mine["status_tekst"]) == ("Besluit", before["status_tekst"]), mine
    sending = _op(z, VERZONDEN)  # the day of sending belongs to the besluit phase (S20, 2)
    assert _stand(sending) == _stand(before)
    assert sending["huidige_fase"]["uitleg"] == (
        "Het besluit is genomen en wordt vandaag verzonden. Dan is het bekendgemaakt; de bezwaartermijn "
        "begint morgen (artikel 6:8 Awb)."
    )
    mine = _mijn_aanvraag(z)
    assert (mine["fase"], mine["status_tekst"]) == ("Besluit", sending["status_tekst"]), mine
    sent = _op(z, date(2026, 4, 25))  # the day after the besluit is made known (Awb 6:8), not the task's
    assert _stand(sent) == [
        ("Besluit", "afgerond", "2026-04-20"),
        ("Bezwaartermijn", "huidig", "2026-04-25"),
        ("Afgerond", "komend", None),
    ]
    assert sent["huidige_fase"]["naam"] == "Bezwaartermijn"
    assert _mijn_aanvraag(z)["fase"] == "Bezwaartermijn"


def test_an_uitgebreide_procedures_beroepstermijn_starts_when_its_besluit_is_sent(z: Omgeving) -> None:
    _uitgebreid_besloten(z, date(2026, 4, 27))  # taken on Thursday 23 April, sent the Monday after
    before = _op(z, date(2026, 4, 24))
    assert _stand(before) == [
        ("Besluit", "huidig", "2026-04-23"),
        ("Beroepstermijn", "komend", None),
        ("Afgerond", "komend", None),
    ]
    assert before["huidige_fase"]["uitleg"].endswith(
        "de beroepstermijn begint de dag daarna (artikel 6:8 Awb)."
    )
    assert _stand(_op(z, date(2026, 4, 27)))[:2] == [  # the day of sending: still the besluit phase
        ("Besluit", "huidig", "2026-04-23"),
        ("Beroepstermijn", "komend", None),
    ]
    sent = _op(z, date(2026, 4, 28))
    assert _stand(sent)[1] == ("Beroepstermijn", "huidig", "2026-04-28")


def test_the_public_holder_timeline_gives_the_bezwaartermijn_from_the_day_after_the_besluit_is_sent(
    z: Omgeving,
) -> None:
    """'Nu bij: Bezwaartermijn sinds 20 april' while the letter was still to be sent on 24 April: the model
    waits for a bezwaar from the task on, the term runs from the day after the bekendmaking (Awb 3:41,
    6:8); the day of sending is the gemeente's (S20, 2)."""
    _besloten(z)
    code = str(z.zaak()["volgcode"])
    _op(z, date(2026, 4, 22))
    before = timeline.for_status_page(z.p, code)
    assert before["nu"]["houder"] == "Gemeente", before["nu"]
    assert before["nu"]["reden"] == "het besluit wordt verzonden op 24 april 2026"
    assert before["nu"]["sinds"] == "2026-04-20T09:00:00+00:00", before["nu"]
    assert "Bezwaartermijn" not in {r["houder"] for r in before["rijen"]}
    _op(z, VERZONDEN)
    sending = timeline.for_status_page(z.p, code)
    assert sending["nu"]["houder"] == "Gemeente", sending["nu"]
    assert sending["nu"]["reden"] == "het besluit wordt vandaag verzonden"
    assert "Bezwaartermijn" not in {r["houder"] for r in sending["rijen"]}
    _op(z, date(2026, 4, 28))  # 25 and 26 April a weekend, the 27th Koningsdag: one working day since
    sent = timeline.for_status_page(z.p, code)
    assert sent["nu"]["houder"] == "Bezwaartermijn" and sent["nu"]["sinds"] == "2026-04-24T22:00:00+00:00", (
        sent["nu"]
    )
    assert (
        sent["nu"]["werkdagen"] == 1 and sent["nu"]["reden"] == "bezwaartermijn loopt tot en met 5 juni 2026"
    )
    [term] = [r for r in sent["rijen"] if r["houder"] == "Bezwaartermijn"]
    assert [s["van"] for s in term["segmenten"]] == ["2026-04-24T22:00:00+00:00"]
    gemeente = [s for r in sent["rijen"] if r["houder"] == "Gemeente" for s in r["segmenten"]]
    assert {"van": "2026-04-20T09:00:00+00:00", "tot": "2026-04-24T22:00:00+00:00"}.items() <= gemeente[
        -1
    ].items()
    assert gemeente[-1]["reden"] == "het besluit is verzonden op 24 april 2026", gemeente[-1]
