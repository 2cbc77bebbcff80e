"""`ruimteflow demo` on a model folder it cannot build the demo from refuses before it changes anything
(review ops19, 4): with a RUIMTEFLOW_BPMN_DIR holding only autorisatie.toml, `demo --no-cases` wiped the
database, made the accounts and answered exit 0 with "modellen": []; without --no-cases it wiped, made
the accounts and then failed on the missing omgevingsvergunning.bpmn (exit 2), leaving a half-built
database. README "Configuration" (RUIMTEFLOW_BPMN_DIR): demo says so and exits with code 2."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services import cases
from services.config import SHIPPED_BPMN_DIR
from services.demo import model_files
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
    return _unchanged(platform, capsys, *options)


def _unchanged(platform: Platform, capsys: Any, *options: str) -> str:
    """Run demo on ``platform``'s database: exit 2 with the Dutch refusal, the database unchanged."""
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


def _shipped_but(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None]) -> Path:
    """A model folder with every shipped model, each of which parses, changed by ``change``."""
    folder = _folder(tmp_path, monkeypatch, *(f.name for f in model_files(SHIPPED_BPMN_DIR)))
    change(folder)
    return folder


def _refused_over_a_case(platform: Platform, capsys: Any, *options: str) -> str:
    """Run demo --overschrijven on ``platform``'s database holding a case: exit 2, the case and every other
    row still there (the old code wiped the database and then failed in the deploy)."""
    setup_klein(platform)
    zaak = cases.start_case(platform, "vergunning_klein", {}, user="anna")["zaak"]

    err = _unchanged(platform, capsys, "--overschrijven", *options)

    assert cases.get_case(platform, zaak)["proces"] == "vergunning_klein"
    return err


def _call_another_process(folder: Path) -> None:
    windpark = folder / "windpark.bpmn"
    text = windpark.read_text(encoding="utf-8")
    assert 'calledElement="transportverzoek"' in text
    windpark.write_text(text.replace('calledElement="transportverzoek"', 'calledElement="transportaanvraag"'))


