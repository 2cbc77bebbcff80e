"""Jinja filters for Dutch dates, deadlines and labels."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import Flask

from processes.constants import Severity
from processes.termijnen.datums import datum_nl
from services.clock import in_nl, tijdstip_nl
from services.users import ROLES

SEVERITY = {str(s): s.label for s in Severity}
STATUS = {
    "lopend": "Lopend",
    "afgerond": "Afgerond",
    "incident": "Incident",
    "gepauzeerd": "Gepauzeerd",
    "open": "Open",
    "voltooid": "Voltooid",
    "vervallen": "Vervallen",
}
SOON_DAYS = 14


def _parse(value: Any) -> date | datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value
    text = str(value)
    try:
        return datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text[:10])
    except ValueError:
        return None


def datum(value: Any) -> str:
    """'2026-03-02' -> '2 maart 2026'."""
    d = _parse(value)
    if d is None:
        return "—" if value in (None, "") else str(value)
    if isinstance(d, datetime):
        d = in_nl(d).date()
    return datum_nl(d)


def tijdstip(value: Any) -> str:
    """An ISO moment in Dutch local time: '2 maart 2026, 10:15'."""
    d = _parse(value)
    if not isinstance(d, datetime):
        return datum(value)
    return tijdstip_nl(d)


def termijn(days_left: Any) -> dict[str, str]:
    """The state of a legal deadline as a CSS class and a text (never colour only)."""
    if days_left is None:
        return {"klasse": "geen", "tekst": "geen wettelijke termijn", "kort": ""}
    n = int(days_left)
    if n < 0:
        return {
            "klasse": "te-laat",
            "tekst": f"{-n} {'dag' if n == -1 else 'dagen'} te laat",
            "kort": "Te laat",
        }
    if n == 0:
        return {"klasse": "binnenkort", "tekst": "verloopt vandaag", "kort": "Vandaag"}
    if n <= SOON_DAYS:
        return {
            "klasse": "binnenkort",
            "tekst": f"nog {n} {'dag' if n == 1 else 'dagen'}",
            "kort": "Binnen 2 weken",
        }
    return {"klasse": "ruim", "tekst": f"nog {n} dagen", "kort": ""}


def percentage(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.0f}%".replace(".", ",")


def getal(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def sleutel(key: Any) -> str:
    """A variable name in words, as in the text: "procedure_reden" -> "procedure reden",
    "uiterlijkeEinddatumAfdoening" -> "uiterlijke einddatum afdoening" (acronyms stay)."""
    return re.sub(
        r"(?<=[a-z])([A-Z])(?=[a-z])", lambda m: " " + m.group(1).lower(), str(key).replace("_", " ")
    )


def register_filters(app: Flask) -> None:
    app.add_template_filter(sleutel, "sleutel")
    app.add_template_filter(datum, "datum")
    app.add_template_filter(tijdstip, "tijdstip")
    app.add_template_filter(termijn, "termijn")
    app.add_template_filter(percentage, "percentage")
    app.add_template_filter(getal, "getal")
    app.add_template_filter(lambda r: ROLES.get(r, r), "rol_naam")
    app.add_template_filter(lambda s: SEVERITY.get(s, s or "—"), "ernst_naam")
    app.add_template_filter(lambda s: STATUS.get(s, s or "—"), "status_naam")
