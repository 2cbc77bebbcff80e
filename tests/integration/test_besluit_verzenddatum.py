"""The verzenddatum of a besluit uploaded with its besluitdatum alone, recorded once it is sent (review
sessie14c, 1), and the upload's dates not before the application was received (review sessie14c, 4).

A signed besluit taken and not yet sent is uploaded with its besluitdatum alone. Before, it could never
get its verzenddatum: the same PDF again with both dates was a duplicate, a final besluit cannot be
deleted and no route set a date on a stored document. So it never reached the Besluiten API and never met
a task that requires a besluit. services.documents.verzending records it, once.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from processes.errors import Conflict, RuimteflowError, ValidationError
from services import users
from services.documents import NewDocument, upload_document
from services.documents.verzending import record_verzenddatum
from services.platform import Platform
from services.store.models import CaseEvent, Document, HumanTask
from tests.integration import test_wijkuitvoeringsplan as wijk
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import taak
from tests.integration.test_besluit_upload import task_requirement
from tests.integration.test_wijkuitvoeringsplan import start

wup = wijk.wup  # the wijkuitvoeringsplan tests' fixture

GENOMEN = date(2026, 3, 2)  # the test clock's day, the day the case was received


def upload(
    p: Platform, ref: str, code: str = "besluit", titel: str = "Collegebesluit", **datums: date
) -> dict:
    meta = NewDocument(informatieobjecttype=code, bestandsnaam=f"{code}.pdf", titel=titel, **datums)
    return upload_document(p, ref, "pim", io.BytesIO(pdf(f"{code} {titel} {datums}")), meta)


def test_a_besluit_taken_then_sent_gets_its_verzenddatum_once(wup: Platform) -> None:
    ref = start(wup)["zaak"]
    task_id = taak(wup, ref, "uitgangspunten")["id"]
    with wup.uow() as uow:  # a task that requires a besluit (the model property ``documenten``)
        task = uow.session.get(HumanTask, task_id)
        assert task is not None
        task.form_schema = {**(task.form_schema or {}), "x-documenten": ["besluit"]}
        uow.commit()
    doc = upload(wup, ref, besluitdatum=GENOMEN)  # taken, not yet sent
    assert doc["verzenddatum"] is None and doc["besluitdatum"] == "2026-03-02"
    assert task_requirement(wup, ref, task_id) == "documenten-ontbreken"

    answer = record_verzenddatum(wup, doc["id"], "pim", GENOMEN)
    assert answer["verzenddatum"] == "2026-03-02"
    with wup.uow(write=False) as uow:
        stored = uow.session.get(Document, doc["id"])
        assert stored is not None and stored.verzenddatum == GENOMEN
        [line] = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "besluit-verzonden"))
        assert line.data == {"document": doc["id"], "verzenddatum": "2026-03-02"}
        assert "verzonden op 2 maart 2026" in line.message and line.actor == "pim"
    assert task_requirement(wup, ref, task_id) is None

    with pytest.raises(Conflict) as again:  # a verzenddatum set is never changed
        record_verzenddatum(wup, doc["id"], "pim", GENOMEN)
    assert again.value.code == "verzenddatum-al-vastgelegd"


@pytest.mark.parametrize(
    ("code", "datums", "verzonden", "fout"),
    [
        ("bijlage", {}, GENOMEN, "verzenddatum-zonder-besluit"),
        ("besluit", {}, GENOMEN, "besluit-zonder-besluitdatum"),
        (
            "besluit",
            {"besluitdatum": GENOMEN, "verzenddatum": GENOMEN},
            GENOMEN,
            "verzenddatum-al-vastgelegd",
        ),
        ("besluit", {"besluitdatum": GENOMEN}, date(2026, 3, 1), "verzending-voor-besluit"),
        ("besluit", {"besluitdatum": GENOMEN}, date(2026, 3, 3), "verzenddatum-in-toekomst"),
    ],
)
def test_a_verzenddatum_only_for_a_besluit_taken_and_not_sent_and_in_order(
    wup: Platform, code: str, datums: dict, verzonden: date, fout: str
) -> None:
    ref = start(wup)["zaak"]
    doc = upload(wup, ref, code, **datums)
    with pytest.raises((Conflict, ValidationError)) as refused:
        record_verzenddatum(wup, doc["id"], "pim", verzonden)
    assert refused.value.code == fout
    with wup.uow(write=False) as uow:
        stored = uow.session.get(Document, doc["id"])
        assert stored is not None and stored.verzenddatum == datums.get("verzenddatum")
        assert not list(uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "besluit-verzonden")))


def test_only_who_may_upload_a_besluit_records_its_verzenddatum(wup: Platform) -> None:
    ref = start(wup)["zaak"]
    doc = upload(wup, ref, besluitdatum=GENOMEN)
    users.add_user(wup, "ina", role="initiatiefnemer")
    with pytest.raises(RuimteflowError) as refused:  # not the case's: it does not learn the document exists
        record_verzenddatum(wup, doc["id"], "ina", GENOMEN)
    assert refused.value.code in ("document-onbekend", "zaak-geen-toegang")
    with wup.uow(write=False) as uow:
        stored = uow.session.get(Document, doc["id"])
        assert stored is not None and stored.verzenddatum is None


@pytest.mark.parametrize(
    ("datums", "fout"),
    [
        ({"besluitdatum": date(1999, 1, 1), "verzenddatum": date(1999, 1, 2)}, "besluitdatum-voor-ontvangst"),
        ({"besluitdatum": date(2026, 3, 1)}, "besluitdatum-voor-ontvangst"),
    ],
)
def test_an_uploaded_besluit_is_not_dated_before_the_application_was_received(
    wup: Platform, datums: dict, fout: str
) -> None:
    """Review sessie14c, 4: the editor's check (BesluitInvoer.eis_na_ontvangst), now the upload's too."""
    ref = start(wup)["zaak"]
    with pytest.raises(ValidationError) as refused:
        upload(wup, ref, **datums)
    assert refused.value.code == fout
    with wup.uow(write=False) as uow:
        assert uow.session.query(Document).count() == 0


def test_a_verzenddatum_is_not_a_day_still_ahead_on_the_dutch_calendar(wup: Platform, clock) -> None:
    """A verzenddatum records that the besluit was sent, and the bezwaartermijn runs from it: a day after
    today (Europe/Amsterdam) is not a fact yet. At 00:30 on 3 March in Amsterdam (still 2 March in UTC)
    3 March is today; 4 March is refused."""
    ref = start(wup)["zaak"]
    doc = upload(wup, ref, besluitdatum=GENOMEN)
    clock.set(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    with pytest.raises(ValidationError) as refused:
        record_verzenddatum(wup, doc["id"], "pim", date(2026, 3, 4))
    assert refused.value.code == "verzenddatum-in-toekomst"
    assert "ligt in de toekomst" in str(refused.value)
    with wup.uow(write=False) as uow:
        stored = uow.session.get(Document, doc["id"])
        assert stored is not None and stored.verzenddatum is None
    assert record_verzenddatum(wup, doc["id"], "pim", date(2026, 3, 3))["verzenddatum"] == "2026-03-03"
