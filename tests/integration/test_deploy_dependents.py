"""Deploying a changed file that other processes use (a decision table, a called process) gives those
processes a new version with it.

Review finding: a beheerder fixed advies-routering.dmn and deployed it on its own. It was stored and the
answer was 201 with nothing deployed; the permit's newest version kept the old table, and deploying the
permit again said 'ongewijzigd'. The fix never reached a case.
"""

from __future__ import annotations

from services import deployments
from services.engine import deploy as dep
from services.platform import Platform
from services.store.models import ProcessDefinition

BPMN = deployments.Path(__file__).resolve().parents[2] / "bpmn"
PERMIT = ["omgevingsvergunning.bpmn", "procedurekeuze.dmn", "advies-routering.dmn"]


def _files(*names: str) -> list[tuple[str, str]]:
    return [(n, (BPMN / n).read_text(encoding="utf-8")) for n in names]


def _changed_routing() -> list[tuple[str, str]]:
    text = (BPMN / "advies-routering.dmn").read_text(encoding="utf-8")
    changed = text.replace(
        '<outputEntry id="R_milieu_o1"><text>"Milieu"</text>',
        '<outputEntry id="R_milieu_o1"><text>"Milieu en Duurzaamheid"</text>',
    )
    assert changed != text
    return [("advies-routering.dmn", changed)]


def _newest(platform: Platform, pid: str) -> ProcessDefinition:
    with platform.uow(write=False) as uow:
        return deployments.latest_definition(uow.session, pid)


def test_a_decision_table_deployed_alone_gives_the_process_that_uses_it_a_new_version(platform: Platform):
    deployments.deploy(platform, _files(*PERMIT), user="bea")
    first = _newest(platform, "omgevingsvergunning")

    out = deployments.deploy(platform, _changed_routing(), user="bea")

    assert [(d["process_id"], d["versie"], d["ongewijzigd"]) for d in out] == [
        ("omgevingsvergunning", 2, False)
    ]
    second = _newest(platform, "omgevingsvergunning")
    [(name, text)] = _changed_routing()
    new_table = dep.inspect_source(name, text)[0].content_hash
    assert new_table in second.file_hashes and new_table not in first.file_hashes
    assert len(second.file_hashes) == len(first.file_hashes)  # the old table left the bundle


def test_the_same_table_again_is_reported_unchanged(platform: Platform):
    deployments.deploy(platform, _files(*PERMIT), user="bea")
    out = deployments.deploy(platform, _files("advies-routering.dmn"), user="bea")
    assert [(d["process_id"], d["versie"], d["ongewijzigd"]) for d in out] == [
        ("omgevingsvergunning", 1, True)
    ]
