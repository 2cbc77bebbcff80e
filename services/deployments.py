"""Deploy model versions and build the specs of a deployed process (cached by bundle hash)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes.bestanden import lees_tekst
from processes.errors import NotFound, ValidationError
from services import routing
from services.clock import iso_utc
from services.deploy_senders import check_configuration, check_outside_messages, zgw_warnings
from services.deploy_versions import Planned, caller_versions, own_versions
from services.engine import deploy as dep
from services.engine.types import Specs
from services.platform import Platform
from services.store.db import serialize
from services.store.models import ModelFile, ProcessDefinition
from services.workflow_store import store_spec


def read_files(paths: list[str | Path]) -> list[tuple[str, str]]:
    """The name and UTF-8 text of each file (missing, a map, unreadable or not UTF-8: refused by name)."""
    return [(Path(p).name, lees_tekst(p)) for p in paths]


def _store_files(s: Session, bundle: list[dep.ModelSource], now: datetime, user: str | None) -> None:
    """Store each model file of the bundle once, under its content hash."""
    for src in bundle:
        if s.scalar(select(ModelFile.id).where(ModelFile.content_hash == src.content_hash)) is None:
            s.add(
                ModelFile(
                    content_hash=src.content_hash,
                    filename=src.filename,
                    kind=src.kind,
                    source=src.text,
                    deployed_at=now,
                    deployed_by=user,
                )
            )


def _new_version(
    platform: Platform,
    s: Session,
    parser: Any,
    planned: Planned,
    bundle_hash: str,
    bundle_hashes: list[str],
    now: datetime,
    user: str | None,
) -> tuple[ProcessDefinition, set[str]]:
    """The next version of the planned process for this bundle, its spec stored; and the groups its
    lanes made."""
    src, pid, latest = planned.src, planned.pid, planned.latest
    version = (latest.version + 1) if latest else 1
    pd = ProcessDefinition(
        process_id=pid,
        name=src.process_names.get(pid, pid),
        version=version,
        bundle_hash=bundle_hash,
        file_hashes=bundle_hashes,
        main_file_hash=src.content_hash,
        lanes=list(src.lanes.get(pid, [])),  # the row's own list: src is inspect_source's kept answer
        deployed_at=now,
        deployed_by=user,
    )
    s.add(pd)
    made = routing.ensure_groups(s, src.lanes.get(pid, []))
    s.flush()
    _store_spec(platform, s, parser, pd)
    return pd, made


def deploy_context(
    session: Session, new: list[dep.ModelSource], defs: list[ProcessDefinition] | None = None
) -> list[dep.ModelSource]:
    """The newest files of the other deployed processes and decisions: what ``new`` may call. A file
    that ``new`` replaces (it holds one of the same processes or decisions) is left out. ``defs``: the
    newest definitions when the caller has read them already (``_newest_definitions``)."""
    new_pids = {pid for s in new for pid in s.defined_processes}
    new_dids = {d for s in new for d in s.decision_ids}
    new_hashes = {n.content_hash for n in new}
    return [
        s
        for s in _newest_sources(session, _newest_definitions(session) if defs is None else defs)
        if not (set(s.defined_processes) & new_pids or set(s.decision_ids) & new_dids)
        and s.content_hash not in new_hashes
    ]


@dataclass
class Checked:
    new: list[dep.ModelSource]
    parser: Any
    planned: list[Planned]
    #: per process of the upload, the warnings of its model (``gateway_checks``, ``text_checks``) and its configuration
    #: (``deploy_senders.zgw_warnings``)
    warnings: dict[str, list[str]] = field(default_factory=dict)


def check_bundle(platform: Platform, session: Session, files: list[tuple[str, str]]) -> Checked:
    """The deploy checks of ``files`` with the deployed context, and of the deployed processes that
    call them. Raises ModelRefused (422, ``problemen``) listing every problem; nothing is stored."""
    if not files:
        raise ValidationError("Geen modelbestanden opgegeven.", code="geen-bestanden")
    return check_new(platform, dep.check_sources(files), session)


def check_new(platform: Platform, new: list[dep.ModelSource], session: Session | None = None) -> Checked:
    """``check_bundle`` of the files ``new`` (``dep.check_sources``); without ``session``: as into a database
    without models (`ruimteflow demo` checks its model folder so before it wipes the database)."""
    if not any(src.process_ids for src in new):
        raise ValidationError(
            "Deze upload bevat alleen beslistabellen en geen proces: geen enkele versie zou ze gebruiken. "
            "Deploy een beslistabel samen met het proces dat haar "
            "gebruikt (bijvoorbeeld omgevingsvergunning.bpmn met advies-routering.dmn); dat proces krijgt "
            "dan een nieuwe versie met de nieuwe tabel.",
            code="geen-proces",
        )
    defs = _newest_definitions(session) if session is not None else []
    context = deploy_context(session, new, defs) if session is not None else []
    callers = caller_versions(new, context, defs)
    services = platform.registry.service_functions()
    parser = dep.validate_bundle(new, context, services, [(p.src.filename, p.pid) for p in callers])
    check_outside_messages(platform, new)
    own = own_versions(new, context, defs, callers)
    previous = _previous_sources(session, own) if session is not None else {}
    versions = [(p.pid, p.bundle) for p in own]
    check_configuration(platform, new, context, previous, versions)
    warnings = zgw_warnings(platform.settings, versions, previous)
    for p in own:  # a gateway that may find no way out, an "Uw ..." line for all: deployed, with a warning
        warnings[p.pid] = p.src.model_warnings.get(p.pid, []) + warnings.get(p.pid, [])
    return Checked(new, parser, own + callers, warnings)


def _previous_sources(session: Session, own: list[Planned]) -> dict[str, dep.ModelSource]:
    """The file of the newest deployed version of each process of the upload (what the new one replaces)."""
    files = {p.pid: newest_main_file(session, p.pid) for p in own if p.latest is not None}
    return {pid: dep.inspect_source(f.filename, f.source)[0] for pid, f in files.items() if f is not None}


def deploy_in(
    platform: Platform,
    session: Session,
    files: list[tuple[str, str]],
    *,
    user: str | None = None,
    checked: Checked | None = None,
) -> list[dict[str, Any]]:
    """Validate and store model files in the caller's transaction (the caller commits): one new version
    per process of the upload whose files changed, and one per deployed process that calls a changed
    one, so that its new cases call the newest version (bpmn/MODELLING.md, "Versions and called models").
    Each answer warns (``waarschuwingen``) about a lane with tasks whose group has no members.
    ``checked``: ``files`` checked before against no deployed model (``check_new`` without a session),
    taken as it is while the database has none, so the files are not parsed again."""
    serialize_deploys(session)
    if checked is None or _any_deployed(session):
        checked = check_bundle(platform, session, files)
    now = platform.clock.now()
    _store_files(
        session, list({b.content_hash: b for p in checked.planned for b in p.bundle}.values()), now, user
    )
    out = []
    for p in checked.planned:
        latest = p.latest
        bundle_hashes = sorted({b.content_hash for b in p.bundle})
        made: set[str] = set()
        if latest is not None and set(bundle_hashes) <= set(latest.file_hashes):
            row = _definition_dict(latest, unchanged=True)
        else:
            bundle_hash = hashlib.sha256("".join(bundle_hashes).encode()).hexdigest()
            pd, made = _new_version(
                platform, session, checked.parser, p, bundle_hash, bundle_hashes, now, user
            )
            row = _definition_dict(pd, unchanged=False, because=p.because)
        lanes = p.src.task_lanes.get(p.pid, [])
        groups = routing.group_warnings(session, p.src.task_groups.get(p.pid, {}))
        config = checked.warnings.get(p.pid, []) if not row["ongewijzigd"] else []
        out.append(row | {"waarschuwingen": routing.lane_warnings(session, lanes, made) + groups + config})
    return out


def serialize_deploys(session: Session) -> None:
    """One deploy at a time: each reads the newest versions and numbers its own after them (two at once
    would both make version n+1). Taken first in the deploying transaction."""
    serialize(session, "ruimteflow:deploy")


def deploy(
    platform: Platform,
    files: list[tuple[str, str]],
    *,
    user: str | None = None,
    if_empty: bool = False,
    checked: Checked | None = None,
) -> list[dict[str, Any]]:
    """Validate and store model files in one transaction (see ``deploy_in``). ``if_empty``: only into a
    database where no model is deployed yet (a first start), so that a restart never deploys the shipped
    files over a model the beheerder has released since."""
    with platform.uow() as uow:
        if if_empty and _any_deployed(uow.session):
            return []
        out = deploy_in(platform, uow.session, files, user=user, checked=checked)
        uow.commit()
    return out


def _any_deployed(session: Session) -> bool:
    return session.scalar(select(ProcessDefinition.id).limit(1)) is not None


def _store_spec(platform: Platform, session: Any, parser: Any, pd: ProcessDefinition) -> None:
    """Store the new version's serialized spec once (by content hash) and keep the built objects."""
    specs = dep.build_specs(parser, pd.process_id)
    platform._spec_cache[f"{pd.bundle_hash}:{pd.process_id}"] = specs
    store_spec(platform, session, specs[0], specs[1], pd.process_id)


