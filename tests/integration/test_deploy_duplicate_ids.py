"""A process or decision id that two files of one deploy define is refused, naming both files.

Fixer finding (dmndup): a deploy refused a process id in two files, but the same DMN decision id in two
.dmn files of one upload was deployed without a word: both files went into the version's bundle, the
deploy looked the table up in the first (``deploy.needed``) and SpiffWorkflow's parser kept the last,
which the cases then ran. The refusal of a process id named only the file where SpiffWorkflow met the
second copy. A decision table under another file name that replaces the deployed one is a new version of
it (bpmn/MODELLING.md, "Versions and called models"), not a second definition.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services import deployments
from services.engine import deploy as dep
from services.platform import Platform
from tests.conftest import FIXTURES
from tests.integration.core_helpers import snapshot
from tests.integration.deploy_refusals import api_refusal, cli_refusal, shipped_files

PERMIT = ["omgevingsvergunning.bpmn", "procedurekeuze.dmn", "advies-routering.dmn"]
ROUTING_TWICE = (
    "De beslissing 'advies_routering' (decision id) komt twee keer voor, in advies-routering.dmn en "
    "routering-kopie.dmn"
)


def _routing_copy(name: str = "routering-kopie.dmn") -> tuple[str, str]:
    """The permit's advies-routering table (decision id advies_routering) with another outcome."""
    [(_, text)] = shipped_files("advies-routering.dmn")
    old = '<outputEntry id="R_milieu_o1"><text>"Milieu"</text>'
    assert old in text
    return name, text.replace(old, '<outputEntry id="R_milieu_o1"><text>"Milieu en Duurzaamheid"</text>')


def test_the_api_refuses_one_decision_id_in_two_files_and_stores_nothing(platform: Platform) -> None:
    body = api_refusal(platform, [*shipped_files(*PERMIT), _routing_copy()])

    assert body["code"] == "model-geweigerd" and ROUTING_TWICE in body["detail"], body
    [problem] = body["problemen"]
    assert (problem["bestand"], problem["element"]) == ("routering-kopie.dmn", "advies_routering")
    assert ROUTING_TWICE in problem["probleem"] and problem["regel"] == 3


def test_the_api_refusal_of_one_process_id_in_two_files_names_both(platform: Platform) -> None:
    text = (FIXTURES / "bpmn" / "vergunning_klein.bpmn").read_text(encoding="utf-8")
    copy = text.replace("</bpmn:definitions>", "<!-- kopie -->\n</bpmn:definitions>")

    body = api_refusal(platform, [("klein.bpmn", text), ("klein-kopie.bpmn", copy)])

    [problem] = body["problemen"]
    assert (problem["bestand"], problem["element"]) == ("klein-kopie.bpmn", "vergunning_klein")
    assert (
        "Het proces-id 'vergunning_klein' komt twee keer voor, in klein.bpmn en klein-kopie.bpmn"
        in problem["probleem"]
    ), problem


def test_four_copies_of_a_process_id_are_counted_in_words(platform: Platform) -> None:
    """Review S20, 7: the count is written as processes.nederlands.telwoord writes it ("vier"), not in
    digits from four on."""
    text = (FIXTURES / "bpmn" / "vergunning_klein.bpmn").read_text(encoding="utf-8")
    names = ["klein.bpmn", "kopie-1.bpmn", "kopie-2.bpmn", "kopie-3.bpmn"]
    copies = [text.replace("</bpmn:definitions>", f"<!-- {n} -->\n</bpmn:definitions>") for n in names]

    body = api_refusal(platform, list(zip(names, copies, strict=True)))

    [problem] = body["problemen"]
    assert (
        "Het proces-id 'vergunning_klein' komt vier keer voor, in klein.bpmn, kopie-1.bpmn, kopie-2.bpmn en "
        "kopie-3.bpmn" in problem["probleem"]
    ), problem


def test_models_deploy_refuses_one_decision_id_in_two_files_with_exit_code_2(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))

    err = cli_refusal(capsys, tmp_path, [*shipped_files(*PERMIT), _routing_copy()])

    assert ROUTING_TWICE in err


def test_a_decision_table_under_a_new_file_name_is_a_new_version_of_the_deployed_one(
    platform: Platform,
) -> None:
    """Not a second definition: the deployed advies-routering.dmn is what the upload replaces."""
    deployments.deploy(platform, shipped_files(*PERMIT), user="bea")

    [out] = deployments.deploy(
        platform, [*shipped_files("omgevingsvergunning.bpmn"), _routing_copy()], user="bea"
    )

    assert (out["process_id"], out["versie"], out["ongewijzigd"]) == ("omgevingsvergunning", 2, False)
    with platform.uow(write=False) as uow:
        newest = deployments.latest_definition(uow.session, "omgevingsvergunning")
    [(_, old_text)] = shipped_files("advies-routering.dmn")
    assert dep.inspect_source(*_routing_copy())[0].content_hash in newest.file_hashes
    assert dep.content_hash(old_text) not in newest.file_hashes


def test_one_decision_id_twice_in_one_file_is_refused_at_its_second_definition(platform: Platform) -> None:
    """SpiffWorkflow reads a DMN file's first decision only: the second table of that id never ran."""
    [(name, shipped)] = shipped_files("advies-routering.dmn")
    _, changed = _routing_copy()
    table = changed[changed.index("  <decision ") : changed.index("</decision>\n") + len("</decision>\n")]
    both = shipped.replace("  <dmndi:DMNDI>", table + "  <dmndi:DMNDI>")
    before = snapshot(platform)

    with pytest.raises(dep.ModelRefused) as refused:
        deployments.deploy(
            platform, [*shipped_files("omgevingsvergunning.bpmn", "procedurekeuze.dmn"), (name, both)]
        )

    [problem] = refused.value.extra["problemen"]
    assert (problem["bestand"], problem["element"]) == ("advies-routering.dmn", "advies_routering")
    assert problem["regel"] == shipped.count("\n", 0, shipped.index("  <dmndi:DMNDI>")) + 1
    assert (
        "De beslissing 'advies_routering' (decision id) komt twee keer voor, in advies-routering.dmn:"
        in problem["probleem"]
    )
    assert snapshot(platform) == before
