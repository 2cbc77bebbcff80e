"""A zienswijze posted in time counts if it arrives in the week after the terinzagelegging (review termijn11, F1).

Awb 3:16 lid 3 applies articles 6:9 and 6:10 to written zienswijzen: one posted by the last day of the term
and received within a week after it is on time (and under Awb 6:13 it is what opens beroep). The model went
from the ter-inzage timer straight to 'Besluit nemen'; a zienswijze posted on the last day and received two
days later was refused (409 bericht-niet-verwacht) and the besluit could be taken without it. Now the model
waits for that week (``ter_inzage["per_post_tot"]``) and takes a zienswijze until then: on time when posted
by the last day, else registered and marked "te laat" (kept, not refused).

Dates: the ontwerp lies ter inzage from Wednesday 4 March up to and including Tuesday 14 April 2026; a
zienswijze posted by then may arrive until Tuesday 21 April; the besluit is taken from 22 April on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from processes import vergunning as v
from services import beheer, deployments
from services.clock import FixedClock
from services.platform import Platform
from services.status import messages, view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.besluit_steps import ontwerp_ter_inzage
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import ROOT, Omgeving

z, locatie = ov.z, ov.locatie

#: the permit model before the zienswijze post week (ti_postweek in the ter-inzage subprocess)
MODEL_2026_12_06B = ROOT / "tests" / "fixtures" / "bpmn" / "omgevingsvergunning_2026-12-06b.bpmn"

POSTWEEK_WACHT = (
    "terinzagelegging verstreken op 14 april 2026; een op tijd op de post gedane zienswijze kan nog "
    "binnenkomen tot en met 21 april 2026"
)


def test_a_zienswijze_posted_on_the_last_day_and_received_after_it_is_on_time(z: Omgeving) -> None:
    code = ontwerp_ter_inzage(z)
    assert z.zaak()["samenvatting"]["ter_inzage"]["per_post_tot"] == "2026-04-21"
    case = z.op(datetime(2026, 4, 16, 8, 0, tzinfo=UTC))  # Thursday 16 April
    assert case["fase"] == "ter inzage" and case["open_taken"] == []
    assert case["wacht_op"] == POSTWEEK_WACHT and case["houder"] == "Terinzagelegging"
    status = view.public_status(z.p, code)
    assert status["wacht_op"] == POSTWEEK_WACHT
    assert status["huidige_fase"]["naam"] == "Ontwerpbesluit ter inzage"

    case = z.bericht(
        "zienswijze",
        {
            "indiener": "Buurman",
            "inhoud": "Te hoog.",
            "ontvangen_op": "2026-04-16",
            "ter_post_bezorgd_op": "2026-04-14",
        },
    )
    assert case["samenvatting"]["zienswijzen"] == {"aantal": 1, "laatste": "2026-04-16"}
    case = z.zaak()
    [regel] = [e["tekst"] for e in case["tijdlijn"] if e["publiek"] and "Zienswijze nr. 1" in e["tekst"]]
    assert "tijdig (artikel 3:16 lid 3 met artikel 6:9 lid 2 Awb)" in regel
    assert case["fase"] == "ter inzage" and case["wacht_op"] == POSTWEEK_WACHT

    case = z.op(datetime(2026, 4, 21, 21, 0, tzinfo=UTC))  # 23:00 on 21 April, the week's last day
    assert case["fase"] == "ter inzage" and case["open_taken"] == []
    case = z.op(datetime(2026, 4, 21, 22, 30, tzinfo=UTC))  # 00:30 on 22 April
    assert case["fase"] == "besluit" and ov.namen(case["open_taken"]) == ["Besluit nemen"]
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Zienswijze weerlegd."})
    assert case["samenvatting"]["besluit"]["zienswijzen"] == 1


def test_a_zienswijze_after_the_term_not_posted_in_time_is_kept_and_marked_late(z: Omgeving) -> None:
    code = ontwerp_ter_inzage(z)
    z.op(datetime(2026, 4, 15, 8, 0, tzinfo=UTC))
    # a letter posted the day after the term
    case = z.bericht(
        "zienswijze",
        {
            "indiener": "Later",
            "inhoud": "Te laat.",
            "ontvangen_op": "2026-04-15",
            "ter_post_bezorgd_op": "2026-04-15",
        },
    )
    assert case["samenvatting"]["zienswijzen"] == {"aantal": 1, "laatste": "2026-04-15", "te_laat": 1}
    # from the status page after the term: received today, no postmark, so late as well
    actie = next(a for a in view.public_status(z.p, code)["acties"] if a["bericht"] == "zienswijze")
    assert actie["verwacht"] is True
    messages.send_public_message(z.p, code, "zienswijze", {"tekst": "Ook nog dit."})
    case = z.zaak()
    assert case["samenvatting"]["zienswijzen"]["aantal"] == 2
    assert case["samenvatting"]["zienswijzen"]["te_laat"] == 2
    publiek = [
        e["tekst"] for e in case["tijdlijn"] if e["publiek"] and e["tekst"].startswith("Zienswijze nr.")
    ]
    assert len(publiek) == 2 and all("Te laat" in t and "artikel 6:13 Awb" in t for t in publiek), publiek
    assert case["fase"] == "ter inzage"


def test_a_postmark_after_receipt_is_refused(z: Omgeving) -> None:
    ontwerp_ter_inzage(z)
    z.op(datetime(2026, 4, 16, 8, 0, tzinfo=UTC))
    z.geweigerd(
        "zienswijze-postdatum",
        lambda: z.bericht(
            "zienswijze",
            {"inhoud": "x", "ontvangen_op": "2026-04-15", "ter_post_bezorgd_op": "2026-04-16"},
        ),
    )
    assert "zienswijzen" not in z.zaak()["samenvatting"]


def test_a_case_ter_inzage_under_the_previous_model_migrates_and_waits_for_the_post_week(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Laid down under the previous model and code (its ter_inzage has no per_post_tot), migrated while
    ter inzage: the post week is computed from ``tot`` and a zienswijze posted in time still counts."""
    oud = met_oud_model(platform, clock, locatie, MODEL_2026_12_06B, monkeypatch)
    with monkeypatch.context() as m:
        m.setattr(v, "met_postweek", lambda periode: dict(periode))
        ontwerp_ter_inzage(oud)
    assert "per_post_tot" not in oud.zaak()["samenvatting"]["ter_inzage"]
    oud.later(days=10)
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == [oud.ref], result

    case = oud.op(datetime(2026, 4, 16, 8, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    assert case["wacht_op"] == POSTWEEK_WACHT
    ter_inzage = case["samenvatting"]["ter_inzage"]
    assert ter_inzage["per_post_tot"] == "2026-04-21" and ter_inzage["ontwerp"] == "verlenen"
    case = oud.bericht(
        "zienswijze",
        {"inhoud": "Per post.", "ontvangen_op": "2026-04-16", "ter_post_bezorgd_op": "2026-04-13"},
    )
    assert case["samenvatting"]["zienswijzen"] == {"aantal": 1, "laatste": "2026-04-16"}
    case = oud.op(datetime(2026, 4, 22, 7, 0, tzinfo=UTC))
    assert case["fase"] == "besluit"
