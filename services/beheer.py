"""Beheer (administration): model versions, incidents, retry, suspend/resume, migrate running cases.

Every state change is one transaction with an audit CaseEvent naming the user.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes import tekens
from processes.constants import ACTIVE_STATUSES, CaseStatus
from processes.errors import Conflict, NotFound, RuimteflowError
from services import cases, incidents, migration_report, projections, step_effects, task_choices, task_holding
from services.bpmn_diagram import parse_bpmn
from services.clock import iso_utc
from services.deployments import latest_definition, specs_for
from services.engine.context import StepContext
from services.engine.migration import MovedTerm, migrate_workflow
from services.engine.runtime import ProcessError, ScriptLimitError, StepResult
from services.engine.types import Workflow
from services.platform import Platform
from services.policy import autorisatie as policy_rules
from services.store.models import Case, CaseEvent, ModelFile, ProcessDefinition
from services.waits import store as waits_store

ACTIVE = ACTIVE_STATUSES


# -- models ------------------------------------------------------------------------------------------
def model_overview(platform: Platform) -> list[dict[str, Any]]:
    """Every deployed process with its versions and the number of active cases per version."""
    with platform.uow(write=False) as uow:
        s = uow.session
        defs = s.scalars(
            select(ProcessDefinition).order_by(ProcessDefinition.process_id, ProcessDefinition.version.desc())
        ).all()
        active = dict(
            s.execute(
                select(Case.definition_id, func.count())
                .where(Case.status.in_(ACTIVE))
                .group_by(Case.definition_id)
            ).all()
        )
        out: dict[str, dict[str, Any]] = {}
        for d in defs:
            entry = out.setdefault(
                d.process_id,
                {
                    "process_id": d.process_id,
                    "naam": d.name,
                    "nieuwste": d.version,
                    "versies": [],
                    "op_oudere_versie": 0,
                },
            )
            n = active.get(d.id, 0)
            entry["versies"].append(
                {
                    "versie": d.version,
                    "id": d.id,
                    "gedeployed_op": iso_utc(d.deployed_at),
                    "door": d.deployed_by,
                    "lanes": d.lanes,
                    "actieve_zaken": n,
                }
            )
            if d.version != entry["nieuwste"]:
                entry["op_oudere_versie"] += n
        return list(out.values())


def model_detail(platform: Platform, process_id: str, version: int | None = None) -> dict[str, Any]:
    """One model version: its source, its elements and the diagram layout (from BPMN DI)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        q = select(ProcessDefinition).where(ProcessDefinition.process_id == process_id)
        if version is not None:
            q = q.where(ProcessDefinition.version == version)
        pd = s.scalars(q.order_by(ProcessDefinition.version.desc()).limit(1)).first()
        if pd is None:
            raise NotFound(
                f"Onbekend proces '{process_id}'" + (f" versie {version}" if version else "") + ".",
                code="proces-onbekend",
            )
        f = s.scalars(select(ModelFile).where(ModelFile.content_hash == pd.main_file_hash)).one()
        versions = s.scalars(
            select(ProcessDefinition.version)
            .where(ProcessDefinition.process_id == process_id)
            .order_by(ProcessDefinition.version)
        ).all()
        elements, diagram = parse_bpmn(f.source, process_id)
        return {
            "process_id": pd.process_id,
            "naam": pd.name,
            "versie": pd.version,
            "versies": list(versions),
            "bestand": f.filename,
            "gedeployed_op": iso_utc(pd.deployed_at),
            "door": pd.deployed_by,
            "lanes": pd.lanes,
            "xml": f.source,
            "elementen": elements,
            "diagram": diagram,
        }


CALLED_DECISION = re.compile(r"calledDecisionId>\s*([^<\s]+)\s*<")
DECISION_ID = re.compile(r"<(?:\w+:)?decision\b[^>]*?\sid=\"([^\"]+)\"")


def decision_files(platform: Platform, process_id: str) -> list[dict[str, str]]:
    """The DMN files of the newest version of a process whose decisions its model calls (for the
    editor's dmn-js)."""
    with platform.uow(write=False) as uow:
        pd = latest_definition(uow.session, process_id)
        files = uow.session.scalars(
            select(ModelFile).where(ModelFile.content_hash.in_(pd.file_hashes)).order_by(ModelFile.filename)
        ).all()
        main = next(f for f in files if f.content_hash == pd.main_file_hash)
        called = set(CALLED_DECISION.findall(main.source))
        return [
            {"bestand": f.filename, "xml": f.source}
            for f in files
            if f.kind == "dmn" and called & set(DECISION_ID.findall(f.source))
        ]


# -- incidents, suspend, resume, retry ----------------------------------------------------------------
def _case_row(c: Case) -> dict[str, Any]:
    return {
        "id": c.id,
        "zaak": c.reference,
        "titel": c.title,
        "procedure": c.procedure,
        "status": c.status,
        "fase": c.phase,
        "incident": c.incident,
        "bijgewerkt_op": iso_utc(c.updated_at),
    }


