"""A case whose 'Bezwaar of beroep registreren' task is open when the permit model with the Awb 7:10 term
(b8fe530) is taken into use. That commit's message expected the migration to refuse such a case (its new
instructions read a field an older registration lacks); the fixer had not run it. Run here: the
registration is done by today's service code, which writes the field on the old version too, so the case
migrates, its task then reads the 7:10 date and the case finishes."""

from __future__ import annotations

from datetime import UTC, datetime

from services import beheer, deployments
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_zienswijze_postweek import MODEL_2026_12_06B

locatie = ov.locatie


def test_a_case_with_an_open_bezwaar_task_migrates_onto_the_7_10_term(platform, clock, locatie, monkeypatch):
    oud = met_oud_model(platform, clock, locatie, MODEL_2026_12_06B, monkeypatch)
    besloten(oud)
    oud.op(datetime(2026, 4, 20, 8, 0, tzinfo=UTC))
    posted = {"soort": "bezwaar", "ontvangen_op": "2026-04-20", "ter_post_bezorgd_op": "2026-04-13"}
    oud.bericht("bezwaar", posted)
    assert oud.taak("jet", "Bezwaar of beroep registreren")["vervaldatum"] == "2026-06-01"  # the old rule
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")

    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")

    assert result["gemigreerd"] == [oud.ref] and result["geweigerd"] == [], result
    taak = oud.taak("jet", "Bezwaar of beroep registreren")
    assert taak["vervaldatum"] == "2026-05-26"
    assert "Beslis op het bezwaar uiterlijk op dinsdag 26 mei 2026" in taak["instructies"]
    case = oud.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    beslissing = {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-04-20"}
    case = oud.doe("jet", "Beslissen op bezwaar", beslissing)
    assert case["status"] == "afgerond" and not case.get("incident"), case.get("incident")