def _definition_dict(
    pd: ProcessDefinition, *, unchanged: bool, because: list[str] | None = None
) -> dict[str, Any]:
    out = {
        "process_id": pd.process_id,
        "naam": pd.name,
        "versie": pd.version,
        "id": pd.id,
        "bundel": pd.bundle_hash[:12],
        "ongewijzigd": unchanged,
        "lanes": pd.lanes,
        "gedeployed_op": iso_utc(pd.deployed_at),
        "gedeployed_door": pd.deployed_by,
    }
    if because:
        out["vanwege"] = because
    return out


def _newest_definitions(session: Session) -> list[ProcessDefinition]:
    """The newest version of every deployed process, the most recently deployed first."""
    newest = (
        select(ProcessDefinition.process_id, func.max(ProcessDefinition.version).label("v"))
        .group_by(ProcessDefinition.process_id)
        .subquery()
    )
    return list(
        session.scalars(
            select(ProcessDefinition)
            .join(
                newest,
                (ProcessDefinition.process_id == newest.c.process_id)
                & (ProcessDefinition.version == newest.c.v),
            )
            .order_by(ProcessDefinition.id.desc())
        ).all()
    )


def _newest_sources(session: Session, defs: list[ProcessDefinition]) -> list[dep.ModelSource]:
    """One file per deployed process and per decision: the newest. A process is in the file of its
    newest version; a decision (or a process not deployed on its own) is in the file that holds it in
    the most recently deployed of those versions. A file that also holds a process or decision taken
    from another file is left out (it is an older copy)."""
    hashes = {h for d in defs for h in d.file_hashes}
    if not hashes:
        return []
    rows = session.scalars(select(ModelFile).where(ModelFile.content_hash.in_(hashes))).all()
    files = {f.content_hash: dep.inspect_source(f.filename, f.source)[0] for f in rows}
    stored = {f.content_hash: f.id for f in rows}  # within a bundle, the file stored last first
    chosen: dict[str, dep.ModelSource] = {}
    owned: set[str] = set()  # "p:<process id>" / "d:<decision id>" of the files chosen so far

    def take(src: dep.ModelSource | None, *, forced: bool) -> None:
        if src is None or src.content_hash in chosen:
            return
        ids = [f"p:{p}" for p in src.defined_processes] + [f"d:{d}" for d in src.decision_ids]
        if not forced and any(i in owned for i in ids):
            return
        chosen[src.content_hash] = src
        owned.update(ids)

    for d in defs:
        take(files.get(d.main_file_hash), forced=True)
    for d in defs:
        for h in sorted(d.file_hashes, key=lambda h: -stored.get(h, 0)):
            take(files.get(h), forced=False)
    return list(chosen.values())


