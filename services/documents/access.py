"""Who may read and add documents of a case.

LEAD: at merge, move ``may_read_document`` and ``may_write_document`` (and ``DocumentActor``) into
services/policy.py, the one authorization module; services/documents/service.py imports them from here
only, so the move is a one-line import change. The service functions never decide access themselves.

The policy (decided for issue 13, after the ZGW meaning of the vertrouwelijkheidaanduiding):

* behandelaar (a broad staff role: vergunningverlener, teamleider, projectleider, beheerder): every
  document of every case, including deleted ones.
* internal adviser with a task on the case (member of an afdeling): up to and including
  ``vertrouwelijk``; ``confidentieel`` and higher only when shared with one of their groups.
* external party with a task on the case (a group of kind other than afdeling: omgevingsdienst,
  netbeheerder, ...): ``openbaar`` and ``beperkt_openbaar``, plus documents shared with one of their groups.
* initiatiefnemer of the case (the user who started it): ``openbaar`` and ``beperkt_openbaar``, plus the
  documents they uploaded themselves.
* everyone, for every party above: their own uploads. Nobody but a behandelaar sees deleted documents.
* anyone else: nothing (also not openbaar documents: the case itself is not theirs to browse).

Adding documents: the type's ``uploaders`` (bpmn/documenttypen.toml) names which of behandelaar, adviseur
and initiatiefnemer may add it; an external party counts as adviseur.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from services.documents.types import DocumentType, Vertrouwelijkheid

BROAD_ROLES = frozenset({"vergunningverlener", "teamleider", "projectleider", "beheerder"})


@dataclass(frozen=True)
class DocumentActor:
    """What the policy needs to know about the user in relation to ONE case."""

    username: str
    role: str
    groups: frozenset[str] = frozenset()
    external_groups: frozenset[str] = frozenset()
    has_task_on_case: bool = False
    is_initiator: bool = False

    @property
    def party(self) -> str:
        """behandelaar | adviseur | extern | initiatiefnemer | geen"""
        if self.role in BROAD_ROLES:
            return "behandelaar"
        if self.is_initiator:
            return "initiatiefnemer"
        if self.has_task_on_case:
            return "extern" if self.groups and self.groups <= self.external_groups else "adviseur"
        return "geen"


def may_read_document(
    actor: DocumentActor,
    *,
    vertrouwelijkheid: str,
    uploaded_by: str,
    gedeeld_met: Collection[str] = (),
    verwijderd: bool = False,
) -> bool:
    party = actor.party
    if party == "behandelaar":
        return True
    if verwijderd or party == "geen":
        return False
    if uploaded_by == actor.username:
        return True
    level = Vertrouwelijkheid.lees(vertrouwelijkheid)
    shared = bool(set(gedeeld_met) & actor.groups)
    if party == "adviseur":
        return shared or level.rang <= Vertrouwelijkheid.VERTROUWELIJK.rang
    if party == "extern":
        return shared or level.rang <= Vertrouwelijkheid.BEPERKT_OPENBAAR.rang
    return level.rang <= Vertrouwelijkheid.BEPERKT_OPENBAAR.rang  # initiatiefnemer


def may_write_document(actor: DocumentActor, doc_type: DocumentType) -> bool:
    party = actor.party
    if party == "geen":
        return False
    role = "adviseur" if party == "extern" else party
    return role in doc_type.uploaders
