"""The verdaging of a beslissing op bezwaar (Awb 7:10 lid 3 and 4) and the beroepstermijn after it."""

from __future__ import annotations

from datetime import date

import pytest

from processes.errors import ValidationError
from processes.termijnen.bezwaar import (
    beroepstermijn_na_bezwaar,
    beslissing_niet_voor_bezwaar,
    bezwaarcommissie,
    herroepen_past_bij,
    in_de_plaats,
    verdaging_op_bezwaar,
    verdaging_uiterlijk,
)

HUIDIG = date(2026, 5, 26)  # decide by Tuesday 26 May 2026 (Awb 7:10 lid 1)
VANDAAG = date(2026, 5, 20)


def test_lid_3_defers_by_six_weeks_at_most() -> None:
    dag, grond = verdaging_op_bezwaar(
        HUIDIG, date(2026, 7, 7), VANDAAG, instemming=False, eerder_verdaagd=False
    )
    assert dag == date(2026, 7, 7) and "artikel 7:10 lid 3 Awb" in grond
    with pytest.raises(ValidationError) as info:
        verdaging_op_bezwaar(HUIDIG, date(2026, 7, 8), VANDAAG, instemming=False, eerder_verdaagd=False)
    assert info.value.code == "bezwaar-verdaging-te-lang" and info.value.status == 422


def test_the_atw_moves_the_deferred_end_off_a_holiday() -> None:
    """A term ending Monday 15 February 2027: six weeks later is Monday 29 March, Tweede Paasdag."""
    dag, _ = verdaging_op_bezwaar(
        date(2027, 2, 15), date(2027, 3, 30), date(2027, 2, 1), instemming=False, eerder_verdaagd=False
    )
    assert dag == date(2027, 3, 30)  # Monday 29 March is Tweede Paasdag: the end moves to Tuesday


