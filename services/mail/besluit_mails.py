"""The facts of the besluit's bekendmaking and of the beslissing op bezwaar, for the initiator's mails of them
(services.mail.compose), and the third parties' mails of them.

Third parties' mails: ``besluit_zienswijze``, at the bekendmaking to each e-mail address typed with the
indiener of a zienswijze, every one but the applicant's (Awb 3:44 lid 1 onder b, as
services/domain/zienswijze.besluit_toezenden recorded it):
the besluit's outcome, where to read it and the beroep term (Awb 6:13: open to a timely indiener); only
what a public bekendmaking holds (the title and location without the applicant's name, no tracking link).
``beslissing_bezwaarmaker``, at the beslissing op bezwaar to each e-mail address typed with a bezwaarmaker,
the first's and each joined one's, late ones too, every one but the applicant's (Awb 7:12 lid 2, as
services/domain/bezwaar_beslissing recorded it): the outcome, what became of the besluit and the last day
for beroep at the rechtbank; again only what its bekendmaking may hold, no other bezwaarmaker.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.case_summary import CaseSummary
from processes.namen import email_adressen
from processes.termijnen.bezwaar import BEHANDELEN, besluit_na_bezwaar
from processes.termijnen.datums import datum_nl, weekdag_nl
from services.mail.render import Mail, render
from services.policy.outside import outside_text
from services.public_phases import made_known_on
from services.store.models import Case, CaseEvent


def bekendmaking(case: Case, message: str, today: date) -> dict[str, Any]:
    """The bezwaartermijn mail's facts. The besluit is made known by sending it (Awb 3:41); a letter
    whose verzenddatum lies ahead is told as sent on that day, not as made known already."""
    rm: Mapping[str, Any] = case.typed_summary.rechtsmiddel or {}
    verzonden = made_known_on(case)
    return {
        "tekst": message,
        "tot": rm.get("tot"),
        "soort": rm.get("soort") or "bezwaar",
        "verzonden": verzonden,
        "bekendgemaakt": verzonden is None or verzonden <= today,
    }


def beslissing_van(ev: CaseEvent) -> dict[str, Any] | None:
    """The beslissing op bezwaar a "bezwaar" event records (services.domain.bezwaar_beslissing), or None
    (a bezwaar taken into handling, a bezwaarcommissie, a verdaging)."""
    found = (ev.data or {}).get("beslissing") if ev.kind == "bezwaar" else None
    return found if isinstance(found, dict) else None


def beslissing_context(beslissing: Mapping[str, Any]) -> dict[str, Any]:
    """The beslissing op bezwaar mail's facts: its day, outcome, what became of the besluit, and the last
    day for beroep with its weekday."""
    beroep_tot = date.fromisoformat(str(beslissing["beroep_tot"])[:10])
    gevolg = besluit_na_bezwaar(
        bool(beslissing.get("herroepen")),
        beslissing.get("nieuw_besluit"),
        beslissing.get("herroepen_besluit"),
        beslissing.get("besluit_uiterlijk"),
    )
    return {
        "beslist_op": beslissing["beslist_op"],
        "uitkomst": beslissing["uitkomst_tekst"],
        "gevolg": f"{gevolg[:1].upper()}{gevolg[1:]}.",
        "beroep_tot": f"{weekdag_nl(beroep_tot)} {datum_nl(beroep_tot)}",
    }


def _derden_context(case: Case) -> dict[str, Any]:
    """What a mail to a third party may say of the case, as its public bekendmaking: the reference, the
    title and location without the applicant's name (no tracking link, no applicant's address). Typed at
    intake, but kept here also for a case nobody verified (unlike the initiator's mails, services.mail
    .intake_words): these addresses a behandelaar typed from the third party's own letter, nobody chose them
    on a form, and the words were the officers' to read through the whole procedure before this mail; the
    third party needs them to know which besluit it is about."""
    return {
        "zaak": case.reference,
        "titel": outside_text(case, case.title) or "",
        "locatie": outside_text(case, case.location_name) or "",
    }


def indiener_mails(settings: Any, case: Case, events: list[CaseEvent], today: date) -> list[Mail]:
    """At the bekendmaking, the besluit to each address the case records a zienswijze's besluit as mailed to
    (``besluit_toegezonden.aan``, beside the applicant's own zienswijze too): a third party, told only what
    a public bekendmaking holds."""
    bekend = next((ev for ev in events if ev.kind == "bekendmaking"), None)
    if bekend is None:  # most steps: no summary to read
        return []
    summary = case.typed_summary
    rm: Mapping[str, Any] = summary.rechtsmiddel or {}
    if not rm.get("tot"):
        return []
    beroep_tot = date.fromisoformat(str(rm["tot"])[:10])
    context = {
        **_derden_context(case),
        "besluit": str((summary.besluit or {}).get("tekst") or ""),
        "beroep_tot": f"{weekdag_nl(beroep_tot)} {datum_nl(beroep_tot)}",
        **bekendmaking(case, bekend.message, today),
    }
    mails = []
    for zienswijze in summary.ingediende_zienswijzen or []:
        toegezonden = zienswijze.get("besluit_toegezonden") or {}
        extra = {"nummer": zienswijze["nummer"], "tijdig": zienswijze.get("tijdig") is not False}
        for aan in email_adressen(str(toegezonden.get("aan") or "")):
            mails.append(render(settings, "besluit_zienswijze", aan, {**context, **extra}))
    return mails


def bezwaarmaker_mails(settings: Any, case: Case, events: list[CaseEvent]) -> list[Mail]:
    """At the beslissing op bezwaar, the beslissing to each address a bezwaar records it as mailed to
    (``beslissing_toegezonden.aan``: the first bezwaar's in the handling's state, or with the ``herstart``
    when the beslissing took the aanvraag back in handling, each joined one's in ``gevoegde_bezwaren``;
    services.domain.bezwaar_beslissing): a third party, told only what the
    beslissing's bekendmaking may hold (no other bezwaarmaker either)."""
    beslissing = next((found for ev in events if (found := beslissing_van(ev))), None)
    if beslissing is None:
        return []
    summary = case.typed_summary
    bezwaren = [_eerste_bezwaar(summary, beslissing), *(summary.gevoegde_bezwaren or [])]
    context = {**_derden_context(case), **beslissing_context(beslissing)}
    mails = []
    for bezwaar in bezwaren:
        toegezonden = bezwaar.get("beslissing_toegezonden") or {}
        for aan in email_adressen(str(toegezonden.get("aan") or "")):
            extra = {"nummer": bezwaar.get("nummer")}
            mails.append(render(settings, "beslissing_bezwaarmaker", aan, {**context, **extra}))
    return mails


def _eerste_bezwaar(summary: CaseSummary, beslissing: Mapping[str, Any]) -> dict[str, Any]:
    """The first bezwaar's record of the step's ``beslissing``: in the handling's state, or, for a beslissing
    that took the aanvraag back in handling (BEHANDELEN), whose step the model ends by dropping that state,
    the one the case keeps with its ``herstart``."""
    if beslissing.get("nieuw_besluit") == BEHANDELEN:
        return dict(summary.herstart_bezwaar or {})
    return {"nummer": 1, **((summary.gegevens or {}).get("bezwaar_behandeling") or {})}
