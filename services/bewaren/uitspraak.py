"""The hold on a case closed on a beroep: its file stays until the court's uitspraak is recorded.

A case whose besluit was taken to court closes the day the beroep is registered (the rechtbank decides;
bpmn/omgevingsvergunning.bpmn), while the proceedings, and an appeal to the Raad van State, may still need
the file (Awb 8:42). Such a case cannot be dated by its closing day: `zaken opschonen` keeps it as "beroep
aanhangig" (services/bewaren/termijn.py, the "niet te dateren" path) until an officer records the day of
the final uitspraak (`ruimteflow zaken uitspraak ZAAK --op DATUM --door NAAM`); its bewaartermijn then
counts from that day (processes.bewaartermijn.brondatum, which dates the zaak in Open Zaak alike: undated at its
end, and dated by a "zaak-archief" message once the uitspraak is recorded).
"""

from __future__ import annotations

from typing import Any

from processes.constants import CaseStatus
from processes.errors import Conflict, ValidationError
from processes.termijnen.datums import datum_nl, lees_datum
from processes.zaakbesluit import beroep_ingesteld
from services import cases, zgw_outbox
from services.clock import in_nl
from services.engine import stored
from services.platform import Platform
from services.store.models import CaseEvent


def vastleggen(platform: Platform, zaak: str, op: str, door: str) -> dict[str, Any]:
    """Record ``op`` (JJJJ-MM-DD) as the day of the court's final uitspraak on the beroep ``zaak`` closed
    on, by ``door``. Refused with a Dutch error, nothing changed: an unknown case (404), one that is not
    closed on a beroep (409 ``geen-beroep``), a day after today or before the case closed (400
    ``uitspraak-datum``). Recording it again replaces the day (a later uitspraak on appeal)."""
    dag = lees_datum(op, "De datum van de uitspraak")
    door = door.strip()[:200]
    if not door:
        raise ValidationError(
            "Geef met --door wie de uitspraak vastlegt. Er is niets gewijzigd.", code="uitspraak-door"
        )
    with platform.uow() as uow:
        case = cases.case_by_key(uow.session, zaak, lock=True)
        document = stored.parse(case.workflow.document) if case.workflow is not None else None
        data = stored.workflow_data(document) if document is not None else {}
        if case.status != CaseStatus.AFGEROND or case.closed_at is None or not beroep_ingesteld(data):
            raise Conflict(
                f"Zaak {case.reference} is niet afgerond op een ingesteld beroep; een uitspraak vastleggen "
                "kan alleen daar. Er is niets gewijzigd.",
                code="geen-beroep",
            )
        gesloten = in_nl(case.closed_at).date()
        vandaag = in_nl(platform.clock.now()).date()
        if dag > vandaag or dag < gesloten:
            raise ValidationError(
                f"De datum van de uitspraak ({datum_nl(dag)}) ligt niet tussen de afronding van de zaak "
                f"({datum_nl(gesloten)}) en vandaag. Er is niets gewijzigd.",
                code="uitspraak-datum",
            )
        uitspraak = {"op": dag.isoformat(), "door": door, "vastgelegd_op": platform.clock.now().isoformat()}
        case.summary = case.typed_summary.merged({"uitspraak": uitspraak}).to_json()
        s = uow.session
        s.add(
            CaseEvent(
                case_id=case.id,
                at=platform.clock.now(),
                actor=door,
                kind="uitspraak",
                message=f"Uitspraak van de rechter op het beroep vastgelegd: {datum_nl(dag)}. De bewaartermijn "
                "telt vanaf die dag.",
                public=False,
                data={"op": dag.isoformat()},
            )
        )
        if zgw_outbox.enabled(platform.settings) and zgw_outbox.messages(s, case.id, ("zaak",)):
            zgw_outbox.put(s, case, "zaak-archief", {"uitspraak": dag.isoformat()}, platform.clock.now())
        uow.commit()
        return {"zaak": case.reference, **uitspraak}
