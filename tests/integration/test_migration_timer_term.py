"""A migration keeps a waiting timer's due moment unless its timer definition changed.

Review finding (beheer s8, 2): a case waits for an aanvulling on a P14D timer set on 2 March (due 16
March). On 12 March v2 only renamed the timer event (or the event-based gateway) and the case was
migrated: the timer started again from the migration moment (due 26 March), silently. The element
counted as "changed" in SpiffWorkflow's diff, and every changed waiting task was reset.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from services import beheer, cases, deployments, inbox, users
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import CaseEvent
from tests.integration.core_helpers import KLEIN
from tests.integration.migration_steps import DUE, klein_waiting_case
from tests.integration.test_script_limits import H, lane

V1 = KLEIN.read_text(encoding="utf-8")

#: v2 models that change a label only: the timer event's name, the event-based gateway's name, both
LABEL_ONLY = {
    "timer-naam": V1.replace(
        'name="Aanvullingstermijn verlopen"', 'name="Aanvullingstermijn (14 dagen) verlopen"'
    ),
    "gateway-naam": V1.replace(
        '<bpmn:eventBasedGateway id="wacht_aanvulling">',
        '<bpmn:eventBasedGateway id="wacht_aanvulling" name="Wacht op aanvulling">',
    ),
    "beide": V1.replace('name="Aanvullingstermijn verlopen"', 'name="Termijn verlopen"').replace(
        '<bpmn:eventBasedGateway id="wacht_aanvulling">',
        '<bpmn:eventBasedGateway id="wacht_aanvulling" name="Wacht op aanvulling">',
    ),
}


def _events(platform: Platform, ref: str, kind: str) -> list[CaseEvent]:
    case_id = cases.get_case(platform, ref)["id"]
    with platform.uow(write=False) as uow:
        return list(
            uow.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind))
        )


@pytest.mark.parametrize("variant", sorted(LABEL_ONLY))
def test_a_label_change_keeps_the_running_term(platform: Platform, clock: FixedClock, variant: str) -> None:
    ref = klein_waiting_case(platform, clock)
    deployments.deploy(platform, [("vergunning_klein.bpmn", LABEL_ONLY[variant])], user="bea")

    result = beheer.migrate(platform, "vergunning_klein", "bea")

    assert cases.get_case(platform, ref)["volgende_timer"] == DUE  # not 26 March
    assert result["gemigreerd"] == [ref] and result["verschoven_termijnen"] == []
    assert _events(platform, ref, "termijn-verschoven") == []
    clock.advance(days=4, minutes=1)  # 16 March 09:01: the term of the initiator ends as told
    assert cases.fire_due_timers(platform) == [{"zaak": ref, "status": "afgerond", "fase": "beoordeling"}]
    assert cases.get_case(platform, ref)["samenvatting"]["resultaat"] == "buiten behandeling gesteld"


def test_a_changed_timer_definition_restarts_the_term_and_says_so(
    platform: Platform, clock: FixedClock
) -> None:
    ref = klein_waiting_case(platform, clock)
    v2 = V1.replace(
        '<bpmn:timeDuration>"P14D"</bpmn:timeDuration>', '<bpmn:timeDuration>"P21D"</bpmn:timeDuration>'
    )
    deployments.deploy(platform, [("vergunning_klein.bpmn", v2)], user="bea")

    result = beheer.migrate(platform, "vergunning_klein", "bea")

    moved = {
        "zaak": ref,
        "element": "wacht_aanvulling",
        "naam": "Aanvullingstermijn verlopen",
        "van": DUE,
        # 12 March + P21D: the changed term starts at the migration; 10:00 Dutch time, summer time by then
        "naar": "2026-04-02T08:00:00+00:00",
    }
    assert result["gemigreerd"] == [ref] and result["verschoven_termijnen"] == [moved]
    assert cases.get_case(platform, ref)["volgende_timer"] == moved["naar"]
    [event] = _events(platform, ref, "termijn-verschoven")
    assert event.actor == "bea"
    assert event.message == (
        "Termijn 'Aanvullingstermijn verlopen' verschoven door de migratie naar versie 2: de timer is "
        "gewijzigd en loopt opnieuw; was 16 maart 2026, 10:00, nu 2 april 2026, 10:00"
    )
    assert event.data == {k: v for k, v in moved.items() if k != "zaak"}


def boundary_model(task_name: str, timer_name: str, duration: str = '"P5D"') -> str:
    """A user task with an interrupting boundary timer that ends the case."""
    return (
        H
        + '<bpmn:process id="grens_proef" name="Grensproef" isExecutable="true">\n'
        + lane("s", "invoer", "te_laat", "e", "e2")
        + '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
        f'<bpmn:userTask id="invoer" name="{task_name}"><bpmn:incoming>a</bpmn:incoming>'
        "<bpmn:outgoing>b</bpmn:outgoing></bpmn:userTask>\n"
        f'<bpmn:boundaryEvent id="te_laat" name="{timer_name}" attachedToRef="invoer"><bpmn:outgoing>c</bpmn:outgoing>'
        f"<bpmn:timerEventDefinition><bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition>"
        "</bpmn:boundaryEvent>\n"
        '<bpmn:endEvent id="e"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>\n'
        '<bpmn:endEvent id="e2"><bpmn:incoming>c</bpmn:incoming></bpmn:endEvent>\n'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="invoer"/>'
        '<bpmn:sequenceFlow id="b" sourceRef="invoer" targetRef="e"/>'
        '<bpmn:sequenceFlow id="c" sourceRef="te_laat" targetRef="e2"/>'
        "</bpmn:process></bpmn:definitions>"
    )


def test_a_renamed_boundary_timer_and_task_keep_the_running_term(
    platform: Platform, clock: FixedClock
) -> None:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("grens.bpmn", boundary_model("Invoer", "Te laat"))], user="bea")
    ref = cases.start_case(platform, "grens_proef", {}, user="anna")["zaak"]
    due: Any = cases.get_case(platform, ref)["volgende_timer"]
    assert due == "2026-03-07T09:00:00+00:00"
    clock.advance(days=3)
    deployments.deploy(
        platform, [("grens.bpmn", boundary_model("Gegevens invoeren", "Invoer te laat"))], user="bea"
    )

    result = beheer.migrate(platform, "grens_proef", "bea")

    assert cases.get_case(platform, ref)["volgende_timer"] == due
    assert result["gemigreerd"] == [ref] and result["verschoven_termijnen"] == []
    assert [t["naam"] for t in inbox.list_tasks(platform, "anna")["taken"]] == ["Gegevens invoeren"]
