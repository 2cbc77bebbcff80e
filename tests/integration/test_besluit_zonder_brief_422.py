"""A besluit task completed without its final letter is a 422 `besluit-zonder-brief` in the API.

The README promises 422 for a well-formed request that a rule of the domain refuses (as the verdaging's
refusals, bb737da and 3997996) and names `besluit-zonder-brief` a 422; the API answered it with 400, while
the task page already showed it as a 422. Both tasks that take a besluit by its letter are checked:
"Besluit nemen" (besluit_vastleggen) and "Besluit buiten behandeling stellen" (buiten_behandeling_vastleggen).
"""

from __future__ import annotations

from typing import Any

import pytest

from services import users
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.core_helpers import snapshot
from tests.integration.test_omgevingsvergunning import USERS, Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie


def _refused_via_api(
    z: Omgeving, user: str, taak: str, data: dict[str, Any]
) -> tuple[int, str, dict[str, Any]]:
    users.add_user(z.p, user, groups=USERS[user], token=f"token-{user}")
    client = create_app(z.p.settings, platform=z.p).test_client()
    before = snapshot(z.p)
    task = z.taak(user, taak)["id"]
    resp = client.post(
        f"/api/v1/taken/{task}/voltooien",
        headers={"Authorization": f"Bearer token-{user}"},
        json={"gegevens": data},
    )
    assert snapshot(z.p) == before
    return resp.status_code, resp.content_type, dict(resp.get_json())


def _at_besluit_nemen(z: Omgeving) -> None:
    z.tot_beoordeling()
    for groep, wie in (("Milieu", "mila"), ("Energie", "eva")):
        z.doe(wie, f"Advies {groep}", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})


def _at_buiten_behandeling(z: Omgeving) -> None:
    z.start()
    z.tekening_gevraagd()
    z.later(days=15)


@pytest.mark.parametrize(
    ("naar", "user", "taak", "data"),
    [
        (_at_besluit_nemen, "tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."}),
        (_at_buiten_behandeling, "jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling."}),
    ],
    ids=["besluit-nemen", "buiten-behandeling"],
)
def test_a_besluit_without_its_letter_is_a_422_problem(
    z: Omgeving, naar: Any, user: str, taak: str, data: dict[str, Any]
) -> None:
    naar(z)
    status, content_type, problem = _refused_via_api(z, user, taak, data)
    assert (status, content_type) == (422, "application/problem+json"), problem
    assert problem["status"] == 422, problem
    assert problem["code"] == "besluit-zonder-brief", problem
    assert problem["type"] == "https://ruimteflow.nl/problemen/besluit-zonder-brief", problem
    assert "Maak eerst het besluit definitief" in problem["detail"], problem
