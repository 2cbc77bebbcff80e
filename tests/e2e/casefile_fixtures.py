"""A real permit case (bpmn/omgevingsvergunning.bpmn) for the case-file faces: the shipped models deployed
into a faces platform, with a fake locatiecheck that routes advice to Milieu (mila) and Energie (eva)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from services import cases, deployments, inbox
from services.documents.storage import blob_store
from tests.integration.document_helpers import pdf, snapshot_all

ROOT = Path(__file__).resolve().parents[2]
MODELS = [
    ROOT / "bpmn" / "omgevingsvergunning.bpmn",
    ROOT / "bpmn" / "procedurekeuze.dmn",
    ROOT / "bpmn" / "advies-routering.dmn",
]
PERCEEL = "POLYGON ((190000 445000, 190040 445000, 190040 445030, 190000 445030, 190000 445000))"
AFDELINGEN = ["Energie en Klimaat", "Milieu"]


def fake_locatiecheck(platform: Any) -> None:
    """Route the permit's advice to Milieu and Energie on this platform only."""

    def fake(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
        conflicten = [
            {
                "regel": f"test-{a}",
                "laag": "test",
                "ernst": "waarschuwing",
                "afdeling": a,
                "beschrijving": f"Testconflict voor {a}",
            }
            for a in AFDELINGEN
        ]
        return {
            "afdelingen": AFDELINGEN,
            "hoogste_ernst": "waarschuwing",
            "aantal": len(AFDELINGEN),
            "conflicten": conflicten,
            "soort": soort,
        }

    platform.registry.service("locatiecheck", fake, "test: vaste afdelingen")
    platform.runtime.environment.services["locatiecheck"] = fake  # a runtime built already


def deploy_permit(platform: Any) -> None:
    deployments.deploy(platform, deployments.read_files(MODELS))


def start_permit(platform: Any, **kw: Any) -> dict[str, Any]:
    return cases.start_case(
        platform,
        "omgevingsvergunning",
        {"activiteiten": ["technische_bouwactiviteit"]},
        user=kw.pop("user", "anna"),
        geometry_wkt=PERCEEL,
        title=kw.pop("title", "Aanbouw Dorpsstraat 1"),
        initiator=kw.pop("initiator", "J. Jansen"),
        location_name=kw.pop("location_name", "Dorpsstraat 1, Ruimtedal"),
        **kw,
    )


def task_of(platform: Any, ref: str, user: str, name: str) -> dict[str, Any]:
    found = [
        t
        for t in inbox.list_tasks(platform, user, limit=500)["taken"]
        if t["zaak"] == ref and t["naam"].startswith(name)
    ]
    assert len(found) == 1, [t["naam"] for t in inbox.list_tasks(platform, user, limit=500)["taken"]]
    return found[0]


#: the advices of ``to_besluit``: who gives it, the task's name, the form sent
ADVICES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("mila", "Advies Milieu", {"oordeel": "akkoord"}),
    (
        "eva",
        "Advies Energie",
        {"oordeel": "akkoord_met_voorschriften", "voorschriften": "Zonnepanelen op het dak"},
    ),
)


def to_besluit(
    browser_for: Any, platform: Any, monkeypatch: Any = None, advices: tuple[Any, ...] = ADVICES
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A permit case up to 'Besluit nemen': intake, both ``advices`` (with report), assessment."""
    fake_locatiecheck(platform)
    deploy_permit(platform)
    case = start_permit(platform, user="coop")
    ref = case["zaak"]
    anna = browser_for("anna")
    anna.post(f"/taken/{task_of(platform, ref, 'anna', 'Ontvankelijkheid')['id']}", {"compleet": "true"})
    for user, name, data in advices:
        b = browser_for(user)
        b.post(
            f"/zaken/{ref}/documenten",
            {
                "bestand": (io.BytesIO(pdf(f"advies {user}")), f"advies-{user}.pdf"),
                "informatieobjecttype": "advies",
            },
            content_type="multipart/form-data",
        )
        task = task_of(platform, ref, user, name)
        assert b.post(f"/taken/{task['id']}", data).status_code == 302
    beoordelen = task_of(platform, ref, "anna", "Aanvraag inhoudelijk")
    resp = anna.post(f"/taken/{beoordelen['id']}", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    assert resp.status_code == 302
    return case, task_of(platform, ref, "tom", "Besluit nemen")


def stored_state(platform: Any) -> tuple[dict[str, Any], list[str]]:
    """Every table's rows and the stored document files (what a refused step must leave as it was)."""
    return snapshot_all(platform), sorted(str(p) for p in blob_store(platform).iter_files())
