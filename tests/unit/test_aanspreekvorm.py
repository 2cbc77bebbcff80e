"""Whom a public text speaks to (processes.aanspreekvorm), and a timeline line as a reader other than the
applicant reads it (policy.case_view, services.policy.readers), without a database."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from processes.aanspreekvorm import NEUTRAL_LINE, addresses_reader, neutral_line
from services import policy
from services.config import Settings


@pytest.mark.parametrize(
    "text",
    [
        "Uw aanvraag is ontvangen",
        "Het besluit op uw aanvraag is onherroepelijk: {besluit_info[tekst]}",
        "Wij vragen u om een aanvulling.",
        "U (de aanvrager)",
        "Tegen het besluit kunt u, tot {datum}, bezwaar maken",
    ],
)
def test_a_text_that_says_u_or_uw_addresses_its_reader(text: str) -> None:
    assert addresses_reader(text)


@pytest.mark.parametrize(
    "text",
    [
        "De aanvraag is ontvangen",
        "Tegen het besluit is {soort} ingesteld",
        "{u} en {uw[naam]} ontvangen",  # a placeholder's field name is no word of the text
        "Uwe-straat en U-bocht",  # whole words only
        "",
        None,
    ],
)
def test_a_text_without_u_or_uw_addresses_nobody(text: str | None) -> None:
    assert not addresses_reader(text)


def test_the_neutral_line_is_the_events_plain_name_or_the_fixed_line() -> None:
    assert neutral_line("Aanvulling ontvangen") == "Aanvulling ontvangen"
    for name in (None, "", "  ", "Advies {adviseur[titel]}", "Uw aanvulling"):
        assert neutral_line(name) == NEUTRAL_LINE, name


CASE = {
    "id": 1,
    "zaak": "Z-2026-000001",
    "titel": "Aanbouw",
    "initiatiefnemer": "Energiecoöperatie Ruimtedal",
    "tijdlijn": [
        {"soort": "status", "tekst": "Uw aanvraag is ontvangen", "publiek": True, "gegevens": {}},
        {
            "soort": "status",
            "tekst": "Uw aanvulling is ontvangen",
            "publiek": True,
            "gegevens": {"voor_derden": "De aanvulling is ontvangen"},
        },
        {"soort": "status", "tekst": "De vergunning is verleend", "publiek": True, "gegevens": {}},
        {"soort": "notificatie", "tekst": "Uw aanvraag is niet compleet.", "publiek": True, "gegevens": {}},
    ],
}


def _lines(role: str, *groups: str) -> list[str]:
    actor = policy.Actor("x", role, frozenset(groups))
    return [e["tekst"] for e in policy.case_view(actor, CASE, policy.rules(Settings()))["tijdlijn"]]


def test_the_initiator_reads_the_lines_as_written_and_anyone_else_in_the_third_person() -> None:
    written = [e["tekst"] for e in CASE["tijdlijn"]]
    assert _lines("initiatiefnemer") == written
    # a status line kept before lines had a third-person form reads the neutral line; a message sent to
    # the applicant without one (notificatie, a service's own text) stays as it was sent
    others = [NEUTRAL_LINE, "De aanvulling is ontvangen", "De vergunning is verleend", written[3]]
    assert _lines("adviseur", "Netbeheerder") == others
    assert _lines("vergunningverlener", "Vergunningen") == others
    assert [e["tekst"] for e in CASE["tijdlijn"]] == written  # the case dict itself is left as it was


MODELS = sorted((Path(__file__).resolve().parents[2] / "bpmn").glob("*.bpmn"))
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"


def _status_texts(model: Path) -> list[dict[str, str]]:
    """The public texts (``publiek``, ``publiek_voor_derden``) of each element of ``model`` that has one."""
    out = []
    for node in etree.parse(str(model)).getroot().iter(f"{SPIFF}properties"):
        texts = {p.get("name"): p.get("value") for p in node.iter(f"{SPIFF}property")}
        if "publiek" in texts:
            out.append({k: v for k, v in texts.items() if k.startswith("publiek")})
    return out


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.name)
def test_every_shipped_line_that_addresses_the_applicant_has_its_third_person_form(model: Path) -> None:
    """bpmn/omgevingsvergunning.bpmn had five ("Uw aanvraag is ontvangen", "Uw aanvulling is ontvangen"
    twice, "Het besluit op uw aanvraag ...", "Uw aanvraag is ingetrokken ..."), without one."""
    texts = _status_texts(model)
    addressing = [t for t in texts if addresses_reader(t["publiek"])]
    assert [t for t in addressing if not t.get("publiek_voor_derden")] == []
    assert [t for t in texts if addresses_reader(t.get("publiek_voor_derden"))] == []
