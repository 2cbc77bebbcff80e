"""services.form_patterns: a form's patterns are matched by RE2, in time linear in the text, never by Python's
backtracking ``re`` (tester finding p7redos: ``^(a+)+$`` against "a" * 30 + "!" froze a worker inside the
locked step). Whether the linear engine is what matched is asserted, not how long it took: ``re`` is
guarded so that matching a form's pattern with it fails the test."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from processes.email_adres import EMAIL_PATTERN, WHITESPACE_RE2
from services import form_patterns, forms
from services.status.application_forms import APPLICATION_FORMS, EMAIL_FORM_PATTERN, schema_of

EVIL = "^(a+)+$"
ATTACK = "a" * 40 + "!"
POSTCODE = "^[1-9][0-9]{3} ?[A-Z]{2}$"


@pytest.fixture
def no_re_for(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """The patterns that Python's ``re`` must not match or compile while the test runs."""
    guarded: set[str] = set()
    for name in ("search", "match", "fullmatch", "compile"):
        real = getattr(re, name)

        def guard(pattern: object, *args: object, _real=real, _name=name, **kwargs: object) -> object:
            assert pattern not in guarded, f"re.{_name} ran a form's pattern {pattern!r}: it backtracks"
            return _real(pattern, *args, **kwargs)

        monkeypatch.setattr(re, name, guard)
    yield guarded


def _form(**field: object) -> dict[str, object]:
    return {"type": "object", "properties": {"code": {"type": "string", "maxLength": 100, **field}}}


def test_the_testers_pattern_is_matched_by_re2_and_the_value_refused(no_re_for: set[str]) -> None:
    no_re_for.add(EVIL)
    with pytest.raises(forms.FormInvalid) as refused:
        forms.validate(_form(pattern=EVIL), {"code": ATTACK})
    assert refused.value.extra["velden"] == {"code": ["Veld 'code' heeft een ongeldig formaat."]}
    assert forms.validate(_form(pattern=EVIL), {"code": "a" * 40}) == {"code": "a" * 40}


def test_field_names_are_matched_by_re2_in_pattern_and_additional_properties(no_re_for: set[str]) -> None:
    no_re_for.add(EVIL)
    schema = {
        "type": "object",
        "patternProperties": {EVIL: {"type": "integer"}},
        "additionalProperties": False,
    }
    assert forms.validate(schema, {"aaa": 1}) == {"aaa": 1}
    with pytest.raises(forms.FormInvalid) as refused:
        forms.validate(schema, {ATTACK: 1, "aa": "x"})
    assert refused.value.extra["velden"] == {
        "": [f"Onbekend veld in het formulier: '{ATTACK}', 'aa'."],
        "aa": ["Veld 'aa' heeft een verkeerd type (verwacht: geheel getal)."],
    }


@pytest.mark.parametrize(
    ("value", "fouten"),
    [
        ("1234 AB", None),
        ("1234AB", None),
        ("0123 AB", ["Veld 'code' heeft een ongeldig formaat."]),
        ("1234 ab", ["Veld 'code' heeft een ongeldig formaat."]),
    ],
)
def test_a_postcode_pattern_works_with_the_same_dutch_message(value: str, fouten: list[str] | None) -> None:
    if fouten is None:
        assert forms.validate(_form(pattern=POSTCODE), {"code": value}) == {"code": value}
        return
    with pytest.raises(forms.FormInvalid) as refused:
        forms.validate(_form(pattern=POSTCODE), {"code": value})
    assert refused.value.extra["velden"] == {"code": fouten}


def test_a_models_own_message_and_ecma_unicode_escapes_still_apply() -> None:
    schema = _form(
        pattern="^[A-Za-z\\u00C0-\\u017F ]+$", **{"x-foutmeldingen": {"pattern": "Alleen letters."}}
    )
    assert forms.validate(schema, {"code": "José Ñúñez"}) == {"code": "José Ñúñez"}
    with pytest.raises(forms.FormInvalid) as refused:
        forms.validate(schema, {"code": "José 3"})
    assert refused.value.extra["velden"] == {"code": ["Alleen letters."]}


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("^(a)\\1$", "een terugverwijzing (\\1) kan niet"),
        ("^(?!www)", "vooruit- of terugkijken ((?=, (?!, (?<=, (?<!) kan niet"),
        ("^a\\Z", "\\Z kan niet: het einde van de tekst is \\z"),
    ],
)
def test_a_pattern_re2_cannot_read_of_a_model_deployed_before_is_a_dutch_422(
    no_re_for: set[str], pattern: str, reason: str
) -> None:
    no_re_for.add(pattern)
    with pytest.raises(forms.FormInvalid) as refused:
        forms.validate(_form(pattern=pattern), {"code": "aa"})
    assert refused.value.status == 422 and refused.value.code == "formulier-patroon-onleesbaar"
    assert refused.value.detail.startswith(
        f"Het formulier van deze taak kan niet worden gecontroleerd: veld 'code': het patroon '{pattern}' is "
        f"niet te controleren: {reason} (patronen worden in lineaire tijd gecontroleerd"
    )


def test_form_fault_names_the_nested_field_and_passes_a_property_called_pattern() -> None:
    schema = {
        "type": "object",
        "properties": {
            "pattern": {"type": "string", "enum": ["(a)\\1"]},
            "adres": {"type": "object", "properties": {"postcode": {"type": "string", "pattern": "(?<=x)"}}},
        },
    }
    fault = form_patterns.form_fault(schema)
    assert fault is not None and fault.startswith("veld 'adres.postcode': het patroon '(?<=x)'")
    assert form_patterns.form_fault(_form(pattern=POSTCODE)) is None


