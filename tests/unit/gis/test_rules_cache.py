"""services.locatiecheck keeps one loaded rules file per path (review code17, item 4): a save of the file
(a new mtime) replaces the entry it loaded before instead of adding one, so a process whose operator
saves the rules file now and then does not keep every version it ever read."""

from __future__ import annotations

import os

import pytest

from services import locatiecheck
from services.config import Settings
from tests.unit.gis.conftest import TINY_RULES


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch):
    monkeypatch.setattr(locatiecheck, "_rules_cache", {})


def test_each_save_of_the_rules_file_replaces_its_cached_rules(tmp_path, tiny_layers):
    path = tmp_path / "regels.toml"
    settings = Settings(instance_dir=tmp_path, gis_rules_file=str(path))
    seen = []
    for i in range(5):
        path.write_text(TINY_RULES.replace("Snijdt een zone.", f"Snijdt een zone ({i})."), encoding="utf-8")
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))  # the operator saves the file again
        ruleset = locatiecheck.rules(settings, tiny_layers)
        assert locatiecheck.rules(settings, tiny_layers) is ruleset  # unchanged file: the cached rules
        seen.append(ruleset.rules[0].beschrijving)
    assert seen == [f"Snijdt een zone ({i})." for i in range(5)]  # every save is read
    assert len(locatiecheck._rules_cache) == 1  # one entry for the one file, not one per save


def test_two_rules_files_keep_an_entry_each(tmp_path, tiny_layers):
    first, second = tmp_path / "een.toml", tmp_path / "twee.toml"
    for path in (first, second):
        path.write_text(TINY_RULES, encoding="utf-8")
    settings = Settings(instance_dir=tmp_path)
    one = locatiecheck.rules(settings, tiny_layers, str(first))
    two = locatiecheck.rules(settings, tiny_layers, str(second))
    assert locatiecheck.rules(settings, tiny_layers, str(first)) is one
    assert locatiecheck.rules(settings, tiny_layers, str(second)) is two
    assert len(locatiecheck._rules_cache) == 2
