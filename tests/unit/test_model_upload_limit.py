"""The size refusal of an uploaded model file (services.model_uploads) words its limit by the one rule for
sizes, processes.nederlands.mb_tekst (a limit rounded down): it wrote its own whole MB (``max_bytes // MB``),
so a limit under 1 MB read "groter dan 0 MB" and one of 1,5 MB read "groter dan 1 MB"."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services.model_uploads import MAX_BYTES, model_file

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("limit", "says"),
    [
        (1000, "Bestand 'klein.bpmn' is groter dan 1.000 bytes."),
        (MB + MB // 2, "Bestand 'klein.bpmn' is groter dan 1,5 MB."),
        (MAX_BYTES, "Bestand 'klein.bpmn' is groter dan 5 MB."),
    ],
)
def test_a_model_file_over_its_limit_names_the_limit_exactly(limit: int, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        model_file("klein.bpmn", b"x" * (limit + 1), max_bytes=limit)
    assert refused.value.code == "bestand-te-groot"
    assert refused.value.detail == says
