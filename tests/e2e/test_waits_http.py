"""The holder timeline and the heatmap over HTTP: the case page, the status page, the API and CSV."""

from __future__ import annotations

import json
import re
from typing import Any


def _done(faces_platform: Any, start_case: Any, faces_clock: Any) -> tuple[str, str]:
    """A started case whose first task Vergunningen completed a day later; returns (reference, code)."""
    from services import cases, inbox

    case = start_case()
    faces_clock.advance(days=1)
    task = inbox.list_tasks(faces_platform, "anna")["taken"][0]
    inbox.claim(faces_platform, task["id"], "anna")
    cases.complete_task(faces_platform, task["id"], "anna", {"compleet": True})
    return case["zaak"], case["volgcode"]


def test_case_page_and_status_page_show_who_holds_the_case(
    faces_platform, start_case, faces_clock, browser_for
):
    ref, code = _done(faces_platform, start_case, faces_clock)
    page = browser_for("anna").get(f"/zaken/{ref}").text
    assert 'id="houder-nu"' in page and "Vergunningen" in page.split('id="houders"', 1)[1]
    public = browser_for().get(f"/status/{code}").text.split('id="houders"', 1)[1].split("</section>", 1)[0]
    # the team in the page's public words, as its top says it ("Team Vergunningen"), never the
    # reason (the task's name)
    assert "Team Vergunningen" in public and "Ontvankelijkheid" not in public


def test_api_timeline_and_heatmap_with_csv(faces_platform, start_case, faces_clock, browser_for):
    ref, _ = _done(faces_platform, start_case, faces_clock)
    api = faces_platform  # the API answers with the tokens of the seeded users
    from web import create_app

    client = create_app(api.settings, platform=api).test_client()
    timeline = client.get(f"/api/v1/zaken/{ref}/houders", headers={"Authorization": "Bearer demo-anna"})
    assert timeline.status_code == 200, timeline.text
    body = timeline.get_json()
    assert body["publiek"] is False and body["nu"]["houder"] and body["rijen"][0]["segmenten"]
    heat = client.get(
        "/api/v1/modellen/vergunning_klein/wachttijden", headers={"Authorization": "Bearer demo-tom"}
    )
    assert heat.status_code == 200, heat.text
    [row] = [r for r in heat.get_json()["elementen"] if r["aantal"]]
    assert row["wachten"]["mediaan"] == 24.0 and row["werken"]["mediaan"] == 0.0
    refused = client.get(
        "/api/v1/modellen/vergunning_klein/wachttijden", headers={"Authorization": "Bearer demo-anna"}
    )
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    bad = client.get(
        "/api/v1/modellen/vergunning_klein/wachttijden?van=2026-05-01&tot=2026-04-01",
        headers={"Authorization": "Bearer demo-tom"},
    )
    assert bad.status_code == 400 and bad.get_json()["code"] == "periode-omgekeerd"
    tom = browser_for("tom")
    csv = tom.get("/wachttijden/vergunning_klein/csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert csv.text.splitlines()[0].startswith("element;aantal;")
    assert "Traagste stap" in tom.get("/wachttijden/vergunning_klein").text


def test_a_model_name_cannot_close_the_heatmap_data_block(
    faces_platform, start_case, faces_clock, browser_for
):
    """Reviewer suspicion, confirmed: the heatmap page put its JSON in a script block with |safe, so a
    process named '</script>...' in a deployed model closed the block and its rest became page HTML."""
    from services import deployments
    from tests.conftest import FIXTURES

    source = (FIXTURES / "bpmn" / "vergunning_klein.bpmn").read_text(encoding="utf-8")
    hostile = 'id="vergunning_klein" name="&lt;/script&gt;&lt;b id=&quot;uit&quot;&gt;Klein&lt;/b&gt;"'
    changed = re.sub(r'id="vergunning_klein" name="[^"]*"', hostile, source, count=1)
    assert changed != source
    deployments.deploy(faces_platform, [("vergunning_klein.bpmn", changed)])
    _done(faces_platform, start_case, faces_clock)
    page = browser_for("tom").get("/wachttijden/vergunning_klein").text
    data = page.split('id="heatmap-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)  # the block holds the whole JSON
    assert '<b id="uit">' not in page
