"""'Mijn aanvragen' (services.initiators.my_cases) read the documents of each of the initiator's cases with a
call of its own (documents.list_documents: the case, the account, the policy's visibility query and the
documents, per case), so the page cost more statements with every case. Now one read for all the cases,
each case's document view still the policy's. Not timed: counted in SQL statements (tests/sql_statements)."""

from __future__ import annotations

from typing import Any

from services import cases, initiators
from tests.integration.document_helpers import make_zaak, pdf, upload
from tests.sql_statements import statements


def _case_of_piet(platform: Any, n: int) -> dict[str, Any]:
    zaak = cases.start_case(platform, "vergunning_klein", {}, user="piet", initiator="P. Jansen")
    upload(platform, zaak, "piet", pdf(f"tekening {n}"), titel=f"Tekening {n}")
    upload(platform, zaak, "anna", pdf(f"memo {n}"), titel=f"Memo {n}", vertrouwelijkheid="geheim")
    return zaak


def _counted(platform: Any) -> tuple[int, dict[str, list[str]]]:
    with statements(platform) as sent:
        mine = initiators.my_cases(platform, "piet")
    return len(sent), {c["zaak"]: [d["titel"] for d in c["documenten"]] for c in mine["zaken"]}


def test_my_cases_reads_the_documents_of_all_cases_at_once(any_platform):
    first = make_zaak(any_platform)
    upload(any_platform, first, "piet", pdf("eerste"), titel="Eerste tekening")
    one, shown = _counted(any_platform)
    assert shown == {first["zaak"]: ["Eerste tekening"]}

    more = [_case_of_piet(any_platform, n) for n in range(4)]
    five, shown = _counted(any_platform)

    assert five == one, f"{one} statements for one case, {five} for five"
    # each case its own documents, and the policy's visibility still holds: not the officer's geheim memo
    assert shown == {
        first["zaak"]: ["Eerste tekening"],
        **{z["zaak"]: [f"Tekening {n}"] for n, z in enumerate(more)},
    }
