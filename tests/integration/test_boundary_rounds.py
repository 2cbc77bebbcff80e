"""A long rework loop whose task carries a boundary timer keeps going (issue #12, issue #8 trust).

Each round of a user task with a boundary event used to leave its finished boundary structure (the
``BoundaryEventSplit``, the task and the cancelled event: three levels) in the stored tree, because
``state.compact`` kept it. After about 300 rounds the tree reached the step depth limit and the case
could take no further step (refused as "history too deep"; before the limit a ``RecursionError``). Now
finished boundary structures are compacted too: the stored document stays the same size and both
timers of a round after 400 still fire when due (the platform's test clock). The model: a user task
'beoordelen' in a loop through an exclusive gateway, with a non-interrupting 14-day reminder and an
interrupting 30-day deadline on its boundary. Also compacted: rounds in which an interrupting timer
fired and sent the task back, and a second task with a timer in the same loop; a round in which a
non-interrupting timer fired keeps its structure and the case still ends.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from services import cases, deployments, inbox, users
from services.store.models import WorkflowState
from tests.integration.core_helpers import open_task_names
from tests.integration.test_script_limits import H, lane

ROUNDS = 400


def loop_with_timers() -> str:
    """Process ``herhaal``: 'Beoordelen' in a loop until ``klaar``, with a non-interrupting reminder
    after 14 days (a task 'Herinnering opvolgen') and an interrupting deadline after 30 days
    (``verlopen = True``, the end)."""
    return _process(
        _user("beoordelen", "Beoordelen", ["f1", "f3"], "f2")
        + _timer("herinnering", "false", "P14D", "h1")
        + _user("opvolgen", "Herinnering opvolgen", ["h1"], "h2")
        + _timer("termijn", "true", "P30D", "t1")
        + _script("verlopen", "t1", "t2", "verlopen = True")
        + _gateway("gw", "f2", default="f3", other="f4")
        + _end("e", "f4")
        + _end("e2", "h2")
        + _end("e3", "t2"),
        [("f2", "beoordelen", "gw"), ("f3", "gw", "beoordelen"), ("h1", "herinnering", "opvolgen")]
        + [("h2", "opvolgen", "e2"), ("t1", "termijn", "verlopen"), ("t2", "verlopen", "e3")],
        "klaar",
    )


def deadline_sends_back() -> str:
    """Process ``herhaal``: 'Beoordelen' whose 30-day deadline (interrupting) counts ``n`` up and starts
    it again; then 'Controleren' (with a non-interrupting 30-day reminder that ends), back to
    'Beoordelen' unless ``stop``."""
    return _process(
        _user("beoordelen", "Beoordelen", ["f1", "t2", "f5"], "f2")
        + _timer("termijn", "true", "P30D", "t1")
        + _script("verlopen", "t1", "t2", "n = n + 1")
        + _user("controleren", "Controleren", ["f2"], "f3")
        + _timer("herinnering", "false", "P30D", "h1", attached_to="controleren")
        + _gateway("gw", "f3", default="f5", other="f4")
        + _end("e", "f4")
        + _end("e2", "h1"),
        [("t1", "termijn", "verlopen"), ("t2", "verlopen", "beoordelen"), ("f2", "beoordelen", "controleren")]
        + [("f3", "controleren", "gw"), ("f5", "gw", "beoordelen"), ("h1", "herinnering", "e2")],
        "stop",
    )


def _process(body: str, flows: list[tuple[str, str, str]], until: str) -> str:
    """Process ``herhaal`` in one lane: start event 's' to 'beoordelen' (flow 'f1'), ``body``, ``flows``,
    and flow 'f4' from gateway 'gw' to end event 'e' once ``until`` is true."""
    return (
        H
        + '<bpmn:process id="herhaal" isExecutable="true">\n'
        + lane(*re.findall(r'<bpmn:\w+ id="([^"]+)"', body), "s")
        + '<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>\n'
        + body
        + "".join(f'<bpmn:sequenceFlow id="{i}" sourceRef="{a}" targetRef="{b}"/>' for i, a, b in flows)
        + '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="beoordelen"/>'
        f'<bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="e"><bpmn:conditionExpression>{until} == True'
        "</bpmn:conditionExpression></bpmn:sequenceFlow></bpmn:process></bpmn:definitions>"
    )


def _user(bpmn_id: str, name: str, incoming: list[str], out: str) -> str:
    ins = "".join(f"<bpmn:incoming>{i}</bpmn:incoming>" for i in incoming)
    return f'<bpmn:userTask id="{bpmn_id}" name="{name}">{ins}<bpmn:outgoing>{out}</bpmn:outgoing></bpmn:userTask>\n'


def _gateway(bpmn_id: str, incoming: str, default: str, other: str) -> str:
    return (
        f'<bpmn:exclusiveGateway id="{bpmn_id}" default="{default}"><bpmn:incoming>{incoming}</bpmn:incoming>'
        f"<bpmn:outgoing>{default}</bpmn:outgoing><bpmn:outgoing>{other}</bpmn:outgoing></bpmn:exclusiveGateway>\n"
    )


def _end(bpmn_id: str, incoming: str) -> str:
    return f'<bpmn:endEvent id="{bpmn_id}"><bpmn:incoming>{incoming}</bpmn:incoming></bpmn:endEvent>\n'


def _timer(bpmn_id: str, cancel: str, duration: str, out: str, attached_to: str = "beoordelen") -> str:
    return (
        f'<bpmn:boundaryEvent id="{bpmn_id}" attachedToRef="{attached_to}" cancelActivity="{cancel}">'
        f'<bpmn:outgoing>{out}</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>"{duration}"'
        "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>\n"
    )


def _script(bpmn_id: str, incoming: str, out: str, script: str) -> str:
    return (
        f'<bpmn:scriptTask id="{bpmn_id}"><bpmn:incoming>{incoming}</bpmn:incoming><bpmn:outgoing>{out}'
        f"</bpmn:outgoing><bpmn:script>{script}</bpmn:script></bpmn:scriptTask>\n"
    )


@pytest.fixture
def on_sqlite(platform):
    """SQLite only: 400 rounds through the service cost about twice as much on PostgreSQL."""
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    return platform


@pytest.fixture
def on_both(any_platform):
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    return any_platform


def _open(platform, name: str) -> dict:
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["naam"] == name]
    return task


def _document_size(platform) -> int:
    with platform.uow(write=False) as uow:
        return int(uow.session.scalar(select(func.length(WorkflowState.document))))


def _rounds(platform, clock, count: int) -> None:
    """Complete 'Beoordelen' ``count`` times, not ready: back into the loop; a minute apart (at one
    moment each step would derive the case's waits from its whole history again)."""
    task_id = _open(platform, "Beoordelen")["id"]
    for _ in range(count):
        clock.advance(minutes=1)
        result = cases.complete_task(platform, task_id, "anna", {"klaar": False})
        assert result["status"] == "lopend", result
        [task_id] = [t["id"] for t in result["open_taken"] if t["naam"] == "Beoordelen"]


def _start(platform, model: str | None = None, data: dict | None = None) -> str:
    deployments.deploy(platform, [("herhaal.bpmn", model or loop_with_timers())])
    return cases.start_case(platform, "herhaal", data or {"klaar": False}, user="anna")["zaak"]


def _open_names(platform) -> list[str]:
    return sorted(open_task_names(platform))


def test_both_boundary_timers_still_fire_after_400_rounds(on_sqlite, clock):
    # before: from about round 300 each completion was refused ("history too deep", a ProcessError)
    platform = on_sqlite
    ref = _start(platform)
    _rounds(platform, clock, 50)
    size_at_50 = _document_size(platform)
    _rounds(platform, clock, ROUNDS - 50)
    assert _document_size(platform) <= size_at_50 + 200  # the finished rounds are not kept
    clock.advance(days=15)  # the reminder of the last round is due
    [fired] = cases.fire_due_timers(platform)
    assert fired["zaak"] == ref and "incident" not in fired
    assert _open_names(platform) == ["Beoordelen", "Herinnering opvolgen"]
    cases.complete_task(platform, _open(platform, "Herinnering opvolgen")["id"], "anna", {})
    clock.advance(days=16)  # and then its deadline
    [fired] = cases.fire_due_timers(platform)
    assert fired["zaak"] == ref and "incident" not in fired
    case = cases.get_case(platform, ref)
    assert case["status"] == "afgerond" and _open_names(platform) == []
    assert case["samenvatting"]["gegevens"]["verlopen"] is True


def test_rounds_after_a_fired_reminder_still_end_the_case(on_both, clock):
    platform = on_both
    _start(platform)
    _rounds(platform, clock, 3)
    clock.advance(days=15)
    cases.fire_due_timers(platform)
    cases.complete_task(platform, _open(platform, "Herinnering opvolgen")["id"], "anna", {})
    # the round whose reminder fired keeps its structure (two branches went on); later rounds are compacted
    _rounds(platform, clock, 3)
    done = cases.complete_task(platform, _open(platform, "Beoordelen")["id"], "anna", {"klaar": True})
    assert done["status"] == "afgerond" and _open_names(platform) == []


def test_rounds_whose_deadline_fired_and_a_second_task_with_a_timer_are_compacted_too(on_sqlite, clock):
    # before: the document grew by about 5 KB a round (the structures of both tasks stayed)
    platform = on_sqlite
    ref = _start(platform, deadline_sends_back(), {"n": 0, "stop": False})
    sizes = []
    for _ in range(8):
        clock.advance(days=31)  # the deadline sends 'Beoordelen' back through the script
        [fired] = cases.fire_due_timers(platform)
        assert fired["zaak"] == ref and "incident" not in fired
        cases.complete_task(platform, _open(platform, "Beoordelen")["id"], "anna", {})
        cases.complete_task(platform, _open(platform, "Controleren")["id"], "anna", {"stop": False})
        sizes.append(_document_size(platform))
    assert sizes[-1] <= sizes[1] + 200
    cases.complete_task(platform, _open(platform, "Beoordelen")["id"], "anna", {})
    done = cases.complete_task(platform, _open(platform, "Controleren")["id"], "anna", {"stop": True})
    assert done["status"] == "afgerond" and _open_names(platform) == []
    assert cases.get_case(platform, ref)["samenvatting"]["gegevens"]["n"] == 8
