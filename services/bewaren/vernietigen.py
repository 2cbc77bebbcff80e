"""Destroying a closed case whose archiefactiedatum has come, in one transaction per case.

A case whose resultaattype's archiefnominatie is ``vernietigen`` (Selectielijst gemeenten 2020) is
destroyed on its archiefactiedatum (Archiefwet 1995 art. 3 and 5, Archiefbesluit 1995 art. 8): the
case row and every row that belongs to it go (found from the foreign keys of the schema, ``_deletes``:
the workflow state, tasks and their candidates and waits, history, conflicts, links to other cases
both ways, documents and their versions, outbox messages, ZGW references, holder intervals, outside
waits, idempotency keys), and the line of the destruction register (``services.bewaren.register``, the
verklaring van vernietiging) is written in that same transaction: it is all that remains. An earlier
register line of the case (a pseudonymisation, before destroying replaced it) loses its ``case_id`` as
well, so no row names the case by its id. Initiator accounts that no case keeps any more are anonymised
in the transaction too (``services.bewaren.accounts``).

Files follow after the commit (a failed commit leaves every file as it was): the written mails (.eml)
and each document content no case that keeps its data still holds (the store is content-addressed;
checked again under the content's lock, ``services.documents.removal``). The transaction records them on
the register line (``te_verwijderen``, services.bewaren.bestanden), cleared once they are gone, so a run
killed after the commit leaves a record the next run finishes from. A file the file system refuses to
remove is logged, stays on the line and is named in the outcome (``achtergebleven``); the CLI prints it
and exits 1, since the register says the case is destroyed and that file is not.

Open Zaak's copy of the zaak (services.zgw) is not touched and not told: the municipality destroys it
by the zaaktype's own archiving there (or in its DMS), with its own approval. A case kept for good
(``blijvend_bewaren``) or of unknown term is never destroyed; a case with an outbox message still being
delivered is postponed, as that message would go out or be lost half-way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Column, Delete, Table, delete, func, or_, select, update
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from services.bewaren import accounts, bestanden, register
from services.bewaren.termijn import Vervallen, resultaattype_in
from services.clock import today
from services.engine import stored
from services.mail.compose import CHANNEL as MAIL
from services.mail.transport import mail_name
from services.outbox.core import PENDING
from services.platform import Platform
from services.store.models import Base, Case, DocumentVersion, OutboxMessage, Vernietiging
from services.zgw.mapping import mapping_for

#: the outcome of a case destroyed (the CLI's JSON ``uitkomst``) and the register's ``handeling``
VERNIETIGD = register.VERNIETIGD


@dataclass(frozen=True)
class Uitkomst:
    """What ``vernietig`` did with one case: "vernietigd" or "uitgesteld" (with why); the CLI adds
    "mislukt" (with why) for a case the run could not destroy and went past."""

    zaak: str
    uitkomst: str
    reden: str = ""
    bestanden: int = 0
    #: the initiator accounts anonymised with it (services.bewaren.accounts), as they were named
    accounts: tuple[str, ...] = ()
    #: the files of the destroyed case the file system refused to remove after the commit
    achtergebleven: tuple[str, ...] = ()

    def regel(self) -> str:
        if self.uitkomst == VERNIETIGD:
            extra = "".join(f"; account {a} geanonimiseerd" for a in self.accounts)
            if self.achtergebleven:
                extra += (
                    f"; {len(self.achtergebleven)} bestand(en) konden niet worden verwijderd, verwijder ze "
                    f"met de hand: {', '.join(self.achtergebleven)}"
                )
            return f"{self.zaak}  vernietigd ({self.bestanden} bestand(en) verwijderd){extra}"
        if self.uitkomst == "mislukt":
            return f"{self.zaak}  niet vernietigd: {self.reden}"
        return f"{self.zaak}  uitgesteld: {self.reden}"


def vernietig(platform: Platform, item: Vervallen, run: register.Uitvoering | None = None) -> Uitkomst:
    """Destroy one due case in one transaction with its register line (``run`` says who runs it on which
    list, else "onbekend" today); its files go after the commit. See the module."""
    if item.bewaren_tot is None:
        return Uitkomst(
            item.zaak, "uitgesteld", "blijvend te bewaren of bewaartermijn onbekend; niet vernietigd"
        )
    run = run or register.Uitvoering("onbekend", platform.clock.now(), today(platform.clock))
    with platform.uow() as uow:
        s = uow.session
        # the case first, then its rows: the order of every writer (beheer offering a mail again too)
        case = s.scalars(select(Case).where(Case.id == item.case_id).with_for_update()).one_or_none()
        if case is None or case.status != CaseStatus.AFGEROND:
            return Uitkomst(item.zaak, "uitgesteld", "niet meer afgerond of al vernietigd")
        pending = onbezorgd(s, case.id)
        if pending:
            return Uitkomst(case.reference, "uitgesteld", f"{pending} bericht(en) nog niet afgeleverd")
        document = stored.parse(case.workflow.document) if case.workflow is not None else None
        found = resultaattype_in(mapping_for(platform.settings), case.process_id, document)
        applicants = accounts.linked(s, case)
        mails = [
            mail_name(i, kind)
            for i, kind in s.execute(
                select(OutboxMessage.id, OutboxMessage.kind).where(
                    OutboxMessage.case_id == case.id, OutboxMessage.channel == MAIL
                )
            )
        ]
        shas = sorted(
            set(s.scalars(select(DocumentVersion.sha256).where(DocumentVersion.case_id == case.id)))
        )
        s.execute(update(Vernietiging).where(Vernietiging.case_id == case.id).values(case_id=None))
        line = register.schrijf(s, case, item, found, run, bestanden.te_verwijderen(mails, shas))
        s.flush()
        line_id = line.id
        case_id = case.id
        if case.workflow is not None:
            s.expunge(case.workflow)
        s.expunge(case)  # its rows go below, not through the session's objects
        for statement in _deletes(case_id):
            s.execute(statement)
        freed = accounts.anonymise_free(s, platform, applicants)
        uow.commit()
    left, removed = _remove_files(platform, line_id, mails, shas)
    return Uitkomst(item.zaak, VERNIETIGD, bestanden=removed, accounts=tuple(freed), achtergebleven=left)


def onbezorgd(s: Session, case_id: int) -> int:
    """How many outbox messages of the case are still to be delivered (waiting, postponed or failed)."""
    pending = select(func.count(OutboxMessage.id)).where(
        OutboxMessage.case_id == case_id, OutboxMessage.status.in_(PENDING)
    )
    return int(s.scalar(pending) or 0)


def _case_column(table: Table) -> Column[int] | None:
    """The column of ``table`` that names a case (its foreign key to zaak.id), if any."""
    zaak = Case.__table__.c.id
    return next((fk.parent for fk in table.foreign_keys if fk.column is zaak), None)


def _deletes(case_id: int) -> list[Delete]:
    """The statements that remove the case and every row of it, dependents first: a row with a foreign
    key to the case, or to a row of a table that has one (a task's candidates and waits, a document's
    versions). Read from the schema, so a table added later goes with the case too."""
    zaak: Table = Case.__table__  # type: ignore[assignment]
    out = []
    for table in reversed(Base.metadata.sorted_tables):
        if table is zaak:
            continue
        conditions = []
        for fk in table.foreign_keys:
            if fk.column is zaak.c.id:
                conditions.append(fk.parent == case_id)
            elif (via := _case_column(fk.column.table)) is not None:  # type: ignore[arg-type]
                conditions.append(fk.parent.in_(select(fk.column).where(via == case_id)))
        if conditions:
            out.append(delete(table).where(or_(*conditions)))
    return [*out, delete(zaak).where(zaak.c.id == case_id)]


def _remove_files(
    platform: Platform, line_id: int, mails: Iterable[str], shas: Iterable[str]
) -> tuple[tuple[str, ...], int]:
    """After the commit: the mails' files and each content no kept case holds, then the register line
    ``line_id`` keeps only what was left; the files left behind (the file system refused) and how many
    contents were removed."""
    files = bestanden.te_verwijderen(mails, shas)
    if files is None:
        return (), 0
    left, removed, _ = bestanden.verwijder(platform, line_id, files)
    return left, removed
