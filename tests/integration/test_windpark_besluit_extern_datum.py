"""The date of the outside bevoegd gezag's besluit on a windpark lies after the aanvraag and the advice.

Review finding (sessie16 extern16b, F3): besluit_extern accepted any date in the past ("1900-01-01", or one
before the aanvraag), and it became the case's day of decision (``Case.decided_on``), corrupting the
dashboard's lead times. Like a bezwaar dated before the aanvraag (``datum-voor-aanvraag``), it is now
refused in Dutch, and so is a date before the municipality's advice to the authority; nothing changes.
"""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services import cases, users
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import doe, toestand
from tests.integration.test_windpark import participatie, start

wp = windpark.wp  # the windpark tests' fixture


def _at_besluit_extern(wp: Platform, clock: FixedClock) -> str:
    """A provincie windpark received on 2 March 2026, advised on 9 March, waiting for the besluit."""
    users.add_user(wp, "piet", groups=["Provincie"], role="adviseur")
    ref = str(start(wp, 12.6, 3)["zaak"])
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    clock.advance(days=7)
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    clock.advance(days=30)
    return ref


@pytest.mark.parametrize(
    ("datum", "code", "tekst"),
    [
        ("1900-01-01", "datum-voor-aanvraag", "ligt vóór de ontvangst van de aanvraag (2 maart 2026)"),
        ("2026-03-01", "datum-voor-aanvraag", "ligt vóór de ontvangst van de aanvraag (2 maart 2026)"),
        ("2026-03-06", "besluit-voor-advies", "ligt vóór het advies van de gemeente aan het bevoegd gezag"),
    ],
)
def test_a_besluit_dated_before_the_aanvraag_or_the_advice_is_refused(
    wp: Platform, clock: FixedClock, datum: str, code: str, tekst: str
) -> None:
    ref = _at_besluit_extern(wp, clock)
    voor = toestand(wp, ref)
    with pytest.raises(ValidationError) as refused:
        cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": datum}, actor="piet")
    assert refused.value.code == code and tekst in refused.value.detail, refused.value.detail
    assert toestand(wp, ref) == voor


def test_a_besluit_dated_on_the_day_of_the_advice_is_recorded(wp: Platform, clock: FixedClock) -> None:
    ref = _at_besluit_extern(wp, clock)
    zaak = cases.send_message(
        wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-09"}, actor="piet"
    )
    assert zaak["samenvatting"]["besluit_extern"]["datum"] == "2026-03-09"
