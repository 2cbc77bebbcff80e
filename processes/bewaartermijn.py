"""The bewaartermijn of a closed case: the term itself (a resultaattype's archiefactietermijn or the default,
an ISO 8601 duration) and the day it counts from (``brondatum``): the Dutch calendar day the case closed, or
for a case closed on a beroep the day of the court's uitspraak. One home for `zaken opschonen`
(services.bewaren.termijn) and the zaak in Open Zaak (services.zgw.archivering), so both date a case alike.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from processes.errors import ValidationError
from processes.termijnen.datums import iso_duur, plus_maanden
from processes.zaakbesluit import beroep_ingesteld


@dataclass(frozen=True)
class Termijn:
    """A bewaartermijn in calendar months and days (years and weeks folded in)."""

    tekst: str
    maanden: int
    dagen: int

    def einde(self, dag: date) -> date:
        return plus_maanden(dag, self.maanden) + timedelta(days=self.dagen)

    @property
    def minste_dagen(self) -> int:
        """The fewest days it can last (a month counted as 28 days): for the first, coarse selection."""
        return self.maanden * 28 + self.dagen


def lees_termijn(tekst: str, waar: str) -> Termijn:
    """An ISO 8601 duration of whole years, months, weeks and days (P1Y, P18M, P10Y6M, P30D); a Dutch
    ValidationError naming ``waar`` otherwise (a time part or a fraction has no use for a bewaartermijn)."""
    duur = iso_duur(tekst)
    if duur is None:
        raise ValidationError(
            f"{waar}: '{tekst}' is geen bewaartermijn; gebruik een ISO 8601-duur in jaren, maanden, weken "
            "of dagen, bijvoorbeeld P1Y, P18M of P5Y.",
            code="bewaartermijn-ongeldig",
        )
    return Termijn(str(tekst).strip(), *duur)


def brondatum(
    data: Mapping[str, Any], uitspraak: Mapping[str, Any] | None, gesloten_op: date
) -> tuple[date | None, str]:
    """The day the bewaartermijn of a case (its workflow ``data``, the court's ``uitspraak`` recorded on it)
    counts from, and why it cannot be dated (Dutch; "" when it can): the closing day, or for a case closed
    on a beroep the recorded day of the court's uitspraak (services.bewaren.uitspraak), undated until then."""
    if not beroep_ingesteld(data):
        return gesloten_op, ""
    op = (uitspraak or {}).get("op")
    if op:
        return date.fromisoformat(str(op)), ""
    return None, (
        f"beroep aanhangig (ingesteld, zaak afgerond op {gesloten_op.isoformat()}): de bewaartermijn telt "
        "vanaf de uitspraak van de rechter; leg die vast met `ruimteflow zaken uitspraak ZAAK --op DATUM`, "
        "tot dan niet te dateren"
    )
