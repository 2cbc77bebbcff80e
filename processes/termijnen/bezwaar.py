"""Handling a bezwaar: the verdaging of the beslissing op bezwaar and the beroepstermijn after it.

The rules, with their sources (Algemene wet bestuursrecht, Awb; Algemene termijnenwet, Atw):

* Awb 7:10 lid 1: the bestuursorgaan decides within six weeks (twelve with an advisory commissie, 7:13),
  counted from the day after the bezwaartermijn ended (``rechtsmiddelen.beslistermijn_op_bezwaar``).
  Whether a commissie advises is the officer's to record (``bezwaarcommissie``): once, while the six
  weeks run and before any verdaging or uitstel, for the term is lid 1's from the start.
* Lid 3: it may defer ("verdagen") the beslissing once, by at most six weeks, and tells the indiener in
  writing. The deferred term is lid 1's term extended by six weeks: twelve (eighteen with a commissie)
  weeks from the bezwaartermijn's end, a statutory term whose end Atw art. 1 moves off a Saturday, Sunday
  or holiday once, at its end (the six weeks are not added to lid 1's day already moved). A verdaging is
  made before the term ends: afterwards there is no term left to defer.
* Lid 4: further uitstel is possible with the indiener's consent (and where other belanghebbenden are not
  harmed, or they consent too): no maximum, and not bound to the term still running.
* Awb 7:11 lid 2: a bezwaar found gegrond leads to herroeping of the besluit (as far as needed) and, where
  needed, a new besluit; an ongegrond or niet-ontvankelijk bezwaar leaves the besluit as it is. The new
  besluit is part of the beslissing op bezwaar itself (``in_de_plaats``: verlenen or weigeren, or none
  needed when the aanvraag was withdrawn): it is not made known again with a bezwaartermijn of its own,
  for against a beslissing op bezwaar only beroep is open (Awb 7:1 lid 1, 8:1). A herroepen
  buitenbehandelingstelling (Awb 4:5) is replaced by the handling of the aanvraag itself (``behandelen``):
  the case goes back to the assessment, with a beslistermijn that starts again (``staat.herstart_termijn``).
* Awb 6:7, 6:8 lid 1 and 8:1: against the beslissing op bezwaar a belanghebbende may lodge beroep with the
  rechtbank within six weeks, starting the day after it was made known (sent).

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from processes.errors import ValidationError
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.datums import datum_nl, tot_en_met_laatste_dag, weekdag_nl
from processes.termijnen.rechtsmiddelen import RECHTSMIDDEL_WEKEN, beslistermijn_op_bezwaar

#: the beslissing op bezwaar's outcomes, as the form offers them, and their Dutch words
UITKOMSTEN = {
    "gegrond": "gegrond",
    "ongegrond": "ongegrond",
    "niet_ontvankelijk": "niet-ontvankelijk",
}


#: what takes the place of a herroepen besluit (Awb 7:11 lid 2), as the form offers it, and in words: the
#: permit granted or refused in the beslissing op bezwaar, no new besluit (the aanvraag was withdrawn), or,
#: for a herroepen buitenbehandelingstelling only, the aanvraag handled in this case (BEHANDELEN)
IN_DE_PLAATS = {
    "verlenen": "in de plaats daarvan is de vergunning verleend",
    "weigeren": "in de plaats daarvan is de vergunning geweigerd",
    "geen": "er komt geen nieuw besluit, omdat de aanvraag is ingetrokken",
    "behandelen": "de aanvraag wordt in deze zaak opnieuw in behandeling genomen",
}
#: the choice that takes a herroepen buitenbehandelingstelling's aanvraag back to the assessment
BEHANDELEN = "behandelen"


#: the besluit of a buitenbehandelingstelling (Awb 4:5): the besluit editor's outcome, the case's besluit
#: (zgw.toml's resultaattype picks by it) and a beslissing's ``herroepen_besluit``
BUITEN_BEHANDELING = "buiten_behandeling"

#: what took the place of a herroepen buitenbehandelingstelling with no new besluit (``geen``) under the model
#: version before BEHANDELEN, which ended the case: the aanvraag was to be registered anew, as a new case
OPNIEUW_IN_BEHANDELING = (
    "er komt geen nieuw besluit in de beslissing op bezwaar: de aanvraag wordt opnieuw in behandeling "
    "genomen, in een nieuwe zaak"
)


def in_de_plaats_tekst(
    nieuw: str | None, herroepen_besluit: str | None = None, uiterlijk: str | None = None
) -> str | None:
    """What takes the place of the herroepen besluit, in words (IN_DE_PLAATS), or None when the beslissing
    did not say; for a herroepen buitenbehandelingstelling (``herroepen_besluit``) no new besluit means the
    aanvraag is handled anew (the earlier model version, in a new case), not that it was withdrawn. With
    BEHANDELEN, ``uiterlijk`` (ISO) is the day by which the besluit on the aanvraag follows."""
    if nieuw == "geen" and herroepen_besluit == BUITEN_BEHANDELING:
        return OPNIEUW_IN_BEHANDELING
    tekst = IN_DE_PLAATS.get(nieuw) if nieuw else None
    if nieuw == BEHANDELEN and uiterlijk:
        dag = date.fromisoformat(str(uiterlijk)[:10])
        tekst = f"{tekst}: de gemeente beslist erop uiterlijk op {_dag(dag)}"
    return tekst


def besluit_na_bezwaar(
    herroepen: bool, nieuw: str | None, herroepen_besluit: str | None = None, uiterlijk: str | None = None
) -> str:
    """What became of the besluit at the beslissing op bezwaar, as a clause in Dutch (the timeline, the
    status page, the initiator's mail): it stands, or it is herroepen and what takes its place (Awb 7:11
    lid 2; a herroeping recorded before the task asked that: a new besluit where needed).
    ``herroepen_besluit``, ``uiterlijk``: the beslissing's, see in_de_plaats_tekst."""
    if not herroepen:
        return "het besluit blijft in stand"
    if (tekst := in_de_plaats_tekst(nieuw, herroepen_besluit, uiterlijk)) is not None:
        return f"het besluit is herroepen; {tekst}"
    return "het besluit is herroepen; zo nodig neemt de gemeente een nieuw besluit"


