"""The besluit a case recorded, as bpmn/zgw.toml's resultaattypen read it (their ``besluit``): where one end
event closes cases of different outcomes, it picks the resultaattype, and so the Selectielijst class and
the bewaartermijn. Read from the case's workflow data by the ZGW publication (the resultaat it sends) and
by `zaken opschonen` (the term it applies), so both pick the same resultaattype.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: a wijkuitvoeringsplan the gemeenteraad adopted (Selectielijst 2020 3.1.1, blijvend bewaren)
VASTGESTELD = "vastgesteld"


def zaakbesluit(data: Mapping[str, Any]) -> str | None:
    """The case's besluit in its workflow ``data``: the ``besluit`` form value (the omgevingsvergunning's
    verlenen or weigeren), else ``VASTGESTELD`` once the gemeenteraad adopted the wijkuitvoeringsplan,
    even when that adoption was later withdrawn (the plan ended, or went back for rework and was not
    adopted again): its signed raadsbesluit stays in the case. None: no besluit recorded."""
    besluit = data.get("besluit")
    if isinstance(besluit, str):
        return besluit
    return VASTGESTELD if _ooit_vastgesteld(data) else None


def _ooit_vastgesteld(data: Mapping[str, Any]) -> bool:
    """The raad's form answer (``vastgesteld``, which a later rework leaves and a later round replaces),
    the plan's current adoption, or an adoption that lapsed on a rework (``eerder_vastgesteld``)."""
    wup = data.get("wup")
    wup = wup if isinstance(wup, Mapping) else {}
    besluiten = wup.get("besluiten")
    raad = besluiten.get("raad") if isinstance(besluiten, Mapping) else None
    nu = isinstance(raad, Mapping) and raad.get("vastgesteld") is True
    return data.get("vastgesteld") is True or nu or bool(wup.get("eerder_vastgesteld"))


#: the registration's answer when a beroep was lodged (bpmn/omgevingsvergunning.bpmn, "Bezwaar of beroep
#: registreren"): the case ends then and the rechtbank decides
BEROEP = "beroep"


def beroep_ingesteld(data: Mapping[str, Any]) -> bool:
    """Whether the case in its workflow ``data`` closed on a beroep registered against its besluit: a
    bezwaar- or beroepschrift was received (``bezwaar_ontvangst``) and the officer registered it as beroep
    (``soort``). The court proceedings then still need the file (Awb 8:42)."""
    return isinstance(data.get("bezwaar_ontvangst"), Mapping) and data.get("soort") == BEROEP
