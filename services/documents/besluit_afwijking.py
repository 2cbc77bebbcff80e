"""Granting a permit against what the case raised: a blokkerend conflict of the locatiecheck that is still
open (not overridden) or a negative advice (oordeel niet_akkoord). A 'verlenen' besluit states per point
why it grants nonetheless (Awb 3:46; for an advice 3:50, printed as "Afwijking van advies"), next to that
point in the letter. A conflict judged not applicable is overridden instead, on the case page or through
the API (services/conflict_override.py); a refused instemming is no point: without it the permit is
refused (processes.vergunning.controleer_besluit).

The officer's reasons are keyed by rule (``afwijking_conflicten``: one reason per locatiecheck rule, for
all its open conflicts, e.g. every home within 500 m of a turbine) and by advising group
(``afwijking_adviezen``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from processes.constants import Severity
from processes.errors import ValidationError

CONFLICTEN, ADVIEZEN = "afwijking_conflicten", "afwijking_adviezen"
#: the longest reason per point (the API schema and the task page say the same)
MAX_AFWIJKING = 5_000


@dataclass(frozen=True)
class Punt:
    """A point a granted permit answers: the field of the reason, its key there, its Dutch name."""

    veld: str
    sleutel: str
    naam: str

    @property
    def pad(self) -> str:
        """The field as a problem document names it: ``afwijking_adviezen.Milieu``."""
        return f"{self.veld}.{self.sleutel}"


def _open_blokkerend(conflict: Mapping[str, Any]) -> bool:
    return conflict.get("ernst") == Severity.BLOKKEREND and not conflict.get("overschreven")


def _negatief(advies: Mapping[str, Any]) -> bool:
    return advies.get("oordeel") == "niet_akkoord" and advies.get("soort") != "instemming"


def punten(conflicten: Sequence[Mapping[str, Any]], adviezen: Sequence[Mapping[str, Any]]) -> list[Punt]:
    """The points of a besluit's conflicts and advices (as the letter lists them) that a permit must
    answer, once per rule and per group, in the letter's order."""
    found: dict[tuple[str, str], Punt] = {}
    for c in conflicten:
        if _open_blokkerend(c):
            naam = f"het blokkerende conflict '{c.get('beschrijving') or c['regel']}' (regel {c['regel']})"
            found.setdefault((CONFLICTEN, c["regel"]), Punt(CONFLICTEN, str(c["regel"]), naam))
    for a in adviezen:
        if _negatief(a):
            naam = f"het advies van {a.get('groep')} (niet akkoord)"
            found.setdefault((ADVIEZEN, str(a.get("groep"))), Punt(ADVIEZEN, str(a.get("groep")), naam))
    return list(found.values())


def redenen(invoer: Any) -> dict[str, dict[str, str]]:
    """The reasons the officer gave, per field, blank ones left out."""
    return {
        veld: {str(k): str(v).strip() for k, v in getattr(invoer, veld).items() if str(v).strip()}
        for veld in (CONFLICTEN, ADVIEZEN)
    }


def met_redenen(ctx: dict[str, Any], invoer: Any) -> None:
    """Put each reason next to its point in the letter's context (``afwijking`` of a conflict or an
    advice), and the points in ``ctx["afwijkpunten"]``. A refusal or a letter that leaves the application
    aside deviates from nothing: it prints no reason and asks none."""
    ctx["afwijkpunten"] = []
    if invoer.uitkomst != "verlenen":
        return
    gegeven = redenen(invoer)
    for c in ctx["conflicten"]:
        if _open_blokkerend(c):
            c["afwijking"] = gegeven[CONFLICTEN].get(c["regel"], "")
    for a in ctx["adviezen"]:
        if _negatief(a):
            a["afwijking"] = gegeven[ADVIEZEN].get(a["groep"], "")
    ctx["afwijkpunten"] = punten(ctx["conflicten"], ctx["adviezen"])


def zonder_reden(ctx: Mapping[str, Any]) -> list[Punt]:
    """The points of the letter (after :func:`met_redenen`) that have no reason yet."""
    gegeven = {(CONFLICTEN, c["regel"]) for c in ctx.get("conflicten") or [] if c.get("afwijking")}
    gegeven |= {(ADVIEZEN, a["groep"]) for a in ctx.get("adviezen") or [] if a.get("afwijking")}
    return [p for p in ctx.get("afwijkpunten") or [] if (p.veld, p.sleutel) not in gegeven]


#: the message of a reason given for a point the case does not have (``velden``: per field its messages,
#: as a refused task form names them, services.forms)
ONBEKEND = "Hier is geen open blokkerend conflict of negatief advies van deze zaak voor."


def eis_redenen(ctx: Mapping[str, Any], invoer: Any) -> None:
    """Refuse a permit that grants over a point without a reason for it, or that gives a reason for a point
    the case does not have (a conflict overridden meanwhile, a rule or group mistyped): 422, naming the
    points and their fields, nothing stored."""
    if invoer.uitkomst != "verlenen":
        return
    bekend = {(p.veld, p.sleutel) for p in ctx.get("afwijkpunten") or []}
    vreemd = [f"{veld}.{k}" for veld, per in redenen(invoer).items() for k in per if (veld, k) not in bekend]
    if vreemd:
        raise ValidationError(
            f"Een reden om af te wijken hoort bij een open blokkerend conflict of een negatief advies van "
            f"deze zaak; die is er niet voor {', '.join(vreemd)}.",
            code="afwijking-onbekend",
            status=422,
            veld=vreemd[0],
            velden={pad: [ONBEKEND] for pad in vreemd},
        )
    missen = zonder_reden(ctx)
    if missen:
        raise ValidationError(
            "De vergunning wordt verleend ondanks "
            + "; ".join(p.naam for p in missen)
            + ". Geef per punt de reden waarom u toch verleent (artikel 3:46 en 3:50 Algemene wet "
            "bestuursrecht), of overschrijf een conflict dat niet van toepassing is op de zaakpagina.",
            code="afwijking-zonder-reden",
            status=422,
            veld=missen[0].pad,
            velden={p.pad: [f"Geef de reden om te verlenen ondanks {p.naam}."] for p in missen},
        )
