"""A retried message with its Idempotency-Key from a party that may not open the case.

Review "sessie12d", 1: the Netbeheerder may send its answer only while the case waits for it; the first
call delivered it (200, a receipt), and its retry with the same key got 403 ``bericht-geen-recht``, since the
case no longer waits: the client could not tell that its answer had arrived."""

from __future__ import annotations

from tests.e2e.modeleditor_fixtures import editor_template  # noqa: F401
from tests.e2e.test_api_round4 import bearer, client, pims_transportverzoek  # noqa: F401


def _with_key(who: str, key: str) -> dict[str, str]:
    return {**bearer(who), "Idempotency-Key": key}


def test_a_retried_answer_of_a_party_that_may_not_open_the_case_is_the_same_receipt(client):  # noqa: F811
    ref = pims_transportverzoek(client)
    body = {"naam": "netbeheerder_antwoord", "gegevens": {"uitkomst": "capaciteit"}}
    first = client.post(f"/api/v1/zaken/{ref}/berichten", json=body, headers=_with_key("nina", "n-1"))
    again = client.post(f"/api/v1/zaken/{ref}/berichten", json=body, headers=_with_key("nina", "n-1"))
    assert first.status_code == 200 and first.get_json() == {
        "bericht": "netbeheerder_antwoord",
        "afgeleverd": True,
    }
    assert again.status_code == 200 and again.get_json() == first.get_json()
    other = client.post(f"/api/v1/zaken/{ref}/berichten", json=body, headers=_with_key("nina", "n-2"))
    assert other.status_code == 403  # a new key is a new message, which the case no longer takes from nina
