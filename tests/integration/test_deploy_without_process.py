"""A deploy without an executable process is refused in Dutch, with what to do instead.

Review finding: a beheerder fixed advies-routering.dmn and deployed it on its own. The API answered
201 with nothing deployed and the page said nothing; the table was stored but no version used it, and
deploying the permit again said 'ongewijzigd'. The fix never reached a case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from processes.errors import ValidationError
from services import deployments
from services.engine import deploy as dep
from services.platform import Platform
from tests.integration.core_helpers import snapshot

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
PERMIT = ["omgevingsvergunning.bpmn", "procedurekeuze.dmn", "advies-routering.dmn"]


def _files(*names: str) -> list[tuple[str, str]]:
    return [(n, (BPMN / n).read_text(encoding="utf-8")) for n in names]


def _changed_routing() -> tuple[str, str]:
    text = (BPMN / "advies-routering.dmn").read_text(encoding="utf-8")
    old = '<outputEntry id="R_milieu_o1"><text>"Milieu"</text>'
    assert old in text
    return "advies-routering.dmn", text.replace(
        old, '<outputEntry id="R_milieu_o1"><text>"Milieu en Duurzaamheid"</text>'
    )


def test_a_decision_table_alone_is_refused_and_with_its_process_it_reaches_a_new_version(platform: Platform):
    deployments.deploy(platform, _files(*PERMIT), user="bea")
    before = snapshot(platform)
    with pytest.raises(ValidationError) as err:
        deployments.deploy(platform, [_changed_routing()], user="bea")
    assert err.value.code == "geen-proces" and "samen met het proces" in err.value.detail
    assert snapshot(platform) == before

    out = deployments.deploy(platform, [*_files("omgevingsvergunning.bpmn"), _changed_routing()], user="bea")
    assert [(d["process_id"], d["versie"], d["ongewijzigd"]) for d in out] == [
        ("omgevingsvergunning", 2, False)
    ]
    with platform.uow(write=False) as uow:
        newest = deployments.latest_definition(uow.session, "omgevingsvergunning")
    assert dep.inspect_source(*_changed_routing())[0].content_hash in newest.file_hashes


def test_the_api_answers_a_decision_table_alone_with_a_problem(platform: Platform):
    from services import users
    from web import create_app

    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    deployments.deploy(platform, _files(*PERMIT), user="bea")
    client = create_app(platform.settings, platform=platform).test_client()
    name, text = _changed_routing()
    resp = client.post(
        "/api/v1/modellen",
        json={"bestanden": [{"naam": name, "inhoud": text}]},
        headers={"Authorization": "Bearer t-bea"},
    )
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json", resp.get_data(
        as_text=True
    )[:300]
    assert resp.get_json()["code"] == "geen-proces"
