"""The old tracking link of a destroyed case says the code is no longer valid, and a code expires before
its case may be destroyed (review status15, F4: after `zaken opschonen` the link answered 404 "Er is geen
aanvraag met deze volgcode. Controleer de link", while a closed case kept answered 410 "Volgcode niet
meer geldig"; and a case due on P1Y was destroyed on the code's last valid day). The register keeps a
SHA-256 of the code (no personal data); the code's last day is the day before the first day a case closed
then may be destroyed."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

from sqlalchemy import select

from services.bewaren.termijn import vervallen
from services.bewaren.vernietigen import vernietig
from services.store.models import Vernietiging
from tests.integration.bewaren_helpers import case_with, close, prepare
from web import create_app


def test_the_link_of_a_destroyed_case_answers_that_it_is_no_longer_valid(platform, clock, tmp_path):
    prepare(platform, tmp_path)
    client = create_app(platform.settings, platform=platform).test_client()
    kept, zaak = case_with(platform), case_with(platform)
    close(platform, kept)
    close(platform, zaak)  # both closed on 2 March 2026; P1Y: due on 2 March 2027
    code, kept_code = zaak["volgcode"], kept["volgcode"]

    clock.set(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))  # the codes' last day
    assert client.get(f"/status/{code}").status_code == 200
    assert client.get(f"/status/{kept_code}").status_code == 200

    clock.set(datetime(2027, 3, 2, 9, 0, tzinfo=UTC))  # the day the case may be destroyed
    assert client.get(f"/status/{kept_code}").status_code == 410  # was 200: the code outlived the term
    [item] = [f for f in vervallen(platform, date(2027, 3, 2)) if f.zaak == zaak["zaak"]]
    assert vernietig(platform, item).uitkomst == "vernietigd"
    for day in (2, 3):
        clock.set(datetime(2027, 3, day, 9, 0, tzinfo=UTC))
        page = client.get(f"/status/{code}")
        assert page.status_code == 410 and "niet meer geldig" in page.text, (day, page.status_code)
        assert "Controleer de link" not in page.text
        body = client.get(f"/api/v1/status/{code}")
        assert body.status_code == 410 and body.json["code"] == "volgcode-verlopen"
    assert client.get("/status/" + "x" * 32).status_code == 404  # a wrong code is still unknown

    with platform.uow(write=False) as uow:
        [line] = uow.session.scalars(select(Vernietiging)).all()
        stored = json.dumps({c.key: getattr(line, c.key) for c in line.__mapper__.column_attrs}, default=str)
    assert line.volgcode_sha256 == hashlib.sha256(code.encode()).hexdigest()
    assert code not in stored  # only its one-way hash
