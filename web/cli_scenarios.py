"""`ruimteflow models test [FILE|MAP ...]`: run the scenarios beside the models, print a Dutch report."""

from __future__ import annotations

import argparse
import json
from typing import Any

from web.cli_database import without_database


class ExitCode(int):
    """A command's own exit code (0 = all scenarios passed, 1 = one or more failed)."""


def cmd_models_test(args: argparse.Namespace) -> Any:
    from services import scenarios
    from services.config import Settings

    base = Settings.from_env()
    files = scenarios.scenario_files(args.files or [str(base.bpmn_dir)])
    loaded = [scenarios.load(f) for f in files]  # every file is checked before anything runs
    with scenarios.ground() as on:  # one migrated template and one folder of demo layers for every file
        outcomes = [o for sf in loaded for o in scenarios.run_file(sf, base, on)]
    if args.json:
        print(
            json.dumps(
                [
                    {"bestand": o.file, "scenario": o.name, "geslaagd": o.passed, "fouten": o.failures}
                    for o in outcomes
                ],
                ensure_ascii=False,
            )
        )
    else:
        print(scenarios.report(outcomes))
    return ExitCode(0 if all(o.passed for o in outcomes) else 1)


def register(models: Any) -> None:
    s = models.add_parser(
        "test",
        parents=[without_database("elk scenario draait op een eigen, tijdelijke database")],
        help="draai de scenario's van de modellen (standaard bpmn/tests/*.yaml)",
    )
    s.add_argument("files", nargs="*", help="scenariobestanden of mappen (standaard: bpmn)")
    s.set_defaults(fn=cmd_models_test)
