"""Rules files: the shipped demo rules load; every refusal names the rule id and has its own code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gis import errors
from gis.api import default_rules_path, load_rules
from gis.errors import RuleError
from gis.rules import parse_rules


def _replace(text: str, rule_id: str, old: str, new: str) -> str:
    """Edit one line inside the [[rule]] block with the given id."""
    blocks = text.split("[[rule]]")
    for i, block in enumerate(blocks):
        if f'id = "{rule_id}"' in block:
            assert old in block, old
            blocks[i] = block.replace(old, new, 1)
    return "[[rule]]".join(blocks)


@pytest.mark.parametrize(
    ("rule_id", "old", "new", "code", "fragment"),
    [
        (
            "r-snijdt",
            'predicaat = "snijdt"',
            'predicaat = "raakt"',
            errors.RULE_UNKNOWN_PREDICATE,
            "onbekend predicaat 'raakt'",
        ),
        (
            "r-snijdt",
            'laag = "zones"',
            'laag = "wegen"',
            errors.RULE_UNKNOWN_LAYER,
            "laag 'wegen' bestaat niet",
        ),
        ("r-afstand", "afstand_m = 100\n", "", errors.RULE_BAD_DISTANCE, "afstand_m"),
        ("r-afstand", "afstand_m = 100", "afstand_m = -5", errors.RULE_BAD_DISTANCE, "afstand_m"),
        ("r-afstand", "afstand_m = 100", 'afstand_m = "ver"', errors.RULE_BAD_DISTANCE, "getal"),
        ("r-aandeel", "minimaal_aandeel = 0.25\n", "", errors.RULE_BAD_SHARE, "minimaal_aandeel"),
        (
            "r-aandeel",
            "minimaal_aandeel = 0.25",
            "minimaal_aandeel = 1.5",
            errors.RULE_BAD_SHARE,
            "tussen 0 en 1",
        ),
        (
            "r-aandeel",
            "minimaal_aandeel = 0.25",
            "minimaal_aandeel = -0.1",
            errors.RULE_BAD_SHARE,
            "tussen 0 en 1",
        ),
        (
            "r-snijdt",
            'ernst = "waarschuwing"',
            'ernst = "hoog"',
            errors.RULE_BAD_SEVERITY,
            "ongeldige ernst 'hoog'",
        ),
        ("r-snijdt", 'onderwerp = ["*"]', 'onderwerp = ["kasteel"]', errors.RULE_UNKNOWN_SOORT, "kasteel"),
        (
            "r-filter",
            'filter = { kleur = "rood" }',
            'filter = { tint = "rood" }',
            errors.RULE_BAD_FILTER,
            "tint",
        ),
        ("r-snijdt", 'afdeling = "RO"\n', "", errors.RULE_MISSING_KEY, "afdeling"),
        (
            "r-snijdt",
            "geldig_vanaf = 2024-01-01",
            'geldig_vanaf = "morgen"',
            errors.RULE_BAD_VALUE,
            "geldig_vanaf",
        ),
        ("r-filter", "intern = true", 'intern = "ja"', errors.RULE_BAD_VALUE, "intern"),
    ],
)
def test_refusals_name_the_rule(rules_text, tiny_layers, rule_id, old, new, code, fragment):
    with pytest.raises(RuleError) as caught:
        parse_rules(_replace(rules_text, rule_id, old, new), tiny_layers)
    error = caught.value
    assert error.code == code
    assert error.detail.startswith(f"Regel '{rule_id}'")
    assert fragment in error.detail
    assert error.extra["regel"] == rule_id


def test_duplicate_rule_id(rules_text, tiny_layers):
    text = _replace(rules_text, "r-afstand", 'id = "r-afstand"', 'id = "r-snijdt"')
    with pytest.raises(RuleError) as caught:
        parse_rules(text, tiny_layers)
    assert caught.value.code == errors.RULE_DUPLICATE_ID


def test_missing_soorten_table(rules_text, tiny_layers):
    text = re.sub(r"\[soorten\].*?\n\n", "", rules_text, flags=re.S)
    with pytest.raises(RuleError) as caught:
        parse_rules(text, tiny_layers)
    assert caught.value.code == errors.RULE_MISSING_KEY
    assert "soorten" in caught.value.detail


def test_unreadable_file(tmp_path: Path, tiny_layers):
    path = tmp_path / "regels.toml"
    path.write_text("[[rule]\nid=", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules(path, tiny_layers)
    assert caught.value.code == errors.RULES_UNREADABLE
    with pytest.raises(RuleError):
        load_rules(tmp_path / "bestaat-niet.toml", tiny_layers)


def test_extra_keys_are_kept(rules_text, tiny_layers):
    text = _replace(rules_text, "r-snijdt", 'bron = "test"', 'bron = "test"\ntoelichting = "meer"')
    rules = parse_rules(text, tiny_layers)
    assert rules.rules[0].extra == {"toelichting": "meer"}


def test_shipped_rules_load_against_demo_layers(demo_layers):
    rules = load_rules(default_rules_path(), demo_layers)
    ids = [r.id for r in rules.rules]
    assert len(ids) == len(set(ids)) >= 15
    assert {"windturbine", "zonnepark", "woningbouw", "warmtenet", "bouwwerk", "bedrijf", "wijk"} <= set(
        rules.soorten
    )
    assert {r.predicaat for r in rules.rules} == {"snijdt", "binnen_afstand", "overlap_aandeel"}
    assert {r.ernst for r in rules.rules} == {"blokkerend", "waarschuwing", "info"}
    assert any(r.filter for r in rules.rules) and any(r.intern for r in rules.rules)


def test_shipped_rules_refuse_missing_layer(demo_layers):
    layers = {k: v for k, v in demo_layers.items() if k != "natura2000"}
    with pytest.raises(RuleError) as caught:
        load_rules(default_rules_path(), layers)
    assert caught.value.code == errors.RULE_UNKNOWN_LAYER
    assert "natura2000" in caught.value.detail
