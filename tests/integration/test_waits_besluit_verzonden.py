"""The officers' side gives the bezwaartermijn from the day after its besluit is sent, as the status page
does (Awb 3:41, 6:8): the staff holder timeline, "Ligt bij" on the case page and in the case list, the
stored holder intervals and the wait figures read from them.

The model waits for a bezwaar from the moment 'Besluit nemen' is done; until the letter is sent, the day
of sending included, the gemeente holds the case (it still sends the besluit). The permit's besluit task
is done on Monday 20 April 2026 with a letter sent on Friday 24 April: the bezwaartermijn runs from 25
April (2026-04-24T22:00Z), as in test_status_na_besluit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from services import case_queries
from services.clock import start_of_day
from services.kaart_panel import case_panel
from services.status import view
from services.store.models import Case, HolderInterval
from services.waits import figures, store, timeline
from tests.integration import test_zaakpagina_kcc as kcc
from tests.integration.test_ingebrekestelling_na_besluit import besloten_na_de_termijn
from tests.integration.test_omgevingsvergunning import Omgeving
from tests.sql_statements import statements

z, locatie = kcc.z, kcc.locatie  # the permit scenario fixtures

GENOMEN, VERZONDEN = date(2026, 4, 20), date(2026, 4, 24)
TAAK = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)  # the moment 'Besluit nemen' was done
TERMIJN = start_of_day(date(2026, 4, 25))  # the first moment of the bezwaartermijn


def _op(z: Omgeving, day: date) -> None:
    z.op(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))


def _ligt_bij(z: Omgeving) -> tuple[str | None, str]:
    """The case page's "Ligt bij" and the case list's holder, as anna reads them."""
    page = kcc._text(kcc._officer(z).get(f"/zaken/{z.ref}").text)
    [row] = case_queries.search_cases(z.p, "anna", text=z.ref)["zaken"]
    return kcc._row(page, "Ligt bij"), row["houder"]


def _stored(z: Omgeving) -> list[tuple[Any, ...]]:
    with z.p.uow(write=False) as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == z.ref))
        rows = uow.session.scalars(
            select(HolderInterval).where(HolderInterval.case_id == case_id).order_by(HolderInterval.seq)
        )
        return [
            (r.holder, r.kind, store.utc(r.started_at), store.utc(r.ended_at) if r.ended_at else None)
            for r in rows
        ]


def test_the_staff_timeline_and_ligt_bij_name_the_gemeente_until_the_besluit_is_sent(z: Omgeving) -> None:
    besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    _op(z, date(2026, 4, 22))
    before = timeline.for_case_file(z.p, z.ref, "anna")
    assert before["publiek"] is False
    assert (before["nu"]["houder"], before["nu"]["soort"]) == ("Gemeente", "afdeling"), before["nu"]
    assert before["nu"]["sinds"] == "2026-04-20T09:00:00+00:00"
    assert before["nu"]["reden"] == "het besluit wordt verzonden op 24 april 2026"
    assert "Bezwaartermijn" not in {r["houder"] for r in before["rijen"]}
    assert _ligt_bij(z) == ("Gemeente", "Gemeente")

    _op(z, VERZONDEN)  # the day of sending is still the gemeente's
    assert timeline.for_case_file(z.p, z.ref, "anna")["nu"]["reden"] == "het besluit wordt vandaag verzonden"
    assert _ligt_bij(z) == ("Gemeente", "Gemeente")

    _op(z, date(2026, 4, 28))
    sent = timeline.for_case_file(z.p, z.ref, "anna")
    assert (sent["nu"]["houder"], sent["nu"]["soort"]) == ("Bezwaartermijn", "wettelijke_termijn")
    assert sent["nu"]["sinds"] == "2026-04-24T22:00:00+00:00"
    [term] = [r for r in sent["rijen"] if r["houder"] == "Bezwaartermijn"]
    assert [s["van"] for s in term["segmenten"]] == ["2026-04-24T22:00:00+00:00"]
    [gemeente] = [s for r in sent["rijen"] if r["houder"] == "Gemeente" for s in r["segmenten"]]
    assert (gemeente["van"], gemeente["tot"]) == ("2026-04-20T09:00:00+00:00", "2026-04-24T22:00:00+00:00")
    assert gemeente["reden"] == "het besluit is verzonden op 24 april 2026"
    assert _ligt_bij(z) == ("Bezwaartermijn", "Bezwaartermijn")


def _houder(z: Omgeving) -> tuple[str | None, ...]:
    """The case's ``houder`` as the API's case, the full case file and the map panel give it."""
    full = case_queries.case_file(z.p, z.ref, "anna")
    return z.zaak()["houder"], full["houder"], case_panel(z.p, z.ref)["houder"]


def test_the_cases_houder_is_the_gemeente_until_the_term_begins(z: Omgeving) -> None:
    """The case's ``houder`` gave the model's "Belanghebbenden" from the besluit step on, while "Ligt bij"
    said the gemeente still holds it (review, noticed and left alone): it follows derive's rule now, the
    gemeente up to the term's first day, the model's holder from then."""
    decided = besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    assert decided["houder"] == "Gemeente"
    _op(z, date(2026, 4, 22))
    assert _houder(z) == ("Gemeente",) * 3 and _ligt_bij(z)[0] == "Gemeente"
    _op(z, VERZONDEN)
    assert _houder(z) == ("Gemeente",) * 3

    _op(z, date(2026, 4, 25))  # the term's first day
    assert _houder(z) == ("Bezwaartermijn",) * 3  # the term by its name, as "Ligt bij" says it


#: the read of a case's last recorded waits (services.waits.store.last_snapshot)
LAST_WAITS = "SELECT case_event.at, case_event.data FROM case_event WHERE case_event.case_id ="


def test_the_case_file_reads_the_last_waits_once_before_the_term_begins(z: Omgeving) -> None:
    """The case file's ``houder`` and ``wacht_op`` (case_dict) and its "Wacht op" each read the last
    recorded waits in the days before the term (review, left alone as narrow): one read now, passed on."""
    besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    _op(z, date(2026, 4, 22))
    with statements(z.p) as sent:
        full = case_queries.case_file(z.p, z.ref, "anna")
    assert (full["houder"], full["wacht_op"]) == ("Gemeente", "het besluit wordt verzonden op 24 april 2026")
    assert full["wacht_in_woorden"]["wachten"] == ["Gemeente: het besluit wordt verzonden op 24 april 2026"]
    assert len([q for q in sent if q.startswith(LAST_WAITS)]) == 1, sent


def _wacht_op(z: Omgeving) -> str | None:
    """The case page's "Wacht op", as anna reads it."""
    return kcc._row(kcc._text(kcc._officer(z).get(f"/zaken/{z.ref}").text), "Wacht op")


