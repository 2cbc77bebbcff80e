"""The Algemene termijnenwet (Atw) calendar: which days are not working days, and how terms move.

Conventions used everywhere in processes.termijnen:

* Day 0 of a term is the day of the event that starts it; the days of the term are the days AFTER it. A term
  "from ``start`` to ``einde``" therefore covers the days ``start + 1`` up to and including ``einde``.
* A working day (werkdag) is a day that is not a Saturday, a Sunday or an algemeen erkende feestdag
  (Atw art. 3, including Goede Vrijdag and days added by koninklijk besluit).
* Atw art. 1: a term that ends on a non-working day runs on to the next working day (``verschuif``).
* Atw art. 2: a term of 3 days or more that art. 1 does not extend is extended, if needed, so that it
  contains at least 2 working days (``minimaal_twee_werkdagen``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from processes.datafiles import lees_data
from processes.errors import ValidationError
from processes.termijnen.datums import eis_datum, eis_geheel_getal, weekdag_nl

EEN_DAG = timedelta(days=1)


def pasen(jaar: int) -> date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = jaar % 19
    b, c = divmod(jaar, 100)
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    wd = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * wd) // 451
    maand, dag = divmod(h + wd - 7 * m + 114, 31)
    return date(jaar, maand, dag + 1)


@dataclass(frozen=True)
class FeestdagRegel:
    """One holiday rule: a fixed date (``maand``/``dag``) or an offset from Easter Sunday (``pasen``)."""

    naam: str
    maand: int | None = None
    dag: int | None = None
    pasen: int | None = None
    als_zondag: int = 0
    vanaf_jaar: int | None = None
    tot_jaar: int | None = None

    def __post_init__(self) -> None:
        vast = self.maand is not None and self.dag is not None
        if vast == (self.pasen is not None):
            raise ValueError(f"feestdag {self.naam!r}: geef óf maand+dag óf pasen")

    def datum(self, jaar: int) -> date | None:
        if (self.vanaf_jaar is not None and jaar < self.vanaf_jaar) or (
            self.tot_jaar is not None and jaar > self.tot_jaar
        ):
            return None
        if self.pasen is not None:
            return pasen(jaar) + timedelta(days=self.pasen)
        assert self.maand is not None and self.dag is not None
        d = date(jaar, self.maand, self.dag)
        if d.weekday() == 6 and self.als_zondag:
            d += timedelta(days=self.als_zondag)
        return d

    @classmethod
    def uit_data(cls, item: Mapping[str, Any]) -> FeestdagRegel:
        onbekend = set(item) - {"naam", "maand", "dag", "pasen", "als_zondag", "vanaf_jaar", "tot_jaar"}
        if onbekend:
            raise ValueError(f"feestdag {item.get('naam')!r}: onbekende sleutels {sorted(onbekend)}")
        return cls(**item)


def _kb_dagen(items: Iterable[Any]) -> dict[date, str]:
    """Normalise Royal Decree days: TOML tables (datum, naam, bron) or (date, name) pairs."""
    dagen: dict[date, str] = {}
    for item in items:
        if isinstance(item, Mapping):
            datum, naam = item.get("datum"), str(item.get("naam", "gelijkgestelde dag"))
        else:
            datum, naam = item
        if isinstance(datum, str):
            datum = date.fromisoformat(datum)
        dagen[eis_datum(datum, "datum bij koninklijk besluit")] = f"{naam} (bij koninklijk besluit)"
    return dagen


class AtwKalender:
    """Holidays per year plus working-day arithmetic under the Algemene termijnenwet."""

    def __init__(self, regels: Iterable[FeestdagRegel], bij_koninklijk_besluit: Iterable[Any] = ()):
        self._regels = tuple(regels)
        self._kb = _kb_dagen(bij_koninklijk_besluit)
        self._per_jaar: dict[int, dict[date, str]] = {}

    @classmethod
    def uit_data(
        cls, data: Mapping[str, Any] | None = None, *, bij_koninklijk_besluit: Iterable[Any] | None = None
    ) -> AtwKalender:
        """Build from ``atw_feestdagen.toml`` (or an already parsed mapping).

        ``bij_koninklijk_besluit`` replaces the file's table of Royal Decree days, so tests and the
        functioneel beheerder can inject their own list.
        """
        data = lees_data("atw_feestdagen.toml") if data is None else data
        regels = [FeestdagRegel.uit_data(item) for item in data["feestdag"]]
        kb = (
            data.get("bij_koninklijk_besluit", [])
            if bij_koninklijk_besluit is None
            else bij_koninklijk_besluit
        )
        return cls(regels, kb)

    def _jaar(self, jaar: int) -> dict[date, str]:
        if jaar not in self._per_jaar:
            dagen: dict[date, str] = {}
            for regel in self._regels:
                d = regel.datum(jaar)
                if d is not None and d.year == jaar:
                    dagen.setdefault(d, regel.naam)
            for d, naam in self._kb.items():
                if d.year == jaar:
                    dagen.setdefault(d, naam)
            self._per_jaar[jaar] = dict(sorted(dagen.items()))
        return self._per_jaar[jaar]

    @functools.cached_property
    def vastgesteld_tot(self) -> int | None:
        """The last year the table of days added by koninklijk besluit covers (None: no table)."""
        return max((d.year for d in self._kb), default=None)

    def onzeker(self, d: date) -> bool:
        """Is ``d`` in a year whose equated days (Atw art. 3 lid 3) were not published yet? A term ending
        then may still move to a later working day when the next besluit gelijkstelling appears."""
        return self.vastgesteld_tot is not None and d.year > self.vastgesteld_tot

    def feestdagen(self, jaar: int) -> dict[date, str]:
        """All algemeen erkende feestdagen (and equated days) of ``jaar``, in date order."""
        return dict(self._jaar(jaar))

    def feestdag(self, d: date) -> str | None:
        """Name of the holiday on ``d``, or None."""
        return self._jaar(d.year).get(d)

    def is_werkdag(self, d: date) -> bool:
        return d.weekday() < 5 and self.feestdag(d) is None

    def reden_geen_werkdag(self, d: date) -> str | None:
        """Dutch reason why ``d`` is not a working day ("een zaterdag", "Koningsdag"), or None."""
        naam = self.feestdag(d)
        if naam is not None:
            return f"{naam} ({weekdag_nl(d)})" if d.weekday() >= 5 else naam
        return f"een {weekdag_nl(d)}" if d.weekday() >= 5 else None

    def volgende_werkdag(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        d += EEN_DAG
        while not self.is_werkdag(d):
            d += EEN_DAG
        return d

    def vorige_werkdag(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        d -= EEN_DAG
        while not self.is_werkdag(d):
            d -= EEN_DAG
        return d

    def verschuif(self, d: date) -> date:
        """Atw art. 1: ``d`` itself if it is a working day, else the next working day."""
        return d if self.is_werkdag(d) else self.volgende_werkdag(d)

    def add_werkdagen(self, start: date, n: int) -> date:
        """The ``n``-th working day AFTER ``start``; ``start`` itself never counts (day 0).

        ``add_werkdagen(friday, 1)`` is the next Monday (if that is no holiday); ``n == 0`` returns ``start``.
        """
        n = eis_geheel_getal(n, "aantal werkdagen", code="ongeldig-aantal-werkdagen")
        if n < 0:
            raise ValidationError(
                f"Het aantal werkdagen mag niet negatief zijn (nu {n}).", code="ongeldig-aantal-werkdagen"
            )
        d = start
        for _ in range(n):
            d = self.volgende_werkdag(d)
        return d

    def werkdagen_tussen(self, start: date, einde: date) -> int:
        """Number of working days in the term ``start`` (exclusive) .. ``einde`` (inclusive)."""
        aantal, d = 0, start + EEN_DAG
        while d <= einde:
            aantal += self.is_werkdag(d)
            d += EEN_DAG
        return aantal

    def minimaal_twee_werkdagen(self, start: date, einde: date) -> date:
        """Atw art. 2: a term of at least 3 days must contain at least 2 working days.

        Returns ``einde`` unchanged when the term is shorter than 3 days or already holds 2 working days,
        else the second working day after ``start``.
        """
        if (einde - start).days < 3:
            return einde
        return max(einde, self.add_werkdagen(start, 2))  # not counted to ``einde``: it may be years away

    def einde_termijn(self, start: date, einde: date) -> date:
        """The end of the term ``start`` .. ``einde`` under the Atw: one that ends on a non-working day runs
        on to the next working day (art. 1); only one that art. 1 does not extend holds at least two working
        days (art. 2 applies to a term "welke niet reeds krachtens artikel 1 wordt verlengd")."""
        if not self.is_werkdag(einde):
            return self.verschuif(einde)
        return self.minimaal_twee_werkdagen(start, einde)


@lru_cache(maxsize=1)
def standaard_kalender() -> AtwKalender:
    """The calendar from the shipped data, built on first use (never at import time)."""
    return AtwKalender.uit_data()
