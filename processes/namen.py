"""The applicant's name in a text: whether the initiator is a person, and cutting its names out.

Its reader: the title and location an outside party reads of a case (services/policy/outside.py): the
policy withholds the initiator's name from them, and the applicant often types it into the title
("Dakkapel woning Mulder"). (The pseudonymisation of a closed case by earlier releases used it too; a
case is now destroyed whole, services.bewaren.vernietigen.)

A person's name is learned whole and by each of its words (``leer_naam``: a title may name only the
surname); an organisation's name only whole (its words are the plan's: "Zonnepark Zonnedorp").
``tekst`` cuts those out, and any e-mail address, phone number or IBAN: a whole text in any case, a word
of a name where it is written as a name, in any spelling that starts with a capital ("Groot", "GROOT",
"IJzerman", "McDonald"), anywhere in a text typed all in lower case ("dakkapel woning mulder"), and in
lower case beside capitals unless it is an ordinary Dutch word (``GEWONE_WOORDEN``: "Dakkapel woning
mulder" loses it, the plan's "groot onderhoud" of Mr Groot stays, but not after a title, initials or
another word of the name, "fam. groot"; a name word inside a longer word, "Molen" in "Molenstraat", is
no word of its own). A surname with its particles is learned whole ("van den Berg": "woning van den
berg" goes, "tegen de berg" stays), and each part of a double one with its own ("de Wit" of Van der
Berg-de Wit); a learned text of more words is found however its words are spaced ("van  den berg"). A surname of two letters ("Li", "Os") is no word to cut on its own:
it is cut with its particle ("van Os") or after a title or initials ("fam. Li", "W. Li"); initials
before a cut name go with it ("J. van Os"). ``locatie`` keeps the street before a house number ("Markt 1"
of "Café De Markt"): the location is an address (``straten``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from processes.termijnen.datums import MAANDEN

#: the betrokkeneType of an initiator by its kind (``Case.initiator_type``: the application forms'
#: "Wie doet de aanvraag?", the API's soort_initiatiefnemer, the demo cases). The one home of this
#: mapping: a kind not listed here (free text from the API, or none) is taken to be a person, so that
#: a person's name is never registered as the statutaire naam of an organisation.
INITIATOR_BETROKKENE = {
    "inwoner": "natuurlijk_persoon",
    "particulier": "natuurlijk_persoon",
    "natuurlijk_persoon": "natuurlijk_persoon",
    "bedrijf": "niet_natuurlijk_persoon",
    "energiecoöperatie": "niet_natuurlijk_persoon",
    "agrarische coöperatie": "niet_natuurlijk_persoon",
    "ontwikkelaar": "niet_natuurlijk_persoon",
    "vereniging of stichting": "niet_natuurlijk_persoon",
    "gemeente": "niet_natuurlijk_persoon",
    "niet_natuurlijk_persoon": "niet_natuurlijk_persoon",
}


def initiator_betrokkene_type(soort: str | None) -> str:
    """natuurlijk_persoon or niet_natuurlijk_persoon for an initiator of kind ``soort``."""
    return INITIATOR_BETROKKENE.get((soort or "").strip().lower(), "natuurlijk_persoon")


def is_persoon(soort: str | None) -> bool:
    """Is an initiator of kind ``soort`` a natural person (its name's words are cut, not only the whole)?"""
    return initiator_betrokkene_type(soort) == "natuurlijk_persoon"


#: a word of a person's name: letters, with a hyphen or an apostrophe inside ("Jansen-de", "D'Souza")
#: the apostrophes people type in a name: straight, curly (both), the modifier letter, an acute or grave accent
APOSTROFEN = "'’‘ʼ´`"
_NAAMDEEL = re.compile(rf"[^\W\d_](?:[\w{APOSTROFEN}-]*[^\W\d_])?")
#: words of a name that are no name of their own: tussenvoegsels, and months (a "Mei" would cut dates)
_GEEN_NAAMDEEL = frozenset(
    {"van", "der", "den", "de", "het", "ter", "ten", "te", "op", "in", "aan", "uit", "bij", "voor", "onder",
     "la", "le", "du", "da", "di", "del", "von", "zu", "fam", "familie", "dhr", "mevr", "heer", "mevrouw"}
    | set(MAANDEN)
)  # fmt: skip
#: ordinary Dutch words that are also frequent surnames ("groot", "berg", "wit", "molen", "vos"): in lower case
#: beside capitals they are the plan's ("groot onderhoud", "Schuur tegen de berg"), and stay; any other word
#: of a name goes there too ("Dakkapel woning mulder"), an occupation as well ("woning bakker": in a plan's
#: title it names the applicant rather than a trade), but for "boer" (the farmer of a stal) and the materials
#: and things ("hout", "glas", "winkel"). Where the name is written as one (a capital, an apostrophe), the
#: whole text is in lower case, or the word stands as the name (after a title, initials, another word of the
#: name, or the applicant's own particles: "van hout" of Jan van Hout), these go as every name word does
#: (``_als_naam``, ``leer_naam``)
GEWONE_WOORDEN = frozenset(
    {"groot", "klein", "jong", "oud", "lang", "lange", "kort", "hoog", "laag", "breed", "smal", "wit", "zwart",
     "groen", "rood", "bruin", "blauw", "geel", "grijs", "goed", "vrij", "nieuw", "rijk", "stil", "snel",
     "sterk", "wijs", "bos", "berg", "dijk", "dam", "wal", "meer", "veen", "beek", "broek", "heuvel", "hoek",
     "brink", "hof", "kamp", "kerk", "kerkhof", "molen", "veld", "akker", "weg", "laan", "water", "wind", "zon",
     "steen", "zand", "klei", "boom", "bloem", "roos", "linde", "eik", "berk", "wilg", "haag", "heide",
     "weide", "wei", "gracht", "haven", "brug", "poort", "toren", "kasteel", "huis", "schuur", "stal", "tuin",
     "dak", "hek", "muur", "deur", "raam", "put", "pomp", "poel", "sloot", "bron", "vliet", "plas", "kade",
     "markt", "plein", "post", "kruis", "hoeve", "winter", "zomer", "vos", "haan", "haas", "kraai", "valk",
     "vink", "mol", "wolf", "schaap", "kat", "bok", "zwaan", "uil", "hert", "hout", "glas", "winkel", "boer",
     "kraan", "riet", "zee"}
)  # fmt: skip
#: the particles among them: the part of a surname before it ("van Os")
TUSSENVOEGSELS = frozenset(
    {"van", "der", "den", "de", "het", "ter", "ten", "te", "op", "in", "aan", "uit", "bij", "voor", "onder",
     "la", "le", "du", "da", "di", "del", "von", "zu", "d'", "'t"}
)  # fmt: skip
#: what stands before a short surname that makes it one: a salutation ("fam. Li", "dhr Os"), a relation
#: ("wed. Li", "erven Os") or initials ("W. Li"); processes.persoonsnaam reads it too (no first name)
VOOR_KORTE_NAAM = (
    r"(?i:(?:fam|familie|dhr|mevr|mw|mr|heer|mevrouw|meneer|mijnheer|echtpaar|weduwe|weduwnaar|wed|erven"
    r"|zuster|zr|broeder|gebroeders|gebr)\.?\s+)|(?:(?:IJ|[A-Z])\.\s*)+"
)
#: a double surname with the particles of its parts: "van der Berg-de Wit", "Jansen-van den Berg"
_DEEL = rf"(?i:{'|'.join(re.escape(t) for t in sorted(TUSSENVOEGSELS, key=len, reverse=True))})\s+"
_DUBBELE_NAAM = re.compile(rf"(?<!\S)(?:{_DEEL})*[^\s-]+(?:\s*-\s*(?:{_DEEL})*[^\s-]+)+")
#: a text that ends in a title or initials: an ordinary word after them is the name ("fam. boer")
_NA_TITEL = re.compile(rf"(?<![\w.])(?:{VOOR_KORTE_NAAM})\Z")
#: initials before a name that was cut: they go with it ("J. [verwijderd]")
_VOORLETTERS = r"(?<![\w.])(?:(?:IJ|[A-Z])\.\s*)+"
#: a word of a street name: letters, with an apostrophe, a dot or a hyphen inside ("Van 't Hoffstraat")
_STRAATWOORD = r"[^\W\d_](?:[\w'’.-]*[^\W\d_])?"
#: a house number with its toevoeging: "12", "12a", "12-2", "12 - 14", "12/3", "12 A", "12-hs", "12bis"
HUISNUMMER = r"\d{1,5}(?:\s?-\s?\d{1,4}|[-/]?[A-Za-z]{1,3}(?!\w)|\s[A-Z](?!\w)|/\d{1,4})?(?![\w,.]?\d)"
#: the word that may stand before a house number: "Beekstraat nr. 4", "huisnummer 4 Beekstraat"
NUMMERWOORD = r"(?i:huisnummer|huisnr\.?|nummer|nr\.?|no\.)"
#: a word before a house number, perhaps after ``NUMMERWOORD`` (``straten``)
NA_WOORD = re.compile(
    rf"(?<![\w'’.-])(?P<woord>{_STRAATWOORD})\s+(?:{NUMMERWOORD}\s*)?(?P<nummer>{HUISNUMMER})"
)
#: an e-mail address read cleanly from a free text: a local part of letters, digits, ".", "+", "-" and "_" (no
#: dot at either end) that starts the text or follows white space, a bracket, a quote or a separator
#: (",", ";", ":" of "mailto:", "/", "|"), and a domain of at least two labels that ends before a letter,
#: digit or hyphen: "[a.buur@example.org]", "<y@advocaat.nl>", "mailto:c@x.nl", "Fam. Buur/b.buur@example.org"
#: each give the address alone. An "@" outside such an address is one that cannot be read (``onleesbaar_adres``)
EMAIL = re.compile(
    r"(?<![^\s<>\[\](){}\"'`,;:/|])[\w+-](?:[\w.+-]*[\w+-])?@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[A-Za-z]{2,}(?![\w-])"
)
#: anything that may be an e-mail address however it is typed, cut whole from a text (``NaamFilter``): wider
#: than ``EMAIL``, so that an address that cannot be read cleanly is still cut
_ADRESACHTIG = re.compile(r"[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[A-Za-z]{2,}")
#: a Dutch phone number: 0 and nine digits, or +31/0031 and nine, with spaces or dashes between
_TELEFOON = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){8}\d(?!\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b")
#: a local part of a learned e-mail address this long with a dot, an underscore or a digit is an identifier,
#: no word: cut where it stands alone ("piet.jansen", "mvd_1985"; not a hyphenated "zonne-energie")
_ADRESNAAM = re.compile(r"(?=.{6})[^@]*[._\d][^@]*")


def email_adressen(tekst: str | None) -> list[str]:
    """Every e-mail address in a free text (``EMAIL``), as a behandelaar types an indiener's or a
    bezwaarmaker's name and addresses: "A. en B. Buur, a.buur@example.org en b.buur@example.org", "Stichting
    X, info@x.nl; advocaat mr. Y <y@advocaat.nl>". In order of appearance, each once: an address repeated in
    other capitals ("A.Buur@Example.org") is the same address and keeps its first spelling. Empty without one."""
    adressen: dict[str, str] = {}
    for found in EMAIL.finditer(tekst or ""):
        adressen.setdefault(found.group(0).casefold(), found.group(0))
    return list(adressen.values())


def onleesbaar_adres(tekst: str | None) -> bool:
    """Whether a free text holds an e-mail address that cannot be read cleanly: an "@" outside every address
    ``EMAIL`` reads ("a.buur@example", "x%y@example.org", "a@@example.org"). Whoever typed it is to be sent
    a letter by post rather than mailed at a guess."""
    tekst = tekst or ""
    return tekst.count("@") > sum(found.group(0).count("@") for found in EMAIL.finditer(tekst))


def straten(location: str | None) -> set[str]:
    """The capitalised words that stand before a number in ``location`` (a case's location is an
    address: "De Hoven 3", "Beekstraat nr. 4"); not a lowercase one ("weiland met 2 schuren": "met 2 weken"
    stays), nor the word that says a number follows ("Huisnummer 4")."""
    words = (m.group("woord") for m in NA_WOORD.finditer(location or ""))
    return {w for w in words if w[0].isupper() and not re.fullmatch(NUMMERWOORD, w)}


#: what stands in place of a removed name or text: a name cut for an outside party (services.policy.outside),
#: the recipient of a mail emptied after its retention (services.outbox.core)
REMOVED = "[verwijderd]"


@dataclass(kw_only=True)
class NaamFilter:
    """Cuts learned names and texts out of a text; ``vervanging`` is what stands in their place."""

    vervanging: str
    geheimen: set[str] = field(default_factory=set)
    #: the words of a person's names, cut where they are written as a name (``tekst``)
    naamwoorden: set[str] = field(default_factory=set)
    #: the initiator is a natural person: each part of its names is cut too, not only the whole name
    persoon: bool = True
    #: the local parts of the learned e-mail addresses (cut where they are no word: ``_adresnamen``)
    lokale_delen: set[str] = field(default_factory=set)
    #: a person's surnames of two letters ("Li", "Os"), cut only after a title or initials (``tekst``)
    korte_namen: set[str] = field(default_factory=set)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _woorden: re.Pattern[str] | None = field(default=None, repr=False)

    def leer(self, *values: Any) -> None:
        for v in values:
            if isinstance(v, str) and len(v.strip()) >= 3 and v.strip() not in self.geheimen:
                self.geheimen.add(v.strip())
                if _ADRESACHTIG.fullmatch(v.strip()):
                    self.lokale_delen.add(v.strip().rsplit("@", 1)[0])
                self._pattern = None

    def leer_naam(self, *names: Any) -> None:
        """Learn a name as a whole and, for a person's (``persoon``), each of its words that is no initial
        or tussenvoegsel: a title may name only the surname."""
        self.leer(*names)
        if self.persoon:
            for name in names:
                if isinstance(name, str):
                    found = _NAAMDEEL.findall(name)  # "Horst-d'Oliveira" is a word, and so are its parts
                    parts = [p for w in found if "-" in w for p in w.split("-")]  # "Horst", "d'Oliveira"
                    found += parts + [  # and "Oliveira"
                        p for w in found + parts for p in re.split(f"[{APOSTROFEN}]", w) if p != w
                    ]
                    words = [w for w in found if len(w) >= 3 and w.lower() not in _GEEN_NAAMDEEL]
                    if set(words) - self.naamwoorden:
                        self.naamwoorden.update(words)
                        self._woorden = self._pattern = None  # the address names may now name the person
                    self._leer_kort(name)

    def _leer_kort(self, name: str) -> None:
        """A surname with its particles as a whole ("van den Berg", "de Vos", "van Os": "woning van den
        berg" names the applicant, where "tegen de berg" does not), each part of a double one with its own
        ("van der Berg-de Wit": "van der Berg", "de Wit" and the whole), and a surname of two letters on its
        own where a title or initials stand before it (``korte_namen``)."""
        tokens = re.findall(r"[^\s-]+|-", name)  # a hyphen stands apart: "Berg-de Wit" is "Berg", "-", "de"
        for i, token in enumerate(tokens):
            word = token.strip(".,;:")
            if not word or word == "-" or word.lower() in _GEEN_NAAMDEEL or word.lower() in TUSSENVOEGSELS:
                continue
            if len(word) == 2 and word.isalpha():
                self.korte_namen.add(word)
            start = i
            while start > 0 and tokens[start - 1].lower() in TUSSENVOEGSELS:
                start -= 1
            if start < i:
                self.leer(" ".join([*tokens[start:i], word]))
        self.leer(*(m.group(0) for m in _DUBBELE_NAAM.finditer(name)))

    def tekst(self, text: str | None) -> str | None:
        """``text`` with every learned text, and any e-mail address, phone number or IBAN, replaced by
        ``vervanging``."""
        return self._tekst(text, frozenset())

    def locatie(self, text: str | None) -> str | None:
        """``tekst`` of a location (an address): a word of a name that is the street before a house number
        in it stays ("Markt 1" of "Café De Markt")."""
        return self._tekst(text, frozenset(straten(text)))

    def _tekst(self, text: str | None, straat: frozenset[str]) -> str | None:
        if not text:
            return text
        weg = self.vervanging
        if self.geheimen:
            if self._pattern is None:  # one pattern for all: a long case learns many texts
                texts = self.geheimen | self._adresnamen()
                alternatives = "|".join(_woorden(s) for s in sorted(texts, key=len, reverse=True))
                self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
            text = self._pattern.sub(lambda _: weg, text)
        if self.naamwoorden:
            if self._woorden is None:  # in any spelling ("IJzerman", "McDonald") written as a name
                alternatives = "|".join(_apostrof(w) for w in sorted(self.naamwoorden, key=len, reverse=True))
                self._woorden = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
            text = self._woorden.sub(
                lambda m: m.group(0) if m.group(0) in straat else _als_naam(m, weg, self.naamwoorden), text
            )
        if self.korte_namen:
            short = "|".join(re.escape(w) for w in sorted(self.korte_namen))
            after = re.compile(rf"(?<!\w)(?P<voor>{VOOR_KORTE_NAAM})(?i:{short})(?!\w)")
            text = after.sub(lambda m: m.group("voor") + weg, text)
        if weg in text:
            text = re.sub(rf"{_VOORLETTERS}(?={re.escape(weg)})", "", text)
        return _IBAN.sub(lambda _: weg, _TELEFOON.sub(lambda _: weg, _ADRESACHTIG.sub(lambda _: weg, text)))

    def _adresnamen(self) -> set[str]:
        """The local parts of the learned addresses that name a person on their own: an identifier
        (``_ADRESNAAM``), or the person's name words run together or joined by a hyphen, dot or underscore,
        with at most one initial in front, or behind after a separator ("pjansen", "pietjansen",
        "piet-jansen", "jansen.p"; not "bakkers" for Bakker: a plural or inflection is a word).
        Not a role's "info" or "post", nor one word ("jansen": it is cut only where it is written as a
        name, as "groot" is not)."""
        words = {w.lower() for w in self.naamwoorden}
        joined = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        initial, words_run = r"(?:[^\W\d_][-._]?)?", rf"(?:{joined})(?:[-._]?(?:{joined}))*"
        # an initial behind only with a separator: "bakkers", "jonge", "koks" are words, "jansen.p" is not
        run = re.compile(rf"{initial}{words_run}(?:[-._][^\W\d_])?") if joined else None
        return {
            local
            for local in self.lokale_delen
            if _ADRESNAAM.fullmatch(local)
            or (run is not None and local.lower() not in words and run.fullmatch(local.lower()) is not None)
        }


def _als_naam(match: re.Match[str], weg: str, naamwoorden: set[str]) -> str:
    """A word of a name: where it is written as a name (starts with a capital, or has an apostrophe inside
    as "d'Hondt" has) or the text is typed all in lower case, any; in lower case beside capitals, any but
    an ordinary word (``GEWONE_WOORDEN``: the plan's "groot onderhoud" stays, "woning mulder" goes) or a
    part of a hyphenated word ("jansen-bouw", as "Molen" of "Molenstraat" is no word of its own). An
    ordinary word goes too where it stands as the applicant's name: after a title, initials or another
    word of the name ("fam. boer", "P. boer", "piet boer"; with its particles it is learned whole)."""
    word, text = match.group(0), match.string
    if word[0].isupper() or any(a in word for a in APOSTROFEN) or not any(c.isupper() for c in text):
        return weg
    joined = (
        text[match.end() : match.end() + 1] == "-" or text[max(match.start() - 1, 0) : match.start()] == "-"
    )
    if joined or word.lower() not in GEWONE_WOORDEN:
        return word if joined else weg
    voor = text[max(match.start() - 40, 0) : match.start()]
    vorige = voor.split()[-1].lower() if voor.rstrip() != voor and voor.split() else ""
    return weg if _NA_TITEL.search(voor) or vorige in {w.lower() for w in naamwoorden} else word


def _woorden(text: str) -> str:
    """``text`` as a pattern (``_apostrof``) in which the words may stand apart by any white space ("van  den
    berg", a line break)."""
    return r"\s+".join(_apostrof(word) for word in text.split())


def _apostrof(word: str) -> str:
    """``word`` as a pattern in which every apostrophe of ``APOSTROFEN`` is one character (editors swap
    them, and people type an accent for one)."""
    return f"[{APOSTROFEN}]".join(re.escape(part) for part in re.split(f"[{APOSTROFEN}]", word))
