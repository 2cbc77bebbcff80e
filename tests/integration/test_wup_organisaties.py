"""Competing outside organisations of one party: each sees only the wijkuitvoeringsplan that names it.

Tester finding (kavel): every heat company was an account in the one group "Warmtebedrijf" (as were all
corporaties, netbeheerders and provincies in theirs), and a beheerder could make no group of one
organisation (``users add --group`` made a department of the municipality: internal staff, every field).
So heat company B saw the wijkuitvoeringsplan on which company A was to give its offer, A's offer task
(and could claim it first), the documents the municipality shared with "the" heat company, and B's
dashboard counted A's work. Now the case names its own organisations (``organisaties``: party group ->
that organisation's group, set by the projectleider) and their tasks go to that group only; the
beheerder makes an organisation's group with ``users add --organisatie GROEP --partij PARTIJ``.

Review sessie10 (kavel, 3): any name was accepted and a new one made on the fly: a typo made an empty
organisation the party's task disappeared into, another party's group took the task, and a name that was
not yet a group became an organisation for good (a department made later under that name then made its
officers an outside party). Now only an organisation registered for that party is accepted, nothing is
made, and a refusal names the party's organisations.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select

from processes.errors import Conflict, NotFound, ValidationError
from services import inbox, policy, users
from services.documents import NewDocument, upload_document
from services.platform import Platform
from services.policy.autorisatie import rules
from services.store.models import Group, User
from tests.e2e.harness import log_in
from tests.integration.energie_fixtures import aantal_zaken, doe, taak, toestand
from tests.integration.test_wijkuitvoeringsplan import naar, start, wup
from web import create_app

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

TELLING = {
    "conclusie": "Telling.",
    "correcties": {
        "aantal_woningen": 800,
        "aandeel_koop": 50,
        "aandeel_sociale_huur": 40,
        "aandeel_particuliere_huur": 10,
    },
}
A, B = "Warmtebedrijf Ennatuurlijk", "Warmtebedrijf Vattenfall"
TOK_A, TOK_B = {"Authorization": "Bearer tok-a"}, {"Authorization": "Bearer tok-b"}


def _accounts(platform: Platform) -> None:
    """Two competing heat companies, each its own organisation of the party Warmtebedrijf (as a beheerder
    registers them now), and a corporatie."""
    for name, group, token in (("anna", A, "tok-a"), ("bert", B, "tok-b")):
        users.add_user(
            platform, name, organisaties=[group], partij="Warmtebedrijf", token=token, password="demo"
        )
    users.add_user(platform, "wim", organisaties=["Woonstichting Centrum"], partij="Woningcorporatie")


def _to_alternatieven(platform: Platform, organisaties: dict[str, str]) -> str:
    """A plan whose projectleider named ``organisaties``, in 'alternatieven' with the parties' tasks open."""
    ref = str(start(platform)["zaak"])
    doe(platform, ref, "uitgangspunten", {"uitgangspunten": "Aardgasvrij", "organisaties": organisaties})
    naar(platform, ref, "wijkanalyse")
    doe(platform, ref, "analyse_beoordelen", TELLING)
    naar(platform, ref, "alternatieven")
    return ref


def _share(platform: Platform, ref: str, group: str) -> None:
    """The municipality shares the warmtekavel's conditions with the heat company ``group``."""
    meta = NewDocument(
        informatieobjecttype="correspondentie",
        bestandsnaam="kavelvoorwaarden.pdf",
        titel="Kavelvoorwaarden en aanbod",
        gedeeld_met=[group],
    )
    upload_document(platform, ref, "pim", io.BytesIO(b"%PDF-1.4 voorwaarden"), meta)


def test_a_heat_company_sees_nothing_of_a_plan_that_names_its_competitor(wup: Platform) -> None:
    _accounts(wup)
    ref = _to_alternatieven(wup, {"Warmtebedrijf": A})
    aanbod = taak(wup, ref, "aanbod_warmtebedrijf")
    assert aanbod["kandidaatgroepen"] == [A]
    _share(wup, ref, A)
    client = create_app(wup.settings, platform=wup).test_client()
    # company A: the case as an outside party, its offer task, the document shared with it
    zaak = client.get(f"/api/v1/zaken/{ref}", headers=TOK_A).get_json()
    assert [t["element"] for t in zaak["open_taken"]] == ["aanbod_warmtebedrijf"]
    assert zaak["samenvatting"]["wijk_code"] == "WK0101" and "uitgangspunten" not in str(zaak)
    [doc] = client.get(f"/api/v1/zaken/{ref}/documenten", headers=TOK_A).get_json()["documenten"]
    assert doc["titel"] == "Kavelvoorwaarden en aanbod"
    # company B: not the case, not the task, not the documents, not in its inbox
    for url, status in (  # a case one may not open: as an unknown one (404); a task: 403
        (f"/api/v1/zaken/{ref}", 404),
        (f"/api/v1/zaken/{ref}/documenten", 404),
        (f"/api/v1/taken/{aanbod['id']}", 403),
    ):
        refused = client.get(url, headers=TOK_B)
        assert refused.status_code == status, (url, refused.get_json())
    assert client.post(f"/api/v1/taken/{aanbod['id']}/claim", headers=TOK_B).status_code == 403
    assert inbox.list_tasks(wup, "bert")["taken"] == []
    # nor on the faces
    assert log_in(client, "bert").status_code in (302, 303)
    assert client.get(f"/zaken/{ref}").status_code == 404
    assert ref not in client.get("/inbox").text and ref not in client.get("/zaken").text
    # A gives its offer; B never could
    done = client.post(
        f"/api/v1/taken/{aanbod['id']}/voltooien", headers=TOK_A, json={"interesse": True, "toelichting": "x"}
    )
    assert done.status_code == 200, done.get_json()


