"""A model's public status lines as each reader reads them: "Uw aanvraag is ontvangen" addresses the
applicant, so only the applicant reads it (its own account, the status page of its volgcode); every other
reader of the case (the netbeheerder that advised on it, the municipality's staff) reads the model's
third-person form (``publiek_voor_derden``: "De aanvraag is ontvangen"), or where the model gives none,
the event's own name ("Advies verwerkt") or, for a task, a neutral line, never the applicant's words.

Before: the netbeheerder read "Uw aanvraag is ontvangen" about someone else's case in the API's and the case
page's timeline (``tijdlijn``), the model's text for the applicant.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from processes.aanspreekvorm import NEUTRAL_LINE, addresses_reader
from services import case_queries, cases, deployments, users
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from tests.e2e.harness import logged_in, page_text
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.inbox_case import open_task_row
from tests.integration.test_halted_case_view import _the_initiators
from tests.integration.test_script_limits import H
from web import create_app

z, locatie = ov.z, ov.locatie
PASSWORD = "derden-lezen-de-derde-persoon"
PROPERTY = '<spiffworkflow:property name="{}" value="{}"/>'


def _properties(**texts: str) -> str:
    return (
        "<bpmn:extensionElements><spiffworkflow:properties>"
        + "".join(PROPERTY.format(name, value) for name, value in texts.items())
        + "</spiffworkflow:properties></bpmn:extensionElements>"
    )


#: a start the model words for both, the netbeheerder's advice (its lane) and an event that word only the
#: applicant's line, then an officer's task that keeps the case open
MODEL = (
    H + '<bpmn:process id="status_proef" name="Statusproef" isExecutable="true">'
    '<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Netbeheerder"><bpmn:flowNodeRef>advies</bpmn:flowNodeRef>'
    '</bpmn:lane><bpmn:lane id="l2" name="Vergunningen"><bpmn:flowNodeRef>besluit</bpmn:flowNodeRef>'
    "</bpmn:lane></bpmn:laneSet>"
    '<bpmn:startEvent id="s" name="Aanvraag ontvangen">'
    + _properties(publiek="Uw aanvraag is ontvangen", publiek_voor_derden="De aanvraag is ontvangen")
    + '<bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent><bpmn:userTask id="advies" name="Advies">'
    + _properties(publiek="Het advies over uw aanvraag is gegeven")
    + "<bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing></bpmn:userTask>"
    '<bpmn:intermediateThrowEvent id="verwerkt" name="Advies verwerkt">'
    + _properties(publiek="Het advies is verwerkt in uw dossier")
    + "<bpmn:incoming>b</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing></bpmn:intermediateThrowEvent>"
    '<bpmn:userTask id="besluit" name="Besluit"><bpmn:incoming>c</bpmn:incoming></bpmn:userTask>'
    '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="advies"/>'
    '<bpmn:sequenceFlow id="b" sourceRef="advies" targetRef="verwerkt"/>'
    '<bpmn:sequenceFlow id="c" sourceRef="verwerkt" targetRef="besluit"/>'
    "</bpmn:process></bpmn:definitions>"
)
#: the lines as the applicant reads them, in order
APPLICANTS = [
    "Uw aanvraag is ontvangen",
    "Het advies over uw aanvraag is gegeven",
    "Het advies is verwerkt in uw dossier",
]
#: the same lines as anyone else reads them: the model's own words, a task's neutral line, the event's name
OTHERS = ["De aanvraag is ontvangen", NEUTRAL_LINE, "Advies verwerkt"]


def _advised(platform: Platform) -> tuple[str, str]:
    """anna (Vergunningen) starts the case for piet (an initiator account); nina (the netbeheerder, an
    outside party) gives the advice. The case's reference and volgcode."""
    for name, groups, role in (
        ("anna", ["Vergunningen"], "vergunningverlener"),
        ("nina", ["Netbeheerder"], "adviseur"),
        ("bea", ["Beheer"], "beheerder"),
    ):
        users.add_user(platform, name, groups=groups, role=role, password=PASSWORD, token=f"t-{name}")
    deployments.deploy(platform, [("status_proef.bpmn", MODEL)], user="bea")
    started = cases.start_case(platform, "status_proef", {}, user="anna")
    ref = str(started["zaak"])
    _the_initiators(platform, ref)
    users.add_user(platform, "piet", role="initiatiefnemer", password=PASSWORD, token="t-piet")
    cases.complete_task(platform, open_task_row(platform, ref).id, "nina", {})
    return ref, str(started["volgcode"])


def _status_lines(timeline: list[dict]) -> list[str]:
    return [e["tekst"] for e in timeline if e["soort"] == "status"]


