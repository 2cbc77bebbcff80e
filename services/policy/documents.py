"""Who may read and add the documents of a case: the document part of the authorization policy.

services/policy/__init__.py re-exports these and builds the ``DocumentActor`` of an account on a case; services/documents asks these functions and never decides
access itself. The levels per kind of account come from the ``[documenten]`` section of
``autorisatie.toml``, by kind; ``DEFAULT_LEVELS`` (the shipped file's) applies to a kind it leaves out. The
party of a reader (behandelaar, adviseur, extern, initiatiefnemer, geen) is ``PARTY_OF_KIND`` of the kind
services/policy/__init__.py gives its account: worked out there once, never again from its role here.

* Documents follow the case: whoever may not see the case sees none of its documents (not even openbaar).
* behandelaar (kind behandelaar, the roles of policy.HANDLER_ROLES, or beheerder, on a case it may see): the levels
  of its kind, and deleted documents too.
* internal adviser with a task on the case (kind medewerker): up to and including ``vertrouwelijk``;
  higher only when shared with one of its groups. A document of a third party (``THIRD_PARTY_TYPES``: a
  neighbour's zienswijze, a bezwaar) it reads only when shared with one of its groups, at any level, as its
  case view leaves those out (``[velden] medewerker``); by its level, though, where it handles that
  submission (``[taakvelden]`` gives it the type's field on the case: services/policy/reads.py).
* external party with a task on the case: ``openbaar`` and ``beperkt_openbaar``, plus documents shared
  with one of its groups. A document that names the applicant (``NAMES_APPLICANT``: the besluit letter,
  the aanvraagformulier) only when its case view shows the applicant (``initiatiefnemer`` in
  ``[velden].extern``) or the municipality shared the document with its group: a document does not
  give away the name the case view withholds (data minimisation).
* initiatiefnemer of the case: ``openbaar`` and ``beperkt_openbaar``, plus its own uploads.
* everyone involved: its own uploads. Nobody but a behandelaar sees deleted documents.
* account names: the municipality's own (behandelaar, adviseur) read who uploaded a document and who did
  what on the timeline; an initiator or an outside party does not (``account_name``, for both).
* the case's timeline: a document's line (its title, a deletion's reason) only for whoever may read that
  document (``readable_timeline``); whoever may not does not learn from it that the document exists.

Adding documents: the type's ``uploaders`` (bpmn/documenttypen.toml) names which of behandelaar, adviseur
and initiatiefnemer may add it; an external party counts as adviseur. Only a behandelaar gives its upload
any level; every other party the type's default or a stricter one the advisers open (``uploader_levels``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from processes.vertrouwelijkheid import Vertrouwelijkheid
from services.policy.autorisatie import MUNICIPAL_KINDS, shares
from services.store.models import Document

#: the ZGW vertrouwelijkheidaanduidingen from least to most confidential
LEVELS = tuple(level.value for level in Vertrouwelijkheid)
_ALL = frozenset(LEVELS)
_PUBLIC = frozenset(LEVELS[:2])
#: levels per kind of account that autorisatie.toml [documenten] leaves out: the shipped
#: bpmn/autorisatie.toml's (tests/unit/documents/test_access_and_checks.py compares them)
DEFAULT_LEVELS: dict[str, frozenset[str]] = {
    "beheerder": _ALL,
    "behandelaar": _ALL,
    "medewerker": frozenset(LEVELS[: LEVELS.index("vertrouwelijk") + 1]),
    "extern": _PUBLIC,
    "initiatiefnemer": _PUBLIC,
}
#: the timeline lines (services/documents/service.py, changes.py, verzending.py) that name a document:
#: ``gegevens.document`` is its id
DOCUMENT_EVENTS = frozenset(
    {"document-toegevoegd", "document-versie", "document-verwijderd", "besluit-verzonden"}
)
#: the informatieobjecttypen whose content names the applicant: the besluit letter (its template prints
#: ``aanvrager``, services/documents/templates/besluit/base.html) and the application form
NAMES_APPLICANT = frozenset({"besluit", "aanvraagformulier"})
#: the informatieobjecttypen whose content is a third party's personal data (a neighbour's zienswijze: its
#: name, address and what it wrote; a bezwaarschrift), each with the case field that holds that submission
#: ([velden]): an adviser of the municipality reads one only when it is shared with its group (or its own
#: upload), whatever its level, or by its level where it handles the submission ([taakvelden] gives it the
#: field on the case, services/policy/reads.py); the others by level as any document
THIRD_PARTY_TYPES: Mapping[str, str] = {
    "zienswijze": "samenvatting.ingediende_zienswijzen",
    "bezwaar": "samenvatting.gegevens.bezwaar",
}
#: the case field (autorisatie.toml [velden]) that holds the applicant's name
APPLICANT_FIELD = "initiatiefnemer"
#: who uploaded what the holder of a case's volgcode sends through the status page (the applicant without
#: a login: services/documents/public.py)
CODE_HOLDER = "aanvrager (volgcode)"
#: the party of a document rule for each kind of account of services/policy/__init__.py
PARTY_OF_KIND = {
    "beheerder": "behandelaar",
    "behandelaar": "behandelaar",
    "medewerker": "adviseur",
    "extern": "extern",
    "initiatiefnemer": "initiatiefnemer",
}
#: the parties of the municipality's own kinds of account (MUNICIPAL_KINDS, policy.is_municipal); they
#: also read the officers' account names (``account_name``)
MUNICIPAL_PARTIES = frozenset(PARTY_OF_KIND[k] for k in MUNICIPAL_KINDS)


class HasUploaders(Protocol):
    """A document type (services/documents/types.py DocumentType): who may add it."""

    @property
    def uploaders(self) -> Collection[str]: ...


def level_of(aanduiding: str) -> str:
    """The aanduiding as stored ("Beperkt openbaar" -> "beperkt_openbaar"); "" when unknown."""
    value = str(aanduiding).strip().lower().replace(" ", "_")
    return value if value in _ALL else ""


@dataclass(frozen=True)
class DocumentActor:
    """What the document rules need to know about the user in relation to ONE case."""

    username: str
    #: behandelaar | adviseur | extern | initiatiefnemer | geen: PARTY_OF_KIND of its kind, "geen" when it
    #: may not see the case (``document_actor_of``)
    party: str
    groups: frozenset[str] = frozenset()
    sees_case: bool = True
    #: the levels it opens: its kind's in autorisatie.toml [documenten], else DEFAULT_LEVELS
    levels: frozenset[str] = frozenset()
    #: an external party's case view shows the applicant's name (APPLICANT_FIELD in [velden].extern)
    applicant_shared: bool = False
    #: the THIRD_PARTY_TYPES it reads by level on this case: their submissions it handles ([taakvelden])
    handles: frozenset[str] = frozenset()
    #: the other names its own uploads on this case carry: the applicant's account and the holder of the
    #: case's volgcode (``CODE_HOLDER``) are one applicant, so each reads what the other uploaded
    also_own: frozenset[str] = frozenset()

    def may_open_level(self, vertrouwelijkheid: str) -> bool:
        return self.party != "geen" and level_of(vertrouwelijkheid) in self.levels

    @property
    def municipal(self) -> bool:
        """Is it the municipality's own (a behandelaar, the beheerder, an internal adviser: policy.is_municipal)?
        Only an account outside it (an initiator, an outside party) has an upload budget
        (services/documents/quota.py)."""
        return self.party in MUNICIPAL_PARTIES

    @property
    def chooses_any_level(self) -> bool:
        """Does it give its upload any vertrouwelijkheidaanduiding? Only the municipality's officers (a
        behandelaar, the beheerder) do; anyone else the levels of ``uploader_levels``."""
        return self.party == "behandelaar"

    def reads_applicant(self) -> bool:
        """May it read the applicant's name in a document? The municipality's own and the applicant itself
        do; an external party only when its case view shows the name too."""
        return self.party != "extern" or self.applicant_shared


def may_read_document(
    actor: DocumentActor,
    *,
    vertrouwelijkheid: str,
    uploaded_by: str,
    gedeeld_met: Collection[str] = (),
    verwijderd: bool = False,
    informatieobjecttype: str = "",
) -> bool:
    party = actor.party
    if party == "geen" or (verwijderd and party != "behandelaar"):
        return False
    if uploaded_by == actor.username or uploaded_by in actor.also_own:
        return True
    names_applicant = informatieobjecttype in NAMES_APPLICANT
    by_level = actor.may_open_level(vertrouwelijkheid) and (actor.reads_applicant() or not names_applicant)
    third_party = informatieobjecttype in THIRD_PARTY_TYPES and informatieobjecttype not in actor.handles
    if by_level and not (party == "adviseur" and third_party):
        return True
    return party in ("adviseur", "extern") and bool(set(gedeeld_met) & actor.groups)


def account_name(party: str, name: str | None, own: str | None = None) -> str | None:
    """An account name (who uploaded a document or a version, who did a step on the timeline) as an
    account of ``party`` reads it: None for an initiator or an outside party (a login is half of a
    login pair, and theirs to know is the work, not who did it), unless it is ``own``, the reader's."""
    return name if party in MUNICIPAL_PARTIES or (own is not None and name == own) else None


