"""The login session's idle time may be extended and is said when it ended (review sessie16 a11y16, F1;
WCAG 2.2.1 Timing Adjustable). An officer typing in a task form who stopped for the idle time got no
warning and no way to extend; on "Taak afronden" she landed on the login page without a word why, and
after logging in again the form was empty: the POST's body was gone.

Now the faces warn before the idle time ends ("Sessie verlengen" posts to /sessie/verlengen), the login
page says why the session ended, and a form marked data-bewaren comes back on its own page after the
new login (web/static/js/sessie.js, sessionStorage of the tab)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from services import cases
from services.store.models import HumanTask, UserSession
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import token_of
from tests.e2e.harness import wait_for_js

IDLE_MINUTES = 2


def _idle(platform: Any, minutes: int) -> None:
    object.__setattr__(platform.settings, "session_idle_minutes", minutes)


def _open_task(platform: Any) -> int:
    with platform.uow(write=False) as uow:
        return int(uow.session.scalars(select(HumanTask.id).where(HumanTask.state == "open")).first())


def _task_state(platform: Any, task_id: int) -> str:
    with platform.uow(write=False) as uow:
        return str(uow.session.get(HumanTask, task_id).state)  # type: ignore[union-attr]


# -- the server: why the session ended, where the login goes back to, "Sessie verlengen" ----------------
def test_the_login_page_says_the_session_ended_for_lack_of_activity(browser_for, faces_platform, faces_clock):
    _idle(faces_platform, IDLE_MINUTES)
    anna = browser_for("anna")
    faces_clock.advance(minutes=IDLE_MINUTES, seconds=1)

    resp = anna.get("/inbox")

    assert resp.status_code == 302 and resp.location.endswith("/inloggen?volgende=/inbox")
    page = anna.get("/inloggen").text
    assert 'id="sessie-verlopen"' in page
    assert "U bent uitgelogd omdat u 2 minuten niet actief was. Log opnieuw in om verder te gaan." in page
    assert "niet actief was" not in anna.get("/inloggen").text  # said once
    other = browser_for()  # a login page without an ended session says nothing of it
    assert "niet actief was" not in other.get("/inloggen").text


def test_a_form_sent_after_the_idle_time_goes_back_to_its_page_unchanged(
    browser_for, faces_platform, faces_clock, start_case
):
    start_case()
    task_id = _open_task(faces_platform)
    _idle(faces_platform, IDLE_MINUTES)
    anna = browser_for("anna")
    page = anna.get(f"/taken/{task_id}")
    assert 'id="sessie-waarschuwing"' in page.text and f'data-seconden="{IDLE_MINUTES * 60}"' in page.text
    faces_clock.advance(minutes=IDLE_MINUTES + 1)

    resp = anna.post(
        f"/taken/{task_id}",
        {"compleet": "true", "toelichting": "Lang verhaal"},
        headers={"Referer": f"http://localhost/taken/{task_id}"},
    )

    # the login returns to the page the form was on (the POST's own address may not take a GET)
    assert resp.status_code == 302 and resp.location.endswith(f"/inloggen?volgende=/taken/{task_id}")
    assert _task_state(faces_platform, task_id) == "open"
    login_page = anna.get(resp.location).text
    assert "2 minuten niet actief" in login_page and f'name="volgende" value="/taken/{task_id}"' in login_page
    again = anna.client.post(
        "/inloggen",
        data={
            "gebruikersnaam": "anna",
            "wachtwoord": "demo",
            "volgende": f"/taken/{task_id}",
            "csrf_token": token_of(login_page),
        },
    )
    assert again.location.endswith(f"/taken/{task_id}")


def test_sessie_verlengen_counts_the_session_as_used_now(browser_for, faces_platform, faces_clock):
    _idle(faces_platform, IDLE_MINUTES)
    anna = browser_for("anna")
    faces_clock.advance(seconds=90)

    assert anna.client.post("/sessie/verlengen").status_code == 400  # no CSRF token: refused
    resp = anna.client.post("/sessie/verlengen", headers={"X-CSRF-Token": anna.csrf()})

    assert resp.status_code == 200 and resp.get_json() == {"seconden": IDLE_MINUTES * 60}
    faces_clock.advance(seconds=90)  # 180 s after the login, 90 s after the extension
    assert anna.get("/inbox").status_code == 200
    faces_clock.advance(minutes=IDLE_MINUTES, seconds=1)
    token = anna.csrf()
    ended = anna.client.post("/sessie/verlengen", headers={"X-CSRF-Token": token})
    assert ended.status_code == 401 and ended.get_json()["seconden"] == 0  # an ended session stays ended
    assert anna.get("/inbox").status_code == 302


# -- in the browser -------------------------------------------------------------------------------------
@pytest.fixture
def short_idle(live_server: dict[str, Any]) -> Iterator[dict[str, Any]]:
    platform = live_server["platform"]
    before = platform.settings.session_idle_minutes
    _idle(platform, IDLE_MINUTES)
    ref = cases.start_case(
        platform, "vergunning_klein", {}, user="anna", title="Dakkapel", initiator="J. Jansen"
    )
    with platform.uow(write=False) as uow:
        task_id = int(
            uow.session.scalars(
                select(HumanTask.id).where(HumanTask.state == "open").order_by(HumanTask.id.desc())
            ).first()
        )
    yield {**live_server, "task": task_id, "ref": ref["zaak"]}
    _idle(platform, before)


@pytest.fixture
def officer(chromium: Any, short_idle: dict[str, Any]) -> Iterator[Any]:
    ctx = chromium.new_context(locale="nl-NL")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.clock.install()  # the warning's timers run on a clock the test moves
    yield page
    ctx.close()


def _login(page: Any, url: str, username: str = "anna") -> None:
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def _on_task(page: Any, url: str, task_id: int) -> None:
    """The task page, reached through the login it first asks for."""
    page.goto(f"{url}/taken/{task_id}")
    _login(page, url)
    page.wait_for_url(re.compile(rf"/taken/{task_id}$"))


def _last_seen(platform: Any, seconds_ago: float | None = None) -> datetime:
    """The newest session's last_seen_at; with ``seconds_ago``, first set it that far back."""
    newest = select(UserSession).order_by(UserSession.id.desc()).limit(1)
    if seconds_ago is not None:
        with platform.uow() as uow:
            row_id = uow.session.scalars(newest).one().id
            back = datetime.now(UTC) - timedelta(seconds=seconds_ago)
            uow.session.execute(update(UserSession).where(UserSession.id == row_id).values(last_seen_at=back))
            uow.commit()
    with platform.uow(write=False) as uow:
        seen = uow.session.scalars(newest).one().last_seen_at
    return seen if seen.tzinfo else seen.replace(tzinfo=UTC)


