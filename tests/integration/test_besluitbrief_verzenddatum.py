"""A final besluit letter uploaded with its besluitdatum alone counts from the day it was stored; once its
verzenddatum is recorded (services.documents.verzending) the case's day of the besluit (``Case.decided_on``)
is that day, written in that transaction: no step reads the letter (test_besluitbrief_samenvatting).

The permit's besluit is made in its task (``via_besluittaak``); a municipality's documenttypen.toml may let a
behandelaar upload it, as the other procedures' besluit is: this test's does.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services import users
from services.clock import FixedClock, today
from services.config import Settings
from services.documents.service import NewDocument, upload_document
from services.documents.verzending import record_verzenddatum
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.besluit_steps import bij_het_besluit
from tests.integration.document_helpers import pdf
from tests.integration.test_besluitbrief_samenvatting import _decided_on
from tests.integration.test_omgevingsvergunning import ROOT, Omgeving

locatie = ov.locatie  # the permit scenario's fixture


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """The shipped document types, with the permit's besluit uploaded by a behandelaar."""
    types = (ROOT / "bpmn" / "documenttypen.toml").read_text(encoding="utf-8")
    assert types.count("via_besluittaak = true") == 1
    own = tmp_path / "documenttypen.toml"
    own.write_text(types.replace("via_besluittaak = true", "via_besluittaak = false"), encoding="utf-8")
    return settings.with_(documenttypen_file=str(own))


@pytest.fixture
def z(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:  # noqa: F811
    return Omgeving(any_platform, clock, locatie)


def test_a_verzenddatum_recorded_later_is_the_day_the_besluit_was_given(z: Omgeving) -> None:
    """Filed on Tuesday 14 April with its outcome and besluitdatum, sent on Friday 17 April (term: 28 April)."""
    bij_het_besluit(z)
    users.add_user(z.p, "vera", groups=["Vergunningen"], role="vergunningverlener")  # a behandelaar
    z.later(days=43)
    dag = today(z.clock)
    meta = NewDocument("besluit", "besluit.pdf", besluitdatum=dag, besluit_uitkomst="verlenen")
    doc = upload_document(z.p, z.ref, "vera", io.BytesIO(pdf("besluit")), meta)
    assert _decided_on(z) == dag == date(2026, 4, 14)
    z.later(days=3)
    record_verzenddatum(z.p, doc["id"], "vera", date(2026, 4, 17))
    assert _decided_on(z) == date(2026, 4, 17)
