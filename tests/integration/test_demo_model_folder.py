"""`ruimteflow demo` on a model folder it cannot build the demo from refuses before it changes anything
(review ops19, 4): with a RUIMTEFLOW_BPMN_DIR holding only autorisatie.toml, `demo --no-cases` wiped the
database, made the accounts and answered exit 0 with "modellen": []; without --no-cases it wiped, made
the accounts and then failed on the missing omgevingsvergunning.bpmn (exit 2), leaving a half-built
database. README "Configuration" (RUIMTEFLOW_BPMN_DIR): demo says so and exits with code 2."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from services.config import SHIPPED_BPMN_DIR
from services.platform import Platform
from tests.integration.core_helpers import setup_klein, snapshot
from web import cli


@pytest.fixture(autouse=True)
def _own_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A demo that does build (the old code) writes its documents and layers in the test's folder."""
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))


def _folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *models: str) -> Path:
    """A model folder with its own autorisatie.toml and the shipped ``models``, named by RUIMTEFLOW_BPMN_DIR."""
    folder = tmp_path / "modellen"
    folder.mkdir()
    shutil.copy(SHIPPED_BPMN_DIR / "autorisatie.toml", folder)
    for name in models:
        shutil.copy(SHIPPED_BPMN_DIR / name, folder)
    monkeypatch.setenv("RUIMTEFLOW_BPMN_DIR", str(folder))
    return folder


def _refused(platform: Platform, capsys: Any, *options: str) -> str:
    """Run demo on ``platform``'s database (models and users, no case): exit 2, the database unchanged."""
    setup_klein(platform)
    before = snapshot(platform)
    assert cli.main(["demo", "--database", platform.settings.database_url, *options]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "er is niets gewijzigd" in err, err
    assert snapshot(platform) == before
    return err


@pytest.mark.parametrize("options", [["--no-cases"], []], ids=["no_cases", "with_cases"])
def test_demo_on_a_folder_without_models_is_refused_and_changes_nothing(
    platform: Platform, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    folder = _folder(tmp_path, monkeypatch)

    err = _refused(platform, capsys, *options)

    assert f"De modelmap '{folder}' bevat geen procesmodel (.bpmn)" in err, err
    assert "RUIMTEFLOW_BPMN_DIR" in err


def test_demo_on_a_folder_with_only_decision_tables_is_refused(
    platform: Platform, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder(tmp_path, monkeypatch, "bevoegd-gezag.dmn")

    assert "bevat geen procesmodel" in _refused(platform, capsys, "--no-cases")


def test_demo_with_cases_on_a_folder_without_their_models_is_refused_and_changes_nothing(
    platform: Platform, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder(tmp_path, monkeypatch, "transportverzoek.bpmn")

    err = _refused(platform, capsys)

    assert "starten de processen omgevingsvergunning, wijkuitvoeringsplan, windpark" in err, err
    assert "transportverzoek" not in err.split("maar")[0]  # in the folder: not named as missing
    assert "--no-cases" in err


def test_demo_reports_its_database_without_the_password(platform: Platform) -> None:
    """`ruimteflow demo` printed DATABASE_URL with its password in its JSON (review ops19, 5); the
    database is named as every other command names it (services.store.db_errors.shown)."""
    from services import demo

    # the URL the platform reports; its engine stays the test's SQLite file
    platform.settings = platform.settings.with_(
        database_url="postgresql+psycopg://ruimteflow:geheim@db.example:5432/ruimteflow"
    )
    built = demo.build(platform, fresh=False, seed=False)

    assert built["database"] == "postgresql+psycopg://ruimteflow:***@db.example:5432/ruimteflow"
    assert "geheim" not in str(built)