@pytest.mark.browser
def test_a_warning_before_the_idle_time_ends_extends_the_session(officer, short_idle):
    page, url, platform = officer, short_idle["url"], short_idle["platform"]
    _on_task(page, url, short_idle["task"])
    warning = page.locator("#sessie-waarschuwing")
    assert warning.get_attribute("role") == "alertdialog" and warning.is_hidden()
    page.get_by_label("Toelichting").fill("Half getypt")
    page.get_by_label("Toelichting").focus()

    page.clock.run_for(55_000)  # idle 2 minutes: the warning comes 1 minute before the end
    assert warning.is_hidden()
    page.clock.run_for(10_000)

    assert warning.is_visible()
    assert "Uw sessie verloopt bijna" in warning.inner_text()
    assert re.search(r"Om \d\d:\d\d wordt u uitgelogd", warning.inner_text())
    assert page.evaluate("document.activeElement.id") == "sessie-verlengen"
    assert_accessible(page, "taak met sessiewaarschuwing")
    _last_seen(platform, seconds_ago=100)  # the server's idle time nearly passed too
    page.get_by_role("button", name="Sessie verlengen").click()
    wait_for_js(page, "document.getElementById('sessie-waarschuwing').hidden")
    assert (datetime.now(UTC) - _last_seen(platform)).total_seconds() < 10  # used now
    assert page.locator("#sessie-status").inner_text() == "Uw sessie is verlengd."
    assert page.evaluate("document.activeElement.id") == "veld-toelichting"  # back where she typed
    assert page.get_by_label("Toelichting").input_value() == "Half getypt"


