"""The status page of a case that stands still (paused by beheer, or in incident) says it lies with the
gemeente, as its holder block's "Nu bij" does ("Gemeente", with the contact), beside its status
("Tijdelijk stilgezet", "Vertraagd door een technische storing"): neither the team whose task stands still
(``Case.holder``) nor internal words ("Beheer (gepauzeerd)", "Systeem (incident)").

Before: the page's top named nobody for such a case ("Uw aanvraag ligt bij" left out), while its holder
block said "Nu bij: Gemeente"; ``_current_holder`` read only acting holders and fell back to
``Case.holder``, the team, so it could not be asked for such a case.
"""

from __future__ import annotations

import re

from services import beheer, cases
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from services.waits import timeline
from tests.integration.inbox_case import start_case
from tests.integration.test_incident_holder import _incident

GEMEENTE = {"naam": "Gemeente", "soort": "afdeling", "contact": view.DEFAULT_CONTACT}


def _code(platform: Platform, ref: str) -> str:
    with platform.uow(write=False) as uow:
        return str(cases.case_by_key(uow.session, ref).tracking_code)


def _top(platform: Platform, code: str) -> str:
    """The page's "Uw aanvraag ligt bij" as the initiator reads it ("" when left out)."""
    from web import create_app

    page = create_app(platform.settings, platform=platform).test_client().get(f"/status/{code}").text
    assert "Beheer" not in page and "Systeem" not in page, page
    cell = re.search(r'<dd id="status-houder">(.*?)</dd>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell.group(1))).strip() if cell else ""


def _holder(platform: Platform, code: str) -> dict | None:
    top = view.public_status(platform, code)["houder"]
    assert top is None or timeline.for_status_page(platform, code)["nu"]["houder"] == top["naam"]
    return top


def test_a_paused_case_lies_with_the_gemeente_on_the_status_page(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref = start_case(any_platform)
    code = _code(any_platform, ref)
    assert _holder(any_platform, code)["naam"] == "Team Vergunningen"
    clock.advance(hours=1)
    beheer.suspend(any_platform, ref, "bea", "storing")
    assert view.public_status(any_platform, code)["status_tekst"] == "Tijdelijk stilgezet"
    assert _holder(any_platform, code) == GEMEENTE  # was None
    assert _top(any_platform, code) == f"Gemeente Contact: {view.DEFAULT_CONTACT}"
    beheer.resume(any_platform, ref, "bea")
    assert _holder(any_platform, code)["naam"] == "Team Vergunningen"


def test_a_case_in_incident_lies_with_the_gemeente_on_the_status_page(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref, _ = _incident(any_platform, clock)
    code = _code(any_platform, ref)
    status = view.public_status(any_platform, code)
    assert status["status_tekst"] == "Vertraagd door een technische storing"
    assert _holder(any_platform, code) == GEMEENTE  # was None
    assert _top(any_platform, code).startswith("Gemeente Contact: ")
