"""What an upload states about where it comes from: who wrote it (``auteur``, ``organisatie``), the day the
municipality received it (``ontvangstdatum``) and the groups it is shared with (``gedeeld_met``). The
municipality's own accounts state them; an account outside it (an initiator, an outside party) only for
itself, and the municipality registers the day its upload came in, as it does for a message
(services/status/messages.py ``as_received``). services/documents/service.py asks this before anything is
staged; a refusal stores nothing."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.errors import ValidationError
from processes.termijnen.datums import datum_nl
from services import policy
from services.store.models import Case, Group, User

#: the auteur an upload of the applicant carries when the volgcode's holder sends it (public.py): the
#: applicant's account may state it too
APPLICANT_AUTEUR = "aanvrager"


class StatedOrigin(Protocol):
    """The fields of an upload (service.NewDocument) this module checks (a Protocol: service.py imports
    this module, and the layering contract allows no cycle, not even one for type checking)."""

    @property
    def auteur(self) -> str: ...

    @property
    def organisatie(self) -> str: ...

    @property
    def ontvangstdatum(self) -> date | None: ...

    @property
    def gedeeld_met(self) -> Collection[str]: ...


def checked_ontvangstdatum(
    actor: policy.DocumentActor, given: date | None, vandaag: date, ontvangen: date | None
) -> date | None:
    """The ontvangstdatum to store. An account outside the municipality does not choose it: its upload is
    received today (``vandaag``, services.clock.today); another day it gives is refused. The municipality's
    own registers the day a document came in (a letter received by post): not after today and not before
    the application was received (``ontvangen``: besluit_context.ontvangen_op), as a besluitdatum."""
    if not actor.municipal:
        if given is not None and given != vandaag:
            raise ValidationError(
                f"De ontvangstdatum ({datum_nl(given)}) legt de gemeente vast: dat is de dag waarop zij uw "
                f"document ontvangt, vandaag ({datum_nl(vandaag)}). Laat de ontvangstdatum leeg.",
                code="ontvangstdatum-niet-toegestaan",
                veld="ontvangstdatum",
            )
        return vandaag
    if given is not None and given > vandaag:
        raise ValidationError(
            f"De ontvangstdatum ({datum_nl(given)}) ligt in de toekomst (vandaag is {datum_nl(vandaag)}); "
            "leg vast op welke dag het document is ontvangen.",
            code="ontvangstdatum-in-toekomst",
            veld="ontvangstdatum",
        )
    if given is not None and ontvangen is not None and given < ontvangen:
        raise ValidationError(
            f"De ontvangstdatum ({datum_nl(given)}) ligt vóór de ontvangst van de aanvraag "
            f"({datum_nl(ontvangen)}).",
            code="ontvangstdatum-voor-ontvangst",
            veld="ontvangstdatum",
        )
    return given


def own_names(user: User, party: str, case: Case) -> frozenset[str]:
    """The auteur an account outside the municipality may state: its own name or login, and for the
    applicant also the case's applicant (its name on the case, or 'aanvrager')."""
    names = {user.display_name, user.username}
    if party == "initiatiefnemer":
        names |= {case.initiator or "", APPLICANT_AUTEUR}
    return frozenset(_same(n) for n in names if n and n.strip())


def own_organisations(user: User) -> frozenset[str]:
    """The organisatie an account outside the municipality may state: a group it is an account of, its
    outside organisation or party (an account of several writes for one of them; an initiator has none)."""
    return frozenset(_same(g.name) for g in user.groups)


def _same(text: str) -> str:
    """How two names are compared: without the case and the spaces around them."""
    return text.strip().casefold()


def check_authorship(
    s: Session, actor: policy.DocumentActor, case: Case, auteur: str, organisatie: str
) -> None:
    """An account outside the municipality states no other author than itself (``own_names``) and no
    other organisation than its own (``own_organisations``): its upload must not read as the
    municipality's or another party's. Empty stays allowed. The municipality's own state any."""
    if actor.municipal or not (auteur or organisatie):
        return
    user = policy.user_named(s, actor.username)  # read only for an account outside that states either
    if auteur and _same(auteur) not in own_names(user, actor.party, case):
        raise ValidationError(
            f"Als auteur kunt u alleen uzelf opgeven, niet '{auteur}'. Laat het veld leeg of geef uw eigen "
            "naam.",
            code="auteur-niet-eigen",
            veld="auteur",
        )
    if organisatie and _same(organisatie) not in own_organisations(user):
        raise ValidationError(
            f"Als organisatie kunt u alleen uw eigen organisatie opgeven, niet '{organisatie}'. Laat het "
            "veld leeg" + (" of geef de naam van uw organisatie." if actor.party == "extern" else "."),
            code="organisatie-niet-eigen",
            veld="organisatie",
        )


def check_known_groups(s: Session, gedeeld_met: Collection[str]) -> None:
    """A document is shared only with a group that exists (a department or an outside organisation or
    party): a typo would share it with nobody, without a word."""
    wanted = set(gedeeld_met)
    if not wanted:
        return
    known = set(s.scalars(select(Group.name).where(Group.name.in_(wanted))))
    unknown = sorted(wanted - known)
    if unknown:
        names = ", ".join(f"'{g}'" for g in unknown)
        raise ValidationError(
            f"Onbekende groep bij 'gedeeld met': {names}. Deel een document alleen met een afdeling of "
            "organisatie die bestaat; controleer de schrijfwijze.",
            code="groep-onbekend",
            veld="gedeeld_met",
            onbekend=unknown,
        )


def checked_origin(
    s: Session,
    actor: policy.DocumentActor,
    case: Case,
    meta: StatedOrigin,
    vandaag: date,
    ontvangen: date | None,
) -> date | None:
    """Check what ``meta`` states about its origin for ``actor`` on ``case``; returns the ontvangstdatum
    to store (``checked_ontvangstdatum``)."""
    check_authorship(s, actor, case, meta.auteur, meta.organisatie)
    check_known_groups(s, meta.gedeeld_met)
    return checked_ontvangstdatum(actor, meta.ontvangstdatum, vandaag, ontvangen)
