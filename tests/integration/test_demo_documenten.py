"""`ruimteflow demo` gives every demo case documents, and every decided demo case its generated besluit."""

from __future__ import annotations

import io

import pypdf
from sqlalchemy import select

from services import demo
from services.documents import list_documents, open_version
from services.store.models import Case


def test_demo_cases_have_documents(platform):
    demo.build(platform)
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
