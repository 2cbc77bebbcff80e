"""A timer fires at most once a minute (services/engine/timer_floor.py, brief timerfloor).

A model with a cycle timer ``R/PT1S``, or a ``PT1S`` timer on a loop back into itself, was due at every
scheduler pass: it made every other case's timer wait a turn of its step, burned CPU and filled the
history. The deploy refuses a constant wait or cycle period shorter than one minute, a zero duration too,
naming the event and the floor in Dutch; a wait from data counts as at least the floor when the timer
starts, and a case of a model deployed before the floor keeps running with its timer floored.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from services import cases, deployments
from services.engine import timeclock
from services.engine.deploy import ModelRefused, _inspect_cached
from services.engine.timer_floor import TIMER_FLOOR
from services.engine.wallclock import after
from services.platform import Platform
from services.store.models import Case
from services.workflow_store import read_workflow
from tests.integration.bpmn_text import definitions_xml
from tests.integration.core_helpers import case_row, snapshot
from tests.integration.deploy_refusals import api_refusal

KLEIN = Path("tests/fixtures/bpmn/vergunning_klein.bpmn").read_text()
TIMER = '<bpmn:timeDuration>"P14D"</bpmn:timeDuration>'
EVENT = ("termijn_verlopen", "Aanvullingstermijn verlopen")


def with_timer(kind: str, value: str) -> str:
    return KLEIN.replace(TIMER, f"<bpmn:{kind}>{value}</bpmn:{kind}>")


REFUSED = {
    "een-seconde": (with_timer("timeDuration", '"PT1S"'), "wacht 1 seconde"),
    "bijna-een-minuut": (with_timer("timeDuration", '"PT59S"'), "wacht 59 seconden"),
    "nul": (with_timer("timeDuration", '"PT0S"'), "wacht niet (een duur van nul)"),
    "nul-dagen": (with_timer("timeDuration", '"P0D"'), "Laat de timer weg als het proces meteen verder moet"),
    "herhaling-elke-seconde": (with_timer("timeCycle", '"R/PT1S"'), "een interval van 1 seconde"),
    "drie-keer-per-halve-minuut": (with_timer("timeCycle", '"R3/PT30S"'), "een interval van 30 seconden"),
    "herhaling-vanaf-een-moment": (
        with_timer("timeCycle", '"R/2026-03-02T10:00:00/PT10S"'),
        "een interval van 10 seconden",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_timer_shorter_than_the_floor_is_refused_naming_the_event_and_the_floor(
    platform: Platform, case: str
) -> None:
    xml, fragment = REFUSED[case]
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, [("vergunning_klein.bpmn", xml)], user="bea")
    [problem] = err.value.extra["problemen"]
    assert (problem["element"], problem["naam"]) == EVENT, problem
    assert fragment in problem["probleem"] and "de ondergrens voor timers" in problem["probleem"], problem
    assert "1 minuut" in problem["probleem"]
    assert err.value.code == "model-geweigerd" and err.value.status == 422
    assert "element 'termijn_verlopen' (Aanvullingstermijn verlopen)" in err.value.detail
    assert snapshot(platform) == before


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("timeDuration", '"PT1M"'),
        ("timeDuration", '"PT60S"'),
        ("timeCycle", '"R/PT1M"'),
        ("timeCycle", '"R/P1D"'),
    ],
)
def test_a_timer_of_at_least_the_floor_deploys(platform: Platform, kind: str, value: str) -> None:
    [deployed] = deployments.deploy(platform, [("vergunning_klein.bpmn", with_timer(kind, value))])
    assert deployed["versie"] == 1


def test_the_api_refuses_it_with_422_model_geweigerd(platform: Platform) -> None:
    problem = api_refusal(platform, [("vergunning_klein.bpmn", with_timer("timeCycle", '"R/PT1S"'))])
    assert problem["code"] == "model-geweigerd"
    [found] = problem["problemen"]
    assert (
        found["element"] == "termijn_verlopen" and "ondergrens voor timers van 1 minuut" in found["probleem"]
    )


def _loop(wait: str) -> str:
    """A timer of ``wait`` (an expression) on a loop back into itself, three rounds, counted in ``rondes``."""
    return definitions_xml(
        '<bpmn:process id="lus_proef" isExecutable="true">'
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:scriptTask id="begin" name="Beginnen"><bpmn:incoming>a</bpmn:incoming>'
        '<bpmn:outgoing>b</bpmn:outgoing><bpmn:script>rondes = 0\nwacht_op = "PT1S"</bpmn:script></bpmn:scriptTask>'
        '<bpmn:intermediateCatchEvent id="wacht" name="Even wachten"><bpmn:incoming>b</bpmn:incoming>'
        "<bpmn:incoming>terug</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing><bpmn:timerEventDefinition>"
        f"<bpmn:timeDuration>{wait}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
        '<bpmn:scriptTask id="tel" name="Tellen"><bpmn:incoming>c</bpmn:incoming><bpmn:outgoing>dd</bpmn:outgoing>'
        "<bpmn:script>rondes = rondes + 1</bpmn:script></bpmn:scriptTask>"
        '<bpmn:exclusiveGateway id="klaar" default="terug"><bpmn:incoming>dd</bpmn:incoming>'
        "<bpmn:outgoing>terug</bpmn:outgoing><bpmn:outgoing>e</bpmn:outgoing></bpmn:exclusiveGateway>"
        '<bpmn:endEvent id="einde"><bpmn:incoming>e</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="begin"/>'
        '<bpmn:sequenceFlow id="b" sourceRef="begin" targetRef="wacht"/>'
        '<bpmn:sequenceFlow id="c" sourceRef="wacht" targetRef="tel"/>'
        '<bpmn:sequenceFlow id="dd" sourceRef="tel" targetRef="klaar"/>'
        '<bpmn:sequenceFlow id="terug" sourceRef="klaar" targetRef="wacht"/>'
        '<bpmn:sequenceFlow id="e" sourceRef="klaar" targetRef="einde">'
        "<bpmn:conditionExpression>rondes &gt;= 3</bpmn:conditionExpression></bpmn:sequenceFlow>"
        "</bpmn:process>"
    )


def _due(platform: Platform, ref: str) -> datetime | None:
    due = case_row(platform, ref).next_timer_at
    return due.replace(tzinfo=UTC) if due is not None and due.tzinfo is None else due


def test_a_wait_from_data_counts_as_at_least_the_floor(platform: Platform, clock) -> None:
    """``wacht_op`` is "PT1S", known only when the timer starts: the loop goes round once a minute."""
    deployments.deploy(platform, [("lus.bpmn", _loop("wacht_op"))])
    ref = cases.start_case(platform, "lus_proef", {})["zaak"]
    started = clock.now()
    assert _due(platform, ref) == started + TIMER_FLOOR
    clock.advance(seconds=2)
    assert cases.fire_due_timers(platform) == []  # not due after its own second
    for round_ in (1, 2):
        clock.advance(minutes=1, seconds=1)  # due strictly before the step's moment
        assert [f["zaak"] for f in cases.fire_due_timers(platform)] == [ref]
        assert _due(platform, ref) == clock.now() + TIMER_FLOOR, round_


def _cycle_model(cycle: str) -> str:
    """A user task with a non-interrupting boundary cycle of ``cycle`` (an expression) that counts."""
    return definitions_xml(
        '<bpmn:process id="cyclus_proef" isExecutable="true">'
        '<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Vergunningen">'
        + "".join(
            f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in ("s", "begin", "taak", "e", "her", "h", "e2")
        )
        + "</bpmn:lane></bpmn:laneSet>"
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:scriptTask id="begin" name="Beginnen"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing>'
        '<bpmn:script>herinneringen = 0\nelke = "R/PT1S"</bpmn:script></bpmn:scriptTask>'
        '<bpmn:userTask id="taak" name="Behandelen"><bpmn:incoming>b</bpmn:incoming>'
        "<bpmn:outgoing>c</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:endEvent id="e"><bpmn:incoming>c</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:boundaryEvent id="her" name="Herinnering" attachedToRef="taak" cancelActivity="false">'
        f"<bpmn:outgoing>dd</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeCycle>{cycle}</bpmn:timeCycle>"
        "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
        '<bpmn:scriptTask id="h" name="Herinneren"><bpmn:incoming>dd</bpmn:incoming><bpmn:outgoing>f</bpmn:outgoing>'
        "<bpmn:script>herinneringen = herinneringen + 1</bpmn:script></bpmn:scriptTask>"
        '<bpmn:endEvent id="e2"><bpmn:incoming>f</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="begin"/>'
        '<bpmn:sequenceFlow id="b" sourceRef="begin" targetRef="taak"/>'
        '<bpmn:sequenceFlow id="c" sourceRef="taak" targetRef="e"/>'
        '<bpmn:sequenceFlow id="dd" sourceRef="her" targetRef="h"/>'
        '<bpmn:sequenceFlow id="f" sourceRef="h" targetRef="e2"/>'
        "</bpmn:process>"
    )


def test_a_cycle_from_data_repeats_at_most_once_per_floor(platform: Platform, clock) -> None:
    deployments.deploy(platform, [("cyclus.bpmn", _cycle_model("elke"))])
    ref = cases.start_case(platform, "cyclus_proef", {})["zaak"]
    assert _due(platform, ref) == clock.now() + TIMER_FLOOR
    clock.advance(seconds=2)
    assert cases.fire_due_timers(platform) == []
    clock.advance(minutes=1)
    assert [f["zaak"] for f in cases.fire_due_timers(platform)] == [ref]
    assert _due(platform, ref) == datetime(2026, 3, 2, 9, 2, 2, tzinfo=UTC)  # the floor after this pass


def _started_before_the_floor(
    platform: Platform, monkeypatch: pytest.MonkeyPatch, model: tuple[str, str], process_id: str
) -> str:
    """The reference of a case of ``model`` (file name, text), deployed and started as before the floor: its
    timers stored as they were written (a duration or a cycle's period of a second stays a second)."""
    _inspect_cached.cache_clear()  # the files' checks are kept per text: this one was checked without the floor
    with monkeypatch.context() as before_the_floor:
        before_the_floor.setattr("services.engine.expressions.floor_fault", lambda kind, value: None)
        before_the_floor.setattr(timeclock, "floored_after", after)
        before_the_floor.setattr(timeclock, "floored_cycle", lambda value, now: value)
        deployments.deploy(platform, [model])
        ref = cases.start_case(platform, process_id, {})["zaak"]
    _inspect_cached.cache_clear()
    return str(ref)


def test_a_case_of_a_model_deployed_before_the_floor_keeps_running(
    platform: Platform, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deployed and started as before the floor (a constant "PT1S" on a loop, its first timer stored one
    second on): the stored timer fires as it was, each next round waits the floor, and the case ends."""
    ref = _started_before_the_floor(platform, monkeypatch, ("lus.bpmn", _loop('"PT1S"')), "lus_proef")
    assert _due(platform, ref) == clock.now() + timedelta(seconds=1)
    clock.advance(seconds=2)
    assert [f["zaak"] for f in cases.fire_due_timers(platform)] == [ref]
    assert _due(platform, ref) == clock.now() + TIMER_FLOOR
    for _ in (2, 3):
        clock.advance(minutes=1, seconds=1)
        cases.fire_due_timers(platform)
    assert case_row(platform, ref).status == "afgerond"


def test_a_floored_cycle_held_for_an_hour_fires_once_then_waits_the_floor(
    any_platform: Platform, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case of a model deployed before the floor with a cycle "R/PT1S", whose timers nobody fired for an
    hour (a pause, an incident, a scheduler's downtime): the next pass fires it once, and it is due again
    the floor after that pass, not at each pass until its second-long periods caught up."""
    model = ("cyclus.bpmn", _cycle_model('"R/PT1S"'))
    ref = _started_before_the_floor(any_platform, monkeypatch, model, "cyclus_proef")
    assert _due(any_platform, ref) == clock.now() + timedelta(seconds=1)
    clock.advance(hours=1)
    assert [f["zaak"] for f in cases.fire_due_timers(any_platform)] == [ref]
    assert _reminders(any_platform, ref) == 1  # not one per second it missed
    assert _due(any_platform, ref) == clock.now() + TIMER_FLOOR
    for _ in range(3):  # the next passes, seconds apart
        clock.advance(seconds=5)
        assert cases.fire_due_timers(any_platform) == []
    clock.advance(minutes=1)
    assert [f["zaak"] for f in cases.fire_due_timers(any_platform)] == [ref]
    assert _reminders(any_platform, ref) == 2


def test_a_cycle_from_data_held_for_an_hour_fires_once_then_waits_the_floor(
    any_platform: Platform, clock
) -> None:
    """A cycle from data below the floor is stored at the floor ("R/PT1S" as a period of one minute): held
    for an hour, the next pass fires it once, not once for each minute it missed."""
    deployments.deploy(any_platform, [("cyclus.bpmn", _cycle_model("elke"))])
    ref = cases.start_case(any_platform, "cyclus_proef", {})["zaak"]
    clock.advance(hours=1)
    assert [f["zaak"] for f in cases.fire_due_timers(any_platform)] == [ref]
    assert _reminders(any_platform, ref) == 1
    assert _due(any_platform, ref) == clock.now() + TIMER_FLOOR
    clock.advance(seconds=5)
    assert cases.fire_due_timers(any_platform) == []


def _reminders(platform: Platform, ref: str) -> int:
    """How often the case's cycle fired: its paths through "Herinneren" (each has its own copy of the data)."""
    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        wf = read_workflow(platform, uow.session, case)
        return sum(1 for task in wf.get_tasks() if task.task_spec.name == "h")
