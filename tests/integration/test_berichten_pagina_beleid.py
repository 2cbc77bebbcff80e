"""The case file pages and counts only the received messages its viewer may read.

The case file took a page of all of a case's message lines and the policy dropped the ones its viewer may
not read afterwards, while ``berichten_eerder`` counted every line: an adviser (kind medewerker, who reads
no zienswijze) on a windpark with the netbeheerder's answer followed by a page of zienswijzen read "Nog
geen berichten ontvangen" with "Meer: 20 eerdere berichten", the answer out of its reach and the count
telling of messages it may not read. Now the case file judges each line by its name and variables
(``policy.shows_message``, from the timeline's read) and pages and counts those it keeps; it reads no line
whole when its page is empty (a case without messages, a viewer who does not read ``berichten``). On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services import berichten, case_queries
from services.cases import case_by_key
from services.platform import Platform
from services.store.models import CaseEvent
from tests.integration.test_berichten_variabele import TEKST, _hiding, wp
from tests.integration.test_windpark import start
from tests.sql_statements import statements

__all__ = ["wp"]  # the fixture: a windpark the netbeheerder (nina) answered, with mo, an adviser of Milieu

#: the case file's read of its page of message lines whole (projection_views._MESSAGES)
WHOLE_LINES = "SELECT case_event.at, case_event.actor, case_event.data FROM case_event"


def _zienswijzen(p: Platform, ref: str, n: int) -> None:
    """``n`` zienswijzen received after the answer, their lines as services.cases.send_message writes them
    (the omgevingsvergunning catches them into ``zienswijze``)."""
    with p.uow() as uow:
        case = case_by_key(uow.session, ref)
        for i in range(n):
            payload = {"inhoud": f"Zienswijze {i}", "indiener": f"Buur {i}"}
            uow.session.add(
                CaseEvent(
                    case_id=case.id,
                    at=datetime(2026, 3, 2, 9, i, tzinfo=UTC),
                    actor="pim",
                    kind=berichten.EVENT_KIND,
                    message="Bericht ontvangen: zienswijze",
                    data=berichten.event_data("zienswijze", payload, ["zienswijze"]),
                )
            )
        uow.commit()


def test_an_adviser_pages_and_counts_only_the_messages_it_may_read(
    wp: tuple[Platform, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer, then three zienswijzen, two a page: the adviser's first page holds the answer and
    nothing is said to come before it; the projectleider's the last two zienswijzen, two before them."""
    p, ref = wp
    _zienswijzen(p, ref, 3)
    monkeypatch.setattr(berichten, "PER_PAGE", 2)
    mo = case_queries.case_file(p, ref, "mo")
    assert [(b["bericht"], b["tekst"]) for b in mo["berichten"]] == [("netbeheerder_antwoord", TEKST)]
    assert mo["berichten_eerder"] == 0
    assert case_queries.case_file(p, ref, "mo", messages_page=2)["berichten"] == []
    pim = case_queries.case_file(p, ref, "pim")
    assert [b["tekst"] for b in pim["berichten"]] == ["Zienswijze 1", "Zienswijze 2"]
    assert pim["berichten_eerder"] == 2
    older = case_queries.case_file(p, ref, "pim", messages_page=2)
    assert [b["tekst"] for b in older["berichten"]] == [TEKST, "Zienswijze 0"]
    assert older["berichten_eerder"] == 0


def test_no_line_is_read_whole_when_the_page_holds_none(wp: tuple[Platform, str], tmp_path: Path) -> None:
    """An adviser whose [velden] list leaves ``berichten`` out reads the case file of the answered case
    without its lines read whole, as does the projectleider on a case that received no message; the
    projectleider's case file of the answered case reads them once."""
    p, ref = wp
    assert len(case_queries.case_file(p, ref, "mo")["berichten"]) == 1  # shipped: advisers read it
    p.settings = p.settings.with_(bpmn_dir=_hiding(tmp_path, berichten.FIELD))
    with statements(p) as sent:
        seen = case_queries.case_file(p, ref, "mo")
    assert seen["berichten"] == [] and [s for s in sent if s.startswith(WHOLE_LINES)] == []
    quiet = str(start(p, 2.0)["zaak"])
    with statements(p) as sent:
        seen = case_queries.case_file(p, quiet, "pim")
    assert seen["berichten"] == [] and [s for s in sent if s.startswith(WHOLE_LINES)] == []
    with statements(p) as sent:
        seen = case_queries.case_file(p, ref, "pim")
    assert len(seen["berichten"]) == 1 and len([s for s in sent if s.startswith(WHOLE_LINES)]) == 1
