"""A case's typed summary is read from its stored document once, not on every ask (issue #12: a step asks
for it about ten times); a new document is read anew."""

from __future__ import annotations

from typing import Any

import pytest

from processes.case_summary import CaseSummary
from services.store.models import Case


def test_the_typed_summary_is_read_once_per_stored_document(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Any] = []
    original = CaseSummary.from_json.__func__  # type: ignore[attr-defined]

    def counted(cls: type[CaseSummary], doc: Any) -> CaseSummary:
        reads.append(doc)
        return original(cls, doc)  # type: ignore[no-any-return]

    monkeypatch.setattr(CaseSummary, "from_json", classmethod(counted))
    case = Case(summary={"versie": 1, "gegevens": {"zaak": "Z-2026-000001"}})
    first = case.typed_summary
    assert case.typed_summary is first and len(reads) == 1
    assert first.gegevens == {"zaak": "Z-2026-000001"}

    case.summary = {"versie": 1, "gegevens": {"zaak": "Z-2026-000002"}}  # a step writes a new document
    assert case.typed_summary.gegevens == {"zaak": "Z-2026-000002"} and len(reads) == 2
