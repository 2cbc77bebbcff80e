"""Reading scenario files (YAML) into checked dataclasses; every mistake is named in Dutch."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from processes import strikte_json
from processes.errors import ValidationError
from services.clock import as_utc

#: What a step may check, after it ran (and what the end may check).
EXPECTATIONS = ("open_taken", "fase", "status", "termijn", "termijn_uitleg_bevat", "route_bevat", "gegevens")
STEP_KINDS = ("taak", "bericht", "klok")
CLOCK_UNITS = ("dagen", "uren", "minuten", "weken")


@dataclass(frozen=True)
class Step:
    kind: str  # taak | bericht | klok | (only) verwacht
    target: str = ""  # element id of the task, or the message name
    data: dict[str, Any] = field(default_factory=dict)
    by: str | None = None
    #: for a task with several open instances (multi-instance): the one for this candidate group
    group: str | None = None
    #: document types the person adds to the case file before completing the task (a small PDF each)
    documents: list[str] = field(default_factory=list)
    clock: dict[str, float] = field(default_factory=dict)
    expect: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    name: str
    start_data: dict[str, Any]
    geometry: str | None
    steps: list[Step]
    end: dict[str, Any]


@dataclass(frozen=True)
class ScenarioFile:
    path: Path
    process_id: str
    #: the BPMN/DMN files the scenarios deploy: (file name, text)
    model_sources: list[tuple[str, str]]
    start_moment: datetime
    users: dict[str, list[str]]
    scenarios: list[Scenario]


def _fail(path: Path, where: str, problem: str) -> ValidationError:
    return ValidationError(f"Scenariobestand '{path}': {where}: {problem}", code="scenario-ongeldig")


def _mapping(path: Path, where: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, where, "verwacht een tabel (sleutel: waarde)")
    return value


def _expectations(path: Path, where: str, value: Any) -> dict[str, Any]:
    expect = _mapping(path, where, value)
    unknown = sorted(set(expect) - set(EXPECTATIONS))
    if unknown:
        raise _fail(path, where, f"onbekende verwachting {unknown}; bekend zijn {list(EXPECTATIONS)}")
    open_tasks = _mapping(path, f"{where} open_taken", expect.get("open_taken"))
    if any(not isinstance(groups, list | None) for groups in open_tasks.values()):
        raise _fail(
            path, f"{where} open_taken", "per taak een lijst van groepen, bijv. {beoordelen: [Vergunningen]}"
        )
    if not isinstance(expect.get("route_bevat", []), list):
        raise _fail(path, f"{where} route_bevat", "een lijst van element-id's")
    _mapping(path, f"{where} gegevens", expect.get("gegevens"))
    return expect


def _step(path: Path, where: str, raw: Any) -> Step:
    raw = _mapping(path, where, raw)
    kinds = [k for k in STEP_KINDS if k in raw]
    unknown = sorted(set(raw) - set(STEP_KINDS) - {"gegevens", "door", "groep", "documenten", "verwacht"})
    if unknown or len(kinds) > 1 or (not kinds and "verwacht" not in raw):
        raise _fail(path, where, f"een stap heeft precies één van {list(STEP_KINDS)} (of alleen 'verwacht')")
    expect = _expectations(path, f"{where} verwacht", raw.get("verwacht"))
    if not kinds:
        return Step("verwacht", expect=expect)
    kind = kinds[0]
    if kind == "klok":
        clock = _mapping(path, where, raw["klok"])
        if (
            not clock
            or set(clock) - set(CLOCK_UNITS)
            or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in clock.values()
            )
        ):  # the clock only moves forward
            raise _fail(
                path, where, f"'klok' telt op met {list(CLOCK_UNITS)} (positief), bijv. {{dagen: 14}}"
            )
        return Step("klok", clock=clock, expect=expect)
    if not isinstance(raw[kind], str) or not raw[kind]:
        raise _fail(path, where, f"'{kind}' noemt een element-id of berichtnaam")
    data = _mapping(path, f"{where} gegevens", raw.get("gegevens"))
    by, group, documents = raw.get("door"), raw.get("groep"), raw.get("documenten") or []
    if not isinstance(documents, list) or kind != "taak" and documents:
        raise _fail(path, where, "'documenten' is een lijst documenttypen bij een taak, bijv. [advies]")
    return Step(kind, raw[kind], data, str(by) if by else None, str(group) if group else None,
                [str(d) for d in documents], expect=expect)  # fmt: skip


def _moment(path: Path, value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, 9)
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise _fail(path, "start", f"'{value}' is geen datum of tijdstip (ISO 8601)") from exc
    return as_utc(moment)


def load(path: Path) -> ScenarioFile:
    """Read and check one scenario file; a ValidationError names the file, the place and the problem.
    The model files it names are read relative to the model folder (bpmn/tests/x.yaml -> bpmn/)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, "bestand", f"niet te lezen ({exc})") from exc
    base = path.parent.parent if path.parent.name == "tests" else path.parent

    def read(files: list[str]) -> list[tuple[str, str]]:
        model_files = [base / f for f in files]
        missing = [str(f) for f in model_files if not f.is_file()]
        if missing:
            raise _fail(path, "bestanden", f"bestaat niet: {missing}")
        return [(f.name, f.read_text(encoding="utf-8")) for f in model_files]

    return _parse(path, text, read)


