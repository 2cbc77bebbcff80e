"""A registered letter's receipt and postmark dates have lower bounds (review pentest13, 4).

'Bericht registreren' took a zienswijze received on 1 January 1999 as "binnen de termijn" (the ontwerp lay
ter inzage from November 2026) and a bezwaar postmarked 1 January 1990 as "tijdig ingediend". Now:

* a receipt or postmark before the aanvraag was received is a typing slip: refused, nothing stored;
* a zienswijze received before the terinzagelegging began is refused (the model lays the ontwerp down the
  day it is made: it did not exist yet, so Awb 6:10 through 3:16 lid 3 does not save it);
* a bezwaar received before its term began is premature (Awb 6:10): recorded on time, marked, when the
  besluit had been taken by then (lid 1 onder a), else recorded and marked for the officer (onder b);
  its public history line says when it came and that it was premature, what the officer judges is a line
  for staff and the task's instructions, and that its handling may wait for the term (lid 2) only while
  the term has not begun (sessie13b, 2);
* a postmark before the term began on a letter received after it ended is refused.

Dates: the aanvraag is received on Monday 2 March 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration import test_omgevingsvergunning as ov
from tests.integration.besluit_steps import ontwerp_ter_inzage
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def _zienswijze(z: Omgeving, ontvangen: str, ter_post: str | None = None) -> dict[str, object]:
    return z.bericht(
        "zienswijze",
        {
            "indiener": "Buurman",
            "inhoud": "Te hoog.",
            "ontvangen_op": ontvangen,
            "ter_post_bezorgd_op": ter_post,
        },
    )


def test_a_zienswijze_dated_before_the_aanvraag_or_the_terinzagelegging_is_refused(z: Omgeving) -> None:
    ontwerp_ter_inzage(z)  # ter inzage from 4 March up to and including 14 April 2026
    z.op(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    fout = z.geweigerd("datum-voor-aanvraag", lambda: _zienswijze(z, "1999-01-01", "1999-01-01"))
    assert "(1 januari 1999)" in fout.detail and "(2 maart 2026)" in fout.detail
    fout = z.geweigerd("datum-voor-aanvraag", lambda: _zienswijze(z, "2026-03-09", "2026-02-27"))
    assert "terpostbezorging (27 februari 2026)" in fout.detail
    fout = z.geweigerd("zienswijze-voor-terinzagelegging", lambda: _zienswijze(z, "2026-03-03"))
    assert "(3 maart 2026)" in fout.detail and "(4 maart 2026)" in fout.detail
    assert "zienswijzen" not in z.zaak()["samenvatting"]
    # the first day of the terinzagelegging is in it
    assert _zienswijze(z, "2026-03-04")["samenvatting"]["zienswijzen"]["aantal"] == 1


def test_a_zienswijze_postmarked_before_the_term_and_received_after_it_is_refused(z: Omgeving) -> None:
    ontwerp_ter_inzage(z)
    z.op(datetime(2026, 4, 16, 8, 0, tzinfo=UTC))
    fout = z.geweigerd("postdatum-voor-termijn", lambda: _zienswijze(z, "2026-04-16", "2026-03-03"))
    assert "(3 maart 2026)" in fout.detail and "(4 maart 2026)" in fout.detail
    assert "(16 april 2026)" in fout.detail


def _besloten(z: Omgeving, daarna: datetime = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)) -> None:
    """The besluit is taken and sent on Saturday 7 March 2026: the bezwaartermijn begins on 8 March.
    The clock then stands at ``daarna``."""
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.op(datetime(2026, 3, 7, 9, 0, tzinfo=UTC))
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    assert case["samenvatting"]["rechtsmiddel"]["van"] == "2026-03-07"
    z.op(daarna)


def _bezwaar(z: Omgeving, ontvangen: str, ter_post: str | None = None) -> dict[str, object]:
    return z.bericht(
        "bezwaar", {"soort": "bezwaar", "ontvangen_op": ontvangen, "ter_post_bezorgd_op": ter_post}
    )


def _regel(z: Omgeving) -> str:
    """The bezwaar's public history line (what the applicant reads on its status page)."""
    [regel] = [e for e in z.zaak()["tijdlijn"] if e["tekst"].startswith("Bezwaarschrift ontvangen")]
    assert regel["publiek"] is True
    return str(regel["tekst"])