@pytest.mark.parametrize(
    ("nieuw", "vandaag", "eerder", "code"),
    [
        (date(2026, 5, 26), VANDAAG, False, "verdaging-niet-later"),
        (date(2026, 6, 30), VANDAAG, True, "bezwaar-verdaging-al-gebruikt"),
        (date(2026, 6, 30), date(2026, 5, 27), False, "bezwaar-verdaging-na-termijn"),
    ],
)
def test_refusals_without_consent(nieuw: date, vandaag: date, eerder: bool, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        verdaging_op_bezwaar(HUIDIG, nieuw, vandaag, instemming=False, eerder_verdaagd=eerder)
    assert info.value.code == code and info.value.status == 422


def test_a_verdaging_after_the_term_names_its_last_day_as_still_in_time() -> None:
    """Review verdagingform: the refusal said "alleen vóór het einde van de termijn" while a verdaging on
    the last day itself is accepted; it says "tot en met" that day, as verdaging-te-laat does."""
    dag, _ = verdaging_op_bezwaar(HUIDIG, date(2026, 6, 30), HUIDIG, instemming=False, eerder_verdaagd=False)
    assert dag == date(2026, 6, 30)  # on the last day: in time
    with pytest.raises(ValidationError) as info:
        verdaging_op_bezwaar(
            HUIDIG, date(2026, 6, 30), date(2026, 5, 27), instemming=False, eerder_verdaagd=False
        )
    assert info.value.code == "bezwaar-verdaging-na-termijn"
    assert info.value.detail == (
        "De termijn om op het bezwaar te beslissen is verstreken: verdagen (artikel 7:10 lid 3 Awb) kan tot "
        "en met de laatste dag van de termijn (26 mei 2026). Uitstel kan nog met instemming van de indiener "
        "(artikel 7:10 lid 4 Awb)."
    )


def test_with_consent_any_later_day_is_uitstel_under_lid_4() -> None:
    dag, grond = verdaging_op_bezwaar(
        HUIDIG, date(2026, 10, 1), date(2026, 6, 1), instemming=True, eerder_verdaagd=True
    )
    assert dag == date(2026, 10, 1) and "artikel 7:10 lid 4 Awb" in grond


def test_the_beslissing_and_the_beroep_after_it() -> None:
    assert beroepstermijn_na_bezwaar(date(2026, 7, 3)) == date(2026, 8, 14)
    assert beroepstermijn_na_bezwaar(date(2027, 2, 15)) == date(2027, 3, 30)  # over Tweede Paasdag
    with pytest.raises(ValidationError) as info:
        beslissing_niet_voor_bezwaar(date(2026, 3, 31), date(2026, 4, 1))
    assert info.value.code == "beslissing-voor-bezwaar"
    herroepen_past_bij("gegrond", True)
    herroepen_past_bij("gegrond", False)
    with pytest.raises(ValidationError) as info:
        herroepen_past_bij("niet_ontvankelijk", True)
    assert info.value.code == "herroepen-niet-gegrond" and "niet-ontvankelijk" in info.value.detail


EINDE_BEZWAARTERMIJN = date(2026, 4, 13)


def test_a_bezwaarcommissie_makes_it_twelve_weeks_after_the_bezwaartermijn() -> None:
    """Awb 7:10 lid 1 with 7:13: Monday 13 April 2026 + twelve weeks is Monday 6 July."""
    dag, grond = bezwaarcommissie(HUIDIG, EINDE_BEZWAARTERMIJN, VANDAAG, al_gekozen=False, verdaagd=False)
    assert dag == date(2026, 7, 6)
    assert "twaalf weken" in grond and "artikel 7:10 lid 1 en 7:13 Awb" in grond
    # on the six-week day itself it can still be chosen
    assert bezwaarcommissie(HUIDIG, EINDE_BEZWAARTERMIJN, HUIDIG, al_gekozen=False, verdaagd=False)[0] == dag


@pytest.mark.parametrize(
    ("vandaag", "gekozen", "verdaagd", "code"),
    [
        (VANDAAG, True, False, "bezwaarcommissie-al-gekozen"),
        (VANDAAG, False, True, "bezwaarcommissie-na-verdaging"),
        (date(2026, 5, 27), False, False, "bezwaarcommissie-na-termijn"),
    ],
)
def test_a_bezwaarcommissie_is_chosen_once_in_time(
    vandaag: date, gekozen: bool, verdaagd: bool, code: str
) -> None:
    with pytest.raises(ValidationError) as info:
        bezwaarcommissie(HUIDIG, EINDE_BEZWAARTERMIJN, vandaag, al_gekozen=gekozen, verdaagd=verdaagd)
    assert info.value.code == code and info.value.status == 422
    assert "artikel 7:" in info.value.detail


def test_a_bezwaarcommissie_after_the_six_weeks_names_their_last_day_as_still_in_time() -> None:
    """Review verdagingform: "moest vóór die dag worden gekozen" while the six-week day itself is in time
    (test_a_bezwaarcommissie_makes_it_twelve_weeks_after_the_bezwaartermijn)."""
    with pytest.raises(ValidationError) as info:
        bezwaarcommissie(HUIDIG, EINDE_BEZWAARTERMIJN, date(2026, 5, 27), al_gekozen=False, verdaagd=False)
    assert info.value.detail == (
        "De termijn van zes weken om op het bezwaar te beslissen is verstreken: een bezwaarcommissie (artikel "
        "7:13 Awb) kon worden gekozen tot en met de laatste dag van de termijn (26 mei 2026). Uitstel kan nog "
        "met instemming van de indiener (artikel 7:10 lid 4 Awb)."
    )


def test_a_verdaging_after_the_commissie_adds_six_weeks_to_its_day() -> None:
    dag, _ = verdaging_op_bezwaar(
        date(2026, 7, 6), date(2026, 8, 17), date(2026, 7, 1), instemming=False, eerder_verdaagd=False
    )
    assert dag == date(2026, 8, 17)


def test_lid_3_adds_six_weeks_to_the_unshifted_end_of_the_term() -> None:
    """Awb 7:10 lid 3 with Atw art. 1 (review termijn16, F3): a besluit sent Friday 9 January 2026, its
    bezwaartermijn ending Friday 20 February. Six weeks later is Good Friday 3 April, so lid 1's day is
    Tuesday 7 April; the deferred term is twelve weeks from 20 February, Friday 15 May (the day after
    Hemelvaartsdag, made equal to a holiday for 2026), so Monday 18 May, not six weeks after 7 April."""
    einde = date(2026, 2, 20)
    huidig = date(2026, 4, 7)
    dag, _ = verdaging_op_bezwaar(
        huidig,
        date(2026, 5, 18),
        date(2026, 4, 1),
        instemming=False,
        eerder_verdaagd=False,
        einde_bezwaartermijn=einde,
    )
    assert dag == date(2026, 5, 18)
    with pytest.raises(ValidationError) as info:
        verdaging_op_bezwaar(
            huidig,
            date(2026, 5, 19),
            date(2026, 4, 1),
            instemming=False,
            eerder_verdaagd=False,
            einde_bezwaartermijn=einde,
        )
    assert info.value.code == "bezwaar-verdaging-te-lang"
    assert "uiterlijk tot en met maandag 18 mei 2026" in info.value.detail, info.value.detail
    assert verdaging_uiterlijk(huidig, einde) == date(2026, 5, 18)


def test_lid_3_after_a_commissie_adds_six_weeks_to_its_twelve() -> None:
    """With a bezwaarcommissie: eighteen weeks from the bezwaartermijn's end, Atw applied once. The
    bezwaartermijn ending Friday 20 February 2026, the twelve-week day is Monday 18 May (15 May is made
    equal to a holiday); eighteen weeks is Friday 26 June, not Monday 29 June, six weeks after 18 May."""
    einde = date(2026, 2, 20)
    assert verdaging_uiterlijk(date(2026, 5, 18), einde, commissie=True) == date(2026, 6, 26)
    dag, _ = verdaging_op_bezwaar(
        date(2026, 5, 18),
        date(2026, 6, 26),
        date(2026, 5, 1),
        instemming=False,
        eerder_verdaagd=False,
        einde_bezwaartermijn=einde,
        commissie=True,
    )
    assert dag == date(2026, 6, 26)
    # huidig not lid 1's day (put off with consent before): six weeks after it, as before
    assert verdaging_uiterlijk(date(2026, 5, 11), einde, commissie=True) == date(2026, 6, 22)
    assert verdaging_uiterlijk(HUIDIG, None) == date(2026, 7, 7)  # the bezwaartermijn's end unknown


def test_a_herroeping_names_what_takes_the_besluits_place() -> None:
    """Awb 7:11 lid 2: herroepen, and as far as needed a new besluit in its place; a besluit that stays
    gets none."""
    assert in_de_plaats(True, "verlenen") == "verlenen"
    assert in_de_plaats(True, "geen") == "geen"
    assert in_de_plaats(False, None) is None
    for herroepen, nieuw, code in (
        (True, None, "herroepen-zonder-nieuw-besluit"),
        (True, "vergunning", "herroepen-zonder-nieuw-besluit"),
        (False, "weigeren", "nieuw-besluit-zonder-herroepen"),
    ):
        with pytest.raises(ValidationError) as info:
            in_de_plaats(herroepen, nieuw)
        assert info.value.code == code and info.value.status == 422
        assert "artikel 7:11 lid 2 Awb" in info.value.detail