def test_the_party_group_still_gets_the_task_when_the_plan_names_no_organisation(wup: Platform) -> None:
    """Without ``organisaties`` the party's group applies, as before: every account in it is that party
    (the demo's; a deployment with competing organisations names them on the case)."""
    users.add_user(wup, "wouter", groups=["Warmtebedrijf"], token="tok-w")
    _accounts(wup)
    ref = _to_alternatieven(wup, {})
    assert taak(wup, ref, "aanbod_warmtebedrijf")["kandidaatgroepen"] == ["Warmtebedrijf"]
    client = create_app(wup.settings, platform=wup).test_client()
    assert client.get(f"/api/v1/zaken/{ref}", headers={"Authorization": "Bearer tok-w"}).status_code == 200
    assert client.get(f"/api/v1/zaken/{ref}", headers=TOK_A).status_code == 404


def test_each_named_party_goes_to_its_organisation_the_others_keep_their_group(wup: Platform) -> None:
    _accounts(wup)
    ref = _to_alternatieven(wup, {"Warmtebedrijf": A, "Woningcorporatie": "Woonstichting Centrum"})
    assert taak(wup, ref, "inbreng_corporatie")["kandidaatgroepen"] == ["Woonstichting Centrum"]
    assert taak(wup, ref, "netimpact")["kandidaatgroepen"] == ["Netbeheerder"]  # none named: the party's
    groups = {g["naam"]: (g["soort"], g["partij"]) for g in users.list_groups(wup)}
    assert groups["Woonstichting Centrum"] == ("organisatie", "Woningcorporatie")  # as the beheerder made it


