"""The configuration of the authorization policy: ``autorisatie.toml`` next to the models, read once per
change of the file. The decisions themselves are in services/policy/__init__.py."""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from processes.constants import Role
from services.case_fields import NULLABLE_OBJECT_FIELDS
from services.config import Settings

RULES_FILE = "autorisatie.toml"
ADMIN_ROLE = Role.BEHEERDER
#: app_group.kind of a group that is an external organisation (external like ``[partijen] extern``)
ORGANISATION_KIND = "organisatie"
#: the kinds of account (policy.kind) that are the municipality's own staff: policy.is_municipal
MUNICIPAL_KINDS = frozenset({"beheerder", "behandelaar", "medewerker"})
#: the sender in ``[berichten]`` meaning the group of the case's outside bevoegd gezag (policy.authority)
AUTHORITY_SENDER = "bevoegd-gezag"


# -- configuration ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rules:
    external_groups: frozenset[str]
    fields: Mapping[str, frozenset[str]]
    senders: Mapping[str, tuple[str, ...]]
    documents: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: roles that see and retry the outbox's deliveries (ZGW, e-mail): [beheer].afleveringen
    delivery_roles: frozenset[str] = frozenset({ADMIN_ROLE})
    #: roles that may see the per-model waiting figures (heatmap, CSV): [inzicht].heatmap
    insight_roles: frozenset[str] = frozenset({Role.TEAMLEIDER, Role.BEHEERDER})
    #: the group that speaks for each outside bevoegd gezag of a case: [bevoegd_gezag] (policy.authority)
    authorities: Mapping[str, str] = field(default_factory=dict)
    #: per task ("<process id>.<task id>"), the fields its handler reads beyond [velden]: [taakvelden]
    task_fields: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def senders_of(self, message: str) -> tuple[str, ...]:
        return self.senders.get(message, self.senders.get("*", ("behandelaar",)))


def rules_path(settings: Settings) -> Path:
    return settings.model_file(RULES_FILE)


#: the rules a step read (``rules_per_step``): [] until its first ask, then [its settings, their rules]
_STEP: ContextVar[list[Any] | None] = ContextVar("step_rules", default=None)


def rules(settings: Settings) -> Rules:
    held = _STEP.get()
    if held is None or held and held[0] is not settings:
        return _read(settings)
    if not held:  # a step asks several times: read once (issue #12)
        held.extend((settings, _read(settings)))
    return held[1]  # type: ignore[no-any-return]


def _read(settings: Settings) -> Rules:
    path = settings.model_file_name(RULES_FILE)  # no Path built (issue #12)
    return _load(path, os.stat(path).st_mtime_ns)


@contextmanager
def rules_per_step() -> Iterator[None]:
    """Within the block (a step), ``rules(settings)`` reads the file (or finds it unchanged) once, at the
    first ask, and gives the same rules after (for those settings): one step decides by one version of
    the file."""
    token = _STEP.set([])
    try:
        yield
    finally:
        _STEP.reset(token)


def listed_external(settings: Settings | None) -> frozenset[str]:
    """The groups ``[partijen] extern`` lists (with the authorities' groups); none without settings."""
    return rules(settings).external_groups if settings is not None else frozenset()


@functools.lru_cache(maxsize=8)
def _load(path: str, _mtime: int) -> Rules:
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    fields = doc.get("velden", {})
    authorities = {str(k): str(v) for k, v in doc.get("bevoegd_gezag", {}).items()}
    return Rules(  # an authority's group is an outside organisation, listed under [partijen] or not
        external_groups=frozenset(doc.get("partijen", {}).get("extern", []))
        | frozenset(authorities.values()),
        fields={k: frozenset(v) for k, v in fields.items()},
        senders={k: tuple(v) for k, v in doc.get("berichten", {}).items()},
        documents={k: frozenset(v) for k, v in doc.get("documenten", {}).items()},
        delivery_roles=frozenset(doc.get("beheer", {}).get("afleveringen", [ADMIN_ROLE])),
        insight_roles=frozenset(doc.get("inzicht", {}).get("heatmap", [Role.TEAMLEIDER, Role.BEHEERDER])),
        authorities=authorities,
        task_fields={str(k): frozenset(v) for k, v in doc.get("taakvelden", {}).items()},
    )


# -- shared fields (decided in services/policy/__init__.py: case_view) ------------------------------------------
def empty_like(value: Any) -> Any:
    """What a field outside the share shows: emptied, never removed ({} , [] or None)."""
    return {} if isinstance(value, dict) else [] if isinstance(value, list) else None


def withheld(key: str, value: Any) -> Any:
    """What the whole field ``key`` of a case shows outside the share: null for a field that is an object
    or null (``NULLABLE_OBJECT_FIELDS``: the API's spec has no empty object for it, and null says what an
    empty one would not, that there is nothing this reader sees), else emptied like its value."""
    return None if key in NULLABLE_OBJECT_FIELDS else empty_like(value)


