"""Whether the Algemene termijnenwet applies to the uitgebreide procedure's 6-month term is disputed
(DOMAIN.md: "make it configurable"); it was only `atw_op_uitgebreid` in the packaged
processes/data/termijnen.toml (review20, 8). RUIMTEFLOW_ATW_OP_UITGEBREID now chooses it per installation:
a yes/no setting like the others, refused by name at start when it is neither. A term records the choice
it started with, so a later change of the setting does not move a running case's date.

Received Sunday 22 February 2026: six months later is Saturday 22 August 2026; with the Atw the term runs
on to Monday 24 August."""

from __future__ import annotations

import json
from datetime import date

import pytest

from processes.errors import ValidationError
from processes.termijnen import staat
from services.config import Settings
from web import cli

ONTVANGEN = date(2026, 2, 22)
VANDAAG = date(2026, 3, 2)
MET_ATW, ZONDER_ATW = "2026-08-24", "2026-08-22"


@pytest.mark.parametrize(
    ("value", "read"), [("nee", False), ("0", False), ("Ja", True), ("true", True), ("  ", None)]
)
def test_the_setting_is_read_as_a_yes_or_no(monkeypatch, value, read):
    monkeypatch.setenv("RUIMTEFLOW_ATW_OP_UITGEBREID", value)
    assert Settings.from_env().atw_op_uitgebreid is read


def test_not_set_it_is_the_packaged_default(monkeypatch):
    monkeypatch.delenv("RUIMTEFLOW_ATW_OP_UITGEBREID", raising=False)
    assert Settings.from_env().atw_op_uitgebreid is None
    assert staat.start_termijn(ONTVANGEN, "uitgebreid", VANDAAG)["uiterste_beslisdatum"] == MET_ATW


def test_a_bad_value_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("RUIMTEFLOW_ATW_OP_UITGEBREID", "misschien")
    with pytest.raises(ValidationError) as caught:
        Settings.from_env()
    assert caught.value.code == "instelling-ongeldig"
    assert "RUIMTEFLOW_ATW_OP_UITGEBREID moet 1 of 0 zijn" in caught.value.detail


def test_the_term_keeps_the_choice_it_started_with():
    s = staat.start_termijn(ONTVANGEN, "uitgebreid", VANDAAG, atw_op_uitgebreid=False)
    assert s["uiterste_beslisdatum"] == ZONDER_ATW
    assert any("niet toegepast" in stap for stap in s["uitleg"]["stappen"])
    # recomputed by a later step (an aanvullingsverzoek and its aanvulling on the same day: nothing stands
    # still), without being told the setting again
    s = staat.start_opschorting(s, 14, VANDAAG)
    s = staat.einde_opschorting(s, VANDAAG, VANDAAG)
    assert s["uiterste_beslisdatum"] == ZONDER_ATW


def test_a_term_stored_before_the_setting_keeps_the_atw():
    s = staat.start_termijn(ONTVANGEN, "uitgebreid", VANDAAG, atw_op_uitgebreid=False)
    del s["atw_op_uitgebreid"]  # as stored before the setting existed
    assert staat.bereken(s, VANDAAG)["uiterste_beslisdatum"] == MET_ATW


def test_the_regular_term_always_follows_the_atw():
    s = staat.start_termijn(date(2026, 3, 7), "regulier", date(2026, 3, 9), atw_op_uitgebreid=False)
    assert s["uiterste_beslisdatum"] == "2026-05-04"  # 2 May is a Saturday
    assert "atw_op_uitgebreid" not in s


def test_the_term_calculator_follows_the_setting(monkeypatch, capsys):
    monkeypatch.setenv("RUIMTEFLOW_ATW_OP_UITGEBREID", "nee")
    argv = ["termijn", "--ontvangen", ONTVANGEN.isoformat(), "--procedure", "uitgebreid", "--json"]
    assert cli.main([*argv, "--vandaag", VANDAAG.isoformat()]) == 0
    assert json.loads(capsys.readouterr().out)["uiterste_beslisdatum"] == ZONDER_ATW
