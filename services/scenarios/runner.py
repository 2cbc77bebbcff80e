"""Running scenario files on a fresh temporary database, and the Dutch report."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from processes.constants import CaseStatus
from processes.errors import RuimteflowError, Unprocessable
from processes.nederlands import getal
from services import cases, deployments, locatiecheck, step_effects, users
from services.clock import FixedClock, today
from services.config import Settings
from services.documents.besluit import finalise_as_given
from services.documents.types import BESLUIT
from services.platform import Platform
from services.store import db
from services.store.models import Case, HumanTask
from services.taakdocumenten import besluit_outcomes
from services.workflow_store import load_workflow

from . import limits
from .format import Scenario, ScenarioFile, Step

log = logging.getLogger(__name__)
SCENARIO_USER = "scenario"
#: the display name of a scenario's accounts: the name a besluit letter is signed with (one without asks one)
SCENARIO_NAAM = "Scenariogebruiker"
#: the scenario user's role in a step that adds a signed besluit (a task that requires one, without the editor)
SCENARIO_BEHANDELAAR = "projectleider"
#: the smallest PDF the document checks accept (a distinct comment line per document makes its hash unique)
SCENARIO_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
UNITS = {"dagen": "days", "uren": "hours", "minuten": "minutes", "weken": "weeks"}


@dataclass
class Outcome:
    file: str
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def row(self) -> dict[str, Any]:
        """As the model editor shows it (the answer of "Testen", a run stopped by its CPU budget)."""
        return {"naam": self.name, "geslaagd": self.passed, "fouten": list(self.failures)}


class RunBudget:
    """The CPU budget of one run of a file's scenarios, counted on the running thread's CPU clock (a
    web server's other requests do not count), and the run's outcomes so far (``finished``, which the
    run returns). ``check`` after each part of a scenario stops the run once the budget is spent, naming
    the scenario that was running and where, with the outcomes of the scenarios that ran before it."""

    def __init__(self, file: str, total: int):
        self.file, self.total = file, total
        self.seconds = limits.RUN_CPU_SECONDS
        self.start = limits.thread_cpu_time()
        self.outcomes: list[Outcome] = []

    @property
    def done(self) -> int:
        """How many scenarios ran to their end."""
        return len(self.outcomes)

    def finished(self, outcome: Outcome) -> None:
        """Count a scenario that ran to its end, with its outcome."""
        self.outcomes.append(outcome)

    def check(self, scenario: str, where: str) -> None:
        """Unprocessable (422 ``scenarios-rekentijd``) once the run used more than its budget."""
        if limits.thread_cpu_time() - self.start <= self.seconds:
            return
        budget = getal(self.seconds, 6, kort=True)
        raise Unprocessable(
            f"Scenariobestand '{self.file}': de scenario's gebruikten meer dan {budget} s rekentijd; de test is "
            f"afgebroken in scenario '{scenario}' ({where}), na {self.done} van {self.total} scenario's. Neem "
            "minder of kortere scenario's op.",
            code="scenarios-rekentijd",
            scenario=scenario,
            waar=where,
            scenarios=[o.row() for o in self.outcomes],
        )


class _Run:
    """One scenario on one platform: drives the case and checks the expectations; the run's ``budget``
    is checked after the start and after each step."""

    def __init__(
        self,
        platform: Platform,
        clock: FixedClock,
        sf: ScenarioFile,
        sc: Scenario,
        budget: RunBudget,
    ):
        self.p, self.clock, self.sf, self.sc, self.budget = platform, clock, sf, sc, budget
        self.path: list[str] = []
        self.last_data: dict[str, Any] = {}
        self.case_id = 0

    def observe(self, facts: step_effects.StepFacts) -> None:
        if facts.case.id == self.case_id or not self.case_id:
            self.path += [c["bpmn_id"] for c in facts.result.completed]
            if facts.result.completed:
                self.last_data = dict(facts.result.completed[-1]["data"])

    def case(self) -> dict[str, Any]:
        return cases.get_case(self.p, self.case_id)

    def data(self, finished: bool) -> dict[str, Any]:
        if not finished:
            return self.last_data
        with self.p.uow(write=False) as uow:
            row = uow.session.get(Case, self.case_id)
            assert row is not None
            return dict(load_workflow(self.p, uow.session, row).data)

    def do(self, step: Step) -> None:
        if step.kind == "taak":
            self.complete(step)
        elif step.kind == "bericht":
            cases.send_message(self.p, self.case_id, step.target, dict(step.data))
        elif step.kind == "klok":
            self.clock.advance(**{UNITS[k]: float(v) for k, v in step.clock.items()})
            for _ in range(20):  # fire what is due, and what that makes due at the same moment
                if not cases.fire_due_timers(self.p):
                    break

    def complete(self, step: Step) -> None:
        open_tasks = [
            t
            for t in self.case()["open_taken"]
            if t["element"] == step.target
            and (step.group is None or step.group in (t["kandidaatgroepen"] or []))
        ]
        if not open_tasks:
            names = sorted({t["element"] for t in self.case()["open_taken"]})
            voor = f" voor groep '{step.group}'" if step.group else ""
            raise AssertionError(f"geen open taak '{step.target}'{voor} (open: {names or 'geen'})")
        task = open_tasks[0]
        user = step.by or SCENARIO_USER
        drafts = self.drafts_besluit(task["id"])
        if step.by is None:  # the scenario user is in exactly the task's groups
            # a behandelaar when it adds a signed besluit (documenttypen.toml: who may add one)
            rol = SCENARIO_BEHANDELAAR if BESLUIT in step.documents and not drafts else "medewerker"
            groepen = list(task["kandidaatgroepen"] or [])
            users.add_user(self.p, SCENARIO_USER, groups=groepen, role=rol, display_name=SCENARIO_NAAM)
        data = dict(step.data)
        for kind in step.documents:
            if kind == BESLUIT and drafts:
                # the final letter, as the officer makes it in the task; dated on our clock
                data = finalise_as_given(self.p, self.case_id, user, data, op=today(self.clock))
            else:  # a besluit of a task without the editor: its signed PDF, taken and sent today
                self.add_document(user, kind)
        cases.complete_task(self.p, task["id"], user, data)

    def drafts_besluit(self, task_id: int) -> bool:
        """Whether the task takes its besluit in the besluit editor (model property ``besluit``)."""
        with self.p.uow(write=False) as uow:
            row = uow.session.get(HumanTask, task_id)
            return bool(row is not None and besluit_outcomes(row.form_schema))

    def add_document(self, user: str, kind: str) -> None:
        """A small PDF of this type in the case file, added by ``user`` (an advice report, a drawing; a
        signed besluit with its besluitdatum and verzenddatum: the scenario's day)."""
        from io import BytesIO

        from services.documents.service import NewDocument, upload_document

        n = len(self.path)
        content = SCENARIO_PDF + f"% {self.sc.name} {kind} {n}\n".encode()
        dag = today(self.clock) if kind == BESLUIT else None
        meta = NewDocument(
            informatieobjecttype=kind,
            bestandsnaam=f"{kind}-{n}.pdf",
            titel=f"Scenario: {kind}",
            auteur=user,
            besluitdatum=dag,
            verzenddatum=dag,
        )
        upload_document(self.p, self.case_id, user, BytesIO(content), meta)

    def check(self, expect: dict[str, Any]) -> list[str]:
        case = self.case()
        wrong: list[str] = []
        if "open_taken" in expect:
            got: dict[str, list[str]] = {}
            for t in case["open_taken"]:  # the instances of one element together
                got[t["element"]] = sorted(set(got.get(t["element"], [])) | set(t["kandidaatgroepen"] or []))
            want = {k: sorted(v or []) for k, v in (expect["open_taken"] or {}).items()}
            if got != want:
                wrong.append(f"open taken {_show(want)}, maar kreeg {_show(got)}")
        for key, field_ in (
            ("fase", "fase"),
            ("status", "status"),
            ("termijn", "uiterlijkeEinddatumAfdoening"),
        ):
            if key in expect and str(case[field_]) != str(expect[key]):
                wrong.append(f"{key} '{expect[key]}', maar kreeg '{case[field_]}'")
        if "termijn_uitleg_bevat" in expect:
            uitleg = json.dumps(case["termijn_uitleg"], ensure_ascii=False)
            if str(expect["termijn_uitleg_bevat"]) not in uitleg:
                wrong.append(
                    f"termijnuitleg met '{expect['termijn_uitleg_bevat']}', maar kreeg {uitleg[:200]}"
                )
        if "route_bevat" in expect and not _in_order(list(expect["route_bevat"]), self.path):
            wrong.append(f"route met {expect['route_bevat']} (in die volgorde), maar kreeg {self.path}")
        if "gegevens" in expect:
            data = self.data(case["status"] != CaseStatus.LOPEND)
            for k, v in (expect["gegevens"] or {}).items():
                if data.get(k) != v:
                    wrong.append(
                        f"gegeven '{k}' = {_show(v)}, maar kreeg {_show(data.get(k, '(ontbreekt)'))}"
                    )
        return wrong

    def run(self) -> list[str]:
        with step_effects.observe(self.observe):
            try:
                data = dict(self.sc.start_data)  # the applicant and place as the application form names them
                started = cases.start_case(self.p, self.sf.process_id, data, user=SCENARIO_USER,
                                           geometry_wkt=self.sc.geometry, title=self.sc.name,
                                           initiator=_text(data.get("aanvrager")),
                                           location_name=_text(data.get("locatie_naam")))  # fmt: skip
                self.case_id = started["id"]
            except RuimteflowError as exc:
                return [f"start: {exc.detail}"]
            except Exception as exc:  # an engine fault is this scenario's failure, not the command's crash
                return [f"start: {_unexpected(exc)}"]
            self.budget.check(self.sc.name, "start")
            for i, step in enumerate(self.sc.steps, 1):
                where = f"stap {i} ({step.kind}{' ' + step.target if step.target else ''})"
                try:
                    if step.kind != "verwacht":
                        self.do(step)
                except (RuimteflowError, AssertionError) as exc:
                    return [f"{where}: {getattr(exc, 'detail', None) or exc}"]
                except Exception as exc:
                    return [f"{where}: {_unexpected(exc)}"]
                self.budget.check(self.sc.name, f"stap {i}")
                if wrong := self.check(step.expect):
                    return [f"{where}: verwacht {w}" for w in wrong]
        return [f"eind: verwacht {w}" for w in self.check(self.sc.end)]


def _unexpected(exc: Exception) -> str:
    """An error the platform did not foresee (an engine fault): told in Dutch; its traceback at debug level."""
    log.debug("scenario: onverwachte fout", exc_info=exc)
    return f"onverwachte fout in het platform ({type(exc).__name__}: {exc}); de stap is niet uitgevoerd"


def _in_order(wanted: list[str], path: list[str]) -> bool:
    it = iter(path)
    return all(any(p == w for p in it) for w in wanted)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


class Ground:
    """What the scenarios of one run start from, in the run's temporary ``folder``: each its own copy of
    one empty database migrated once (on first use), and the demo GIS layers generated once in the
    folder on first use (unless the settings name a layers folder), which the scenarios only read."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._template: Path | None = None

    def fresh_database(self, target: Path) -> None:
        """A fresh database at ``target``: a copy of the run's migrated template."""
        if self._template is None:
            self._template = db.migrated_sqlite(self.folder / "sjabloon.db")
        db.copy_sqlite(self._template, target)


@contextmanager
def ground() -> Iterator[Ground]:
    """The ground of one run of scenarios (one command, one test of a draft); removed afterwards, and
    with it the layers the process's locatiecheck keeps of its folder (in a web server, each "Testen")."""
    with tempfile.TemporaryDirectory(prefix="ruimteflow-scenarios-") as tmp:
        try:
            yield Ground(Path(tmp))
        finally:
            locatiecheck.forget_layers(Path(tmp))


def run_file(sf: ScenarioFile, base: Settings | None = None, on: Ground | None = None) -> list[Outcome]:
    """Every scenario of a file, each on its own fresh database (SQLite in a temporary folder), from
    the ground ``on`` (shared by the files of one run), else from a ground of this file's own. The run
    stops (422 ``scenarios-rekentijd``, with the outcomes so far as ``scenarios``) once it used more CPU
    time than ``limits.RUN_CPU_SECONDS``."""
    if on is None:
        with ground() as own:
            return run_file(sf, base, own)
    base = base or Settings.from_env()
    budget = RunBudget(str(sf.path), len(sf.scenarios))
    for sc in sf.scenarios:
        with tempfile.TemporaryDirectory(prefix="scenario-", dir=on.folder) as tmp:
            settings = base.throwaway(Path(tmp), instance_dir=on.folder)
            on.fresh_database(Path(str(db.sqlite_file(settings.database_url))))
            clock = FixedClock(sf.start_moment)
            platform = Platform.create(settings, clock=clock, migrate=False)
            try:
                deployments.deploy(platform, list(sf.model_sources))
                for name, groups in sf.users.items():
                    users.add_user(platform, name, groups=groups, display_name=f"{SCENARIO_NAAM} {name}")
                failures = _Run(platform, clock, sf, sc, budget).run()
            finally:
                platform.close()
        budget.finished(Outcome(str(sf.path), sc.name, failures))
    return budget.outcomes


def report(outcomes: list[Outcome]) -> str:
    lines = []
    for o in outcomes:
        lines.append(f"{'geslaagd ' if o.passed else 'MISLUKT  '} {Path(o.file).name}: {o.name}")
        lines += [f"    - {f}" for f in o.failures]
    failed = sum(not o.passed for o in outcomes)
    lines.append(
        f"{len(outcomes) - failed} van {len(outcomes)} scenario's geslaagd"
        + (f", {failed} mislukt" if failed else "")
    )
    return "\n".join(lines)


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