def shared_part(value: Any, paths: Iterable[str]) -> Any:
    """The part of a mapping field that dotted [velden] entries share (``samenvatting.alternatieven`` of
    ``samenvatting``): only those keys, at any depth, and nothing beside them."""
    tree: dict[str, list[str]] = {}
    for path in paths:
        head, _, rest = path.partition(".")
        tree.setdefault(head, []).append(rest)
    if not isinstance(value, dict):
        return empty_like(value)
    out: dict[str, Any] = {}
    for key, rests in tree.items():
        if key not in value:
            continue
        part = value[key] if "" in rests else shared_part(value[key], [r for r in rests if r])
        if part or "" in rests:  # a part that shares nothing is left out, not shown empty
            out[key] = part
    return out


#: a [velden] entry: every field (then only the entries ``WITHOUT`` + name leave something out)
EVERY_FIELD = "*"
#: the prefix of a [velden] entry that leaves a field, or a dotted part of one, out of ``EVERY_FIELD``
WITHOUT = "!"


def shares(shared: frozenset[str] | None, key: str) -> bool:
    """Does a [velden] list (None: every field) share the whole field ``key``?"""
    if shared is None:
        return True
    if EVERY_FIELD in shared:
        return WITHOUT + key not in shared
    return key in shared


def shares_all(shared: frozenset[str] | None) -> bool:
    """Does a [velden] list (None: every field) share every field, leaving nothing out?"""
    return shared is None or (EVERY_FIELD in shared and not any(e.startswith(WITHOUT) for e in shared))


def shares_part(shared: frozenset[str] | None, path: str) -> bool:
    """Does a [velden] list (None: every field) share the whole dotted part ``path`` of a field
    ("samenvatting.gegevens.bezwaar"): an entry names it or a part above it, and beside ``EVERY_FIELD`` no
    ``!`` entry does?"""
    if shared is None:
        return True
    parts = path.split(".")
    above = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    if EVERY_FIELD in shared:
        return not any(WITHOUT + name in shared for name in above)
    return bool(above & shared)


def with_reads(shared: frozenset[str] | None, reads: Iterable[str]) -> frozenset[str] | None:
    """A [velden] list (None: every field) that also shares the fields ``reads`` names ([taakvelden]: what
    the handler of a task reads on its case): beside ``EVERY_FIELD`` their ``!`` entries dropped, else added."""
    extra = frozenset(reads)
    if shared is None or not extra:
        return shared
    if EVERY_FIELD in shared:
        return shared - {WITHOUT + name for name in extra}
    return shared | extra


def _left_out(value: Any, path: list[str]) -> Any:
    """``value`` without the part a dotted ``!`` entry names (a copy along the path; the rest as it is)."""
    if not isinstance(value, dict) or path[0] not in value:
        return value
    head, rest = path[0], path[1:]
    out = dict(value)
    if rest:
        out[head] = _left_out(value[head], rest)
    else:
        del out[head]
    return out


def shared_view(case: Mapping[str, Any], shared: frozenset[str]) -> dict[str, Any]:
    """Every field of ``case``, those outside ``shared`` emptied; a dotted entry of ``shared``
    ("samenvatting.alternatieven") keeps that part of its field (:func:`shared_part`). With
    ``EVERY_FIELD`` it is the other way round: every field, but a ``!`` entry's field emptied, or of
    a dotted one ("!samenvatting.ingediende_zienswijzen") that part left out."""
    if EVERY_FIELD in shared:
        out = dict(case)
        for entry in sorted(e.removeprefix(WITHOUT) for e in shared if e.startswith(WITHOUT)):
            head, *rest = entry.split(".")
            if head in out:
                out[head] = _left_out(out[head], rest) if rest else withheld(head, out[head])
        return out
    return {key: _shared_field(key, value, shared) for key, value in case.items()}


def _shared_field(key: str, value: Any, shared: frozenset[str]) -> Any:
    """One field of a case as a [velden] list without ``EVERY_FIELD`` shares it: whole, the parts its
    dotted entries name, or :func:`withheld`."""
    if key in shared:
        return value
    parts = [f[len(key) + 1 :] for f in shared if f.startswith(f"{key}.")]
    return shared_part(value, parts) if parts else withheld(key, value)


# -- who may send a message (decided in services/policy/__init__.py) ----------------------------------------------
def code_holder_may_send(message: str, rules: Rules) -> bool:
    """May the holder of a volgcode send this message from the public status page?"""
    return "initiatiefnemer" in rules.senders_of(message)


def describe_senders(senders: Iterable[str], organisations: Mapping[str, str] | None = None) -> str:
    """Who may send, in words; ``organisations``: the case's own organisation per party (its
    ``organisaties``), which alone is ``groep:<party>`` on that case (policy._sender_matches)."""
    names = {
        "initiatiefnemer": "de initiatiefnemer",
        "behandelaar": "een behandelaar van de gemeente",
        AUTHORITY_SENDER: "het bevoegd gezag van de zaak (provincie of Rijk)",
    }
    named = organisations or {}

    def party(sender: str) -> str:
        group = sender.removeprefix("groep:")
        own = named.get(group, group)
        return f"de {group}" if own == group else f"{own} (de {group} die deze zaak noemt)"

    parts = [names.get(s) or party(s) for s in senders]
    return " of ".join(parts) if parts else "niemand"
