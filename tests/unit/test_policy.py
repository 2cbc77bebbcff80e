"""services.policy without a database: kinds of account, shared fields, the volgcode, message senders."""

from __future__ import annotations

from pathlib import Path

import pytest

from processes.errors import Forbidden
from services import policy
from services.config import Settings
from web.api import schemas as s

CASE = {
    "id": 1,
    "zaak": "Z-2026-000001",
    "titel": "Aanbouw",
    "initiatiefnemer": "Energiecoöperatie Ruimtedal",
    "volgcode": "geheim-volgcode",
    "samenvatting": {"gegevens": {"notitie": "interne notitie"}},
    "opschorting": {"lopend": True},
    "open_taken": [
        {"id": 7, "kandidaatgroepen": ["Netbeheerder"], "toegewezen_aan": None},
        {"id": 8, "kandidaatgroepen": ["Vergunningen"], "toegewezen_aan": "anna"},
    ],
    "tijdlijn": [
        {"tekst": "Uw aanvraag is ontvangen", "publiek": True},
        {"tekst": "Interne notitie", "publiek": False},
    ],
    "conflicten": [{"id": 1, "intern": True}, {"id": 2, "intern": False}],
}


@pytest.fixture
def rules() -> policy.Rules:
    return policy.rules(Settings())


def actor(role: str, *groups: str, name: str = "x") -> policy.Actor:
    return policy.Actor(name, role, frozenset(groups))


def test_the_shipped_rules_name_the_external_parties_and_the_senders(rules):
    assert {"Netbeheerder", "Woningcorporatie", "Provincie", "Omgevingsdienst"} <= rules.external_groups
    for name in ("aanvulling", "intrekking", "bezwaar"):
        assert "initiatiefnemer" in rules.senders_of(name)
    assert rules.senders_of("netbeheerder_antwoord") == ("groep:Netbeheerder",)
    assert rules.senders_of("niet-gedeclareerd") == ("behandelaar",)


def test_kinds_of_account(rules):
    assert policy.kind(actor("beheerder", "Beheer"), rules) == "beheerder"
    assert policy.kind(actor("vergunningverlener", "Vergunningen"), rules) == "behandelaar"
    assert policy.kind(actor("adviseur", "Juridisch"), rules) == "medewerker"
    assert policy.kind(actor("adviseur", "Netbeheerder"), rules) == "extern"
    assert policy.kind(actor("adviseur", "Milieu", "Omgevingsdienst"), rules) == "extern"
    assert policy.kind(actor("initiatiefnemer"), rules) == "initiatiefnemer"
    organisation = policy.Actor("y", "adviseur", frozenset({"Adviesbureau"}), frozenset({"Adviesbureau"}))
    assert policy.kind(organisation, rules) == "extern"  # app_group.kind "organisatie"


def test_staff_see_every_field_but_the_volgcode(rules):
    view = policy.case_view(actor("vergunningverlener", "Vergunningen"), CASE, rules)
    assert view["volgcode"] is None
    assert view["initiatiefnemer"] == CASE["initiatiefnemer"] and view["samenvatting"] == CASE["samenvatting"]
    assert len(view["tijdlijn"]) == 2 and len(view["conflicten"]) == 2
    intake = policy.case_view(actor("vergunningverlener", "Vergunningen"), CASE, rules, intake=True)
    assert intake["volgcode"] == "geheim-volgcode"  # the paper application's acknowledgement letter


def test_an_external_party_sees_only_the_shared_fields_and_its_own_tasks(rules):
    view = policy.case_view(actor("adviseur", "Netbeheerder"), CASE, rules)
    assert set(view) == set(CASE)  # fields are emptied, never removed: templates and schemas stay stable
    assert view["volgcode"] is None and view["initiatiefnemer"] is None
    assert view["samenvatting"] == {} and view["opschorting"] == {}
    assert [t["id"] for t in view["open_taken"]] == [7]
    assert [e["tekst"] for e in view["tijdlijn"]] == ["Uw aanvraag is ontvangen"]
    assert [c["id"] for c in view["conflicten"]] == [2]
    assert view["titel"] == "Aanbouw"


