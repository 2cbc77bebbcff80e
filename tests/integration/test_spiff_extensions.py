"""SpiffWorkflow is extended by subclasses registered with its parser and serializer, never patched."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest

from services import cases, inbox
from services.engine import spiff_config
from services.engine.compat import PayloadMessageEventDefinition
from services.engine.timeclock import ClockedDurationTimerEventDefinition
from tests.integration.core_helpers import setup_klein


def _spiff_attributes() -> dict[tuple[str, str], int]:
    """Every attribute of every loaded SpiffWorkflow module and of the classes defined in it, by identity."""
    seen: dict[tuple[str, str], int] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("SpiffWorkflow") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            seen[(name, attr)] = id(value)
            if isinstance(value, type) and value.__module__ == name:
                for cattr, cvalue in list(vars(value).items()):
                    seen[(f"{name}.{value.__name__}", cattr)] = id(cvalue)
    return seen


def _definitions(spec: Any) -> list[Any]:
    out = []
    for ts in spec.task_specs.values():
        ed = getattr(ts, "event_definition", None)
        out.extend(getattr(ed, "event_definitions", None) or [ed])
    return out


def test_running_timers_and_messages_replaces_no_spiffworkflow_attribute(platform, clock) -> None:
    before = _spiff_attributes()
    setup_klein(platform)
    case = cases.start_case(platform, "vergunning_klein", {}, user="anna")
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})  # arms a timer, awaits a message
    resumed = cases.send_message(platform, case["zaak"], "aanvulling", {"bijlage": "tekening.pdf"})
    assert resumed["samenvatting"]["gegevens"]["aanvulling"]["bijlage"] == "tekening.pdf"
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    clock.advance(days=14, minutes=1)
    assert cases.fire_due_timers(platform)[0]["status"] == "afgerond"
    after = _spiff_attributes()
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    assert changed == []
    # also when an earlier test in this process ran first: the originals are in place
    from SpiffWorkflow.bpmn.specs.event_definitions import timer
    from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition

    assert timer.datetime is dt.datetime
    assert MessageEventDefinition.update_task_data.__module__.startswith("SpiffWorkflow")


def test_the_parser_and_the_serializer_build_our_subclasses_under_spiffs_type_names(platform) -> None:
    setup_klein(platform)
    runtime = platform.runtime
    from services.deployments import latest_definition, specs_for

    with platform.uow(write=False) as uow:
        spec, subs = specs_for(platform, uow.session, latest_definition(uow.session, "vergunning_klein"))
    definitions = _definitions(spec)
    assert any(isinstance(d, ClockedDurationTimerEventDefinition) for d in definitions)
    assert any(type(d) is PayloadMessageEventDefinition for d in definitions)
    stored: dict[str, Any] = runtime.serializer.registry.convert(spec)
    [gateway] = [ts for ts in stored["task_specs"].values() if ts["name"] == "wacht_aanvulling"]
    names = {d["typename"] for d in gateway["event_definition"]["event_definitions"]}
    assert names == {"DurationTimerEventDefinition", "MessageEventDefinition"}
    restored = runtime.serializer.registry.restore(stored)
    types = {type(d) for d in _definitions(restored)}
    assert {ClockedDurationTimerEventDefinition, PayloadMessageEventDefinition} <= types


def test_an_unsupported_spiffworkflow_version_is_refused_with_a_clear_error() -> None:
    assert spiff_config.check_version().startswith("3.2.")
    with pytest.raises(spiff_config.UnsupportedSpiffWorkflow, match="vereist SpiffWorkflow 3.2.x.*requires"):
        spiff_config.check_version("3.3.0")
