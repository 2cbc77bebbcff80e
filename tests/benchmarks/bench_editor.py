"""Benchmark of the model editor's load in a real browser, next to the bare bpmn-js doing the same work.

Run: ``python -m tests.benchmarks.bench_editor [--model omgevingsvergunning] [--repeat 7]`` (prints JSON
lines). The real models of bpmn/ and the demo users (no cases) go into a fresh SQLite database
(``build_editor_database`` of the editor's e2e tests), served by the e2e live server (werkzeug, threaded)
and opened in Debian's chromium through Playwright (tests/e2e/harness.py). ``editor_load``: in
interleaved rounds (bare, app, bare, app, ...) each load gets a fresh browser context (an empty cache;
the app's carries bea's session cookie) and is timed in the page from navigation start until the
diagram is imported and fitted, as the page marks it in ``data-geladen`` (the editor: once its side
panel is filled and the canvas no longer busy). The bare page is served by the same server beside the
app (no session, no app code): it preloads the same XML (the draft the editor fetches, byte for byte),
links the same bpmn-js stylesheets and the same modeler script from the app's static folder (the URLs
the editor page names), and on DOMContentLoaded makes a Modeler on a canvas of the editor's size,
imports the XML and fits the viewport. Both must draw the same number of elements, and no request may
leave 127.0.0.1. ``--repeat`` rounds after one warm-up load of each; median and spread (min, max) of
each, the ratio app/bare and the load average. No goal is set; nothing is asserted about the time.
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.benchmarks.common import emit, loadavg

EDITOR = "/beheer/modellen/{}/bewerken"
BARE = "/kaal/editor.html"
BARE_XML = "/kaal/model.bpmn"
VENDOR = re.compile(r'(?:href|src)="([^"]*/vendor/bpmn-js/[^"]+)"')
CANVAS = "#editor-canvas"  # the editor's canvas; the bare page's canvas gets its size
VIEWPORT = {"width": 1280, "height": 900}  # as the e2e pages (tests/e2e/kaart_status_fixtures.new_page)
BARE_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>bpmn-js kaal</title>
<link rel="preload" href="{xml}" as="fetch" crossorigin>
{styles}
<style>#canvas {{ width: {width}px; height: {height}px; }}</style>
</head><body>
<div id="kaal"><div id="canvas"></div></div>
<script src="{script}" defer></script>
<script>
document.addEventListener("DOMContentLoaded", function () {{
  var modeler = new window.BpmnJS({{ container: document.getElementById("canvas") }});
  fetch("{xml}").then(function (r) {{ return r.text(); }}).then(function (xml) {{
    return modeler.importXML(xml);
  }}).then(function () {{
    modeler.get("canvas").zoom("fit-viewport");
    document.getElementById("kaal").setAttribute("data-geladen", String(Math.round(performance.now())));
  }});
}});
</script>
</body></html>
"""


class WithBarePage:
    """The app, and beside it (outside the app: no session, no security headers) the bare page and the
    XML it imports, on the same server."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.files: dict[str, tuple[str, bytes]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        served = self.files.get(environ.get("PATH_INFO", ""))
        if served is None:
            return self.app(environ, start_response)
        kind, body = served
        start_response(
            "200 OK",
            [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
        )
        return [body]


def _bare_page(editor_html: str, size: dict[str, float]) -> bytes:
    """The bare page on the bpmn-js files the editor page links, with a canvas of the editor's size."""
    urls = VENDOR.findall(editor_html)
    styles = [u for u in urls if u.split("?")[0].endswith(".css")]
    scripts = [u for u in urls if u.split("?")[0].endswith(".js")]
    if len(scripts) != 1 or not styles:
        raise RuntimeError(f"de editorpagina noemt geen bpmn-js-script en -stijlen: {urls}")
    return BARE_PAGE.format(
        xml=BARE_XML,
        styles="\n".join(f'<link rel="stylesheet" href="{u}">' for u in styles),
        script=scripts[0],
        width=round(size["width"]),
        height=round(size["height"]),
    ).encode()


