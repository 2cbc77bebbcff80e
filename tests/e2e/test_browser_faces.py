"""The faces in a real browser (Playwright driving headless Debian chromium).

A permit officer claims and completes a task and the adviser sees the next one; the team lead sees the
dashboard; an administrator deploys a model version. Every page is saved under tests/e2e/screenshots/.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from services import cases
from services.clock import today
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import FIXTURE_BPMN, enrich
from tests.e2e.harness import wait_for_js

pytestmark = pytest.mark.browser

PARCEL = (
    "POLYGON ((155000 463000, 155032 463000, 155032 463018, 155012 463026, 155000 463018, 155000 463000))"
)
NATURA = "POLYGON ((155060 462990, 155140 462990, 155140 463060, 155060 463060, 155060 462990))"


@pytest.fixture(scope="module")
def site(live_server: dict[str, Any]) -> dict[str, Any]:
    """Three permit cases: one with a deadline close by and a conflict, one overdue, one with time left."""
    platform = live_server["platform"]
    day = today(platform.clock)
    refs = []
    for title, location, geometry, days, conflicts in (
        (
            "Dakkapel en uitbouw",
            "Dorpsstraat 14, Ruimtedal",
            PARCEL,
            9,
            [
                {"ernst": "blokkerend", "details": {"geometrie_wkt": NATURA}},
                {
                    "ernst": "waarschuwing",
                    "regel": "geluidszone-weg",
                    "laag": "geluidszones",
                    "feature_id": "GZ-7",
                    "afdeling": "Milieu",
                    "beschrijving": "In de geluidszone van de N-weg",
                    "bron": "Wegbeheerder, 2024",
                },
            ],
        ),
        ("Tuinhuis Kerkweg", "Kerkweg 3, Ruimtedal", None, -2, []),
        ("Zonnepanelen op monument", "Molenerf 1, Ruimtedal", None, 40, []),
    ):
        ref = cases.start_case(
            platform,
            "vergunning_klein",
            {},
            user="anna",
            title=title,
            location_name=location,
            geometry_wkt=geometry,
            initiator="J. de Groot",
        )["zaak"]
        deadline = day + timedelta(days=days)
        enrich(
            platform,
            ref,
            deadline=deadline,
            conflicts=conflicts,
            steps=[
                f"Ontvangen op {(deadline - timedelta(weeks=8)).isoformat()} (dag 0)",
                "+ 8 weken reguliere procedure",
                f"Uiterste beslisdatum: {deadline.isoformat()}",
            ],
        )
        refs.append(ref)
    return {**live_server, "refs": refs}


@pytest.fixture
def open_page(chromium: Any, site: dict[str, Any]) -> Any:
    contexts = []

    def make(username: str, width: int = 1280, height: int = 860) -> Any:
        ctx = chromium.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(site["url"] + "/inloggen")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill("demo")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(re.compile(r"/inbox"))
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def with_layout(xml: str) -> str:
    """Add BPMN DI (every flow node in a row, straight edges) so the diagram can be drawn."""
    from lxml import etree

    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    root = etree.fromstring(xml.encode())
    process = root.find("bpmn:process", ns)
    nodes = [
        el
        for el in process
        if isinstance(el.tag, str)
        and el.tag.split("}")[1] not in ("laneSet", "sequenceFlow", "extensionElements")
    ]
    pos, shapes, edges = {}, [], []
    for i, el in enumerate(nodes):
        kind = el.tag.split("}")[1]
        w, h = (100, 80) if kind.endswith("Task") else (36, 36) if kind.endswith("Event") else (50, 50)
        x, y = 80 + i * 150, 160 - h / 2 + (0 if i % 2 == 0 else 0)
        pos[el.get("id")] = (x + w / 2, y + h / 2)
        shapes.append(
            f'<bpmndi:BPMNShape id="{el.get("id")}_di" bpmnElement="{el.get("id")}">'
            f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}" /></bpmndi:BPMNShape>'
        )
    for flow in process.findall("bpmn:sequenceFlow", ns):
        (x1, y1), (x2, y2) = pos[flow.get("sourceRef")], pos[flow.get("targetRef")]
        edges.append(
            f'<bpmndi:BPMNEdge id="{flow.get("id")}_di" bpmnElement="{flow.get("id")}">'
            f'<di:waypoint x="{x1}" y="{y1}" /><di:waypoint x="{x2}" y="{y2}" /></bpmndi:BPMNEdge>'
        )
    diagram = (
        '<bpmndi:BPMNDiagram id="d1"><bpmndi:BPMNPlane id="p1" bpmnElement="vergunning_klein">'
        + "".join(shapes + edges)
        + "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>"
    )
    return xml.replace("</bpmn:definitions>", diagram + "</bpmn:definitions>")


def shot(page: Any, folder: Path, name: str) -> Path:
    """A screenshot of the page as it is, after axe-core found no WCAG 2.1 A/AA violation in it."""
    assert_accessible(page, name)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_permit_officer_completes_a_task_and_the_adviser_gets_the_next(open_page, site, screenshot_dir):
    ref = site["refs"][0]
    anna = open_page("anna")
    assert anna.get_by_role("heading", name="Taken", level=1).is_visible()
    row = anna.locator("tbody tr", has_text=ref)
    assert "nog 9 dagen" in row.inner_text()
    assert "Dorpsstraat 14, Ruimtedal" in row.inner_text()
    shot(anna, screenshot_dir, "01_inbox_team_anna")

    row.get_by_role("button", name=re.compile("^Oppakken")).click()
    anna.wait_for_url(re.compile(r"/inbox"))
    assert "U hebt taak 'Aanvraag beoordelen' van zaak" in anna.locator(".melding-succes").inner_text()
    with anna.expect_navigation():  # the team inbox also lists the case: read the new page
        anna.get_by_role("link", name=re.compile("^Mijn taken")).click()
    mine = anna.locator("tbody tr", has_text=ref)
    assert "U" in mine.locator("td[data-label='Toegewezen aan']").inner_text()
    shot(anna, screenshot_dir, "02_inbox_mijn_anna")

    mine.get_by_role("link", name="Aanvraag beoordelen").click()
    anna.wait_for_url(re.compile(r"/taken/\d+$"))
    assert anna.get_by_role("heading", name="Aanvraag beoordelen").is_visible()
    assert anna.locator(".kaartje svg path").count() >= 2  # the parcel and the Natura 2000 area
    assert "Binnen 250 m van een Natura 2000-gebied" in anna.locator("#conflicten").inner_text()
    shot(anna, screenshot_dir, "03_taak_anna")

    anna.get_by_role("group", name="Aanvraag compleet").get_by_label("Ja").check()
    anna.get_by_label("Toelichting").fill("Tekeningen en constructieberekening aanwezig.")
    anna.get_by_role("button", name="Taak afronden").click()
    anna.wait_for_url(re.compile(r"/inbox$"))
    assert "Volgende stap: 'Besluit nemen' (Juridisch)" in anna.locator(".melding-succes").inner_text()

    jet = open_page("jet")
    row = jet.locator("tbody tr", has_text=ref)
    assert "Besluit nemen" in row.inner_text() and "Juridisch" in row.inner_text()
    shot(jet, screenshot_dir, "05_inbox_team_jet")
    row.get_by_role("link", name="Besluit nemen").click()
    jet.get_by_role("button", name="Taak afronden").click()  # nothing chosen: refused by the server
    assert "Veld 'Besluit' is verplicht." in jet.locator("#foutoverzicht").inner_text()
    wait_for_js(jet, "document.activeElement && document.activeElement.id === 'foutoverzicht'")
    assert jet.evaluate("document.activeElement.id") == "foutoverzicht"  # focus moves to the errors
    assert jet.get_by_role("combobox", name=re.compile("^Besluit")).get_attribute("aria-invalid") == "true"
    shot(jet, screenshot_dir, "04_taak_fout_jet")
    jet.get_by_role("combobox", name=re.compile("^Besluit")).select_option("verlenen")
    jet.get_by_role("button", name="Taak afronden").click()
    jet.wait_for_url(re.compile(r"/inbox$"))
    assert "De zaak is afgerond." in jet.locator(".melding-succes").inner_text()

    jet.goto(f"{site['url']}/zaken/{ref}")
    timeline = jet.locator("#kop-tijdlijn + ol").inner_text()
    # who did a step reads by the colleague's name, not the login (60129b6)
    assert "Taak 'Aanvraag beoordelen' voltooid" in timeline and "Anna de Vries" in timeline
    shot(jet, screenshot_dir, "06_zaak_afgerond_jet")


def test_case_page_and_search(open_page, site, screenshot_dir):
    anna = open_page("anna")
    anna.get_by_role("link", name="Zaken", exact=True).click()
    anna.get_by_label("Zoeken", exact=True).fill("kerkweg")
    with anna.expect_navigation():  # count the rows of the result, not of the page being replaced
        anna.get_by_role("button", name="Zoeken").click()
    rows = anna.locator("tbody tr")
    assert rows.count() == 1 and "Tuinhuis Kerkweg" in rows.first.inner_text()
    assert "te laat" in rows.first.inner_text()
    shot(anna, screenshot_dir, "07_zaken_zoeken_anna")
    anna.goto(f"{site['url']}/zaken/{site['refs'][0]}")
    assert anna.get_by_role("heading", name="Kaart").is_visible()
    shot(anna, screenshot_dir, "08_zaak_anna")


def test_team_lead_sees_the_dashboard(open_page, screenshot_dir):
    tom = open_page("tom")
    with tom.expect_navigation():
        tom.get_by_role("link", name="Dashboard").click()
    assert tom.get_by_role("heading", name="Capaciteitsdashboard").is_visible()
    assert tom.locator("svg.grafiek[role='img']").count() >= 1
    assert "over de wettelijke termijn" in tom.locator(".kengetallen").inner_text()
    shot(tom, screenshot_dir, "09_dashboard_tom")


def test_administrator_deploys_a_model_version(open_page, screenshot_dir, tmp_path):
    v2 = tmp_path / "vergunning_klein.bpmn"
    source = (FIXTURE_BPMN / "vergunning_klein.bpmn").read_text(encoding="utf-8")
    v2.write_text(
        with_layout(source.replace('name="Besluit nemen"', 'name="Besluit nemen en verzenden"')),
        encoding="utf-8",
    )
    bea = open_page("bea")
    bea.get_by_role("link", name="Beheer").click()
    bea.get_by_label("BPMN- of DMN-bestanden").set_input_files(str(v2))
    bea.get_by_role("button", name="Deployen").click()
    bea.wait_for_url(re.compile(r"/beheer$"))
    assert "is gedeployed als versie 2" in bea.locator(".melding-succes").inner_text()
    shot(bea, screenshot_dir, "10_beheer_bea")
    with bea.expect_navigation():
        bea.get_by_role("link", name="versie 2").click()
    assert bea.get_by_role("heading", name=re.compile("Kleine vergunning")).is_visible()
    if bea.locator("#bpmn-diagram").count():  # bpmn-js vendored: the viewer draws the diagram
        bea.locator("#bpmn-diagram .djs-element[data-element-id='besluiten']").wait_for()
    else:  # no bpmn-js: the server draws the diagram from its DI as SVG
        assert bea.locator(".bpmn-svg svg .bpmn-taak").count() == 2
    assert "Besluit nemen en verzenden" in bea.locator("table").last.inner_text()
    shot(bea, screenshot_dir, "11_beheer_model_bea")

    bad = tmp_path / "kapot.bpmn"
    bad.write_text("<definities>geen BPMN</definities>", encoding="utf-8")
    bea.goto(bea.url.split("/beheer")[0] + "/beheer")
    bea.get_by_label("BPMN- of DMN-bestanden").set_input_files(str(bad))
    bea.get_by_role("button", name="Deployen").click()
    assert "Het model is niet gedeployed" in bea.locator("#deployfout").inner_text()
    shot(bea, screenshot_dir, "12_beheer_geweigerd_bea")


def test_keyboard_skip_link_and_tablet_layout(open_page, screenshot_dir):
    anna = open_page("anna", width=820, height=1180)
    anna.keyboard.press("Tab")
    assert anna.evaluate("document.activeElement.textContent") == "Direct naar de inhoud"
    anna.keyboard.press("Enter")
    assert anna.evaluate("location.hash") == "#inhoud"
    with anna.expect_navigation():  # measure the new page, not the one being replaced
        anna.get_by_role("link", name=re.compile("^Taken van mijn team")).click()
    overflow = anna.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways on a tablet ({overflow}px)"
    shot(anna, screenshot_dir, "13_inbox_tablet_anna")
