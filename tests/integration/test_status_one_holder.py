"""The status page names one holder: its "Uw aanvraag ligt bij" and its "Nu bij" (the holder timeline)
agree (status review finding 3: a windpark with four parallel advice tasks said "Grondzaken" at the top
and "Netbeheerder" further down the same page)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.platform import Platform
from services.status import view
from services.store.models import Case
from services.waits import timeline
from tests.e2e import kaart_status_fixtures as fx

demo_layers, demo_database, demo_platform = fx.demo_layers, fx.demo_database, fx.demo_platform


@pytest.fixture
def platform(demo_platform: Platform) -> Platform:
    return demo_platform  # the tests below name it platform


def test_the_status_page_names_the_holder_its_timeline_names(platform):
    """The top names the team the timeline holds now (in public words), for every running demo case."""
    from services import policy
    from services.public_phases import public_phases

    phases, now = public_phases(platform.settings), platform.clock.now()
    compared = 0
    with platform.uow(write=False) as uow:
        s = uow.session
        external = policy.external_groups(s, platform.settings)
        for case in s.scalars(select(Case).where(Case.status == "lopend")):
            current = timeline.timeline(s, case, now, public=False)["nu"]
            if current is None or current["soort"] not in ("afdeling", "extern", "initiatiefnemer"):
                continue
            expected = view._holder(s, current["houder"], view.DEFAULT_CONTACT, phases, external)
            top = view.public_status(platform, case.tracking_code)["houder"]
            assert top == expected, (case.reference, top, current)
            compared += 1
    assert compared >= 5


def test_the_holders_block_names_the_holder_in_the_words_of_the_top(platform):
    """One naming on one page (review status12 #1): the top said "Team Vergunningen" / "U (de aanvrager)"
    and the holders block below it "Gemeente" / "Aanvrager". Both read the public words of
    ``[houders]`` (bpmn/fasen.toml)."""
    compared, named = 0, set()
    with platform.uow(write=False) as uow:
        codes = [c.tracking_code for c in uow.session.scalars(select(Case).where(Case.status == "lopend"))]
    for code in codes:
        top = view.public_status(platform, code)["houder"]
        block = timeline.for_status_page(platform, code)
        if top is None or block.get("nu") is None:
            continue
        assert block["nu"]["houder"] == top["naam"], (code, top, block["nu"])
        assert top["naam"] in {r["houder"] for r in block["rijen"]}
        named.add(top["naam"])
        compared += 1
    assert compared >= 5 and {"Team Vergunningen", "U (de aanvrager)"} <= named, named
    assert not named & {"Gemeente", "Aanvrager"}
