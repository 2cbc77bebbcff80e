"""Deploy model versions and build the specs of a deployed process (cached by bundle hash)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes.errors import NotFound, ValidationError
from services.clock import iso_utc
from services.engine import deploy as dep
from services.engine.types import Specs
from services.platform import Platform
from services.store.models import Group, ModelFile, ProcessDefinition
from services.workflow_store import store_spec


def read_files(paths: list[str | Path]) -> list[tuple[str, str]]:
    files = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise ValidationError(f"Bestand '{p}' bestaat niet.", code="bestand-onbekend")
        try:
            files.append((path.name, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError as exc:
            raise ValidationError(f"Bestand '{p}' is geen UTF-8-tekst.", code="bestand-ongeldig") from exc
    return files


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
    src: dep.ModelSource,
    pid: str,
    latest: ProcessDefinition | None,
    bundle_hash: str,
    bundle_hashes: list[str],
    now: datetime,
) -> ProcessDefinition:
    """The next version of process ``pid`` for this bundle, with its lanes as groups and its spec stored."""
    version = (latest.version + 1) if latest else 1
    pd = ProcessDefinition(
        process_id=pid,
        name=src.process_names.get(pid, pid),
        version=version,
        bundle_hash=bundle_hash,
        file_hashes=bundle_hashes,
        main_file_hash=src.content_hash,
        lanes=src.lanes.get(pid, []),
        deployed_at=now,
    )
    s.add(pd)
    for lane in src.lanes.get(pid, []):
        if s.scalar(select(Group.id).where(Group.name == lane)) is None:
            s.add(Group(name=lane))
    s.flush()
    _store_spec(platform, s, parser, pd)
    return pd


def deploy_context(session: Session, new: list[dep.ModelSource]) -> list[dep.ModelSource]:
    """The newest files of the other deployed processes and decisions: what ``new`` may call. A file
    that ``new`` replaces (it holds one of the same processes or decisions) is left out."""
    new_pids = {pid for s in new for pid in s.process_ids}
    new_dids = {d for s in new for d in s.decision_ids}
    new_hashes = {n.content_hash for n in new}
    return [
        s
        for s in _latest_sources(session)
        if not (set(s.process_ids) & new_pids or set(s.decision_ids) & new_dids)
        and s.content_hash not in new_hashes
    ]


def check_bundle(
    platform: Platform, session: Session, files: list[tuple[str, str]]
) -> tuple[list[dep.ModelSource], list[dep.ModelSource], Any]:
    """The deploy checks of ``files`` with the deployed context: (new sources, context, parser).
    Raises ModelRefused (422, ``problemen``) listing every problem; nothing is stored."""
    if not files:
        raise ValidationError("Geen modelbestanden opgegeven.", code="geen-bestanden")
    new = dep.check_sources(files)
    if not any(src.process_ids for src in new):
        raise ValidationError(
            "Deze upload bevat alleen beslistabellen en geen proces: geen enkele versie zou ze gebruiken. "
            "Deploy een beslistabel samen met het proces dat haar "
            "gebruikt (bijvoorbeeld omgevingsvergunning.bpmn met advies-routering.dmn); dat proces krijgt "
            "dan een nieuwe versie met de nieuwe tabel.",
            code="geen-proces",
        )
    context = deploy_context(session, new)
    parser = dep.validate_bundle(new, context, platform.registry.service_functions())
    return new, context, parser


def deploy_in(
    platform: Platform, session: Session, files: list[tuple[str, str]], *, user: str | None = None
) -> list[dict[str, Any]]:
    """Validate and store model files in the caller's transaction (the caller commits); one new
    version per executable process whose bundle changed."""
    new, context, parser = check_bundle(platform, session, files)
    bundle = new + context
    bundle_hashes = sorted(s.content_hash for s in bundle)
    bundle_hash = hashlib.sha256("".join(bundle_hashes).encode()).hexdigest()
    now = platform.clock.now()
    _store_files(session, bundle, now, user)
    out = []
    for src in new:
        for pid in src.process_ids:
            latest = session.scalars(
                select(ProcessDefinition)
                .where(ProcessDefinition.process_id == pid)
                .order_by(ProcessDefinition.version.desc())
                .limit(1)
            ).first()
            if latest is not None and latest.bundle_hash == bundle_hash:
                out.append(_definition_dict(latest, unchanged=True))
                continue
            pd = _new_version(platform, session, parser, src, pid, latest, bundle_hash, bundle_hashes, now)
            out.append(_definition_dict(pd, unchanged=False))
    return out


def deploy(
    platform: Platform, files: list[tuple[str, str]], *, user: str | None = None
) -> list[dict[str, Any]]:
    """Validate and store model files; one new version per executable process whose bundle changed."""
    with platform.uow() as uow:
        out = deploy_in(platform, uow.session, files, user=user)
        uow.commit()
    return out


def _store_spec(platform: Platform, session: Any, parser: Any, pd: ProcessDefinition) -> None:
    """Store the new version's serialized spec once (by content hash) and keep the built objects."""
    specs = dep.build_specs(parser, pd.process_id)
    platform._spec_cache[f"{pd.bundle_hash}:{pd.process_id}"] = specs
    store_spec(platform, session, specs[0], specs[1], pd.process_id)


def _definition_dict(pd: ProcessDefinition, *, unchanged: bool) -> dict[str, Any]:
    return {
        "process_id": pd.process_id,
        "naam": pd.name,
        "versie": pd.version,
        "id": pd.id,
        "bundel": pd.bundle_hash[:12],
        "ongewijzigd": unchanged,
        "lanes": pd.lanes,
        "gedeployed_op": iso_utc(pd.deployed_at),
    }


def _latest_sources(session: Any) -> list[dep.ModelSource]:
    """The files of the newest version of every deployed process (context for new deployments)."""
    latest_ids = (
        select(ProcessDefinition.process_id, func.max(ProcessDefinition.version).label("v"))
        .group_by(ProcessDefinition.process_id)
        .subquery()
    )
    defs = session.scalars(
        select(ProcessDefinition).join(
            latest_ids,
            (ProcessDefinition.process_id == latest_ids.c.process_id)
            & (ProcessDefinition.version == latest_ids.c.v),
        )
    ).all()
    hashes = {h for d in defs for h in d.file_hashes}
    if not hashes:
        return []
    files = session.scalars(select(ModelFile).where(ModelFile.content_hash.in_(hashes))).all()
    sources = []
    for f in files:
        src, _ = dep.inspect_source(f.filename, f.source)
        sources.append(src)
    return sources


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