@pytest.mark.parametrize(
    ("organisaties", "code"),
    [
        ({"Projectleider warmtetransitie": A}, "organisatie-geen-partij"),
        ({"Warmtebedrijf": 7}, "organisaties-ongeldig"),
    ],
)
def test_a_task_of_the_municipality_never_goes_to_an_organisation(
    wup: Platform, organisaties: dict[str, Any], code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        start(wup, organisaties=organisaties)
    assert refused.value.code == code
    assert aantal_zaken(wup) == 0


def test_a_party_task_never_goes_to_a_department(wup: Platform) -> None:
    """Refused where the projectleider names it (the uitgangspunten; the case's organisations are checked
    when the case names them, also for a party that only answers a message), not phases later when the
    party's task opens and the case could not be corrected any more."""
    ref = str(start(wup)["zaak"])
    bad = {"uitgangspunten": "Aardgasvrij", "organisaties": {"Warmtebedrijf": "Milieu"}}
    before = toestand(wup, ref)
    with pytest.raises(ValidationError) as refused:
        doe(wup, ref, "uitgangspunten", bad)
    assert refused.value.code == "organisatie-is-afdeling" and "Milieu" in str(refused.value)
    assert toestand(wup, ref) == before


@pytest.mark.parametrize(
    ("named", "words"),
    [
        ("Warmtebedrijf Ennatuurljk", [f"'{A}', '{B}'", "schrijfwijze"]),  # a typo
        ("Netbeheerder", [f"'{A}', '{B}'"]),  # another party's group
        ("Woonstichting Centrum", ["is een organisatie van Woningcorporatie", f"'{A}'"]),  # its organisation
        ("Team Warmte", [f"'{A}', '{B}'", '--organisatie "Team Warmte" --partij Warmtebedrijf']),  # no group
    ],
)
def test_only_an_organisation_registered_for_the_party_is_accepted(
    wup: Platform, named: str, words: list[str]
) -> None:
    """Review sessie10 (kavel, 3a-c): each was accepted, the unknown ones made as new empty organisations."""
    _accounts(wup)
    groups = users.list_groups(wup)
    ref = str(start(wup)["zaak"])
    before = toestand(wup, ref)
    with pytest.raises(ValidationError) as refused:
        doe(
            wup,
            ref,
            "uitgangspunten",
            {"uitgangspunten": "Aardgasvrij", "organisaties": {"Warmtebedrijf": named}},
        )
    assert refused.value.code == "organisatie-onbekend", str(refused.value)
    assert f"'{named}' geen organisatie van Warmtebedrijf" in str(refused.value)
    for word in words:
        assert word in str(refused.value)
    assert toestand(wup, ref) == before and users.list_groups(wup) == groups  # nothing made


def test_a_party_with_no_registered_organisation_says_so(wup: Platform) -> None:
    ref = str(start(wup)["zaak"])
    with pytest.raises(ValidationError) as refused:
        doe(
            wup,
            ref,
            "uitgangspunten",
            {"uitgangspunten": "Aardgasvrij", "organisaties": {"Waterschap": "AGV"}},
        )
    assert refused.value.code == "organisatie-onbekend"
    assert "Voor Waterschap is nog geen organisatie vastgelegd" in str(refused.value)
    assert "AGV" not in {g["naam"] for g in users.list_groups(wup)}


def test_a_department_named_after_a_refused_organisation_stays_a_department(wup: Platform) -> None:
    """Review sessie10 (kavel, 3c): 'Team Warmte' was made as an organisation by the case, and the officer
    the beheerder later put in that department became an outside party."""
    _accounts(wup)
    ref = str(start(wup)["zaak"])
    with pytest.raises(ValidationError):
        doe(
            wup,
            ref,
            "uitgangspunten",
            {"uitgangspunten": "Aardgasvrij", "organisaties": {"Warmtebedrijf": "Team Warmte"}},
        )
    users.add_user(wup, "karin", groups=["Team Warmte"], role="vergunningverlener")
    assert {g["naam"]: g["soort"] for g in users.list_groups(wup)}["Team Warmte"] == "afdeling"
    with wup.uow(write=False) as uow:
        karin = uow.session.scalars(select(User).where(User.username == "karin")).one()
        assert policy.kind(policy.Actor.of(karin), rules(wup.settings)) != "extern"


def test_a_beheerder_makes_an_organisation_not_a_department(wup: Platform) -> None:
    made = users.add_user(wup, "anna", organisaties=[A], partij="Warmtebedrijf", groups=["Warmtebedrijf"])
    assert made["groepen"] == sorted([A, "Warmtebedrijf"])
    assert {g["naam"]: g["soort"] for g in users.list_groups(wup)}[A] == "organisatie"
    with pytest.raises(Conflict) as refused:
        users.add_user(wup, "vera", organisaties=["Vergunningen"])
    assert refused.value.code == "groep-is-afdeling"
    with pytest.raises(NotFound):
        users.get_user(wup, "vera")  # refused: not made


def test_an_organisation_is_registered_for_one_party(wup: Platform) -> None:
    made = users.add_user(wup, "anna", organisaties=[A], partij="Warmtebedrijf")
    assert made["groepen"] == [A]
    users.add_user(wup, "arie", organisaties=[A])  # another account of it: the party stays
    old_organisation(wup, "Liander")  # made before the party was kept: no case may name it yet
    users.add_user(wup, "oud", organisaties=["Liander"], partij="Netbeheerder")  # linked now
    groups = {g["naam"]: (g["soort"], g["partij"]) for g in users.list_groups(wup)}
    assert groups[A] == ("organisatie", "Warmtebedrijf") and groups["Liander"] == (
        "organisatie",
        "Netbeheerder",
    )
    for kwargs, error, code in (
        ({"organisaties": [A], "partij": "Netbeheerder"}, Conflict, "organisatie-andere-partij"),
        ({"organisaties": ["Eneco"], "partij": "Warmtebedrijven"}, ValidationError, "partij-onbekend"),
        ({"groups": ["Milieu"], "partij": "Warmtebedrijf"}, ValidationError, "partij-zonder-organisatie"),
        (
            {"organisaties": ["Netbeheerder"], "partij": "Warmtebedrijf"},
            ValidationError,
            "organisatie-is-partij",
        ),
    ):
        with pytest.raises(error) as refused:
            users.add_user(wup, "nora", **kwargs)
        assert refused.value.code == code, str(refused.value)
        with pytest.raises(NotFound):
            users.get_user(wup, "nora")  # refused: not made
    assert {g["naam"]: (g["soort"], g["partij"]) for g in users.list_groups(wup)} == groups


def old_organisation(platform: Platform, name: str) -> None:
    """An organisation as made before migration 0027: kind organisatie, no party."""
    with platform.uow() as uow:
        uow.session.add(Group(name=name, kind="organisatie"))
        uow.commit()


def test_an_organisation_is_never_made_a_department(wup: Platform) -> None:
    """Review sessie10 (kavel, 3c): ``users add --group`` silently reused an organisation's group, and the
    officer put there became an outside party."""
    users.add_user(wup, "anna", organisaties=[A], partij="Warmtebedrijf")
    with pytest.raises(Conflict) as refused:
        users.add_user(wup, "karin", groups=[A], role="vergunningverlener")
    assert refused.value.code == "groep-is-organisatie" and f"--organisatie '{A}'" in str(refused.value)
    with pytest.raises(NotFound):
        users.get_user(wup, "karin")
    with pytest.raises(Conflict):
        users.add_user(wup, "anna", groups=[A, "Milieu"])  # nor on an update
    assert users.get_user(wup, "anna")["groepen"] == [A]
