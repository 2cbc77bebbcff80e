"""The rechtsmiddelentermijn: the last day for bezwaar or beroep against a besluit, and its clause.

The rules, with their sources (Algemene wet bestuursrecht, Awb; Algemene termijnenwet, Atw):

* Length: the term for a bezwaarschrift or beroepschrift is SIX WEEKS (Awb 6:7).
* Reguliere procedure: bezwaar to the bestuursorgaan that took the besluit. The term starts on the day
  AFTER the day the besluit was made known in the prescribed way (Awb 6:8 lid 1): for a besluit addressed to
  the applicant, the day of sending or handing out (Awb 3:41 lid 1). Beroep at the rechtbank only comes after
  the decision on bezwaar (Awb 7:1).
* Uitgebreide procedure (uniforme openbare voorbereidingsprocedure, Awb afdeling 3.4): no bezwaar (Awb 7:1
  lid 1 onder d) but beroep at the rechtbank directly. The term starts on the day AFTER the day the besluit
  was laid open for inspection under Awb 3:44 lid 1 onder a (Awb 6:8 lid 4). Only a belanghebbende who
  submitted a zienswijze on the ontwerpbesluit, or who cannot reasonably be blamed for not having done so,
  may lodge beroep (Awb 6:13).
* Counting: day 0 is the day of sending (or laying open); the term covers days 1 .. 42, so without holidays
  the last day is the SAME weekday six weeks after day 0 (sent Thursday 17 April 2025 -> Thursday 29 May,
  Hemelvaartsdag; with Friday 30 May equated by koninklijk besluit the term ends Monday 2 June).
* Atw art. 1 lid 1: a term set in a statute ("een in een wet gestelde termijn") that ends on a Saturday,
  Sunday or algemeen erkende feestdag (Atw art. 3, incl. Goede Vrijdag and days equated by koninklijk
  besluit) is extended up to and including the next day that is none of these. The six-week term of
  Awb 6:7 is such a statutory term; the Atw excludes only terms counted backwards from a moment (art. 1 lid 2),
  which this is not. Atw art. 2 (two working days) cannot bite on a six-week term but is applied through
  the shared calendar all the same. Practice notes (e.g. the University of Twente's bezwaar guidance citing
  Awb 6:7-6:9) describe exactly this: start the day after bekendmaking, move an end on a weekend or holiday
  to the next working day.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from processes.errors import ValidationError
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.datums import datum_nl, eis_datum, weekdag_nl
from processes.termijnen.kalender import AtwKalender, standaard_kalender

RECHTSMIDDEL_WEKEN = 6  # Awb 6:7
#: the message field in which a behandelaar registering a letter gives its postmark (Awb 6:9 lid 2)
TER_POST_VELD = "ter_post_bezorgd_op"
POSTWEEK_DAGEN = (
    7  # Awb 6:9 lid 2: posted in time, received "niet later dan een week na afloop van de termijn"
)

#: procedure -> (rechtsmiddel, the event that starts the term, legal basis)
_REGELS: dict[str, tuple[str, str, str]] = {
    "regulier": ("bezwaar", "verzonden of bekendgemaakt", "Awb 6:7 en 6:8 lid 1"),
    "uitgebreid": ("beroep", "ter inzage gelegd", "Awb 6:7, 6:8 lid 4 en 6:13"),
}


def termijn_naam(soort: str) -> str:
    """The name of the term for a ``soort`` (bezwaar, beroep): "bezwaartermijn", "beroepstermijn"."""
    return "beroepstermijn" if soort == "beroep" else f"{soort}termijn"


@dataclass(frozen=True)
class Rechtsmiddelentermijn:
    """The computed term: which remedy, from which day, its last day, and why (Dutch steps)."""

    procedure: str
    rechtsmiddel: str  # bezwaar | beroep
    gebeurtenis_op: date  # the day of sending/bekendmaking (regulier) or laying open (uitgebreid)
    eerste_dag: date
    einde_zonder_atw: date
    laatste_dag: date
    stappen: list[str] = field(default_factory=list)

    @property
    def verschoven(self) -> bool:
        return self.laatste_dag != self.einde_zonder_atw

    @property
    def uitleg(self) -> str:
        return "; ".join(self.stappen) + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "procedure": self.procedure,
            "rechtsmiddel": self.rechtsmiddel,
            "gebeurtenis_op": self.gebeurtenis_op.isoformat(),
            "eerste_dag": self.eerste_dag.isoformat(),
            "einde_zonder_atw": self.einde_zonder_atw.isoformat(),
            "laatste_dag": self.laatste_dag.isoformat(),
            "uitleg": self.uitleg,
        }


def rechtsmiddel_procedure(procedure: str | None, uitkomst: str | None = None) -> str:
    """The procedure whose rechtsmiddel a besluit of the case's ``procedure`` with ``uitkomst`` gets:
    ``uitgebreid`` (beroep) only for a besluit prepared with afdeling 3.4 Awb; a decision to leave an
    application aside (``buiten_behandeling``, Awb 4:5) never is, so bezwaar applies (Awb 7:1)."""
    return "uitgebreid" if procedure == "uitgebreid" and uitkomst != "buiten_behandeling" else "regulier"


def rechtsmiddelentermijn(
    procedure: str, datum: date, *, kalender: AtwKalender | None = None
) -> Rechtsmiddelentermijn:
    """The last day for bezwaar (``regulier``) or beroep (``uitgebreid``), see the module docstring.

    ``datum`` is the day the besluit was sent or made known (regulier) or laid open for inspection
    (uitgebreid); the term starts the day after it.
    """
    if procedure not in _REGELS:
        raise ValidationError(
            f"Onbekende procedure {procedure!r}: kies regulier of uitgebreid.", code="onbekende-procedure"
        )
    datum = eis_datum(datum, "De datum van verzending of terinzagelegging")
    rechtsmiddel, gebeurtenis, bron = _REGELS[procedure]
    kal = kalender if kalender is not None else standaard_kalender()
    einde = datum + timedelta(weeks=RECHTSMIDDEL_WEKEN)
    laatste = kal.einde_termijn(datum, einde)
    stappen = [
        f"Besluit {gebeurtenis} op {weekdag_nl(datum)} {datum_nl(datum)}",
        f"de termijn van zes weken voor {rechtsmiddel} begint op {datum_nl(datum + timedelta(days=1))} ({bron})",
        f"zes weken later eindigt hij op {weekdag_nl(einde)} {datum_nl(einde)}",
    ]
    if laatste != einde:
        reden = kal.reden_geen_werkdag(einde)
        stappen.append(
            f"{datum_nl(einde)} is {reden}, dus de termijn loopt door tot en met "
            f"{weekdag_nl(laatste)} {datum_nl(laatste)} (Algemene termijnenwet art. 1)"
        )
    stappen.append(f"laatste dag voor {rechtsmiddel}: {weekdag_nl(laatste)} {datum_nl(laatste)}")
    return Rechtsmiddelentermijn(
        procedure=procedure,
        rechtsmiddel=rechtsmiddel,
        gebeurtenis_op=datum,
        eerste_dag=datum + timedelta(days=1),
        einde_zonder_atw=einde,
        laatste_dag=laatste,
        stappen=stappen,
    )


def per_post_uiterlijk(laatste_dag: date, *, kalender: AtwKalender | None = None) -> date:
    """The last day a bezwaar- or beroepschrift posted in time may still arrive (Awb 6:9 lid 2): one week
    after the term's last day. The Atw is applied to that week too (a term set in a statute, Atw art. 1):
    the later day errs on the side of the indiener, and only after it is the besluit onherroepelijk."""
    kal = kalender if kalender is not None else standaard_kalender()
    laatste = eis_datum(laatste_dag, "De laatste dag van de termijn")
    return kal.einde_termijn(laatste, laatste + timedelta(days=POSTWEEK_DAGEN))


def tijdigheid(
    laatste_dag: date,
    ontvangen: date,
    ter_post: date | None = None,
    *,
    soort: str = "bezwaar",
    kalender: AtwKalender | None = None,
) -> tuple[bool, str]:
    """Whether a ``soort``schrift received on ``ontvangen`` (posted on ``ter_post``, if a behandelaar
    registering the letter gave its postmark) is on time for the term ending on ``laatste_dag``, with a
    Dutch explanation. On time: received by the last day (Awb 6:9 lid 1), or posted by then and received
    within a week after it (lid 2). A late one is not refused: it is niet-ontvankelijk unless the delay
    is excusable (Awb 6:11), which the officer judges; the explanation says so."""
    termijn = f"de {termijn_naam(soort)} liep tot en met {datum_nl(laatste_dag)}"
    op_tijd = _op_tijd_tekst(laatste_dag, ontvangen, ter_post, kalender, termijn, "artikel 6:9 lid 2 Awb")
    if op_tijd is not None:
        return True, op_tijd
    post = f"; op de post gedaan op {datum_nl(ter_post)}" if ter_post is not None else ""
    return False, (
        f"Te laat: ontvangen op {datum_nl(ontvangen)}, na afloop van de termijn ({termijn}{post}). Het "
        f"{soort}schrift is niet-ontvankelijk wegens termijnoverschrijding, tenzij de indiener redelijkerwijs "
        "niet kan worden verweten dat hij te laat is (artikel 6:11 Awb); dat beoordeelt de behandelaar."
    )


def _op_tijd(laatste_dag: date, ontvangen: date, ter_post: date | None, kalender: AtwKalender | None) -> str:
    """``binnen``: received by the last day (Awb 6:9 lid 1); ``per_post``: posted by then and received
    within a week after it (lid 2); else ``te_laat``."""
    if ontvangen <= laatste_dag:
        return "binnen"
    uiterlijk = per_post_uiterlijk(laatste_dag, kalender=kalender)
    if ter_post is not None and ter_post <= laatste_dag and ontvangen <= uiterlijk:
        return "per_post"
    return "te_laat"


def _op_tijd_tekst(
    laatste_dag: date,
    ontvangen: date,
    ter_post: date | None,
    kalender: AtwKalender | None,
    termijn: str,
    artikel: str,
) -> str | None:
    """The Dutch explanation of a letter on time (``_op_tijd``: received within the term, or posted in it
    and received within the week after, per ``artikel``); None when it is late."""
    hoe = _op_tijd(laatste_dag, ontvangen, ter_post, kalender)
    if hoe == "binnen":
        return f"Ontvangen op {datum_nl(ontvangen)}, binnen de termijn ({termijn})."
    if hoe == "per_post" and ter_post is not None:
        return (
            f"Ontvangen op {datum_nl(ontvangen)}, na de termijn ({termijn}), maar op {datum_nl(ter_post)} "
            f"op de post gedaan en binnen een week na de termijn ontvangen: tijdig ({artikel})."
        )
    return None


def zienswijze_tijdigheid(
    laatste_dag: date, ontvangen: date, ter_post: date | None = None, *, kalender: AtwKalender | None = None
) -> tuple[bool, str]:
    """Whether a written zienswijze received on ``ontvangen`` (posted on ``ter_post``) is on time for the
    terinzagelegging ending on ``laatste_dag``, with a Dutch explanation. Awb 3:16 lid 3 applies 6:9 and
    6:10 to written zienswijzen: one posted by the last day and received within a week after it is on
    time, as a bezwaarschrift is. A late one is kept and marked: the bestuursorgaan may still weigh it, but
    it is not a zienswijze submitted in time, which is what opens beroep (Awb 6:13)."""
    termijn = f"het ontwerpbesluit lag ter inzage tot en met {datum_nl(laatste_dag)}"
    artikel = "artikel 3:16 lid 3 met artikel 6:9 lid 2 Awb"
    op_tijd = _op_tijd_tekst(laatste_dag, ontvangen, ter_post, kalender, termijn, artikel)
    if op_tijd is not None:
        return True, op_tijd
    post = f"; op de post gedaan op {datum_nl(ter_post)}" if ter_post is not None else ""
    return False, (
        f"Te laat: ontvangen op {datum_nl(ontvangen)}, na afloop van de termijn ({termijn}{post}). De "
        "zienswijze is bewaard, maar geldt niet als tijdig ingediend (artikel 3:16 Awb); wie geen tijdige "
        "zienswijze gaf, kan alleen beroep instellen als hem dat redelijkerwijs niet kan worden verweten "
        "(artikel 6:13 Awb)."
    )


def beslistermijn_op_bezwaar(
    einde_bezwaartermijn: date, *, commissie: bool = False, instellingen: TermijnInstellingen | None = None
) -> date:
    """The last day to decide on a bezwaar (Awb 7:10 lid 1): six weeks, or twelve when an advisory
    commissie as meant in Awb 7:13 is instituted, "gerekend vanaf de dag na die waarop de termijn voor het
    indienen van het bezwaarschrift is verstreken": day 0 is the bezwaartermijn's last day, whenever the
    bezwaar itself came in. A statutory term, so Atw art. 1 moves an end on a weekend or holiday. The
    verdaging by six weeks (lid 3) and a further uitstel (lid 4) are not computed here."""
    inst = instellingen if instellingen is not None else TermijnInstellingen.standaard()
    dag0 = eis_datum(einde_bezwaartermijn, "De laatste dag van de bezwaartermijn")
    weken = inst.beslissen_op_bezwaar_commissie_weken if commissie else inst.beslissen_op_bezwaar_weken
    return inst.atw_kalender().einde_termijn(dag0, dag0 + timedelta(weeks=weken))


def inwerkingtreding(bekendgemaakt: date, *, regime: str | None = None, procedure: str = "regulier") -> date:
    """The day a besluit takes effect: the day after the day it was made known (sent, or for the
    uitgebreide procedure laid open for inspection).

    Awb 3:40: a besluit does not take effect before it has been made known. Omgevingswet art. 16.79
    lid 1: an omgevingsvergunning takes effect on the day after the day it was made known; the later
    moments of lid 2 are not modelled (which activities it names could not be checked). A permit under
    the Wabo (``regime`` ``wabo``, an application from before 2024) prepared with afdeling 3.4 Awb
    (``procedure`` ``uitgebreid``) takes effect the day after its beroepstermijn ends (Wabo art. 6.1
    lid 2 under b). A voorlopige voorziening is not modelled: this is the earliest day it can take effect.
    processes.grondslag words it for the besluit.
    """
    dag = eis_datum(bekendgemaakt, "De datum van bekendmaking")
    if regime == "wabo" and procedure == "uitgebreid":
        return rechtsmiddelentermijn("uitgebreid", dag).laatste_dag + timedelta(days=1)
    return dag + timedelta(days=1)


def rechtsmiddelenclausule(
    termijn: Rechtsmiddelentermijn,
    *,
    bestuursorgaan: str = "het college van burgemeester en wethouders",
    rechtbank: str = "de rechtbank",
) -> str:
    """The Dutch rechtsmiddelenclausule for the besluit, with the last day written out."""
    laatste = f"{weekdag_nl(termijn.laatste_dag)} {datum_nl(termijn.laatste_dag)}"
    # Awb 6:9 lid 2: posted in time counts, if it arrives within a week after the term
    per_post = (
        " Verstuurt u het per post, dan is het ook op tijd als u het vóór het einde van de termijn op de post "
        "hebt gedaan en wij het niet later dan een week daarna ontvangen (artikel 6:9 lid 2 Algemene wet "
        "bestuursrecht)."
    )
    if termijn.rechtsmiddel == "bezwaar":
        return (
            "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag waarop dit besluit "
            f"is verzonden bezwaar maken bij {bestuursorgaan} (artikel 6:7 en 6:8 Algemene wet "
            f"bestuursrecht). Uw bezwaarschrift moet uiterlijk op {laatste} zijn ontvangen.{per_post} Vermeld in uw "
            "bezwaarschrift uw naam en adres, de datum, het besluit waartegen u bezwaar maakt en waarom u het "
            "er niet mee eens is, en onderteken het. Is snelheid nodig, dan kunt u daarnaast de "
            f"voorzieningenrechter van {rechtbank} vragen om een voorlopige voorziening."
        )
    return (
        "Dit besluit is voorbereid met de uniforme openbare voorbereidingsprocedure (afdeling 3.4 Algemene "
        "wet bestuursrecht). U kunt daarom geen bezwaar maken, maar rechtstreeks beroep instellen bij "
        f"{rechtbank}, binnen zes weken na de dag waarop dit besluit ter inzage is gelegd (artikel 6:7 en "
        f"6:8 lid 4 Algemene wet bestuursrecht). Uw beroepschrift moet uiterlijk op {laatste} zijn "
        f"ontvangen.{per_post} Beroep staat alleen open voor belanghebbenden die een zienswijze over het "
        "ontwerpbesluit hebben ingediend, of die redelijkerwijs niet kan worden verweten dat zij dat niet "
        "hebben gedaan (artikel 6:13 Algemene wet bestuursrecht). Is snelheid nodig, dan kunt u daarnaast "
        "de voorzieningenrechter vragen om een voorlopige voorziening."
    )