def _voor_de_behandelaar(z: Omgeving) -> str:
    """The bezwaar's history line for staff only: what the officer judges."""
    [regel] = [e for e in z.zaak()["tijdlijn"] if e["soort"] == "bezwaar" and not e["publiek"]]
    return str(regel["tekst"])


def _zegt_de_aanvrager_niets_te_doen(regel: str) -> None:
    """A public line states what happened: no instruction to staff, no 6:10 lid 2 (sessie13b, 2)."""
    for woord in ("behandelaar", "Controleer", "aangehouden", "6:10 lid 2", "niet-ontvankelijk"):
        assert woord not in regel, (woord, regel)


def test_a_bezwaar_dated_before_the_aanvraag_is_refused(z: Omgeving) -> None:
    _besloten(z)
    fout = z.geweigerd("datum-voor-aanvraag", lambda: _bezwaar(z, "2026-03-09", "1990-01-01"))
    assert "(1 januari 1990)" in fout.detail and "(2 maart 2026)" in fout.detail
    z.geweigerd("datum-voor-aanvraag", lambda: _bezwaar(z, "2026-03-01"))
    assert z.taken("jet") == []


def test_a_bezwaar_received_after_the_besluit_was_taken_but_before_its_term_is_premature_and_on_time(
    z: Omgeving,
) -> None:
    """Awb 6:10 lid 1 onder a: received on the day the besluit was taken and sent, a day before the term."""
    _besloten(z)
    _bezwaar(z, "2026-03-07")
    regel = _regel(z)
    assert "vóór het begin van de bezwaartermijn op 8 maart 2026: voortijdig ingediend" in regel
    assert "artikel 6:10 lid 1 onder a Awb" in regel
    _zegt_de_aanvrager_niets_te_doen(regel)
    taak = z.taak("jet", "Bezwaar of beroep registreren")
    assert "artikel 6:10 lid 1 onder a Awb" in taak["instructies"]
    # registered on 10 March, after the term began on 8 March: nothing to hold any more (lid 2)
    assert "aangehouden" not in taak["instructies"] and "aangehouden" not in _voor_de_behandelaar(z)


def test_a_bezwaar_received_on_the_day_of_the_besluit_may_be_held_until_its_term_begins(z: Omgeving) -> None:
    """Awb 6:10 lid 2, said to the officer while the term has not begun yet, never on the status page."""
    _besloten(z, daarna=datetime(2026, 3, 7, 15, 0, tzinfo=UTC))
    z.bericht("bezwaar", {"soort": "bezwaar", "inhoud": "Ik maak bezwaar."})  # received today, 7 March
    regel = _regel(z)
    assert regel.startswith("Bezwaarschrift ontvangen op 7 maart 2026, vóór het begin van de bezwaartermijn")
    _zegt_de_aanvrager_niets_te_doen(regel)
    houden = "Tot het begin van de termijn op 8 maart 2026 kan de behandeling worden aangehouden"
    assert houden in _voor_de_behandelaar(z)
    assert houden in z.taak("jet", "Bezwaar of beroep registreren")["instructies"]


def test_a_bezwaar_received_before_the_besluit_was_taken_is_marked_for_the_officer(z: Omgeving) -> None:
    """Awb 6:10 lid 1 onder b: not on time unless the sender could reasonably think the besluit existed."""
    _besloten(z)
    _bezwaar(z, "2026-03-04")
    regel = _regel(z)
    assert regel.startswith("Bezwaarschrift ontvangen op 4 maart 2026, vóór het begin van de bezwaartermijn")
    assert "voortijdig ingediend" in regel and "binnen de termijn" not in regel
    _zegt_de_aanvrager_niets_te_doen(regel)
    officier = _voor_de_behandelaar(z)
    assert "Het besluit is pas op 7 maart 2026 genomen" in officier
    assert "artikel 6:10 lid 1 Awb" in officier and "dat beoordeelt de behandelaar" in officier
    assert "aangehouden" not in officier  # the term began on 8 March, before this registration
    assert "dat beoordeelt de behandelaar" in z.taak("jet", "Bezwaar of beroep registreren")["instructies"]


def test_a_bezwaar_postmarked_before_its_term_and_received_after_it_is_refused(z: Omgeving) -> None:
    _besloten(z)  # the term runs up to and including Monday 20 April 2026
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    fout = z.geweigerd("postdatum-voor-termijn", lambda: _bezwaar(z, "2026-04-22", "2026-03-05"))
    assert "(5 maart 2026)" in fout.detail and "(8 maart 2026)" in fout.detail
