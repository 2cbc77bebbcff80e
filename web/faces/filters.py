"""Jinja filters for Dutch dates, deadlines, numbers, areas and labels."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import Flask

from processes.constants import SOON_DAYS, SOON_LABEL, CaseStatus, Severity, TaskState
from processes.nederlands import afstand, euro
from processes.nederlands import getal as _dutch  # a number the Dutch way: 1.234.567,8
from processes.termijnen import opschorting_vanaf
from processes.termijnen.datums import datum_nl
from processes.termijnen.dwangsom import stand_in_woorden
from services.clock import in_nl, tijdstip_nl
from services.users import ROLES

SEVERITY = {str(s): s.label for s in Severity}
STATUS = {str(s): s.label for s in (*CaseStatus, *TaskState)}


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


def opgeschort_vanaf(verzoek: Any) -> str:
    """The first day a suspension stands still, from the day of its aanvullingsverzoek (Awb 4:15 lid 1:
    the day after), as the deadline explanation and the timeline name it: '2026-12-05' -> '6 december 2026'."""
    d = _parse(verzoek)
    if d is None:
        return datum(verzoek)
    return datum_nl(opschorting_vanaf(in_nl(d).date() if isinstance(d, datetime) else d))


def opschortingsperiode(verzoek: Any, tot: Any, laatste_dag: Any = None) -> str:
    """A suspension period in words: from the day after its request through ``laatste_dag``, its last
    suspended day (processes.termijnen.staat.projectie; a case shown before that field counted through
    ``tot``); a request answered on its day or the day after suspended nothing (Awb 4:15 lid 1)."""
    if not tot:
        return f"{opgeschort_vanaf(verzoek)} – nog lopend"
    laatste = laatste_dag or tot
    if datum(verzoek) == datum(laatste):
        return f"geen opschorting (verzoek op {datum(verzoek)}, aanvulling op {datum(tot)})"
    return f"{opgeschort_vanaf(verzoek)} t/m {datum(laatste)}"


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
            "kort": SOON_LABEL,
        }
    return {"klasse": "ruim", "tekst": f"nog {n} dagen", "kort": ""}


def percentage(value: Any) -> str:
    """A share as a percentage: whole percents, one decimal near 0 and 100 % so that a small share does
    not read as none ("0,4%", "<0,1%") and an almost full one not as full ("99,6%", ">99,9%")."""
    if value is None:
        return "—"
    share = float(value) * 100
    if 0 < share < 0.05:
        return "<0,1%"
    if 99.95 <= share < 100:
        return ">99,9%"
    if 0 < share < 1 or 99 < share < 100:
        return _dutch(share, 1) + "%"
    return _dutch(share, 0) + "%"


def getal(value: Any) -> str:
    """A number with Dutch thousands separators; a fraction with one decimal (3.000.000.000,0)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return _dutch(value, 1)
    if isinstance(value, int) and not isinstance(value, bool):
        return _dutch(value, 0)
    return str(value)


def oppervlakte(value: Any) -> str:
    """An area in m² with its unit: m² below 1 ha, hectares from 1 ha (whole ones from 100 ha):
    "13,4 m²", "9.876,5 m²", "1,2 ha", "300.000 ha"."""
    if value is None:
        return "—"
    m2 = float(value)
    if m2 < 10_000:
        return f"{_dutch(m2, 1)} m²"
    ha = m2 / 10_000
    return f"{_dutch(ha, 1 if round(ha, 1) < 100 else 0)} ha"


#: the labels of keys whose words alone read wrong or say too little
KEY_LABELS = {
    "feestdagen_onzeker": "feestdagen van dat jaar nog niet bekendgemaakt",
    "mer_plichtig": "MER-plichtig",
    "atw_op_uitgebreid": "Algemene termijnenwet op de termijn van 6 maanden",
}
#: a key's unit -> what its label says of it; an amount in euros (``_euro``) says it in its value (``euro``)
EURO = "_euro"
KEY_UNITS = {EURO: "", "_pct": " (%)", "_mw": " (MW)", "_mva": " (MVA)"}


def sleutel(key: Any) -> str:
    """A variable name in words, as in the text: "procedure_reden" -> "procedure reden",
    "uiterlijkeEinddatumAfdoening" -> "uiterlijke einddatum afdoening" (acronyms stay); a key of
    ``KEY_LABELS`` its label, a unit of ``KEY_UNITS`` as the label says it ("vermogen_mw" -> "vermogen (MW)",
    "bedrag_euro" -> "bedrag")."""
    text = str(key)
    if text in KEY_LABELS:
        return KEY_LABELS[text]
    unit = next((u for u in KEY_UNITS if text.endswith(u) and len(text) > len(u)), "")
    words = re.sub(
        r"(?<=[a-z])([A-Z])(?=[a-z])",
        lambda m: " " + m.group(1).lower(),
        text.removesuffix(unit).replace("_", " "),
    )
    return words + KEY_UNITS.get(unit, "")


def label(key: Any) -> str:
    """A variable name as the label of its value (the case file's "Gegevens", at every depth):
    "bedrag_euro" -> "Bedrag", "maximum_bereikt" -> "Maximum bereikt"."""
    text = sleutel(key)
    return text[:1].upper() + text[1:]


def register_filters(app: Flask) -> None:
    app.add_template_filter(label, "label")
    app.add_template_filter(datum, "datum")
    app.add_template_filter(opgeschort_vanaf, "opgeschort_vanaf")
    app.add_template_filter(opschortingsperiode, "opschortingsperiode")
    app.add_template_filter(tijdstip, "tijdstip")
    app.add_template_filter(termijn, "termijn")
    app.add_template_filter(stand_in_woorden, "dwangsom")
    app.add_template_filter(percentage, "percentage")
    app.add_template_filter(getal, "getal")
    app.add_template_filter(oppervlakte, "oppervlakte")
    app.add_template_filter(afstand, "afstand")
    app.add_template_filter(euro, "euro")
    app.add_template_filter(lambda r: ROLES.get(r, r), "rol_naam")
    app.add_template_filter(lambda s: SEVERITY.get(s, s or "—"), "ernst_naam")
    app.add_template_filter(lambda s: STATUS.get(s, s or "—"), "status_naam")
