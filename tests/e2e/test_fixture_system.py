"""One e2e fixture system: one clock, one browser, one CSRF helper, one live server, one chromium lookup."""

from __future__ import annotations

from pathlib import Path

from services.clock import FixedClock
from tests import conftest as root
from tests.e2e import conftest as faces
from tests.e2e import harness
from tests.e2e import kaart_status_fixtures as fx


def test_the_faces_clock_is_the_one_test_clock(clock: FixedClock, faces_clock: FixedClock) -> None:
    assert faces_clock is clock
    faces_clock.advance(days=1)
    assert clock.now() == faces_clock.now()


def test_the_kaart_and_status_names_are_the_shared_fixtures_and_helpers() -> None:
    assert fx.clock is root.clock
    assert fx.browser is faces.browser
    assert fx.csrf_from is faces.token_of is harness.csrf_from
    assert fx.chromium_path is faces.chromium_path is harness.chromium_path
    assert fx.LiveServer is harness.LiveServer
    assert fx.CHROMIUM_ARGS is faces.CHROMIUM_ARGS


def test_the_csrf_helper_reads_the_token_of_a_form() -> None:
    html = '<form><input type="hidden" name="csrf_token" value="abc-123"></form>'
    assert harness.csrf_from(html) == "abc-123"


def test_no_browser_test_waits_through_playwrights_eval() -> None:
    """``wait_for_function`` polls with ``eval`` in the page, which the faces' CSP refuses once the
    first check fails (a race the CI lost); the tests wait with ``harness.wait_for_js`` instead."""
    call = "." + "wait_for_function("  # split, so this file does not find itself
    here = Path(faces.__file__).parent
    users = [p.name for p in here.glob("*.py") if call in p.read_text(encoding="utf-8")]
    assert users == []