def test_the_case_pages_wacht_op_says_the_besluit_is_still_sent_until_the_term_begins(z: Omgeving) -> None:
    """ "Wacht op" said "Belanghebbenden: bezwaartermijn loopt tot en met …" from the besluit step on, while
    the timeline and "Ligt bij" said the gemeente still sends the besluit (review, noticed and left alone):
    it follows derive's rule now, the besluit to be sent (with its day) up to the term's first day."""
    besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    _op(z, date(2026, 4, 22))
    assert _wacht_op(z) == "Gemeente: het besluit wordt verzonden op 24 april 2026"
    _op(z, VERZONDEN)
    assert _wacht_op(z) == "Gemeente: het besluit wordt vandaag verzonden"

    _op(z, date(2026, 4, 25))  # the term's first day
    term = _wacht_op(z)
    assert term is not None and term.startswith("Bezwaartermijn: bezwaartermijn loopt tot en met "), term
    assert "verzonden" not in term


def test_the_stored_intervals_give_the_term_from_the_day_after_sending_from_the_step_on(z: Omgeving) -> None:
    """The step that records the besluit and its verzenddatum stores the gemeente's interval up to the
    term's first moment, ahead of it; a rebuild from the history gives the same rows."""
    besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    rows = _stored(z)
    assert rows[-2:] == [
        ("Gemeente", "afdeling", TAAK, TERMIJN),
        ("Bezwaartermijn", "wettelijke_termijn", TERMIJN, None),
    ], rows
    store.rebuild(z.p)
    assert _stored(z) == rows


