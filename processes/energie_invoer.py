"""The fields of an energy initiative's forms (the windpark / zonnepark intake, the transportverzoek, the
netbeheerder's answer): a number, a whole number or a choice, each refused with a Dutch ValidationError that
names its field; and a number written in a Dutch text.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from processes.errors import ValidationError, given
from processes.nederlands import getal
from processes.termijnen.datums import eis_geheel_getal


def getal_veld(
    data: Mapping[str, Any], sleutel: str, veld: str, code: str, standaard: object = None
) -> float:
    waarde = data.get(sleutel, standaard)
    if isinstance(waarde, bool) or not isinstance(waarde, int | float) or not math.isfinite(float(waarde)):
        raise ValidationError(f"{veld} moet een getal zijn, {given(waarde)}.", code=code, veld=sleutel)
    return float(waarde)


def kort_getal(waarde: float) -> str:
    """A number in a Dutch text: as short as ``:g`` wrote it, with the thousands point and decimal comma."""
    return getal(waarde, 6, kort=True)


def geheel_veld(data: Mapping[str, Any], sleutel: str, veld: str, code: str, standaard: object = None) -> int:
    return eis_geheel_getal(data.get(sleutel, standaard), veld, code=code, sleutel=sleutel)


def keuze_veld(data: Mapping[str, Any], sleutel: str, veld: str, keuzes: tuple[str, ...], code: str) -> str:
    waarde = data.get(sleutel)
    if waarde not in keuzes:
        namen = ", ".join(f"'{k}'" for k in keuzes[:-1]) + f" of '{keuzes[-1]}'"
        raise ValidationError(f"{veld} moet {namen} zijn, {given(waarde)}.", code=code, veld=sleutel)
    return str(waarde)
