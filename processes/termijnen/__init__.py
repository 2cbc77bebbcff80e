"""Statutory terms (termijnen): the Algemene termijnenwet calendar, decision terms, dwangsom.

Pure domain logic: no web, database or workflow imports, and nothing is read at import time (the data files
in processes/data/ are loaded on first use).
"""

from processes.termijnen.beslistermijn import PROCEDURES, Beslistermijn, beslistermijn
from processes.termijnen.cli import termijn_cli, werkdagen_cli
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.dwangsom import Dwangsom, DwangsomTarief, dwangsom
from processes.termijnen.kalender import AtwKalender, FeestdagRegel, pasen, standaard_kalender
from processes.termijnen.opschorting import opschorting_vanaf
from processes.termijnen.rechtsmiddelen import (
    Rechtsmiddelentermijn,
    inwerkingtreding,
    per_post_uiterlijk,
    rechtsmiddelenclausule,
    rechtsmiddelentermijn,
    tijdigheid,
)
from processes.termijnen.termijn import termijn_na, waarschuwingsdatum, werkdagen_termijn

__all__ = [
    "PROCEDURES",
    "AtwKalender",
    "Beslistermijn",
    "opschorting_vanaf",
    "Dwangsom",
    "DwangsomTarief",
    "FeestdagRegel",
    "Rechtsmiddelentermijn",
    "TermijnInstellingen",
    "beslistermijn",
    "dwangsom",
    "inwerkingtreding",
    "pasen",
    "per_post_uiterlijk",
    "rechtsmiddelenclausule",
    "rechtsmiddelentermijn",
    "standaard_kalender",
    "termijn_cli",
    "termijn_na",
    "tijdigheid",
    "waarschuwingsdatum",
    "werkdagen_cli",
    "werkdagen_termijn",
]
