"""What every demo role reads through the API keeps the published OpenAPI contract, on the demo's data.

Schemathesis (test_api_contract.py) runs as a vergunningverlener and a beheerder on a nearly empty
database: the answers the other roles get, whose fields the authorization policy cuts (an adviser, an
outside party, an initiator), on the demo's cases in every procedure and state, were never checked
against the spec (an outside party read ``"wachtlijst": {}``, which the spec does not allow). Here every
demo account reads the case list, each running case in it and a closed one of each kind, its tasks and
each of them; and the public status of a case of each procedure, status and phase is read. Each answer
is validated against /api/v1/openapi.json with openapi-core, each distinct answer once. One copy of the
run's shared demo database for the module, read only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.validation.response.validators import V31ResponseValidator
from sqlalchemy import select

from services.demo_users import DEMO_USERS
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx

demo_layers, demo_database, module_demo_app = fx.demo_layers, fx.demo_database, fx.module_demo_app

#: the largest page the list endpoints give (web.api.schemas.LIMIT): every case and task on one page
PAGE = "limiet=500"


class JsonResponseValidator(V31ResponseValidator):
    """openapi-core's response validator without its cast of the decoded JSON body: JSON is typed already
    and the cast only walks it (openapi-core issue 706, its FIXME in ``_get_content_schema_value_and_schema``),
    two thirds of this test's time. The GET answers read here declare no headers, the other thing cast."""

    def _cast(self, schema: Any, value: Any) -> Any:
        return value


class Reader:
    """GETs as one account (its demo token, or none); each answer not validated before is checked against
    the spec, and a mismatch is collected in ``failures``."""

    def __init__(self, client: Any, spec: OpenAPI, checked: set[bytes], failures: list[str]) -> None:
        self.client, self.spec, self.checked, self.failures = client, spec, checked, failures
        self.username: str | None = None

    def get(self, url: str, ok: tuple[int, ...] = (200,)) -> Any:
        headers = {"Authorization": f"Bearer demo-{self.username}"} if self.username else {}
        resp = self.client.get(url, headers=headers)
        assert resp.status_code in ok, (self.username, url, resp.status_code, resp.text)
        digest = hashlib.sha256(url.encode() + b"\0" + resp.data).digest()
        if digest not in self.checked:
            self.checked.add(digest)
            try:
                self.spec.validate_response(
                    WerkzeugOpenAPIRequest(resp.request), WerkzeugOpenAPIResponse(resp)
                )
            except Exception as exc:  # noqa: BLE001 - collected: one run names every answer that breaks it
                cause = exc.__cause__ or exc
                details = "; ".join(e.message for e in getattr(cause, "schema_errors", ())) or repr(cause)
                self.failures.append(f"{self.username or 'publiek'} GET {url}: {details}")
        return resp.get_json()


def one_of_each(rows: Iterable[Any], kind: Callable[[Any], Any]) -> list[Any]:
    """The first row of each kind."""
    first: dict[Any, Any] = {}
    for row in rows:
        first.setdefault(kind(row), row)
    return list(first.values())


def case_kind(row: Any) -> tuple[Any, ...]:
    """A running case is its own kind (what it waits for, its open tasks: each differs); a closed one is
    of the kind of its procedure, status and phase."""
    return row["zaak"] if row["status"] == "lopend" else (row["proces"], row["status"], row["fase"])


def read_as(reader: Reader) -> int:
    """The case list, each running case in it and a closed one of each kind, the tasks and each of them, as
    one account; how many cases it sees."""
    cases = reader.get(f"/api/v1/zaken?{PAGE}")
    for row in one_of_each(cases["zaken"], case_kind):
        reader.get(f"/api/v1/zaken/{row['zaak']}")
    for task in reader.get(f"/api/v1/taken?selectie=alle&{PAGE}")["taken"]:
        reader.get(f"/api/v1/taken/{task['id']}")
    return int(cases["totaal"])


def test_every_demo_roles_reads_keep_the_openapi_contract(module_demo_app: Any) -> None:
    client = module_demo_app.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()
    config = Config(
        # the document itself: Schemathesis (test_api_contract.py) loads and checks the same one
        spec_validator_cls=None,
        response_validator_cls=JsonResponseValidator,
        # openapi-core reads only application/json as JSON; a refusal is problem+json (web.errors)
        extra_media_type_deserializers={"application/problem+json": json.loads},
    )
    spec = OpenAPI.from_dict(doc, config=config)
    failures: list[str] = []
    reader = Reader(client, spec, set(), failures)
    seen: dict[str, int] = {}
    for username, *_ in DEMO_USERS:
        reader.username = username
        seen[username] = read_as(reader)
    reader.username = None  # the public status page's API, by the volgcode
    with module_demo_app.extensions["ruimteflow"].uow(write=False) as uow:
        coded = uow.session.execute(
            select(Case.process_id, Case.status, Case.phase, Case.tracking_code)
            .where(Case.tracking_code.is_not(None))
            .order_by(Case.id)
        ).all()
    for row in one_of_each(coded, lambda c: tuple(c)[:3]):
        reader.get(f"/api/v1/status/{row.tracking_code}", ok=(200, 410))  # 410: closed and its code expired
    assert seen["nina"] and seen["coop"] and seen["anna"] > seen["nina"], seen  # the roles read cases
    assert not failures, "\n".join(failures)


def test_an_outside_party_reads_the_waiting_list_its_wait_spells_out(module_demo_app: Any) -> None:
    """Outside tester (contract7, 1): nina (Netbeheerder) read ``"wachtlijst": {}`` beside a ``wacht_op``
    naming the position and the day of the next inquiry. Every outside party that sees a case on the list
    reads its place as the municipality does ([velden].extern), not null, which says "not on the list"."""
    client = module_demo_app.test_client()

    def case(username: str, ref: str) -> dict[str, Any]:
        resp = client.get(f"/api/v1/zaken/{ref}", headers={"Authorization": f"Bearer demo-{username}"})
        assert resp.status_code == 200, resp.text
        return dict(resp.get_json())

    rows = client.get(f"/api/v1/zaken?{PAGE}", headers={"Authorization": "Bearer demo-bea"}).get_json()[
        "zaken"
    ]
    waiting = {
        row["zaak"]: case("bea", row["zaak"])["wachtlijst"] for row in rows if row["status"] == "lopend"
    }
    waiting = {ref: place for ref, place in waiting.items() if place}
    assert len(waiting) >= 2, waiting  # Windpark Hoge Veld and Zonnepark De Akkers
    for username in ("nina", "piet"):  # the Netbeheerder; the Provincie, the windparks' bevoegd gezag
        for ref, place in waiting.items():
            view = case(username, ref)
            assert view["wachtlijst"] == place and f"positie {place['positie']}" in view["wacht_op"], username