def latest_definition(session: Any, process_id: str) -> ProcessDefinition:
    pd = session.scalars(
        select(ProcessDefinition)
        .where(ProcessDefinition.process_id == process_id)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    ).first()
    if pd is None:
        known = sorted(set(session.scalars(select(ProcessDefinition.process_id)).all()))
        raise NotFound(
            f"Onbekend proces '{process_id}'. Gedeployde processen: {', '.join(known) or 'geen'}.",
            code="proces-onbekend",
        )
    return pd


def newest_main_file(session: Session, process_id: str) -> ModelFile | None:
    """The file of the newest version of ``process_id`` (None when it is not deployed)."""
    return session.scalars(
        select(ModelFile)
        .join(ProcessDefinition, ProcessDefinition.main_file_hash == ModelFile.content_hash)
        .where(ProcessDefinition.process_id == process_id)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    ).first()


def changed_since(session: Session, process_id: str, version: int) -> int | None:
    """The newest version of ``process_id`` when its own file changed after ``version``, else None. A
    version made because a model or decision table it calls changed does not count: it only brings the
    newest files of what it calls."""
    rows = session.execute(
        select(ProcessDefinition.version, ProcessDefinition.main_file_hash)
        .where(ProcessDefinition.process_id == process_id, ProcessDefinition.version >= version)
        .order_by(ProcessDefinition.version)
    ).all()
    if not rows:
        return None
    base = rows[0].main_file_hash if rows[0].version == version else None
    return rows[-1].version if any(r.main_file_hash != base for r in rows) else None


def specs_for(platform: Platform, session: Any, pd: ProcessDefinition) -> Specs:
    """Build (and cache per bundle) the SpiffWorkflow specs of a deployed process."""
    key = f"{pd.bundle_hash}:{pd.process_id}"
    cached = platform._spec_cache.get(key)
    if cached is not None:
        return cached
    files = session.scalars(select(ModelFile).where(ModelFile.content_hash.in_(pd.file_hashes))).all()
    sources = [dep.inspect_source(f.filename, f.source)[0] for f in files]
    parser = dep.build_parser(sources)
    specs = dep.build_specs(parser, pd.process_id)
    platform._spec_cache[key] = specs
    return specs


def list_definitions(platform: Platform) -> list[dict[str, Any]]:
    with platform.uow(write=False) as uow:
        defs = uow.session.scalars(
            select(ProcessDefinition).order_by(ProcessDefinition.process_id, ProcessDefinition.version)
        ).all()
        return [_definition_dict(d, unchanged=False) for d in defs]


def definition_source(platform: Platform, process_id: str, version: int | None = None) -> str:
    with platform.uow(write=False) as uow:
        q = select(ProcessDefinition).where(ProcessDefinition.process_id == process_id)
        if version is not None:
            q = q.where(ProcessDefinition.version == version)
        pd = uow.session.scalars(q.order_by(ProcessDefinition.version.desc()).limit(1)).first()
        if pd is None:
            raise NotFound(f"Onbekend proces '{process_id}'.", code="proces-onbekend")
        return (
            uow.session.scalar(select(ModelFile.source).where(ModelFile.content_hash == pd.main_file_hash))
            or ""
        )
