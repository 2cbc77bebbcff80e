"""The deploy checks that need the municipality's configuration: who may send each message
(autorisatie.toml ``[berichten]``) against how the new models catch it; the tasks and fields
``[taakvelden]`` names (services/policy/reads.py) against the version being deployed and the case view;
each internal ``fase`` against the public phases of fasen.toml (services/public_phases.py); and each end
with a ``resultaat`` and the ids zgw.toml names against the mapping (services/zgw/mapping.py)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from processes.bestanden import lees_tekst
from processes.case_summary import SUMMARY_FIELDS
from services import policy, zgw_bezwaar
from services.case_fields import CASE_VIEW_FIELDS
from services.config import SHIPPED_BPMN_DIR, Settings
from services.engine import deploy as dep
from services.platform import Platform
from services.policy.autorisatie import Rules, rules_path
from services.public_phases import PHASES_FILE, public_phases
from services.zgw_registered import has_bezwaar_type, raw_mapping


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


def check_configuration(
    platform: Platform,
    upload: list[dep.ModelSource],
    context: list[dep.ModelSource],
    previous: Mapping[str, dep.ModelSource],
    versions: list[tuple[str, list[dep.ModelSource]]],
) -> None:
    """[taakvelden], fasen.toml and zgw.toml against the ``versions`` (process id, its files) the upload
    makes (``previous``: the newest deployed file of each of its processes): refused (ModelRefused, a
    problem each) when a task's handler would read nothing, a case would have no current public phase,
    or it would close without a resultaattype (no ZGW end, no bewaartermijn)."""
    settings = platform.settings
    rules = policy.rules(settings)
    problems = task_field_problems(settings, rules, [*context, *previous.values()], upload, previous)
    problems += phase_problems(settings, versions) + zgw_problems(settings, versions)
    if problems:
        raise dep.ModelRefused(dep.summary(problems), problemen=problems)


def task_field_problems(
    settings: Settings,
    rules: Rules,
    sources: list[dep.ModelSource],
    upload: list[dep.ModelSource] | None = None,
    previous: Mapping[str, dep.ModelSource] | None = None,
) -> list[dict[str, Any]]:
    """The problems of ``rules``' [taakvelden], each naming its key (``element``). A key names a task of
    a model: of the ``upload``, of ``sources`` (the deployed files), the model folder or the shipped
    bpmn/. A task of a process of the upload that its newest deployed version (``previous``) has and the
    new version dropped is refused too: the new cases run the new version, and the older versions still
    having the task say nothing about them. It may stay named (for the cases of older versions) when
    another key gives its fields to a task new in this version (a renamed task)."""
    if not rules.task_fields:
        return []
    known = _tasks([*sources, *_folder_sources(settings), *(upload or [])])
    new = _tasks(upload or [])
    before = {p: set(src.human_tasks.get(p, [])) for p, src in (previous or {}).items() if p in new}
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
        if (why := _dropped(key, new, before, rules.task_fields) or _key_problem(key, known))
        or (why := _field_problem(fields))
    ]


def _tasks(sources: list[dep.ModelSource]) -> dict[str, set[str]]:
    tasks: dict[str, set[str]] = {}
    for src in sources:
        for process, ids in src.human_tasks.items():
            tasks.setdefault(process, set()).update(ids)
    return tasks


def _dropped(
    key: str, new: dict[str, set[str]], before: dict[str, set[str]], keys: Mapping[str, frozenset[str]]
) -> str | None:
    """The key names a task that the previous version of a process of the upload had and the new one
    does not, and no other key gives its fields to a task new in this version."""
    process, _, task = key.rpartition(".")
    if process not in before or task in new[process] or task not in before[process]:
        return None
    fresh = new[process] - before[process]
    if any(
        other != key and p == process and t in fresh and keys[other] == keys[key]
        for other in keys
        for p, _, t in [other.rpartition(".")]
    ):
        return None
    return (
        f"noemt taak '{task}', die de nieuwe versie van proces '{process}' niet meer heeft (de vorige wel): "
        "bij de nieuwe zaken zou de behandelaar van de taak die haar vervangt deze velden niet lezen. "
        "Hernoemd? Geef de nieuwe taak dezelfde velden met een eigen sleutel (en laat deze staan voor de "
        "zaken van oudere versies). Vervallen? Haal de sleutel weg. De gebruikers- en handmatige taken van "
        f"de nieuwe versie: {', '.join(sorted(new[process]))}."
    )


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


def _reached(pid: str, bundle: list[dep.ModelSource]) -> list[tuple[str, dict[str, Any]]]:
    """The elements (with their file's name) of process ``pid`` and of the processes it calls, directly
    or through another, as far as the version's files hold them: the phases a case of it can be in."""
    by_process: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for src in bundle:
        for process, elements in src.elements.items():
            by_process.setdefault(process, (src.filename, elements))
    out, todo, seen = [], [pid], set()
    while todo:
        process = todo.pop()
        if process in seen or process not in by_process:
            continue
        seen.add(process)
        filename, elements = by_process[process]
        out += [(filename, e) for e in elements]
        todo += [e["roept"] for e in elements if e["roept"]]
    return out


def _at(filename: str, element: dict[str, Any], text: str) -> dict[str, Any]:
    """A problem at a model's element, in the deploy's problem format."""
    return {"bestand": filename, "element": element["element"], "naam": element["naam"]} | {
        "regel": element["regel"],
        "probleem": text,
    }


def phase_problems(
    settings: Settings, versions: list[tuple[str, list[dep.ModelSource]]]
) -> list[dict[str, Any]]:
    """Every internal ``fase`` of a version (and of the models it calls) belongs to exactly one public
    phase of its process in fasen.toml, when fasen.toml has phases for that process: else a case in it
    has no current step on the status page and the initiator reads the internal word (also in the
    phase e-mail). The rule the developers' test of the shipped models asserts, for every deploy."""
    phases, where = public_phases(settings), settings.model_file(PHASES_FILE, required=False)
    problems = []
    for pid, bundle in versions:
        own = phases.of(pid)
        for filename, element in _reached(pid, bundle) if own else []:
            fase = element["fase"]
            owners = [p.naam for p in own if fase in p.covers]
            if fase is None or len(owners) == 1:
                continue
            known = ", ".join(f"'{n}'" for n in dict.fromkeys(n for p in own for n in p.covers))
            problems.append(
                _at(
                    filename,
                    element,
                    f"De fase '{fase}' hoort bij geen publieke fase van '{pid}' in {where}: een zaak in deze "
                    "fase heeft op de statuspagina geen huidige stap, en de aanvrager leest het interne woord "
                    f"(ook in de e-mail over de fase). Zet '{fase}' bij intern van de publieke fase waar zij bij "
                    f"hoort, of gebruik een interne fase die fasen.toml kent: {known}."
                    if not owners
                    else f"De fase '{fase}' hoort bij meer dan één publieke fase van '{pid}' in {where} "
                    f"({', '.join(owners)}); een interne fase hoort bij precies één.",
                )
            )
    return problems


def _own_elements(pid: str, bundle: list[dep.ModelSource]) -> list[tuple[str, dict[str, Any]]]:
    """The elements of process ``pid`` itself, with the name of the file that holds it."""
    src = next((s for s in bundle if pid in s.elements), None)
    return [(src.filename, e) for e in src.elements[pid]] if src else []


def _zgw_ids(settings: Settings) -> dict[str, tuple[set[str], dict[str, list[str]], bool]]:
    """Per procedure of zgw.toml: the ends its resultaattypen name (``eindes``), per besluittype the
    tasks it names (``taken``) and whether one is the beslissing op bezwaar's (``has_bezwaar_type``). Only
    these are read here: services.zgw.mapping, which parses and checks the whole file, depends on the use cases that deploy (an import cycle). A file that cannot
    be read gives none: its own error says so where it is used (`zgw catalogus`, `zaken opschonen`)."""
    data, out = raw_mapping(settings), {}
    for pid, item in _dict(data.get("procedure")).items():
        if not isinstance(item, dict):
            continue
        ends = {e for r in _tables(item, "resultaattypen") for e in _strings(r.get("eindes"))}
        tasks = {
            k: _strings(b.get("taken"))
            for k, b in _dict(item.get("besluittypen")).items()
            if isinstance(b, dict)
        }
        out[str(pid)] = (ends, tasks, has_bezwaar_type(item))
    return out


def _tables(item: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [t for t in _dict(item.get(key)).values() if isinstance(t, dict)]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def zgw_problems(
    settings: Settings, versions: list[tuple[str, list[dep.ModelSource]]]
) -> list[dict[str, Any]]:
    """Every end with a ``resultaat`` (it closes the case) of a version of a process zgw.toml maps is an
    end of one of its resultaattypen: else a case that ends there has no resultaattype, so no
    bewaartermijn (`zaken opschonen`) and no resultaat, and Open Zaak cannot close the zaak."""
    procedures, where = _zgw_ids(settings), settings.zgw_mapping_path
    problems = []
    for pid, bundle in versions:
        proc = procedures.get(pid)
        mapped = proc[0] if proc else set()
        problems += [
            _at(
                filename,
                element,
                f"Het einde '{element['element']}' sluit een zaak af met een resultaat, maar geen resultaattype "
                f"van '{pid}' in {where} noemt het (eindes): een zaak die hier eindigt, krijgt geen "
                "bewaartermijn en het zaaksysteem (Open Zaak) kan haar niet afsluiten. Noem "
                f"'{element['element']}' bij eindes van het resultaattype dat erbij hoort (een hernoemd einde: "
                "laat het oude id staan voor de zaken van oudere versies).",
            )
            for filename, element in (_own_elements(pid, bundle) if proc else [])
            if element["resultaat"] and element["element"] not in mapped
        ]
    return problems


def zgw_warnings(
    settings: Settings,
    versions: list[tuple[str, list[dep.ModelSource]]],
    previous: Mapping[str, dep.ModelSource],
) -> dict[str, list[str]]:
    """Per process zgw.toml maps: a warning for each task its besluittypen name (``taken``) that the newest
    deployed version (``previous``) has and the new one does not: a besluit uploaded in the task that
    replaces it gets another besluittype, or none. A warning: the id stays right for the cases of the
    older versions, and the case still closes (an end without resultaattype is refused, zgw_problems).
    And one when the version records a beslissing op bezwaar (``_bezwaar_warning``) zgw.toml gives no
    besluittype."""
    procedures, where = _zgw_ids(settings), settings.zgw_mapping_path
    out: dict[str, list[str]] = {}
    for pid, bundle in versions:
        proc = procedures.get(pid)
        if proc is None:
            continue
        out[pid] = _bezwaar_warning(pid, bundle, proc[2], where)
        before = previous.get(pid)
        if before is None:
            continue
        now = {e["element"] for _, e in _own_elements(pid, bundle)}
        had = {e["element"] for e in before.elements.get(pid, [])}
        out[pid] += [
            f"{where} geeft besluittype '{key}' aan de taak '{task}', die deze versie niet meer heeft "
            "(de vorige wel): een besluit dat bij een nieuwe zaak wordt geüpload in de taak die haar "
            f"vervangt, krijgt dat besluittype niet. Noem die taak bij taken van besluittype '{key}' "
            f"(laat '{task}' staan voor de zaken van oudere versies)."
            for key, taken in proc[1].items()
            for task in taken
            if task in had and task not in now and not set(taken) & (now - had)
        ]
    return out


def _bezwaar_warning(pid: str, bundle: list[dep.ModelSource], typed: bool, where: Path) -> list[str]:
    """A warning when a task of the version (of ``pid`` or a process it calls) records a beslissing op
    bezwaar (services.zgw_bezwaar.SERVICE) and zgw.toml gives ``pid`` no besluittype for it (not ``typed``):
    each beslissing would then be recorded as not sent to the zaakregistratie."""
    tasks = [e for _, e in _reached(pid, bundle) if e.get("dienst") == zgw_bezwaar.SERVICE]
    if typed or not tasks:
        return []
    return [
        f"'{pid}' legt een beslissing op bezwaar vast (taak '{tasks[0]['naam'] or tasks[0]['element']}'), "
        f"maar {where} geeft '{pid}' geen besluittype met beslissing_op_bezwaar = true: die beslissing gaat "
        "niet naar de zaakregistratie (Besluiten API). Voeg zo'n besluittype toe (zoals de meegeleverde "
        "zgw.toml bij omgevingsvergunning) en voer 'ruimteflow zgw catalogus' uit."
    ]