def load_text(text: str, name: str, sources: Mapping[str, str]) -> ScenarioFile:
    """Check scenario text whose model files are in memory (``sources``: file name -> text), as the
    model editor holds them; the same checks and messages as ``load``."""
    path = Path(name)

    def pick(files: list[str]) -> list[tuple[str, str]]:
        missing = [f for f in files if Path(f).name not in sources]
        if missing:
            raise _fail(path, "bestanden", f"onbekend: {missing}; beschikbaar zijn {sorted(sources)}")
        return [(Path(f).name, sources[Path(f).name]) for f in files]

    return _parse(path, text, pick)


def _parse(
    path: Path, text: str, model_sources: Callable[[list[str]], list[tuple[str, str]]]
) -> ScenarioFile:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(path, "YAML", str(exc).replace("\n", " ")) from exc
    except RecursionError as exc:
        raise _fail(path, "YAML", strikte_json.TOO_DEEP) from exc
    if strikte_json.too_deep(raw):
        raise _fail(path, "YAML", strikte_json.TOO_DEEP)
    raw = _mapping(path, "bestand", raw)
    for key in ("model", "bestanden", "scenarios"):
        if key not in raw:
            raise _fail(path, "bestand", f"'{key}' ontbreekt")
    files = raw["bestanden"]
    if not isinstance(files, list) or not files:
        raise _fail(path, "bestanden", "een lijst van BPMN/DMN-bestanden, relatief aan de map van het model")
    sources = model_sources([str(f) for f in files])
    users = _mapping(path, "gebruikers", raw.get("gebruikers"))
    if not isinstance(raw["scenarios"], list | None):
        raise _fail(path, "scenarios", "een lijst van scenario's")
    scenarios = [_scenario(path, i, sc) for i, sc in enumerate(raw["scenarios"] or [], 1)]
    if not scenarios:
        raise _fail(path, "scenarios", "geen scenario's")
    return ScenarioFile(path, str(raw["model"]), sources, _moment(path, raw.get("start", "2026-03-02T09:00:00+01:00")),
                        {str(u): [str(g) for g in _list(path, u, gs)] for u, gs in users.items()}, scenarios)  # fmt: skip


def _list(path: Path, user: Any, groups: Any) -> list[Any]:
    if not isinstance(groups, list):
        raise _fail(path, "gebruikers", f"'{user}' krijgt een lijst van groepen, bijv. [Vergunningen]")
    return groups


def _scenario(path: Path, i: int, sc: Any) -> Scenario:
    sc = _mapping(path, f"scenario {i}", sc)
    name = str(sc.get("naam") or f"scenario {i}")
    start = _mapping(path, f"'{name}' start", sc.get("start"))
    raw_steps = sc.get("stappen") or []
    if not isinstance(raw_steps, list):
        raise _fail(path, f"'{name}' stappen", "een lijst van stappen")
    steps = [_step(path, f"'{name}' stap {j}", s) for j, s in enumerate(raw_steps, 1)]
    end = _expectations(path, f"'{name}' eind", sc.get("eind"))
    geometry = start.get("geometrie")
    return Scenario(name, _mapping(path, f"'{name}' gegevens", start.get("gegevens")),
                    str(geometry) if geometry else None, steps, end)  # fmt: skip


def scenario_files(paths: list[str]) -> list[Path]:
    """Files as given; a folder means its tests/*.yaml (bpmn/ -> bpmn/tests/*.yaml) or its own *.yaml."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            inner = (
                sorted((p / "tests").glob("*.yaml")) if (p / "tests").is_dir() else sorted(p.glob("*.yaml"))
            )
            found += inner
        elif p.is_file():
            found.append(p)
        else:
            raise ValidationError(f"'{p}' bestaat niet.", code="bestand-onbekend")
    if not found:
        raise ValidationError(f"Geen scenariobestanden gevonden in {paths}.", code="scenario-geen")
    return found
