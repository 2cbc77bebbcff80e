"""anna, an officer of Vergunningen, logged in to the app of a permit case (test_omgevingsvergunning's
Omgeving)."""

from __future__ import annotations

from typing import Any

from services import users
from tests.e2e.harness import logged_in
from tests.integration import test_zaakpagina_kcc as kcc
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app


def officer_anna(z: Omgeving) -> Any:
    """anna added with the KCC tests' password, and a test client of the app she is logged in to."""
    users.add_user(
        z.p, "anna", groups=["Vergunningen"], role="vergunningverlener", password=kcc.PW,
        display_name="Anna de Vries",
    )  # fmt: skip
    return logged_in(create_app(z.p.settings, platform=z.p), "anna", kcc.PW)
