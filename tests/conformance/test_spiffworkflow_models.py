"""Conformance with the bare engine (issue 17): SpiffWorkflow's own test models run here as they run on
the library itself, with the same path and the same end data.

The models are copied from sartography/SpiffWorkflow (LGPL-2.1, see models/COPYING and models/SOURCE.md)
and limited to the constructs Ruimteflow claims to run. SOURCE.md lists the models left out and why.
The terminal summary prints the ratio; it must be 1.0 on this set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tests.conformance.harness import Model, bare, on_platform

MODELS = Path(__file__).parent / "models"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"

#: start data or answers where a model's gateways need a value the library's own tests supply
CHOICE_YES = Model("", "", start={"choice": "Yes"})
SETTINGS: dict[str, Model] = {
    "bpmn/Test-Workflows/Parallel-Then-Exclusive.bpmn20.xml": CHOICE_YES,
    "bpmn/Test-Workflows/Parallel-Then-Exclusive-No-Inclusive.bpmn20.xml": CHOICE_YES,
    "bpmn/Test-Workflows/Parallel-One-Path-Ends.bpmn20.xml": CHOICE_YES,
    "bpmn/Test-Workflows/Parallel-Through-Same-Task.bpmn20.xml": CHOICE_YES,
    "bpmn/Test-Workflows/Parallel-Join-Long-Inclusive.bpmn20.xml": Model("", "", start={"choice": "No"}),
    "bpmn/lanes.bpmn": Model("", "", start={"NeedClarification": "No"}),
    "bpmn/inclusive_gateway.bpmn": Model("", "", answers={"set_data": {"v": 0, "u": 1, "w": 1}}),
    "bpmn/exclusive_gateway_no_default.bpmn": Model("", "", start={"x": 2}),
    "bpmn/standard_loop.bpmn": Model("", "", start={"done": False}),
}


def model_files() -> list[str]:
    return sorted(
        str(p.relative_to(MODELS)) for p in MODELS.rglob("*") if p.suffix in (".bpmn", ".xml") and p.is_file()
    )


def first_process(path: Path) -> str:
    """The first process the platform deploys: marked ``isExecutable="true"``, else an unmarked one."""
    processes = list(etree.parse(str(path)).getroot().iter(f"{BPMN}process"))
    marked = [p for p in processes if (p.get("isExecutable") or "").strip().lower() == "true"]
    return str((marked or [p for p in processes if p.get("isExecutable") is None])[0].get("id"))


@pytest.mark.parametrize("name", model_files())
def test_same_as_bare_library(name, platform):
    path = MODELS / name
    given = SETTINGS.get(name, Model("", ""))
    model = Model(name, first_process(path), answers=given.answers, start=given.start)
    expected = bare(path, model)
    got = on_platform(platform, path, model)
    assert got.path == expected.path, "andere route"
    assert got.data == expected.data, "andere eindgegevens"
    assert got.finished == expected.finished
    assert got.thrown == expected.thrown, "andere uitgaande berichten of signalen"


def test_the_set_is_the_documented_one():
    """SOURCE.md names every included model, so a model cannot be dropped silently to keep the ratio."""
    source = (MODELS / "SOURCE.md").read_text(encoding="utf-8")
    included = source.split("\n## Included", 1)[1].split("\n## ", 1)[0]  # not the "Left out" section
    named = set(re.findall(r"`([^`\s]+\.(?:bpmn|xml))`", included))
    assert len(model_files()) == 42
    assert included.startswith(" (42)")
    assert named == set(model_files())


def test_bare_path_sees_inside_a_running_subprocess():
    """The bare path lists what completed inside a subprocess that still runs (a multi-instance
    subprocess waiting for a message), as the platform's step results do: SpiffWorkflow's task
    iterator filtered on COMPLETED does not descend below a task that is itself not completed."""
    path = MODELS / "bpmn/correlation.bpmn"
    outcome = bare(path, Model("bpmn/correlation.bpmn", "proc_1"))
    assert outcome.path == ["StartEvent_1"] + ["Event_0b1hubm"] * 2 + ["configure", "start_proc_2"] * 2
    assert not outcome.finished


def test_the_process_run_is_one_the_platform_deploys(tmp_path):
    """With a process marked executable, an unmarked one before it is not deployed, so not run."""
    path = tmp_path / "two.bpmn"
    path.write_text(
        f'<definitions xmlns="{BPMN[1:-1]}"><process id="pool"/><process id="main" isExecutable="true"/>'
        "</definitions>",
        encoding="utf-8",
    )
    assert first_process(path) == "main"