def task_names(party: str, task: Mapping[str, Any], own: str | None) -> dict[str, Any]:
    """A task (``projection_views.task_dict``) as an account of ``party`` reads it in a case: who holds and
    who completed it by :func:`account_name`; ``opgepakt`` says that it is held, also without the name."""
    holder = task.get("toegewezen_aan")
    return {
        **task,
        "toegewezen_aan": account_name(party, holder, own),
        "voltooid_door": account_name(party, task.get("voltooid_door"), own),
        "opgepakt": holder is not None,
    }


def may_write_document(actor: DocumentActor, doc_type: HasUploaders) -> bool:
    party = actor.party
    if party == "geen":
        return False
    role = "adviseur" if party == "extern" else party
    return role in doc_type.uploaders


def uploader_levels(default: str, levels_per_kind: Mapping[str, Collection[str]]) -> list[str]:
    """The vertrouwelijkheidaanduidingen any party but a behandelaar (an initiator, an internal adviser,
    an outside party) may give its own upload: the type's ``default``, or a stricter one that the
    advisers of the case (kind medewerker in ``levels_per_kind``, the ``[documenten]`` rules; else the
    shipped levels) may still open. Stricter would hide the document from who assesses the case; less
    strict (openbaar, beperkt_openbaar: the applicant's status page) is the municipality's call. A
    behandelaar (and the beheerder) chooses any level."""
    advisers = levels_per_kind.get("medewerker", DEFAULT_LEVELS["medewerker"])
    start = LEVELS.index(level_of(default) or default)
    return [lvl for lvl in LEVELS[start:] if lvl == LEVELS[start] or lvl in advisers]


