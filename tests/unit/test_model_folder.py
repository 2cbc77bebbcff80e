"""The model folder is a setting (README review, readme11 findings 1 and 2): Settings.bpmn_dir was never
read from the environment and the readers of autorisatie.toml, fasen.toml, zgw.toml and documenttypen.toml
fell back to <source tree>/bpmn, so a municipality could not bring its own autorisatie.toml, and an
installed copy (the Docker image's `pip install .`) looked for its models in site-packages and every
`ruimteflow models deploy`, `users add` and `demo` exited 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from processes.errors import ValidationError
from services import config
from services.config import Settings
from services.policy import autorisatie as policy_rules
from services.public_phases import public_phases
from web import cli

OWN_RULES = '[partijen]\nextern = ["Waterschap"]\n[berichten]\naanvulling = ["behandelaar"]\n'


def test_ruimteflow_bpmn_dir_names_the_model_folder_the_policy_reads(monkeypatch, tmp_path):
    (tmp_path / "autorisatie.toml").write_text(OWN_RULES, encoding="utf-8")
    monkeypatch.setenv("RUIMTEFLOW_BPMN_DIR", str(tmp_path))
    settings = Settings.from_env()
    assert Path(settings.bpmn_dir) == tmp_path
    assert policy_rules.rules_path(settings) == tmp_path / "autorisatie.toml"
    assert policy_rules.rules(settings).external_groups == {"Waterschap"}


def test_the_other_configuration_files_come_from_the_model_folder_too(monkeypatch, tmp_path):
    shipped = config.SHIPPED_BPMN_DIR
    for name in ("fasen.toml", "zgw.toml", "documenttypen.toml"):
        (tmp_path / name).write_text((shipped / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "fasen.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[eigenproces]\nfase = [{ naam = "Eigen fase", uitleg = "Wij kijken.", intern = ["eigen"] }]\n'
        )
    monkeypatch.setenv("RUIMTEFLOW_BPMN_DIR", str(tmp_path))
    settings = Settings.from_env()
    assert [p.naam for p in public_phases(settings).of("eigenproces")] == ["Eigen fase"]
    assert settings.zgw_mapping_path == tmp_path / "zgw.toml"
    assert settings.documenttypen_path == tmp_path / "documenttypen.toml"


def test_a_file_the_folder_lacks_is_the_shipped_one(tmp_path):
    (tmp_path / "autorisatie.toml").write_text(OWN_RULES, encoding="utf-8")
    settings = Settings(bpmn_dir=tmp_path)
    assert settings.documenttypen_path == config.SHIPPED_BPMN_DIR / "documenttypen.toml"
    assert settings.zgw_mapping_path == config.SHIPPED_BPMN_DIR / "zgw.toml"


def test_a_file_missing_in_both_is_refused_in_dutch(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "SHIPPED_BPMN_DIR", tmp_path / "geen")  # an installed copy: no source tree
    with pytest.raises(ValidationError) as caught:
        policy_rules.rules(Settings(bpmn_dir=tmp_path))
    assert caught.value.code == "modelmap-onvolledig"
    assert "autorisatie.toml ontbreekt in de modelmap" in str(caught.value)
    assert "RUIMTEFLOW_BPMN_DIR" in str(caught.value)
    assert public_phases(Settings(bpmn_dir=tmp_path)).of("omgevingsvergunning") == ()  # optional file


def test_an_installed_copy_takes_bpmn_from_the_working_folder(monkeypatch, tmp_path):
    """As instance/ is: the Docker image runs in /app, which holds bpmn/."""
    monkeypatch.setattr(config, "SHIPPED_BPMN_DIR", tmp_path / "site-packages" / "bpmn")
    monkeypatch.delenv("RUIMTEFLOW_BPMN_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings.from_env().bpmn_dir == tmp_path / "bpmn"


def _not_a_folder(tmp_path: Path) -> Path:
    (tmp_path / "bestand.toml").write_text("", encoding="utf-8")
    return tmp_path / "bestand.toml"


@pytest.mark.parametrize("make", [lambda p: p / "bestaat-niet", _not_a_folder])
def test_a_bad_model_folder_is_refused_at_start(monkeypatch, tmp_path, capsys, make):
    folder = make(tmp_path)
    monkeypatch.setenv("RUIMTEFLOW_BPMN_DIR", str(folder))
    with pytest.raises(ValidationError) as caught:
        Settings.from_env()
    assert caught.value.code == "instelling-ongeldig"
    db = tmp_path / "x.db"
    assert cli.main(["models", "list", "--database", f"sqlite:///{db}"]) == 2
    err = capsys.readouterr().err
    assert f"RUIMTEFLOW_BPMN_DIR: de modelmap '{folder}' bestaat niet of is geen map" in err
    assert not db.exists()


def test_models_test_without_files_runs_the_scenarios_of_the_model_folder(monkeypatch, tmp_path, capsys):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "eigen.yaml").write_text("model: [\n", encoding="utf-8")  # unreadable on purpose
    monkeypatch.setenv("RUIMTEFLOW_BPMN_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no bpmn/ here: the folder is the setting, not the working folder's bpmn/
    assert cli.main(["models", "test"]) == 2
    assert "eigen.yaml" in capsys.readouterr().err
