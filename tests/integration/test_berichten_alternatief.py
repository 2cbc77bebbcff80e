"""The netbeheerder's answer with a grid alternative shows the alternative in words in the case file's
"Ontvangen berichten" (smalls4, 1): it showed its code ("Netalternatief non_firm_tijdsblok"), not the
description the answer's choices define (processes/data/netcongestie.toml [alternatieven]), which the
model's own text already used."""

from __future__ import annotations

from typing import Any

from services import cases
from tests.integration.test_berichten_gegevens import NAAM, _page, net

__all__ = ["net"]  # the fixture: a windpark the netbeheerder (nina) put on its waiting list

ALTERNATIEF = {"uitkomst": "alternatief", "alternatief": "non_firm_tijdsblok"}


def _received_section(page: str) -> str:
    return page.split("Ontvangen berichten", 1)[1].split("Tijdlijn", 1)[0]


def test_the_alternative_reads_as_its_description(net: tuple[Any, str]) -> None:
    p, ref = net
    cases.send_message(p, ref, NAAM, ALTERNATIEF, actor="nina")
    shown = _received_section(_page(p, ref))
    assert "Netalternatief non-firm transportrecht (tijdsblokgebonden)" in shown, shown
    assert "non_firm_tijdsblok" not in shown
    assert "Positie op de wachtlijst 9" in shown  # the other answers' fields as before
