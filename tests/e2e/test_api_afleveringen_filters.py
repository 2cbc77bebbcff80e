"""GET /api/v1/beheer/afleveringen filters by a case as /zaken finds one, counts with its filters, and
refuses an unknown channel (review api12, F6: ``aantallen`` ignored ``zaak``, ``zaak=56`` (an id
/zaken/56 accepts) matched nothing, and ``kanaal=mail`` answered 200 with nothing)."""

from __future__ import annotations

from typing import Any

from services import outbox
from services.platform import Platform

BEA = {"Authorization": "Bearer demo-bea"}
URL = "/api/v1/beheer/afleveringen"


def _enqueue(platform: Platform, case_id: int, channel: str, kind: str) -> int:
    with platform.uow() as uow:
        row = outbox.enqueue(
            uow.session, channel, case_id, kind, {"aan": "x@example.nl"}, now=platform.clock.now()
        )
        uow.commit()
        return row.id


def test_the_case_filter_takes_an_id_or_a_reference_and_counts_only_that_case(
    faces_app: Any, faces_platform: Platform, start_case: Any
) -> None:
    first, other = start_case(), start_case(title="Schuur")
    mine = [
        _enqueue(faces_platform, first["id"], "email", "fase"),
        _enqueue(faces_platform, first["id"], "zgw", "zaak"),
    ]
    _enqueue(faces_platform, other["id"], "email", "fase")
    client = faces_app.test_client()
    everything = client.get(URL, headers=BEA).get_json()["aantallen"]["wachtend"]
    for key in (first["zaak"], str(first["id"])):
        answer = client.get(URL, query_string={"zaak": key}, headers=BEA)
        assert answer.status_code == 200, answer.text
        body = answer.get_json()
        assert [d["id"] for d in body["afleveringen"]] == mine
        assert body["aantallen"]["wachtend"] == 2 < everything
    one = client.get(URL, query_string={"zaak": first["zaak"], "kanaal": "email"}, headers=BEA).get_json()
    assert [d["id"] for d in one["afleveringen"]] == mine[:1] and one["aantallen"]["wachtend"] == 1


def test_an_unknown_case_or_channel_is_refused_by_name(faces_app: Any, start_case: Any) -> None:
    start_case()
    client = faces_app.test_client()
    unknown_case = client.get(URL, query_string={"zaak": "Z-1"}, headers=BEA)
    assert unknown_case.status_code == 400, unknown_case.text
    assert unknown_case.get_json()["code"] == "zaak-onbekend" and "Z-1" in unknown_case.get_json()["detail"]
    assert unknown_case.get_json()["veld"] == "zaak"
    unknown_channel = client.get(URL, query_string={"kanaal": "mail"}, headers=BEA)
    assert unknown_channel.status_code == 400, unknown_channel.text
    problem = unknown_channel.get_json()
    assert problem["code"] == "kanaal-onbekend" and problem["veld"] == "kanaal"
    assert "'mail'" in problem["detail"] and "email" in problem["detail"]
