"""What the history line of a received message keeps (services.berichten): its text, documents, sender and
receipt day, and its other fields once (``gegevens``), so the line is never bigger than the message the caps
let in; and
who reads those texts is who reads the last one in the case data (services.policy.shares_part)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent

from processes import berichtgrenzen
from services import berichten
from services.clock import FixedClock
from services.engine import message_checks
from services.policy import shares_all, shares_part
from services.status.messages import as_received, form_payload

MEDEWERKER = frozenset({"*", "!samenvatting.gegevens.bezwaar", "!samenvatting.ingediende_zienswijzen"})


def test_the_line_keeps_the_form_once_and_nothing_else() -> None:
    payload = {**form_payload("aanvulling", "De tekening.", ["tekening.pdf"]), "ontvangen_op": "2026-03-02"}
    payload |= {"indiener": "de aanvrager (via de statuspagina)", "aanvulling_ontvangen": "2026-03-02"}
    assert berichten.event_data("aanvulling", {**payload, "soort": "x", "bevestigd": True}) == {
        "bericht": "aanvulling",
        "tekst": "De tekening.",
        "documenten": ["tekening.pdf"],
        "indiener": "de aanvrager (via de statuspagina)",
        "ontvangen_op": "2026-03-02",
        "gegevens": {"soort": "x", "bevestigd": True},
    }
    # a posted letter's inhoud, an answer without a text: kept as such, and its other fields
    assert berichten.event_data("zienswijze", {"inhoud": "Bezwaarlijk.", "indiener": "K. Smit"})["tekst"] == (
        "Bezwaarlijk."
    )
    assert berichten.event_data("netbeheerder_antwoord", {"capaciteit": 5}) == {
        "bericht": "netbeheerder_antwoord",
        "tekst": "",
        "gegevens": {"capaciteit": 5},
    }


def test_the_largest_applicants_message_makes_a_line_within_the_message_cap() -> None:
    """The status page's form at its limits (MAX_TEXT characters, MAX_DOCUMENTS names of MAX_DOCUMENT_NAME,
    each a character JSON writes as six bytes): its line is at most MAX_BYTES as JSON, as the message was."""
    text = "€" * berichtgrenzen.MAX_TEXT
    docs = ["é" * berichtgrenzen.MAX_DOCUMENT_NAME] * berichtgrenzen.MAX_DOCUMENTS
    line = berichten.event_data("aanvulling", form_payload("aanvulling", text, docs))
    assert len(json.dumps(line).encode()) <= berichtgrenzen.MAX_BYTES


def test_as_received_adds_what_the_line_keeps_of_the_sender_and_day() -> None:
    platform: Any = SimpleNamespace(clock=FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    given = as_received(platform, "bezwaar", form_payload("bezwaar", "Nee.", []), "de aanvrager (x)")
    line = berichten.event_data("bezwaar", given)
    assert (line["indiener"], line["ontvangen_op"], line["tekst"]) == (
        "de aanvrager (x)",
        "2026-03-02",
        "Nee.",
    )


def test_the_texts_of_a_kind_follow_its_last_text() -> None:
    assert shares_part(None, "samenvatting.gegevens.bezwaar")  # the municipality's own: every field
    assert shares_part(MEDEWERKER, berichten.last_text_field("aanvulling"))
    assert not shares_part(MEDEWERKER, berichten.last_text_field("bezwaar"))
    assert not shares_part(frozenset({"*", "!samenvatting"}), berichten.last_text_field("aanvulling"))
    assert not shares_part(frozenset({"zaak", "tijdlijn"}), berichten.last_text_field("aanvulling"))  # extern
    assert shares_part(frozenset({"samenvatting.gegevens"}), berichten.last_text_field("aanvulling"))
    assert not shares_part(frozenset({"samenvatting.gegevens.alternatieven"}), berichten.last_text_field("x"))


def test_the_line_names_the_variables_its_model_stored_it_in() -> None:
    """Who reads the parts of those variables reads its texts (services.policy): a line names its own, a line
    that names none (written before) names no part, and its timeline line keeps only the message's name."""
    line = berichten.event_data("bezwaar", {"inhoud": "Nee."}, ["gevoegd_bezwaar", "bezwaar"])
    assert line["variabelen"] == ["bezwaar", "gevoegd_bezwaar"]
    assert berichten.timeline_data(line) == {"bericht": "bezwaar"}
    assert berichten.last_text_fields(berichten.received(None, None, line)) == [
        "samenvatting.gegevens.bezwaar",
        "samenvatting.gegevens.gevoegd_bezwaar",
    ]
    assert berichten.last_text_fields(berichten.received(None, None, {"bericht": "x", "tekst": "Ja."})) == []


class _Catch(CatchingEvent):  # type: ignore[misc]
    def __init__(self) -> None:  # a catching element of a model, as message_checks.definitions finds it
        pass


def test_a_model_that_merges_a_message_into_the_data_stores_it_under_no_variable() -> None:
    def caught(*variables: str | None) -> tuple[str, ...]:
        found: Any = [(_Catch(), SimpleNamespace(message_var=v)) for v in variables]
        return message_checks.caught_into([*found, (object(), SimpleNamespace(message_var="verzonden"))])

    assert caught("netbericht", "netbericht") == ("netbericht",)  # a throwing element stores nothing
    assert caught("gevoegd_bezwaar", "bezwaar") == ("bezwaar", "gevoegd_bezwaar")
    assert caught("bezwaar", None) == caught("bezwaar", " ") == caught() == ()
    # a line that names no variable: its texts only for who reads every field
    assert shares_all(None) and shares_all(frozenset({"*"}))
    assert not shares_all(MEDEWERKER) and not shares_all(frozenset({"samenvatting"}))


def test_a_structured_answer_at_the_message_cap_makes_a_line_within_it() -> None:
    """Every field of a message is kept once: a netbeheerder's answer with its largest data (just under
    MAX_BYTES as JSON, the size every way in refuses above) gives a line no larger than that and the few
    names the line adds; its text under a second key (``inhoud`` beside ``tekst``) is not kept twice."""
    filler = "x" * (berichtgrenzen.MAX_STRING - 100)
    payload = {"uitkomst": "wachtlijst", "positie": 3, **{f"notitie_{i}": filler for i in range(4)}}
    payload |= {"inhoud": filler, "tekst": filler}
    berichtgrenzen.check_data(payload)  # it passes the cap
    line = berichten.event_data("netbeheerder_antwoord", payload, ["netbericht"])
    assert line["gegevens"] == {k: v for k, v in payload.items() if k not in ("inhoud", "tekst")}
    size = len(json.dumps(payload, ensure_ascii=False).encode())
    assert len(json.dumps(line, ensure_ascii=False).encode()) <= size + 100
