"""The Algemene termijnenwet calendar; every date below was checked by hand against a printed calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from processes.errors import ValidationError
from processes.termijnen import AtwKalender, FeestdagRegel, pasen


@pytest.mark.parametrize(
    ("jaar", "verwacht"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),  # latest possible date
        (2285, date(2285, 3, 22)),  # earliest possible date
    ],
)
def test_pasen(jaar: int, verwacht: date) -> None:
    assert pasen(jaar) == verwacht


def test_feestdagen_2026(kalender: AtwKalender) -> None:
    assert kalender.feestdagen(2026) == {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 4, 3): "Goede Vrijdag",
        date(2026, 4, 5): "Eerste Paasdag",
        date(2026, 4, 6): "Tweede Paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 5): "Bevrijdingsdag",
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 24): "Eerste Pinksterdag",
        date(2026, 5, 25): "Tweede Pinksterdag",
        date(2026, 12, 25): "Eerste Kerstdag",
        date(2026, 12, 26): "Tweede Kerstdag",
    }


def test_van_pasen_afgeleide_dagen_2024(kalender: AtwKalender) -> None:
    dagen = kalender.feestdagen(2024)
    assert dagen[date(2024, 3, 29)] == "Goede Vrijdag"
    assert dagen[date(2024, 4, 1)] == "Tweede Paasdag"
    assert dagen[date(2024, 5, 9)] == "Hemelvaartsdag"
    assert dagen[date(2024, 5, 20)] == "Tweede Pinksterdag"


@pytest.mark.parametrize(
    ("jaar", "koningsdag"),
    [
        (2025, date(2025, 4, 26)),  # 27 April 2025 is a Sunday
        (2031, date(2031, 4, 26)),  # 27 April 2031 is a Sunday too
        (2026, date(2026, 4, 27)),
        (2030, date(2030, 4, 27)),  # a Saturday: stays on the 27th
    ],
)
def test_koningsdag(kalender: AtwKalender, jaar: int, koningsdag: date) -> None:
    namen = {d: n for d, n in kalender.feestdagen(jaar).items() if n == "Koningsdag"}
    assert namen == {koningsdag: "Koningsdag"}


def test_koninginnedag_voor_2014(kalender: AtwKalender) -> None:
    assert kalender.feestdag(date(2013, 4, 30)) == "Koninginnedag"
    assert kalender.feestdag(date(2006, 4, 29)) == "Koninginnedag"  # 30 April 2006 was a Sunday
    assert kalender.feestdag(date(2013, 4, 27)) is None


def test_vijf_mei_telt_ook_buiten_lustrumjaren(kalender: AtwKalender) -> None:
    assert kalender.feestdag(date(2026, 5, 5)) == "Bevrijdingsdag"  # 2026 is no lustrum year
    assert not kalender.is_werkdag(date(2026, 5, 5))  # a Tuesday
    assert kalender.volgende_werkdag(date(2026, 5, 4)) == date(2026, 5, 6)


def test_kerst_en_jaarwisseling(kalender: AtwKalender) -> None:
    assert not kalender.is_werkdag(date(2026, 12, 25))  # Friday, Eerste Kerstdag
    assert kalender.verschuif(date(2026, 12, 25)) == date(2026, 12, 28)  # Tweede Kerstdag Sat, Sun
    assert kalender.is_werkdag(date(2026, 12, 31))
    assert kalender.verschuif(date(2027, 1, 1)) == date(2027, 1, 4)  # Nieuwjaarsdag Fri, then weekend
    assert kalender.volgende_werkdag(date(2026, 12, 31)) == date(2027, 1, 4)


def test_werkdag_en_verschuif(kalender: AtwKalender) -> None:
    assert kalender.is_werkdag(date(2026, 3, 3))
    assert not kalender.is_werkdag(date(2026, 3, 7))  # Saturday
    assert not kalender.is_werkdag(date(2026, 3, 8))  # Sunday
    assert kalender.verschuif(date(2026, 3, 3)) == date(2026, 3, 3)
    assert kalender.verschuif(date(2026, 3, 7)) == date(2026, 3, 9)
    assert kalender.verschuif(date(2026, 4, 3)) == date(2026, 4, 7)  # Goede Vrijdag .. Tweede Paasdag
    assert kalender.vorige_werkdag(date(2026, 4, 7)) == date(2026, 4, 2)


def test_reden_geen_werkdag(kalender: AtwKalender) -> None:
    assert kalender.reden_geen_werkdag(date(2026, 3, 7)) == "een zaterdag"
    assert kalender.reden_geen_werkdag(date(2026, 4, 27)) == "Koningsdag"
    assert kalender.reden_geen_werkdag(date(2025, 4, 26)) == "Koningsdag (zaterdag)"
    assert kalender.reden_geen_werkdag(date(2026, 3, 3)) is None


def test_add_werkdagen_telt_vanaf_de_dag_na_start(kalender: AtwKalender) -> None:
    vrijdag = date(2026, 3, 6)
    assert kalender.add_werkdagen(vrijdag, 0) == vrijdag
    assert kalender.add_werkdagen(vrijdag, 1) == date(2026, 3, 9)
    assert kalender.add_werkdagen(date(2026, 3, 3), 10) == date(2026, 3, 17)
    # over Easter 2026: Goede Vrijdag 3 April and Tweede Paasdag 6 April do not count
    assert kalender.add_werkdagen(date(2026, 4, 1), 3) == date(2026, 4, 8)
    # around Koningsdag and 5 mei 2026
    assert kalender.add_werkdagen(date(2026, 4, 24), 5) == date(2026, 5, 4)
    assert kalender.add_werkdagen(date(2026, 4, 24), 6) == date(2026, 5, 6)


def test_add_werkdagen_weigert_negatief(kalender: AtwKalender) -> None:
    with pytest.raises(ValidationError) as fout:
        kalender.add_werkdagen(date(2026, 3, 3), -1)
    assert fout.value.code == "ongeldig-aantal-werkdagen"


def test_werkdagen_tussen(kalender: AtwKalender) -> None:
    assert kalender.werkdagen_tussen(date(2026, 3, 6), date(2026, 3, 13)) == 5
    assert kalender.werkdagen_tussen(date(2026, 12, 24), date(2026, 12, 27)) == 0


def test_atw_artikel_2_minimaal_twee_werkdagen(kalender: AtwKalender) -> None:
    # 3-day term from Thursday 24 Dec 2026: Fri 25 (Kerst), Sat 26, Sun 27 -> no working day at all.
    start, einde = date(2026, 12, 24), date(2026, 12, 27)
    assert kalender.minimaal_twee_werkdagen(start, einde) == date(2026, 12, 29)
    # It ends on a Sunday, so art. 1 extends it to Monday 28 Dec, and art. 2 applies only to a term "welke
    # niet reeds krachtens artikel 1 wordt verlengd" (review termijn11: this test said 29 Dec).
    assert kalender.verschuif(einde) == date(2026, 12, 28)
    assert kalender.einde_termijn(start, einde) == date(2026, 12, 28)
    # A 3-day term Thursday -> Sunday in an ordinary week holds only Friday: extended to Monday.
    assert kalender.minimaal_twee_werkdagen(date(2026, 3, 5), date(2026, 3, 8)) == date(2026, 3, 9)
    # Already two working days, or shorter than 3 days: unchanged.
    assert kalender.minimaal_twee_werkdagen(date(2026, 3, 2), date(2026, 3, 5)) == date(2026, 3, 5)
    assert kalender.minimaal_twee_werkdagen(date(2026, 12, 24), date(2026, 12, 26)) == date(2026, 12, 26)


@pytest.mark.parametrize(
    ("start", "einde", "verwacht"),
    [
        # review termijn11: a term that art. 1 extends is not extended by art. 2 as well
        (date(2026, 4, 24), date(2026, 4, 27), date(2026, 4, 28)),  # ends on Koningsdag
        (date(2026, 5, 13), date(2026, 5, 16), date(2026, 5, 18)),  # Hemelvaart, then a Saturday
        (date(2026, 12, 24), date(2026, 12, 27), date(2026, 12, 28)),  # Kerst, then a Sunday
        # ending on a working day with fewer than two in it: art. 2 extends it (Kerst, 2e Kerstdag, Sunday)
        (date(2026, 12, 24), date(2026, 12, 28), date(2026, 12, 29)),
        (date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 5)),  # an ordinary week: unchanged
    ],
)
def test_atw_artikel_2_alleen_als_artikel_1_niet_verlengt(
    kalender: AtwKalender, start: date, einde: date, verwacht: date
) -> None:
    assert kalender.einde_termijn(start, einde) == verwacht


def test_koninklijk_besluit_dagen_worden_geinjecteerd(
    kalender: AtwKalender, kb_kalender: AtwKalender
) -> None:
    vrijdag_na_hemelvaart = date(2026, 5, 15)
    assert kalender.is_werkdag(vrijdag_na_hemelvaart)
    assert not kb_kalender.is_werkdag(vrijdag_na_hemelvaart)
    assert kb_kalender.feestdag(vrijdag_na_hemelvaart) == (
        "Vrijdag na Hemelvaartsdag (fictief testvoorbeeld) (bij koninklijk besluit)"
    )
    assert kb_kalender.verschuif(date(2026, 5, 14)) == date(2026, 5, 18)
    assert kb_kalender.verschuif(date(2026, 12, 25)) == date(2026, 12, 29)


def test_koninklijk_besluit_als_paren_en_iso_tekst() -> None:
    kal = AtwKalender.uit_data(
        bij_koninklijk_besluit=[("2027-07-02", "Testdag"), (date(2027, 7, 5), "Testdag 2")]
    )
    assert not kal.is_werkdag(date(2027, 7, 2))
    assert not kal.is_werkdag(date(2027, 7, 5))


def test_geleverde_data_kent_de_gelijkgestelde_dagen_van_de_besluiten_2023_2028() -> None:
    """Tester finding: the table was shipped empty, so a term ending on Thursday 1 January 2026 ran to
    Friday 2 January, which the Besluit gelijkstelling (Atw art. 3 lid 3) equates with a holiday."""
    kal = AtwKalender.uit_data()
    kb = {
        d for jaar in range(2023, 2029) for d, n in kal.feestdagen(jaar).items() if "koninklijk besluit" in n
    }
    assert kb == {
        date(2023, 4, 28),
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    }
    assert kal.verschuif(date(2026, 1, 1)) == date(2026, 1, 5)
    assert kal.verschuif(date(2025, 5, 29)) == date(2025, 6, 2)  # Hemelvaartsdag, then the equated Friday


def test_feestdagen_geeft_een_kopie(kalender: AtwKalender) -> None:
    kalender.feestdagen(2026).clear()
    assert len(kalender.feestdagen(2026)) == 11


def test_feestdagregel_vereist_een_soort() -> None:
    with pytest.raises(ValueError):
        FeestdagRegel(naam="kapot")
    with pytest.raises(ValueError):
        FeestdagRegel(naam="dubbel", maand=1, dag=1, pasen=0)


def test_atw_artikel_2_counts_no_further_than_two_working_days(
    kalender: AtwKalender, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A term of centuries that ends on a working day (a model's ``termijn_na('1900-01-01', weken=400000)``):
    art. 2 counted every working day of it (0.9 s of CPU) to learn whether there were two."""
    start = date(1900, 1, 1)
    einde = start + timedelta(weeks=400_000)
    assert kalender.is_werkdag(einde)

    def counted_the_term(self: AtwKalender, van: date, tot: date) -> int:
        raise AssertionError("art. 2 counted the working days of the whole term")

    monkeypatch.setattr(AtwKalender, "werkdagen_tussen", counted_the_term)
    assert kalender.einde_termijn(start, einde) == einde