def test_unevaluated_properties_beside_pattern_properties_is_refused() -> None:
    """jsonschema's own unevaluatedProperties matches patternProperties with re."""
    schema = {"type": "object", "allOf": [{"patternProperties": {"^x": {}}}], "unevaluatedProperties": False}
    assert "'unevaluatedProperties' naast 'patternProperties' kan niet" in str(
        form_patterns.form_fault(schema)
    )


def test_the_application_forms_refuse_a_web_address_with_their_message(no_re_for: set[str]) -> None:
    schema = schema_of(APPLICATION_FORMS["omgevingsvergunning"])
    for field in ("aanvrager", "omschrijving"):
        no_re_for.update(str(p) for p in (schema["properties"][field].get("not") or {}).values())
    found = forms.by_field(
        forms.errors_of(
            schema, {"aanvrager": "Ga naar WWW.betaal.example", "omschrijving": "zie http://x.nl"}
        )
    )
    assert found["aanvrager"] == ["'Naam aanvrager' mag geen internetadres bevatten."]
    assert found["omschrijving"] == [
        "'Naam of korte omschrijving van het plan' mag geen internetadres bevatten."
    ]
    assert "aanvrager" not in forms.by_field(forms.errors_of(schema, {"aanvrager": "Jan de Wit-Vermeer"}))


def test_re2s_whitespace_is_pythons() -> None:
    python, linear = re.compile(r"\s"), form_patterns.compiled(f"[{WHITESPACE_RE2}]")
    assert [
        c for c in map(chr, range(0x3100)) if bool(python.fullmatch(c)) != bool(linear.fullmatch(c))
    ] == []


@pytest.mark.parametrize(
    "address",
    [
        "jan@example.nl",
        "jan\u00a0de@example.nl",
        "jan@example.nl\n",
        "jan\u3000@example.nl",
        "a@b.c",
        "x@@y.nl",
    ],
)
def test_the_application_forms_email_pattern_takes_the_addresses_the_one_check_takes(address: str) -> None:
    assert bool(form_patterns.compiled(EMAIL_FORM_PATTERN).search(address)) == bool(
        re.search(EMAIL_PATTERN, address)
    )


# review redos2: RE2's own \w, \d and \s are ASCII, Python's re (which matched form patterns before) Unicode;
# a deployed model's pattern keeps the meaning it had
@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^[\w .-]+$", "José Beëlen", True),
        (r"^\S+$", "a\u00a0b", False),
        (r"^[\S]+$", "a\u00a0b", False),
        (r"^\w+$", "Ĳsselmeer_2", True),
        (r"^\d+$", "١٢٣", True),
        (r"^[^\W\d_]+$", "Beëlen", True),
        (r"^[^\W\d_]+$", "Beëlen2", False),
        (r"^\W$", "é", False),
        (r"^[\W]$", "é", False),
        (r"^\D$", "٣", False),
        (r"^[\D]$", "é", True),
        (r"^\s$", "\u2003", True),
        (r"^[\b]$", "\b", True),
        (r"^[]\w]+$", "]é", True),
        (r"^[\u00e9\w]+$", "éa", True),
    ],
)
def test_a_patterns_shorthands_keep_pythons_unicode_meaning(pattern: str, text: str, matches: bool) -> None:
    assert bool(re.search(pattern, text)) is matches
    assert bool(form_patterns.compiled(pattern).search(text)) is matches


@pytest.mark.parametrize("shorthand", [r"\w", r"\W", r"\d", r"\D", r"\s", r"\S"])
@pytest.mark.parametrize("spelled", ["{}", "[{}]", "[^{}]"])
def test_re2s_shorthands_are_pythons_over_the_bmp(shorthand: str, spelled: str) -> None:
    """What each engine leaves of the BMP when it removes the characters the shorthand matches (a run at a
    time: RE2's wrapper is slow per match) is the same, character by character."""
    runs = f"(?:{spelled.format(shorthand)})+"
    bmp = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    python, linear = re.sub(runs, "", bmp), form_patterns.compiled(runs).sub("", bmp)
    assert python == linear, set(python) ^ set(linear)


def test_a_word_boundary_is_refused_at_deploy_and_kept_ascii_for_a_model_deployed_before() -> None:
    schema = {"type": "object", "properties": {"naam": {"type": "string", "pattern": r"\bJos\b"}}}
    assert form_patterns.form_fault(schema) is None
    assert "veld 'naam': het patroon '\\bJos\\b' gebruikt een woordgrens" in str(
        form_patterns.deploy_fault(schema)
    )
    assert forms.errors_of(schema, {"naam": "Jos de Vries"}) == []
    assert form_patterns.deploy_fault({"properties": {"x": {"pattern": r"^[\b]$"}}}) is None


def test_form_fault_walks_a_schema_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check of a form asks form_fault; a schema (new from the database each time) is walked once."""
    walked: list[object] = []
    walk = form_patterns._patterns
    monkeypatch.setattr(  # the walk of a whole schema: a call without the field (its own steps give one)
        form_patterns,
        "_patterns",
        lambda node, *field: (None if field else walked.append(node)) or walk(node, *field),
    )
    schema = {"type": "object", "properties": {"kenmerk-walk-once": {"type": "string", "pattern": "^x$"}}}
    for _ in range(3):
        assert forms.errors_of(json.loads(json.dumps(schema)), {"kenmerk-walk-once": "x"}) == []
    assert len(walked) == 1
