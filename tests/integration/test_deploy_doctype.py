"""A model file that declares a DOCTYPE (a DTD, entities) is refused wherever a model comes in: the deploy
(API and command line), the model editor's save (tests/e2e/test_modeleditor_drafts.py) and the Camunda
conversion; and SpiffWorkflow gets the tree of the one safe parse (services.xml_safe), not its own.

Before: the deploy's checks read the file with ``parse_model_xml`` (entities unexpanded), then handed the
text to SpiffWorkflow's ``add_bpmn_str``, which parses with lxml's default parser: an internal entity was
expanded there (a task named "&naam;" was deployed as "Geheime taak"), an external one was refused only
because lxml 5 stopped loading them (with lxml's English "Entity 'x' not defined"), and a billion laughs
was refused as "Geen geldige XML: Maximum entity amplification factor exceeded"."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from services import deployments
from services.engine import deploy as dep
from services.platform import Platform
from tests.conftest import FIXTURES
from tests.e2e.test_api_bad_input import auth, table_counts
from web import cli

MODEL = (FIXTURES / "bpmn" / "vergunning_klein.bpmn").read_text(encoding="utf-8")
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SECRET = "GEHEIM-UIT-EEN-BESTAND"
INSTRUCTIONS = "compleet is.</spiffworkflow:instructionsForEndUser>"
_LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))


def _with_doctype(entities: str, old: str, new: str) -> str:
    """The small permit model with a DOCTYPE declaring ``entities`` (on line 2) and ``old`` made ``new``."""
    assert MODEL.startswith(HEAD) and old in MODEL
    return MODEL.replace(HEAD, f"{HEAD}<!DOCTYPE bpmn:definitions [{entities}]>\n", 1).replace(old, new, 1)


def _models(secret_file: Path) -> dict[str, str]:
    return {
        "interne entiteit in een naam": _with_doctype(
            '<!ENTITY naam "Geheime taak">', 'name="Aanvraag beoordelen"', 'name="&naam;"'
        ),
        "externe entiteit naar een bestand": _with_doctype(
            f'<!ENTITY geheim SYSTEM "{secret_file.as_uri()}">',
            INSTRUCTIONS,
            f"compleet is. &geheim;{INSTRUCTIONS[12:]}",
        ),
        "billion laughs": _with_doctype(
            f'<!ENTITY l0 "ha">{_LAUGHS}', INSTRUCTIONS, f"compleet is. &l8;{INSTRUCTIONS[12:]}"
        ),
    }


KINDS = ["interne entiteit in een naam", "externe entiteit naar een bestand", "billion laughs"]


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostname"
    path.write_text(SECRET, encoding="utf-8")
    return path


def _says_doctype(text: str) -> None:
    assert "DOCTYPE" in text and "niet toegestaan" in text, text
    assert "regel 2" in text, text
    assert SECRET not in text and "Geheime taak" not in text and "hahaha" not in text, text


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_refuses_a_model_with_a_doctype_and_changes_nothing(
    platform: Platform, secret_file: Path, kind: str
):
    from services import users
    from web import create_app

    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    client = create_app(platform.settings, platform=platform).test_client()
    first = client.post(
        "/api/v1/modellen",
        data={"bestand": (io.BytesIO(MODEL.encode()), "vergunning_klein.bpmn")},
        headers=auth("t-bea"),
        content_type="multipart/form-data",
    )
    assert first.status_code == 201, first.text
    before, versions = table_counts(platform), deployments.list_definitions(platform)

    text = _models(secret_file)[kind]
    resp = client.post(
        "/api/v1/modellen",
        data={"bestand": (io.BytesIO(text.encode()), "vergunning_klein.bpmn")},
        headers=auth("t-bea"),
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json", resp.text
    body = resp.json
    assert body["code"] == "model-geweigerd", body
    _says_doctype(body["detail"])
    [problem] = body["problemen"]
    assert (problem["bestand"], problem["regel"]) == ("vergunning_klein.bpmn", 2), problem
    assert table_counts(platform) == before
    assert deployments.list_definitions(platform) == versions


@pytest.mark.parametrize("kind", KINDS)
def test_the_cli_refuses_a_model_with_a_doctype_with_exit_code_2(
    capsys: Any, tmp_path: Path, secret_file: Path, kind: str
):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    clean = tmp_path / "vergunning_klein.bpmn"
    clean.write_text(MODEL, encoding="utf-8")
    assert cli.main(["models", "deploy", str(clean), "--database", url, "--json"]) == 0
    capsys.readouterr()
    assert cli.main(["models", "list", "--database", url, "--json"]) == 0
    listed = capsys.readouterr().out

    model = tmp_path / "met_doctype" / "vergunning_klein.bpmn"
    model.parent.mkdir()
    model.write_text(_models(secret_file)[kind], encoding="utf-8")
    code = cli.main(["models", "deploy", str(model), "--database", url])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert "vergunning_klein.bpmn" in err, err
    _says_doctype(err)
    assert cli.main(["models", "list", "--database", url, "--json"]) == 0
    assert capsys.readouterr().out == listed  # no new version


def test_the_camunda_conversion_refuses_a_model_with_a_doctype(
    capsys: Any, tmp_path: Path, secret_file: Path
):
    model = tmp_path / "met_doctype.bpmn"
    model.write_text(_models(secret_file)["externe entiteit naar een bestand"], encoding="utf-8")
    code = cli.main(["models", "convert", str(model), "--out", str(tmp_path / "uit")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert "met_doctype.bpmn" in err, err
    _says_doctype(err)
    assert not (tmp_path / "uit").exists()


def test_spiffworkflow_gets_the_tree_of_the_one_safe_parse(secret_file: Path):
    """A file with an entity that reaches the parser without the deploy's checks (a version stored before
    they refused it, whose specs are rebuilt): SpiffWorkflow sees what the checks saw, the entity unexpanded."""
    text = _with_doctype(
        '<!ENTITY tekst "Geheime tekst">', INSTRUCTIONS, f"compleet is. &tekst;{INSTRUCTIONS[12:]}"
    )
    source = dep.ModelSource(filename="vergunning_klein.bpmn", text=text, process_ids=["vergunning_klein"])
    spec, _ = dep.build_specs(dep.build_parser([source]), "vergunning_klein")
    shown = spec.task_specs["beoordelen"].extensions["instructionsForEndUser"]
    assert shown.startswith("Controleer of de aanvraag {zaak} compleet is.")
    assert "Geheime tekst" not in shown
