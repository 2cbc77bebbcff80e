"""Reading scenario files (YAML) into checked dataclasses; every mistake is named in Dutch."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from processes import strikte_json
from processes.errors import Unprocessable, ValidationError
from processes.nederlands import getal
from services.clock import as_utc
from services.scenarios import limits
from services.scenarios.yaml_fault import yaml_fault

#: What a step may check, after it ran (and what the end may check).
EXPECTATIONS = ("open_taken", "fase", "status", "termijn", "termijn_uitleg_bevat", "route_bevat", "gegevens")
STEP_KINDS = ("taak", "bericht", "klok")
CLOCK_UNITS = ("dagen", "uren", "minuten", "weken")
#: a unit of the clock in days
_IN_DAYS = {"dagen": 1.0, "uren": 1 / 24, "minuten": 1 / 1440, "weken": 7.0}


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


def _over(path: Path, where: str, count: int, cap: int, what: str, code: str) -> None:
    """Unprocessable (422 ``code``) when ``count`` exceeds a cap of services.scenarios.limits: a run does
    every scenario and step of a file at once (the model editor's "Testen" in one web request)."""
    if count > cap:
        raise Unprocessable(f"Scenariobestand '{path}': {where}: {getal(count)} {what}, hooguit "
                            f"{getal(cap)}: een test draait ze alle in één keer.", code=code)  # fmt: skip


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
    _data(path, f"{where} gegevens", expect.get("gegevens"))
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
                isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and v > 0
                for v in clock.values()
            )
        ):  # the clock only moves forward
            raise _fail(path, where,
                        f"'klok' telt op met {list(CLOCK_UNITS)} (positief en eindig), bijv. {{dagen: 14}}")  # fmt: skip
        return Step("klok", clock=clock, expect=expect)
    if not isinstance(raw[kind], str) or not raw[kind]:
        raise _fail(path, where, f"'{kind}' noemt een element-id of berichtnaam")
    data = _data(path, f"{where} gegevens", raw.get("gegevens"))
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
    first, last = limits.START_YEARS
    if not first <= moment.year <= last:
        raise _fail(path, "start", f"'{value}' ligt niet tussen {first} en {last}")
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


class _AliasFound(Exception):
    def __init__(self, anchor: str, line: int) -> None:
        super().__init__(anchor)
        self.anchor, self.line = anchor, line


class _NoAliases(yaml.SafeLoader):
    """Safe YAML without aliases (``*naam``): a shared node is walked once per reference, so a few
    hundred characters of nested aliases stand for billions of values (the depth check, and every
    copy of the data after it, would walk them all)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasFound(str(event.anchor), event.start_mark.line + 1)
        return super().compose_node(parent, index)


def check_caps(text: str, name: str) -> None:
    """Unprocessable (422 ``scenarios-te-veel``, ``scenario-te-veel-stappen``) when scenario text holds more
    scenarios, or a scenario more steps, than services.scenarios.limits allows, as ``load_text`` refuses
    them; anything else wrong with the text is ``load_text``'s to name. The caps are about the file: the
    model editor's forced release, which runs no scenario, stores it with the version all the same."""
    path = Path(name)
    try:
        raw = _yaml(path, text)
    except ValidationError:
        return  # not a scenario file that holds scenarios: nothing to count
    listed = raw.get("scenarios") if isinstance(raw, dict) else None
    if not isinstance(listed, list):
        return
    _count_scenarios(path, listed)
    for i, sc in enumerate(listed, 1):
        if isinstance(sc, dict) and isinstance(sc.get("stappen"), list):
            _count_steps(path, str(sc.get("naam") or f"scenario {i}"), sc["stappen"])


def _count_scenarios(path: Path, listed: list[Any]) -> None:
    _over(path, "scenarios", len(listed), limits.MAX_SCENARIOS, "scenario's", "scenarios-te-veel")


def _count_steps(path: Path, name: str, raw_steps: list[Any]) -> None:
    _over(path, f"'{name}' stappen", len(raw_steps), limits.MAX_STEPS, "stappen", "scenario-te-veel-stappen")


