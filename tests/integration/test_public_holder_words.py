"""A public viewer (an initiator, an outside party) reads who holds a running case in one wording on every
face: the status page's words from ``[houders]`` in bpmn/fasen.toml ("Team Vergunningen"), in the case list,
the case view (GET /api/v1/zaken/<zaak>), the map panel and the status page alike; an officer reads the
team's own name ("Vergunningen") on each.

Before: the initiator's case list and status page said "Team Vergunningen" while its case view and map
panel said "Vergunningen" (``Case.holder``: ``timeline.public_holder`` worded only a case that stands still).
"""

from __future__ import annotations

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.status.view import public_status
from tests.integration.inbox_case import start_case
from tests.integration.test_halted_case_view import _holders, _the_initiators


def test_a_running_cases_holder_reads_alike_on_every_public_face(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref = start_case(any_platform)
    _the_initiators(any_platform, ref)
    code = cases.get_case(any_platform, ref)["volgcode"]
    assert public_status(any_platform, code)["houder"]["naam"] == "Team Vergunningen"
    assert _holders(any_platform, ref, "piet") == ("Team Vergunningen",) * 3  # view and panel: Vergunningen
    assert _holders(any_platform, ref, "anna") == ("Vergunningen",) * 3  # the officers' own name
