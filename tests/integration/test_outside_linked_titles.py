"""An outside party reads a linked case's title without that case's applicant's name (pseudo14, 2).

Its own case's title it read cut (services/policy_outside.py), but the map panel's linked cases, and the
case view's wherever a share gives them, named the other case by its title as typed ("Schuur van Piet
Jansen"): the cut follows the linked case's own applicant, as for that case's own title."""

from __future__ import annotations

from sqlalchemy import update

from services import case_queries, cases, kaart_panel, policy, users
from services.outbox.core import REMOVED
from services.platform import Platform
from services.store.models import CaseLink, HumanTask
from tests.integration.core_helpers import setup_klein


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
        uow.session.execute(update(HumanTask).where(HumanTask.case_id.in_(ids)).values(assignee="nina"))
        for other in (person, firm):
            uow.session.add(CaseLink(case_id=own["id"], other_case_id=other["id"], reason="zelfde percelen"))
        uow.commit()
    return own, person, firm


def test_an_outside_party_reads_a_linked_cases_title_without_its_applicant(platform: Platform) -> None:
    own, person, firm = _linked_pair(platform)
    panel = kaart_panel.case_panel(platform, own["zaak"], "nina")
    read = {link["zaak"]: link["titel"] for link in panel["gekoppelde_zaken"]}
    assert read == {person["zaak"]: f"Schuur woning {REMOVED}", firm["zaak"]: f"Loods {REMOVED}"}
    # the municipality's own read them as typed
    officer = kaart_panel.case_panel(platform, own["zaak"], "anna")
    assert {link["titel"] for link in officer["gekoppelde_zaken"]} == {
        "Schuur woning Jansen", "Loods Bakkerij De Korrel BV"
    }  # fmt: skip


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
