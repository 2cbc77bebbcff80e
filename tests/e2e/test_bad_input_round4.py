"""Bad input found by the fourth tester round: each was a 500. Every refusal is Dutch and leaves every
table unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e import test_api_documenten as docs
from tests.e2e.test_api_bad_input import table_counts

client = docs.client


def _platform(client: Any) -> Any:
    return client.application.extensions["ruimteflow"]


@pytest.mark.parametrize("number", ["1e400", "-1e400"])
def test_a_number_beyond_a_floats_range_is_refused_and_nothing_is_stored(client: Any, number: str) -> None:
    """1e400 was read as infinity: the case was stored, the answer was a 500, and every GET of the case
    answered 500 from then on."""
    before = table_counts(_platform(client))
    body = '{"proces": "vergunning_klein", "titel": "Dakkapel", "gegevens": {"bouwkosten": NUMBER}}'
    resp = client.post(
        "/api/v1/zaken",
        data=body.replace("NUMBER", number),
        headers={**docs.auth("t-anna"), "Content-Type": "application/json"},
    )
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json", resp.text[:300]
    problem = json.loads(resp.text)
    assert problem["code"] == "json-ongeldig-getal" and number in problem["detail"]
    assert table_counts(_platform(client)) == before


def test_a_search_text_too_long_to_search_with_is_refused_in_dutch(browser_for: Any) -> None:
    """60,000 characters gave a 500 on SQLite ('LIKE or GLOB pattern too complex')."""
    anna = browser_for("anna")
    page = anna.get("/zaken", query_string={"q": "a" * 60_000})
    assert page.status_code == 400
    assert "De zoektekst is te lang (60000 tekens); zoek met hooguit 200 tekens." in page.text
    assert "a" * 201 not in page.text  # the search field is not filled with all of it again
    assert anna.get("/zaken", query_string={"q": "a" * 200}).status_code == 200


def test_the_search_service_refuses_a_text_too_long(faces_platform: Any) -> None:
    from processes.errors import ValidationError
    from services import case_queries

    with pytest.raises(ValidationError) as err:
        case_queries.search_cases(faces_platform, "anna", text="x" * 201)
    assert err.value.code == "zoektekst-te-lang" and err.value.status == 400