@pytest.mark.browser
def test_a_form_sent_after_the_idle_time_comes_back_after_the_new_login(officer, short_idle):
    page, url, platform, task_id = officer, short_idle["url"], short_idle["platform"], short_idle["task"]
    _on_task(page, url, task_id)
    page.get_by_role("group", name="Aanvraag compleet").get_by_label("Nee").check()
    typed = "Lange beoordeling die de behandelaar typte, met tekeningen en berekening."
    page.get_by_label("Toelichting").fill(typed)
    _last_seen(platform, seconds_ago=IDLE_MINUTES * 60 + 5)  # she stopped for the idle time

    page.get_by_role("button", name="Taak afronden").click()
    page.wait_for_url(re.compile(r"/inloggen\?volgende="))

    assert (
        "U bent uitgelogd omdat u 2 minuten niet actief was." in page.locator("#sessie-verlopen").inner_text()
    )
    assert "is in deze browser bewaard" in page.locator("#formulier-bewaard").inner_text()
    assert _task_state(platform, task_id) == "open"
    _login(page, url)
    page.wait_for_url(re.compile(rf"/taken/{task_id}$"))
    assert page.get_by_label("Toelichting").input_value() == typed
    assert page.get_by_role("group", name="Aanvraag compleet").get_by_label("Nee").is_checked()
    assert "staat weer in het formulier" in page.locator("#formulier-teruggezet").inner_text()
    kept = "Object.keys(sessionStorage).filter(k => k.startsWith('ruimteflow-formulier:')).length"
    assert page.evaluate(kept) == 0  # given back once

    page.get_by_role("button", name="Taak afronden").click()
    page.wait_for_url(re.compile(r"/inbox"))
    assert _task_state(platform, task_id) == "voltooid" and page.evaluate(kept) == 0


def test_no_warning_without_a_session(browser_for):
    page = browser_for().get("/inloggen").text
    assert 'id="sessie-waarschuwing"' not in page and token_of(page)


@pytest.mark.browser
def test_a_warning_left_alone_says_the_session_ended_and_keeps_what_was_typed(officer, short_idle):
    page, url, platform, task_id = officer, short_idle["url"], short_idle["platform"], short_idle["task"]
    _on_task(page, url, task_id)
    page.get_by_label("Toelichting").fill("Niet verstuurd")

    page.clock.run_for(125_000)
    _last_seen(platform, seconds_ago=IDLE_MINUTES * 60 + 5)

    warning = page.locator("#sessie-waarschuwing")
    assert "Uw sessie is verlopen" in warning.inner_text() and page.locator("#sessie-verlengen").is_hidden()
    again = page.get_by_role("link", name="Opnieuw inloggen")
    assert page.evaluate("document.activeElement.id") == "sessie-inloggen"
    assert again.get_attribute("href") == f"/inloggen?volgende=%2Ftaken%2F{task_id}"
    again.click()
    page.wait_for_url(re.compile(r"/inloggen\?volgende="))
    assert "2 minuten niet actief" in page.locator("#sessie-verlopen").inner_text()
    _login(page, url)
    page.wait_for_url(re.compile(rf"/taken/{task_id}$"))
    assert page.get_by_label("Toelichting").input_value() == "Niet verstuurd"


@pytest.mark.browser
def test_logging_out_forgets_what_was_kept_in_the_tab(officer, short_idle):
    """Review pentest17: the fields the warning kept in the tab's sessionStorage outlived a deliberate
    "Uitloggen": the login page announced them to whoever used the tab next, readable in plain JSON."""
    page, url, task_id = officer, short_idle["url"], short_idle["task"]
    _on_task(page, url, task_id)
    page.get_by_label("Toelichting").fill("Vertrouwelijk: schuldsanering aanvrager")
    page.clock.run_for(65_000)  # the warning shows and keeps the typed fields
    kept = "Object.keys(sessionStorage).filter(k => k.startsWith('ruimteflow-formulier:')).length"
    assert page.locator("#sessie-waarschuwing").is_visible() and page.evaluate(kept) == 1
    page.get_by_role("button", name="Sessie verlengen").click()
    wait_for_js(page, "document.getElementById('sessie-waarschuwing').hidden")

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/inloggen$"))

    assert page.evaluate(kept) == 0
    assert page.locator("#formulier-bewaard").count() == 0
    assert "schuldsanering" not in page.evaluate("JSON.stringify(sessionStorage)")
