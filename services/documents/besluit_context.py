"""What goes into a besluit: the officer's input plus everything the case already knows.

The officer edits STRUCTURED fields (outcome, voorschriften, motivering, answers to zienswijzen, dates);
the draft is rendered from them each time. The PDF therefore always matches the recorded data, and no
free HTML from the browser ever reaches the PDF renderer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from processes.errors import ValidationError
from processes.grondslag import grondslagen, inwerkingtreding_tekst
from processes.nederlands import opsomming
from processes.termijnen.datums import datum_nl, eis_bereik
from processes.termijnen.rechtsmiddelen import (
    Rechtsmiddelentermijn,
    rechtsmiddel_procedure,
    rechtsmiddelenclausule,
    rechtsmiddelentermijn,
)
from processes.vergunning import ACTIVITEITEN
from services.config import Settings
from services.documents import besluit_tekens
from services.documents.besluit_afwijking import MAX_AFWIJKING, Punt, met_redenen, punten, zonder_reden
from services.documents.besluit_overwegingen import conflicten, termijnverloop
from services.documents.checks import check_besluit_order, check_na_ontvangst
from services.store.models import Case, CaseConflict

UITKOMSTEN = {
    "verlenen": "De omgevingsvergunning wordt verleend",
    "weigeren": "De omgevingsvergunning wordt geweigerd",
    "buiten_behandeling": "De aanvraag wordt buiten behandeling gelaten",
}


#: the longest voorschrift and motivering: what the besluit task's form takes over from the final
#: besluit (bpmn/omgevingsvergunning.bpmn, 'Besluit nemen'); longer would leave the task uncompletable
MAX_VOORSCHRIFT, MAX_MOTIVERING = 1_000, 10_000
#: the longest name and function of the signer (they are the PDF's author, with the college's name)
MAX_ONDERTEKENAAR = 100


@dataclass(frozen=True)
class BesluitInvoer:
    """The fields the officer fills in or edits in the 'Besluit nemen' task."""

    uitkomst: str
    motivering: str = ""
    voorschriften: Sequence[str] = ()
    besluitdatum: date | None = None
    #: the day of sending or making known (regulier) / of laying open for inspection (uitgebreid)
    verzenddatum: date | None = None
    #: answer per zienswijze number (uitgebreide procedure)
    zienswijze_antwoorden: Mapping[int, str] = field(default_factory=dict)
    #: who signs on behalf of the college (mandaat, Awb 10:10), and in which function
    ondertekenaar: str = ""
    ondertekenaar_functie: str = ""
    #: why a permit is granted nonetheless, per open blokkerend conflict's rule and per group whose advice
    #: was niet akkoord (services/documents/besluit_afwijking.py)
    afwijking_conflicten: Mapping[str, str] = field(default_factory=dict)
    afwijking_adviezen: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.uitkomst not in UITKOMSTEN:
            raise ValidationError(
                f"Onbekende uitkomst '{self.uitkomst}'. Kies uit: {', '.join(UITKOMSTEN)}.",
                code="uitkomst-onbekend",
            )
        for veld in ("besluitdatum", "verzenddatum"):
            waarde = getattr(self, veld)
            if waarde is not None:
                eis_bereik(waarde, veld)
        lang = next((i for i, v in enumerate(self.voorschriften, 1) if len(v) > MAX_VOORSCHRIFT), None)
        if lang is not None or len(self.motivering) > MAX_MOTIVERING:
            wat = f"Voorschrift {lang}" if lang is not None else "De motivering"
            grens = MAX_VOORSCHRIFT if lang is not None else MAX_MOTIVERING
            raise ValidationError(
                f"{wat} is langer dan {grens} tekens; splits het in kortere delen.", code="besluit-te-lang"
            )
        self._eis_lengtes()
        for veld, tekst in besluit_tekens.checked(self).items():  # printed in the letter: processes.tekens
            object.__setattr__(self, veld, tekst)

    def _eis_lengtes(self) -> None:
        for veld in ("ondertekenaar", "ondertekenaar_functie"):
            if len(getattr(self, veld)) > MAX_ONDERTEKENAAR:
                raise ValidationError(
                    f"Veld '{veld}' mag ten hoogste {MAX_ONDERTEKENAAR} tekens hebben.",
                    code="besluit-te-lang",
                    veld=veld,
                )
        for veld in ("afwijking_conflicten", "afwijking_adviezen"):
            lang = next((k for k, v in getattr(self, veld).items() if len(str(v)) > MAX_AFWIJKING), None)
            if lang is not None:
                raise ValidationError(
                    f"De reden bij '{lang}' is langer dan {MAX_AFWIJKING} tekens.",
                    code="besluit-te-lang",
                    veld=f"{veld}.{lang}",
                )

    def eis_volgorde(self, vandaag: date) -> None:
        """A final besluit was taken (not dated ahead) and is sent (or laid open) after it was taken."""
        check_besluit_order(self.besluitdatum, self.verzenddatum, vandaag)

    def eis_open_rechtsmiddel(self, rechtsmiddel: Mapping[str, Any] | None, vandaag: date) -> None:
        """A besluit made final now was not sent so long ago that its bezwaar or beroep term (the clause
        it prints) has already run out: the applicant never had that remedy."""
        if not rechtsmiddel or date.fromisoformat(rechtsmiddel["laatste_dag"]) >= vandaag:
            return
        soort = rechtsmiddel["rechtsmiddel"]
        raise ValidationError(
            f"Met verzenddatum {datum_nl(self.verzenddatum) if self.verzenddatum else '?'} zou de termijn "
            f"voor {soort} al op {datum_nl(date.fromisoformat(rechtsmiddel['laatste_dag']))} zijn verstreken, "
            f"vóór vandaag: de aanvrager kan dan geen {soort} meer instellen. Vul de dag in waarop het "
            "besluit werkelijk wordt verzonden (of ter inzage gelegd).",
            code="rechtsmiddeltermijn-verstreken",
        )

    def eis_na_ontvangst(self, ontvangen: date | None) -> None:
        """A besluit is not taken or sent before the application was received."""
        check_na_ontvangst(self.besluitdatum, self.verzenddatum, ontvangen)


def college(gemeente_naam: str, *, hoofdletter: bool = False) -> str:
    """The bestuursorgaan in a sentence: "het college van burgemeester en wethouders van de gemeente
    Ruimtedal" (the setting reads "gemeente Ruimtedal"; a bare name "Ruimtedal" stays without article)."""
    naam = gemeente_naam.strip()
    if naam.lower().startswith("gemeente "):
        naam = "de " + naam
    return f"{'Het' if hoofdletter else 'het'} college van burgemeester en wethouders van {naam}"


