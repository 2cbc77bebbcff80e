"""The destruction register and the approved list of ``zaken opschonen``.

Archiefbesluit 1995 art. 8 asks, for records destroyed, a verklaring van vernietiging with a
specification of them (review archief13, 4). Each case ``zaken opschonen --uitvoeren`` destroys
(services.bewaren.vernietigen) gets one ``Vernietiging`` row, written by ``schrijf`` in the transaction
that destroys it (a failed one leaves no row, a row names only what went), with what was done
(``handeling``) and what became of the zaakregistratie's copy (``ZAAKREGISTRATIE``): the zaak, its zaaktype and procedure, its resultaat, the
resultaattype that gave its term with that type's Selectielijst class, archiefnominatie and
archiefactietermijn as zgw.toml gives them (empty when the default term applied), the brondatum (the
day the case closed) and archiefactiedatum, the day of the run, who ran it and the approved list.
``ruimteflow zaken vernietigd`` exports it for a period (``vernietigd``), with per line how many of the
destroyed case's files are not gone yet (``bestanden_te_verwijderen``: a run stopped after the commit,
or a file the file system refused; services.bewaren.bestanden).

The approval: a dry run writes the cases it found due to a list file (``schrijf_lijst``, JSON, never
over an existing file); whoever approves destruction reads it, and ``--uitvoeren --lijst FILE`` removes
only the cases on that list (``lees_lijst``), refusing the whole run when the list names a case that is
not due on the day of the run. What was approved is the list's description of each case, not only its
number: the list names the database its dry run judged (``services.installatie``) and each case's
procedure, resultaat, closing day, term and its end, and the run refuses a list of another database
(``eigen_database``) or one that describes a case otherwise than the run judges it today
(``afwijkingen``; review sessie13c: a list of an acceptance environment destroyed another case with the
same number). Per case the list also gives the basis of its term (``termijn.grondslag``): its
resultaattype, that type's Selectielijst class (number, "11.2", and URL) and archiefnominatie, which the
run compares as well.

The approval is recorded before the run (review archief15, F3): ``zaken opschonen --goedkeuren FILE
--door NAAM`` writes who approved the list and when, with the list's SHA-256 (``goedkeuren``, table
``vernietigingslijst_goedkeuring``); ``--uitvoeren --lijst FILE`` takes a list only when a recorded approval
has its SHA-256 (``goedgekeurd``), so a list edited after its approval needs a new one. The register
keeps the list's file name and SHA-256 and who approved it on which day, so a line leads back to the
exact list that was approved. It also keeps a one-way hash of the case's tracking code
(``volgcode_sha256``): its old link then answers that it is no longer valid (services.status.lookup),
not that there is no such application.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes import strikte_json
from processes.errors import ValidationError
from services.bewaren import bestanden
from services.bewaren.termijn import Vervallen, grondslag
from services.clock import today
from services.platform import Platform
from services.store.models import Case, Vernietiging, VernietigingslijstGoedkeuring
from services.zgw.mapping_model import ResultaatTypeMap

#: what the run does with a due case: it is destroyed, and its register line is all that remains
#: (services.bewaren.vernietigen); lines written by runs before migration 0033 read "gepseudonimiseerd"
VERNIETIGD = "vernietigd"
#: what a line of a destroyed case says of the zaakregistratie's copy (ZGW): this run leaves it; Open Zaak
#: only dates it (archiefactiedatum) and destroys nothing by itself
ZAAKREGISTRATIE = (
    "niet vernietigd door deze run: de kopie in de zaakregistratie (Open Zaak) vernietigt de gemeente daar, "
    "via de archivering van het zaaktype (archiefactiedatum) in Open Zaak of haar DMS"
)
#: the kind a list file names itself with
SOORT = "vernietigingslijst"
#: what a list says of each case that must be what the run judges today (Vervallen.as_json's keys)
VERGELEKEN = (
    "procedure",
    "resultaat",
    "afgerond_op",
    "bewaartermijn",
    "bewaren_tot",
    *grondslag(None),
)
#: the export's count of a line's files not yet removed after the commit (services.bewaren.bestanden; 0
#: when all are gone), read from its column te_verwijderen
TE_VERWIJDEREN = "bestanden_te_verwijderen"
#: the columns of the export, in order (CSV header, JSON keys)
KOLOMMEN = (
    "zaak",
    "zaaktype",
    "procedure",
    "resultaat",
    "resultaattype",
    "resultaattype_omschrijving",
    "selectielijstklasse_nummer",
    "selectielijstklasse",
    "archiefnominatie",
    "archiefactietermijn",
    "brondatum",
    "archiefactiedatum",
    "handeling",
    "uitgevoerd_op",
    "uitgevoerd_door",
    "lijst",
    "lijst_sha256",
    "goedgekeurd_door",
    "goedgekeurd_op",
    "zaakregistratie",
    TE_VERWIJDEREN,
)


@dataclass(frozen=True)
class Lijst:
    """An approved list as read: its file name, SHA-256, the references it names, what it says of each
    case (in its order) and the id of the database its dry run judged ("" when it names none); who
    approved it and on which day once its approval is found (``goedgekeurd``)."""

    naam: str
    sha256: str
    zaken: tuple[str, ...]
    regels: tuple[Mapping[str, Any], ...] = ()
    database: str = ""
    goedgekeurd_door: str = ""
    goedgekeurd_op: date | None = None


@dataclass(frozen=True)
class Uitvoering:
    """One run of ``zaken opschonen --uitvoeren``: who runs it, when, and on which approved list."""

    door: str
    at: datetime
    dag: date
    lijst: Lijst | None = None


def schrijf(
    s: Session,
    case: Case,
    item: Vervallen,
    found: ResultaatTypeMap | None,
    run: Uitvoering,
    te_verwijderen: dict[str, list[str]] | None = None,
) -> Vernietiging:
    """The register row of a case the run destroys, in the session (and transaction) that destroys it; the
    row names it by its reference only (its id goes with it), and the files still to be removed after the
    commit (``te_verwijderen``, services.bewaren.bestanden)."""
    assert item.bewaren_tot is not None and item.termijn is not None  # only a case with an ended term goes
    line = Vernietiging(
        case_id=None,
        zaak=case.reference,
        zaaktype=case.process_id,
        procedure=case.procedure,
        resultaat=item.resultaat,
        **grondslag(found),
        archiefactietermijn=item.termijn,
        brondatum=item.brondatum or item.gesloten_op,
        archiefactiedatum=item.bewaren_tot,
        handeling=VERNIETIGD,
        uitgevoerd_op=run.dag,
        uitgevoerd_at=run.at,
        uitgevoerd_door=run.door,
        lijst=run.lijst.naam if run.lijst else "",
        lijst_sha256=run.lijst.sha256 if run.lijst else "",
        goedgekeurd_door=(run.lijst.goedgekeurd_door or None) if run.lijst else None,
        goedgekeurd_op=run.lijst.goedgekeurd_op if run.lijst else None,
        volgcode_sha256=volgcode_sha256(case.tracking_code),
        zaakregistratie=ZAAKREGISTRATIE,
        te_verwijderen=te_verwijderen,
    )
    s.add(line)
    return line


def volgcode_sha256(code: str) -> str:
    """The one-way hash the register keeps of a destroyed case's tracking code (a random token: its
    SHA-256 tells nothing of it), by which services.status.lookup knows the code of a destroyed case."""
    return hashlib.sha256(code.encode()).hexdigest()


def vernietigd(platform: Platform, van: date, tot: date) -> list[dict[str, Any]]:
    """The register's rows whose run day lies from ``van`` up to and including ``tot``, in order."""
    if tot < van:
        raise ValidationError(
            f"--tot ({tot.isoformat()}) ligt voor --van ({van.isoformat()}).", code="periode-ongeldig"
        )
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(
            select(Vernietiging)
            .where(Vernietiging.uitgevoerd_op >= van, Vernietiging.uitgevoerd_op <= tot)
            .order_by(Vernietiging.uitgevoerd_at, Vernietiging.id)
        ).all()
        return [
            {
                k: bestanden.aantal(r.te_verwijderen) if k == TE_VERWIJDEREN else _text(getattr(r, k))
                for k in KOLOMMEN
            }
            for r in rows
        ]


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def schrijf_lijst(pad: str, peildatum: date, at: datetime, due: Iterable[Vervallen], database: str) -> None:
    """Write the cases due on ``peildatum`` in the database with id ``database`` to a new list file (never
    over an existing one: an approved list is a record); a Dutch ValidationError when the file exists."""
    path = Path(pad)
    if path.exists():
        raise ValidationError(
            f"--lijst: '{pad}' bestaat al; een vernietigingslijst wordt niet overschreven. Kies een nieuwe naam.",
            code="lijst-bestaat",
        )
    doc = {
        "soort": SOORT,
        "database": database,
        "peildatum": peildatum.isoformat(),
        "opgesteld_op": at.isoformat(),
        "zaken": [f.as_json() for f in due],
    }
    with path.open("x", encoding="utf-8") as handle:
        handle.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def lees_lijst(pad: str) -> Lijst:
    """An approved list written by ``schrijf_lijst`` (the references it names, its SHA-256); a Dutch
    ValidationError when it is no such list (an unreadable file is the CLI's OSError refusal)."""
    raw = Path(pad).read_bytes()
    doc = strikte_json.parse(raw, f"--lijst {pad}")
    zaken = doc.get("zaken") if isinstance(doc, dict) else None
    refs = [z.get("zaak") for z in zaken if isinstance(z, dict)] if isinstance(zaken, list) else []
    if (
        not isinstance(doc, dict)
        or doc.get("soort") != SOORT
        or not isinstance(zaken, list)
        or len(refs) != len(zaken)
        or not all(isinstance(r, str) and r for r in refs)
    ):
        raise ValidationError(
            f"--lijst: '{pad}' is geen vernietigingslijst van 'ruimteflow zaken opschonen --lijst' "
            '(een JSON-object met soort "vernietigingslijst" en per zaak haar zaaknummer).',
            code="lijst-ongeldig",
        )
    database = doc.get("database")
    return Lijst(
        Path(pad).name,
        hashlib.sha256(raw).hexdigest(),
        tuple(str(r) for r in refs),
        tuple(zaken),
        database if isinstance(database, str) else "",
    )


