"""A person's name as typed (one free text: "J. Jansen", "Petra de Vries") split into the parts a
registration keeps apart: voorletters, voornamen, voorvoegsel and geslachtsnaam (the Zaken API's
natuurlijk persoon, as the BRP has them).

Only where the split is unambiguous: leading initials ("J.", "J.P.", "J. P.") then the surname, with its
voorvoegsel when that is written in lower case ("J. van der Berg"); one first name and a surname ("Piet
Jansen"); first names, a voorvoegsel in lower case and a surname ("Jan Willem de Vries": the voorvoegsel
marks where the surname begins). The surname is one word after its particles, or a double name joined by
a hyphen ("Jansen-de Boer"); a first name is written as one, a capital and then lower case, and is no
patronymic ("Jansen"). The voorletters of first names are their first letters ("IJ." for IJsbrand).
Anything else ("Jan Willem Jansen": where does the surname begin? "Van Dijk", "fam. Jansen", "Jansen, J.",
"P. Jansen Hoveniers", "Jansen Kozijnen": a trade after the surname) is kept whole as the geslachtsnaam,
as it was typed; so is a name that begins with a salutation, a relation or a title ("Mevrouw Jansen",
"Mijnheer de Vries", "Weduwe Jansen", "Erven Jansen", "Dr Jansen": no first name) and one with a word of
an organisation ("Bouwbedrijf Jansen", "Jansen Holding", "VvE Jansen", "Boerderij de Hoeve",
"Tandartspraktijk Jansen": a company's name, no person's). A wrong split is worse than none: the whole
name is what was typed. What the form cannot tell stays a limit: "Piet Loodgieter" is split as "Piet
Bakker" is (a trade is a surname as often as not).

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
#: a surname after its particles: one word, or two joined by a hyphen with the second's particles ("Jansen-de
#: Boer", "Berg-van der Molen"); the words' capitals are checked apart (``_achternaam``)
_DEEL = "|".join(re.escape(t) for t in sorted(TUSSENVOEGSELS, key=len, reverse=True))
_ACHTERNAAM = re.compile(rf"\S+(?:-(?:{_DEEL})(?:\s(?:{_DEEL}))*\s[^\s-]+)?")
#: the titles that list lacks, in lower case without their dot ("Dr Jansen", "Ir. de Vries", "Hr Jansen")
_TITELS = frozenset({"dr", "drs", "ir", "ing", "prof", "ds", "hr", "mej", "bc"})
#: an organisation's legal form or kind, as a word of its own, in lower case without dots ("B.V.", "VvE")
_RECHTSVORMEN = frozenset({"bv", "nv", "vof", "cv", "ua", "vve", "fa", "ltd", "inc", "gmbh", "zn"})
#: the end of a word that names an organisation or a trade ("Bouwbedrijf Jansen", "Jansen Installatietechniek",
#: "Woningstichting de Hoop", "Bakkerij de Molen", "Boerderij de Hoeve", "Tandartspraktijk Jansen", "Jansen
#: Dakwerken"); lower case. A trade after a surname that is not listed here ("P. Jansen Kozijnen") keeps the
#: name whole by its form: a surname is one word (``_achternaam``)
_ORGANISATIEWOORDEN = (
    *("bedrijf", "bedrijven", "holding", "stichting", "vereniging", "coöperatie", "cooperatie", "maatschap"),
    *("maatschappij", "corporatie", "eigenaren", "firma", "groep", "beheer", "gemeente", "provincie"),
    *("waterschap", "techniek", "installatie", "installaties", "bouw", "aannemer", "aannemers", "handel"),
    *("erij", "praktijk", "werken", "hovenier", "hoveniers", "makelaardij", "makelaars", "architecten"),
    *("advies", "adviseurs", "consultancy", "projecten", "vastgoed", "ontwikkeling", "energie", "service"),
    *("transport", "verhuur", "camping", "hotel", "restaurant", "cafe", "café", "garage", "notaris"),
    *("kantoor", "school", "club", "fonds", "partners", "company", "solutions", "services"),
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
    """(voorvoegsel, geslachtsnaam) of a surname: lower-case particles, then one word with a capital, or a
    double name joined by a hyphen ("Jansen-de Boer", "Berg-van der Molen"); not two words ("Jansen
    Hoveniers": a trade after the surname; "Vries en Marie de Vries": two people)."""
    k = 0
    while k < len(woorden) and woorden[k] in TUSSENVOEGSELS:
        k += 1
    rest = woorden[k:]
    if not _ACHTERNAAM.fullmatch(" ".join(rest)):
        return None
    if not all(w[0].isupper() and _NAAMWOORD.fullmatch(w) for w in rest if w not in TUSSENVOEGSELS):
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
    """A first name: a name word written as one, each part a capital and then lower case ("Piet",
    "Anne-Marie", "IJsbrand", "D'Arcy"; not "VvE" or "JANSEN"), no particle in any case ("Van Dijk" is a
    surname) and no patronymic ("Jansen Kozijnen", "Hendriksen Tegels": a surname and a trade)."""
    if not _NAAMWOORD.fullmatch(woord) or woord.lower() in TUSSENVOEGSELS or woord.endswith(("sen", "zen")):
        return False
    staarten = [(d[2:] if d.startswith("IJ") else d[1:], d[0]) for d in re.split(r"['’-]", woord)]
    return all(eerste.isupper() and staart == staart.lower() for staart, eerste in staarten)


def _letter(voornaam: str) -> str:
    return "IJ." if voornaam.startswith("IJ") else voornaam[0].upper() + "."


def _voorletters(woorden: list[str]) -> str:
    """Initials as one word: "J. P." and "J P" are "J.P."."""
    return "".join(w if w.endswith(".") else w + "." for w in woorden)
