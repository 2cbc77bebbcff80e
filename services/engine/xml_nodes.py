"""What the deploy checks share about a model's XML: the local name of a tag, the nearest element with an
id (to name it in a message), and a problem of the deploy answer (file, element, name, line, Dutch text)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree


def local_name(tag: Any) -> str:
    """``{namespace}task`` -> ``task``; a comment or processing instruction (no text tag) -> ""."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def owner(node: Any) -> Any:
    """The nearest ancestor (or self) with an id, to name the element in messages."""
    while node is not None and node.get("id") is None:
        node = node.getparent()
    return node


def add_problem(problems: list[dict[str, Any]], filename: str, node: Any, text: str) -> None:
    """A problem at ``node`` (None: the file as a whole): its id, name and line, never an empty name."""
    problems.append(
        {
            "bestand": filename,
            "element": node.get("id") if node is not None else None,
            "naam": (node.get("name") or None) if node is not None else None,
            "regel": node.sourceline if node is not None else None,
            "probleem": text,
        }
    )


#: libxml2's error codes (lxml ``XMLSyntaxError.code``) of the usual faults in a hand-edited file, with a
#: pattern on libxml2's English text (the first that matches wins; its groups fill in the Dutch text)
_XML_FAULTS: list[tuple[int, str, str]] = [
    (4, "", "het bestand bevat geen XML-element (het is leeg of begint niet met '<')"),
    (5, "", "na het einde van het hoofdelement staat nog iets"),
    (6, "", "een tekenverwijzing (&#...;) is ongeldig"),
    (9, "", "de tekst bevat een ongeldig teken (een stuurteken)"),
    (23, "", "na '&' ontbreekt de ';' van een entiteit (schrijf een losse & als &amp;)"),
    (26, r"Entity '(.+?)'", "de entiteit '&{0};' bestaat niet (schrijf een losse & als &amp;)"),
    (32, r"encoding: (.+)", "de tekenset '{0}' is onbekend (schrijf encoding=\"UTF-8\")"),
    (38, "", "een attribuutwaarde bevat een '<' (schrijf die als &lt;)"),
    (39, "", "een attribuutwaarde staat niet tussen aanhalingstekens"),
    (40, "", "een attribuutwaarde is niet afgesloten (het aanhalingsteken aan het eind ontbreekt)"),
    (41, r"attribute (\S+)", "het attribuut '{0}' heeft geen waarde (schrijf {0}=\"...\")"),
    (42, r"Attribute (\S+) redefined", "het attribuut '{0}' staat twee keer in hetzelfde element"),
    (45, "", "een commentaar (<!-- ... -->) is niet afgesloten"),
    (68, r"EntityRef", "na '&' ontbreekt een naam (schrijf een losse & als &amp;)"),
    (68, r"attribute name", "een attribuutnaam ontbreekt of is ongeldig (staat er een '>' te weinig?)"),
    (68, "", "na '<' ontbreekt een naam (schrijf een losse < als &lt;)"),
    (64, "", "de XML-declaratie <?xml ...?> staat niet vooraan (staat er een lege regel of spatie voor?)"),
    (65, "", "twee attributen staan tegen elkaar aan (zet er een spatie tussen)"),
    (73, r"Start Tag (\S+)", "de begintag <{0}> is niet afgesloten met '>'"),
    (73, r"expected '>'", "een sluittag is niet afgesloten met '>'"),
    (
        76,
        r"mismatch: (\S+) line (\d+) and (\S+)",
        "de sluittag </{2}> past niet bij de begintag <{0}> op regel {1}",
    ),
    (77, r"in tag (\S+)", "het bestand houdt op midden in het element <{0}>"),
    (80, "", "een commentaar bevat '--' (dat mag niet binnen <!-- ... -->)"),
    (81, "", "het bestand is niet in UTF-8 (of de tekenset die het noemt) gecodeerd"),
    (108, r"version '(.*?)'", "XML-versie '{0}' wordt niet ondersteund (schrijf version=\"1.0\")"),
    (200, r"^xmlns:(\S+): Empty", "de naamruimte van voorvoegsel '{0}:' is leeg (xmlns:{0}=\"\" mag niet)"),
    (
        201,
        r"prefix (\S+) for (\S+) on",
        "het voorvoegsel '{0}:' van attribuut '{1}' is niet gedeclareerd (xmlns:{0}=\"...\")",
    ),
    (201, r"prefix (\S+) on", "het voorvoegsel '{0}:' is niet gedeclareerd (xmlns:{0}=\"...\")"),
]


#: what an unusual fault of libxml2 (none of ``_XML_FAULTS``) is called: its English text is not shown
XML_FAULT = "hier klopt de opbouw van de XML niet"


def xml_fault(exc: etree.XMLSyntaxError) -> str:
    """What is wrong with a file lxml could not parse, in Dutch, with its line and column: "de sluittag
    </a> past niet bij de begintag <b> op regel 1 (regel 1, kolom 11)"; an unusual fault as ``XML_FAULT``."""
    english = " ".join(re.sub(r", line \d+, column \d+$", "", str(exc.msg or exc)).split())
    text = XML_FAULT
    for code, pattern, dutch in _XML_FAULTS:
        match = re.search(pattern, english) if code == exc.code else None
        if match:
            text = dutch.format(*match.groups())
            break
    column = exc.position[1] if exc.position else None
    return f"{text} (regel {exc.lineno}" + (f", kolom {column})" if column else ")")
