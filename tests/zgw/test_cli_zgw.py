"""`ruimteflow zgw catalogus`: exit code 2 with a Dutch message on bad settings or an unreachable API."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from services.zgw import client as client_module
from tests.zgw.contract import offline_config
from tests.zgw.fake_catalogi import FakeCatalogi
from web.cli import main

ENV = {
    "RUIMTEFLOW_ZGW_CLIENT_ID": "ruimteflow",
    "RUIMTEFLOW_ZGW_SECRET": "een-geheim-van-minstens-tweeendertig-tekens",
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("RUIMTEFLOW_ZGW_"):
            monkeypatch.delenv(key)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_without_settings_it_says_what_to_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["zgw", "catalogus"]) == 2
    assert "ZGW is niet ingesteld: zet RUIMTEFLOW_ZGW_URL" in capsys.readouterr().err


def test_half_settings_name_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RUIMTEFLOW_ZGW_URL", "http://127.0.0.1:1")
    assert main(["zgw", "catalogus"]) == 2
    assert "RUIMTEFLOW_ZGW_CLIENT_ID en RUIMTEFLOW_ZGW_SECRET ontbreken" in capsys.readouterr().err


def test_an_unreachable_api_is_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("RUIMTEFLOW_ZGW_URL", f"http://127.0.0.1:{free_port()}")
    assert main(["zgw", "catalogus", "--timeout", "2", "--json"]) == 2
    problem = json.loads(capsys.readouterr().err)
    assert problem["code"] == "zgw-onbereikbaar" and "Catalogi API" in problem["detail"]


def test_a_run_prints_the_report(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    config = offline_config()
    fake = FakeCatalogi(config.root("catalogi"))
    real = client_module.ZgwClient

    def with_fake(cfg: Any, **kw: Any) -> Any:
        return real(cfg, transport=fake, timeout=kw.get("timeout", 10))

    monkeypatch.setattr(client_module, "ZgwClient", with_fake)
    monkeypatch.setenv("RUIMTEFLOW_ZGW_URL", "http://zgw.test")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_CLIENT_ID", config.client_id)
    monkeypatch.setenv("RUIMTEFLOW_ZGW_SECRET", config.secret)
    assert main(["zgw", "catalogus", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["zgw", "catalogus", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["aangemaakt"] > 50 and (second["aangemaakt"], second["bijgewerkt"]) == (0, 0)