def eigen_database(lijst: Lijst, hier: str | None) -> None:
    """Refuses (a Dutch ValidationError) a list whose dry run judged another database than this one (id
    ``hier``, None when no list was ever written here), or that names no database."""
    if lijst.database and lijst.database == hier:
        return
    raise ValidationError(
        f"--lijst: '{lijst.naam}' is opgesteld voor een andere database (kenmerk op de lijst: "
        f"{lijst.database or 'geen'}; deze database: {hier or 'nog geen'}). Een vernietigingslijst geldt "
        "alleen voor de database waarvan de proefdraai haar schreef; maak hier een nieuwe lijst met een "
        "proefdraai en laat die goedkeuren. Er is niets gewijzigd.",
        code="lijst-andere-database",
    )


def goedkeuren(platform: Platform, lijst: Lijst, door: str) -> Lijst:
    """Record that ``door`` approved ``lijst`` today: its SHA-256, file name, database and number of
    cases. A list with the same SHA-256 approved before (the same content, under any name) keeps that
    approval: nothing is recorded and ``lijst`` comes back with it."""
    at, dag = platform.clock.now(), today(platform.clock)
    with platform.uow() as uow:
        eerder = _goedkeuring(uow.session, lijst)
        if eerder is not None:
            return replace(
                lijst, goedgekeurd_door=eerder.goedgekeurd_door, goedgekeurd_op=eerder.goedgekeurd_op
            )
        uow.session.add(
            VernietigingslijstGoedkeuring(
                lijst=lijst.naam,
                lijst_sha256=lijst.sha256,
                database=lijst.database,
                zaken=len(lijst.zaken),
                goedgekeurd_door=door,
                goedgekeurd_op=dag,
                goedgekeurd_at=at,
            )
        )
        uow.commit()
    return replace(lijst, goedgekeurd_door=door, goedgekeurd_op=dag)


