"""Loading the TOML data files in processes/data/ (lazily, cached) and the term settings."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from processes.termijnen.kalender import AtwKalender


@cache
def _lees_tekst(naam: str) -> str:
    return resources.files("processes").joinpath("data", naam).read_text(encoding="utf-8")


def lees_data(naam: str) -> dict[str, Any]:
    """Parse ``processes/data/<naam>`` into a fresh dict (the file text is read once and cached)."""
    return tomllib.loads(_lees_tekst(naam))


@dataclass(frozen=True)
class TermijnInstellingen:
    """Term lengths and switches, as in ``processes/data/termijnen.toml`` (see the source notes there).

    Build the shipped defaults with ``TermijnInstellingen.standaard()``; override single values with
    ``TermijnInstellingen.standaard(atw_op_uitgebreid=False)``. ``kalender`` None means the shipped Atw calendar.
    """

    regulier_weken: int
    uitgebreid_maanden: int
    max_verdaging_weken: int
    ter_inzage_weken: int
    bezwaartermijn_weken: int
    buiten_behandeling_weken: int
    netbeheerder_werkdagen: int
    waarschuwing_weken: int
    atw_op_uitgebreid: bool = True
    kalender: AtwKalender | None = None

    @classmethod
    def uit_data(cls, data: dict[str, Any]) -> TermijnInstellingen:
        waarden = data["termijnen"]
        namen = {f.name for f in fields(cls)} - {"kalender"}
        onbekend = set(waarden) - namen
        if onbekend:
            raise ValueError(f"termijnen.toml: onbekende sleutels {sorted(onbekend)}")
        return cls(**waarden)

    @classmethod
    def standaard(cls, **wijzigingen: Any) -> TermijnInstellingen:
        basis = _standaard_instellingen()
        return replace(basis, **wijzigingen) if wijzigingen else basis

    def atw_kalender(self) -> AtwKalender:
        from processes.termijnen.kalender import standaard_kalender

        return self.kalender if self.kalender is not None else standaard_kalender()


@cache
def _standaard_instellingen() -> TermijnInstellingen:
    return TermijnInstellingen.uit_data(lees_data("termijnen.toml"))
