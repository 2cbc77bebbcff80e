"""Cleaning the texts and data documents of one case that is being anonymised (services.bewaren).

A data document keeps only what ``services.bewaren.bewaard`` lists; every other text becomes REMOVED.
Before anything is cleaned, ``verzamel`` learns what must also go from the texts that are kept (a title,
a history line, a task's reason, a kept field): the initiator's names and e-mail addresses, and each
free text the data loses (a reason or an answer that a history line quotes). A person's name is learned
whole and by each of its words (``leer_naam``: a title may name only the surname); an organisation's
name only whole (its words are the plan's: "Zonnepark Zonnedorp"). ``tekst`` cuts those out, and any
e-mail address, phone number or IBAN: a whole text in any case, a word of a name where it is written as a
name, in any spelling that starts with a capital ("Groot", "GROOT", "IJzerman", "McDonald"; not the
plan's "groot onderhoud").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from services.bewaren.bewaard import MAANDEN, ONVERANDERD, bewaard, getal_bewaard, is_code, is_datum
from services.mail.retention import REMOVED

#: fields that name the initiator; their values are removed wherever a text repeats them
NAAMVELDEN = frozenset({"initiatiefnemer", "aanvrager", "naam_aanvrager", "contactpersoon"})
#: a field that names a person whoever the initiator is
PERSOONSNAAMVELDEN = frozenset({"contactpersoon"})
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
_EMAIL = re.compile(r"[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[A-Za-z]{2,}")
#: a Dutch phone number: 0 and nine digits, or +31/0031 and nine, with spaces or dashes between
_TELEFOON = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){8}\d(?!\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b")
#: a local part of a learned e-mail address this long with a dot, an underscore or a digit is an identifier,
#: no word: cut where it stands alone ("piet.jansen", "mvd_1985"; not a hyphenated "zonne-energie")
_ADRESNAAM = re.compile(r"(?=.{6})[^@]*[._\d][^@]*")


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


@dataclass
class Schoonmaker:
    """Cleans the values of one case; ``geheimen`` are the texts cut from every text that is kept."""

    geheimen: set[str] = field(default_factory=set)
    #: the words of a person's names, cut where they are written as a name (``tekst``)
    naamwoorden: set[str] = field(default_factory=set)
    #: the initiator is a natural person: each part of its names is cut too, not only the whole name
    persoon: bool = True
    #: the local parts of the learned e-mail addresses (cut where they are no word: ``_adresnamen``)
    lokale_delen: set[str] = field(default_factory=set)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _woorden: re.Pattern[str] | None = field(default=None, repr=False)

    def geleerd(self, value: str | None) -> bool:
        """``value`` (an account name, say) is one of the learned texts or name words."""
        return value in self.geheimen or value in self.naamwoorden

    def leer(self, *values: Any) -> None:
        for v in values:
            if isinstance(v, str) and len(v.strip()) >= 3 and v.strip() not in self.geheimen:
                self.geheimen.add(v.strip())
                if _EMAIL.fullmatch(v.strip()):
                    self.lokale_delen.add(v.strip().rsplit("@", 1)[0])
                self._pattern = None

    def leer_naam(self, *names: Any, persoon: bool | None = None) -> None:
        """Learn a name as a whole and, for a person's (``persoon``, by default the initiator's kind),
        each of its words that is no initial or tussenvoegsel: a title may name only the surname."""
        self.leer(*names)
        if self.persoon if persoon is None else persoon:
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

    def verzamel(self, value: Any, key: str = "", parent: str = "") -> None:
        """Learn the names, e-mail addresses and free texts of a data document (before it is cleaned)."""
        if isinstance(value, dict):
            for k, v in value.items():
                if str(k).lower() in NAAMVELDEN:
                    self.leer_naam(v, persoon=True if str(k).lower() in PERSOONSNAAMVELDEN else None)
                elif isinstance(v, str) and _EMAIL.fullmatch(v.strip()):
                    self.leer(v)
                self.verzamel(v, str(k), key)
        elif isinstance(value, list):
            for v in value:
                self.verzamel(v, key, parent)
        elif isinstance(value, str) and not bewaard(key, parent, value) and _vrije_tekst(value):
            self.leer(value)

    def tekst(self, text: str | None) -> str | None:
        """``text`` with every learned text, and any e-mail address, phone number or IBAN, replaced by
        REMOVED."""
        if not text:
            return text
        if self.geheimen:
            if self._pattern is None:  # one pattern for all: a long case learns many texts
                texts = self.geheimen | self._adresnamen()
                alternatives = "|".join(_apostrof(s) for s in sorted(texts, key=len, reverse=True))
                self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
            text = self._pattern.sub(REMOVED, text)
        if self.naamwoorden:
            if self._woorden is None:  # in any spelling ("IJzerman", "McDonald") written as a name
                alternatives = "|".join(_apostrof(w) for w in sorted(self.naamwoorden, key=len, reverse=True))
                self._woorden = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
            text = self._woorden.sub(_als_naam, text)
        return _IBAN.sub(REMOVED, _TELEFOON.sub(REMOVED, _EMAIL.sub(REMOVED, text)))

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

    def data(self, value: Any, key: str = "", parent: str = "") -> Any:
        """A data document with only what ``services.bewaren.bewaard`` keeps, its kept texts cleaned."""
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


def _als_naam(match: re.Match[str]) -> str:
    """A word of a name where it is written as a name (starts with a capital, or has an apostrophe inside
    as "d'Hondt" has): not the plan's "groot"."""
    word = match.group(0)
    return REMOVED if word[0].isupper() or any(a in word for a in APOSTROFEN) else word


def _apostrof(word: str) -> str:
    """``word`` as a pattern in which every apostrophe of ``APOSTROFEN`` is one character (editors swap
    them, and people type an accent for one)."""
    return f"[{APOSTROFEN}]".join(re.escape(part) for part in re.split(f"[{APOSTROFEN}]", word))


def leeg(value: Any) -> Any:
    """What is left of a removed field: REMOVED for a text or a structure, nothing for a number."""
    if value is None or value == "" or value == [] or value == {}:
        return value
    return REMOVED if isinstance(value, str | list | dict) else None
