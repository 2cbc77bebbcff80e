"""At the zaak's end its informatieobjecten become definitief: a closed case's documents no longer change
in Ruimteflow (services.documents.checks.check_case_open), and Open Zaak archives a zaak only once every
document of it is archived, which a document still ``in_bewerking`` (an advice report, an officer's own
document) or ``ter_vaststelling`` would hold up by hand, one by one.

Before the eindstatus, each enkelvoudiginformatieobject of Ruimteflow the zaak links (its
zaakinformatieobjecten) that is not final yet is locked, PATCHed to ``definitief`` and unlocked (services.zgw.versions.edit). A retry
finds the ones already final and changes nothing; an edit an earlier attempt left locked is finished with
its stored lock (or, its lock answer lost, unlocked by force where Open Zaak allows it). A document locked
by someone else holds the zaak's end back (retried, with the reason in beheer) until it is unlocked. A
document another application linked to the zaak (not sent by Ruimteflow) is left alone: that application
finishes its own documents.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from processes.constants import DOCUMENT_NOT_FINAL
from services.store.models import Case, ZgwObject
from services.zgw import payloads as p
from services.zgw import versions
from services.zgw.remote import ZgwRemote

_DOCUMENT = "document:"


def make_final(r: ZgwRemote, case_id: int, zaak: str) -> None:
    """Every informatieobject of the zaak ``zaak`` that is not final yet becomes ``definitief``."""
    ours = r.read(case_id, _documents)
    for zio in r.client.find("zaken", "zaakinformatieobjecten", zaak=zaak):
        eio = str(zio["informatieobject"])
        doc_id = ours.get(eio)
        if doc_id is None:  # another application's document: its own to finish, not Ruimteflow's
            continue
        remote = r.client.get(eio)
        change = p.EIO_DEFINITIEF if remote.get("status") in DOCUMENT_NOT_FINAL else {}
        what = f"Document {doc_id} ({remote.get('titel') or ''})"
        versions.edit(r, case_id, f"lock:{doc_id}", eio, remote, change, what)  # the lock key of its versions


def _documents(s: Any, case: Case) -> dict[str, str]:
    """The URL of each document of the case sent to the Documenten API -> its local id."""
    rows = s.execute(
        select(ZgwObject.url, ZgwObject.local_key).where(
            ZgwObject.case_id == case.id, ZgwObject.local_key.startswith(_DOCUMENT)
        )
    )
    return {url: key.removeprefix(_DOCUMENT) for url, key in rows}
