"""A decision table SpiffWorkflow would evaluate wrongly, or fail on in every case, is refused at deploy.

Review finding (rv5 modeller, 5): the deploy accepted procedurekeuze.dmn with an input without an
inputExpression (after which every new omgevingsvergunning failed with 422), an unknown hitPolicy, a
rule missing an inputEntry and an output without a name. Now each is refused with a Dutch problem
that names the decision and the element; nothing is stored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services import deployments
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.core_helpers import snapshot

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
DMN = (BPMN / "procedurekeuze.dmn").read_text(encoding="utf-8")

BROKEN = {
    "input-zonder-expressie": (
        re.sub(r'<inputExpression id="IE_mer".*?</inputExpression>', "", DMN, count=1, flags=re.S),
        "In_mer",
        "heeft geen invoerexpressie",
    ),
    "lege-invoerexpressie": (
        DMN.replace('<text>aanvraag["mer_plichtig"]</text>', "<text>  </text>", 1),
        "In_mer",
        "heeft geen invoerexpressie",
    ),
    "onbekende-hitpolicy": (
        DMN.replace('hitPolicy="UNIQUE"', 'hitPolicy="ANY_OF_THEM"'),
        "DT_procedurekeuze",
        "hitPolicy 'ANY_OF_THEM' wordt niet ondersteund",
    ),
    "collect-met-aggregatie": (
        DMN.replace('hitPolicy="UNIQUE"', 'hitPolicy="COLLECT" aggregation="SUM"'),
        "DT_procedurekeuze",
        "hitPolicy 'COLLECT SUM' wordt niet ondersteund",
    ),
    "regel-mist-invoercel": (
        re.sub(r'<inputEntry id="R_mer_3">.*?</inputEntry>', "", DMN, count=1, flags=re.S),
        "R_mer",
        "2 invoercellen (inputEntry) voor 3 invoerkolommen",
    ),
    "regel-mist-uitvoercel": (
        re.sub(r'<outputEntry id="R_mer_o2">.*?</outputEntry>', "", DMN, count=1, flags=re.S),
        "R_mer",
        "1 uitvoercel (outputEntry) voor 2 uitvoerkolommen",
    ),
    "uitvoer-zonder-naam": (
        DMN.replace('name="procedure" typeRef', "typeRef", 1),
        "Out_procedure",
        "heeft geen naam (name)",
    ),
}


def _files(dmn: str) -> list[tuple[str, str]]:
    return [
        ("omgevingsvergunning.bpmn", (BPMN / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")),
        ("procedurekeuze.dmn", dmn),
        ("advies-routering.dmn", (BPMN / "advies-routering.dmn").read_text(encoding="utf-8")),
    ]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_decision_table_is_refused_naming_the_decision(platform: Platform, case: str) -> None:
    deployments.deploy(platform, _files(DMN), user="bea")
    before = snapshot(platform)
    dmn, element, reason = BROKEN[case]
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, _files(dmn), user="bea")
    [problem] = err.value.extra["problemen"]
    assert problem["bestand"] == "procedurekeuze.dmn" and problem["element"] == element, problem
    assert problem["probleem"].startswith("Beslissing 'procedurekeuze': ") and reason in problem["probleem"]
    assert isinstance(problem["regel"], int)
    assert snapshot(platform) == before


@pytest.mark.parametrize("policy", ["FIRST", "ANY", "first", "COLLECT"])
def test_the_hit_policies_spiffworkflow_evaluates_are_accepted(platform: Platform, policy: str) -> None:
    [out] = deployments.deploy(platform, _files(DMN.replace('hitPolicy="UNIQUE"', f'hitPolicy="{policy}"')))
    assert out["process_id"] == "omgevingsvergunning"
