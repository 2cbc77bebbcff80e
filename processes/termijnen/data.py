"""The term settings (processes/data/termijnen.toml), loaded lazily and cached."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cache
from typing import Any

from processes.datafiles import lees_data
from processes.termijnen.kalender import AtwKalender, standaard_kalender


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
    beslissen_op_bezwaar_weken: int
    beslissen_op_bezwaar_commissie_weken: int
    bezwaar_verdaging_weken: int
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

    @classmethod
    def met_atw_op_uitgebreid(cls, atw: bool | None) -> TermijnInstellingen:
        """The shipped settings with an installation's choice whether the Atw moves the end of the
        uitgebreide term (RUIMTEFLOW_ATW_OP_UITGEBREID); None: as shipped."""
        return cls.standaard() if atw is None else cls.standaard(atw_op_uitgebreid=bool(atw))

    def atw_kalender(self) -> AtwKalender:
        return self.kalender if self.kalender is not None else standaard_kalender()


@cache
def _standaard_instellingen() -> TermijnInstellingen:
    return TermijnInstellingen.uit_data(lees_data("termijnen.toml"))
