"""Sending a decision to those who wrote to the case about it, and recording that it was sent.

The besluit goes to the indieners of zienswijzen (Awb 3:44 lid 1 onder b: services/domain/zienswijze.py),
the beslissing op bezwaar to the bezwaarmakers (Awb 7:12 lid 2: services/domain/bezwaar_beslissing.py).
Both record it the same way (``toezenden``): per submission to whom and when (by e-mail to every address
the behandelaar typed with the sender, which services/mail/compose.py mails; else by post, for the officer
to send; the applicant's own submission, by its name or its intake address, is answered by the applicant's
own mails), and an internal history line that lists the submissions by number, without personal data.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from processes.namen import email_adressen, onleesbaar_adres
from processes.nederlands import opsomming
from processes.termijnen.datums import datum_nl
from services.engine.context import current

#: how the status page and the applicant's account name the sender of the applicant's own message
#: (services.status.message_catalog.CODE_HOLDER, account_messages): the applicant gets the decision anyway
AANVRAGER = "de aanvrager"
#: an indiener typed as the applicant: ``AANVRAGER`` as a whole word at the start, in any capitals ("De
#: aanvrager, via brief"; not "De aanvragers buurman")
_AANVRAGER = re.compile(rf"{re.escape(AANVRAGER)}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Toezending:
    """How the history line of one kind of toezending reads: ``kop`` before its colon (``{verzonden}`` the
    day in words), ``stuk`` what a submission is ("zienswijze nr. 1"), ``schrift`` where its name and address
    stand, ``alleen_aanvrager`` the line when the applicant is the only sender."""

    kop: str
    stuk: str
    schrift: str
    alleen_aanvrager: str


def ontvangers(indiener: str, aanvrager_email: str | None) -> tuple[bool, list[str]]:
    """To whom a decision goes for the sender typed as ``indiener`` (a behandelaar types the name, address and
    any e-mail addresses there): whether it is the applicant, who has the decision by the applicant's own
    mails (the text starts with ``AANVRAGER`` as a whole word in any capitals, as the status page names it, or it holds the
    case's intake address ``aanvrager_email`` in any capitals), and every other address it holds
    (``processes.namen.email_adressen``), each to be sent it as a third party (a co-indiener, a gemachtigde).
    A text holding an address that cannot be read cleanly (``processes.namen.onleesbaar_adres``) is neither:
    (False, []), its sender is sent a letter by post rather than mailed at a guessed address."""
    if onleesbaar_adres(indiener):
        return False, []
    adressen = email_adressen(indiener)
    eigen = (aanvrager_email or "").strip().casefold()
    anderen = [a for a in adressen if a.casefold() != eigen]
    return _AANVRAGER.match(indiener.strip()) is not None or len(anderen) < len(adressen), anderen


def toezenden(
    lijst: Sequence[MutableMapping[str, Any]], sleutel: str, tekst: Toezending, verzonden: date
) -> None:
    """Record that the decision sent on ``verzonden`` goes to the senders of the submissions in ``lijst``
    (each with its ``nummer`` and ``indiener``): per submission under ``sleutel`` (``per`` e-mail, post,
    or the aanvrager, with ``ontvangers``; ``aan`` every address mailed, joined by ", ", also beside the
    aanvrager; ``op`` the day, none while a letter is still to be posted), and an internal history line
    (``tekst``) that lists by number who was mailed and who must still be sent it by post. The caller
    stores the list where the case keeps it."""
    ctx = current()
    eigen = ctx.reads.initiator_email(ctx.case_id) if ctx.case_id is not None else None
    per: dict[str, list[str]] = {"e-mail": [], "post": []}
    for item in lijst:
        aanvrager, adressen = ontvangers(str(item.get("indiener") or ""), eigen)
        toegezonden: dict[str, Any] = {"per": "aanvrager" if aanvrager else "e-mail" if adressen else "post"}
        if adressen:
            toegezonden["aan"] = ", ".join(adressen)
        toegezonden["op"] = verzonden.isoformat() if aanvrager or adressen else None
        item[sleutel] = toegezonden
        if adressen or not aanvrager:
            per["e-mail" if adressen else "post"].append(str(item.get("nummer")))
    delen = [tekst.kop.format(verzonden=datum_nl(verzonden))]
    if per["e-mail"]:
        delen.append(f"per e-mail toegezonden aan {_indieners(per['e-mail'], tekst)}.")
    if per["post"]:
        delen.append(
            f"Per post toe te zenden aan {_indieners(per['post'], tekst)} (naam en adres: zie {tekst.schrift})."
        )
    if not per["e-mail"] and not per["post"]:
        delen.append(tekst.alleen_aanvrager)
    ctx.event("toezending", " ".join(delen), public=False)


def _indieners(nummers: list[str], tekst: Toezending) -> str:
    return f"de indiener{'s' if len(nummers) > 1 else ''} van {tekst.stuk} nr. {opsomming(nummers)}"
