"""The permit case (test_omgevingsvergunning's Omgeving) past its term and put in gebreke, for the
dwangsom tests."""

from __future__ import annotations

from datetime import UTC, datetime

from services.status.messages import send_public_message
from tests.integration.test_omgevingsvergunning import Omgeving


def in_2026(m: int, d: int, h: int = 8) -> datetime:
    """Day ``d`` of month ``m`` in 2026 at ``h`` o'clock (UTC)."""
    return datetime(2026, m, d, h, 0, tzinfo=UTC)


def in_gebreke(z: Omgeving) -> str:
    """A regular case past its term (28 April); the applicant's ingebrekestelling received on 29 April."""
    code = str(z.start(email="jansen@example.org")["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.op(in_2026(4, 29))
    send_public_message(z.p, code, "ingebrekestelling", {"tekst": "Beslis.", "bevestigd": True})
    return code