def _procedure(case: Case, gegevens: Mapping[str, Any]) -> str:
    value = gegevens.get("procedure") or (case.deadline_info or {}).get("procedure") or "regulier"
    return "uitgebreid" if value == "uitgebreid" else "regulier"


def rechtsmiddel_van(
    case: Case, gegevens: Mapping[str, Any], uitkomst: str, verzonden: date
) -> Rechtsmiddelentermijn:
    """The rechtsmiddel the letter of a besluit with ``uitkomst``, sent on ``verzonden``, states."""
    return rechtsmiddelentermijn(rechtsmiddel_procedure(_procedure(case, gegevens), uitkomst), verzonden)


def _aanvraag(gegevens: Mapping[str, Any]) -> Mapping[str, Any]:
    raw = gegevens.get("aanvraag")
    return raw if isinstance(raw, Mapping) else {}


def _activiteit_codes(gegevens: Mapping[str, Any]) -> list[str]:
    items = _aanvraag(gegevens).get("activiteiten") or gegevens.get("activiteiten") or []
    return [str(a) for a in items] if isinstance(items, list) else [str(items)]


def soort(case: Case) -> dict[str, str]:
    """The regime and procedure of the case's besluit, from what the case recorded (its summary): what
    sets the day a granted permit takes effect (processes.termijnen.inwerkingtreding)."""
    gegevens = case.typed_summary.gegevens or {}
    return {"regime": _regime(case, gegevens), "procedure": _procedure(case, gegevens)}


def _activiteiten(gegevens: Mapping[str, Any]) -> list[str]:
    """The requested activities by their Dutch names (an unknown code as written, without underscores)."""
    return [ACTIVITEITEN.get(a, a.replace("_", " ")) for a in _activiteit_codes(gegevens)]


def _regime(case: Case, gegevens: Mapping[str, Any]) -> str:
    """omgevingswet, or wabo for an application from before 2024 (the legacy path): what the case's
    summary recorded at intake, else the application in the task data."""
    return str(case.typed_summary.regime or _aanvraag(gegevens).get("regime") or "omgevingswet")


def afwijkpunten(conflicts: Sequence[CaseConflict], gegevens: Mapping[str, Any]) -> list[Punt]:
    """The points a permit granted in this case answers (services/documents/besluit_afwijking.py), of the
    conflicts and advices its letter lists."""
    return punten(conflicten(conflicts), _adviezen(gegevens))


