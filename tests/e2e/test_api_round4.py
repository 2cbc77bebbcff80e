"""Findings of the fourth API review, on the real models with the demo users (no seeded history).

An adviser's token set the legal start data of a permit (granted van rechtswege at once); an
initiator's token dated its own aanvulling and ingebrekestelling (ending the suspension, starting the
dwangsom on the day it chose) and sent an aanvulling without the requested documents, which the status
page refuses; answering a message returned the case to a party that may not open it; the document list
of a case answered what GET of the case refuses; the override reason's limit differed from the schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services import demo
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from tests.conftest import copy_sqlite
from tests.e2e.test_api_bad_input import table_counts
from tests.shared_build import built_once
from web import create_app

ACTIVITEIT = {"activiteiten": ["technische_bouwactiviteit"]}


def _settings(folder: Path) -> Settings:
    return Settings(
        instance_dir=folder,
        database_url=f"sqlite:///{folder / 'round4.db'}",
        scheduler_in_web=False,
        secret_key="test-secret-round4",
    )


def _build(folder: Path) -> Path:
    from datetime import UTC, datetime

    platform = Platform.create(_settings(folder), FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    try:
        demo.build(platform, seed=False)
    finally:
        platform.close()
    return folder / "round4.db"


@pytest.fixture(scope="module")
def models_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bpmn/ deployed with the demo users and their tokens (demo-<name>), built once per test run."""
    return built_once(tmp_path_factory, "round4-models", _build)


@pytest.fixture
def client(tmp_path: Path, models_template: Path, clock: FixedClock) -> Iterator[Any]:
    copy_sqlite(models_template, tmp_path / "round4.db")
    platform = Platform.create(_settings(tmp_path), clock, migrate=False)
    app = create_app(platform.settings, platform=platform)
    app.config["TESTING"] = True
    yield app.test_client()
    platform.close()


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{name}"}


def platform_of(client: Any) -> Platform:
    return client.application.extensions["ruimteflow"]  # type: ignore[no-any-return]


def problem(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text[:400]
    assert resp.mimetype == "application/problem+json"
    body: dict[str, Any] = json.loads(resp.text)
    assert body["code"] == code and body["detail"], body
    return body


def start(client: Any, who: str, gegevens: dict[str, Any], proces: str = "omgevingsvergunning") -> Any:
    body = {"proces": proces, "titel": "Aanbouw", "gegevens": gegevens}
    return client.post("/api/v1/zaken", json=body, headers=bearer(who))


def case_of(client: Any, ref: str, who: str = "anna") -> dict[str, Any]:
    resp = client.get(f"/api/v1/zaken/{ref}", headers=bearer(who))
    assert resp.status_code == 200, resp.text[:300]
    return dict(resp.get_json())


# -- an adviser may not set the municipality's start data ----------------------------------------------
def test_an_adviser_cannot_set_the_receipt_day_or_the_legal_regime(client: Any) -> None:
    """rob (adviseur) got 201 and 'vergunning van rechtswege verleend (Wabo)' at once; only a
    behandelaar registers a paper application with its receipt day (README, Autorisatie)."""
    before = table_counts(platform_of(client))
    backdated = {**ACTIVITEIT, "ontvangen": "2023-06-01", "regime": "wabo"}
    for who in ("rob", "nina", "coop"):  # an adviser, an outside party, an initiator
        body = problem(start(client, who, backdated), 403, "startgegeven-niet-toegestaan")
        assert "ontvangen" in body["detail"] and "regime" in body["detail"]
    assert table_counts(platform_of(client)) == before
    plain = start(client, "rob", ACTIVITEIT)  # with the form's fields an adviser may still start one
    assert plain.status_code == 201, plain.text[:300]
    assert plain.get_json()["uiterlijkeEinddatumAfdoening"] == "2026-04-28"
    paper = start(client, "anna", {**ACTIVITEIT, "ontvangen": "2026-02-20"})
    assert paper.status_code == 201 and paper.get_json()["uiterlijkeEinddatumAfdoening"] == "2026-04-17"
