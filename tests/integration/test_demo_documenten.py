"""`ruimteflow demo` gives every demo case documents, and every decided demo case its generated besluit."""

from __future__ import annotations

import io

import pypdf
import pytest
from sqlalchemy import select

from services.documents import list_documents, open_version
from services.platform import Platform
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx

demo_layers, demo_database, demo_platform = fx.demo_layers, fx.demo_database, fx.demo_platform


@pytest.fixture
def platform(demo_platform: Platform) -> Platform:
    return demo_platform  # the tests below name it platform


def test_demo_cases_have_documents(platform):
    with platform.uow(write=False) as uow:
        demo_cases = list(uow.session.scalars(select(Case)))
    assert demo_cases
    besluiten = 0
    for case in demo_cases:
        docs = list_documents(platform, case.reference, "bea")  # sees every case
        types = [d["informatieobjecttype"] for d in docs]
        assert "aanvraagformulier" in types, case.reference
        info = (case.summary or {}).get("besluit") or {}
        if info.get("besluit") in ("verlenen", "weigeren") and case.initiator and case.location_name:
            [besluit] = [d for d in docs if d["informatieobjecttype"] == "besluit"]
            assert besluit["status"] == "definitief"
            _, stream = open_version(platform, besluit["id"], "bea")
            with stream:
                text = pypdf.PdfReader(io.BytesIO(stream.read())).pages[0].extract_text()
            assert case.reference in text
            besluiten += 1
    assert besluiten >= 1


def test_each_demo_aanvraagformulier_came_with_its_case_before_its_besluit(platform):
    """Review (sessie7 4): the demo stored every aanvraagformulier after all cases had run, so it came
    after the case's besluit letter (and could still get a new version, as a document the besluit does
    not rest on). It is stored as the case starts, dated by its start."""
    from services.store.models import Document

    with platform.uow(write=False) as uow:
        docs = list(uow.session.scalars(select(Document).order_by(Document.id)))
        started = dict(uow.session.execute(select(Case.id, Case.created_at)).all())
    forms = {d.case_id: d for d in docs if d.informatieobjecttype == "aanvraagformulier"}
    letters = [d for d in docs if d.informatieobjecttype == "besluit"]
    assert letters
    for letter in letters:
        assert forms[letter.case_id].id < letter.id
    for case_id, form in forms.items():
        assert abs((form.created_at - started[case_id]).total_seconds()) < 60
