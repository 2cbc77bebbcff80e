"""A broken layer folder or rules file is the municipality's configuration, not the caller's input: its
LayerError or RuleError is a processes.errors ConfigurationError (500), never a ValidationError, so no
``except ValidationError`` of a form or a use case takes it for a refusal of what was typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gis import errors
from gis.api import load_rules
from gis.layers import load_layers
from processes.errors import ConfigurationError, ValidationError
from tests.config_errors import rules_file


def _raised_by(load: Callable[[], object]) -> ConfigurationError:
    try:
        load()
    except ValidationError as exc:  # as a form or a use case catches a refusal of its input
        pytest.fail(f"a broken configuration was taken for a refusal of input: {exc!r}")
    except ConfigurationError as exc:
        return exc
    pytest.fail("nothing was raised")


def test_a_missing_layer_folder_and_a_broken_rules_file_are_ours_not_a_refusal(tmp_path: Path) -> None:
    """They were ValidationErrors with status 500: every place that caught a ValidationError had to ask
    whether it was really the caller's (web.errors.refuses_input, now gone)."""
    rules = rules_file(tmp_path, '[soorten]\nbouwwerk = "B"\n\n[[rule]]\nid = "zonder-sleutels"\n')
    layer = _raised_by(lambda: load_layers(tmp_path / "weg"))
    rule = _raised_by(lambda: load_rules(rules, {}))
    assert (type(layer), layer.code, layer.title, layer.status) == (
        errors.LayerError,
        errors.LAYER_NOT_FOUND,
        "Ongeldige kaartlaag",
        500,
    )
    assert (type(rule), rule.code, rule.title, rule.status) == (
        errors.RuleError,
        errors.RULE_MISSING_KEY,
        "Ongeldige conflictregel",
        500,
    )
