"""The task page of 'Besluit nemen' on the first release's permit model offers the besluit editor.

Review rv10 upgrade finding 1: that model's task declares no property ``besluit``, so the page offered no
'Definitief maken', and submitting the form said "Maak eerst het besluit definitief" with no way to do
so. The task the besluit operator follows in the case's own version now takes the besluit
(services/documents/besluit_taak.py): the officer makes the letter on the page and completes the task.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services import cases, deployments
from tests.e2e.casefile_fixtures import fake_locatiecheck, start_permit, task_of

EERSTE_RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "eerste_release"


def _to_besluit(platform: Any) -> tuple[str, dict[str, Any]]:
    """A permit case on the first release's model (deployed as version 1) up to 'Besluit nemen'."""
    fake_locatiecheck(platform)
    deployments.deploy(platform, deployments.read_files(sorted(EERSTE_RELEASE.iterdir())))
    ref = start_permit(platform)["zaak"]
    for user, name, data in (
        ("anna", "Ontvankelijkheid", {"compleet": True}),
        ("mila", "Advies Milieu", {"oordeel": "akkoord"}),
        ("eva", "Advies Energie", {"oordeel": "akkoord"}),
        ("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"}),
    ):
        cases.complete_task(platform, task_of(platform, ref, user, name)["id"], user, data)
    return ref, task_of(platform, ref, "tom", "Besluit nemen")


def test_the_officer_makes_the_letter_and_decides_on_the_first_release_model(browser_for, faces_platform):
    ref, task = _to_besluit(faces_platform)
    assert "x-besluit" not in task["formulier"]  # the first release's model declares no besluit
    tom = browser_for("tom")
    page = tom.get(f"/taken/{task['id']}").text
    assert "Besluit opstellen" in page and "Definitief maken" in page
    resp = tom.post(
        f"/taken/{task['id']}/besluit",
        {
            "uitkomst": "verlenen",
            "besluitdatum": "2026-03-02",
            "verzenddatum": "2026-03-02",
            "motivering": "Past in het omgevingsplan.",
            "actie": "definitief",
        },
    )
    assert resp.status_code == 200 and "Het besluit is definitief gemaakt" in resp.text
    done = tom.post(
        f"/taken/{task['id']}", {"besluit": "verlenen", "motivering": "Past in het omgevingsplan."}
    )
    assert done.status_code == 302
    case = cases.get_case(faces_platform, ref)
    assert case["fase"] == "bezwaar- en beroepstermijn" and not case.get("incident")
    assert case["samenvatting"]["besluit"]["verzonden_op"] == "2026-03-02"
