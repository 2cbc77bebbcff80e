"""Statutory terms (termijnen): the Algemene termijnenwet calendar, decision terms, dwangsom.

Pure domain logic: no web, database or workflow imports, and nothing is read at import time (the data files
in processes/data/ are loaded on first use).
"""

from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.kalender import AtwKalender, FeestdagRegel, pasen, standaard_kalender

__all__ = [
    "AtwKalender",
    "FeestdagRegel",
    "TermijnInstellingen",
    "pasen",
    "standaard_kalender",
]
