"""A signed besluit uploaded with its besluitdatum and verzenddatum (review sessie14, finding 8).

A besluit the platform does not draft (the wijkuitvoeringsplan's college and raad, the Wcw's warmtekavel
and aanwijzing) reaches the case as a signed PDF. Without its dates the Besluiten API cannot register it
(services.zgw.delivery waits for a verzenddatum, Awb 3:40), and neither the API nor the case file took
them. Now a plain upload of type besluit takes both, in their order, and a task that requires a besluit
(model property ``documenten``) counts only a besluit that states them.
"""

from __future__ import annotations

import io
from datetime import date

import pytest

from processes.errors import RuimteflowError, ValidationError
from services.documents import NewDocument, upload_document
from services.platform import Platform
from services.store.models import Case, Document, HumanTask
from services.taakdocumenten import check_task_documents
from tests.integration import test_wijkuitvoeringsplan as wijk
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import taak
from tests.integration.test_wijkuitvoeringsplan import start
from web.api import schemas

wup = wijk.wup  # the wijkuitvoeringsplan tests' fixture


def upload(p: Platform, ref: str, code: str = "besluit", **datums: date) -> dict:
    meta = NewDocument(
        informatieobjecttype=code, bestandsnaam=f"{code}.pdf", titel=f"{code} {datums}", **datums
    )
    return upload_document(p, ref, "pim", io.BytesIO(pdf(f"{code} {datums}")), meta)


def task_requirement(p: Platform, ref: str, task_id: int) -> str | None:
    """The code the task's required documents are refused with as pim completes it, None when met."""
    with p.uow(write=False) as uow:
        task = uow.session.get(HumanTask, task_id)
        case = uow.session.query(Case).filter(Case.reference == ref).one()
        try:
            check_task_documents(uow.session, p, task, case, "pim")
        except RuimteflowError as exc:
            return exc.code
        return None


def test_a_signed_besluit_keeps_the_dates_it_was_uploaded_with(wup: Platform) -> None:
    ref = start(wup)["zaak"]
    doc = upload(wup, ref, besluitdatum=date(2026, 3, 2), verzenddatum=date(2026, 3, 2))
    with wup.uow(write=False) as uow:
        stored = uow.session.get(Document, doc["id"])
        assert stored is not None
        assert (stored.besluitdatum, stored.verzenddatum) == (date(2026, 3, 2), date(2026, 3, 2))


@pytest.mark.parametrize(
    ("code", "datums", "fout"),
    [
        ("besluit", {"besluitdatum": date(2026, 3, 3)}, "besluitdatum-in-toekomst"),  # the clock: 2 March
        ("besluit", {"verzenddatum": date(2026, 3, 2)}, "besluitdatum-onvolledig"),
        (
            "besluit",
            {"besluitdatum": date(2026, 3, 3), "verzenddatum": date(2026, 3, 3)},
            "besluitdatum-in-toekomst",
        ),
        (
            "besluit",
            {"besluitdatum": date(2026, 3, 2), "verzenddatum": date(2026, 3, 1)},
            "verzending-voor-besluit",
        ),
        (  # a verzenddatum records that the besluit was sent: not a day still ahead
            "besluit",
            {"besluitdatum": date(2026, 3, 2), "verzenddatum": date(2026, 3, 3)},
            "verzenddatum-in-toekomst",
        ),
        (
            "bijlage",
            {"besluitdatum": date(2026, 3, 2), "verzenddatum": date(2026, 3, 2)},
            "besluitdatum-zonder-besluit",
        ),
    ],
)
def test_a_besluit_without_both_dates_in_order_is_refused_and_stores_nothing(
    wup: Platform, code: str, datums: dict, fout: str
) -> None:
    ref = start(wup)["zaak"]
    with pytest.raises(ValidationError) as refused:
        upload(wup, ref, code, **datums)
    assert refused.value.code == fout
    with wup.uow(write=False) as uow:
        assert uow.session.query(Document).count() == 0


def test_the_upload_api_declares_the_besluits_dates() -> None:
    fields = schemas.DOCUMENT_UPLOAD["properties"]
    assert {"besluitdatum", "verzenddatum"} <= set(fields)


def test_a_required_besluit_counts_only_with_its_dates(wup: Platform) -> None:
    """A task that requires a besluit is not met by one imported without a verzenddatum (no letter made
    known); it is met by the signed besluit with its dates."""
    ref = start(wup)["zaak"]
    task_id = taak(wup, ref, "uitgangspunten")["id"]
    with wup.uow() as uow:  # the requirement as a model's property ``documenten`` stores it
        task = uow.session.get(HumanTask, task_id)
        assert task is not None
        task.form_schema = {**(task.form_schema or {}), "x-documenten": ["besluit"]}
        uow.commit()
    # a besluit without its dates (a plain upload may state none): no letter made known
    upload_document(
        wup,
        ref,
        "pim",
        io.BytesIO(pdf("zonder data")),
        NewDocument(informatieobjecttype="besluit", bestandsnaam="a.pdf", titel="Besluit zonder data"),
    )

    assert task_requirement(wup, ref, task_id) == "documenten-ontbreken"
    upload(wup, ref, besluitdatum=date(2026, 3, 2), verzenddatum=date(2026, 3, 2))
    assert task_requirement(wup, ref, task_id) is None
