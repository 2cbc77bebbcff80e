"""A demo case on the public status page: one whose ontwerpbesluit lies ter inzage, the zienswijzen it
registered, and the message forms of its page with their refusals."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from services.status.lookup import waiting_of
from services.store.models import Case, CaseEvent
from tests.e2e.harness import page_text


def ter_inzage_case(app: Any) -> tuple[int, str]:
    """A demo permit case whose ontwerpbesluit lies ter inzage (it expects a zienswijze)."""
    platform = app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        running = uow.session.scalars(
            select(Case)
            .where(Case.process_id == "omgevingsvergunning", Case.status == "lopend")
            .order_by(Case.id)
        )
        case = next(c for c in running if "zienswijze" in waiting_of(c).messages)
        return case.id, case.tracking_code


def registered_zienswijzen(app: Any, case_id: int) -> list[str]:
    """The messages of the zienswijzen registered on case ``case_id``."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        events = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "zienswijze")
        )
        return [e.message for e in events]


def form_fields(html: str, bericht: str) -> dict[str, str]:
    """The hidden fields of the message form ``bericht`` on a status page: what a browser posts with it."""
    form = re.search(rf'<form[^>]*id="actie-{bericht}".*?</form>', html, re.S)
    assert form, f"geen formulier voor {bericht}"
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))


def refusal_at_the_form(html: str, bericht: str) -> tuple[str, str]:
    """(the form of ``bericht``, the text of its refusal block): the refusal sits inside the form."""
    form = re.search(rf'<form[^>]*id="actie-{bericht}".*?</form>', html, re.S)
    assert form, html[:2000]
    block = re.search(
        rf'<div class="melding melding-fout" id="{bericht}-verzenden"[^>]*>(.*?)</div>', form[0], re.S
    )
    assert block, form[0]
    return form[0], page_text(block[1]).strip()


def error_summary(html: str, bericht: str) -> str:
    """The error summary at the top of the page (role alert), as the page shows other refusals."""
    found = re.search(
        rf'<div class="melding melding-fout" role="alert" id="fout-{bericht}">(.*?)</div>', html, re.S
    )
    assert found, html[:3000]
    return found[1]
