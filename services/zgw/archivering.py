"""The zaak's archive dates in Open Zaak, as `zaken opschonen` dates the case (processes.bewaartermijn): its
startdatumBewaartermijn (the day its term counts from), archiefnominatie and archiefactiedatum.

Open Zaak 1.30 dates a zaak itself at its eindstatus, for afleidingswijze afgehandeld from the UTC date of
that status (zaken/brondatum.py), a day early for a case closed just after midnight, unless the zaak holds a
startdatumBewaartermijn; it then counts from that day. So before the eindstatus the zaak gets the dates
Ruimteflow counts (``before_end``). A case closed on a beroep counts from the court's uitspraak and is
undated until it is recorded (``brondatum``): after the eindstatus such a zaak loses the dates Open
Zaak gave it (``after_end``), and recording the uitspraak sends them (``uitspraak``, the "zaak-archief"
message). Changing a closed zaak needs Open Zaak's scope zaken.geforceerd-bijwerken.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from processes.bewaartermijn import brondatum, lees_termijn
from services.clock import in_nl
from services.engine import stored
from services.store.models import Case
from services.zgw import payloads as p
from services.zgw.mapping import mapping_for
from services.zgw.mapping_model import ResultaatTypeMap
from services.zgw.remote import NotSent, ZgwRemote
from services.zgw.selectielijst import AFGEHANDELD


def archiefactiedatum(rt: ResultaatTypeMap, bron: date) -> date | None:
    """The day the archive action of a zaak of resultaattype ``rt`` is due when its term counts from
    ``bron`` (its ``brondatum``: the Dutch day it closed, or the court's uitspraak on a beroep): that day
    plus its archiefactietermijn, as `zaken opschonen` counts; None when the term counts from another date
    than the closing (an afleidingswijze such as vervaldatum_besluit)."""
    if rt.afleidingswijze != AFGEHANDELD:
        return None
    return lees_termijn(rt.archiefactietermijn, f"zgw.toml: resultaattype '{rt.key}'").einde(bron)


def _brondatum(r: ZgwRemote, case_id: int, gesloten_op: date) -> date | None:
    """The day the case's term counts from (``brondatum``); None while a beroep is pending."""

    def read(s: Any, case: Case) -> date | None:
        document = stored.parse(case.workflow.document) if case.workflow is not None else None
        data = stored.workflow_data(document) if document is not None else {}
        return brondatum(data, case.typed_summary.uitspraak, gesloten_op)[0]

    return r.read(case_id, read)


def before_end(r: ZgwRemote, case_id: int, zaak: str, rt: ResultaatTypeMap, at: datetime) -> None:
    """Before the eindstatus at ``at``: the zaak's dates as `zaken opschonen` counts them. Not for a term that
    counts from another date (Open Zaak dates that one), nor a pending beroep (``after_end``), nor on a zaak
    already closed (a retry)."""
    bron = _brondatum(r, case_id, in_nl(at).date())
    datum = archiefactiedatum(rt, bron) if bron is not None else None
    if bron is None or datum is None or r.stored(case_id, "eindstatus"):
        return
    r.client.patch(zaak, p.zaak_archief(bron, rt.archiefnominatie, datum))


def after_end(r: ZgwRemote, case_id: int, zaak: str, rt: ResultaatTypeMap, at: datetime) -> None:
    """After the eindstatus: a zaak closed on a beroep whose uitspraak is not recorded loses the
    startdatumBewaartermijn and archiefactiedatum Open Zaak counted from its closing day."""
    if rt.afleidingswijze == AFGEHANDELD and _brondatum(r, case_id, in_nl(at).date()) is None:
        r.client.patch(zaak, p.zaak_archief_ongedateerd())


def uitspraak(r: ZgwRemote, case_id: int) -> None:
    """The court's uitspraak recorded on a zaak closed on a beroep: the zaak dated from that day, with the
    resultaattype Open Zaak holds for it (a zaak without resultaat yet gets its dates with it)."""
    zaak = r.zaak_url(case_id)
    found = r.client.find("zaken", "resultaten", zaak=zaak)
    if not found:
        raise NotSent("De zaak heeft nog geen resultaat; het einde van de zaak geeft haar de archiefdata.")
    types, process_id = r.types(case_id), r.process_id(case_id)
    keys = [k for k, url in types.resultaattypen.items() if url == found[0].get("resultaattype")]
    resultaattypen = mapping_for(r.platform.settings).procedure(process_id).resultaattypen
    rt = resultaattypen.get(keys[0]) if keys else None
    closed = r.read(case_id, lambda s, case: case.closed_at)
    bron = _brondatum(r, case_id, in_nl(closed).date()) if closed is not None else None
    datum = archiefactiedatum(rt, bron) if rt is not None and bron is not None else None
    if rt is None or bron is None or datum is None:
        raise NotSent(
            "De archiefactiedatum van de zaak is hier niet te dateren (geen resultaattype in bpmn/zgw.toml, "
            "geen uitspraak, of een termijn die vanaf een andere datum telt); de zaak blijft zoals ze is."
        )
    r.client.patch(zaak, p.zaak_archief(bron, rt.archiefnominatie, datum))