def test_an_adviser_sees_the_case_as_staff_do_but_no_third_partys_data(rules):
    """Privacy review avg13, 1: a municipal adviser read the neighbours' zienswijzen of every case it ever
    advised on. [velden] medewerker shares every field ("*") but those ("!...")."""
    neighbour = {"nummer": 1, "indiener": "Johanna Pietersen, Esweg 14", "inhoud": "mijn dochter heeft astma"}
    case = {
        **CASE,
        "samenvatting": {
            "gegevens": {
                "notitie": "interne notitie",
                "zienswijze": neighbour,
                "zienswijzen": [neighbour],
                "bezwaar": {"indiener": "Buurman"},
            },
            "ingediende_zienswijzen": [neighbour],
            "zienswijzen": {"aantal": 1},
        },
    }
    view = policy.case_view(actor("adviseur", "Juridisch"), case, rules)
    assert "Pietersen" not in repr(view) and "Buurman" not in repr(view)
    assert view["samenvatting"] == {"gegevens": {"notitie": "interne notitie"}, "zienswijzen": {"aantal": 1}}
    assert view["volgcode"] is None and view["initiatiefnemer"] == CASE["initiatiefnemer"]
    assert len(view["tijdlijn"]) == 2 and len(view["conflicten"]) == 2  # the municipality's internal lines
    assert view["open_taken"] == CASE["open_taken"] and case["samenvatting"]["ingediende_zienswijzen"]
    staff = policy.case_view(actor("vergunningverlener", "Vergunningen"), case, rules)
    assert staff["samenvatting"] == case["samenvatting"]  # the behandelaar weighs them


def test_every_field_but_some_in_a_deployments_own_rules(tmp_path: Path):
    (tmp_path / "autorisatie.toml").write_text(
        '[velden]\nmedewerker = ["*", "!initiatiefnemer", "!samenvatting.gegevens.notitie"]\n',
        encoding="utf-8",
    )
    own = policy.rules(Settings(bpmn_dir=tmp_path))
    view = policy.case_view(actor("adviseur", "Juridisch"), CASE, own)
    assert view["initiatiefnemer"] is None and view["samenvatting"] == {"gegevens": {}}
    assert view["titel"] == "Aanbouw" and view["opschorting"] == {"lopend": True}
    shared = policy.shared_fields(actor("adviseur", "Juridisch"), own)
    assert policy.shares(shared, "titel") and not policy.shares(shared, "initiatiefnemer")


def test_the_initiator_sees_the_volgcode_and_no_internal_notes(rules):
    view = policy.case_view(actor("initiatiefnemer", name="coop"), CASE, rules)
    assert view["volgcode"] == "geheim-volgcode" and view["opschorting"] == {"lopend": True}
    assert view["samenvatting"] == {} and view["open_taken"] == []
    assert [e["tekst"] for e in view["tijdlijn"]] == ["Uw aanvraag is ontvangen"]
    assert [c["id"] for c in view["conflicten"]] == [2]


def test_task_rights():
    task = {"kandidaatgroepen": ["Vergunningen"], "toegewezen_aan": "anna"}
    anna, tom = actor("vergunningverlener", "Vergunningen", name="anna"), actor("teamleider", "Vergunningen")
    rob = actor("adviseur", "Juridisch", name="rob")
    assert policy.may_complete(anna, task) and not policy.may_complete(tom, task)
    assert policy.may_unclaim(tom, task) and not policy.may_unclaim(rob, task)
    assert policy.may_assign(anna, task) and not policy.may_assign(rob, task)
    assert policy.may_see_task(actor("beheerder", "Beheer"), task) and not policy.may_see_task(rob, task)


def test_a_colleague_may_not_take_over_a_claimed_task_by_assigning_it():
    claimed = {"kandidaatgroepen": ["Vergunningen"], "toegewezen_aan": "anna"}
    free = {"kandidaatgroepen": ["Vergunningen"], "toegewezen_aan": None}
    kees = actor("vergunningverlener", "Vergunningen", name="kees")
    lead = actor("teamleider", "Vergunningen", name="tom")
    assert not policy.may_assign(kees, claimed)  # only anna herself, or a lead, hands it on
    assert policy.may_assign(kees, free) and policy.may_assign(lead, claimed)
    assert policy.may_assign(actor("vergunningverlener", "Vergunningen", name="anna"), claimed)


def test_the_status_page_offers_only_messages_the_initiator_may_send(rules):
    assert policy.code_holder_may_send("aanvulling", rules)
    assert not policy.code_holder_may_send("netbeheerder_antwoord", rules)


def test_a_deployment_may_bring_its_own_rules(tmp_path: Path):
    (tmp_path / "autorisatie.toml").write_text(
        '[partijen]\nextern = ["Waterschap"]\n[berichten]\naanvulling = ["behandelaar"]\n', encoding="utf-8"
    )
    own = policy.rules(Settings(bpmn_dir=tmp_path))
    assert own.external_groups == {"Waterschap"} and own.senders_of("aanvulling") == ("behandelaar",)
    assert not policy.code_holder_may_send("aanvulling", own)


def test_role_gates_are_dutch_403s():
    with pytest.raises(Forbidden) as exc:
        policy.check_role({"rol": "adviseur"}, ["beheerder"], "Alleen voor beheer.")
    assert exc.value.code == "rol-vereist" and exc.value.detail == "Alleen voor beheer."
    with pytest.raises(Forbidden) as exc:
        policy.check_staff({"rol": "initiatiefnemer"}, "Alleen voor medewerkers.")
    assert exc.value.code == "geen-medewerker"


