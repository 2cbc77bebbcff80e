"""A database error met inside a step (a service task's query, a lost connection, a lost race) is the
database's, not the model's: it reaches the caller as the database error it is (a 503 or a 409 on the web:
tests/e2e/test_database_lost.py), never as 'Fout in het proces' with the SQL in its text, and the step
leaves nothing behind (outside tester, sixth pass: a dropped connection answered 422 'procesfout' quoting
the statement)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg.errors
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError

from processes.errors import RuimteflowError
from services import cases, deployments
from services.engine.context import current
from services.engine.runtime import ProcessError
from tests.integration.core_helpers import snapshot
from tests.integration.test_engine_core import script_model

SPIFF = 'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'

LOST = OperationalError(
    "SELECT naam, tabel FROM gis_lagen WHERE prefix = %(prefix)s",
    {"prefix": "demo"},
    Exception("server closed the connection unexpectedly"),
    connection_invalidated=True,
)
RACE = IntegrityError(
    "INSERT INTO wijkplannen (wijk) VALUES (%(wijk)s)",
    {"wijk": "WK1"},
    psycopg.errors.UniqueViolation("dubbel"),
)
#: an error that says something of what was asked: repeating the step gives it again
BAD_VALUE = DataError(
    "SELECT CAST(%(v)s AS INTEGER)",
    {"v": "x"},
    psycopg.errors.InvalidTextRepresentation("invalid input syntax"),
)


def _service_model(service: str, pid: str) -> str:
    model = (
        script_model("x = 1", pid=pid)
        .replace(
            '<bpmn:scriptTask id="sc" name="Script">',
            f'<bpmn:serviceTask id="sv" name="Dienst"><bpmn:extensionElements><spiffworkflow:serviceTaskOperator '
            f'{SPIFF} id="{service}"/></bpmn:extensionElements>',
        )
        .replace("<bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>", "</bpmn:serviceTask>")
    )
    return model.replace('targetRef="sc"', 'targetRef="sv"').replace('sourceRef="sc"', 'sourceRef="sv"')


def _deployed(platform: Any, tmp_path: Path, fn: Any) -> str:
    platform.registry.service("db_dienst", fn, "een dienst die de database leest")
    path = tmp_path / "dbdienst.bpmn"
    path.write_text(_service_model("db_dienst", "dbdienst"))
    deployments.deploy(platform, deployments.read_files([path]))
    return "dbdienst"


def _raising(error: Exception) -> Any:
    def fn(_data: dict[str, Any], **_params: Any) -> dict[str, Any]:
        raise error

    return fn


@pytest.mark.parametrize("error", [LOST, RACE], ids=["lost-connection", "lost-race"])
def test_a_database_error_in_a_service_task_is_raised_as_itself(any_platform, tmp_path, error):
    process = _deployed(any_platform, tmp_path, _raising(error))
    before = snapshot(any_platform)
    with pytest.raises(DBAPIError) as raised:
        cases.start_case(any_platform, process, {}, user="anna")
    assert raised.value is error and not isinstance(raised.value, RuimteflowError)
    assert snapshot(any_platform) == before


def test_any_other_database_error_in_a_service_task_stays_the_models_process_error(any_platform, tmp_path):
    """Not every database error is passed on: one that repeats whenever the step runs (a bad value the
    model gave a service) is the incident it always was, for beheer to see, not a retry without end."""
    process = _deployed(any_platform, tmp_path, _raising(BAD_VALUE))
    before = snapshot(any_platform)
    with pytest.raises(ProcessError) as raised:
        cases.start_case(any_platform, process, {}, user="anna")
    assert "DataError" in raised.value.detail and raised.value.__cause__ is BAD_VALUE
    assert snapshot(any_platform) == before


def test_a_connection_killed_during_a_step_is_a_lost_connection_not_a_process_error(pg_platform, tmp_path):
    """The tester's own case, on a real server: the step's connection is ended by the server
    (pg_terminate_backend, as a restart or a failover does) while a service task runs."""
    killer = create_engine(pg_platform.settings.database_url)

    def kill_the_steps_connection(_data: dict[str, Any], **_params: Any) -> dict[str, Any]:
        with killer.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        step = current()  # then it reads on the step's own connection, as the locatiecheck's layers do
        step.reads.final_besluit(step.case_id)
        return {"gelezen": True}

    process = _deployed(pg_platform, tmp_path, kill_the_steps_connection)
    before = snapshot(pg_platform)
    try:
        with pytest.raises(DBAPIError) as raised:
            cases.start_case(pg_platform, process, {}, user="anna")
    finally:
        killer.dispose()
    assert raised.value.connection_invalidated
    assert snapshot(pg_platform) == before  # nothing stored, and the pool serves again after the loss
