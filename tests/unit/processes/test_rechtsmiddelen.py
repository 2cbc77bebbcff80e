"""Rechtsmiddelentermijn: six weeks from the day after sending (regulier) or laying open (uitgebreid),
extended by the Algemene termijnenwet. Dates hand-checked on the 2025/2026 calendars."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from processes.errors import ValidationError
from processes.termijnen import AtwKalender
from processes.termijnen.rechtsmiddelen import rechtsmiddelenclausule, rechtsmiddelentermijn


def test_hemelvaartsdag_schuift_naar_vrijdag(kalender: AtwKalender) -> None:
    # Sent Thursday 17 April 2025: day 1 is 18 April, day 42 is Thursday 29 May = Hemelvaartsdag 2025.
    termijn = rechtsmiddelentermijn("regulier", date(2025, 4, 17), kalender=kalender)
    assert termijn.rechtsmiddel == "bezwaar"
    assert termijn.eerste_dag == date(2025, 4, 18)
    assert termijn.einde_zonder_atw == date(2025, 5, 29)
    assert kalender.feestdag(date(2025, 5, 29)) == "Hemelvaartsdag"
    assert termijn.laatste_dag == date(2025, 5, 30)
    assert termijn.laatste_dag.weekday() == 4  # Friday
    assert termijn.verschoven
    assert "29 mei 2025 is Hemelvaartsdag" in termijn.uitleg
    assert termijn.uitleg.endswith("laatste dag voor bezwaar: vrijdag 30 mei 2025.")


def test_zonder_feestdag_zelfde_weekdag_als_verzending(kalender: AtwKalender) -> None:
    termijn = rechtsmiddelentermijn("regulier", date(2026, 3, 3), kalender=kalender)  # a Tuesday
    assert termijn.laatste_dag == date(2026, 4, 14)
    assert termijn.laatste_dag.weekday() == date(2026, 3, 3).weekday()
    assert not termijn.verschoven
    assert "Algemene termijnenwet" not in termijn.uitleg


def test_koningsdag_op_maandag(kalender: AtwKalender) -> None:
    # Sent Monday 16 March 2026 -> Monday 27 April 2026 = Koningsdag -> Tuesday 28 April.
    termijn = rechtsmiddelentermijn("regulier", date(2026, 3, 16), kalender=kalender)
    assert termijn.einde_zonder_atw == date(2026, 4, 27)
    assert termijn.laatste_dag == date(2026, 4, 28)
    assert "27 april 2026 is Koningsdag" in termijn.uitleg


def test_koningsdag_op_zaterdag_26_april(kalender: AtwKalender) -> None:
    # 27 April 2025 is a Sunday, so Koningsdag is Saturday 26 April; sent Saturday 15 March 2025.
    termijn = rechtsmiddelentermijn("regulier", date(2025, 3, 15), kalender=kalender)
    assert termijn.einde_zonder_atw == date(2025, 4, 26)
    assert termijn.laatste_dag == date(2025, 4, 28)
    assert "Koningsdag (zaterdag)" in termijn.uitleg


def test_einde_op_zaterdag_naar_maandag(kalender: AtwKalender) -> None:
    # Sent (by e-mail) on Saturday 1 March 2025 -> Saturday 12 April 2025 -> Monday 14 April.
    termijn = rechtsmiddelentermijn("regulier", date(2025, 3, 1), kalender=kalender)
    assert termijn.einde_zonder_atw == date(2025, 4, 12)
    assert termijn.laatste_dag == date(2025, 4, 14)
    assert "12 april 2025 is een zaterdag" in termijn.uitleg


def test_kerst_twee_feestdagen_en_weekend(kalender: AtwKalender) -> None:
    # Thursday 25 Dec 2025 and Friday 26 Dec, then the weekend: Monday 29 December.
    termijn = rechtsmiddelentermijn("regulier", date(2025, 11, 13), kalender=kalender)
    assert termijn.laatste_dag == date(2025, 12, 29)


def test_uitgebreid_beroep_over_pasen(kalender: AtwKalender) -> None:
    # Laid open Friday 7 March 2025 -> Goede Vrijdag 18 April, weekend, Tweede Paasdag 21 April -> 22 April.
    termijn = rechtsmiddelentermijn("uitgebreid", date(2025, 3, 7), kalender=kalender)
    assert termijn.rechtsmiddel == "beroep"
    assert termijn.einde_zonder_atw == date(2025, 4, 18)
    assert termijn.laatste_dag == date(2025, 4, 22)
    assert "ter inzage gelegd" in termijn.uitleg
    assert "6:8 lid 4" in termijn.uitleg


def test_uitgebreid_bevrijdingsdag(kalender: AtwKalender) -> None:
    termijn = rechtsmiddelentermijn("uitgebreid", date(2025, 3, 24), kalender=kalender)
    assert termijn.einde_zonder_atw == date(2025, 5, 5)
    assert termijn.laatste_dag == date(2025, 5, 6)


def test_dag_bij_koninklijk_besluit_telt_mee(kb_kalender: AtwKalender) -> None:
    # Fictional test KB day: Friday 15 May 2026 (after Hemelvaartsdag 14 May). Sent Thursday 2 April 2026.
    termijn = rechtsmiddelentermijn("regulier", date(2026, 4, 2), kalender=kb_kalender)
    assert termijn.einde_zonder_atw == date(2026, 5, 14)
    assert termijn.laatste_dag == date(2026, 5, 18)


def test_clausule_regulier(kalender: AtwKalender) -> None:
    tekst = rechtsmiddelenclausule(
        rechtsmiddelentermijn("regulier", date(2025, 4, 17), kalender=kalender),
        bestuursorgaan="het college van burgemeester en wethouders van Zaanstad",
    )
    assert "bezwaar maken bij het college van burgemeester en wethouders van Zaanstad" in tekst
    assert "uiterlijk op vrijdag 30 mei 2025" in tekst
    assert "6:13" not in tekst


def test_clausule_uitgebreid(kalender: AtwKalender) -> None:
    tekst = rechtsmiddelenclausule(
        rechtsmiddelentermijn("uitgebreid", date(2025, 3, 7), kalender=kalender),
        rechtbank="de rechtbank Noord-Holland",
    )
    assert "geen bezwaar maken" in tekst
    assert "beroep instellen bij de rechtbank Noord-Holland" in tekst
    assert "zienswijze" in tekst and "6:13" in tekst
    assert "uiterlijk op dinsdag 22 april 2025" in tekst


@pytest.mark.parametrize("procedure", ["", "bezwaar", "Regulier"])
def test_onbekende_procedure(procedure: str) -> None:
    with pytest.raises(ValidationError, match="Onbekende procedure"):
        rechtsmiddelentermijn(procedure, date(2025, 4, 17))


def test_tijdstip_is_geen_datum() -> None:
    with pytest.raises(ValidationError, match="moet een datum zijn"):
        rechtsmiddelentermijn("regulier", datetime(2025, 4, 17, 10, 0))  # type: ignore[arg-type]


def test_to_dict(kalender: AtwKalender) -> None:
    d = rechtsmiddelentermijn("regulier", date(2025, 4, 17), kalender=kalender).to_dict()
    assert d["laatste_dag"] == "2025-05-30" and d["rechtsmiddel"] == "bezwaar"


@pytest.mark.parametrize(
    ("procedure", "stuk"), [("regulier", "bezwaarschrift"), ("uitgebreid", "beroepschrift")]
)
def test_clausule_noemt_de_postregel_van_artikel_6_9(
    kalender: AtwKalender, procedure: str, stuk: str
) -> None:
    """Tester finding: the clause said the bezwaarschrift must be received by the last day, leaving out
    Awb 6:9 lid 2: posted before the end of the term, it is on time if it arrives within a week."""
    tekst = rechtsmiddelenclausule(rechtsmiddelentermijn(procedure, date(2025, 4, 17), kalender=kalender))
    assert f"Uw {stuk} moet uiterlijk op" in tekst
    assert "vóór het einde van de termijn op de post" in tekst and "een week daarna" in tekst
    assert "artikel 6:9 lid 2 Algemene wet bestuursrecht" in tekst


def test_a_bezwaarschrift_posted_in_time_may_arrive_a_week_after_the_term() -> None:
    """Awb 6:9 lid 2 (review "kalender" finding 2): posted by the last day, received within a week."""
    from processes.termijnen.rechtsmiddelen import per_post_uiterlijk, tijdigheid

    laatste = date(2026, 4, 13)
    assert per_post_uiterlijk(laatste) == date(2026, 4, 20)
    # a week ending on Bevrijdingsdag (5 May 2026) runs on to the next working day (Atw art. 1)
    assert per_post_uiterlijk(date(2026, 4, 28)) == date(2026, 5, 6)
    assert tijdigheid(laatste, date(2026, 4, 13))[0] is True
    assert tijdigheid(laatste, date(2026, 4, 20), date(2026, 4, 13))[0] is True
    assert tijdigheid(laatste, date(2026, 4, 21), date(2026, 4, 13))[0] is False  # arrived too late
    assert tijdigheid(laatste, date(2026, 4, 15), date(2026, 4, 14))[0] is False  # posted too late
    tijdig, oordeel = tijdigheid(laatste, date(2026, 4, 15))  # no postmark: digital, received late
    assert tijdig is False and "niet-ontvankelijk wegens termijnoverschrijding" in oordeel


def test_a_zienswijze_posted_in_time_may_arrive_a_week_after_the_terinzagelegging() -> None:
    """Awb 3:16 lid 3 applies 6:9 to written zienswijzen (review termijn11, F1)."""
    from processes.termijnen.rechtsmiddelen import zienswijze_tijdigheid

    laatste = date(2026, 4, 14)  # ter inzage 4 March up to and including 14 April 2026
    tijdig, oordeel = zienswijze_tijdigheid(laatste, date(2026, 4, 14))
    assert tijdig is True and "binnen de termijn" in oordeel
    tijdig, oordeel = zienswijze_tijdigheid(laatste, date(2026, 4, 16), date(2026, 4, 14))
    assert tijdig is True and "artikel 3:16 lid 3 met artikel 6:9 lid 2 Awb" in oordeel
    assert zienswijze_tijdigheid(laatste, date(2026, 4, 21), date(2026, 4, 14))[0] is True  # the week's end
    assert (
        zienswijze_tijdigheid(laatste, date(2026, 4, 22), date(2026, 4, 14))[0] is False
    )  # arrived too late
    tijdig, oordeel = zienswijze_tijdigheid(laatste, date(2026, 4, 16), date(2026, 4, 15))  # posted too late
    assert tijdig is False and oordeel.startswith("Te laat") and "artikel 6:13 Awb" in oordeel
    # no bezwaarschrift: kept and weighed, not declared inadmissible
    assert "niet-ontvankelijk" not in oordeel


def test_the_term_to_decide_on_a_bezwaar_counts_from_the_end_of_the_bezwaartermijn() -> None:
    """Awb 7:10 lid 1 (review termijn11, F2): six weeks, twelve with an advisory commissie (7:13),
    "gerekend vanaf de dag na die waarop de termijn voor het indienen van het bezwaarschrift is verstreken"."""
    from processes.termijnen import TermijnInstellingen
    from processes.termijnen.rechtsmiddelen import beslistermijn_op_bezwaar

    einde = date(2026, 4, 13)  # besluit sent 2 March 2026
    # 13 April + 6 weeks = Monday 25 May, Tweede Pinksterdag: Tuesday 26 May (Atw art. 1)
    assert beslistermijn_op_bezwaar(einde) == date(2026, 5, 26)
    assert beslistermijn_op_bezwaar(einde, commissie=True) == date(2026, 7, 6)
    assert beslistermijn_op_bezwaar(date(2026, 3, 2)) == date(2026, 4, 13)  # a plain Monday stays
    korter = TermijnInstellingen.standaard(beslissen_op_bezwaar_weken=4)
    assert beslistermijn_op_bezwaar(date(2026, 3, 2), instellingen=korter) == date(2026, 3, 30)
    with pytest.raises(ValidationError):
        beslistermijn_op_bezwaar("13 april")  # type: ignore[arg-type]