def _dag(d: date) -> str:
    return f"{weekdag_nl(d)} {datum_nl(d)}"


def verdaging_op_bezwaar(
    huidig: date,
    nieuw: date,
    vandaag: date,
    *,
    instemming: bool,
    eerder_verdaagd: bool,
    einde_bezwaartermijn: date | None = None,
    commissie: bool = False,
    instellingen: TermijnInstellingen | None = None,
) -> tuple[date, str]:
    """Check a new day ``nieuw`` to decide on a bezwaar by, deferred from ``huidig`` on ``vandaag``; give it
    back with its legal ground in Dutch. Without the indiener's ``instemming`` it is the one verdaging of
    Awb 7:10 lid 3: refused when one was made already (``eerder_verdaagd``), after the term ended, or
    beyond six weeks (see ``verdaging_uiterlijk``); with consent it is uitstel under lid 4. A day not after
    ``huidig`` defers nothing and is refused either way. Refusals are 422 with a Dutch reason naming the
    days."""
    inst = instellingen if instellingen is not None else TermijnInstellingen.standaard()
    if nieuw <= huidig:
        raise ValidationError(
            f"De nieuwe beslisdatum ({datum_nl(nieuw)}) moet na de huidige uiterste beslisdatum liggen "
            f"({_dag(huidig)}): verdagen schuift de beslissing op bezwaar op.",
            code="verdaging-niet-later",
            status=422,
        )
    if instemming:
        return nieuw, (
            f"uitgesteld tot en met {_dag(nieuw)} met instemming van de indiener (artikel 7:10 lid 4 Awb)"
        )
    if eerder_verdaagd:
        raise ValidationError(
            "De beslissing op dit bezwaar is al eens verdaagd (artikel 7:10 lid 3 Awb: eenmaal). Verder "
            "uitstel kan alleen met instemming van de indiener (artikel 7:10 lid 4 Awb); vink die aan als "
            "de indiener heeft ingestemd.",
            code="bezwaar-verdaging-al-gebruikt",
            status=422,
        )
    if vandaag > huidig:
        raise ValidationError(
            "De termijn om op het bezwaar te beslissen is verstreken: verdagen (artikel 7:10 lid 3 Awb) kan "
            f"{tot_en_met_laatste_dag(huidig)}. Uitstel kan nog met instemming van de indiener (artikel 7:10 "
            "lid 4 Awb).",
            code="bezwaar-verdaging-na-termijn",
            status=422,
        )
    weken = inst.bezwaar_verdaging_weken
    uiterlijk = verdaging_uiterlijk(huidig, einde_bezwaartermijn, commissie=commissie, instellingen=inst)
    if nieuw > uiterlijk:
        raise ValidationError(
            f"Verdagen kan met ten hoogste {weken} weken (artikel 7:10 lid 3 Awb): uiterlijk tot en met "
            f"{_dag(uiterlijk)}, niet tot {datum_nl(nieuw)}. Langer uitstel kan alleen met instemming van de "
            "indiener (artikel 7:10 lid 4 Awb).",
            code="bezwaar-verdaging-te-lang",
            status=422,
            uiterlijk=uiterlijk.isoformat(),
        )
    return nieuw, f"verdaagd tot en met {_dag(nieuw)} (artikel 7:10 lid 3 Awb)"


