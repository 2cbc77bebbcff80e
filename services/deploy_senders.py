"""The deploy checks that need the municipality's configuration (autorisatie.toml, services.policy): who
may send each message (``[berichten]``) against how the new models catch it, and the tasks and fields
``[taakvelden]`` names (services/policy_reads.py) against the models and the case view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from processes.bestanden import lees_tekst
from processes.case_summary import SUMMARY_FIELDS
from services import policy
from services.config import SHIPPED_BPMN_DIR, Settings
from services.engine import deploy as dep
from services.platform import Platform
from services.policy_rules import Rules, rules_path
from services.projection_views import CASE_VIEW_FIELDS


def check_outside_messages(platform: Platform, new: list[dep.ModelSource]) -> None:
    """A message an outside party may send (autorisatie.toml [berichten]: the initiator, an
    organisation's group) must be caught into a messageVariable: caught without one, SpiffWorkflow
    merges its payload into the process data and the sender could set any process variable."""
    rules = policy.rules(platform.settings)
    problems = []
    for catch in (c for src in new for c in src.merging_catches):
        outside = [s for s in rules.senders_of(catch["bericht"]) if s != "behandelaar"]
        if not outside:
            continue
        who = policy.describe_senders(outside)
        problems.append(
            {k: v for k, v in catch.items() if k != "bericht"}
            | {
                "probleem": f"Het bericht '{catch['bericht']}' mag worden gestuurd door {who} (autorisatie.toml), "
                "maar dit element vangt het zonder messageVariable: de afzender zou dan elke procesvariabele "
                "kunnen zetten of overschrijven. Geef het element een messageVariable "
                "(spiffworkflow:messageVariable) en lees het bericht daaruit."
            }
        )
    if problems:
        raise dep.ModelRefused(dep.summary(problems), problemen=problems)


def check_task_fields(platform: Platform, sources: list[dep.ModelSource]) -> None:
    """Every [taakvelden] key names a user or manual task of a model (``sources``: the upload and the
    deployed files; else a file of the model folder or the shipped bpmn/) and only fields a case has:
    a typo would silently give the task's handler (the bezwaarjurist) nothing."""
    problems = task_field_problems(platform.settings, policy.rules(platform.settings), sources)
    if problems:
        raise dep.ModelRefused(dep.summary(problems), problemen=problems)


def task_field_problems(
    settings: Settings, rules: Rules, sources: list[dep.ModelSource]
) -> list[dict[str, Any]]:
    """The problems of ``rules``' [taakvelden], each naming its key (``element``)."""
    if not rules.task_fields:
        return []
    tasks: dict[str, set[str]] = {}
    for src in [*sources, *_folder_sources(settings)]:
        for process, ids in src.human_tasks.items():
            tasks.setdefault(process, set()).update(ids)
    where = str(rules_path(settings))
    return [
        {
            "bestand": where,
            "element": key,
            "naam": None,
            "regel": None,
            "probleem": f"[taakvelden] '{key}' {why}",
        }
        for key, fields in sorted(rules.task_fields.items())
        if (why := _key_problem(key, tasks) or _field_problem(fields))
    ]


def _key_problem(key: str, tasks: dict[str, set[str]]) -> str | None:
    process, _, task = key.rpartition(".")
    if not process or not task:
        return 'noemt geen taak als "<proces-id>.<taak-id>" (bijvoorbeeld "omgevingsvergunning.bezwaar_registreren").'
    if process not in tasks:
        return (
            f"noemt proces '{process}', dat geen gedeployd of meegeleverd model heeft; de behandelaar van "
            f"die taak zou de velden nergens lezen. Bekende processen: {', '.join(sorted(tasks))}."
        )
    if task not in tasks[process]:
        return (
            f"noemt in proces '{process}' geen taak '{task}' (een gebruikers- of handmatige taak); "
            f"de taken van dat proces: {', '.join(sorted(tasks[process]))}."
        )
    return None


def _field_problem(fields: frozenset[str]) -> str | None:
    """A field that is no field of the case view, or of its ``samenvatting`` (deeper parts are free)."""
    for name in sorted(fields):
        head, *rest = name.split(".")
        if head not in CASE_VIEW_FIELDS or head == "samenvatting" and rest and rest[0] not in SUMMARY_FIELDS:
            return (
                f"noemt veld '{name}', dat een zaak niet heeft. Velden van een zaak: "
                f"{', '.join(sorted(CASE_VIEW_FIELDS))}; van samenvatting: {', '.join(sorted(SUMMARY_FIELDS))}."
            )
    return None


def _folder_sources(settings: Settings) -> list[dep.ModelSource]:
    """The BPMN files of the model folder and of the shipped bpmn/, as a deploy inspects them."""
    folders = dict.fromkeys([Path(settings.bpmn_dir), SHIPPED_BPMN_DIR])
    files = [f for folder in folders if folder.is_dir() for f in sorted(folder.glob("*.bpmn"))]
    return [dep.inspect_source(f.name, lees_tekst(f))[0] for f in files]