def _yaml(path: Path, text: str) -> Any:
    """The YAML of a scenario file, read safely (no aliases, not too deep)."""
    try:
        raw = yaml.load(text, Loader=_NoAliases)  # a SafeLoader
    except _AliasFound as exc:
        raise _fail(path, "YAML", f"regel {exc.line}: een verwijzing (*{exc.anchor}) is niet toegestaan; schrijf "
                    "de waarde uit") from exc  # fmt: skip
    except yaml.YAMLError as exc:
        raise _fail(path, "YAML", yaml_fault(exc)) from exc
    except RecursionError as exc:
        raise _fail(path, "YAML", strikte_json.TOO_DEEP) from exc
    except ValueError as exc:  # from YAML's constructors: 2026-02-30, 25:00, an int of 5000 digits
        raise _fail(path, "YAML", "een waarde is geen bestaande datum of tijd, of een getal van meer dan "
                    "4300 cijfers") from exc  # fmt: skip
    if strikte_json.too_deep(raw):
        raise _fail(path, "YAML", strikte_json.TOO_DEEP)
    return raw


def _parse(
    path: Path, text: str, model_sources: Callable[[list[str]], list[tuple[str, str]]]
) -> ScenarioFile:
    raw = _mapping(path, "bestand", _yaml(path, text))
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
    _count_scenarios(path, raw["scenarios"] or [])
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
    _count_steps(path, name, raw_steps)
    steps = [_step(path, f"'{name}' stap {j}", s) for j, s in enumerate(raw_steps, 1)]
    _check_clock(path, name, steps)
    end = _expectations(path, f"'{name}' eind", sc.get("eind"))
    return Scenario(name, _data(path, f"'{name}' gegevens", start.get("gegevens")),
                    _geometry(path, f"'{name}' start geometrie", start.get("geometrie")), steps, end)  # fmt: skip


def _check_clock(path: Path, name: str, steps: list[Step]) -> None:
    """The clock of one scenario moves at most ``limits.MAX_CLOCK_DAYS`` in all."""
    total = 0.0
    for j, step in enumerate(steps, 1):
        total += sum(_IN_DAYS[unit] * v for unit, v in step.clock.items())
        if total > limits.MAX_CLOCK_DAYS:
            raise _fail(path, f"'{name}' stap {j}", f"de klok gaat daarmee {getal(total)} dagen vooruit; in één "
                        f"scenario hooguit {getal(limits.MAX_CLOCK_DAYS)} dagen (100 jaar)")  # fmt: skip


def _geometry(path: Path, where: str, value: Any) -> str | None:
    """The start location: RD New WKT, checked as the API checks a location."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _fail(path, where, "een WKT-tekst in RD New, bijv. 'POINT (155000 463000)'")
    from services.geometry import to_rd_wkt

    try:
        to_rd_wkt(value, "EPSG:28992")
    except ValidationError as exc:
        raise _fail(path, where, exc.detail.rstrip(".")) from exc
    return value


def _data(path: Path, where: str, value: Any) -> dict[str, Any]:
    """Process data as the API takes it (JSON): text keys; text, finite numbers, ja/nee, null, lists
    and tables. YAML also reads dates, sets and binary values, which no case can hold."""
    data = _mapping(path, where, value)
    todo: list[tuple[str, Any]] = [(where, data)]
    while todo:
        at, item = todo.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise _fail(path, at, f"sleutel {key!r} is geen tekst; zet hem tussen aanhalingstekens")
                todo.append((f"{at}.{key}", inner))
        elif isinstance(item, list):
            todo += [(f"{at}[{i}]", inner) for i, inner in enumerate(item)]
        elif isinstance(item, float) and not math.isfinite(item):
            raise _fail(path, at, f"{item} is geen getal; alleen eindige getallen zijn gegevens")
        elif isinstance(item, date):
            raise _fail(path, at, f"YAML leest {item} als datum of tijdstip; schrijf het als tekst tussen "
                        f"aanhalingstekens, bijv. '{item.isoformat()}'")  # fmt: skip
        elif not isinstance(item, str | int | float | None):
            raise _fail(path, at, f"een waarde van het soort '{type(item).__name__}' is geen gegeven; "
                        "gegevens zijn tekst, getallen, ja/nee, lijsten en tabellen")  # fmt: skip
    return data


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
