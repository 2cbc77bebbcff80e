"""A final besluit is not forgotten when the 'Besluit nemen' task page is reloaded.

Review finding (vvl16, F1): after 'Definitief maken' with two voorschriften and her own motivering, a reload
of the task page (or coming back later) showed the editor empty again ("Voorschrift 1 (nieuw)"), nothing
said the besluit was already final, and the task form was empty; she had to retype the outcome, every
voorschrift and the motivering exactly as in the PDF, else 422 "De voorschriften wijken af ... Neem de
voorschriften over zoals ze in het besluit staan", which did not say what they were.
"""

from __future__ import annotations

import html
import re
from typing import Any

from services import cases
from tests.e2e.casefile_fixtures import stored_state, to_besluit

VOORSCHRIFTEN = ["Bouw conform tekening.", "Kleur dakkapel RAL 7016."]
MOTIVERING = "Past binnen het omgevingsplan; welstand positief."


def _made_final(browser_for: Any, platform: Any, monkeypatch: Any) -> tuple[dict[str, Any], int, Any]:
    case, task = to_besluit(browser_for, platform, monkeypatch)
    tom = browser_for("tom")
    made = tom.post(
        f"/taken/{task['id']}/besluit",
        {
            "uitkomst": "verlenen",
            "voorschrift": VOORSCHRIFTEN,
            "motivering": MOTIVERING,
            "besluitdatum": "2026-03-02",
            "verzenddatum": "2026-03-02",
            "actie": "definitief",
        },
    )
    assert made.status_code == 200 and "Het besluit is definitief gemaakt" in made.text
    return case, int(task["id"]), tom


def _task_form(page: str) -> dict[str, str]:
    """The values of the task form (not the editor's) as the page fills them in."""
    form = page.split('id="formulier-kop"', 1)[1]
    choice = re.search(r'<select[^>]*name="besluit"[^>]*>(.*?)</select>', form, re.S)
    selected = re.search(r'<option value="([^"]+)" selected>', choice.group(1)) if choice else None
    out = {"besluit": selected.group(1) if selected else ""}
    for name in ("voorschriften", "motivering"):
        found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>([^<]*)</textarea>', form)
        out[name] = html.unescape(found.group(1)) if found else ""
    return out


def test_a_reloaded_task_page_shows_the_final_besluit_and_completes_with_it(
    browser_for, faces_platform, monkeypatch
):
    case, task_id, tom = _made_final(browser_for, faces_platform, monkeypatch)
    page = tom.get(f"/taken/{task_id}").text
    assert 'id="besluit-definitief"' in page and "Het besluit is definitief gemaakt" in page
    assert f"Besluit (verlenen) {case['zaak']}" in page  # the stored document, linked
    assert "Bezwaar is mogelijk tot en met 13 april 2026." in page
    assert "Voorschrift 1 (nieuw)" not in page and "Definitief maken" not in page  # no empty editor
    assert _task_form(page) == {
        "besluit": "verlenen",
        "voorschriften": "\n".join(VOORSCHRIFTEN),
        "motivering": MOTIVERING,
    }
    done = tom.post(f"/taken/{task_id}", _task_form(page))
    assert done.status_code == 302
    besluit = cases.get_case(faces_platform, case["zaak"])["samenvatting"]["besluit"]
    assert [v["tekst"] for v in besluit["voorschriften"]] == VOORSCHRIFTEN
    assert besluit["motivering"] == MOTIVERING


def test_a_completion_that_differs_from_the_final_besluit_names_its_voorschriften(
    browser_for, faces_platform, monkeypatch
):
    _, task_id, tom = _made_final(browser_for, faces_platform, monkeypatch)
    before = stored_state(faces_platform)
    refused = tom.post(
        f"/taken/{task_id}",
        {"besluit": "verlenen", "voorschriften": VOORSCHRIFTEN[0], "motivering": MOTIVERING},
    )
    assert refused.status_code == 422
    text = html.unescape(refused.text)
    assert (
        "Neem de voorschriften over zoals ze in het besluit staan, elk op een eigen regel: "
        '"Bouw conform tekening." en "Kleur dakkapel RAL 7016.".' in text
    )
    assert 'id="besluit-definitief"' in refused.text  # the editor still says the besluit is final
    assert stored_state(faces_platform) == before
