"""Schemathesis against the published OpenAPI document, in-process (WSGI), for an officer and a beheerder.

Every operation gets a bounded number of generated requests (valid ones and deliberately invalid ones);
each answer must not be a 5xx, must have a documented status and must match the documented schema.
A fresh demo-seeded app per role: write operations change the database.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from services import outbox
from services.clock import FixedClock
from services.platform import Platform
from tests.e2e.conftest import seeded_platform
from tests.e2e.kaart_status_fixtures import demo_layers
from tests.integration.document_helpers import pdf
from web import create_app

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 4, GenerationMode.NEGATIVE: 2}
KNOWN_EXAMPLES = 3
__all__ = ["demo_layers"]  # the module-scoped fixture: generated GIS layers shared by both roles


def demo_app(folder: Path, template: Path, layers: Path) -> tuple[Any, dict[str, Any]]:
    """A fresh demo-seeded app with two started cases; returns it and path values that exist."""
    seeded = seeded_platform(folder, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)), template)
    seeded.close()
    platform = Platform.create(
        seeded.settings.with_(gis_layers_dir=str(layers)),
        FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)),
        migrate=False,
    )
    app = create_app(platform.settings, platform=platform)
    client = app.test_client()
    started = [
        client.post(
            "/api/v1/zaken",
            json={"proces": "vergunning_klein", "titel": title},
            headers={"Authorization": "Bearer demo-anna"},
        )
        for title in ("Dakkapel", "Schuur")
    ]
    assert all(resp.status_code == 201 for resp in started), started[0].text
    first = started[0].get_json()
    doc = client.post(
        f"/api/v1/zaken/{first['zaak']}/documenten",
        data={"bestand": (io.BytesIO(pdf("contract")), "tekening.pdf"), "informatieobjecttype": "bijlage"},
        headers={"Authorization": "Bearer demo-anna"},
        content_type="multipart/form-data",
    )
    assert doc.status_code == 201, doc.text
    with platform.uow() as uow:  # an outbox delivery for the beheer routes
        aflevering = outbox.enqueue(uow.session, "zgw", first["id"], "zaak", {}).id
        uow.commit()
    known = {
        "task_id": first["open_taken"][0]["id"],
        "case_key": first["zaak"],
        "zaak": first["zaak"],
        "conflict_id": 1,
        "proces": "vergunning_klein",
        "process_id": "vergunning_klein",
        "code": first["volgcode"],
        "bericht": "aanvulling",
        "naam": "bevi",
        "document_id": doc.get_json()["id"],
        "aflevering": aflevering,
    }
    return app, known


#: the cases generated for a run (operation, mode, path values) that passed, for the other role to replay
GENERATED: dict[tuple[str, GenerationMode, tuple[tuple[str, Any], ...]], list[Any]] = {}


def fuzz(operation: Any, mode: GenerationMode, send: Callable[[Any], None], path: Any = None) -> None:
    """Generate the run's cases and send each; a run that passes keeps its cases (``GENERATED``), and
    the same run for the other role sends those again instead of generating them anew: derandomized,
    it would generate the same cases (the role is only a header), and generating costs about twice what
    sending does. A run that failed (its cases include Hypothesis's shrinking) is generated again."""
    key = (operation.label, mode, tuple(sorted((path or {}).items())))
    if key in GENERATED:
        for case in GENERATED.pop(key):
            send(case)
        return
    cases: list[Any] = []

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    @settings(
        max_examples=KNOWN_EXAMPLES if path else EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        cases.append(case)
        send(case)

    run()
    GENERATED[key] = cases


@pytest.mark.parametrize("username", ["anna", "bea"])
def test_api_keeps_its_openapi_contract(
    tmp_path: Path, faces_template: Path, demo_layers: Path, username: str
) -> None:
    app, known = demo_app(tmp_path, faces_template, demo_layers)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # the in-process (WSGI) transport does not undo gzip, which the map API sends when asked;
    # compression itself is tested in test_kaart_clusters.py
    headers = {"Authorization": f"Bearer demo-{username}", "Accept-Encoding": "identity"}

    def send(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS, app=app)  # this role's app

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    failures = []
    for operation in operations:
        names = [p.name for p in operation.path_parameters]
        runs: list[tuple[GenerationMode, Any]] = [(mode, None) for mode in EXAMPLES]
        if names:  # also on entities that exist, so the 200 and 409 answers are checked too
            runs.append((GenerationMode.POSITIVE, {n: known[n] for n in names}))
        for mode, path in runs:
            try:
                fuzz(operation, mode, send, path)
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then report
                failures.append(f"{operation.label} [{mode.value}{' bekend' if path else ''}]: {exc}")
    assert not failures, "\n\n".join(failures)
    app.extensions["ruimteflow"].close()