def goedgekeurd(platform: Platform, lijst: Lijst) -> Lijst:
    """``lijst`` with who approved it and when; a Dutch ValidationError when no approval of its SHA-256 is
    recorded (never approved, or changed after its approval: another file, another hash)."""
    with platform.uow(write=False) as uow:
        row = _goedkeuring(uow.session, lijst)
        if row is None:
            raise ValidationError(
                f"--lijst: '{lijst.naam}' is niet goedgekeurd: er is geen goedkeuring vastgelegd van deze "
                f"lijst (SHA-256 {lijst.sha256}). Laat haar goedkeuren met 'ruimteflow zaken opschonen "
                "--goedkeuren BESTAND --door NAAM'; een lijst die na haar goedkeuring is gewijzigd, vraagt "
                "een nieuwe goedkeuring. Er is niets gewijzigd.",
                code="lijst-niet-goedgekeurd",
            )
        return replace(lijst, goedgekeurd_door=row.goedgekeurd_door, goedgekeurd_op=row.goedgekeurd_op)


def _goedkeuring(s: Session, lijst: Lijst) -> VernietigingslijstGoedkeuring | None:
    return s.scalars(
        select(VernietigingslijstGoedkeuring).where(
            VernietigingslijstGoedkeuring.lijst_sha256 == lijst.sha256
        )
    ).first()


