"""The model editor page (issue #17 part 3) over HTTP: who may open it, what it embeds for its script
(the JSON routes' URLs, the CSRF token, the side panel's choices), that everything it loads is
vendored (nothing from the internet) and that its Content-Security-Policy is the faces' strict one."""

from __future__ import annotations

import html
import json
import re

EDITOR = "/beheer/modellen/vergunning_klein/bewerken"


def _attrs(page: str) -> dict[str, str]:
    root = re.search(r'<div id="modeleditor"([^>]*)>', page, re.S)
    assert root, "geen #modeleditor in de pagina"
    return {k: html.unescape(v) for k, v in re.findall(r'(data-[a-z-]+)="([^"]*)"', root.group(1))}


def _status(client, url: str) -> int:
    """The status of a GET (the response closed: static files are streamed)."""
    resp = client.get(url)
    resp.close()
    return int(resp.status_code)


def _text(client, url: str) -> str:
    resp = client.get(url)
    text = str(resp.get_data(as_text=True))
    resp.close()
    return text


def test_the_editor_page_embeds_the_json_routes_and_the_csrf_token(browser_for):
    bea = browser_for("bea")
    resp = bea.get(EDITOR)
    assert resp.status_code == 200
    attrs = _attrs(resp.text)
    base = "/beheer/modellen/vergunning_klein/concept"
    assert attrs["data-url-concept"] == base
    assert attrs["data-url-valideren"] == base + "/valideren"
    assert attrs["data-url-vergelijken"] == base + "/vergelijken"
    assert attrs["data-url-testen"] == base + "/testen"
    assert attrs["data-url-in-gebruik-nemen"] == base + "/in-gebruik-nemen"
    assert attrs["data-csrf"] == bea.csrf() and attrs["data-csrf"]
    for label in ("Opslaan", "Valideren", "Vergelijken", "Testen", "In gebruik nemen"):
        assert f">{label}</button>" in resp.text
    keuzes = json.loads(
        re.search(r'<script type="application/json" id="modeleditor-keuzes">(.*?)</script>', resp.text, re.S)[
            1
        ]
    )
    assert "Vergunningen" in keuzes["groepen"]
    assert {"code", "omschrijving"} <= set(keuzes["documenttypen"][0])


def test_everything_the_page_loads_is_vendored_and_the_csp_stays_strict(browser_for):
    bea = browser_for("bea")
    resp = bea.get(EDITOR)
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp and "default-src 'self'" in csp
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', resp.text)
    assert any(s.endswith("vendor/bpmn-js/bpmn-modeler.production.min.js") for s in sources)
    assert any(s.endswith("vendor/bpmn-js/assets/bpmn-font/css/bpmn.css") for s in sources)
    for src in sources:
        assert src.startswith("/") and not src.startswith("//"), f"{src} komt niet van deze site"
        assert _status(bea, src) == 200, src
    assert sources.count("/beheer/modellen/vergunning_klein/concept") == 1  # the draft, preloaded
    font_css = _text(bea, "/static/vendor/bpmn-js/assets/bpmn-font/css/bpmn.css")
    assert "../font/bpmn.woff2" in font_css
    assert _status(bea, "/static/vendor/bpmn-js/assets/bpmn-font/font/bpmn.woff2") == 200


def test_the_model_page_links_to_the_editor(browser_for):
    bea = browser_for("bea")
    page = bea.get("/beheer/modellen/vergunning_klein").text
    assert f'href="{EDITOR}"' in page and ">Bewerken</a>" in page


def test_only_a_beheerder_opens_the_editor_and_an_unknown_model_is_404(browser_for):
    assert browser_for("anna").get(EDITOR).status_code == 403
    anonymous = browser_for().get(EDITOR)
    assert anonymous.status_code == 302 and "/inloggen" in anonymous.headers["Location"]
    unknown = browser_for("bea").get("/beheer/modellen/bestaat_niet/bewerken")
    assert unknown.status_code == 404 and "bestaat_niet" in unknown.text
