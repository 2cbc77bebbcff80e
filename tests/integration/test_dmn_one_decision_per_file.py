"""A .dmn file with decision tables of several decisions is refused at deploy; DRD elements beside one run.

Fixer finding (dmnmulti): SpiffWorkflow 3.2 registers a DMN file under its first ``decision`` only
(``BpmnDmnParser.add_dmn_xml`` keys it by ``DMNParser.bpmn_id``, ``dmn:decision[1]``) and ``DMNParser.parse``
fails on a file with more than one ``decision``. The deploy stored such a file without a word when nothing
in the upload called it; a business rule task calling its second decision was refused with "bestaat niet;
deploy de beslistabel samen met dit model" (it was in the upload), one calling its first with a bare
``AttributeError``. A decision without a table (a DRD box) beside the one table broke the file the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from services import cases, deployments, inbox, users
from services.platform import Platform
from tests.conftest import FIXTURES
from tests.integration.deploy_refusals import api_refusal, cli_refusal, shipped_files
from tests.integration.test_deploy_duplicate_ids import PERMIT

CONSTRUCTS = FIXTURES / "bpmn" / "constructs"
TWO_TABLES = (
    "Het bestand beslissingen.dmn bevat twee beslissingen met een beslistabel: 'procedurekeuze' (Procedurekeuze "
    "omgevingsvergunning) en 'advies_routering' (Advies-routering omgevingsvergunning). De engine "
    "(SpiffWorkflow) voert per DMN-bestand maar één beslissing uit"
)
OWN_FILE = "Zet elke beslissing in een eigen .dmn-bestand"


def _decision(text: str) -> str:
    """The ``<decision>`` element of a shipped one-decision file, with its indentation and line end."""
    return text[text.index("  <decision ") : text.index("</decision>\n") + len("</decision>\n")]


def _both_tables() -> tuple[str, str]:
    """procedurekeuze.dmn with the decision advies_routering added: what the permit calls, in one file."""
    [(_, keuze), (_, routing)] = shipped_files("procedurekeuze.dmn", "advies-routering.dmn")
    assert keuze.count("<decision ") == 1 and "  <dmndi:DMNDI>" in keuze
    return "beslissingen.dmn", keuze.replace("  <dmndi:DMNDI>", _decision(routing) + "  <dmndi:DMNDI>")


def test_spiffworkflow_finds_only_the_first_decision_of_a_file_and_cannot_parse_that_one() -> None:
    """Why the deploy refuses: should a later SpiffWorkflow read every decision of a file, this fails and the
    refusal (services/engine/dmn_tables.py, check_one_table_per_file) can go."""
    parser = SpiffBpmnParser()
    parser.add_dmn_str(_both_tables()[1].encode("utf-8"), filename="beslissingen.dmn")

    assert list(parser.dmn_parsers) == ["procedurekeuze"]
    with pytest.raises(Exception, match="tag|Multiple decision tables"):
        parser.get_engine("procedurekeuze", None)


def test_the_api_refuses_a_dmn_file_with_two_decision_tables_and_stores_nothing(platform: Platform) -> None:
    name, text = _both_tables()

    body = api_refusal(platform, [*shipped_files("omgevingsvergunning.bpmn"), (name, text)])

    assert body["code"] == "model-geweigerd" and TWO_TABLES in body["detail"], body
    [problem] = body["problemen"]
    assert (problem["bestand"], problem["element"]) == ("beslissingen.dmn", "advies_routering"), problem
    assert TWO_TABLES in problem["probleem"] and OWN_FILE in problem["probleem"]
    assert problem["regel"] == text.count("\n", 0, text.index('<decision id="advies_routering"')) + 1


def test_models_deploy_refuses_a_dmn_file_with_two_tables_that_nothing_calls_with_exit_code_2(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old code deployed it and stored the file (exit code 0): a later model calling its second
    decision was then told that decision did not exist."""
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    tarief = (CONSTRUCTS / "tarief.dmn").read_text(encoding="utf-8")
    [(_, gezag)] = shipped_files("bevoegd-gezag.dmn")
    extra = ("tarieven.dmn", tarief.replace("</definitions>", _decision(gezag) + "</definitions>"))

    err = cli_refusal(capsys, tmp_path, [*shipped_files(*PERMIT), extra])

    assert (
        "tarieven.dmn: bevoegd_gezag: Het bestand tarieven.dmn bevat twee beslissingen met een beslistabel: "
        "'tarief' (Tarief) en 'bevoegd_gezag' (Bevoegd gezag wind- en zonnepark)" in err
    ), err
    assert OWN_FILE in err


def test_drd_elements_beside_the_one_decision_table_deploy_and_the_table_runs(platform: Platform) -> None:
    """A decision without a table drawn first, an inputData and a knowledgeSource: the old code refused the
    model, saying the decision 'tarief' did not exist (SpiffWorkflow had registered the file as 'grondslag')."""
    tarief = (CONSTRUCTS / "tarief.dmn").read_text(encoding="utf-8")
    drd = (
        '  <decision id="grondslag" name="Grondslag"><literalExpression id="le"><text>x</text>'
        "</literalExpression></decision>\n"
    )
    text = tarief.replace('  <decision id="tarief"', drd + '  <decision id="tarief"').replace(
        "</definitions>",
        '  <inputData id="invoer_x" name="x" />\n  <knowledgeSource id="tarieflijst" name="Tarieflijst" />\n'
        "</definitions>",
    )
    assert text.count("<decision ") == 2
    model = (CONSTRUCTS / "constructs.bpmn").read_text(encoding="utf-8")
    deployments.deploy(platform, [("constructs.bpmn", model), ("tarief.dmn", text)])
    users.add_user(platform, "a", groups=["Team A"])
    users.add_user(platform, "b", groups=["Team B"])

    cases.start_case(platform, "constructs", {"items": [], "uiterste_datum": "2026-03-10"})
    [task] = inbox.list_tasks(platform, "a")["taken"]
    cases.complete_task(platform, task["id"], "a", {})

    assert [t["naam"] for t in inbox.list_tasks(platform, "b")["taken"]] == ["Taak B (tarief hoog)"]