def problem_cases(platform: Platform, *, limit: int = 200) -> dict[str, Any]:
    """Cases in error (incidents) and cases suspended by beheer, each with the moment its incident or
    pause began (``sinds``; read for all of them at once): per kind the ``limit`` last changed, so many
    paused cases never push an incident off the list, and how many there are in all (``aantallen``)."""
    kinds = {"incidenten": CaseStatus.INCIDENT, "gepauzeerd": CaseStatus.GEPAUZEERD}
    with platform.uow(write=False) as uow:
        s = uow.session
        rows = {
            key: s.scalars(
                select(Case).where(Case.status == status).order_by(Case.updated_at.desc()).limit(limit)
            ).all()
            for key, status in kinds.items()
        }
        counted = dict(
            s.execute(
                select(Case.status, func.count()).where(Case.status.in_(kinds.values())).group_by(Case.status)
            ).all()
        )
        spans = waits_store.interruptions_of(s, [c.id for listed in rows.values() for c in listed])

        def row(c: Case) -> dict[str, Any]:
            incidents, pauses = spans.get(c.id, ([], []))
            began = [
                b for b, end in (pauses if c.status == CaseStatus.GEPAUZEERD else incidents) if end is None
            ]
            return _case_row(c) | {"sinds": iso_utc(began[-1] if began else c.updated_at)}

        out: dict[str, Any] = {key: [row(c) for c in listed] for key, listed in rows.items()}
        out["aantallen"] = {key: int(counted.get(status, 0)) for key, status in kinds.items()}
        return out


def _audit(
    s: Session, platform: Platform, case: Case, user: str, kind: str, message: str, **data: Any
) -> None:
    s.add(
        CaseEvent(
            case_id=case.id,
            at=platform.clock.now(),
            actor=user,
            kind=kind,
            message=message,
            public=False,
            data=data,
        )
    )


def suspend(platform: Platform, case_ref: int | str, user: str, reason: str = "") -> dict[str, Any]:
    reason = tekens.check_line(reason, "reden", "De reden", multiline=True) or ""  # shown in the history
    with platform.uow() as uow:
        s = uow.session
        case = cases.case_by_key(s, case_ref, lock=True)
        if case.status not in (CaseStatus.LOPEND, CaseStatus.INCIDENT):
            raise Conflict(
                f"Zaak {case.reference} is {case.status} en kan niet worden gepauzeerd.",
                code="pauzeren-niet-mogelijk",
            )
        previous, case.status = case.status, CaseStatus.GEPAUZEERD
        case.updated_at = platform.clock.now()
        _audit(
            s,
            platform,
            case,
            user,
            "gepauzeerd",
            f"Zaak gepauzeerd door {user}" + (f": {reason.strip()}" if reason.strip() else ""),
            vorige_status=previous,
        )
        waits_store.refresh_case(s, case.id, platform.settings)  # held by beheer from now
        uow.commit()
        return _case_row(case)


def resume(platform: Platform, case_ref: int | str, user: str) -> dict[str, Any]:
    """The case runs again; then its open tasks' choices are read again (``task_choices.reread_choices``):
    what they ask may have changed while it took no step (a final besluit letter imported, the day past a
    term's end), and they were last read before the pause."""
    with platform.uow() as uow:
        s = uow.session
        case = cases.case_by_key(s, case_ref, lock=True)
        if case.status != CaseStatus.GEPAUZEERD:
            raise Conflict(f"Zaak {case.reference} is niet gepauzeerd.", code="hervatten-niet-mogelijk")
        case.status = CaseStatus.INCIDENT if case.incident else CaseStatus.LOPEND
        case.updated_at = platform.clock.now()
        _audit(s, platform, case, user, "hervat", f"Zaak hervat door {user}", status=case.status)
        waits_store.refresh_case(s, case.id, platform.settings)  # held as before the pause again
        reread = task_choices.has_open_task(s, case.id)
        uow.commit()
        row = _case_row(case)
    if reread:
        task_choices.reread_choices(platform, row["id"], user, after="its resume")
    return row


def retry(platform: Platform, case_ref: int | str, user: str) -> dict[str, Any]:
    """Re-run the due timers of a case in error; on success the incident is cleared. One transaction:
    when the retry fails too, its step is undone and the new error is recorded in the same commit.
    A retry that leaves the case standing still (nothing to wait for) keeps the incident. Both
    failures raise Conflict ``opnieuw-mislukt`` with the reason, after the audit line is committed."""
    previous: list[str | None] = []
    fired: list[StepResult] = []

    def check(c: Case) -> None:
        if c.status != CaseStatus.INCIDENT:
            raise Conflict(f"Zaak {c.reference} heeft geen incident.", code="geen-incident")
        previous.append(c.incident)

    def act(wf: Workflow, ctx: StepContext, s: Session, c: Case) -> StepResult:
        fired.append(platform.runtime.fire_timers(wf, ctx))
        return fired[-1]

    def before_commit(s: Session, c: Case) -> None:
        still = step_effects.stuck(fired[-1])
        if still is not None:  # nothing moves on: the case stays an incident, not "opgelost"
            c.incident, failed = still, f"Opnieuw proberen door {user} heeft niets opgelost: {still}"
            _audit(s, platform, c, user, "incident", failed, vorige_fout=previous[0])
            return
        solved = f"Incident opnieuw geprobeerd door {user} en opgelost"
        incidents.end(s, c, user, platform.clock.now(), solved, vorige_fout=previous[0])

    def on_failure(s: Session, c: Case, exc: ProcessError) -> None:
        c.incident = exc.detail
        failed = f"Opnieuw proberen door {user} mislukt: {exc.detail}"
        _audit(s, platform, c, user, "incident", failed, **incidents.failed_at(exc))  # what fails now

    try:
        row = cases.run_step(
            platform,
            case_ref,
            act,
            actor=user,
            before_commit=before_commit,
            check=check,
            on_failure=on_failure,
        )
    except ProcessError as exc:
        raise Conflict(f"Opnieuw proberen mislukt: {exc.detail}", code="opnieuw-mislukt") from exc
    if row["status"] == CaseStatus.INCIDENT:
        raise Conflict(f"Opnieuw proberen heeft niets opgelost: {row['incident']}", code="opnieuw-mislukt")
    return row