def _dag_nl(value: Any) -> str:
    """An ISO day from the case data written out in Dutch; anything else as it was recorded."""
    try:
        return datum_nl(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value or "")


def _tekst(value: Any) -> str:
    """A text field of the case data as text: a number as written, anything else (a list, an
    object) is no text and is left out."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""


def _adviezen(gegevens: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The advices as the templates print them: text fields only, whatever the data held."""
    out = []
    for a in gegevens.get("adviezen") or []:
        if isinstance(a, Mapping):
            proposed = a.get("voorschriften")
            out.append(
                {
                    "groep": _tekst(a.get("groep")),
                    "soort": _tekst(a.get("soort")) or "advies",
                    "oordeel": _tekst(a.get("oordeel")),
                    "toelichting": _tekst(a.get("toelichting")),
                    "voorschriften": [
                        _tekst(v) for v in (proposed if isinstance(proposed, list) else []) if _tekst(v)
                    ],
                }
            )
    return out


def zaak_zienswijzen(
    vastgelegd: Sequence[Mapping[str, Any]] | None, gegevens: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The case's zienswijzen by number: those its summary records (``ingediende_zienswijzen``, written as
    each is registered; the task data of another branch cannot drop them), with those of the task data
    ``gegevens`` it lacks (a case whose zienswijzen were registered before the summary kept them)."""
    per_nummer: dict[Any, dict[str, Any]] = {}
    for i, z in enumerate([*(gegevens.get("zienswijzen") or []), *(vastgelegd or [])]):
        if isinstance(z, Mapping):
            per_nummer[_nummer(z.get("nummer")) or f"#{i}"] = dict(z)
    return sorted(per_nummer.values(), key=lambda z: _nummer(z.get("nummer")))


def _zienswijzen(items: Sequence[Mapping[str, Any]], antwoorden: Mapping[int, str]) -> list[dict[str, Any]]:
    """Each zienswijze as the besluit shows it: its number, a pseudonym of its submitter, the day it
    was received and the answer; never the submitter's name or address, nor the text.

    The besluit is beperkt_openbaar (it reaches the applicant and outside parties, and is laid open for
    inspection), while a zienswijze is vertrouwelijk and holds personal data (AVG art. 5 lid 1 c). The
    submitters are numbered "indiener 1", "indiener 2" in the order of their first zienswijze, the order
    the list shows (by zienswijze number), so the two numberings run alike (review besluit14, 7: "nr. 1
    van indiener 2 ... nr. 2 van indiener 1" when a letter received earlier was registered later); a
    submitter recorded with the same name again keeps its number, an unknown one ("onbekend") always
    gets its own."""
    nummer = {i: _nummer(z.get("nummer")) for i, z in enumerate(items)}
    wie: dict[str, int] = {}
    indiener: dict[int, int] = {}
    for i in sorted(range(len(items)), key=lambda i: nummer[i]):
        naam = " ".join(str(items[i].get("indiener") or "").split()).casefold()
        sleutel = naam if naam and naam != "onbekend" else f"#{i}"
        indiener[i] = wie.setdefault(sleutel, len(wie) + 1)
    antwoord = {int(k): str(v) for k, v in antwoorden.items()}
    return [
        {
            "nummer": nummer[i],
            "indiener": f"indiener {indiener[i]}",
            "ontvangen_op": _dag_nl(z.get("ontvangen_op")),
            "antwoord": antwoord.get(nummer[i], ""),
        }
        for i, z in enumerate(items)
    ]


def _nummer(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def ontvangen_op(case: Case) -> date | None:
    """The day the application this besluit decides on was received: the permit's own receipt (its term's
    ``ontvangen``, the day its ontvangstbevestiging names) when the case has one, else the day the case
    was registered. A windpark or zonnepark registers its initiative weeks before the permit application
    it calls comes in; the letter dates the application, not the initiative."""
    raw = (case.deadline_info or {}).get("ontvangen")
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else case.received_on
    except ValueError:
        return case.received_on


def build_context(
    case: Case,
    conflicts: Sequence[CaseConflict],
    gegevens: Mapping[str, Any],
    invoer: BesluitInvoer,
    settings: Settings,
) -> dict[str, Any]:
    """Everything the template needs, as plain values (dates already written out in Dutch)."""
    ontvangen = ontvangen_op(case)
    invoer.eis_na_ontvangst(ontvangen)
    procedure = _procedure(case, gegevens)
    regime = _regime(case, gegevens)
    ctx: dict[str, Any] = {
        "gemeente": settings.gemeente_naam,
        "zaak": case.reference,
        "titel": case.title,
        "aanvrager": case.initiator or "",
        "locatie": case.location_name or "",
        "ontvangen": datum_nl(ontvangen) if ontvangen else "",
        "procedure": procedure,
        "activiteiten": _activiteiten(gegevens),
        "activiteiten_tekst": opsomming(_activiteiten(gegevens)),
        "regime": regime,
        "grondslagen": grondslagen(_activiteit_codes(gegevens), regime),
        "inwerkingtreding": "",
        "conflicten": conflicten(conflicts),
        "adviezen": _adviezen(gegevens),
        "zienswijzen": _zienswijzen(
            zaak_zienswijzen(case.typed_summary.ingediende_zienswijzen, gegevens),
            invoer.zienswijze_antwoorden,
        ),
        "voorschriften": [v.strip() for v in invoer.voorschriften if v and v.strip()],
        "motivering": invoer.motivering.strip(),
        "uitkomst": invoer.uitkomst,
        "uitkomst_tekst": UITKOMSTEN[invoer.uitkomst],
        "besluitdatum": datum_nl(invoer.besluitdatum) if invoer.besluitdatum else "",
        "verzenddatum": datum_nl(invoer.verzenddatum) if invoer.verzenddatum else "",
        **ondertekening(invoer, settings.gemeente_naam),
        "termijnverloop": termijnverloop(case),
        "rechtsmiddel": None,
        "rechtsmiddelenclausule": "",
    }
    if invoer.verzenddatum and invoer.uitkomst == "verlenen":  # a refusal changes nothing that takes effect
        ctx["inwerkingtreding"] = inwerkingtreding_tekst(
            invoer.verzenddatum, regime=regime, procedure=procedure
        )
    if invoer.verzenddatum:
        termijn = rechtsmiddel_van(case, gegevens, invoer.uitkomst, invoer.verzenddatum)
        ctx["rechtsmiddel"] = termijn.to_dict()
        ctx["rechtsmiddelenclausule"] = rechtsmiddelenclausule(
            termijn,
            bestuursorgaan=college(settings.gemeente_naam),
            rechtbank=settings.rechtbank,
        )
    met_redenen(ctx, invoer)
    return ctx


def ondertekening(invoer: BesluitInvoer, gemeente_naam: str) -> dict[str, Any]:
    """The signature: signed in mandaat (Awb 10:10) by the officer the besluit names, on behalf of the
    college: ``ondertekening`` for the letter's block, ``ondertekenaar`` as one line (the PDF's author).
    Without a signer (a caller that names none, as the besluit services never do) the college itself."""
    naam, functie = invoer.ondertekenaar.strip(), invoer.ondertekenaar_functie.strip()
    if not naam:
        return {"ondertekening": None, "ondertekenaar": college(gemeente_naam, hoofdletter=True)}
    namens = f"Namens {college(gemeente_naam)}"
    regels = {"namens": namens, "naam": naam, "functie": functie}
    return {"ondertekening": regels, "ondertekenaar": ", ".join(r for r in (namens, naam, functie) if r)}


def proposed_voorschriften(gegevens: Mapping[str, Any]) -> list[str]:
    """The voorschriften the advisers proposed (in the case's recorded task data), once each, in order:
    what the besluit editor pre-fills."""
    return list(
        dict.fromkeys(
            str(v)
            for a in gegevens.get("adviezen") or []
            if isinstance(a, dict)
            for v in a.get("voorschriften") or []
        )
    )


def missing_fields(ctx: Mapping[str, Any]) -> list[str]:
    """Dutch names of what a final besluit still lacks (empty = ready to finalise)."""
    ontbreekt = []
    for key, naam in (
        ("aanvrager", "de aanvrager"),
        ("locatie", "de locatie"),
        ("besluitdatum", "de besluitdatum"),
        ("verzenddatum", "de verzenddatum (of de datum van terinzagelegging)"),
        ("motivering", "de motivering"),
    ):
        if not ctx.get(key):
            ontbreekt.append(naam)
    for z in ctx.get("zienswijzen") or []:
        if not str(z.get("antwoord") or "").strip():
            ontbreekt.append(f"het antwoord op zienswijze nr. {z.get('nummer')}")
    for punt in zonder_reden(ctx):
        ontbreekt.append(f"de reden om te verlenen ondanks {punt.naam}")
    if not ctx.get("ondertekening"):  # no signer named, and the officer has no display name to propose
        ontbreekt.append("de naam van de ondertekenaar")
    return ontbreekt