def afwijkingen(lijst: Lijst, due: Iterable[Vervallen]) -> list[str]:
    """Per case on the list that is due now, in the list's order, a Dutch description of each field of
    ``VERGELEKEN`` the list gives otherwise than today's judgement of the case; empty when all agree.
    A case not due now is ``niet_vervallen``'s."""
    now = {f.zaak: f.as_json() for f in due if f.bewaren_tot is not None}
    out = []
    for regel in lijst.regels:
        hier = now.get(str(regel.get("zaak")))
        if hier is None:
            continue
        verschil = [
            f"{k} {_waarde(regel, k)} op de lijst, hier {_waarde(hier, k)}"
            for k in VERGELEKEN
            if k not in regel or regel[k] != hier[k]
        ]
        if verschil:
            out.append(f"{regel['zaak']}: {'; '.join(verschil)}")
    return out


def _waarde(regel: Mapping[str, Any], key: str) -> str:
    if key not in regel:
        return "(ontbreekt)"
    value = regel[key]
    return "(leeg)" if value is None else f"'{value}'"


def niet_vervallen(platform: Platform, lijst: Lijst, due: Iterable[Vervallen]) -> list[str]:
    """The references on the list that are not due now (not closed, term running or unknown, or no case
    at all), in the list's order. A case an earlier run already destroyed (no case, a register line that
    says so) is no refusal: running an approved list again (after a case failed) takes what is left."""
    now_due = {f.zaak for f in due if f.bewaren_tot is not None}
    rest = [ref for ref in lijst.zaken if ref not in now_due]
    if not rest:
        return []
    with platform.uow(write=False) as uow:
        s = uow.session
        destroyed = set(
            s.scalars(
                select(Vernietiging.zaak).where(
                    Vernietiging.zaak.in_(rest), Vernietiging.handeling == VERNIETIGD
                )
            )
        )
        present = set(s.scalars(select(Case.reference).where(Case.reference.in_(rest))))
    return [ref for ref in rest if ref not in destroyed or ref in present]
