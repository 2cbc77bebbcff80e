"""docker/compose.yaml is the scale-out setup the README points to. No Docker engine runs here, so this
reads the file: tester finding (toegang 2): its init service ran `ruimteflow demo` on every start, which
wipes the database and creates every demo account with password 'demo' and token 'demo-<name>', under a
fixed secret key that hid the login page's demo warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker" / "compose.yaml"


def _services() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"])


def _command(service: dict[str, Any]) -> str:
    command = service.get("command") or []
    return " ".join(command) if isinstance(command, list) else str(command)


def test_no_service_started_by_default_builds_the_demo():
    for name, service in _services().items():
        if "demo" in _command(service).split():
            assert service.get("profiles"), f"{name} runs the demo without being asked for (profiles)"


def test_the_init_service_migrates_and_deploys_the_models_and_keeps_the_data():
    init = _command(_services()["init"])
    assert "models deploy" in init and "demo" not in init.split()


def test_the_secret_key_must_be_given_not_written_in_the_file():
    for name, service in _services().items():
        key = (service.get("environment") or {}).get("RUIMTEFLOW_SECRET_KEY")
        if key is not None:
            assert str(key).startswith("${RUIMTEFLOW_SECRET_KEY:?"), f"{name} has a fixed secret key"


def test_the_public_address_must_be_given_for_the_links_in_mails():
    """The web processes listen on 0.0.0.0 and the workers mail without a request: without
    RUIMTEFLOW_BASE_URL their links would point at 127.0.0.1, where they reach nobody (`ruimteflow serve`
    refuses to start so; gunicorn and the worker are started here directly, so the file must ask for it)."""
    for name in ("web", "worker"):
        url = (_services()[name].get("environment") or {}).get("RUIMTEFLOW_BASE_URL")
        assert str(url).startswith("${RUIMTEFLOW_BASE_URL:?"), f"{name} has no required public address"


def test_the_init_service_deploys_only_into_an_empty_database():
    """Review of this session: `models deploy bpmn/*` at every start deployed the shipped files again over
    a model the beheerder had released from the editor, so new cases ran the old model again."""
    assert "--als-leeg" in _command(_services()["init"]).split()


def test_deploy_if_empty_leaves_a_database_with_models_as_it_is(tmp_path, capsys):
    import json

    from web import cli

    db = f"sqlite:///{tmp_path / 'init.db'}"
    shipped = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "vergunning_klein.bpmn"
    edited = tmp_path / "vergunning_klein.bpmn"  # as released from the editor later
    edited.write_text(
        shipped.read_text(encoding="utf-8").replace("</bpmn:definitions>", "<!-- v2 -->\n</bpmn:definitions>")
    )

    def versions() -> list[int]:
        assert cli.main(["models", "list", "--database", db, "--json"]) == 0
        return sorted(m["versie"] for m in json.loads(capsys.readouterr().out)["modellen"])

    assert cli.main(["models", "deploy", str(shipped), "--als-leeg", "--database", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["gedeployed"][0]["versie"] == 1  # first start: deployed
    assert cli.main(["models", "deploy", str(edited), "--database", db, "--json"]) == 0
    capsys.readouterr()
    assert versions() == [1, 2]
    assert cli.main(["models", "deploy", str(shipped), "--als-leeg", "--database", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["gedeployed"] == []  # a restart: nothing
    assert versions() == [1, 2]
