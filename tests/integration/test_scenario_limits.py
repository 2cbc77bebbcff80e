"""The bounds of a scenario run (services.scenarios.limits; fixer scencap): a file holds at most
``MAX_SCENARIOS`` scenarios of at most ``MAX_STEPS`` steps, refused when it is read (exit 2, a Dutch
message, nothing run), and one run of a file stops once it used ``RUN_CPU_SECONDS`` of CPU time, naming
the scenario that was running. An outside tester ran 60 generated scenarios in one request of the model
editor (22 s); the draft's size cap let ~9,000 through (~50 min of CPU in one request)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services import deployments
from services.scenarios import limits
from web.cli import main

ROOT = Path(__file__).resolve().parents[2]
FILES = ", ".join(str(ROOT / "bpmn" / f) for f in ("omgevingsvergunning.bpmn", "procedurekeuze.dmn",
                                                   "advies-routering.dmn"))  # fmt: skip
HEAD = f"model: omgevingsvergunning\nbestanden: [{FILES}]\nscenarios:\n"
START = "    start:\n      gegevens: {activiteiten: [technische_bouwactiviteit], onderwerp: woningbouw}\n"
STEP = "      - verwacht: {fase: ontvankelijkheid}\n"


def scenario_file(names: list[str], steps: int = 1) -> str:
    return HEAD + "".join(f"  - naam: {n}\n{START}    stappen:\n" + STEP * steps for n in names)


@pytest.fixture
def no_deploy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused file runs nothing: no scenario deploys its models."""

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a scenario ran")

    monkeypatch.setattr(deployments, "deploy", never)


def run_json(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, dict[str, Any] | None]:
    code = main(["models", "test", "--json", str(path)])
    out, err = capsys.readouterr()
    return code, out, json.loads(err) if err.strip() else None


@pytest.mark.usefixtures("no_deploy")
def test_a_file_with_more_scenarios_than_the_cap_is_refused_before_anything_runs(capsys, tmp_path):
    path = tmp_path / "veel.yaml"
    path.write_text(scenario_file([f"Scenario {i}" for i in range(1, 102)]), encoding="utf-8")
    code, out, problem = run_json(capsys, path)
    assert code == 2 and out == "", out
    assert problem is not None and problem["code"] == "scenarios-te-veel" and problem["status"] == 422
    assert "veel.yaml': scenarios: 101 scenario's, hooguit 100" in problem["detail"]


@pytest.mark.usefixtures("no_deploy")
def test_a_scenario_with_more_steps_than_the_cap_is_refused_before_anything_runs(capsys, tmp_path):
    path = tmp_path / "lang.yaml"
    path.write_text(scenario_file(["Kort", "Lang"], steps=201), encoding="utf-8")
    code, out, problem = run_json(capsys, path)
    assert code == 2 and out == "", out
    assert problem is not None and problem["code"] == "scenario-te-veel-stappen"
    assert "'Kort' stappen: 201 stappen, hooguit 200" in problem["detail"]


def test_the_caps_admit_the_shipped_files_with_room_to_spare():
    """The shipped models hold at most 6 scenarios of at most 15 steps; the caps lie far above."""
    import yaml

    files = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "bpmn" / "tests").glob("*.yaml"))
    ]
    assert max(len(f["scenarios"]) for f in files) * 10 <= limits.MAX_SCENARIOS
    assert max(len(s.get("stappen") or []) for f in files for s in f["scenarios"]) * 10 <= limits.MAX_STEPS


def test_a_run_over_its_cpu_budget_stops_and_names_the_running_scenario(capsys, tmp_path, monkeypatch):
    """The budget counts the thread's CPU clock (patched here: each deploy of the models costs 45 s of it,
    so the second scenario's start spends the 60 s); the third scenario never starts."""
    cpu = {"s": 0.0}
    real_deploy = deployments.deploy
    deployed: list[int] = []

    def costly_deploy(*args: Any, **kwargs: Any) -> Any:
        deployed.append(1)
        cpu["s"] += 45.0
        return real_deploy(*args, **kwargs)

    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setattr(limits, "RUN_CPU_SECONDS", 60.0)
    monkeypatch.setattr(limits, "thread_cpu_time", lambda: cpu["s"])
    monkeypatch.setattr(deployments, "deploy", costly_deploy)
    path = tmp_path / "duur.yaml"
    path.write_text(scenario_file(["Eerste", "Tweede", "Derde"]), encoding="utf-8")
    code, out, problem = run_json(capsys, path)
    assert code == 2 and out == "", out
    assert problem is not None and problem["code"] == "scenarios-rekentijd" and problem["status"] == 422
    assert problem["scenario"] == "Tweede" and problem["waar"] == "start"
    assert "meer dan 60 s rekentijd" in problem["detail"] and "na 1 van 3 scenario's" in problem["detail"]
    assert len(deployed) == 2


def test_the_budget_is_checked_after_each_step(capsys, tmp_path, monkeypatch):
    """A clock that moves one second per reading (the start, then each check): the third step's check
    reads 4 s of a 3.5 s budget, so the run stops there, in the first scenario."""
    readings = iter(range(1000))
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setattr(limits, "RUN_CPU_SECONDS", 3.5)
    monkeypatch.setattr(limits, "thread_cpu_time", lambda: float(next(readings)))
    path = tmp_path / "stappen.yaml"
    path.write_text(scenario_file(["Eerste", "Tweede"], steps=5), encoding="utf-8")
    code, out, problem = run_json(capsys, path)
    assert code == 2 and out == "", out
    assert problem is not None and problem["code"] == "scenarios-rekentijd"
    assert (problem["scenario"], problem["waar"]) == ("Eerste", "stap 3")
    assert "meer dan 3,5 s rekentijd" in problem["detail"] and "na 0 van 2 scenario's" in problem["detail"]