def test_the_wait_figures_count_the_days_before_sending_as_the_gemeentes(z: Omgeving) -> None:
    """Once the case is closed, its time up to the term's first moment counts as the gemeente's (a team's
    kind, afdeling) and the legal waiting period only from then."""
    besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    closed = z.later(days=60)
    assert closed["status"] == "afgerond"
    with z.p.uow(write=False) as uow:
        rows = figures.closed_intervals(uow.session, datetime(2026, 1, 1, tzinfo=UTC))
        [shares] = figures.held_by_kind(uow.session, datetime(2026, 1, 1, tzinfo=UTC))
    legal = [(store.utc(a), store.utc(b)) for _, _, kind, _, a, b, _ in rows if kind == "wettelijke_termijn"]
    assert legal[0][0] == TERMIJN, legal
    assert ("Gemeente", "afdeling", TAAK, TERMIJN) in {
        (r[3], r[2], store.utc(r[4]), store.utc(r[5])) for r in rows
    }
    whole = (store.utc(rows[-1][5]) - store.utc(rows[0][4])).total_seconds()
    held = sum((b - a).total_seconds() for a, b in legal)
    assert held == (store.utc(rows[-1][5]) - TERMIJN).total_seconds()
    assert shares["aandelen"]["wettelijke_termijn"] == round(held / whole, 3)


def test_the_status_pages_holder_is_the_one_its_timeline_names_now(z: Omgeving) -> None:
    """ "Uw aanvraag ligt bij" reads the interval that runs now, not the open one that begins later: the
    gemeente while it still sends the besluit, as the page's own holder timeline says (its "Nu bij"), and
    nobody who must act once the term runs."""
    besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    code = str(z.zaak()["volgcode"])
    _op(z, date(2026, 4, 22))
    top = view.public_status(z.p, code)["houder"]
    assert (
        top is not None and top["naam"] == timeline.for_status_page(z.p, code)["nu"]["houder"] == "Gemeente"
    )
    _op(z, date(2026, 4, 28))
    assert view.public_status(z.p, code)["houder"] is None


def _wacht_op_outside(z: Omgeving) -> tuple[str | None, ...]:
    """The status page's "Waar wachten we op?", the API case's ``wacht_op`` and the map panel's."""
    code = str(z.zaak()["volgcode"])
    return view.public_status(z.p, code)["wacht_op"], z.zaak()["wacht_op"], case_panel(z.p, z.ref)["wacht_op"]


def test_the_status_page_and_the_case_say_the_besluit_is_still_sent_until_the_term_begins(
    z: Omgeving,
) -> None:
    """ "Waar wachten we op?" and the case's ``wacht_op`` said "bezwaartermijn loopt tot en met …" from the
    besluit step on, while the case page's "Wacht op" said the gemeente still sends the besluit (review,
    noticed and left alone): they follow derive's rule too, the term's words from its first day."""
    besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    _op(z, date(2026, 4, 22))
    assert _wacht_op_outside(z) == ("het besluit wordt verzonden op 24 april 2026",) * 3
    _op(z, VERZONDEN)
    assert _wacht_op_outside(z) == ("het besluit wordt vandaag verzonden",) * 3

    _op(z, date(2026, 4, 25))  # the term's first day
    said = _wacht_op_outside(z)
    assert said[0] is not None and said[0].startswith("bezwaartermijn loopt tot en met "), said
    assert said == (said[0],) * 3 and "verzonden" not in said[0]