def test_initiators_and_external_parties_do_not_learn_which_officer_did_what(rules):
    case = {**CASE, "tijdlijn": [{"tekst": "Advies gegeven", "publiek": True, "door": "eva"}]}
    for who in (actor("initiatiefnemer", name="coop"), actor("adviseur", "Netbeheerder", name="nina")):
        [event] = policy.case_view(who, case, rules)["tijdlijn"]
        assert event["tekst"] == "Advies gegeven" and event["door"] is None
    [event] = policy.case_view(actor("vergunningverlener", "Vergunningen"), case, rules)["tijdlijn"]
    assert event["door"] == "eva"  # staff see who did it


def test_a_dotted_field_shares_that_part_and_nothing_beside_it():
    """rv9 warmte2 4: [velden].extern could share the whole summary or none of it; the outside parties of
    a wijkuitvoeringsplan saw none of the figures they were asked to judge."""
    rules = policy.Rules(
        external_groups=frozenset({"Netbeheerder"}),
        fields={"extern": frozenset({"zaak", "samenvatting.alternatieven", "samenvatting.gegevens.a.b"})},
        senders={},
    )
    case = {
        "zaak": "Z-1",
        "samenvatting": {
            "alternatieven": [{"code": "warmtenet", "totaal": 10}],
            "besluit": {"datum": "2026-03-02"},
            "gegevens": {"a": {"b": 1, "c": "notitie"}, "notitie": "intern"},
        },
        "initiatiefnemer": "J. Jansen",
    }
    view = policy.case_view(actor("adviseur", "Netbeheerder"), case, rules)
    assert view == {
        "zaak": "Z-1",
        "samenvatting": {"alternatieven": [{"code": "warmtenet", "totaal": 10}], "gegevens": {"a": {"b": 1}}},
        "initiatiefnemer": None,
    }
    # the shipped rules share the plan's figures with the outside parties, not the rest of its data
    shipped = policy.case_view(actor("adviseur", "Netbeheerder"), CASE, policy.rules(Settings()))
    assert shipped["samenvatting"] == {}


def test_an_outside_lead_hands_on_only_what_its_own_organisation_holds():
    """Review sessie11 (claim11, 1): an outside party's teamleider handed back or reassigned a shared task
    the municipality's officer held. ``own_holds`` (policy.for_tasks reads it): the tasks its own hold."""
    officers = {"id": 1, "kandidaatgroepen": ["Vergunningen", "Netbeheerder"], "toegewezen_aan": None}
    officers["opgepakt"] = True  # as the outside party reads it: taken, without the officer's name
    own = {**officers, "id": 2}
    nico = policy.Actor("nico", "teamleider", frozenset({"Netbeheerder"}), own_holds=frozenset({2}))
    assert not policy.may_unclaim(nico, officers) and not policy.may_assign(nico, officers)
    assert policy.may_unclaim(nico, own) and policy.may_assign(nico, own)
    held_outside = {"id": 3, "kandidaatgroepen": ["Vergunningen", "Netbeheerder"], "toegewezen_aan": "nina"}
    tom = actor("teamleider", "Vergunningen", name="tom")  # the municipality's lead: any task it sees
    assert policy.may_unclaim(tom, held_outside) and policy.may_assign(tom, held_outside)


def test_a_withheld_waiting_list_reads_null_not_an_empty_object(tmp_path: Path):
    """Outside tester (contract7, 1): an outside party read ``"wachtlijst": {}``, emptied like any object
    outside its share, where the API's spec has the place (positie, navraag_op) or null. A field that is an
    object or null reads null when withheld; the other object fields stay emptied as before."""
    (tmp_path / "autorisatie.toml").write_text(
        '[partijen]\nextern = ["Netbeheerder"]\n[velden]\nmedewerker = ["*", "!wachtlijst"]\nextern = ["zaak"]\n',
        encoding="utf-8",
    )
    own = policy.rules(Settings(bpmn_dir=tmp_path))
    case = {**CASE, "wachtlijst": {"positie": 14, "navraag_op": "2027-03-02"}}
    assert policy.case_view(actor("adviseur", "Juridisch"), case, own)["wachtlijst"] is None  # "!wachtlijst"
    outside = policy.case_view(actor("adviseur", "Netbeheerder"), case, own)  # not in its list
    assert outside["wachtlijst"] is None and outside["opschorting"] == {} and outside["samenvatting"] == {}


def test_the_fields_that_read_null_when_withheld_are_those_the_spec_has_as_an_object_or_null():
    from services.case_fields import NULLABLE_OBJECT_FIELDS  # services knows no web: checked here

    spec = s.CASE["properties"]
    either = {k for k, v in spec.items() if any(o.get("type") == "object" for o in v.get("anyOf", []))}
    assert either == NULLABLE_OBJECT_FIELDS
