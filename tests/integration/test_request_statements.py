"""What the requests of an officer's cycle ask of the database (issue #12, saturation throughput).

Not timed: each API request of the bench's cycle (list the team's tasks, open a case, claim a task)
is measured by the SQL statements it sends, through the Flask test client, as tests/benchmarks/
bench_http_load.py sends them. BEGIN counts as a statement: every transaction costs a round.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from services import cases, deployments, users
from services.config import Settings
from services.platform import Platform
from tests.sql_statements import statements
from web import create_app

MODEL = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "bench_lus.bpmn"
AUTH = {"Authorization": "Bearer token-officer01"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FlaskClient, Platform]]:
    folder = tmp_path_factory.mktemp("request_statements")
    settings = Settings(instance_dir=folder, database_url=f"sqlite:///{folder / 'app.db'}")
    platform = Platform.create(settings)
    deployments.deploy(platform, deployments.read_files([MODEL]), user="test")
    for name in ("officer01", "officer02"):
        users.add_user(
            platform, name, groups=["Vergunningen"], role="vergunningverlener", token=f"token-{name}"
        )
    for i in range(4):
        cases.start_case(platform, "bench_lus", {"nr": i}, user="officer02", title=f"Zaak {i}")
    app = create_app(settings, platform=platform)
    yield app.test_client(), platform
    platform.close()


def _sent(client: tuple[FlaskClient, Platform], method: str, path: str, body: Any = None) -> list[str]:
    test_client, platform = client
    with statements(platform) as sent:
        response = test_client.open(path, method=method, json=body, headers=AUTH)
    assert response.status_code == 200, response.get_data(as_text=True)
    return sent


def _team(client: tuple[FlaskClient, Platform]) -> list[dict[str, Any]]:
    response = client[0].get("/api/v1/taken?selectie=team&limiet=20", headers=AUTH)
    return list(response.get_json()["taken"])


def test_the_team_list_reads_the_page_rows_in_one_statement(client: tuple[FlaskClient, Platform]) -> None:
    """Caller, count and the page's rows: not the page's ids first and then its rows (6 before)."""
    sent = _sent(client, "GET", "/api/v1/taken?selectie=team&limiet=20")
    assert len(sent) <= 5, sent
    assert not [sql for sql in sent if sql.startswith("SELECT human_task.id FROM")], sent
    assert len(_team(client)) == 4


def test_the_team_list_does_not_read_the_task_data(client: tuple[FlaskClient, Platform]) -> None:
    """The list shows no task data: the wide JSON column is not read for it."""
    sent = _sent(client, "GET", "/api/v1/taken?selectie=team&limiet=20")
    assert [sql for sql in sent if "FROM human_task" in sql], sent
    assert [sql for sql in sent if "human_task.data" in sql] == []


def test_the_case_read_builds_no_orm_objects_for_its_file(client: tuple[FlaskClient, Platform]) -> None:
    """Open tasks, timeline, conflicts and links come as plain rows: the task data is not read."""
    reference = _team(client)[0]["zaak"]
    sent = _sent(client, "GET", f"/api/v1/zaken/{reference}")
    assert len(sent) <= 11, sent
    assert [sql for sql in sent if "FROM human_task" in sql], sent
    assert [sql for sql in sent if "human_task.data" in sql or "case_conflict.details" in sql] == []


def test_the_claim_updates_the_candidates_without_loading_them(client: tuple[FlaskClient, Platform]) -> None:
    """The claim marks the task's candidate rows in one UPDATE; it does not read them first (8 before)."""
    task = _team(client)[0]
    sent = _sent(client, "POST", f"/api/v1/taken/{task['id']}/claim")
    assert len(sent) <= 7, sent
    assert [sql for sql in sent if sql.startswith("SELECT task_candidate")] == []
    assert [sql for sql in sent if sql.startswith("UPDATE task_candidate")], sent
    assert task["id"] not in [t["id"] for t in _team(client)]
    timeline = client[0].get(f"/api/v1/zaken/{task['zaak']}", headers=AUTH).get_json()["tijdlijn"]
    claimed = [e for e in timeline if e["soort"] == "taak-toewijzing"]
    assert [(e["door"], e["tekst"], e["publiek"], e["gegevens"]) for e in claimed] == [
        ("officer01", f"Taak '{task['naam']}' opgepakt door officer01", False, {"taak": task["id"]})
    ]
    assert datetime.fromisoformat(claimed[0]["tijdstip"]).year >= 2024
