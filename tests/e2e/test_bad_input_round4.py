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
