"""Every number a user or beheer reads is written by one rule, processes.nederlands.getal: a point between
thousands, a comma before decimals. Eight places wrote their own (``.replace(".", ",")``), without the
thousands point: "meer dan 1200 s rekentijd", "tussen 0,01 en 1000 liggen", "na 3600,5 s", "1000 MW"."""

from __future__ import annotations

import argparse
import random
import re
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from gis.errors import InputTooLarge
from gis.subjects import parse_subjects
from processes import energie, netcongestie, warmte
from processes.errors import RuimteflowError
from processes.nederlands import mb_tekst
from services.clock import FixedClock
from services.domain import demo_historie, energie_net, energie_wind
from services.engine import context as step_context
from services.engine.cpu_budget import CpuBudget
from services.engine.sandbox_limits import ScriptLimitExceeded
from services.engine.scripting import RestrictedEnvironment
from services.outbox.deadline import Deadline
from services.status.application_forms import APPLICATION_FORMS, schema_of
from web import cli_parser


def _step(**extra: Any) -> step_context.StepContext:
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    return step_context.StepContext(clock=clock, case_id=None, case_reference="Z-2026-000001", **extra)


def test_a_scripts_cpu_budget_reads_in_dutch() -> None:
    assert "meer dan 1.500 s rekentijd" in str(CpuBudget(1500, lambda: "Het script").exceeded())
    assert "meer dan 0,25 s rekentijd" in str(CpuBudget(0.25, lambda: "Het script").exceeded())


def test_a_steps_script_budget_reads_in_dutch() -> None:
    env = RestrictedEnvironment({}, {}, cpu_seconds=60)  # the step may use 20 x 60 s
    ctx = _step(script_cpu_started=time.thread_time() - 1201)  # its scripts used 1201 s
    with step_context.step(ctx), pytest.raises(ScriptLimitExceeded) as refused:
        env._budget("Script")
    assert "De stap gebruikte meer dan 1.200 s rekentijd aan scripts" in str(refused.value)


def test_a_delivery_cut_off_at_its_deadline_reads_in_dutch() -> None:
    assert Deadline(timedelta(minutes=30)).reason.endswith("niet binnen 1.440 seconden")
    assert Deadline(timedelta(seconds=1)).reason.endswith("niet binnen 0,8 seconden")


def test_the_bounds_of_an_application_forms_number_read_in_dutch() -> None:
    props = schema_of(APPLICATION_FORMS["windpark"])["properties"]
    messages = props["vermogen_mw"]["x-foutmeldingen"]
    assert messages["maximum"] == "'Vermogen (MW)' moet tussen 0,01 en 1.000 liggen."
    bouwkosten = schema_of(APPLICATION_FORMS["omgevingsvergunning"])["properties"]["bouwkosten"]
    assert bouwkosten["x-foutmeldingen"]["minimum"].endswith("tussen 0 en 10.000.000.000 liggen.")


def test_the_timer_processs_stop_reads_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    from web import server

    supervisor = server.SchedulerSupervisor.__new__(server.SchedulerSupervisor)
    supervisor.restarts = server.Restarts(first=2.5, cap=60.0, healthy=60.0)
    supervisor._started, supervisor._starts, supervisor._in_a_row = time.monotonic() - 3600, 3, 0
    assert supervisor._after_stop(1) == 2.5  # it ran an hour: a healthy run, the first wait
    err = capsys.readouterr().err
    assert re.search(r"Timerproces gestopt met code 1 na 3\.600,\d s; opnieuw gestart over 2,5 s\.", err), err


def test_the_power_in_the_energy_cases_log_reads_in_dutch() -> None:
    """The intake and the transportverzoek wrote their own (``format(mw, "g").replace``): "1000 MW"."""
    park = "POLYGON ((190000 445000, 190500 445000, 190500 445500, 190000 445000))"
    data = {"naam": "Zonnepark", "soort": "zon", "vermogen_mw": 1000, "initiatiefnemer_type": "bedrijf"}
    with step_context.step(_step(geometry_wkt=park, layer_source=lambda _ctx: None)) as ctx:
        energie_wind.windpark_intake({**data, "lokaal_eigendom_pct": 20})
        energie_net.transportverzoek_indienen({"richting": "invoeding", "vermogen_mva": 1000})
    berichten = [e["message"] for e in ctx.events]
    assert (
        berichten[0]
        == "Initiatief 'Zonnepark' ontvangen: 1.000 MW, lokaal eigendom gepland 20% (ambitie 50%)."
    ), berichten
    assert berichten[1].startswith("Transportverzoek (invoeding, 1.000 MVA) naar de netbeheerder;"), berichten


# -- texts that wrote :g / :.0f / :.1f, the English way ("1000 MW", "12.5%", "1.5 MB") ------------------
def _refusal(doe: Any) -> str:
    with pytest.raises(RuimteflowError) as refused:
        doe()
    return str(refused.value.detail)


def test_the_windpark_intakes_refusals_read_in_dutch() -> None:
    """The data file's own help text says "boven 1.000 MW"; the refusal said "(maximaal 1000 MW)"."""
    data = {"naam": "Park", "soort": "wind", "initiatiefnemer_type": "bedrijf", "aantal_turbines": 2}
    te_groot = _refusal(lambda: energie.intake({**data, "vermogen_mw": 1500.5}, []))
    assert te_groot.startswith("Een vermogen van 1.500,5 MW is onwaarschijnlijk voor een park op land "), (
        te_groot
    )
    assert "(maximaal 1.000 MW); controleer de eenheid." in te_groot
    negatief = _refusal(lambda: energie.intake({**data, "vermogen_mw": -2.5}, []))
    assert negatief == "Het vermogen moet groter zijn dan 0 MW, niet -2,5 MW."
    per_turbine = _refusal(lambda: energie.intake({**data, "vermogen_mw": 25.5}, []))
    assert per_turbine == (
        "25,5 MW over 2 turbine(s) is 12,75 MW per turbine; meer dan 10 MW per turbine op land is onwaarschijnlijk."
    )
    eigendom = _refusal(lambda: energie.intake({**data, "vermogen_mw": 4, "lokaal_eigendom_pct": 100.5}, []))
    assert eigendom == "Het aandeel lokaal eigendom moet tussen 0 en 100% liggen, niet 100,5%."


