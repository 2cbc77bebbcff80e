"""The officer's overviews show what a case waits on (review officer12 F2, F3): the case list and the
inbox row say who holds the case since when and mark an overdue question to an outside organisation and
a running dwangsom; the teamleider's dashboard lists the open questions to outside organisations; the
case page gives each open task's vervaldatum and the deadline block the running dwangsom.

Review finding: in the demo the Omgevingsdienst's advice was due 25 September and still open, the
beslistermijn had passed and a dwangsom ran, yet the inbox row said only "Niemand", the case list had no
holder, the dashboard only answer times of finished questions, and the dwangsom was in the raw data dump.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from processes.termijnen.datums import datum_nl
from services import policy
from services.clock import in_nl, today
from services.store.models import Case, HolderInterval, HumanTask, TaskCandidate
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, page_text

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database
app = fx.testing_demo_app


_login = logged_in


_text = page_text


def _row(html: str, ref: str) -> str:
    """The text of the table row that links to case ``ref``."""
    for row in re.findall(r"<tr.*?</tr>", html, flags=re.S):
        if f">{ref}</a>" in row:
            return _text(row)
    raise AssertionError(f"no row of {ref}")


def _running_dwangsom(app: Any) -> tuple[str, dict[str, Any]]:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        running = uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
        case = next(c for c in running if (c.typed_summary.dwangsom or {}).get("status") == "loopt")
        return case.reference, dict(case.typed_summary.dwangsom or {})


def test_a_running_dwangsom_is_in_the_deadline_block_and_on_the_case_row(app: Any) -> None:
    ref, dwangsom = _running_dwangsom(app)
    start = datum_nl(date.fromisoformat(dwangsom["start"]))
    said = f"Dwangsom loopt sinds {start}: {dwangsom['dagen']} dagen, € {dwangsom['bedrag_euro']} (max. 42 dagen)."
    anna = _login(app, "anna")
    page = anna.get(f"/zaken/{ref}").text
    block = page.split('id="kop-termijn"', 1)[1].split('id="kop-gegevens"', 1)[0]
    assert said in _text(block)
    listed = anna.get(f"/zaken?q={ref}").text
    assert f"Dwangsom loopt (€ {dwangsom['bedrag_euro']})" in _row(listed, ref)


def _overdue_outside_task(app: Any) -> tuple[str, str, str, date]:
    """An open task of an outside organisation, made overdue: (case, organisation, task, due day)."""
    platform = app.extensions["ruimteflow"]
    day = today(platform.clock)
    with platform.uow() as uow:
        s = uow.session
        external = policy.external_groups(s, platform.settings)
        task, group, ref = s.execute(
            select(HumanTask, TaskCandidate.group_name, Case.reference)
            .join(TaskCandidate, TaskCandidate.task_id == HumanTask.id)
            .join(Case, Case.id == HumanTask.case_id)
            .where(HumanTask.state == "open", TaskCandidate.group_name.in_(sorted(external)))
            .order_by(HumanTask.id)
        ).first()
        task.due_on = day - timedelta(days=3)
        uow.commit()
        return ref, group, task.name, day - timedelta(days=3)


def test_an_overdue_outside_question_shows_in_the_list_the_dashboard_and_the_case_page(app: Any) -> None:
    ref, group, name, due = _overdue_outside_task(app)
    anna = _login(app, "anna")
    row = _row(anna.get(f"/zaken?q={ref}").text, ref)
    assert "sinds" in row, row
    assert f"te laat (uiterlijk {datum_nl(due)})" in row and name in row, row
    case_page = _text(anna.get(f"/zaken/{ref}").text.split('id="kop-open"', 1)[1].split("</section>", 1)[0])
    assert f"{name} {group}" in case_page and f"te laat, uiterlijk {datum_nl(due)}" in case_page, case_page
    dash = _login(app, "bea").get("/dashboard").text
    table = dash.split('id="tabel-open-extern"', 1)[1].split("</table>", 1)[0]
    row = _row(table, ref)
    assert group in row and name in row and datum_nl(due) in row and "te laat" in row, row


def test_the_inbox_row_says_who_holds_the_case_and_marks_the_dwangsom(app: Any) -> None:
    ref, dwangsom = _running_dwangsom(app)
    platform = app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == ref))
        since = uow.session.execute(
            select(HolderInterval.holder, HolderInterval.started_at).where(
                HolderInterval.case_id == case_id, HolderInterval.ended_at.is_(None)
            )
        ).one()
    inbox = _login(app, "bea").get("/inbox?tab=alle").text
    row = _row(inbox, ref)
    assert f"Ligt bij {since[0]} sinds {datum_nl(in_nl(since[1]).date())}" in row, row
    assert f"Dwangsom loopt (€ {dwangsom['bedrag_euro']})" in row, row
