"""Whether a supplement (aanvulling) or an advice report brings the documents that were asked for.

Decision for issue 13: an aanvullingsverzoek names the informatieobjecttypen it needs, by their codes in
bpmn/documenttypen.toml (for example ``["bijlage", "aanvraagformulier"]``; a type may be named twice when
two documents of it are needed). The supplement is complete, and the suspension may end, only when for
every requested type enough documents of that type (not deleted) received a version on or after the
moment of the request: a new document or a new version of an existing one. An advice task declares its
required report the same way (``["advies"]``). The BPMN wiring (status page form, advice task property)
calls ``documenten_status`` and is left to the faces.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from processes.errors import ValidationError
from services.cases import case_by_key
from services.documents.types import types_of
from services.platform import Platform
from services.store.models import Document, DocumentVersion


def documenten_status(
    platform: Platform, case_key: int | str, *, gevraagd: Sequence[str], sinds: datetime
) -> dict[str, Any]:
    """``{"compleet": bool, "ontbreekt": [Dutch type names], "ontvangen": [{type, document, titel}]}``."""
    if not gevraagd:
        raise ValidationError("Noem ten minste één gevraagd documenttype.", code="documenttypen-ontbreken")
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_key(s, case_key)
        types = [types_of(platform).type(case.process_id, code) for code in gevraagd]
        rows = s.execute(
            select(Document.id, Document.titel, Document.informatieobjecttype)
            .join(DocumentVersion, DocumentVersion.document_id == Document.id)
            .where(
                Document.case_id == case.id,
                Document.verwijderd.is_(False),
                Document.informatieobjecttype.in_(set(gevraagd)),
                DocumentVersion.uploaded_at >= sinds,
            )
            .distinct()
            .order_by(Document.id)
        ).all()
    have = Counter(row.informatieobjecttype for row in rows)
    need = Counter(gevraagd)
    names = {t.code: t.omschrijving for t in types}
    ontbreekt = [
        names[code] + (f" ({need[code] - have[code]}x)" if need[code] - have[code] > 1 else "")
        for code in need
        if have[code] < need[code]
    ]
    return {
        "compleet": not ontbreekt,
        "ontbreekt": ontbreekt,
        "ontvangen": [{"type": r.informatieobjecttype, "document": r.id, "titel": r.titel} for r in rows],
    }