def test_the_participation_register_and_the_transportverzoek_read_in_dutch() -> None:
    register = energie.participatie(None, {"lokaal_eigendom_pct": 12.5}, date(2026, 3, 2))
    assert register["toelichting"].startswith("Lokaal eigendom 12,5% (ambitie 50%): vastgelegd"), register
    verzoek = _refusal(lambda: netcongestie.transportverzoek({"vermogen_mva": 1500}, date(2026, 3, 2)))
    assert verzoek.endswith("realistisch zijn, niet 1.500 MVA."), verzoek


def test_the_planned_local_ownership_in_the_cases_log_reads_in_dutch() -> None:
    park = "POLYGON ((190000 445000, 190500 445000, 190500 445500, 190000 445000))"
    data = {"naam": "Zonnepark", "soort": "zon", "vermogen_mw": 12.5, "initiatiefnemer_type": "bedrijf"}
    with step_context.step(_step(geometry_wkt=park, layer_source=lambda _ctx: None)) as ctx:
        energie_wind.windpark_intake({**data, "lokaal_eigendom_pct": 37.5})
    bericht = ctx.events[0]["message"]
    assert (
        bericht == "Initiatief 'Zonnepark' ontvangen: 12,5 MW, lokaal eigendom gepland 37,5% (ambitie 50%)."
    ), bericht


class _Draws(random.Random):
    """The simulation's dice, fixed: a power of 4.5 MVA, the first direction."""

    def uniform(self, a: float, b: float) -> float:
        return 4.5


def test_a_demo_transportverzoeks_title_reads_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    sim = demo_historie.Simulatie.__new__(demo_historie.Simulatie)
    sim.p, sim.rng = None, _Draws()  # type: ignore[assignment]
    planned: list[Any] = []
    titles: list[str] = []
    monkeypatch.setattr(sim, "plan", lambda _at, doe, zaak="": planned.append(doe))
    monkeypatch.setattr(sim, "gestart", lambda _ref, _plan: None)

    def start_case(*_args: Any, title: str, **_kw: Any) -> dict[str, Any]:
        titles.append(title)
        return {"zaak": "Z-2026-000001"}

    monkeypatch.setattr(demo_historie.cases, "start_case", start_case)
    sim.transportverzoek(datetime(2026, 3, 2, tzinfo=UTC), 0)
    planned[0]()
    assert titles == ["Transportverzoek 4,5 MVA (1)"], titles


def test_an_upload_limit_reads_in_dutch() -> None:
    assert mb_tekst(1500 * 1024 * 1024) == "1.500 MB"
    assert mb_tekst(123_456) == "123.456 bytes"


def test_a_size_over_a_limit_never_reads_as_the_limit_or_below_it() -> None:
    """A refusal read "met dit bestand (2 MB) ... boven 1 MB" for a 1,5 MB file: whole MB, rounded."""
    mb = 1024 * 1024
    assert mb_tekst(3 * mb // 2) == "1,5 MB"
    assert mb_tekst(mb + 1) == "1,1 MB"  # an amount rounds up ...
    assert mb_tekst(mb, grens=True) == "1 MB"
    assert mb_tekst(3 * mb // 2 - 1, grens=True) == "1,4 MB"  # ... a limit down
    assert mb_tekst(10 * mb + 1) == "11 MB" and mb_tekst(11 * mb - 1, grens=True) == "10 MB"


def test_a_too_large_gis_input_reads_in_dutch() -> None:
    with pytest.raises(InputTooLarge) as refused:
        parse_subjects(b" " * 1_572_864, frozenset({"bouwvlak"}), max_bytes=1_048_576)
    assert str(refused.value.detail) == "De invoer is 1,5 MB; de grens is 1 MB."


def test_a_gis_input_just_over_its_limit_never_reads_as_the_limit() -> None:
    """The locatiecheck worded its own sizes, rounded to the nearest tenth: an input a byte over 1 MB read
    "De invoer is 1,0 MB; de grens is 1,0 MB." It now words them as every size refusal does (mb_tekst)."""
    with pytest.raises(InputTooLarge) as refused:
        parse_subjects(b" " * 1_048_577, frozenset({"bouwvlak"}), max_bytes=1_048_576)
    assert str(refused.value.detail) == "De invoer is 1,1 MB; de grens is 1 MB."
    with pytest.raises(InputTooLarge) as refused:
        parse_subjects(b" " * 600_001, frozenset({"bouwvlak"}), max_bytes=600_000)
    assert str(refused.value.detail) == "De invoer is 600.001 bytes; de grens is 600.000 bytes."


def test_the_heat_networks_distance_reads_in_dutch() -> None:
    assert (
        warmte.warmtenet_potentie(30, 1.0, 1500.0)["reden"] == "30 woningen per hectare; warmtenet op 1.500 m"
    )


def test_the_clis_timeout_bound_reads_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_parser, "MAX_TIMEOUT", 1500.5)  # the real bound, 600, reads the same both ways
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        cli_parser.seconds("2000")
    assert str(refused.value) == "ongeldig aantal seconden '2000' (groter dan 0, ten hoogste 1.500,5)"
