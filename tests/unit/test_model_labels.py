"""Expected messages in words for the officers' case file (issue #16 item 5)."""

from __future__ import annotations

from services.model_labels import message_name


def test_message_names_made_readable():
    assert message_name("ingebrekestelling") == "Ingebrekestelling"
    assert message_name("netbeheerder_antwoord") == "Netbeheerder antwoord"
