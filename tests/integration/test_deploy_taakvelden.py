"""[taakvelden] in autorisatie.toml is checked when models are deployed.

It names a task by "<process id>.<task id>" and gives its handler case fields beyond [velden]
(services/policy/reads.py). A key with a typo in the process or the task, or a field the case does not
have, was never checked (a test only read the shipped file): the bezwaarjurist silently read nothing.
The deploy now refuses such a configuration, naming the key, as it refuses a model, and the CLI exits
with code 2; the shipped configuration passes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from services import cases, deployments, policy
from services.case_fields import CASE_VIEW_FIELDS
from services.config import SHIPPED_BPMN_DIR
from services.deploy_senders import task_field_problems
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.core_helpers import snapshot
from web.cli import main

KLEIN = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "vergunning_klein.bpmn"
BEZWAAR = "samenvatting.gegevens.bezwaar"


def _folder(tmp_path: Path, key: str, fields: str) -> Path:
    """A model folder whose autorisatie.toml is the shipped one with one more [taakvelden] line."""
    folder = tmp_path / "modellen"
    folder.mkdir()
    text = (SHIPPED_BPMN_DIR / "autorisatie.toml").read_text(encoding="utf-8")
    header = "[taakvelden]\n"
    assert text.count(header) == 1
    (folder / "autorisatie.toml").write_text(
        text.replace(header, f'{header}"{key}" = {fields}\n'), encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    ("key", "fields", "why"),
    [
        ("omgevingsvergunnig.bezwaar_registreren", f'["{BEZWAAR}"]', "proces 'omgevingsvergunnig'"),
        ("omgevingsvergunning.bezwaar_registeren", f'["{BEZWAAR}"]', "geen taak 'bezwaar_registeren'"),
        ("bezwaar_registreren", f'["{BEZWAAR}"]', '"<proces-id>.<taak-id>"'),
        ("vergunning_klein.beoordelen", '["samenvating.gegevens.bezwaar"]', "veld 'samenvating"),
        ("vergunning_klein.beoordelen", '["samenvatting.gegeven.bezwaar"]', "veld 'samenvatting.gegeven"),
    ],
)
def test_a_taakvelden_key_without_its_task_or_field_refuses_the_deploy(
    platform: Platform, tmp_path: Path, key: str, fields: str, why: str
) -> None:
    platform.settings = platform.settings.with_(bpmn_dir=str(_folder(tmp_path, key, fields)))
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as refused:
        deployments.deploy(
            platform, [("vergunning_klein.bpmn", KLEIN.read_text(encoding="utf-8"))], user="bea"
        )
    [problem] = refused.value.extra["problemen"]
    assert problem["element"] == key and problem["bestand"].endswith("autorisatie.toml")
    assert why in problem["probleem"] and "[taakvelden]" in problem["probleem"]
    assert key in refused.value.detail
    assert snapshot(platform) == before


def test_a_task_of_a_model_deployed_from_elsewhere_is_known(platform: Platform, tmp_path: Path) -> None:
    """A key names a task of a model in the upload or already deployed, not only of the shipped files."""
    key = "vergunning_klein.beoordelen"
    platform.settings = platform.settings.with_(bpmn_dir=str(_folder(tmp_path, key, f'["{BEZWAAR}"]')))
    text = KLEIN.read_text(encoding="utf-8")
    assert 'id="beoordelen"' in text
    deployed = deployments.deploy(platform, [("vergunning_klein.bpmn", text)], user="bea")
    assert [d["process_id"] for d in deployed] == ["vergunning_klein"]


def test_the_known_case_fields_are_those_of_the_case_view(platform: Platform) -> None:
    """CASE_VIEW_FIELDS, what a [taakvelden] field is checked against, names what case_dict gives."""
    deployments.deploy(platform, [("vergunning_klein.bpmn", KLEIN.read_text(encoding="utf-8"))], user="bea")
    ref = cases.start_case(platform, "vergunning_klein", {})["zaak"]
    assert set(cases.get_case(platform, ref)) == CASE_VIEW_FIELDS


def test_the_shipped_taakvelden_pass(platform: Platform) -> None:
    rules = policy.rules(platform.settings)
    assert rules.task_fields
    assert task_field_problems(platform.settings, rules, []) == []


def test_the_cli_refuses_the_deploy_with_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "omgevingsvergunnig.bezwaar_registreren"
    folder = _folder(tmp_path, key, f'["{BEZWAAR}"]')
    model = folder / "vergunning_klein.bpmn"
    shutil.copy(KLEIN, model)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.setenv("RUIMTEFLOW_BPMN_DIR", str(folder))
    code = main(["models", "deploy", str(model), "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert key in err and "[taakvelden]" in err
