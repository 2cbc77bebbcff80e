"""Severity ranking is written once, in processes.constants."""

from __future__ import annotations

from processes.constants import Severity, severity_of_rank, severity_rank, worst


def test_severity_is_a_str_enum_ranked_most_severe_first():
    assert Severity.BLOKKEREND == "blokkerend"
    assert [s.rank for s in Severity] == [3, 2, 1]
    assert severity_rank("waarschuwing") == 2
    assert severity_rank("onbekend") == 0
    assert severity_rank(None) == 0
    assert severity_of_rank(3) is Severity.BLOKKEREND
    assert severity_of_rank(0) is None
    assert Severity.INFO.label == "Informatie"


def test_worst_picks_the_most_severe_or_none():
    assert worst(["info", "blokkerend", "waarschuwing"]) == "blokkerend"
    assert worst(["info", "waarschuwing"]) == "waarschuwing"
    assert worst([]) is None