def verdaging_uiterlijk(
    huidig: date,
    einde_bezwaartermijn: date | None,
    *,
    commissie: bool = False,
    instellingen: TermijnInstellingen | None = None,
) -> date:
    """The last day a verdaging under Awb 7:10 lid 3 may reach. When ``huidig`` is lid 1's day for the
    bezwaartermijn that ended on ``einde_bezwaartermijn`` (six weeks, twelve with a ``commissie``), the
    deferred term is that term six weeks longer: counted from the bezwaartermijn's end, with Atw art. 1
    applied once to its end, not to lid 1's day first (which may lie up to three days later). Otherwise
    (the bezwaartermijn's end unknown, or ``huidig`` a day put off with consent under lid 4) six weeks
    after ``huidig``, Atw applied."""
    inst = instellingen if instellingen is not None else TermijnInstellingen.standaard()
    kal, weken = inst.atw_kalender(), inst.bezwaar_verdaging_weken
    if einde_bezwaartermijn is not None and huidig == beslistermijn_op_bezwaar(
        einde_bezwaartermijn, commissie=commissie, instellingen=inst
    ):
        lid1 = inst.beslissen_op_bezwaar_commissie_weken if commissie else inst.beslissen_op_bezwaar_weken
        return kal.einde_termijn(einde_bezwaartermijn, einde_bezwaartermijn + timedelta(weeks=lid1 + weken))
    return kal.einde_termijn(huidig, huidig + timedelta(weeks=weken))


def bezwaarcommissie(
    huidig: date,
    einde_bezwaartermijn: date,
    vandaag: date,
    *,
    al_gekozen: bool,
    verdaagd: bool,
    instellingen: TermijnInstellingen | None = None,
) -> tuple[date, str]:
    """The day to decide by when an advisory bezwaarcommissie (Awb 7:13) advises: twelve weeks after the
    bezwaartermijn ended on ``einde_bezwaartermijn`` instead of six (Awb 7:10 lid 1, Atw applied), with its
    ground in Dutch. ``huidig`` is the six-week day still in force. Refused (422, the days named) when chosen
    before (``al_gekozen``), once the term was deferred or put off (``verdaagd``: lid 1's term is the one
    from the start; further time is lid 3 or 4), or after the six-week day (``vandaag`` past ``huidig``)."""
    if al_gekozen:
        raise ValidationError(
            f"Er adviseert al een bezwaarcommissie over dit bezwaar: de gemeente beslist uiterlijk op "
            f"{_dag(huidig)} (artikel 7:10 lid 1 en 7:13 Awb). Meer tijd kan alleen door te verdagen "
            "(artikel 7:10 lid 3 Awb) of met instemming van de indiener (lid 4).",
            code="bezwaarcommissie-al-gekozen",
            status=422,
        )
    if verdaagd:
        raise ValidationError(
            f"De beslissing op dit bezwaar is al verdaagd of uitgesteld tot en met {_dag(huidig)}. Of een "
            "bezwaarcommissie adviseert, bepaalt de termijn van artikel 7:10 lid 1 Awb vanaf het begin; kies "
            "dat vóór een verdaging. Verder uitstel kan nu alleen met instemming van de indiener (artikel "
            "7:10 lid 4 Awb).",
            code="bezwaarcommissie-na-verdaging",
            status=422,
        )
    if vandaag > huidig:
        raise ValidationError(
            "De termijn van zes weken om op het bezwaar te beslissen is verstreken: een bezwaarcommissie "
            f"(artikel 7:13 Awb) kon worden gekozen {tot_en_met_laatste_dag(huidig)}. Uitstel kan nog met "
            "instemming van de indiener (artikel 7:10 lid 4 Awb).",
            code="bezwaarcommissie-na-termijn",
            status=422,
        )
    dag = beslistermijn_op_bezwaar(einde_bezwaartermijn, commissie=True, instellingen=instellingen)
    return dag, (
        f"beslist na advies van een bezwaarcommissie uiterlijk op {_dag(dag)}, twaalf weken na afloop van "
        "de bezwaartermijn (artikel 7:10 lid 1 en 7:13 Awb)"
    )


def beslissing_niet_voor_bezwaar(beslist_op: date, ontvangen: date) -> date:
    """A beslissing op bezwaar is taken after the bezwaarschrift came in: an earlier day is a slip (422)."""
    if beslist_op < ontvangen:
        raise ValidationError(
            f"De datum van de beslissing op bezwaar ({datum_nl(beslist_op)}) ligt vóór de ontvangst van het "
            f"bezwaarschrift ({datum_nl(ontvangen)}).",
            code="beslissing-voor-bezwaar",
            status=422,
        )
    return beslist_op