def test_only_the_applicant_reads_the_lines_that_address_it(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref, code = _advised(any_platform)
    assert _status_lines(case_queries.read_case(any_platform, ref, "piet")["tijdlijn"]) == APPLICANTS
    public = [e["tekst"] for e in view.public_status(any_platform, code)["tijdlijn"]]
    assert [t for t in public if t in APPLICANTS] == APPLICANTS  # the status page of its volgcode
    for other in ("nina", "anna", "bea"):  # nina read APPLICANTS (and anna and bea did)
        assert _status_lines(case_queries.read_case(any_platform, ref, other)["tijdlijn"]) == OTHERS, other


def test_the_netbeheerder_reads_no_uw_in_the_api_or_on_the_case_page(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref, code = _advised(any_platform)
    app = create_app(any_platform.settings, platform=any_platform)
    api = app.test_client()
    for who, expected in (("piet", APPLICANTS), ("nina", OTHERS)):
        answer = api.get(f"/api/v1/zaken/{ref}", headers={"Authorization": f"Bearer t-{who}"})
        assert answer.status_code == 200, answer.text
        assert _status_lines(answer.json["tijdlijn"]) == expected, who
    shown = _case_page_lines(app, ref, "nina")
    assert set(OTHERS) <= set(shown) and not [t for t in shown if re.search(r"\b[Uu]w\b", t)], shown
    status = app.test_client().get(f"/status/{code}").text  # the initiator's face: its status page
    told = re.search(r'<ol class="tijdlijn" id="tijdlijn"[^>]*>(.*?)</ol>', status, flags=re.S)
    assert told is not None and set(APPLICANTS) <= {
        page_text(t).strip() for t in re.findall(r"</time>(.*?)</li>", told.group(1), flags=re.S)
    }


def _case_page_lines(app: Any, ref: str, user: str) -> list[str]:
    """The timeline lines of the case page (``_dossier.html``) as ``user`` reads them."""
    page = logged_in(app, user, PASSWORD).get(f"/zaken/{ref}")
    assert page.status_code == 200, page.text[:300]
    lines = re.findall(r'<span class="gebeurtenis-tekst">(.*?)</span>', page.text, flags=re.S)
    return [page_text(t).strip() for t in lines]


def test_what_the_applicant_was_told_reads_in_the_third_person_for_the_others(z: ov.Omgeving) -> None:
    """The ontvangstbevestiging and the aanvullingsverzoek (services' own lines to the applicant, kind
    notificatie) keep their third-person form too: the officer read "wij hebben uw aanvraag ... ontvangen"."""
    code = z.start()["volgcode"]
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "tekening", "aanvullingstermijn_dagen": 14},
    )
    told = [e["tekst"] for e in view.public_status(z.p, code)["tijdlijn"]]
    read = [e["tekst"] for e in case_queries.read_case(z.p, z.ref, "anna")["tijdlijn"] if e["publiek"]]
    assert [t[:47] for t in told if t.startswith(("Ontvangstbevestiging", "Uw aanvraag is niet"))] == [
        "Ontvangstbevestiging: wij hebben uw aanvraag vo",
        "Uw aanvraag is niet compleet. Ontbrekend: teken",
    ]
    assert [t for t in read if t.startswith(("Ontvangstbevestiging", "De aanvraag is niet"))] == [
        "Ontvangstbevestiging: de gemeente heeft de aanvraag voor een technische bouwactiviteit ontvangen op 2 "
        "maart 2026. Zij behandelt haar in de reguliere procedure en beslist uiterlijk op 28 april 2026.",
        "De aanvraag is niet compleet. Ontbrekend: tekening. De aanvrager kan haar uiterlijk 16 maart 2026 "
        "aanvullen. Tot de aanvulling binnen is, staat de beslistermijn stil.",
    ]
    assert [t for t in read if addresses_reader(t)] == []


def test_the_end_of_the_term_and_the_dwangsom_read_in_the_third_person_for_the_others(z: ov.Omgeving) -> None:
    """The officer read "U kunt de gemeente schriftelijk in gebreke stellen" and "is de gemeente u een
    dwangsom verschuldigd": the applicant's words."""
    code = z.start()["volgcode"]
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.op(datetime(2026, 4, 30, 9, 0, tzinfo=UTC))  # the beslistermijn ended on 28 April
    z.bericht("ingebrekestelling", {})
    z.op(datetime(2026, 5, 20, 9, 0, tzinfo=UTC))  # two weeks after it: the dwangsom runs
    kinds = ("termijn-verstreken", "dwangsom_loopt")
    told = [
        e["tekst"]
        for e in view.public_status(z.p, code)["tijdlijn"]  # the status page's lines name no kind
        if e["tekst"].startswith(("De beslistermijn is op", "Sinds "))
    ]
    read = [e["tekst"] for e in case_queries.read_case(z.p, z.ref, "anna")["tijdlijn"] if e["soort"] in kinds]
    assert len(told) == len(read) == 2 and all(addresses_reader(t) for t in told), told
    assert [t for t in read if addresses_reader(t)] == [] and "De aanvrager kan" in read[0], read
    assert "is de gemeente de aanvrager een dwangsom verschuldigd" in read[1], read
