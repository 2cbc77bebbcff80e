"""A link event (an "off-page connector") is refused at deploy.

Review finding (session 11, finding 3): a rework loop whose back flow is drawn as an intermediate link
throw/catch pair deployed, and after Beoordelen -> Herstellen -> the link throw the case was COMPLETED:
no second round, no error. SpiffWorkflow 3.2 has no link events (its parser skips a linkEventDefinition,
so the throw is a plain intermediate event with no outgoing flow and the catch is never reached), so
the deploy refuses every link event, naming it and saying to draw a sequence flow instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.conformance.harness import Model, on_platform, started
from tests.integration.core_helpers import snapshot

MODELS = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "link"


def _workflow(name: str, parser_kind: str) -> BpmnWorkflow:
    return started(MODELS / f"{name}.bpmn", name, parser_kind, rondes=0)


@pytest.mark.parametrize("parser_kind", ["bare", "engine"])
def test_spiffworkflow_ends_the_case_at_a_link_throw(parser_kind: str) -> None:
    """Why the deploy refuses: the loop by links runs one round and the workflow completes at the throw.
    Should a later SpiffWorkflow run link events (a second Beoordelen), this test fails: then the refusal
    can go, and check_joins must follow link pairs as edges."""
    wf = _workflow("lus_via_link", parser_kind)
    [task] = wf.get_tasks(state=TaskState.READY, manual=True)
    assert task.task_spec.bpmn_id == "beoordelen"
    task.run()
    wf.do_engine_steps()
    assert wf.get_tasks(state=TaskState.READY, manual=True) == []
    assert wf.is_completed()
    done = {t.task_spec.bpmn_id for t in wf.get_tasks(state=TaskState.COMPLETED)}
    assert "gooi" in done and "vang" not in done and "einde" not in done


def _refused(platform: Platform, name: str) -> list[dict[str, Any]]:
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as refused:
        on_platform(platform, MODELS / f"{name}.bpmn", Model("", name, start={"rondes": 0}))
    assert snapshot(platform) == before
    return list(refused.value.extra["problemen"])


def test_the_platform_refuses_a_loop_closed_by_links(platform: Platform) -> None:
    """Through the platform's case flow (deploy, start, complete tasks): the model is not deployed, so no
    case can end silently at the throw."""
    gooi, vang = _refused(platform, "lus_via_link")
    assert (gooi["element"], gooi["naam"]) == ("gooi", "Terug naar beoordelen"), gooi
    assert (vang["element"], vang["naam"]) == ("vang", "Opnieuw beoordelen"), vang
    for problem in (gooi, vang):
        assert problem["bestand"] == "lus_via_link.bpmn" and isinstance(problem["regel"], int), problem
        assert "link 'terug') wordt niet ondersteund" in problem["probleem"], problem
        assert "Teken in plaats van het linkpaar een verbinding (sequenceFlow)" in problem["probleem"], (
            problem
        )
    assert gooi["probleem"].startswith("De link-gebeurtenis 'Terug naar beoordelen' (gooi, link 'terug')")
    assert "de zaak (of die tak) stilletjes eindigt bij deze gooiende link" in gooi["probleem"], gooi
    assert "deze vangende link nooit wordt bereikt" in vang["probleem"], vang
    assert "Er is ook geen" not in gooi["probleem"] and "meerdere" not in vang["probleem"]


def test_a_link_throw_without_a_catch_of_its_name_is_refused(platform: Platform) -> None:
    gooi, vang = _refused(platform, "link_zonder_vanger")
    assert gooi["element"] == "gooi" and vang["element"] == "vang"
    assert "Er is ook geen vangende link met de naam 'terug' in hetzelfde (sub)proces" in gooi["probleem"], (
        gooi
    )


def test_two_link_catches_of_one_name_are_refused(platform: Platform) -> None:
    problems = _refused(platform, "link_twee_vangers")
    assert [p["element"] for p in problems] == ["gooi", "vang", "vang_2"]
    for problem in problems:
        assert "Ook heten meerdere vangende links 'terug' (vang, vang_2)" in problem["probleem"], problem


def test_an_inclusive_join_on_a_loop_closed_by_links_is_refused(platform: Platform) -> None:
    """The reviewer's model: lus_na_samenvoeging with its back flow drawn as links."""
    problems = _refused(platform, "lus_via_link_inclusief")
    assert [p["element"] for p in problems] == ["gooi", "vang"], problems


def test_the_cli_refuses_a_link_event_with_exit_code_2(capsys: Any, tmp_path: Path) -> None:
    from web import cli

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli.main(["migrate", "--database", url, "--json"]) == 0
    capsys.readouterr()
    code = cli.main(["models", "deploy", str(MODELS / "lus_via_link.bpmn"), "--database", url])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert "gooi" in err and "wordt niet ondersteund" in err and "sequenceFlow" in err, err
