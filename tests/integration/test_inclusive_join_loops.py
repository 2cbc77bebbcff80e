"""An inclusive join that a loop of sequence flows feeds more than once is refused at deploy.

Review finding (session 11, lus4): SpiffWorkflow 3.2's inclusive join counts the flows that arrived in an
earlier round as arrived. In a rework loop ("beoordelen -> herstellen -> back to before the split") it
waits for both branches in round 1, but from round 2 on it fires after one branch: the case silently
skips work. There is no supported way to change that in a spec subclass (the join's token count is
SpiffWorkflow's own private algorithm), so the deploy refuses the shape, naming the gateway, and says
what to draw instead; the loop around a subprocess that holds the split and join runs correctly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from services import deployments
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.conformance.harness import Model, on_platform, started
from tests.integration.core_helpers import snapshot

MODELS = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "inclusieve_lus"
REFUSED = {
    "lus_na_samenvoeging": "ligt in een lus van verbindingen",
    "lus_in_tak": "krijgt takken van 'Welke adviezen', dat in een lus ligt",
}


def _workflow(name: str, parser_kind: str) -> BpmnWorkflow:
    return started(MODELS / f"{name}.bpmn", name, parser_kind, rondes=0)


def _ready(wf: BpmnWorkflow) -> list[str]:
    return sorted(t.task_spec.bpmn_id for t in wf.get_tasks(state=TaskState.READY, manual=True))


def _run(wf: BpmnWorkflow, bpmn_id: str) -> list[str]:
    [task] = [t for t in wf.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.bpmn_id == bpmn_id]
    task.run()
    wf.do_engine_steps()
    return _ready(wf)


@pytest.mark.parametrize("parser_kind", ["bare", "engine"])
def test_spiffworkflow_fires_an_inclusive_join_on_a_loop_early_from_round_two(parser_kind: str) -> None:
    """Why the deploy refuses: round 1 waits for both branches, round 2 fires after one. Should a later
    SpiffWorkflow wait in round 2 too, this test fails: then the refusal can go."""
    wf = _workflow("lus_na_samenvoeging", parser_kind)
    assert _ready(wf) == ["advies_a", "advies_b"]
    assert _run(wf, "advies_a") == ["advies_b"]  # round 1: the join waits for Advies B
    assert _run(wf, "advies_b") == ["beoordelen"]
    assert _run(wf, "beoordelen") == ["advies_a", "advies_b"]  # Herstellen: round 2
    assert "beoordelen" in _run(wf, "advies_a")  # round 2: Beoordelen before Advies B is done


@pytest.mark.parametrize("parser_kind", ["bare", "engine"])
def test_spiffworkflow_fires_an_inclusive_join_fed_by_a_loop_in_a_branch_early(parser_kind: str) -> None:
    """Advies A goes back to before the split while the join holds Advies B of round 1: the join fires
    with the new round's Advies A still to do."""
    wf = _workflow("lus_in_tak", parser_kind)
    assert _run(wf, "advies_b") == ["advies_a"]
    assert _run(wf, "advies_a") == ["advies_a", "advies_b", "beoordelen"]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_deploy_refuses_an_inclusive_join_a_loop_feeds(platform: Platform, name: str) -> None:
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as refused:
        deployments.deploy(platform, deployments.read_files([MODELS / f"{name}.bpmn"]), user="bea")
    [problem] = refused.value.extra["problemen"]
    assert problem["element"] == "adviezen_binnen" and problem["naam"] == "Adviezen binnen", problem
    assert problem["bestand"] == f"{name}.bpmn" and isinstance(problem["regel"], int), problem
    text = problem["probleem"]
    assert text.startswith("De samenvoegende inclusieve gateway 'Adviezen binnen' (adviezen_binnen) "), text
    assert REFUSED[name] in text and "te vroeg verder" in text, text
    assert "lus om een subproces" in text and "parallelle gateway" in text, text
    assert snapshot(platform) == before


def test_the_cli_refuses_it_with_exit_code_2(capsys: Any, tmp_path: Path) -> None:
    from web import cli

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli.main(["migrate", "--database", url, "--json"]) == 0
    capsys.readouterr()
    code = cli.main(["models", "deploy", str(MODELS / "lus_na_samenvoeging.bpmn"), "--database", url])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert "adviezen_binnen" in err and "ligt in een lus van verbindingen" in err, err


@pytest.mark.parametrize("name", ["lus_voor_splitsing", "lus_binnen_tak"])
def test_an_inclusive_join_a_loop_feeds_once_is_deployed(platform: Platform, name: str) -> None:
    """A loop before the split, or one that stays inside a branch: the join is reached once per case."""
    deployed = deployments.deploy(platform, deployments.read_files([MODELS / f"{name}.bpmn"]))
    assert [d["process_id"] for d in deployed] == [name]


def test_a_loop_inside_a_branch_is_waited_for() -> None:
    wf = _workflow("lus_binnen_tak", "engine")
    assert _run(wf, "advies_b") == ["advies_a"]
    assert _run(wf, "advies_a") == ["advies_a"]  # Herstellen, back to Advies A: the join waits
    assert _run(wf, "advies_a") == ["advies_a"]
    assert _run(wf, "advies_a") == ["beoordelen"]


def test_a_loop_around_a_subprocess_with_the_split_and_join_waits_every_round(platform: Platform) -> None:
    """The drawing the refusal advises: each round's subprocess has its own join, which waits for both
    branches in every round (also stored and loaded between steps on the platform)."""
    for run in (_bare_path, _platform_path):
        path = [e for e in run(platform) if e in ("advies_a", "advies_b", "beoordelen")]
        assert path == ["advies_a", "advies_b", "beoordelen"] * 3, (run.__name__, path)


def _bare_path(platform: Platform) -> list[str]:
    wf, path = _workflow("lus_om_subproces", "engine"), []
    while ready := _ready(wf):
        path.append(ready[0])
        _run(wf, ready[0])
    assert wf.is_completed()
    return path


def _platform_path(platform: Platform) -> list[str]:
    outcome = on_platform(
        platform, MODELS / "lus_om_subproces.bpmn", Model("", "lus_om_subproces", start={"rondes": 0})
    )
    assert outcome.finished and outcome.data["rondes"] == 2, outcome
    return outcome.path