def eerste_gevoegde(gevoegd: Sequence[Mapping[str, Any]] | None) -> str | None:
    """The day (ISO) the earliest of the bezwaren joined to a first letter was received, or None when none
    was: with that first letter registered as a beroep (the rechtbank's), the beslissing op bezwaar answers
    only the joined ones, so its bezwaar dates from the earliest of them (its handling's start, whose day the
    beslissing may not precede, and the status page)."""
    dagen = [
        str(g["ontvangen_op"])[:10] for g in gevoegd or () if isinstance(g, Mapping) and g.get("ontvangen_op")
    ]
    return min(dagen) if dagen else None


def herroepen_past_bij(uitkomst: str, herroepen: bool) -> None:
    """Only a bezwaar found gegrond leads to herroeping of the besluit (Awb 7:11 lid 2); refused (422)
    otherwise. A gegrond bezwaar may leave the besluit in place (a better motivation), so not the reverse."""
    if herroepen and uitkomst != "gegrond":
        raise ValidationError(
            f"Een {UITKOMSTEN.get(uitkomst, uitkomst)} bezwaar leidt niet tot herroeping van het besluit: "
            "alleen bij een gegrond bezwaar wordt het besluit herroepen (artikel 7:11 lid 2 Awb).",
            code="herroepen-niet-gegrond",
            status=422,
        )


def in_de_plaats(herroepen: bool, nieuw_besluit: str | None, besluit: str | None = None) -> str | None:
    """What takes the place of the besluit a beslissing op bezwaar herroept (Awb 7:11 lid 2: the
    bestuursorgaan herroept it and, as far as needed, takes a new besluit in its place): one of
    IN_DE_PLAATS, given with ``herroepen`` and only then; None when the besluit stays. Refused (422) when
    a herroeping says nothing of what replaces it, or a besluit that stays is given a replacement; when
    the herroepen ``besluit`` is a buitenbehandelingstelling replaced by a grant or a refusal (in its place
    the aanvraag is to be handled, assessed and advised on, which the beslissing op bezwaar cannot do:
    BEHANDELEN takes it back to the assessment); and BEHANDELEN for any other besluit."""
    if herroepen and besluit == BUITEN_BEHANDELING and nieuw_besluit in ("verlenen", "weigeren"):
        raise ValidationError(
            "Het herroepen besluit stelde de aanvraag buiten behandeling (artikel 4:5 Awb): in de plaats "
            "daarvan moet de aanvraag alsnog worden behandeld (artikel 7:11 lid 2 Awb), niet zonder "
            "beoordeling worden verleend of geweigerd. Kies 'De aanvraag alsnog behandelen': de zaak gaat "
            "dan terug naar de inhoudelijke beoordeling, met een nieuwe beslistermijn.",
            code="herroepen-buiten-behandeling",
            status=422,
        )
    if herroepen and nieuw_besluit == BEHANDELEN and besluit != BUITEN_BEHANDELING:
        raise ValidationError(
            "Alleen een herroepen buitenbehandelingstelling (artikel 4:5 Awb) brengt de aanvraag terug in "
            "behandeling; dit besluit nam de gemeente na beoordeling van de aanvraag. Kies de vergunning "
            "verlenen, de vergunning weigeren, of geen nieuw besluit omdat de aanvraag is ingetrokken.",
            code="behandelen-zonder-buitenbehandeling",
            status=422,
        )
    if herroepen and nieuw_besluit not in IN_DE_PLAATS:
        raise ValidationError(
            "Het besluit wordt herroepen: kies wat ervoor in de plaats komt (artikel 7:11 lid 2 Awb): de "
            "vergunning verlenen, de vergunning weigeren, of geen nieuw besluit omdat de aanvraag is "
            "ingetrokken; na een buitenbehandelingstelling: de aanvraag alsnog behandelen.",
            code="herroepen-zonder-nieuw-besluit",
            status=422,
        )
    if not herroepen and nieuw_besluit:
        raise ValidationError(
            "Een nieuw besluit komt alleen in de plaats van een herroepen besluit (artikel 7:11 lid 2 Awb); "
            "vink aan dat het besluit wordt herroepen, of laat het nieuwe besluit leeg.",
            code="nieuw-besluit-zonder-herroepen",
            status=422,
        )
    return nieuw_besluit if herroepen else None


def beroepstermijn_na_bezwaar(beslist_op: date, *, instellingen: TermijnInstellingen | None = None) -> date:
    """The last day for beroep against a beslissing op bezwaar made known on ``beslist_op``: six weeks from
    the day after (Awb 6:7, 6:8 lid 1, 8:1), Atw art. 1 applied."""
    inst = instellingen if instellingen is not None else TermijnInstellingen.standaard()
    return inst.atw_kalender().einde_termijn(beslist_op, beslist_op + timedelta(weeks=RECHTSMIDDEL_WEKEN))