def may_version_document(actor: DocumentActor, doc_type: HasUploaders, uploaded_by: str) -> bool:
    """A new version of a document: a behandelaar of the case, or whoever uploaded the document
    (if it may still upload its type); not another party's document under that party's title."""
    if not may_write_document(actor, doc_type):
        return False
    return actor.party == "behandelaar" or actor.username == uploaded_by


def may_handle_documents(actor: DocumentActor) -> bool:
    """Delete documents and draft or finalise the besluit: a behandelaar of the case."""
    return actor.party == "behandelaar"


# -- from an account's kind on a case (services/policy/__init__.py builds it) ------------------------------
def document_actor_of(
    username: str,
    groups: frozenset[str],
    kind: str,
    *,
    sees_case: bool,
    levels: Any,
    fields: frozenset[str] | None = frozenset(),
    reads: Collection[str] = (),
    also_own: Collection[str] = (),
) -> DocumentActor:
    """The document view of an account of this ``kind`` (services/policy/__init__.py) on a case it may
    (``sees_case``) or may not see; ``levels`` from autorisatie.toml [documenten] or None; ``fields``
    the case fields its kind reads (policy.shared_fields: None for every field); ``reads`` the fields it
    reads there as the handler of a task ([taakvelden], policy.task_reads). ``also_own``: the other names
    of its own uploads (``DocumentActor.also_own``); an initiator's own case adds the volgcode holder's."""
    party = PARTY_OF_KIND.get(kind, "geen")
    sees = sees_case and party != "geen"
    own = frozenset(also_own) | ({CODE_HOLDER} if sees and party == "initiatiefnemer" else frozenset())
    return DocumentActor(
        username=username,
        party=party if sees else "geen",
        groups=groups,
        sees_case=sees,
        levels=frozenset(levels if levels is not None else DEFAULT_LEVELS.get(kind, ())),
        applicant_shared=shares(fields, APPLICANT_FIELD),
        handles=frozenset(t for t, field in THIRD_PARTY_TYPES.items() if field in reads),
        also_own=own if sees else frozenset(),
    )


def document_readable(doc_actor: DocumentActor, doc: Document) -> bool:
    return may_read_document(
        doc_actor,
        vertrouwelijkheid=doc.vertrouwelijkheidaanduiding,
        uploaded_by=doc.uploaded_by,
        gedeeld_met=doc.gedeeld_met or [],
        verwijderd=doc.verwijderd,
        informatieobjecttype=doc.informatieobjecttype,
    )


def event_document(event: Mapping[str, Any]) -> int | None:
    """The id of the document a timeline line (projection_views.event_dict) is about; None for others."""
    data = event.get("gegevens")
    if event.get("soort") not in DOCUMENT_EVENTS or not isinstance(data, Mapping):
        return None
    doc_id = data.get("document")
    return doc_id if isinstance(doc_id, int) else -1  # -1: a document line without a usable id


def readable_timeline(
    doc_actor: DocumentActor, events: Iterable[dict[str, Any]], docs: Mapping[int, Document]
) -> list[dict[str, Any]]:
    """The timeline without the lines about documents ``doc_actor`` may not read (``docs``: the case's
    documents by id). Such a line names the title, a deletion its reason: left out, as the document
    itself is left out of the list (404 rather than 403)."""
    out = []
    for event in events:
        doc_id = event_document(event)
        doc = docs.get(doc_id) if doc_id is not None else None
        if doc_id is None or (doc is not None and document_readable(doc_actor, doc)):
            out.append(event)
    return out
