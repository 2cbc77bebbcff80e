"""Personal data never belongs on a wijk plan or its map: refuse input that carries it, by field name.

A field name is read as its words in lower case: camelCase and separators (``_``, ``-``, ``.``, spaces)
split it ("telefoonNummer" -> "telefoon", "nummer"); adjacent words are also read joined, so "e_mail" and
"E-mail" read "email". Words are matched whole or as the last part of a Dutch compound, never anywhere
inside a word: the wijkanalyse counts dwellings and buildings ("eengezinswoningen", "bouwleeftijd",
"adresseerbare_objecten", "zorgcomplex"), which is no personal data (DOMAIN.md, Procedure 2). A word
carries personal data when

* it is a personal word (``PERSOONSWOORDEN``, Dutch and English) or a plural of one ("bewoners",
  "schulden"), or a personal compound (``PERSOONSCOMPOSITA``: "emailadres", "telefoonnummer");
* it is a Dutch compound whose last part is a person or social-domain word (``PERSOONSKERNEN``): a
  "buurtbewoner" is a bewoner, "mantelzorg" is zorg, but "eengezinswoning" is a woning;
* it joins a person word to a record of them (``PERSOONSSTAMMEN`` + ``GEGEVENSKERNEN``):
  "persoonsgegevens", "bewonerslijst", "gezinssamenstelling";
* or it names a name, address or age (``NAAM_ADRES``: "naam", "adres", "leeftijd", also as the end of a
  word) that is not one of a thing of the plan: the rest of that word, the field's other words, or when
  those are none the field it lies in, all end in a thing (``DINGEN``). "naam", "voornaam", "woonadres"
  and "bewoners[].naam" are refused; "wijk_naam", "gebouwnaam", "bouwleeftijd" and "mijlpalen[].naam"
  are not.

A number is a statistic of the wijk, not a person: under a name with a count word (``TELWOORDEN``:
"aantal_bewoners", "huishoudens_aantal", "gemiddeld_inkomen"), or when all the personal words are
groups of people (``GROEPEN``: "huishoudens": 800).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from processes.errors import ValidationError

# -- privacy -----------------------------------------------------------------------------------------
#: Words that are personal (social-domain) data as a whole word of a field name, or in a plural form.
PERSOONSWOORDEN = (
    # Dutch
    "bsn",
    "burgerservicenummer",
    "geboorte",
    "initialen",
    "geslacht",
    "contactgegevens",
    "wmo",
    "indicatie",
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
    "ssn",
)
#: Compounds that are personal data as a whole, though their last part is not ("telefoonnummer").
PERSOONSCOMPOSITA = (
    "emailadres",
    "mailadres",
    "telefoonnummer",
    "mobielnummer",
    "phonenumber",
    "geboortedatum",
    "geboorteplaats",
    "geboortejaar",
    "birthdate",
    "schuldhulp",
    "schuldhulpverlening",
    "schuldsanering",
)
#: Person and social-domain words that stay personal as the last part of a Dutch compound.
PERSOONSKERNEN = (
    "bewoner",
    "inwoner",
    "huurder",
    "persoon",
    "personen",
    "gezin",
    "huishouden",
    "zorg",
    "schuld",
    "inkomen",
    "uitkering",
    "telefoon",
    "mail",
)
#: Ordinary words that end in a word of ``PERSOONSKERNEN`` without being about a person.
GEWONE_WOORDEN = (
    "voorzorg",
    "nazorg",
    "bezorgen",
    "verzorgen",
    "rechtspersoon",
    "rechtspersonen",
    "onschuld",
)
#: Groups of people: a number under them is a count ("huishoudens": 800), not a person.
GROEPEN = ("bewoner", "inwoner", "huurder", "persoon", "personen", "gezin", "huishouden")
GROEPEN_EN = ("person", "people", "resident", "tenant", "household")
#: A person word joined to a record of them ("persoonsgegevens", "bewonerslijst", "gezinssamenstelling").
PERSOONSSTAMMEN = ("bewoner", "inwoner", "huurder", "persoon", "gezin", "huishoud", "klant")
GEGEVENSKERNEN = ("gegevens", "lijst", "bestand", "register", "nummer", "data", "samenstelling", "dossier")
#: Words that name a person, where one lives or their age, unless they are those of a thing (``DINGEN``);
#: the Dutch ones also as the end of a word ("voornaam"), the English ones only whole (not "deelname").
NAAM_ADRES = ("naam", "namen", "adres", "adressen", "leeftijd")
NAAM_ADRES_EN = ("name", "names", "address", "addresses", "age")
#: Things of a plan whose name, address or age is no personal data, as the last part of a word.
DINGEN = (
    *("wijk", "buurt", "gemeente", "straat", "straten", "plan", "project", "mijlpaal", "mijlpalen"),
    *("activiteit", "alternatief", "alternatieven", "organisatie", "organisation", "organization"),
    *("bedrijf", "bedrijven", "corporatie", "partij", "bestand", "district", "vve", "school"),
    *("gebouw", "bouw", "woning", "pand", "panden", "object", "complex", "bag", "locatie", "kavel"),
    *("warmtenet", "netwerk", "network", "installatie", "bron", "leiding", "station", "fase", "web"),
    *("neighbourhood", "neighborhood", "municipality", "street", "company", "building", "file", "site"),
    *("companies", "buildings"),
)
#: Small words between the words of a name ("naam_van_de_wijk").
LIDWOORDEN = ("van", "de", "het", "der", "of", "the")
#: Count words: a number under a name holding one is a statistic ("aantal_bewoners": 1200).
TELWOORDEN = ("aantal", "aandeel", "percentage", "pct", "procent", "gemiddeld", "mediaan", "totaal")
TELWOORDEN_EN = ("count", "average", "median", "total", "share")
#: The endings of a plural or inflected form: "bewoners", "schulden", "gezinnen", "projecten".
_VORMEN = ("", "s", "n", "en", "nen", "ten")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SCHEIDING = re.compile(r"[^0-9a-z]+")


def woorden(naam: str) -> list[str]:
    """The words of a field name, in lower case: "telefoonNummer_2" -> ["telefoon", "nummer", "2"]."""
    return [w for w in _SCHEIDING.split(_CAMEL.sub(" ", naam).lower()) if w]


def _is_vorm(woord: str, stammen: Iterable[str]) -> bool:
    """``woord`` is one of ``stammen`` or a plural of it."""
    return any(woord == s + v for s in stammen for v in _VORMEN)


def _eindigt_op(woord: str, stammen: Iterable[str]) -> bool:
    """``woord`` ends in one of ``stammen`` or a plural of it: "buurtbewoners" in "bewoner"."""
    return any(woord.endswith(s + v) for s in stammen for v in _VORMEN)


def _persoonlijk(woord: str) -> bool:
    if _is_vorm(woord, PERSOONSWOORDEN) or woord in PERSOONSCOMPOSITA:
        return True
    if _eindigt_op(woord, PERSOONSKERNEN) and not woord.endswith(GEWONE_WOORDEN):
        return True
    return woord.startswith(PERSOONSSTAMMEN) and _eindigt_op(woord, GEGEVENSKERNEN)


def _groep(woord: str) -> bool:
    return _eindigt_op(woord, GROEPEN) or _is_vorm(woord, GROEPEN_EN)


def _reeksen(eigen: list[str]) -> list[str]:
    """The words of a name and each run of up to three adjacent words joined: ["e", "mail"] -> e, mail,
    email (bounded: a field name comes from the user)."""
    return ["".join(eigen[i:j]) for i in range(len(eigen)) for j in range(i + 1, min(i + 4, len(eigen) + 1))]


def _is_getal(waarde: object) -> bool:
    return isinstance(waarde, int | float) and not isinstance(waarde, bool)


def _is_telling(eigen: list[str], waarde: object) -> bool:
    return _is_getal(waarde) and any(w.startswith(TELWOORDEN) or _is_vorm(w, TELWOORDEN_EN) for w in eigen)


def _eigenaar(woord: str) -> str | None:
    """What a name, address or age word is of: "gebouwnaam" -> "gebouw", "naam" -> ""; None when
    ``woord`` is no such word."""
    if woord in NAAM_ADRES_EN:
        return ""
    for naam in NAAM_ADRES:
        if woord.endswith(naam):
            return woord.removesuffix(naam)
    return None


def _naam_zonder_ding(eigen: list[str], pad: str) -> bool:
    """The field names a name, address or age that is not that of a thing of the plan: the rest of
    that word and the field's other words, or when those are none the field it lies in (``pad``),
    do not all end in a thing."""
    eigenaren = [_eigenaar(w) for w in eigen]
    if all(e is None for e in eigenaren):
        return False
    rest = [e if e is not None else w for w, e in zip(eigen, eigenaren, strict=True)]
    rest = [w for w in rest if w and w not in LIDWOORDEN]
    rest = rest or woorden(pad.rstrip(".").rsplit(".", 1)[-1])
    return not rest or not all(_eindigt_op(w, DINGEN) for w in rest)


def is_persoonsveld(naam: str, waarde: object = None, pad: str = "") -> bool:
    """Does a field ``naam`` with this ``waarde``, lying in the fields ``pad`` ("bewoners." or ""),
    carry personal data?"""
    eigen = woorden(naam)
    if _is_telling(eigen, waarde):
        return False
    treffers = [w for w in _reeksen(eigen) if _persoonlijk(w)]
    if treffers and not (_is_getal(waarde) and all(_groep(w) for w in treffers)):
        return True
    return _naam_zonder_ding(eigen, pad)


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
