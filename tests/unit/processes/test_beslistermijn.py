"""Decision terms: dates hand-checked on a 2026 calendar (3 March 2026 is a Tuesday)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from processes.errors import Unprocessable, ValidationError
from processes.termijnen import AtwKalender, Beslistermijn, TermijnInstellingen, beslistermijn

VANDAAG = date(2027, 6, 1)


def regulier(ontvangen: date, instellingen: TermijnInstellingen, **kwargs: object) -> Beslistermijn:
    return beslistermijn(ontvangen, "regulier", vandaag=VANDAAG, instellingen=instellingen, **kwargs)  # type: ignore[arg-type]


def test_regulier_acht_weken(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(date(2026, 3, 3), instellingen)
    assert termijn.uiterste_beslisdatum == date(2026, 4, 28)
    assert termijn.oorspronkelijke_einddatum == date(2026, 4, 28)
    assert termijn.opgeschorte_dagen == 0
    assert termijn.verdaging_weken is None
    assert termijn.stappen == [
        "Ontvangen op 3 maart 2026 (dag 0)",
        "+ 8 weken reguliere procedure: 28 april 2026",
        "Uiterste beslisdatum: 28 april 2026",
    ]


def test_einde_op_zaterdag_schuift_naar_maandag(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(date(2026, 3, 7), instellingen)  # received on a Saturday via the Omgevingsloket
    assert termijn.oorspronkelijke_einddatum == date(2026, 5, 2)
    assert termijn.uiterste_beslisdatum == date(2026, 5, 4)
    assert (
        "2 mei 2026 is een zaterdag en 3 mei 2026 een zondag → verschoven naar 4 mei 2026 (Algemene termijnenwet art. 1)"
        in (termijn.stappen)
    )


@pytest.mark.parametrize(
    ("ontvangen", "uiterste", "stap"),
    [
        (date(2026, 3, 2), date(2026, 4, 28), "27 april 2026 is Koningsdag → verschoven naar 28 april 2026"),
        (
            date(2026, 3, 10),
            date(2026, 5, 6),
            "5 mei 2026 is Bevrijdingsdag → verschoven naar 6 mei 2026",
        ),
        (
            date(2026, 10, 30),
            date(2026, 12, 28),
            "25 december 2026 is Eerste Kerstdag, 26 december 2026 Tweede Kerstdag (zaterdag) en 27 december 2026 "
            "een zondag → verschoven naar 28 december",
        ),
        (date(2026, 11, 5), date(2026, 12, 31), None),  # Thursday 31 December is a working day
        (
            date(2026, 11, 6),
            date(2027, 1, 4),
            "1 januari 2027 is Nieuwjaarsdag, 2 januari 2027 een zaterdag en 3 januari 2027 een zondag → "
            "verschoven naar 4 januari 2027",
        ),
    ],
)
def test_feestdagen_en_jaarwisseling(
    instellingen: TermijnInstellingen, ontvangen: date, uiterste: date, stap: str | None
) -> None:
    termijn = regulier(ontvangen, instellingen)
    assert termijn.uiterste_beslisdatum == uiterste
    verschuivingen = [s for s in termijn.stappen if "→" in s]
    if stap is None:
        assert verschuivingen == []
    else:
        assert len(verschuivingen) == 1 and verschuivingen[0].startswith(stap)


def test_every_day_the_shift_skips_is_named() -> None:
    """Review officer12 F6.5: "5 mei 2027 is Bevrijdingsdag → verschoven naar 10 mei" did not say that
    Hemelvaartsdag (6 May), a day equated by koninklijk besluit (7 May) and the weekend are skipped too."""
    kal = AtwKalender.uit_data(bij_koninklijk_besluit=[{"datum": date(2027, 5, 7), "naam": "Brugdag"}])
    termijn = regulier(date(2027, 3, 10), TermijnInstellingen.standaard(kalender=kal))
    assert termijn.uiterste_beslisdatum == date(2027, 5, 10)
    assert (
        "5 mei 2027 is Bevrijdingsdag, 6 mei 2027 Hemelvaartsdag, 7 mei 2027 Brugdag (bij koninklijk besluit), "
        "8 mei 2027 een zaterdag en 9 mei 2027 een zondag → verschoven naar 10 mei 2027 "
        "(Algemene termijnenwet art. 1)"
    ) in termijn.stappen


def test_koninklijk_besluit_dag_uit_geinjecteerde_tabel(kb_kalender: AtwKalender) -> None:
    met_kb = TermijnInstellingen.standaard(kalender=kb_kalender)
    zonder = TermijnInstellingen.standaard(kalender=AtwKalender.uit_data(bij_koninklijk_besluit=[]))
    assert regulier(date(2026, 3, 20), zonder).uiterste_beslisdatum == date(2026, 5, 15)
    assert regulier(date(2026, 3, 20), met_kb).uiterste_beslisdatum == date(2026, 5, 18)


def test_opschorting_verschuift_de_termijn(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(date(2026, 3, 3), instellingen, opschortingen=[(date(2026, 3, 10), date(2026, 3, 22))])
    assert termijn.opgeschorte_dagen == 11  # 11 t/m 21 March: it runs again on 22 March (Awb 4:15 lid 1)
    assert termijn.oorspronkelijke_einddatum == date(2026, 4, 28)
    assert termijn.uiterste_beslisdatum == date(2026, 5, 11)  # 9 May is a Saturday
    assert termijn.stappen[2] == (
        "+ 11 dagen opschorting van 11 maart 2026 t/m 21 maart 2026 (aanvullingsverzoek 10 maart 2026; de termijn "
        "loopt weer vanaf 22 maart 2026): 9 mei 2026"
    )
    assert (
        termijn.stappen[3]
        == "9 mei 2026 is een zaterdag en 10 mei 2026 een zondag → verschoven naar 11 mei 2026 (Algemene termijnenwet art. 1)"
    )


def test_de_dag_van_de_aanvulling_loopt_de_termijn_weer(instellingen: TermijnInstellingen) -> None:
    """Review termijn16, F1: Awb 4:15 lid 1 suspends "met ingang van de dag na" the request "tot de dag
    waarop de aanvraag is aangevuld"; "tot" excludes the day named, so a request on Monday 2 March and the
    aanvulling on Saturday 7 March suspend 3 t/m 6 March, four days, not five: 27 April (Koningsdag) + 4 is
    Friday 1 May, not Monday 4 May."""
    termijn = regulier(date(2026, 3, 2), instellingen, opschortingen=[(date(2026, 3, 2), date(2026, 3, 7))])
    assert termijn.opgeschorte_dagen == 4
    assert termijn.uiterste_beslisdatum == date(2026, 5, 1)
    assert "+ 4 dagen opschorting van 3 maart 2026 t/m 6 maart 2026" in termijn.stappen[2]
    # an aanvulling on the day after the request suspends nothing either
    volgende_dag = regulier(
        date(2026, 3, 2), instellingen, opschortingen=[(date(2026, 3, 2), date(2026, 3, 3))]
    )
    assert volgende_dag.opgeschorte_dagen == 0 and volgende_dag.uiterste_beslisdatum == date(2026, 4, 28)
    assert (
        "Aanvullingsverzoek op 2 maart 2026 en aanvulling op 3 maart 2026: geen opschorting"
        in volgende_dag.stappen
    )


def test_meerdere_en_aansluitende_opschortingen(instellingen: TermijnInstellingen) -> None:
    perioden = [(date(2026, 4, 1), date(2026, 4, 8)), (date(2026, 3, 10), date(2026, 3, 22))]
    origineel = list(perioden)
    termijn = regulier(date(2026, 3, 3), instellingen, opschortingen=perioden)
    assert perioden == origineel  # input not sorted in place
    assert termijn.opgeschorte_dagen == 17  # 11 t/m 21 March and 2 t/m 7 April
    assert termijn.uiterste_beslisdatum == date(2026, 5, 15)  # a Friday (no koninklijk besluit day here)
    aansluitend = [(date(2026, 3, 10), date(2026, 3, 22)), (date(2026, 3, 22), date(2026, 3, 25))]
    assert regulier(date(2026, 3, 3), instellingen, opschortingen=aansluitend).opgeschorte_dagen == 13


def test_opschorting_op_dezelfde_dag_schort_niets_op(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(date(2026, 3, 3), instellingen, opschortingen=[(date(2026, 3, 3), date(2026, 3, 3))])
    assert termijn.opgeschorte_dagen == 0
    assert termijn.uiterste_beslisdatum == date(2026, 4, 28)
    assert "Aanvullingsverzoek en aanvulling op 3 maart 2026: geen opschorting" in termijn.stappen


def test_verdaging(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(
        date(2026, 3, 3), instellingen, verdaging_weken=6, verdaging_besloten_op=date(2026, 4, 20)
    )
    assert termijn.uiterste_beslisdatum == date(2026, 6, 9)
    assert termijn.verdaging_weken == 6
    assert "+ 6 weken verdaging (besloten op 20 april 2026): 9 juni 2026" in termijn.stappen


def test_verdaging_op_de_laatste_dag_mag(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(
        date(2026, 3, 3), instellingen, verdaging_weken=1, verdaging_besloten_op=date(2026, 4, 28)
    )
    assert termijn.uiterste_beslisdatum == date(2026, 5, 6)  # 5 May 2026 is Bevrijdingsdag


def test_verdaging_op_maandag_na_een_zaterdageinde_is_tijdig(instellingen: TermijnInstellingen) -> None:
    # Term ends Saturday 2 May, runs on to Monday 4 May (Atw), so a verdaging on 4 May is in time.
    termijn = regulier(
        date(2026, 3, 7), instellingen, verdaging_weken=6, verdaging_besloten_op=date(2026, 5, 4)
    )
    assert termijn.uiterste_beslisdatum == date(2026, 6, 15)  # 2 May + 6 weeks = Saturday 13 June


def test_verdaging_zonder_besluitdatum(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(date(2026, 3, 3), instellingen, verdaging_weken=6)
    assert termijn.uiterste_beslisdatum == date(2026, 6, 9)
    assert "+ 6 weken verdaging (besluitdatum niet opgegeven): 9 juni 2026" in termijn.stappen


def test_opschorting_en_verdaging_tijdens_opschorting(instellingen: TermijnInstellingen) -> None:
    # 24 days suspended (21 April t/m 14 May, the aanvulling on 15 May): the term runs to Friday 22 May, so
    # a verdaging decided on 10 May (after the original 28 April) is still in time.
    termijn = regulier(
        date(2026, 3, 3),
        instellingen,
        opschortingen=[(date(2026, 4, 20), date(2026, 5, 15))],
        verdaging_weken=6,
        verdaging_besloten_op=date(2026, 5, 10),
    )
    assert termijn.opgeschorte_dagen == 24
    assert termijn.uiterste_beslisdatum == date(2026, 7, 3)  # 22 May + 6 weeks = Friday 3 July


def test_uitgebreid_zes_maanden(instellingen: TermijnInstellingen) -> None:
    termijn = beslistermijn(date(2026, 3, 3), "uitgebreid", vandaag=VANDAAG, instellingen=instellingen)
    assert termijn.uiterste_beslisdatum == date(2026, 9, 3)
    assert termijn.stappen[1] == "+ 6 maanden uitgebreide procedure: 3 september 2026"


@pytest.mark.parametrize(
    ("ontvangen", "met_atw", "zonder_atw"),
    [
        (date(2026, 3, 5), date(2026, 9, 7), date(2026, 9, 5)),  # 5 September 2026 is a Saturday
        (
            date(2026, 8, 31),
            date(2027, 3, 1),
            date(2027, 2, 28),
        ),  # month end clamped; 28 Feb 2027 is a Sunday
    ],
)
def test_uitgebreid_atw_aan_en_uit(
    kalender: AtwKalender, ontvangen: date, met_atw: date, zonder_atw: date
) -> None:
    aan = TermijnInstellingen.standaard(kalender=kalender)
    uit = TermijnInstellingen.standaard(kalender=kalender, atw_op_uitgebreid=False)
    vandaag = date(2026, 12, 1)
    assert aan.atw_op_uitgebreid is True
    assert (
        beslistermijn(ontvangen, "uitgebreid", vandaag=vandaag, instellingen=aan).uiterste_beslisdatum
        == met_atw
    )
    zonder = beslistermijn(ontvangen, "uitgebreid", vandaag=vandaag, instellingen=uit)
    assert zonder.uiterste_beslisdatum == zonder_atw
    assert any("niet toegepast" in s for s in zonder.stappen)


def test_regulier_altijd_met_atw_ook_als_uitgebreid_uit_staat(kalender: AtwKalender) -> None:
    uit = TermijnInstellingen.standaard(kalender=kalender, atw_op_uitgebreid=False)
    assert regulier(date(2026, 3, 7), uit).uiterste_beslisdatum == date(2026, 5, 4)


def test_standaard_instellingen_gebruiken_de_geleverde_data() -> None:
    termijn = beslistermijn(date(2026, 3, 7), "regulier", vandaag=VANDAAG)
    assert termijn.uiterste_beslisdatum == date(2026, 5, 4)


def test_dagen_over(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(date(2026, 3, 3), instellingen)
    assert termijn.dagen_over(date(2026, 4, 20)) == 8
    assert termijn.dagen_over(date(2026, 4, 28)) == 0
    assert termijn.dagen_over(date(2026, 4, 30)) == -2


def test_to_dict(instellingen: TermijnInstellingen) -> None:
    termijn = regulier(
        date(2026, 3, 3),
        instellingen,
        opschortingen=[(date(2026, 3, 10), date(2026, 3, 22))],
        verdaging_weken=2,
        verdaging_besloten_op=date(2026, 4, 1),
    )
    data = json.loads(json.dumps(termijn.to_dict()))
    assert (
        data
        == {
            "ontvangen": "2026-03-03",
            "procedure": "regulier",
            "oorspronkelijke_einddatum": "2026-04-28",
            "opgeschorte_dagen": 11,
            "verdaging_weken": 2,
            "uiterste_beslisdatum": "2026-05-26",  # 9 May + 2 weeks = Saturday 23 May; 25 May is Tweede Pinksterdag
            "stappen": termijn.stappen,
            "uiterlijkeEinddatumAfdoening": "2026-05-26",
        }
    )


# --- bad input -------------------------------------------------------------------------------------------


def fout(instellingen: TermijnInstellingen, ontvangen: date = date(2026, 3, 3), **kwargs: object) -> str:
    kwargs.setdefault("procedure", "regulier")
    kwargs.setdefault("vandaag", VANDAAG)
    with pytest.raises(ValidationError) as info:
        beslistermijn(ontvangen, instellingen=instellingen, **kwargs)  # type: ignore[arg-type]
    assert info.value.detail  # a Dutch text for people
    return info.value.code


def test_ontvangen_in_de_toekomst(instellingen: TermijnInstellingen) -> None:
    assert fout(instellingen, date(2026, 3, 3), vandaag=date(2026, 3, 2)) == "ontvangen-in-toekomst"


def test_onbekende_procedure(instellingen: TermijnInstellingen) -> None:
    assert fout(instellingen, procedure="spoed") == "onbekende-procedure"


def test_datetime_in_plaats_van_datum(instellingen: TermijnInstellingen) -> None:
    assert fout(instellingen, datetime(2026, 3, 3, 12, 0)) == "ongeldige-datum"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("weken", "code"), [(7, "verdaging-te-lang"), (0, "verdaging-ongeldig"), (-2, "verdaging-ongeldig")]
)
def test_verdaging_buiten_grenzen(instellingen: TermijnInstellingen, weken: int, code: str) -> None:
    assert fout(instellingen, verdaging_weken=weken) == code


@pytest.mark.parametrize("weken", [0, 2.5, 3.0, "drie"])
def test_verdaging_ongeldig_is_always_a_422(instellingen: TermijnInstellingen, weken: object) -> None:
    """Review S20, 7: one code, one status; weeks that are no whole number were a 400 (ValidationError)."""
    with pytest.raises(Unprocessable) as info:
        beslistermijn(
            date(2026, 3, 3),
            procedure="regulier",
            vandaag=VANDAAG,
            instellingen=instellingen,
            verdaging_weken=weken,  # type: ignore[arg-type]
        )
    assert (info.value.code, info.value.status) == ("verdaging-ongeldig", 422)


def test_verdaging_na_einde_termijn(instellingen: TermijnInstellingen) -> None:
    assert (
        fout(instellingen, verdaging_weken=6, verdaging_besloten_op=date(2026, 4, 29)) == "verdaging-te-laat"
    )


def test_verdaging_te_laat_names_the_last_day_on_which_it_could_be_decided(
    instellingen: TermijnInstellingen,
) -> None:
    """The last day itself is in time (test_verdaging_op_de_laatste_dag_mag): the refusal says "tot en met"
    that day, as the Atw makes it (Saturday 2 May runs on to Monday 4 May), not "vóór het einde"."""
    with pytest.raises(Unprocessable) as info:
        regulier(date(2026, 3, 7), instellingen, verdaging_weken=2, verdaging_besloten_op=date(2026, 5, 5))
    assert info.value.code == "verdaging-te-laat"
    assert info.value.detail == (
        "De verdaging is besloten op 5 mei 2026, na het einde van de beslistermijn; verdagen kan tot en "
        "met de laatste dag van de termijn (4 mei 2026)."
    )


def test_verdaging_datum_zonder_weken(instellingen: TermijnInstellingen) -> None:
    assert fout(instellingen, verdaging_besloten_op=date(2026, 4, 1)) == "verdaging-zonder-weken"


def test_verdaging_voor_ontvangst(instellingen: TermijnInstellingen) -> None:
    assert (
        fout(instellingen, verdaging_weken=2, verdaging_besloten_op=date(2026, 3, 2))
        == "verdaging-voor-ontvangst"
    )


@pytest.mark.parametrize(
    ("perioden", "code"),
    [
        ([(date(2026, 3, 22), date(2026, 3, 10))], "opschorting-omgekeerd"),
        (
            [(date(2026, 3, 10), date(2026, 3, 22)), (date(2026, 3, 20), date(2026, 3, 30))],
            "opschorting-overlapt",
        ),
        ([(date(2026, 3, 2), date(2026, 3, 10))], "opschorting-voor-ontvangst"),
        ([(date(2026, 4, 29), date(2026, 5, 6))], "opschorting-na-termijn"),
        ([(date(2026, 3, 10),)], "ongeldige-opschorting"),
    ],
)
def test_ongeldige_opschortingen_laten_invoer_ongemoeid(
    instellingen: TermijnInstellingen, perioden: list[tuple[date, ...]], code: str
) -> None:
    kopie = list(perioden)
    assert fout(instellingen, opschortingen=perioden) == code
    assert perioden == kopie


@pytest.mark.parametrize(
    ("ontvangen", "verzoek", "aanvulling", "einde"),
    [
        # 8 weeks end on Christmas Day 2025, the Atw runs on to Monday 29 December; the request comes on
        # that last day and the aanvulling on Friday 2 January
        (date(2025, 10, 30), date(2025, 12, 29), date(2026, 1, 2), date(2026, 1, 2)),
        # 8 weeks end on Saturday 2 May 2026, the Atw runs on to Monday 4 May; request that Monday
        (date(2026, 3, 7), date(2026, 5, 4), date(2026, 5, 13), date(2026, 5, 13)),
    ],
)
def test_a_request_in_the_atw_extension_never_ends_the_term_inside_the_suspension(
    instellingen, ontvangen, verzoek, aanvulling, einde
):
    """Tester finding: the suspended days were added to the end before the Atw extension, so a request
    made in that extension gave an end before the aanvulling arrived (29 December, 11 May): the case was
    late the moment the term resumed. A term cannot expire while it stands still (Awb 4:15 lid 1)."""
    termijn = regulier(ontvangen, instellingen, opschortingen=[(verzoek, aanvulling)])
    assert termijn.uiterste_beslisdatum == einde
    assert any("niet vóór" in stap for stap in termijn.stappen)
