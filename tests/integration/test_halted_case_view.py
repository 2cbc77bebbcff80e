"""The case view (GET /api/v1/zaken/<zaak>) and the map panel of a case that stands still (paused by beheer,
or in incident) name the holder the case list names: the system that stops it ("Beheer (gepauzeerd)",
"Systeem (incident)") for an officer, the gemeente ("Gemeente", the status page's words) for a public viewer,
never the team whose task stands still (``Case.holder``).

Before: the case view and the map panel said ``houder`` "Vergunningen" (``timeline.case_now`` returned
``Case.holder``) while the case list said "Beheer (gepauzeerd)".
"""

from __future__ import annotations

from services import beheer, case_queries, cases, kaart_panel, users
from services.clock import FixedClock
from services.platform import Platform
from tests.integration.inbox_case import start_case
from tests.integration.test_incident_holder import _incident


def _the_initiators(platform: Platform, ref: str) -> None:
    """piet, an initiator account, started the case (``policy.own_cases``)."""
    users.add_user(platform, "piet", groups=[], role="initiatiefnemer")
    with platform.uow() as uow:
        cases.case_by_key(uow.session, ref).started_by = "piet"
        uow.commit()


def _holders(platform: Platform, ref: str, user: str) -> tuple[str, str, str]:
    """The ``houder`` of the case list's row, the case view and the map panel as ``user`` reads them."""
    [row] = case_queries.search_cases(platform, user)["zaken"]
    view = case_queries.read_case(platform, ref, user)
    return row["houder"], view["houder"], kaart_panel.case_panel(platform, ref, user)["houder"]


def test_a_paused_cases_view_names_the_holder_its_list_row_names(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref = start_case(any_platform)
    _the_initiators(any_platform, ref)
    assert _holders(any_platform, ref, "anna") == ("Vergunningen",) * 3
    clock.advance(hours=1)
    beheer.suspend(any_platform, ref, "bea", "storing")
    assert _holders(any_platform, ref, "anna") == ("Beheer (gepauzeerd)",) * 3  # was the team twice
    assert _holders(any_platform, ref, "piet")[1:] == ("Gemeente",) * 2  # was ("Vergunningen",) * 2
    beheer.resume(any_platform, ref, "bea")
    assert _holders(any_platform, ref, "anna") == ("Vergunningen",) * 3


def test_a_case_in_incident_names_the_holder_its_list_row_names(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref, _ = _incident(any_platform, clock)
    _the_initiators(any_platform, ref)
    clock.advance(days=1)
    assert _holders(any_platform, ref, "anna") == ("Systeem (incident)",) * 3  # was the team twice
    assert _holders(any_platform, ref, "piet")[1:] == ("Gemeente",) * 2


def test_a_public_viewers_list_row_of_a_halted_case_names_the_gemeente(
    any_platform: Platform, clock: FixedClock
) -> None:
    """The initiator's case list (GET /api/v1/zaken) names the gemeente for a paused case, as its case view
    and the status page; it read the team's internal name (``Case.holder``, 'Vergunningen')."""
    ref = start_case(any_platform)
    _the_initiators(any_platform, ref)
    running = _holders(any_platform, ref, "piet")
    assert running[0] == "Team Vergunningen"  # the status page's words
    clock.advance(hours=1)
    beheer.suspend(any_platform, ref, "bea", "storing")
    assert _holders(any_platform, ref, "piet") == ("Gemeente",) * 3  # the list's was 'Vergunningen'
    beheer.resume(any_platform, ref, "bea")
    assert _holders(any_platform, ref, "piet") == running


def test_a_public_viewers_list_row_of_a_case_in_incident_names_the_gemeente(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref, _ = _incident(any_platform, clock)
    _the_initiators(any_platform, ref)
    assert _holders(any_platform, ref, "piet") == ("Gemeente",) * 3  # the list's was 'Vergunningen'
