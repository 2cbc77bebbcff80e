"""The search texts of the searches for one person's data, removed after their term.

``personen zoeken`` and ``personen inzage`` (services.inzage) write an audit line each (``account_event``,
kinds ``account_audit.ZOEKOPDRACHTEN``): who searched, when, which kind, how many places were found, and the
search text, with the export's folder. The line is the accountability of the search (who looked up a
person's data, AVG art. 5(2)) and stays for good, as every audit line. The search text, and the folder
that is often named after the person, are that person's name, e-mail address or address; kept for good,
they would outlive the data they found, which the run destroys after its bewaartermijn (AVG art. 5(1)(c)
and (e), art. 17). So they are kept ``Settings.zoeklog_bewaar_dagen`` days after the Dutch calendar day
of the search (long enough to answer a question or complaint about the request), and from that day on
``zaken opschonen`` lists the line (``vervallen``) and ``--uitvoeren`` removes them (``verwijder``), and the
export's folder on disk with them (``services.inzage_export.verwijder_map``: its README.txt holds the search
text, its persoonsgegevens.json all that was found). A folder that cannot go (the file system refuses, or
it no longer holds the export) keeps the line's texts as they are, so that the folder is not forgotten: the
run says why and exits 1, and the next run tries again. The line then names which texts went and on which
day (``account_audit.VERWIJDERD``, ``VERWIJDERD_OP``: the day
of the removal by the platform's clock, as the destruction register dates the same run; ``--datum`` only
decides which lines are due), and
the history says "zoektekst verwijderd na de bewaartermijn" (``account_audit.shown``).

No approved list is asked: the vernietigingslijst is the Archiefwet's selection of case records, which a
person approves before they go; a search text in an audit log is no archival record but a detail of the
log, whose term the setting fixes, as a delivered mail is emptied without one (services.mail.retention).
Nor is there a line in the destruction register: the audit line itself keeps what was removed and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select

from services import account_audit, inzage_export
from services.clock import in_nl, start_of_day, today
from services.platform import Platform
from services.store.models import AccountEvent


@dataclass(frozen=True)
class Zoekregel:
    """A search line whose search text has outlived its term (listed, or removed by this run)."""

    regel: int
    op: datetime
    soort: str
    door: str
    vindplaatsen: int | None
    bewaren_tot: date
    #: the line names the folder of an export (``personen inzage``), which goes with the search text
    met_map: bool = False
    #: a run that could not remove that folder: why, naming it (the line's texts stayed too)
    map_blijft: str | None = None

    def tekst(self, uitgevoerd: bool) -> str:
        """One Dutch line for the terminal."""
        found = "" if self.vindplaatsen is None else f", {self.vindplaatsen} vindplaats(en)"
        if self.map_blijft:
            wat = f"zoektekst niet verwijderd: {self.map_blijft}"
        elif uitgevoerd:
            wat = "zoektekst verwijderd" + (", met de uitvoermap" if self.met_map else "")
        else:
            wat = (f"bewaartermijn van de zoektekst{' en de uitvoermap' if self.met_map else ''} verstreken op "
                   f"{self.bewaren_tot.isoformat()}")  # fmt: skip
        return f"zoekopdracht {self.soort} op {self.op:%Y-%m-%d %H:%M} door {self.door}{found}  {wat}"

    def as_json(self) -> dict[str, Any]:
        return {
            "regel": self.regel,
            "op": self.op.isoformat(timespec="seconds"),
            "soort": self.soort,
            "door": self.door,
            "vindplaatsen": self.vindplaatsen,
            "bewaren_tot": self.bewaren_tot.isoformat(),
            "uitvoermap": self.met_map,
            "niet_verwijderd": self.map_blijft,
        }


def vervallen(platform: Platform, day: date) -> list[Zoekregel]:
    """The search lines whose search text is due for removal on ``day`` (nothing changes)."""
    query = _due(platform, day)
    if query is None:
        return []
    with platform.uow(write=False) as uow:
        return [_regel(platform, e) for e in uow.session.scalars(query)]


def verwijder(platform: Platform, day: date) -> list[Zoekregel]:
    """Remove the search texts and export folders due on ``day``, in one transaction; the lines, each
    done one recording the Dutch calendar day it was removed (``today``, not ``day``: S20, 3), and those
    whose folder stayed (``map_blijft``) unchanged. A folder is removed before the commit: when the commit
    fails, the next run finds it gone and removes the texts."""
    query = _due(platform, day)
    if query is None:
        return []
    removed_on = today(platform.clock).isoformat()
    done = []
    with platform.uow() as uow:
        for e in list(uow.session.scalars(query.with_for_update())):
            nu = dict(e.nu or {})
            folder = nu.get(account_audit.UITVOER)
            stays = (
                inzage_export.verwijder_map(folder, e.id, nu.get(account_audit.ZOEKTEKST)) if folder else None
            )
            done.append(_regel(platform, e, stays))
            if stays is None:
                removed = [key for key in account_audit.PERSOONLIJK if nu.pop(key, None) is not None]
                e.nu = nu | {account_audit.VERWIJDERD: removed, account_audit.VERWIJDERD_OP: removed_on}
        uow.commit()
    return done


def _due(platform: Platform, day: date) -> Select[AccountEvent] | None:
    """The search lines that still hold a search text and were written on or before ``day`` minus the
    term; None when the term reaches back before the calendar (nothing is due)."""
    try:
        before = start_of_day(day - timedelta(days=platform.settings.zoeklog_bewaar_dagen - 1))
    except OverflowError:
        return None
    return (
        select(AccountEvent)
        .where(
            AccountEvent.kind.in_(account_audit.ZOEKOPDRACHTEN),
            AccountEvent.at < before,
            AccountEvent.nu[account_audit.ZOEKTEKST].as_string().is_not(None),
        )
        .order_by(AccountEvent.at, AccountEvent.id)
    )


def _regel(platform: Platform, e: AccountEvent, map_blijft: str | None = None) -> Zoekregel:
    op = in_nl(e.at)
    found = (e.nu or {}).get(account_audit.VINDPLAATSEN)
    return Zoekregel(
        e.id,
        op,
        e.kind,
        e.door,
        found if isinstance(found, int) else None,
        op.date() + timedelta(days=platform.settings.zoeklog_bewaar_dagen),
        bool((e.nu or {}).get(account_audit.UITVOER)),
        map_blijft,
    )
