# ruff: noqa: F811  (the fixtures z and locatie come from test_omgevingsvergunning)
"""Issue 13: an advice task can require an advice report, declared in the model (property ``documenten``);
completing it without the report is refused in Dutch and changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest

from processes.errors import RuimteflowError
from services import cases, deployments, users
from services.documents import NewDocument, delete_document, upload_document
from services.taakdocumenten import EXTENSION_KEY, task_documents
from tests.integration.document_helpers import PNG, pdf
from tests.integration.test_omgevingsvergunning import MODELS, Omgeving, locatie, z  # noqa: F401


def _advies(z: Omgeving, user: str, content: bytes, **meta: Any) -> dict[str, Any]:
    meta.setdefault("informatieobjecttype", "advies")
    meta.setdefault("bestandsnaam", f"advies-{user}.pdf")
    return upload_document(z.p, z.ref, user, io.BytesIO(content), NewDocument(**meta))


def _at_advice(z: Omgeving) -> None:
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})


def test_the_model_declares_the_report_and_the_task_carries_it(z: Omgeving) -> None:
    _at_advice(z)
    taak = z.taak("mila", "Advies Milieu")
    assert taak["formulier"][EXTENSION_KEY] == ["advies"]
    assert task_documents(z.p, taak["id"], "mila") == [
        {"code": "advies", "omschrijving": "Adviesrapport", "nodig": 1, "aanwezig": 0, "compleet": False}
    ]


def test_completing_without_the_report_is_refused_in_dutch(z: Omgeving) -> None:
    _at_advice(z)
    taak = z.taak("mila", "Advies Milieu")
    err = z.geweigerd(
        "documenten-ontbreken", lambda: cases.complete_task(z.p, taak["id"], "mila", {"oordeel": "akkoord"})
    )
    assert err.status == 422
    assert err.detail == (
        f"Deze taak vraagt eerst een document van u: adviesrapport. Voeg het toe aan het dossier van zaak "
        f"{z.ref} en rond de taak daarna af."
    )
    _advies(z, "mila", pdf("advies milieu"))
    assert task_documents(z.p, taak["id"], "mila")[0]["compleet"] is True
    case = cases.complete_task(z.p, taak["id"], "mila", {"oordeel": "akkoord"})
    assert "Advies Milieu" not in [t["naam"] for t in case["open_taken"]]


def test_another_advisers_report_a_deleted_one_or_another_type_does_not_count(z: Omgeving) -> None:
    _at_advice(z)
    taak = z.taak("mila", "Advies Milieu")
    _advies(z, "eva", pdf("advies energie"))  # the other adviser's report
    doc = _advies(z, "mila", pdf("advies milieu"))
    users.add_user(z.p, "vera", groups=["Vergunningen"], role="vergunningverlener")
    delete_document(z.p, doc["id"], "vera", reden="verkeerd bestand")
    z.geweigerd(
        "documenten-ontbreken", lambda: cases.complete_task(z.p, taak["id"], "mila", {"oordeel": "akkoord"})
    )
    with pytest.raises(RuimteflowError):  # an image is no advice report (PDF only)
        _advies(z, "mila", PNG, bestandsnaam="advies.png")
    _advies(z, "mila", pdf("advies milieu, tweede poging"))
    cases.complete_task(z.p, taak["id"], "mila", {"oordeel": "akkoord"})


def test_a_report_from_before_the_task_does_not_count(z: Omgeving) -> None:
    z.start()
    _advies(z, "anna", pdf("oud advies"))  # uploaded before any advice task existed
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    taak = z.taak("anna", "Aanvraag inhoudelijk")  # this task requires nothing
    assert task_documents(z.p, taak["id"], "anna") == []


def test_deploy_refuses_a_malformed_documenten_property(platform) -> None:
    text = MODELS[0].read_text().replace("value='[\"advies\"]'", "value='advies'")
    files = [("omgevingsvergunning.bpmn", text), *deployments.read_files(MODELS[1:])]
    with pytest.raises(RuimteflowError) as info:
        deployments.deploy(platform, files)
    assert "Eigenschap 'documenten' is geen geldige JSON" in str(info.value.extra)


def test_one_report_does_not_satisfy_two_advice_tasks(z: Omgeving) -> None:
    """Tester finding (rv4 officer #7): an adviser in two advice groups uploaded one report and completed
    both advice tasks with it. Each advice task needs its own report."""
    users.add_user(z.p, "duo", groups=["Milieu", "Energie en Klimaat"], role="adviseur")
    _at_advice(z)
    milieu, energie = z.taak("duo", "Advies Milieu"), z.taak("duo", "Advies Energie")
    _advies(z, "duo", pdf("advies milieu"))
    cases.complete_task(z.p, milieu["id"], "duo", {"oordeel": "akkoord"})
    assert task_documents(z.p, energie["id"], "duo")[0]["aanwezig"] == 0
    z.geweigerd(
        "documenten-ontbreken", lambda: cases.complete_task(z.p, energie["id"], "duo", {"oordeel": "akkoord"})
    )
    _advies(z, "duo", pdf("advies energie"))
    assert task_documents(z.p, energie["id"], "duo")[0]["compleet"] is True
    cases.complete_task(z.p, energie["id"], "duo", {"oordeel": "akkoord"})


def test_two_reports_uploaded_at_once_serve_two_advice_tasks(z: Omgeving) -> None:
    """Both reports first, then both tasks: the first task counts one of them, the second the other."""
    users.add_user(z.p, "duo", groups=["Milieu", "Energie en Klimaat"], role="adviseur")
    _at_advice(z)
    milieu, energie = z.taak("duo", "Advies Milieu"), z.taak("duo", "Advies Energie")
    _advies(z, "duo", pdf("advies milieu"))
    z.clock.advance(minutes=1)
    _advies(z, "duo", pdf("advies energie"))
    cases.complete_task(z.p, milieu["id"], "duo", {"oordeel": "akkoord"})
    assert task_documents(z.p, energie["id"], "duo")[0]["compleet"] is True
    cases.complete_task(z.p, energie["id"], "duo", {"oordeel": "akkoord"})
