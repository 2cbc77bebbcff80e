"""The case summary is a typed, versioned document: a service that writes a key the summary does not
know is refused with an incident naming the key, instead of the key being filed silently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from processes.case_summary import SUMMARY_VERSION
from services import cases, deployments
from services.clock import FixedClock
from services.engine.context import current
from services.engine.runtime import ProcessError
from services.platform import Platform
from services.store.models import Case

NS = 'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'


def _model(platform: Platform, tmp_path: Path, service: str, *, timer: bool) -> None:
    op = (
        f'<bpmn:extensionElements><spiffworkflow:serviceTaskOperator {NS} id="{service}" resultVariable="r">'
        "</spiffworkflow:serviceTaskOperator></bpmn:extensionElements>"
    )
    wait = (
        '<bpmn:intermediateCatchEvent id="t"><bpmn:incoming>f0</bpmn:incoming><bpmn:outgoing>f1</bpmn:outgoing>'
        '<bpmn:timerEventDefinition><bpmn:timeDuration>"PT1H"</bpmn:timeDuration></bpmn:timerEventDefinition>'
        '</bpmn:intermediateCatchEvent><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="t" targetRef="a"/>'
        if timer
        else '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a"/>'
    )
    model = (
        '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions '
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">'
        f'<bpmn:process id="{service}_proces" isExecutable="true">'
        f'<bpmn:startEvent id="s"><bpmn:outgoing>{"f0" if timer else "f1"}</bpmn:outgoing></bpmn:startEvent>'
        f'<bpmn:serviceTask id="a" name="Samenvatting">{op}<bpmn:incoming>f1</bpmn:incoming>'
        "<bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>"
        '<bpmn:userTask id="u" name="Kijken"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>'
        '</bpmn:userTask><bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>'
        f'{wait}<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="u"/>'
        '<bpmn:sequenceFlow id="f3" sourceRef="u" targetRef="e"/></bpmn:process></bpmn:definitions>'
    )
    path = tmp_path / f"{service}.bpmn"
    path.write_text(model)
    deployments.deploy(platform, deployments.read_files([path]))


def _buurman(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    current().case_updates["buurman"] = "Jan de Buurman, Dorpsstraat 3"
    return {}


def _bekend(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    current().case_updates.update({"wijk_code": "WK0101", "phase": "analyse"})
    return {}


@pytest.fixture
def p(any_platform: Platform) -> Platform:
    platform = any_platform
    platform.registry.service("buurman_noteren", _buurman, "test: writes an unknown summary key")
    platform.registry.service("wijk_noteren", _bekend, "test: writes known keys")
    return platform


def _summary(platform: Platform, reference: str) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        return dict(uow.session.scalar(select(Case.summary).where(Case.reference == reference)) or {})


def test_an_unknown_key_in_a_user_step_is_refused_naming_the_key(p: Platform, tmp_path: Path) -> None:
    _model(p, tmp_path, "buurman_noteren", timer=False)
    with pytest.raises(ProcessError, match="buurman") as refused:
        cases.start_case(p, "buurman_noteren_proces", {})
    assert "Onbekend zaakveld 'buurman'" in refused.value.detail
    with p.uow(write=False) as uow:  # nothing was written: the start was rolled back
        assert uow.session.scalars(select(Case)).all() == []


def test_an_unknown_key_in_a_timer_step_makes_an_incident_naming_the_key(
    p: Platform, clock: FixedClock, tmp_path: Path
) -> None:
    _model(p, tmp_path, "buurman_noteren", timer=True)
    case = cases.start_case(p, "buurman_noteren_proces", {})
    before = _summary(p, case["zaak"])
    clock.advance(hours=2)
    [fired] = cases.fire_due_timers(p)
    assert "buurman" in fired["incident"]
    shown = cases.get_case(p, case["zaak"])
    assert shown["status"] == "incident" and "buurman" in shown["incident"]
    assert _summary(p, case["zaak"]) == before and "buurman" not in str(before)


def test_known_keys_land_typed_in_a_versioned_document(p: Platform, tmp_path: Path) -> None:
    _model(p, tmp_path, "wijk_noteren", timer=False)
    case = cases.start_case(p, "wijk_noteren_proces", {})
    stored = _summary(p, case["zaak"])
    assert stored["versie"] == SUMMARY_VERSION and stored["wijk_code"] == "WK0101"
    assert "phase" not in stored and case["fase"] == "analyse"  # a case column, not a summary key
    with p.uow(write=False) as uow:
        row = uow.session.scalars(select(Case).where(Case.reference == case["zaak"])).one()
        assert row.typed_summary.wijk_code == "WK0101"
        assert (row.typed_summary.gegevens or {})["r"] == {}  # the service task's result, typed
    assert case["samenvatting"]["wijk_code"] == "WK0101" and "versie" not in case["samenvatting"]
