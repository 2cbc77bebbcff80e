"""Scenario tests for models: a file beside the model says what a case does and what must come out.

``ruimteflow models test [FILE|MAP ...]`` runs them on a fresh temporary database with an injected
clock, through the same use cases as the faces and the API. The format is in bpmn/MODELLING.md.
"""

from __future__ import annotations

from .format import Scenario, ScenarioFile, Step, check_caps, load, load_text, scenario_files
from .runner import Ground, Outcome, ground, report, run_file

__all__ = [
    "Ground",
    "Outcome",
    "Scenario",
    "ScenarioFile",
    "Step",
    "check_caps",
    "ground",
    "load",
    "load_text",
    "report",
    "run_file",
    "scenario_files",
]
