"""Dwangsom bij niet tijdig beslissen (Awb 4:17): the amounts live in processes/data/dwangsom.toml.

Counting (see the source note in the data file):

* The ingebrekestelling only counts when it is received AFTER the last day of the beslistermijn
  (``uiterste_beslisdatum``); one received on or before that day is premature and refused.
* Its day of receipt is day 0; the first dwangsom day is day ``wachttijd_dagen`` (14), so an ingebrekestelling
  received on 1 March starts the dwangsom on 15 March. No Atw shift is applied to this waiting period.
* ``peildatum`` counts inclusively: on the first dwangsom day 1 day is due. To stop counting on the day of the
  decision, pass the day before it.
* At most ``max_dagen`` (42) days: 14 x 23 + 14 x 35 + 14 x 45 = EUR 1442.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from processes import nederlands
from processes.datafiles import lees_data
from processes.errors import ValidationError
from processes.nederlands import euro
from processes.termijnen.datums import als_datum, datum_nl, eis_datum


@dataclass(frozen=True)
class DwangsomTarief:
    """Waiting period, maximum and per-day amounts; ``schijven`` are (first day, euro per day) pairs."""

    wachttijd_dagen: int
    max_dagen: int
    schijven: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        if not self.schijven or self.schijven[0][0] != 1 or list(self.schijven) != sorted(self.schijven):
            raise ValueError("dwangsom: de schijven moeten bij dag 1 beginnen en oplopen")

    @classmethod
    def uit_data(cls, data: dict[str, Any]) -> DwangsomTarief:
        d = data["dwangsom"]
        schijven = tuple((int(s["van_dag"]), int(s["euro_per_dag"])) for s in d["schijf"])
        return cls(
            wachttijd_dagen=int(d["wachttijd_dagen"]), max_dagen=int(d["max_dagen"]), schijven=schijven
        )

    def per_schijf(self, dagen: int) -> list[tuple[int, int]]:
        """Split ``dagen`` over the tiers: a list of (days, euro per day), empty tiers left out."""
        verdeling = []
        grenzen = [van for van, _ in self.schijven[1:]] + [self.max_dagen + 1]
        for (van, per_dag), volgende in zip(self.schijven, grenzen, strict=True):
            aantal = max(0, min(dagen, volgende - 1) - van + 1)
            if aantal:
                verdeling.append((aantal, per_dag))
        return verdeling


@cache
def standaard_tarief() -> DwangsomTarief:
    return DwangsomTarief.uit_data(lees_data("dwangsom.toml"))


@dataclass(frozen=True)
class Dwangsom:
    ingebrekestelling_ontvangen: date
    peildatum: date
    uiterste_beslisdatum: date
    start: date
    dagen: int
    bedrag_euro: int
    maximum_bereikt: bool
    stappen: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingebrekestelling_ontvangen": self.ingebrekestelling_ontvangen.isoformat(),
            "peildatum": self.peildatum.isoformat(),
            "uiterste_beslisdatum": self.uiterste_beslisdatum.isoformat(),
            "start": self.start.isoformat(),
            "dagen": self.dagen,
            "bedrag_euro": self.bedrag_euro,
            "maximum_bereikt": self.maximum_bereikt,
            "stappen": list(self.stappen),
        }


def dwangsom(
    ingebrekestelling_ontvangen: date,
    peildatum: date,
    *,
    uiterste_beslisdatum: date,
    tarief: DwangsomTarief | None = None,
) -> Dwangsom:
    """The dwangsom due on ``peildatum`` (inclusive) for an ingebrekestelling received on the given day."""
    ontvangen = eis_datum(ingebrekestelling_ontvangen, "De ontvangstdatum van de ingebrekestelling")
    peildatum = eis_datum(peildatum, "De peildatum")
    uiterste = eis_datum(uiterste_beslisdatum, "De uiterste beslisdatum")
    tarief = tarief if tarief is not None else standaard_tarief()
    if ontvangen <= uiterste:
        raise ValidationError(
            f"De ingebrekestelling is ontvangen op {datum_nl(ontvangen)}, maar de beslistermijn loopt nog tot en met "
            f"{datum_nl(uiterste)}. Een ingebrekestelling kan pas na afloop van de termijn worden gestuurd.",
            code="ingebrekestelling-te-vroeg",
        )
    if peildatum < ontvangen:
        raise ValidationError(
            f"De peildatum {datum_nl(peildatum)} ligt vóór de ontvangst van de ingebrekestelling "
            f"({datum_nl(ontvangen)}).",
            code="peildatum-voor-ingebrekestelling",
        )
    start = ontvangen + timedelta(days=tarief.wachttijd_dagen)
    dagen = max(0, min(tarief.max_dagen, (peildatum - start).days + 1))
    stappen = [
        f"Beslistermijn verstreken na {datum_nl(uiterste)}",
        f"Ingebrekestelling ontvangen op {datum_nl(ontvangen)} (dag 0)",
        f"Dwangsom verschuldigd vanaf {datum_nl(start)} ({tarief.wachttijd_dagen} dagen na ontvangst)",
    ]
    bedrag = 0
    if dagen == 0:
        stappen.append(
            f"Peildatum {datum_nl(peildatum)} ligt vóór {datum_nl(start)}: nog geen dwangsom verschuldigd"
        )
    for aantal, per_dag in tarief.per_schijf(dagen):
        bedrag += aantal * per_dag
        stappen.append(f"{_dagen(aantal)} × {euro(per_dag)} = {euro(aantal * per_dag)}")
    maximum = dagen >= tarief.max_dagen
    if maximum:
        laatste = start + timedelta(days=tarief.max_dagen - 1)
        stappen.append(
            f"Maximum van {tarief.max_dagen} dagen bereikt op {datum_nl(laatste)}; de dwangsom loopt niet verder op"
        )
    if dagen:
        stappen.append(f"Totaal t/m {datum_nl(peildatum)}: {_dagen(dagen)}, {euro(bedrag)}")
    return Dwangsom(
        ingebrekestelling_ontvangen=ontvangen,
        peildatum=peildatum,
        uiterste_beslisdatum=uiterste,
        start=start,
        dagen=dagen,
        bedrag_euro=bedrag,
        maximum_bereikt=maximum,
        stappen=stappen,
    )


def met_telling(stand: Mapping[str, Any]) -> dict[str, Any]:
    """A stored stand with its count (``stappen``) written from its numbers, as a new calculation writes it:
    a stand stored before the count wrote an amount as processes.nederlands.euro does ("€ 1442" for
    "€ 1.442", f21b38b) gets the words of one stored today (migrations 0041 and 0043 write it so into the
    stored case summaries and workflow documents). The count follows from its dates and the tarief; a stand
    they do not give again (counted by another tarief, or without its dates) keeps the words it was stored
    with, which are then the only record of how it was counted."""
    try:
        opnieuw = dwangsom(
            als_datum(stand.get("ingebrekestelling_ontvangen"), "De ontvangstdatum van de ingebrekestelling"),
            als_datum(stand.get("peildatum"), "De peildatum"),
            uiterste_beslisdatum=als_datum(stand.get("uiterste_beslisdatum"), "De uiterste beslisdatum"),
        )
    except ValidationError:
        return dict(stand)
    zelfde = (opnieuw.start.isoformat(), opnieuw.dagen, opnieuw.bedrag_euro)
    if zelfde != (str(stand.get("start"))[:10], stand.get("dagen"), stand.get("bedrag_euro")):
        return dict(stand)
    return {**stand, "stappen": opnieuw.stappen}


def stand_in_woorden(stand: Any) -> dict[str, str] | None:
    """A dwangsom stand stored on a case (``staat.dwangsom_stand``, kept up to date daily by the model;
    ``status`` wachttijd | loopt | maximum | vastgesteld) in words for the officers: ``tekst`` for the
    case page's deadline block, ``kort`` for the marker on a case or task row. None without one."""
    if not isinstance(stand, dict) or not stand.get("start") or not stand.get("ingebrekestelling_ontvangen"):
        return None
    start = datum_nl(date.fromisoformat(str(stand["start"])[:10]))
    dagen, bedrag, most = (
        int(stand.get("dagen") or 0),
        stand.get("bedrag_euro") or 0,
        standaard_tarief().max_dagen,
    )
    status = stand.get("status")
    if status == "vastgesteld":
        return {
            "tekst": f"Dwangsom vastgesteld op {euro(bedrag)} ({_dagen(dagen)}).",
            "kort": f"Dwangsom {euro(bedrag)}",
        }
    if status == "wachttijd" or dagen == 0:
        ontvangen = datum_nl(date.fromisoformat(str(stand["ingebrekestelling_ontvangen"])[:10]))
        return {
            "tekst": f"Ingebrekestelling ontvangen op {ontvangen}: is er op {start} nog geen besluit, "
            f"dan loopt vanaf die dag een dwangsom (max. {most} dagen).",
            "kort": f"Dwangsom vanaf {start}",
        }
    if status == "maximum":
        return {
            "tekst": f"Dwangsom sinds {start}: het maximum van {most} dagen is bereikt, {euro(bedrag)}.",
            "kort": f"Dwangsom maximum ({euro(bedrag)})",
        }
    return {
        "tekst": f"Dwangsom loopt sinds {start}: {_dagen(dagen)}, {euro(bedrag)} (max. {most} dagen).",
        "kort": f"Dwangsom loopt ({euro(bedrag)})",
    }


def _dagen(n: int) -> str:
    """Days in digits: "1 dag", "12 dagen" (processes.nederlands.aantal)."""
    return nederlands.aantal(n, "dag", "dagen", in_woorden=False)
