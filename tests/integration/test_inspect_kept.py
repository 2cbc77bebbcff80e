"""``inspect_source`` keeps one answer per file and hands every caller that same answer, not a copy (a deep
copy per call cost 1-11 ms per shipped model, about five calls per deploy). So no caller may change it: a
deploy, a redeploy with a changed file, a refused deploy and the model editor's files of a draft leave every kept
answer equal to what a fresh inspection of the file makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services import deployments
from services.engine import deploy as dep
from services.engine.expressions import check_expressions
from services.modeleditor import drafts
from services.platform import Platform

BPMN = Path(__file__).resolve().parents[2] / "bpmn"


def _fresh(name: str, text: str) -> tuple[dep.ModelSource, list[dict[str, Any]]]:
    """What inspecting the file makes, past the kept answers."""
    return dep._inspect_cached.__wrapped__(name, text, check_expressions)


def _shipped() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(BPMN.glob("*.*mn"))]


def _changed_routing() -> tuple[str, str]:
    """The shipped routing table with a comment more: another content hash, so a new version."""
    return "advies-routering.dmn", (BPMN / "advies-routering.dmn").read_text(
        encoding="utf-8"
    ) + "<!-- gewijzigd -->\n"


def test_a_second_inspection_hands_back_the_kept_answer_itself() -> None:
    name, text = "omgevingsvergunning.bpmn", (BPMN / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")
    first, second = dep.inspect_source(name, text), dep.inspect_source(name, text)
    assert second[0] is first[0] and second[1] is first[1]
    assert first == _fresh(name, text) and first[0].process_ids == ["omgevingsvergunning"]


def test_deploys_and_the_editor_checks_leave_the_kept_answers_as_a_fresh_inspection_makes_them(
    platform: Platform,
) -> None:
    shipped, changed = _shipped(), _changed_routing()
    refused = (
        "kapot.bpmn",
        dict(shipped)["omgevingsvergunning.bpmn"].replace("compleet == False", "${!compleet}"),
    )
    deployments.deploy(platform, shipped, user="bea")
    permit = ("omgevingsvergunning.bpmn", dict(shipped)["omgevingsvergunning.bpmn"])
    assert not deployments.deploy(platform, [permit, changed], user="bea")[0]["ongewijzigd"]
    with pytest.raises(dep.ModelRefused) as err:
        deployments.deploy(platform, [refused], user="bea")
    assert "${" in str(err.value.extra["problemen"])
    with platform.uow(write=False) as uow:
        assert "procedurekeuze.dmn" in drafts.model_sources(uow.session, *permit)
    for name, text in [*shipped, changed, refused]:
        assert dep.inspect_source(name, text) == _fresh(name, text), name
