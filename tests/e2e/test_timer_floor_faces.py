"""The timer floor (services/engine/timer_floor.py) in the faces that deploy: beheer's upload answers 422
with the refused event and the floor in Dutch, and the editor's Valideren marks the event."""

from __future__ import annotations

import html as markup
import io

from services.config import PROJECT_ROOT
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template
from tests.e2e.test_faces_beheer import KLEIN

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes

FLOOR = "korter dan de ondergrens voor timers van 1 minuut"
MOMENT = '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">bewaakmoment["moment"]</bpmn:timeDate>'


def test_the_beheer_upload_refuses_a_timer_below_the_floor(browser_for):
    bea = browser_for("bea")
    fast = KLEIN.replace(
        '<bpmn:timeDuration>"P14D"</bpmn:timeDuration>', '<bpmn:timeDuration>"PT1S"</bpmn:timeDuration>'
    )
    assert fast != KLEIN
    data = {"bestand": [(io.BytesIO(fast.encode()), "vergunning_klein.bpmn")]}
    resp = bea.post("/beheer/modellen", data, content_type="multipart/form-data")
    assert resp.status_code == 422
    page = markup.unescape(resp.text)
    assert "Het model is niet gedeployed" in page and "termijn_verlopen" in page
    assert f"De timer 'PT1S' wacht 1 seconde, {FLOOR}" in page
    assert "versie 2" not in bea.get("/beheer").text


def test_the_editor_marks_a_timer_below_the_floor(editor_app):
    xml = (PROJECT_ROOT / "bpmn" / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")
    assert MOMENT in xml
    fast = xml.replace(
        MOMENT, '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"PT1S"</bpmn:timeDuration>'
    )
    resp = EditorClient(editor_app, "bea").post("omgevingsvergunning", "valideren", json={"xml": fast})
    assert resp.status_code == 200, resp.text
    assert resp.json["geldig"] is False
    [problem] = resp.json["problemen"]
    assert problem["element"] == "w_moment" and FLOOR in problem["melding"], problem
