"""An outside party reads a linked case's title without that case's applicant's name (pseudo14, 2).

Its own case's title it read cut (services/policy/outside.py), but the map panel's linked cases, and the
case view's wherever a share gives them, named the other case by its title as typed ("Schuur van Piet
Jansen"): the cut follows the linked case's own applicant, as for that case's own title."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from services import case_queries, cases, kaart_panel, policy, users
from services.clock import FixedClock
from services.config import SHIPPED_BPMN_DIR, Settings
from services.outbox.core import REMOVED
from services.platform import Platform
from services.policy.autorisatie import RULES_FILE
from services.store.models import CaseLink
from tests.integration.core_helpers import setup_klein
from tests.integration.inbox_case import held_by


def _start(platform: Platform, title: str, initiator: str, soort: str) -> dict:
    return cases.start_case(
        platform, "vergunning_klein", {"naam": title}, user="anna", initiator=initiator,
        initiator_type=soort, location_name="Dorpsstraat 1, Ruimtedal", title=title,
    )  # fmt: skip


def _linked_pair(platform: Platform) -> tuple[dict, dict, dict]:
    """Three cases the netbeheerder nina holds a task on; the first linked to the other two."""
    setup_klein(platform)
    users.add_user(platform, "nina", groups=["Netbeheerder"], role="adviseur")
    own = _start(platform, "Zonnepark Oost", "Zon BV", "bedrijf")
    person = _start(platform, "Schuur woning Jansen", "Piet Jansen", "inwoner")
    firm = _start(platform, "Loods Bakkerij De Korrel BV", "Bakkerij De Korrel BV", "bedrijf")
    with platform.uow() as uow:
        ids = [own["id"], person["id"], firm["id"]]
        held_by(uow.session, ids, "nina")
        for other in (person, firm):
            uow.session.add(CaseLink(case_id=own["id"], other_case_id=other["id"], reason="zelfde percelen"))
        uow.commit()
    return own, person, firm


def test_the_map_panel_lists_no_linked_case_the_case_file_empties(platform: Platform) -> None:
    """Review sessie16 (extern16, F6): the shipped [velden] extern shares no ``gekoppelde_zaken``, so an
    outside party's case file lists none, but its map panel listed them all (titles cut): the panel did
    not apply the case file's field list. It does now, for every field the two share."""
    own, person, firm = _linked_pair(platform)
    assert case_queries.case_file(platform, own["zaak"], "nina")["gekoppelde_zaken"] == []
    assert kaart_panel.case_panel(platform, own["zaak"], "nina")["gekoppelde_zaken"] == []
    officer = kaart_panel.case_panel(platform, own["zaak"], "anna")  # the municipality's own still see them
    assert {link["zaak"] for link in officer["gekoppelde_zaken"]} == {person["zaak"], firm["zaak"]}


def test_an_outside_party_reads_a_linked_cases_title_without_its_applicant(
    settings: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    """Where a municipality's [velden] extern shares the linked cases, an outside party reads each title
    cut (the shipped rules share none: the test above)."""
    folder = tmp_path / "modellen"
    folder.mkdir()
    shipped = (SHIPPED_BPMN_DIR / RULES_FILE).read_text(encoding="utf-8")
    line = '"geometrie_wkt", "open_taken", "conflicten", "tijdlijn",'
    assert shipped.count(line) == 1  # the [velden] extern list
    (folder / RULES_FILE).write_text(shipped.replace(line, line + ' "gekoppelde_zaken",'), encoding="utf-8")
    platform = Platform.create(dataclasses.replace(settings, bpmn_dir=folder), clock, migrate=False)
    try:
        own, person, firm = _linked_pair(platform)
        panel = kaart_panel.case_panel(platform, own["zaak"], "nina")
        read = {link["zaak"]: link["titel"] for link in panel["gekoppelde_zaken"]}
        assert read == {person["zaak"]: f"Schuur woning {REMOVED}", firm["zaak"]: f"Loods {REMOVED}"}
        case = case_queries.case_file(platform, own["zaak"], "nina")  # as its case file lists them
        assert {link["zaak"]: link["titel"] for link in case["gekoppelde_zaken"]} == read
        # the municipality's own read them as typed
        officer = kaart_panel.case_panel(platform, own["zaak"], "anna")
        assert {link["titel"] for link in officer["gekoppelde_zaken"]} == {
            "Schuur woning Jansen", "Loods Bakkerij De Korrel BV"
        }  # fmt: skip
    finally:
        platform.close()


def test_visible_links_cuts_the_titles_for_an_outside_party(platform: Platform) -> None:
    """The one home of the linked cases an account reads (case page, API, map panel)."""
    own, person, _ = _linked_pair(platform)
    links = [{"zaak": person["zaak"], "titel": "Schuur woning Jansen", "reden": "zelfde percelen"}]
    with platform.uow(write=False) as uow:
        s = uow.session
        rules = policy.rules(platform.settings)
        nina, anna = policy.actor_for(s, "nina"), policy.actor_for(s, "anna")
        assert case_queries.visible_links(s, nina, rules, links)[0]["titel"] == f"Schuur woning {REMOVED}"
        assert case_queries.visible_links(s, anna, rules, links)[0]["titel"] == "Schuur woning Jansen"
    assert links[0]["titel"] == "Schuur woning Jansen"  # the caller's list is unchanged
