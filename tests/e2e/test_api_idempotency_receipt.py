"""A retried call with its Idempotency-Key from an account that may not open the case (any more).

Review "sessie12d", 1: the Netbeheerder may send its answer only while the case waits for it; the first
call delivered it (200, a receipt), and its retry with the same key got 403 ``bericht-geen-recht``, since the
case no longer waits: the client could not tell that its answer had arrived. Pentest13, 3: pim started a
case with a key and was moved to another team; GET of the case gave 403, but the retried start gave 201
with the case as it is now, volgcode and all."""

from __future__ import annotations

from services import users
from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template  # noqa: F401
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_api_round4 import (  # noqa: F401
    PIMS_TRANSPORTVERZOEK,
    bearer,
    client,
    pims_transportverzoek,
    platform_of,
    problem,
)


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
    assert other.status_code == 404  # a new key is a new message, which the case no longer takes from nina


def test_a_retried_start_is_refused_as_get_once_the_account_may_not_open_the_case(client):  # noqa: F811
    ref = pims_transportverzoek(client, {"Idempotency-Key": "z-1"})
    again = client.post("/api/v1/zaken", json=PIMS_TRANSPORTVERZOEK, headers=_with_key("pim", "z-1"))
    assert again.status_code == 201 and again.get_json()["zaak"] == ref and again.get_json()["volgcode"]
    users.add_user(platform_of(client), "pim", role="adviseur", groups=["Waterschap"], token="demo-pim")
    problem(client.get(f"/api/v1/zaken/{ref}", headers=bearer("pim")), 404, "zaak-onbekend")
    before = table_counts(platform_of(client))
    moved = client.post("/api/v1/zaken", json=PIMS_TRANSPORTVERZOEK, headers=_with_key("pim", "z-1"))
    body = problem(moved, 404, "zaak-onbekend")
    assert ref in body["detail"] and "volgcode" not in body
    assert table_counts(platform_of(client)) == before  # no second case either
