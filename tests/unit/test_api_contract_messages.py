"""The contract's Dutch messages and the geometry caps, without an app or a database."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services.config import Settings
from services.geometry import check_size, count_vertices
from web.api import schemas as s
from web.api.contract import check
from web.hygiene import check_json_text, parse_json


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        ({"proces": ["x"]}, "Veld 'proces' moet tekst zijn."),
        ({}, "Veld 'proces' is verplicht."),
        ({"proces": "p", "titel": [1]}, "Veld 'titel' moet tekst zijn."),
        ({"proces": "p", "titel": "x" * 256}, "Veld 'titel' mag ten hoogste 255 tekens hebben."),
        (
            {"proces": "p", "crs": "EPSG:3857"},
            "Veld 'crs' moet een van 'EPSG:4326', 'EPSG:4258', 'EPSG:28992' zijn.",
        ),
        ({"proces": "p", "geometrie": 5}, "Veld 'geometrie' moet een JSON-object zijn."),
    ],
)
def test_body_errors_name_the_field_in_dutch(instance, message):
    with pytest.raises(ValidationError) as err:
        check(instance, s.START_CASE, "Veld", "veld-ongeldig")
    assert err.value.detail == message and err.value.code == "veld-ongeldig"


def test_valid_body_passes_and_parameter_bounds_hold():
    check({"proces": "vergunning_klein", "titel": None, "gegevens": {"a": 1}}, s.START_CASE, "Veld", "x")
    with pytest.raises(ValidationError, match="ten hoogste 2147483647"):
        check({"task_id": 2**31}, s.obj(["task_id"], task_id=s.ID), "Parameter", "parameter-ongeldig")


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", '{"a": [1, NaN]}'])
def test_strict_json_refuses_non_finite_numbers(raw):
    with pytest.raises(ValidationError) as err:
        parse_json(raw)
    assert err.value.code == "json-ongeldig-getal"


def test_deep_nesting_and_control_characters_are_refused():
    with pytest.raises(ValidationError, match="diep genest|geen geldige JSON"):
        parse_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValidationError, match="'a.b\\[1\\]' bevat een stuurteken"):
        check_json_text({"a": {"b": ["ok", "n\x00l"]}})
    check_json_text({"tekst": "regel 1\nregel 2\ttab"})


def test_vertex_and_byte_caps_are_configurable():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    assert count_vertices(square) == 4
    assert count_vertices({"type": "GeometryCollection", "geometries": [square, square]}) == 8
    check_size(square, Settings())
    with pytest.raises(ValidationError, match="te veel hoekpunten"):
        check_size(square, Settings(max_geometry_vertices=3))
    with pytest.raises(ValidationError, match="ten hoogste 10 bytes"):
        check_size("POINT (1 2 3 4 5 6)", Settings(max_geometry_bytes=10))


def test_a_large_body_of_plain_values_is_checked_without_a_path_per_value(monkeypatch):
    """Pentest (message size): the body of 7 million numbers spent 15 s in this walk, which built a field
    path for every number; a clean document is now walked without paths (the walk that names a field
    is not entered: 15.3 s before, 0.5 s after, measured in the fix's commit), a wrong one named as before."""
    from web import hygiene

    def named_walk(doc, what):
        raise AssertionError("a clean document was walked with a field path per value")

    doc = {"gegevens": {"x": [0] * 7_000_000, "namen": ["bijlage.pdf"] * 1_000_000}}
    with monkeypatch.context() as patched:
        patched.setattr(hygiene, "_refuse_at_field", named_walk)
        check_json_text(doc)
    doc["gegevens"]["namen"][500_000] = "n\x00l"
    with pytest.raises(ValidationError, match="'gegevens.namen\\[500000\\]' bevat een stuurteken"):
        check_json_text(doc)


def test_the_published_length_of_an_applicants_message_is_the_one_the_service_takes():
    """The contract gave ``tekst`` maxLength 10,000 while the service refuses more than 5,000."""
    from processes.berichtgrenzen import MAX_TEXT

    assert MAX_TEXT == 5000
    check({"tekst": "x" * MAX_TEXT}, s.PUBLIC_MESSAGE, "Veld", "veld-ongeldig")
    with pytest.raises(ValidationError) as err:
        check({"tekst": "x" * (MAX_TEXT + 1)}, s.PUBLIC_MESSAGE, "Veld", "veld-ongeldig")
    assert err.value.detail == "Veld 'tekst' mag ten hoogste 5000 tekens hebben."
