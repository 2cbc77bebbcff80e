"""The small kaart_status_vergunning case the mail tests start, with the initiator's address."""

from __future__ import annotations

from typing import Any

from services import cases

COOP = "coop@ruimtedal.example"


def start_mail_case(platform: Any, email: str | None = COOP, user: str | None = None) -> dict[str, Any]:
    """A kaart_status_vergunning case (the sporthal's solar roof) whose initiator gave ``email``."""
    return cases.start_case(
        platform,
        "kaart_status_vergunning",
        {"email": email} if email else {},
        user=user,
        title="Zonnedak sporthal",
        initiator="Energiecoöperatie Ruimtedal",
        geometry_wkt="POINT (226000 448000)",
    )
