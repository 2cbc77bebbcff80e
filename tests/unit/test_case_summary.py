"""The typed case summary: the codec of the stored document and the case_updates that refuse keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from processes.case_summary import (
    CaseSummary,
    CaseUpdates,
    SummaryTypeError,
    UnknownSummaryKey,
)
from services.clock import FixedClock
from services.engine.context import StepContext


def test_every_way_of_writing_an_unknown_key_is_refused_naming_it() -> None:
    updates = CaseUpdates()
    writes = [
        lambda: updates.__setitem__("buurman", "x"),
        lambda: updates.update({"buurman": "x"}),
        lambda: updates.update(buurman="x"),
        lambda: updates.setdefault("buurman", "x"),
        lambda: updates.__ior__({"buurman": "x"}),
        lambda: CaseUpdates({"buurman": "x"}),
    ]
    for write in writes:
        with pytest.raises(UnknownSummaryKey, match="'buurman'"):
            write()
    assert updates == {}


def test_a_step_context_given_a_plain_dict_refuses_unknown_keys_too() -> None:
    with pytest.raises(UnknownSummaryKey, match="'buurman'"):
        StepContext(
            FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)), None, "Z-1", case_updates={"buurman": "x"}
        )


def test_columns_and_service_fields_pass_projection_fields_do_not() -> None:
    updates = CaseUpdates(phase="advies", wijk_code="WK0101", vermogen_mw=4)
    updates["rechtsmiddel"] = {"soort": "bezwaar", "van": "a", "tot": "b", "tot_tekst": "c"}
    assert set(updates) == {"phase", "wijk_code", "vermogen_mw", "rechtsmiddel"}
    for owned_by_the_projection in ("resultaat", "gegevens", "versie", "overig"):
        with pytest.raises(UnknownSummaryKey):
            updates[owned_by_the_projection] = None


def test_a_value_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(SummaryTypeError, match="'wijk_code' verwacht str"):
        CaseUpdates(wijk_code=101)
    with pytest.raises(SummaryTypeError, match="'rechtsmiddel' verwacht dict"):
        CaseSummary().merged({"rechtsmiddel": "bezwaar"})


def test_the_stored_document_is_versioned_and_reads_back() -> None:
    summary = CaseSummary().merged({"wijk_code": "WK0101", "resultaat": "klaar", "warmte_bestemming": None})
    doc = summary.to_json()
    assert doc == {"versie": 1, "wijk_code": "WK0101", "resultaat": "klaar"}
    assert CaseSummary.from_json(doc) == summary
    assert summary.fields() == {"wijk_code": "WK0101", "resultaat": "klaar"}
    with pytest.raises(UnknownSummaryKey):
        summary.merged({"buurman": "x"})


def test_an_unversioned_document_keeps_unknown_keys_under_overig_and_a_newer_one_is_refused() -> None:
    old = CaseSummary.from_json({"resultaat": "klaar", "buurman": "Jan"})
    assert old.resultaat == "klaar" and old.overig == {"buurman": "Jan"}
    assert CaseSummary.from_json(None) == CaseSummary()
    with pytest.raises(ValueError, match="versie 2"):
        CaseSummary.from_json({"versie": 2})


def test_fields_is_a_deep_copy_equal_to_the_generic_one() -> None:
    """``fields`` (written twice per step) gives what ``dataclasses.asdict`` gave: the set fields in
    declaration order, without the version, as a copy the caller may change (issue #12)."""
    from dataclasses import asdict

    summary = CaseSummary.from_json(
        {
            "versie": 1,
            "gegevens": {"a": [1, {"b": (2, 3)}], "c": None},
            "activiteiten": ["bouw"],
            "wachtende_elementen": [],
            "onbekend": {"x": [1]},
        }
    )
    generic = {k: v for k, v in asdict(summary).items() if v is not None and k != "versie"}
    fast = summary.fields()
    assert fast == generic and list(fast) == list(generic)
    fast["gegevens"]["a"][1]["b"] = "changed"
    fast["overig"]["onbekend"]["x"].append(2)
    assert summary.gegevens == {"a": [1, {"b": (2, 3)}], "c": None}
    assert summary.overig == {"onbekend": {"x": [1]}}
