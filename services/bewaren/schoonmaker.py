"""Cleaning the texts and data documents of one case that is being anonymised (services.bewaren).

A data document keeps only what ``services.bewaren.bewaard`` lists; every other text becomes REMOVED.
Before anything is cleaned, ``verzamel`` learns what must also go from the texts that are kept (a title,
a history line, a task's reason, a kept field): the initiator's names and e-mail addresses, and each
free text the data loses (a reason or an answer that a history line quotes). Cutting the learned names
and texts out of a text (``tekst``, ``leer_naam``) is ``processes.namen.NaamFilter``'s, which the title
an outside party reads of a case uses too (services/policy_outside.py). Of a person's case
(``persoon``) the kept texts also lose the house number after a street and the geometry fields hold the
100 m cell of the plan (services.bewaren.adres).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from processes.namen import EMAIL, NaamFilter
from services.bewaren import adres
from services.bewaren.bewaard import GEOMETRIE, ONVERANDERD, bewaard, getal_bewaard, is_code, is_datum
from services.mail.retention import REMOVED

#: fields that name the initiator; their values are removed wherever a text repeats them
NAAMVELDEN = frozenset({"initiatiefnemer", "aanvrager", "naam_aanvrager", "contactpersoon"})
#: a field that names a person whoever the initiator is
PERSOONSNAAMVELDEN = frozenset({"contactpersoon"})


def _vrije_tekst(text: str) -> bool:
    """A removed text worth cutting from other texts: not a code, a date or a number, nor a word so
    short that it would cut words out of the platform's own lines."""
    stripped = text.strip()
    return (
        len(stripped) >= 4
        and not is_code(stripped)
        and not is_datum(stripped)
        and any(c.isalpha() for c in stripped)
    )


@dataclass(kw_only=True)
class Schoonmaker(NaamFilter):
    """Cleans the values of one case; ``geheimen`` are the texts cut from every text that is kept."""

    vervanging: str = REMOVED
    #: the streets of the case's location (``adres.straten``): a person's house number after them goes
    straten: set[str] = field(default_factory=set)

    def leer_adres(self, location: str | None) -> None:
        """Learn the streets of the case's location (``location``: an address)."""
        self.straten |= adres.straten(location)

    def tekst(self, text: str | None) -> str | None:
        """``NaamFilter.tekst``; of a person's case also without a house number (``adres``)."""
        text = super().tekst(text)
        return adres.zonder_huisnummer(text, self.straten) if self.persoon else text

    def locatie(self, text: str | None) -> str | None:
        """The case's location, which stays (the plan's; the removed texts it may equal are not cut from
        it): of a person's case without the house number and the words of the person's names, but for
        the street before a house number (``NaamFilter.locatie``: "Markt 1" of "Café De Markt")."""
        if not self.persoon or not text:
            return text
        namen = NaamFilter(
            vervanging=self.vervanging, naamwoorden=set(self.naamwoorden), korte_namen=set(self.korte_namen)
        )
        return adres.zonder_huisnummer(namen.locatie(text), self.straten)

    def verzamel(self, value: Any, key: str = "", parent: str = "") -> None:
        """Learn the names, e-mail addresses and free texts of a data document (before it is cleaned)."""
        if isinstance(value, dict):
            for k, v in value.items():
                if str(k).lower() in NAAMVELDEN:
                    self.leer_naam(v, persoon=True if str(k).lower() in PERSOONSNAAMVELDEN else None)
                elif isinstance(v, str) and EMAIL.fullmatch(v.strip()):
                    self.leer(v)
                self.verzamel(v, str(k), key)
        elif isinstance(value, list):
            for v in value:
                self.verzamel(v, key, parent)
        elif isinstance(value, str) and not bewaard(key, parent, value) and _vrije_tekst(value):
            self.leer(value)

    def data(self, value: Any, key: str = "", parent: str = "") -> Any:
        """A data document with only what ``services.bewaren.bewaard`` keeps, its kept texts cleaned."""
        if self.persoon and key in GEOMETRIE and parent not in ONVERANDERD:
            return adres.grove_waarde(value)  # a person's plan: its cell, no exact outline
        if isinstance(value, dict):
            return {k: self.data(v, str(k), key) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v, key, parent) for v in value]
        if isinstance(value, str):
            if not value or parent in ONVERANDERD:
                return value
            return self.tekst(value) if bewaard(key, parent, value) else REMOVED
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int | float):
            return value if getal_bewaard(key, value) else None
        return REMOVED


def leeg(value: Any) -> Any:
    """What is left of a removed field: REMOVED for a text or a structure, nothing for a number."""
    if value is None or value == "" or value == [] or value == {}:
        return value
    return REMOVED if isinstance(value, str | list | dict) else None