def _open(browser: Any, url: str, cookies: list[Any]) -> dict[str, Any]:
    """One load in a fresh context: the page's milliseconds to the diagram shown, what it drew and asked."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
    try:
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        asked: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.wait_for_selector("[data-geladen]", timeout=60_000)
        outside = [u for u in asked if not u.startswith("http://127.0.0.1:")]
        if errors or outside:
            raise RuntimeError(f"{url}: fouten {errors}, verzoeken buiten 127.0.0.1 {outside}")
        return {
            "ms": int(page.get_attribute("[data-geladen]", "data-geladen") or "0"),
            "drawn": page.locator("[data-geladen] g.djs-element").count(),
            "requests": len(asked),
        }
    finally:
        context.close()


def _logged_in(browser: Any, live: Any, editor: str) -> tuple[list[Any], bytes, str]:
    """bea logs in through the form and lands on the editor: her cookies, the editor page, its draft XML
    (as the page fetches it) and the canvas size the editor lays out."""
    from tests.e2e.kaart_status_fixtures import login

    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
    try:
        page = context.new_page()
        login(page, live, "bea", target=editor)
        page.wait_for_selector("[data-geladen]", timeout=60_000)
        size = page.eval_on_selector(CANVAS, "c => ({width: c.clientWidth, height: c.clientHeight})")
        html = context.request.get(live.url + editor).text()
        concept = page.get_attribute("#modeleditor", "data-url-concept") or ""
        draft = context.request.get(live.url + concept, headers={"Accept": "application/json"}).json()
        return context.cookies(), _bare_page(html, size), draft["xml"]
    finally:
        context.close()


def _spread(samples: list[int]) -> list[int]:
    return [min(samples), max(samples)]


def run(model: str = "omgevingsvergunning", repeat: int = 7) -> list[dict[str, Any]]:
    """Interleaved rounds in one headless chromium: the bare page, then the editor, ``repeat`` times."""
    from playwright.sync_api import sync_playwright

    from services.clock import FixedClock
    from services.platform import Platform
    from tests.e2e.harness import CHROMIUM_ARGS, LiveServer, chromium_path
    from tests.e2e.modeleditor_fixtures import build_editor_database, editor_settings
    from web import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        t0 = time.perf_counter()
        build_editor_database(Path(tmp))
        clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        platform = Platform.create(editor_settings(Path(tmp)), clock, migrate=False)
        served = WithBarePage(create_app(platform.settings, platform=platform))
        live = LiveServer(served)
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            editor = EDITOR.format(model)
            cookies, bare_page, xml = _logged_in(browser, live, editor)
            served.files[BARE] = ("text/html; charset=utf-8", bare_page)
            served.files[BARE_XML] = ("application/xml; charset=utf-8", xml.encode())
            urls = {"kaal": (live.url + BARE, []), "app": (live.url + editor, cookies)}
            for url, jar in urls.values():  # warm up: chromium's first page, the app's first request
                _open(browser, url, jar)
            out.append({"bench": "editor_setup", "seconds": round(time.perf_counter() - t0, 1)})
            loads: dict[str, list[dict[str, Any]]] = {name: [] for name in urls}
            for _ in range(repeat):  # interleaved: bare, app, bare, app, ...
                for name, (url, jar) in urls.items():
                    loads[name].append(_open(browser, url, jar))
            out.append(_line(model, xml, loads))
        finally:
            browser.close()
            live.stop()
            platform.close()
    return out


def _line(model: str, xml: str, loads: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    drawn = sorted({load["drawn"] for side in loads.values() for load in side})
    if len(drawn) != 1 or not drawn[0]:
        raise RuntimeError(f"de kale pagina en de editor tekenden niet hetzelfde diagram: {drawn} elementen")
    app = [load["ms"] for load in loads["app"]]
    kaal = [load["ms"] for load in loads["kaal"]]
    return {
        "bench": "editor_load",
        "model": model,
        "xml_bytes": len(xml.encode()),
        "elements": drawn[0],
        "rounds": len(app),
        "ms_median": statistics.median(app),
        "ms_spread": _spread(app),
        "kaal_ms_median": statistics.median(kaal),
        "kaal_ms_spread": _spread(kaal),
        "ratio": round(statistics.median(app) / statistics.median(kaal), 2),
        "requests": loads["app"][0]["requests"],
        "kaal_requests": loads["kaal"][0]["requests"],
        "load": loadavg(),
    }


def main() -> None:
    from tests.e2e.harness import NO_CHROMIUM, chromium_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="omgevingsvergunning", help="process id of a model of bpmn/")
    parser.add_argument("--repeat", type=int, default=7, help="interleaved rounds (at least 3)")
    args = parser.parse_args()
    if args.repeat < 3:
        parser.error("--repeat: ten minste 3 rondes")
    emit(bench="editor_load_start", load=loadavg())
    if chromium_path() is None:
        emit(bench="editor_load", overgeslagen=NO_CHROMIUM)
        return
    for line in run(args.model, args.repeat):
        emit(**line)


if __name__ == "__main__":
    main()
