"""The versions a deploy makes: one per process of the upload, and one per deployed process that calls
a file of the upload its newest version does not have yet (services.deployments plans them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.engine import deploy as dep
from services.store.models import ProcessDefinition


@dataclass
class Planned:
    """A version a deploy makes (unless its process's newest version already has these files):
    the process ``pid`` of ``src`` with the files it needs; ``because`` names the new processes and
    decisions that made a version of a calling process (empty for a process of the upload);
    ``latest``: the process's newest version now (None: not deployed yet)."""

    src: dep.ModelSource
    pid: str
    bundle: list[dep.ModelSource]
    latest: ProcessDefinition | None
    because: list[str] = field(default_factory=list)


def own_versions(
    new: list[dep.ModelSource],
    context: list[dep.ModelSource],
    defs: list[ProcessDefinition],
    callers: list[Planned],
) -> list[Planned]:
    """Each process of the upload with the files it needs; a file of the upload that no process, of
    the upload or a deployed caller, needs goes with every process of the upload (so it is kept)."""
    pool, newest = new + context, {d.process_id: d for d in defs}
    planned = [
        Planned(src, pid, dep.needed([src], pool), newest.get(pid)) for src in new for pid in src.process_ids
    ]
    used = {b.content_hash for p in planned + callers for b in p.bundle}
    for p in planned:
        p.bundle += [n for n in new if n.content_hash not in used]
    return planned


def caller_versions(
    new: list[dep.ModelSource], context: list[dep.ModelSource], defs: list[ProcessDefinition]
) -> list[Planned]:
    """A new version of every deployed process that calls a file of the upload (directly or through
    another process) that its newest version does not have yet."""
    pool, new_hashes = new + context, {n.content_hash for n in new}
    by_hash = {c.content_hash: c for c in context}
    planned = []
    for pd in defs:
        main = by_hash.get(pd.main_file_hash)
        if main is None or pd.process_id not in main.process_ids:
            continue  # the upload replaces its file
        bundle = dep.needed([main], pool)
        from_new = [b for b in bundle if b.content_hash in new_hashes]
        if not from_new or {b.content_hash for b in bundle} <= set(pd.file_hashes):
            continue
        called = {c for b in bundle for c in [*b.called_processes, *b.called_decisions]}
        because = {i for b in from_new for i in [*b.defined_processes, *b.decision_ids]} & called
        planned.append(Planned(main, pd.process_id, bundle, pd, sorted(because)))
    return planned
