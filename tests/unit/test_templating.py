"""Model text templates reach nothing but the plain JSON values of the task data."""

from __future__ import annotations

import os
from datetime import date

from processes.templating import fill


def vandaag() -> date:
    return date(2026, 3, 2)


def test_fields_and_keys_of_the_task_data_are_filled() -> None:
    data = {"zaak": "Z-1", "wup": {"fase": "concept", "wcw": {"op": "2026-05-01"}}, "lijst": ["a", "b"]}
    assert fill("Zaak {zaak}, fase {wup[fase]}, kavel {wup[wcw][op]}, {lijst[1]}", data) == (
        "Zaak Z-1, fase concept, kavel 1 mei 2026, b"
    )
    assert fill("{onbekend} en {wup[onbekend]} blijven staan", data) == (
        "{onbekend} en {wup[onbekend]} blijven staan"
    )
    assert fill("{{letterlijk}} {zaak}", data) == "{letterlijk} Z-1"
    assert fill('{"type": "string"}', data) == '{"type": "string"}'
    assert fill("{_geheim}", {"_geheim": "x"}) == "{_geheim}"


def test_a_template_cannot_walk_from_a_live_object_to_the_process() -> None:
    """Tester finding: `x = [vandaag]` in a script kept a function in the task data, and the element name
    'Controle {x[0].__globals__[importlib].sys.modules[os].environ[RUIMTEFLOW_SECRET_KEY]}' showed the
    secret key and the database password in another officer's inbox."""
    os.environ["RUIMTEFLOW_TEMPLATING_TEST_SECRET"] = "s3cr3t"
    data = {"x": [vandaag], "d": {"f": vandaag}, "s": "tekst"}
    for template in (
        "{x[0].__globals__[os].environ[RUIMTEFLOW_TEMPLATING_TEST_SECRET]}",
        "{x[0].__globals__}",
        "{x[0]}",
        "{d[f]}",
        "{x}",
        "{s.__class__}",
        "{s!r}",
    ):
        out = fill(template, data)
        assert "s3cr3t" not in out and "function" not in out and "class" not in out.replace(template, "")
        assert out == template, (template, out)


def test_a_template_has_no_format_specification() -> None:
    """Tester finding: '{a:>300000000}' made a text of 300 million characters."""
    assert fill("{a:>300000000}", {"a": "x"}) == "{a:>300000000}"
    assert fill("{a:.2f}", {"a": 1.5}) == "{a:.2f}"


def test_a_date_is_filled_in_dutch() -> None:
    """Review officer12 F6.1: the instruction of 'Aanvraag inhoudelijk beoordelen' read "uiterste
    beslisdatum 2027-03-15". Every filled text is read by a person (names, instructions, waits, results,
    public status lines), so an ISO date (exactly YYYY-MM-DD) or a date object is written the Dutch way;
    any other text stays as it is."""
    data = {
        "termijn": {"uiterste_beslisdatum": "2027-03-15"},
        "dag": date(2026, 12, 5),
        "tijdstip": "2026-12-05T10:00:00",
        "geen": "2026-02-30",
        "kenmerk": "2026-000039",
        "lijst": ["2026-05-01"],
    }
    assert fill("uiterste beslisdatum {termijn[uiterste_beslisdatum]}", data) == (
        "uiterste beslisdatum 15 maart 2027"
    )
    assert fill("op {dag}", data) == "op 5 december 2026"
    assert fill("{tijdstip} | {geen} | {kenmerk} | {lijst[0]}", data) == (
        "2026-12-05T10:00:00 | 2026-02-30 | 2026-000039 | 1 mei 2026"
    )
