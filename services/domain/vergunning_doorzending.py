"""The forward of a permit application to the provincie or the Rijk (Awb 2:3), for
bpmn/omgevingsvergunning.bpmn. The rules live in processes/doorzending.py."""

from __future__ import annotations

from typing import Any

from processes import doorzending as d
from services.engine.context import current
from services.registry import Registry


def doorzending_vastleggen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Record the forward the behandelaar confirmed (``ontvanger``, ``doorgezonden_op``) and tell the
    applicant at the same time (public timeline and the ``doorzending`` mail)."""
    ctx = current()
    aanvraag = data.get("aanvraag")
    aanvraag = aanvraag if isinstance(aanvraag, dict) else {}
    info = d.doorzending(aanvraag, data.get("ontvanger"), data.get("doorgezonden_op"), vandaag=ctx.today())
    ctx.case_updates["doorgezonden"] = {k: info[k] for k in ("bevoegd_gezag", "naar", "op")}
    derden = d.doorzending_tekst(info, voor_derden=True)  # what every reader but the applicant reads
    ctx.event("doorzending", d.doorzending_tekst(info), public=True, voor_derden=derden)
    return info


def register(registry: Registry) -> None:
    registry.service(
        "doorzending_vastleggen",
        doorzending_vastleggen,
        "legt de doorzending van de aanvraag naar het bevoegd gezag vast en meldt het de aanvrager (Awb 2:3)",
    )
    registry.helper("gezag_naam", d.gezag_naam, "'de provincie' of 'het Rijk', voor teksten")
