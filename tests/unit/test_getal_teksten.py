"""Every number a user or beheer reads is written by one rule, processes.nederlands.getal: a point between
thousands, a comma before decimals. Eight places wrote their own (``.replace(".", ",")``), without the
thousands point: "meer dan 1200 s rekentijd", "tussen 0,01 en 1000 liggen", "na 3600,5 s", "1000 MW"."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.clock import FixedClock
from services.domain import energie_net, energie_wind
from services.engine import context as step_context
from services.engine.cpu_budget import CpuBudget
from services.engine.sandbox_limits import ScriptLimitExceeded
from services.engine.scripting import RestrictedEnvironment
from services.outbox.deadline import Deadline
from services.status.application_forms import APPLICATION_FORMS, schema_of


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
