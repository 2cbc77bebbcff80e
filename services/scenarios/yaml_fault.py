"""What is wrong with a YAML text PyYAML could not read, in Dutch with its line and column (PyYAML's
English "mapping values are not allowed here" inside a Dutch sentence told a modeller little)."""

from __future__ import annotations

import re

import yaml

#: PyYAML's problem texts of the usual faults in a hand-written scenario file, in Dutch; the groups of
#: the pattern fill in the text
_FAULTS: list[tuple[str, str]] = [
    (
        r"^mapping values are not allowed here",
        "hier mag geen ':' staan (zet een tekst met ':' tussen "
        "aanhalingstekens, of controleer de inspringing)",
    ),  # fmt: skip
    (r"^found character '\\t' that cannot start any token", "een tab mag niet; spring in met spaties"),
    (
        r"^found character '(.)' that cannot start any token",
        "een waarde mag niet met '{0}' beginnen; zet haar tussen aanhalingstekens",
    ),  # fmt: skip
    (r"^expected ',' or '\]'", "een lijst tussen [ en ] is niet afgesloten met ']'"),
    (r"^expected ',' or '\}'", "een tabel tussen {{ en }} is niet afgesloten met '}}'"),
    (
        r"^expected <block end>",
        "de inspringing klopt niet (een regel springt minder of meer in dan de regels van hetzelfde niveau)",
    ),  # fmt: skip
    (r"^found unexpected end of stream", "een tekst tussen aanhalingstekens is niet afgesloten"),
    (r"^found undefined alias '(.+?)'", "een verwijzing (*{0}) is niet toegestaan; schrijf de waarde uit"),
    (r"^could not find expected ':'", "er ontbreekt een ':' na een sleutel"),
    (
        r"^could not determine a constructor for the tag '(.+?)'",
        "een YAML-tag ({0}) is niet toegestaan; schrijf de waarde zonder tag (zet een tekst die met '!' "
        "begint tussen aanhalingstekens)",
    ),  # fmt: skip
]
#: what an unusual fault of PyYAML (none of ``_FAULTS``) is called: its English text is not shown
YAML_FAULT = "hier klopt de opbouw van de YAML niet"


def yaml_fault(exc: yaml.YAMLError) -> str:
    """``regel 3, kolom 2: de inspringing klopt niet ...``; an unusual fault as ``YAML_FAULT``."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    text = YAML_FAULT
    for pattern, dutch in _FAULTS:
        if match := re.search(pattern, problem):
            text = dutch.format(*match.groups())
            break
    return f"regel {mark.line + 1}, kolom {mark.column + 1}: {text}" if mark is not None else text
