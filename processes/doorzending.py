"""Doorzenden: a permit application for which the gemeente is not the bevoegd gezag.

Awb 2:3 lid 1: an administrative body that receives an application for which another body is
competent forwards it without delay ("onverwijld doorzenden") and tells the sender so at the same time.
The intake (processes/vergunning.normaliseer_aanvraag) records who is bevoegd gezag; when that is the
provincie or the Rijk, bpmn/omgevingsvergunning.bpmn forwards the application instead of assessing it:
no procedure, no beslistermijn, no dwangsom and no besluit of the gemeente. No database, workflow or web
imports: services/domain/vergunning_doorzending.py wires this to the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.errors import ValidationError
from processes.termijnen.datums import als_datum, datum_nl

#: the authorities the gemeente forwards to, in the words of a sentence ("doorzenden naar ...")
GEZAG_NAAM = {"provincie": "de provincie", "rijk": "het Rijk"}
#: the longest name of a receiving authority that is stored
MAX_ONTVANGER = 200


def gezag_naam(bevoegd_gezag: str) -> str:
    """``"provincie"`` -> ``"de provincie"``, ``"rijk"`` -> ``"het Rijk"``."""
    try:
        return GEZAG_NAAM[bevoegd_gezag]
    except KeyError:
        raise ValidationError(
            f"Alleen een aanvraag waarvoor de provincie of het Rijk bevoegd gezag is, wordt doorgezonden; "
            f"deze heeft bevoegd gezag '{bevoegd_gezag}'.",
            code="doorzending-gemeente-bevoegd",
        ) from None


def doorzending(
    aanvraag: Mapping[str, Any], ontvanger: Any, doorgezonden_op: Any, *, vandaag: date
) -> dict[str, Any]:
    """The forward the behandelaar confirms: to whom (``ontvanger``, the competent body, e.g.
    "Gedeputeerde Staten van Gelderland") and on which day (empty: today; not in the future, not
    before the application was received). Refused with a Dutch ValidationError otherwise."""
    gezag = str(aanvraag.get("bevoegd_gezag") or "gemeente")
    naam = gezag_naam(gezag)
    naar = " ".join(str(ontvanger or "").split())
    if not naar or len(naar) > MAX_ONTVANGER:
        raise ValidationError(
            f"Noem het bestuursorgaan waarnaar de aanvraag is doorgezonden (ten hoogste {MAX_ONTVANGER} "
            "tekens), bijvoorbeeld 'Gedeputeerde Staten van Gelderland'.",
            code="doorzending-ontvanger",
        )
    op = als_datum(doorgezonden_op, "Doorgezonden op") if doorgezonden_op else vandaag
    ontvangen = als_datum(aanvraag.get("ontvangen") or vandaag, "De ontvangstdatum van de aanvraag")
    if op > vandaag or op < ontvangen:
        raise ValidationError(
            f"De datum van doorzending ({datum_nl(op)}) ligt niet tussen de ontvangst van de aanvraag "
            f"({datum_nl(ontvangen)}) en vandaag.",
            code="doorzending-datum",
        )
    return {"bevoegd_gezag": gezag, "gezag_naam": naam, "naar": naar, "op": op.isoformat()}


def doorzending_tekst(d: Mapping[str, Any], *, voor_derden: bool = False) -> str:
    """What the applicant is told at the same time as the forward (Awb 2:3 lid 1); ``voor_derden``: the
    same in the third person, as every other reader of the case reads it (processes.aanspreekvorm)."""
    op = als_datum(d["op"], "Doorgezonden op")
    uw = "de" if voor_derden else "uw"
    return (
        f"{uw.capitalize()} aanvraag is op {datum_nl(op)} doorgezonden naar {d['naar']}. Voor deze aanvraag is "
        f"{d['gezag_naam']} bevoegd gezag, niet de gemeente (artikel 2:3 van de Algemene wet "
        f"bestuursrecht). {d['naar']} behandelt {uw} aanvraag verder en beslist erover; de gemeente "
        "neemt er geen besluit op."
    )
