"""A colleague refused completing a task reads who holds or completed it by name, not by login.

Left item of the fifteenth session: the refusals "Taak '…' is toegewezen aan vera; alleen die persoon kan
haar afronden." and "Taak '…' is al voltooid door vera." and the task page's "Deze taak is voltooid door
vera" named the login, where the inbox, the claim refusal ("al opgepakt door Vera de Vries") and the case
file name the account by the name an officer reads (services.policy.names.holder_shown).
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from processes.errors import Conflict, Forbidden
from services import cases, inbox, users
from services.platform import Platform
from tests.e2e.harness import logged_in
from tests.integration.inbox_case import claimed_by
from tests.integration.test_kavel_namen import samen
from web import create_app

__all__ = ["samen"]  # the fixture: a task shared by Vergunningen and Netbeheerder (vera, nina)

PASSWORD = "geheim-wachtwoord-1"


def _named(platform: Platform) -> int:
    users.add_user(
        platform, "vera", groups=["Vergunningen"], role="vergunningverlener", display_name="Vera de Vries"
    )
    users.add_user(platform, "wim", groups=["Vergunningen"], role="vergunningverlener", password=PASSWORD)
    [task] = cases.get_case(platform, claimed_by(platform, "vera"))["open_taken"]
    return int(task["id"])


def _wim(platform: Platform) -> FlaskClient:
    return logged_in(create_app(platform.settings, platform=platform), "wim", PASSWORD)


def test_the_refusals_name_the_holder_by_display_name(samen: Platform) -> None:
    task_id = _named(samen)
    with pytest.raises(Forbidden) as held:
        cases.complete_task(samen, task_id, "wim", {})
    assert "toegewezen aan Vera de Vries;" in held.value.detail and "vera;" not in held.value.detail
    cases.complete_task(samen, task_id, "vera", {})
    with pytest.raises(Conflict) as done:
        cases.complete_task(samen, task_id, "wim", {})
    assert done.value.detail.endswith("al voltooid door Vera de Vries.")
    assert inbox.get_task(samen, task_id, "wim")["voltooid_door"] == "vera"  # the data keeps the login


def test_the_task_page_names_who_completed_it(samen: Platform) -> None:
    task_id = _named(samen)
    cases.complete_task(samen, task_id, "vera", {})
    page = _wim(samen).get(f"/taken/{task_id}").get_data(as_text=True)
    assert "voltooid door Vera de Vries" in page and "door vera " not in page