# -- migration ---------------------------------------------------------------------------------------
def migrate(platform: Platform, process_id: str, user: str) -> dict[str, Any]:
    """Move every active case of a process to its newest version where the engine allows it. Names
    each claim let go (``vrijgegeven``) and each unclaimed open task that now sits only in groups
    without members (``zonder_leden``): nobody sees those."""
    with platform.uow(write=False) as uow:
        newest = latest_definition(uow.session, process_id)
        targets = uow.session.execute(
            select(Case.id, Case.reference, Case.status)
            .where(Case.process_id == process_id, Case.status.in_(ACTIVE), Case.definition_id != newest.id)
            .order_by(Case.id)
        ).all()
        newest_id, newest_version = newest.id, newest.version
    migrated, refused, moved, released, unseen = [], [], [], [], []
    for case_id, reference, status in targets:
        if status == CaseStatus.GEPAUZEERD:
            refused.append({"zaak": reference, "reden": "De zaak is gepauzeerd; hervat haar eerst."})
            continue
        try:
            row = migrate_case(platform, case_id, newest_id, user)
        except RuimteflowError as exc:
            refused.append({"zaak": reference, "reden": exc.detail})
            continue
        migrated.append(reference)
        moved.extend(row["verschoven_termijnen"])
        released += [{"zaak": reference} | r for r in row["vrijgegeven"]]
        unseen += [{"zaak": reference} | r for r in row["zonder_leden"]]
    return {
        "process_id": process_id,
        "naar_versie": newest_version,
        "gemigreerd": migrated,
        "geweigerd": refused,
        "verschoven_termijnen": moved,
        "vrijgegeven": released,
        "zonder_leden": unseen,
    }


def migrate_case(platform: Platform, case_id: int, definition_id: int, user: str) -> dict[str, Any]:
    old_version: dict[str, Any] = {}
    migrated: list[StepResult] = []
    moved: list[MovedTerm] = []
    notes: dict[str, list[dict[str, Any]]] = {"vrijgegeven": [], "zonder_leden": []}

    def check(case: Case) -> None:  # again under the lock: the list of cases was read before it
        if case.status not in ACTIVE:
            raise Conflict(f"Zaak {case.reference} is intussen {case.status}.", code="zaak-niet-actief")
        if case.definition_id == definition_id:
            raise Conflict(f"Zaak {case.reference} is intussen al gemigreerd.", code="al-gemigreerd")

    def act(wf: Workflow, ctx: StepContext, s: Session, case: Case) -> StepResult:
        pd = s.get(ProcessDefinition, definition_id)
        assert pd is not None
        old = s.get(ProcessDefinition, case.definition_id)
        old_version["v"] = old.version if old else "?"
        spec, subs = specs_for(platform, s, pd)
        result, terms = migrate_workflow(
            platform.runtime, wf, spec, subs, ctx, pd.version, upgrade=platform.registry.upgrade_data
        )
        migrated.append(result)
        moved[:] = terms
        return result

    def before_commit(s: Session, case: Case) -> None:
        pd = s.get(ProcessDefinition, definition_id)
        assert pd is not None
        case.definition_id = pd.id
        before = migration_report.open_groups(s, case)  # the groups each open task had in the old version
        released = projections.refresh_open_rows(
            s,
            case,
            migrated[-1],
            may_hold=task_holding.may_hold(s, platform),
            external=policy_rules.listed_external(platform.settings),
        )
        notes["vrijgegeven"] = [{"taak": name, "was": holder} for name, holder, _ in released]
        notes["zonder_leden"] = migration_report.unseen_tasks(s, case)
        versions = (old_version["v"], pd.version)
        migration_report.history_lines(s, case, user, versions, (released, before, moved))

    # a failing migration leaves the case on its own version, as it was: no incident but a script's limit
    row = cases.run_step(
        platform,
        case_id,
        act,
        actor=user,
        before_commit=before_commit,
        check=check,
        incident_for=ScriptLimitError,
    )
    row["verschoven_termijnen"] = [{"zaak": row["zaak"], **migration_report.moved(term)} for term in moved]
    return row | notes