@pytest.mark.parametrize("options", [["--no-cases"], []], ids=["no_cases", "with_cases"])
def test_demo_on_a_folder_calling_a_process_no_file_defines_is_refused_and_keeps_the_database(
    platform: Platform, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    folder = _shipped_but(tmp_path, monkeypatch, _call_another_process)

    err = _refused_over_a_case(platform, capsys, *options)

    assert f"`ruimteflow demo` kan de modellen van de modelmap '{folder}' niet deployen" in err, err
    assert "windpark.bpmn: Het aangeroepen proces 'transportaanvraag' (calledElement) bestaat niet" in err
    assert "moet er dus ook in staan" in err


def test_demo_on_a_folder_without_a_decision_table_a_model_calls_is_refused_and_keeps_the_database(
    platform: Platform, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _shipped_but(tmp_path, monkeypatch, lambda folder: (folder / "bevoegd-gezag.dmn").unlink())

    err = _refused_over_a_case(platform, capsys)

    assert "windpark.bpmn, element 'bevoegd_gezag_bepalen'" in err, err
    assert "De beslissing 'bevoegd_gezag' (calledDecisionId) bestaat niet" in err


def test_demo_on_a_folder_defining_a_process_twice_is_refused_and_keeps_the_database(
    platform: Platform, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def copy(folder: Path) -> None:
        shutil.copy(folder / "transportverzoek.bpmn", folder / "transportverzoek-kopie.bpmn")

    _shipped_but(tmp_path, monkeypatch, copy)

    err = _refused_over_a_case(platform, capsys)

    assert "transportverzoek.bpmn, element 'transportverzoek'" in err, err
    assert "Het proces-id 'transportverzoek' komt twee keer voor" in err
    assert "in transportverzoek-kopie.bpmn en transportverzoek.bpmn" in err


def test_demo_on_a_folder_defining_a_decision_twice_is_refused_and_keeps_the_database(
    platform: Platform, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old code deployed both tables of 'bevoegd_gezag' and its windpark cases ran the last one."""

    def copy(folder: Path) -> None:
        text = (folder / "bevoegd-gezag.dmn").read_text(encoding="utf-8")
        assert text.count('<decision id="bevoegd_gezag"') == 1
        (folder / "bevoegd-gezag-kopie.dmn").write_text(
            text.replace('"Rijk"', '"provincie"'), encoding="utf-8"
        )

    _shipped_but(tmp_path, monkeypatch, copy)

    err = _refused_over_a_case(platform, capsys)

    assert "bevoegd-gezag.dmn, element 'bevoegd_gezag'" in err, err
    assert (
        "De beslissing 'bevoegd_gezag' (decision id) komt twee keer voor, in bevoegd-gezag-kopie.dmn en "
        "bevoegd-gezag.dmn" in err
    )
    assert "elke beslissing in maar één bestand" in err


def test_demo_parses_each_model_file_once_and_deploys_what_it_checked(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The up-front check (check_sources, then the deploy's checks, which parse the files with
    SpiffWorkflow) is what the deploy into the wiped database stores: no file is inspected or parsed a
    second time (the old code inspected every file again in the deploy)."""
    from services import demo
    from services.engine import deploy as dep

    calls: list[str] = []

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return call

    check_sources = counted("check_sources", dep.check_sources)
    for module in (dep, demo):
        monkeypatch.setattr(module, "check_sources", check_sources)
    monkeypatch.setattr(dep, "build_parser", counted("build_parser", dep.build_parser))

    built = demo.build(platform, seed=False)

    assert calls == ["check_sources", "build_parser"]
    assert {m["process_id"] for m in built["modellen"]} == {
        "omgevingsvergunning",
        "transportverzoek",
        "wijkuitvoeringsplan",
        "windpark",
    }


def _leftovers(db: Path) -> list[str]:
    """The database file at ``db`` and SQLite's files beside it, those that exist."""
    return sorted(p.name for p in db.parent.glob(f"{db.name}*"))


def test_a_refused_demo_leaves_no_new_database_behind(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused demo created and migrated its new SQLite file first (outside review, demo 1): the next
    `make run` found the file, skipped the demo and served a database without users."""
    _folder(tmp_path, monkeypatch)  # only autorisatie.toml
    db = tmp_path / "nieuw" / "x.db"

    assert cli.main(["demo", "--database", f"sqlite:///{db}"]) == 2

    assert "er is niets gewijzigd" in capsys.readouterr().err
    assert _leftovers(db) == []


def test_a_demo_that_fails_while_building_leaves_no_new_database_behind(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also a failure after the checks (here: the demo's contacts refused) leaves no half-built file."""
    from processes.errors import ValidationError

    def refused(*_args: Any) -> None:
        raise ValidationError("Contact geweigerd.", code="test")

    monkeypatch.setattr("services.users.set_contact", refused)
    db = tmp_path / "y.db"

    assert cli.main(["demo", "--no-cases", "--database", f"sqlite:///{db}"]) == 2

    assert "Contact geweigerd." in capsys.readouterr().err
    assert _leftovers(db) == []


@pytest.mark.parametrize("existing", ["", "bestaand", "bestaand/leeg"], ids=["none", "kept", "empty_kept"])
def test_a_refused_demo_removes_the_folders_it_made_for_its_database_and_no_other(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: str
) -> None:
    """The demo made the missing folders of a new SQLite file and left them when it was refused: only
    those go again, innermost first; a folder that was there (also an empty one) stays, with its files."""
    _folder(tmp_path, monkeypatch)  # only autorisatie.toml
    base = tmp_path / "data"
    base.mkdir()
    (base / "notitie.txt").write_text("van de beheerder", encoding="utf-8")
    if existing:
        (base / existing).mkdir(parents=True)
    db = base / existing / "nieuw" / "diep" / "x.db"

    assert cli.main(["demo", "--database", f"sqlite:///{db}"]) == 2

    assert "er is niets gewijzigd" in capsys.readouterr().err
    assert not (base / existing / "nieuw").exists()
    assert (base / existing).is_dir()
    assert (base / "notitie.txt").read_text(encoding="utf-8") == "van de beheerder"
