"""The limits of start and task data on the API (processes/berichtgrenzen.py: STARTGEGEVENS, TAAKGEGEVENS).

A message's data was capped (64 kB, 100 entries, ...), but a new case's start data and a task's data went
into the process state as large as the app's 20 MB body cap allowed, with only the control-character
check: a task without a form schema, a field the schema does not name, or one without maxLength.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from processes import berichtgrenzen
from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_api_round4 import ACTIVITEIT, bearer, platform_of, problem, start

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app


@pytest.fixture
def client(editor_app: Flask) -> Any:
    """bpmn/ deployed with the demo users and their tokens (demo-<name>)."""
    return editor_app.test_client()


def test_start_data_over_its_caps_is_refused_before_a_case_exists(client: Any) -> None:
    before = table_counts(platform_of(client))
    listed = start(
        client, "anna", {**ACTIVITEIT, "adressen": ["Dorpsstraat 1"] * (berichtgrenzen.MAX_DATA_ITEMS + 1)}
    )
    assert problem(listed, 400, berichtgrenzen.TOO_LARGE)["veld"] == "adressen"
    texts = {**ACTIVITEIT, **{f"toelichting_{i}": "x" * 9000 for i in range(30)}}
    body = problem(start(client, "anna", texts), 400, berichtgrenzen.TOO_LARGE)
    assert body["veld"] == "gegevens" and "startgegevens" in body["detail"]
    assert table_counts(platform_of(client)) == before


def test_task_data_over_its_caps_is_refused_before_the_case_is_loaded(client: Any) -> None:
    resp = start(client, "coop", ACTIVITEIT)
    assert resp.status_code == 201, resp.text[:300]
    tasks = client.get("/api/v1/taken", headers=bearer("anna")).get_json()["taken"]
    task = next(t for t in tasks if t["zaak"] == resp.get_json()["zaak"])
    before = table_counts(platform_of(client))
    form = {"compleet": False, "ontbrekend": "tekening", "aanvullingstermijn_dagen": 28}
    extra = {**form, "notitie": "x" * (berichtgrenzen.MAX_STRING + 1)}  # a field the form does not bound
    done = client.post(
        f"/api/v1/taken/{task['id']}/voltooien", json={"gegevens": extra}, headers=bearer("anna")
    )
    body = problem(done, 400, berichtgrenzen.TOO_LARGE)
    assert body["veld"] == "notitie" and "taak" in body["detail"]
    assert table_counts(platform_of(client)) == before
