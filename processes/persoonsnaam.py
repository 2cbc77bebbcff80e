"""A person's name as typed (one free text: "J. Jansen", "Petra de Vries") split into the parts a
registration keeps apart: voorletters, voornamen, voorvoegsel and geslachtsnaam (the Zaken API's
natuurlijk persoon, as the BRP has them).

Only where the split is unambiguous: leading initials ("J.", "J.P.", "J. P.") then the surname, with its
voorvoegsel when that is written in lower case ("J. van der Berg"); one first name and a surname ("Piet
Jansen"); first names, a voorvoegsel in lower case and a surname ("Jan Willem de Vries": the voorvoegsel
marks where the surname begins). The voorletters of first names are their first letters ("IJ." for
IJsbrand). Anything else ("Jan Willem Jansen": where does the surname begin? "Van Dijk", "fam. Jansen",
"Jansen, J.") is kept whole as the geslachtsnaam, as it was typed; so is a name that begins with a
salutation or a title ("Mevrouw Jansen", "Dhr Jansen", "Familie de Boer", "Dr Jansen": no first name) and
one with a word of an organisation ("Bouwbedrijf Jansen", "Jansen Holding", "VvE Jansen", "Vereniging van
Eigenaren": a company's name, no person's). A wrong split is worse than none: the whole name is what was
typed.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# the particles of a surname: the one list of processes.namen, which cuts "van Os" with its particle; and
# the salutations that stand before a surname there ("fam. Li", "dhr Os"), with the initials it also matches
from processes.namen import TUSSENVOEGSELS, VOOR_KORTE_NAAM

#: one or more initials in one word: "J.", "J.P.", "IJ.", or a single capital without a dot ("J")
_INITIALEN = re.compile(r"(?:(?:IJ|[A-Z])\.)+|[A-Z]")
#: a first name or a surname word: a capital, then letters, hyphens or apostrophes ("Anne-Marie", "D'Souza")
_NAAMWOORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: a salutation as a word of its own, with or without its dot ("Mevrouw", "Dhr", "Mw."): processes.namen's
_AANHEF = re.compile(rf"(?:{VOOR_KORTE_NAAM})")
#: the titles that list lacks, in lower case without their dot ("Dr Jansen", "Ir. de Vries", "Hr Jansen")
_TITELS = frozenset({"dr", "drs", "ir", "ing", "prof", "ds", "hr", "mej", "bc"})
#: an organisation's legal form or kind, as a word of its own, in lower case without dots ("B.V.", "VvE")
_RECHTSVORMEN = frozenset({"bv", "nv", "vof", "cv", "ua", "vve", "fa", "ltd", "inc", "gmbh", "zn"})
#: the end of a word that names an organisation or a trade ("Bouwbedrijf Jansen", "Jansen Installatietechniek",
#: "Woningstichting de Hoop", "Bakkerij de Molen"); lower case
_ORGANISATIEWOORDEN = (
    *("bedrijf", "bedrijven", "holding", "stichting", "vereniging", "coöperatie", "cooperatie", "maatschap"),
    *("maatschappij", "corporatie", "eigenaren", "firma", "groep", "beheer", "gemeente", "provincie"),
    *("waterschap", "techniek", "installatie", "installaties", "bouw", "aannemer", "aannemers", "handel"),
    *("bakkerij", "slagerij", "kwekerij", "drukkerij", "makelaardij", "makelaars", "architecten", "advies"),
    *("adviseurs", "consultancy", "projecten", "vastgoed", "ontwikkeling", "energie", "service", "services"),
    *("transport", "verhuur", "camping", "hotel", "restaurant", "cafe", "café", "garage", "notaris"),
    *("kantoor", "school", "club", "fonds", "partners", "company", "solutions"),
)


@dataclass(frozen=True)
class Naamdelen:
    geslachtsnaam: str
    voorvoegsel: str = ""
    voorletters: str = ""
    voornamen: str = ""


def naamdelen(naam: str) -> Naamdelen:
    """The parts of ``naam`` where they are unambiguous, else the whole name as geslachtsnaam."""
    woorden = naam.split()
    heel = Naamdelen(" ".join(woorden))
    if any(_organisatie(w) for w in woorden):  # "Bouwbedrijf Jansen", "Jansen B.V.": a company's name
        return heel
    n = 0
    while n < len(woorden) and _INITIALEN.fullmatch(woorden[n]):
        n += 1
    if n:  # "J.P. van der Berg": the rest is the surname, a lower-case voorvoegsel first
        delen = _achternaam(woorden[n:])
        return heel if delen is None else Naamdelen(delen[1], delen[0], _voorletters(woorden[:n]))
    if _aanhef(woorden[0]):  # "Mevrouw Jansen", "Dr Jansen": no first name
        return heel
    k = next((i for i, w in enumerate(woorden) if w in TUSSENVOEGSELS), None)  # a lower-case particle
    if k is None:  # without one, only "Piet Jansen" says where the surname begins
        if len(woorden) != 2:
            return heel
        k = 1
    voornamen, delen = woorden[:k], _achternaam(woorden[k:])
    if delen is None or not voornamen or not all(_voornaam(w) for w in voornamen):
        return heel
    return Naamdelen(delen[1], delen[0], "".join(_letter(w) for w in voornamen), " ".join(voornamen))


def _achternaam(woorden: list[str]) -> tuple[str, str] | None:
    """(voorvoegsel, geslachtsnaam) of a surname: lower-case particles, then words that each start with a
    capital ("Jansen-de Boer"; not "Vries en Marie de Vries", two people)."""
    k = 0
    while k < len(woorden) and woorden[k] in TUSSENVOEGSELS:
        k += 1
    rest = woorden[k:]
    if not rest or not all(w[0].isupper() and _NAAMWOORD.fullmatch(w) for w in rest):
        return None
    return " ".join(woorden[:k]), " ".join(rest)


def _organisatie(woord: str) -> bool:
    """A word of an organisation's name: a legal form ("B.V.", "VvE") or a word that ends in a trade."""
    kaal = woord.lower().replace(".", "")
    return kaal in _RECHTSVORMEN or kaal.endswith(_ORGANISATIEWOORDEN)


def _aanhef(woord: str) -> bool:
    """A salutation or a title ("Mevrouw", "Dhr.", "Fam", "Dr"); called only on a word that is no initials,
    which the salutations' pattern (processes.namen) matches too."""
    return bool(_AANHEF.fullmatch(woord + " ")) or woord.lower().rstrip(".") in _TITELS


def _voornaam(woord: str) -> bool:
    """A first name: a name word with a capital, no particle in any case ("Van Dijk" is a surname)."""
    return bool(_NAAMWOORD.fullmatch(woord)) and woord[0].isupper() and woord.lower() not in TUSSENVOEGSELS


def _letter(voornaam: str) -> str:
    return "IJ." if voornaam.startswith("IJ") else voornaam[0].upper() + "."


def _voorletters(woorden: list[str]) -> str:
    """Initials as one word: "J. P." and "J P" are "J.P."."""
    return "".join(w if w.endswith(".") else w + "." for w in woorden)
