"""What one step asks of the configuration files beside the models (issue #12): each once per step.

The rework-loop case of the engine benchmark, with ZGW configured and an initiator e-mail address, so
every step subscriber runs; the files are looked up by their path, counted here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.config import Settings
from services.policy import autorisatie
from tests.benchmarks.engine_harness import REWORK, ServiceCase


@pytest.fixture
def rework_case() -> Iterator[ServiceCase]:
    case = ServiceCase(REWORK, effects=True)
    try:
        for _ in range(3):
            case.act(*REWORK.loop[0])
        yield case
    finally:
        case.close()


def _looked_up(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """The paths of ``name`` (a file of the model folder) looked up from now on."""
    asked: list[str] = []
    lookup = Settings.model_file_name

    def spy(self: Settings, file: str, **kw: Any) -> str:
        if file == name:
            asked.append(file)
        return lookup(self, file, **kw)

    monkeypatch.setattr(Settings, "model_file_name", spy)
    return asked


def test_a_completion_reads_the_authorization_rules_once(
    rework_case: ServiceCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inbox's check, the waits subscriber's holders and its outside groups ask for the rules: the
    step looks the file up once and gives them all the same rules."""
    asked = _looked_up(monkeypatch, autorisatie.RULES_FILE)
    rework_case.act(*REWORK.loop[0])
    assert len(asked) == 1


def _write(path: Path, text: str, stamp: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))  # a distinct modification time, however fast the writes


def test_the_rules_are_held_for_one_step_only(tmp_path: Path) -> None:
    """Within a step the rules stay as the step first read them, also when the file changes meanwhile;
    after it, a changed file decides the next step."""
    settings = Settings(instance_dir=tmp_path / "instance", bpmn_dir=tmp_path)
    shipped = Settings().model_file(autorisatie.RULES_FILE).read_text(encoding="utf-8")
    own = tmp_path / autorisatie.RULES_FILE
    _write(
        own,
        shipped.replace("\n[bevoegd_gezag]\n", '\n[bevoegd_gezag]\nproef = "Proefpartij"\n', 1),
        1_000_000_000,
    )
    with autorisatie.rules_per_step():
        first = autorisatie.rules(settings)
        _write(own, shipped, 2_000_000_000)
        again = autorisatie.rules(settings)
    after = autorisatie.rules(settings)
    assert again is first and "Proefpartij" in first.external_groups
    assert "Proefpartij" not in after.external_groups


def test_a_step_checks_the_zgw_list_only_when_the_file_changed(
    rework_case: ServiceCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ZGW subscriber asks every step which procedures zgw.toml does not register: the file's list
    is checked once per change of the file (its parse is cached so), not in every step."""
    from services import zgw_registered

    checked: list[Any] = []
    check = zgw_registered.check

    def spy(data: dict[str, Any], error: type[Exception]) -> frozenset[str]:
        checked.append(data)
        return check(data, error)

    monkeypatch.setattr(zgw_registered, "check", spy)
    for _ in range(2):
        rework_case.act(*REWORK.loop[0])
    assert checked == []
    assert zgw_registered.unregistered(rework_case.platform.settings) == check(
        zgw_registered.raw_mapping(rework_case.platform.settings), ValueError
    )
