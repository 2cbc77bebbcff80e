"""The decision on an omgevingsvergunning: no permit without every required instemming, and the
voorschriften stored with it (the besluit's own and those advices and instemmingen proposed, each with its
source). Pure logic, split off processes/vergunning.py, which re-exports it for the permit's callers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from processes.errors import ValidationError
from processes.nederlands import opsomming

BESLUITEN = ("verlenen", "weigeren")


def controleer_besluit(
    besluit: str, adviseurs: Iterable[Mapping[str, Any]] | None, adviezen: Iterable[Mapping[str, Any]] | None
) -> None:
    """Refuse 'verlenen' when a required instemming was refused or is missing (no permit without it)."""
    if besluit not in BESLUITEN:
        raise ValidationError(
            f"Onbekend besluit '{besluit}': kies verlenen of weigeren.", code="besluit-onbekend"
        )
    if besluit != "verlenen":
        return
    gegeven = {a.get("groep"): a for a in (adviezen or []) if a.get("soort") == "instemming"}
    for adviseur in adviseurs or []:
        if adviseur.get("soort") != "instemming":
            continue
        groep = adviseur.get("groep")
        advies = gegeven.get(groep)
        if advies is None:
            raise ValidationError(
                f"De vergunning kan niet worden verleend: de instemming van {groep} ontbreekt nog. "
                "Zonder instemming mag de vergunning niet worden verleend; kies 'weigeren' of wacht op de instemming.",
                code="instemming-ontbreekt",
            )
        if not advies.get("positief"):
            toelichting = f" ({advies['toelichting']})" if advies.get("toelichting") else ""
            raise ValidationError(
                f"De vergunning kan niet worden verleend: {groep} heeft de instemming geweigerd{toelichting}. "
                "Zonder instemming moet de vergunning worden geweigerd.",
                code="instemming-geweigerd",
            )


def besluit_voorschriften(
    besluit: str, voorschriften: Iterable[str] | None, adviezen: Iterable[Mapping[str, Any]] | None
) -> list[dict[str, str]]:
    """The conditions stored with a granted permit: the decision's own plus those of instemmingen
    (binding) and advices, each with its source (later used to create supervision tasks)."""
    if besluit != "verlenen":
        return []
    out = [{"tekst": str(v), "bron": "besluit"} for v in (voorschriften or []) if str(v).strip()]
    for advies in adviezen or []:
        for v in advies.get("voorschriften") or []:
            item = {"tekst": str(v), "bron": _bron(advies)}
            if item not in out:
                out.append(item)
    return out


def _bron(advies: Mapping[str, Any]) -> str:
    """The source of a voorschrift an advice or instemming proposed, e.g. 'instemming Provincie'."""
    return f"{advies.get('soort', 'advies')} {advies.get('groep')}"


def woorden(text: Any) -> str:
    """The words of a text, one space apart: a form sends CRLF and trailing blanks; the words count."""
    return " ".join(str(text or "").split())


def voorschriften_overnemen(teksten: Iterable[str]) -> str:
    """How to take over the voorschriften of a final besluit, naming them (a refusal's last sentence)."""
    genoemd = [f'"{woorden(t)}"' for t in teksten if woorden(t)]
    if not genoemd:
        return "Het besluit stelt geen voorschriften: laat de voorschriften leeg."
    return f"Neem de voorschriften over zoals ze in het besluit staan, elk op een eigen regel: {opsomming(genoemd)}."


def voorschriften_uit_besluit(
    teksten: Iterable[str], adviezen: Iterable[Mapping[str, Any]] | None
) -> list[dict[str, str]]:
    """The conditions of a permit whose final letter states them: exactly the letter's, each with its
    source: the advice or instemming that proposed it (same words), else the besluit itself."""
    bron: dict[str, str] = {}
    for advies in adviezen or []:
        for v in advies.get("voorschriften") or []:
            bron.setdefault(woorden(v), _bron(advies))
    gelijk = (woorden(t) for t in teksten)
    return [{"tekst": t, "bron": bron.get(t, "besluit")} for t in gelijk if t]
