"""Tester finding (input, 1): a permit received before 2024 got the Omgevingswet.

``ontvangen`` 2023-12-15 without ``regime`` made an Omgevingswet case with a beslisdatum in February 2024;
1900-01-01 one 46,305 days overdue, whose public timeline invited an ingebrekestelling. An application
received before 1 January 2024 falls under the Wabo (art. 4.3 Invoeringswet Omgevingswet): without
``regime`` it is now asked for (a mistyped year is not taken as a Wabo case long past its term), with
``regime: omgevingswet`` refused at ``ontvangen``; a day before the Wabo (1 October 2010) is refused in
every procedure. Nothing is stored on a refusal.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from processes.errors import ValidationError
from services import cases
from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_api_round4 import ACTIVITEIT, case_of, platform_of, problem, start

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app


@pytest.fixture
def client(editor_app: Flask) -> Any:
    return editor_app.test_client()


@pytest.mark.parametrize(
    ("gegevens", "code", "veld", "tekst"),
    [
        (
            {"ontvangen": "2023-12-31", "regime": "omgevingswet"},
            "omgevingswet-voor-2024",
            "ontvangen",
            "Wabo",
        ),
        ({"ontvangen": "2023-12-31"}, "regime-ontbreekt", "regime", "regime 'wabo'"),
        ({"ontvangen": "2023-12-15"}, "regime-ontbreekt", "regime", "15 december 2023"),
        ({"ontvangen": "2010-09-30", "regime": "wabo"}, "ontvangen-te-vroeg", "ontvangen", "1 oktober 2010"),
        ({"ontvangen": "2010-09-30"}, "ontvangen-te-vroeg", "ontvangen", "jaartal"),
        ({"ontvangen": "1900-01-01"}, "ontvangen-te-vroeg", "ontvangen", "1 januari 1900"),
        ({"ontvangen": "2024-01-01", "regime": "wabo"}, "wabo-na-2024", "regime", "Omgevingswet"),
    ],
)
def test_a_receipt_day_the_regime_does_not_fit_is_refused_at_its_field(
    client: Any, gegevens: dict[str, Any], code: str, veld: str, tekst: str
) -> None:
    before = table_counts(platform_of(client))
    body = problem(start(client, "anna", {**ACTIVITEIT, **gegevens}), 400, code)
    assert body["veld"] == veld and tekst in body["detail"], body
    assert table_counts(platform_of(client)) == before


def test_the_boundaries_of_the_two_laws_are_accepted(client: Any) -> None:
    """1 January 2024 is the Omgevingswet's first day (with or without ``regime``); 31 December 2023 with
    ``regime: wabo`` and 1 October 2010, the Wabo's first day, are Wabo cases, shown as such."""
    for gegevens, regime in (
        ({"ontvangen": "2024-01-01"}, "omgevingswet"),
        ({"ontvangen": "2024-01-01", "regime": "omgevingswet"}, "omgevingswet"),
        ({"ontvangen": "2023-12-31", "regime": "wabo"}, "wabo"),
        ({"ontvangen": "2010-10-01", "regime": "wabo"}, "wabo"),
    ):
        resp = start(client, "anna", {**ACTIVITEIT, **gegevens})
        assert resp.status_code == 201, resp.text[:300]
        case = case_of(client, resp.get_json()["zaak"])
        assert case["samenvatting"]["regime"] == regime, case["samenvatting"]


@pytest.mark.parametrize("proces", ["wijkuitvoeringsplan", "windpark", "transportverzoek"])
def test_every_procedure_refuses_a_receipt_day_before_the_wabo(client: Any, proces: str) -> None:
    """The other procedures take ``ontvangen`` too (the case's day of receipt, registered at the ZGW):
    the same bound, at the same field, through the service."""
    platform = platform_of(client)
    before = table_counts(platform)
    with pytest.raises(ValidationError) as info:
        cases.start_case(platform, proces, {"ontvangen": "1900-01-01"}, user="anna")
    assert info.value.code == "ontvangen-te-vroeg" and info.value.extra["veld"] == "ontvangen"
    assert table_counts(platform) == before
