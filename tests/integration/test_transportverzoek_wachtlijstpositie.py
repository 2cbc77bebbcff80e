"""The waiting-list position the netbeheerder updates is the one every overview shows.

Review finding (sessie16 extern16b, F4): the netbeheerder moved a windpark's transportverzoek from
position 7 to 3; the case's "Wacht op" said 3, but the dashboard's open question and the holder timeline
kept "positie 7" (an outside wait and a holder interval that went on kept their first reason).
"""

from __future__ import annotations

from sqlalchemy import select

from services import cases, dashboard, users
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import HolderInterval, OutsideWait
from services.waits import store as waits_store
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import publiek

wp = windpark.wp  # the windpark tests' fixture


def _transportverzoek(wp: Platform) -> str:
    zaak = cases.start_case(wp, "transportverzoek", {"vermogen_mva": 2.5, "richting": "afname"}, user="pim")
    return str(zaak["zaak"])


def _wachtlijst(wp: Platform, ref: str, positie: int) -> None:
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": positie})


def _open_reasons(wp: Platform, ref: str) -> tuple[list[str], list[str]]:
    """The reasons of the case's open outside wait and open holder interval, as stored."""
    case_id = cases.get_case(wp, ref)["id"]
    with wp.uow(write=False) as uow:
        s = uow.session
        waits = s.scalars(
            select(OutsideWait.reason).where(OutsideWait.case_id == case_id, OutsideWait.ended_at.is_(None))
        )
        held = s.scalars(
            select(HolderInterval.reason).where(
                HolderInterval.case_id == case_id, HolderInterval.ended_at.is_(None)
            )
        )
        return list(waits), list(held)


def test_the_updated_waiting_list_position_is_shown_everywhere(wp: Platform, clock: FixedClock) -> None:
    users.add_user(wp, "beheer", groups=[], role="beheerder")
    ref = _transportverzoek(wp)  # held by the netbeheerder: nothing else open
    _wachtlijst(wp, ref, 7)
    clock.advance(days=7)  # the update comes a week later (another moment than the first answer's)
    _wachtlijst(wp, ref, 3)
    assert "wachtlijst netcapaciteit, positie 3" in cases.get_case(wp, ref)["wacht_op"]
    asked = [
        o["vraag"]
        for o in dashboard.for_user(wp, "beheer", None, None)["cijfers"]["open_extern"]
        if o["zaak"] == ref and "wachtlijst" in o["vraag"]
    ]
    assert len(asked) == 1 and asked[0].startswith("wachtlijst netcapaciteit, positie 3;"), asked
    waits, held = _open_reasons(wp, ref)
    assert [w[:36] for w in waits] == ["wachtlijst netcapaciteit, positie 3;"], waits
    assert [h[:36] for h in held] == ["wachtlijst netcapaciteit, positie 3;"], held
    waits_store.rebuild(wp)  # a rebuilt projection says the same
    assert _open_reasons(wp, ref) == (waits, held)


def test_a_repeated_position_is_no_change_of_position(wp: Platform) -> None:
    """Review finding F5: an answer repeating position 3 wrote "Wachtlijstpositie gewijzigd van 3 naar 3";
    it gets the answer's own line instead."""
    ref = _transportverzoek(wp)
    _wachtlijst(wp, ref, 7)
    _wachtlijst(wp, ref, 3)
    _wachtlijst(wp, ref, 3)
    lines = publiek(cases.get_case(wp, ref))
    assert [line for line in lines if "gewijzigd" in line] == [
        "Wachtlijstpositie gewijzigd van 7 naar 3 (bericht van de netbeheerder)."
    ], lines
    assert lines[-1] == (
        "Het transportverzoek staat op de wachtlijst van de netbeheerder, positie 3 (op volgorde van "
        "binnenkomst)."
    ), lines
