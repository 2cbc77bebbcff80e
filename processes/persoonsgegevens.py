"""Personal data never belongs on a wijk plan or its map: refuse input that carries it, by field name.

A field name is read as its words in lower case: camelCase and separators (``_``, ``-``, ``.``, spaces)
split it, so "e_mail", "E-mail" and "eMail" all read "email" when joined. It carries personal data when

* it holds a personal word (``PERSOONSWOORDEN``, Dutch and English) anywhere, whole or as part of a
  compound: "emailadres", "telefoonnummer", "mantelzorg"; a plural holds its singular ("bewoners",
  "schulden", "huishoudens");
* or it holds a name or address word (``NAAM_ADRES``: "naam", "adres", "name", "address") that does not
  name a thing of the plan: its other words, or when it has none the field it lies in, are all things
  (``DINGEN``). "naam", "voornaam", "woonadres" and "bewoners[].naam" are refused; "wijk_naam",
  "warmtebedrijf_naam" and "mijlpalen[].naam" are not.

Not personal: a word that only looks like one (``GEWONE_WOORDEN``: "zorgvuldig" is no "zorg"), and a
figure about people (a name whose first word is a ``TELWOORDEN`` word, such as "aantal_bewoners" or
"gemiddeld_inkomen", holding a number): that is a statistic of the wijk, not a person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from processes.errors import ValidationError

# -- privacy -----------------------------------------------------------------------------------------
#: Words that point at a person or at personal (social-domain) data, wherever they occur in a field name.
PERSOONSWOORDEN = (
    # Dutch
    "bsn",
    "burgerservicenummer",
    "geboorte",
    "bewoner",
    "inwoner",
    "huurder",
    "persoon",
    "initialen",
    "geslacht",
    "leeftijd",
    "contactgegevens",
    "inkomen",
    "uitkering",
    "schuld",
    "zorg",
    "wmo",
    "indicatie",
    "telefoon",
    "mail",  # email, e-mail, emailadres, mailadres
    "huishouden",
    "gezin",
    # English
    "person",
    "resident",
    "tenant",
    "phone",
    "birth",
    "gender",
    "income",
    "debt",
    "household",
    "socialsecurity",
)
#: Words that name a person or where one lives, unless they name a thing of the plan (``DINGEN``).
NAAM_ADRES = ("address", "namen", "naam", "adres", "name")  # longest first: "namen" before "naam"
#: Things of a plan whose name or address is no personal data ("wijk_naam", "mijlpalen[].naam").
DINGEN = (
    "wijk",
    "buurt",
    "gemeente",
    "straat",
    "plan",
    "project",
    "mijlpa",  # mijlpaal, mijlpalen
    "activiteit",
    "alternatie",  # alternatief, alternatieven
    "organi",  # organisatie, organisation, organization
    "bedrijf",
    "corporatie",
    "partij",
    "bestand",
    "district",
    "neighbo",  # neighbourhood, neighborhood
    "municipality",
    "street",
    "company",
    "file",
)
#: Ordinary words that hold a personal word without being about a person; left out before matching.
GEWONE_WOORDEN = ("zorgvuldig", "indicatief", "indicatieve", "inkomend", "president")
#: The first word of a figure about people ("aantal_bewoners": 1200): a statistic when it is a number.
TELWOORDEN = ("aantal", "aandeel", "percentage", "pct", "gemiddeld", "mediaan", "count", "average", "median")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SCHEIDING = re.compile(r"[^0-9a-z]+")


def woorden(naam: str) -> list[str]:
    """The words of a field name, in lower case: "telefoonNummer_2" -> ["telefoon", "nummer", "2"]."""
    return [w for w in _SCHEIDING.split(_CAMEL.sub(" ", naam).lower()) if w]


def _gewoon(tekst: str) -> str:
    for woord in GEWONE_WOORDEN:
        tekst = tekst.replace(woord, "")
    return tekst


def _zonder_naam(woord: str) -> str:
    for naam in NAAM_ADRES:
        woord = woord.replace(naam, "")
    return woord


def _is_cijfer(naam: list[str], waarde: object) -> bool:
    getal = isinstance(waarde, int | float) and not isinstance(waarde, bool)
    return getal and bool(naam) and naam[0].startswith(TELWOORDEN)


def _naam_van_ding(eigen: list[str], pad: str) -> bool:
    """The name or address word of a field names a thing of the plan: the field's other words, or,
    when it has none, the words of the field it lies in (``pad``), are all things."""
    rest = [w for w in map(_zonder_naam, eigen) if w] or woorden(pad.rstrip(".").rsplit(".", 1)[-1])
    return bool(rest) and all(any(ding in w for ding in DINGEN) for w in rest)


def is_persoonsveld(naam: str, waarde: object = None, pad: str = "") -> bool:
    """Does a field ``naam`` with this ``waarde``, lying in the fields ``pad`` ("bewoners." or ""),
    carry personal data?"""
    eigen = woorden(naam)
    if _is_cijfer(eigen, waarde):
        return False
    tekst = _gewoon("".join(eigen))
    if any(woord in tekst for woord in PERSOONSWOORDEN):
        return True
    return any(woord in tekst for woord in NAAM_ADRES) and not _naam_van_ding(eigen, pad)


def geen_persoonsgegevens(waarde: object, pad: str = "") -> None:
    """Refuse input that carries personal data fields (by name), anywhere in nested objects and lists."""
    if isinstance(waarde, Mapping):
        for k, v in waarde.items():
            if is_persoonsveld(str(k), v, pad):
                raise ValidationError(
                    f"Veld '{pad}{k}' bevat persoonsgegevens; die horen niet in een wijkuitvoeringsplan of op de kaart "
                    "(geen gegevens uit het sociaal domein).",
                    code="persoonsgegevens",
                )
            geen_persoonsgegevens(v, f"{pad}{k}.")
    elif isinstance(waarde, list):
        for item in waarde:
            geen_persoonsgegevens(item, pad)
