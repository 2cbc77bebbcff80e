"""What an account outside the municipality (an initiator, an outside party: ``DocumentActor.municipal`` is
false) may upload to a case with its account (the API, the case file), new documents and new versions alike:

* a budget of uploads per account and case per hour (``Settings.document_uploads_per_case_per_hour``),
  counted in the ``auth_failure`` table by services.ratelimit as the status page's files are
  (services/status/submissions.py). It is charged once the read checks let the upload through (the case is
  open, the account may add the type), before the content is received, hashed and scanned; a file refused
  after that still counts, as it cost its reception: over its type's cap or of a wrong type (refused before
  the scan), a virus, a duplicate or no room left (refused after it). A virus scanner that cannot be reached
  (``ScanUnavailable``, 503) or a store that cannot take the content (``StorageFailed``, 503, a full disk)
  gives the charge back (``refunded_on_our_failure``, as for an application's bijlagen,
  services/status/intake.py): nothing was scanned or stored, and the failure is the municipality's, not
  the uploader's. Past the budget: 429 with the wait, and nothing is stored.
* the bytes per account and case (``Settings.document_mb_per_case``): every version it stored there,
  deleted documents too (the store keeps them). Checked in the write transaction, under the case's row
  lock, so parallel uploads cannot both take the last room: 422 ``zaak-opslag-vol``. Not 413: that answer
  means "this file is over its type's cap" (``document-te-groot``) and the same file fits another case;
  here a file of an accepted size meets a case that has no room left for this account.

Both are per account and case: one party's flood does not lock another party (a netbeheerder's advice) out
of the case, nor the account out of its other cases. The municipality's own staff are not bounded: their
uploads are the work itself (a hundred zienswijzen registered from letters, a MER of several hundred MB), by
accountable accounts on the case's timeline, and a budget meant for the public would stop them at a legal
deadline; every party's single file stays under its type's cap (bpmn/documenttypen.toml). Uploads of the
status page (services/documents/public.py, by the code holder) have their own budget of messages
(``charge_message``), given back on the same outage by the same helper: one rule for every budget. Their
bytes are bounded by the same rule (``check_room``, the same figure, under the same lock), counted for
what the code holder stored on the case (its application's bijlagen and its messages' files), worded for
the status page and the application form (their ``Room``): a message whose files do not fit all together
stores none of them, an application whose bijlagen do not is not started (a new case holds nothing, so they
are checked before it starts, ``check_new_case_room``: the model runs nothing for it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes.errors import Unprocessable
from processes.nederlands import mb_tekst
from services import policy
from services.config import Settings
from services.documents.checks import ScanUnavailable
from services.documents.storage import StorageFailed
from services.platform import Platform
from services.ratelimit import HOUR, Budget, charge_or_refuse, refunded_on, wait_phrase
from services.store.models import Case, DocumentVersion

MB = 1024 * 1024
#: the code of ``check_room``'s refusal: no room left on the case for these bytes (422)
NO_ROOM = "zaak-opslag-vol"
#: the ``auth_failure`` scope of the uploads counted here
UPLOADS = "document-upload"


@dataclass(frozen=True)
class PublicUpload:
    """An upload by an account outside the municipality to a case: what ``charge_upload`` counts."""

    username: str
    case_id: int
    reference: str


def public_upload(actor: policy.DocumentActor | None, case: Case) -> PublicUpload | None:
    """The upload ``charge_upload`` counts; None for the municipality's own and the system (no actor)."""
    if actor is None or actor.municipal:
        return None
    return PublicUpload(actor.username, case.id, case.reference)


def charge_upload(platform: Platform, upload: PublicUpload | None) -> list[int]:
    """Count one upload of the account to the case; TooManyAttempts (429, with the wait) when it used up
    its budget of the hour (then nothing is counted, and the caller stores nothing). Returns the ids of
    the charge (``refunded_on_our_failure`` takes them back)."""
    if upload is None:
        return []
    per_hour = max(1, int(platform.settings.document_uploads_per_case_per_hour))

    def refusal(wait: int) -> str:
        return (
            f"Het document is niet opgeslagen: u heeft te veel documenten en versies toegevoegd aan zaak "
            f"{upload.reference} (ten hoogste {per_hour} per uur). {wait_phrase(wait)} en probeer het dan "
            "opnieuw."
        )

    claim = (Budget(UPLOADS, per_hour, HOUR), f"{upload.username}\x00{upload.case_id}")
    return charge_or_refuse(platform, [claim], refusal)


#: the failures of the municipality's, not the client's: nothing of what was sent is scanned or stored, and
#: it may be sent again later (web.errors ``stored_nothing`` shows a public form again with them)
OUR_FAILURES = (ScanUnavailable, StorageFailed)


@contextmanager
def refunded_on_our_failure(platform: Platform, charged: list[int]) -> Iterator[None]:
    """Give the ``charged`` ids back (services.ratelimit ``settle``) when what runs inside fails for a
    reason of ours: the virus scanner cannot be reached (ScanUnavailable, 503: nothing was scanned) or
    the content cannot be stored (StorageFailed, 503: nothing was stored). The municipality's fault, not
    the client's. Any other refusal keeps the charge: the file was received (and scanned) for it."""
    with refunded_on(platform, charged, OUR_FAILURES):
        yield


@dataclass(frozen=True)
class Room:
    """Whose bytes on a case ``check_room`` bounds, and how its refusal reads."""

    #: the ``DocumentVersion.uploaded_by`` whose bytes on the case count
    uploaded_by: str
    #: the refusal's Dutch text from (the bytes to add, the bytes stored, the limit)
    wording: Callable[[int, int, int], str]
    #: the form field the refusal is shown at (its ``fouten``), if any
    field: str | None = None


def account_room(actor: policy.DocumentActor | None, case: Case) -> Room | None:
    """The room of an upload with an account: bounded outside the municipality (``public_upload``); None for
    the municipality's own and the system (no actor)."""
    upload = public_upload(actor, case)
    return None if upload is None else Room(upload.username, partial(_account_full, case.reference))


def check_room(s: Session, case: Case, room: Room | None, size: int, settings: Settings) -> None:
    """Unprocessable (422 ``zaak-opslag-vol``, worded by ``room``) when ``size`` more bytes (an upload, or
    all files of one submission together) would take what ``room.uploaded_by`` stored on ``case`` (every
    version, deleted documents too) past the bytes per case; no room: not bounded (``account_room``)."""
    if room is None:
        return
    stored = int(
        s.scalar(
            select(func.coalesce(func.sum(DocumentVersion.size), 0)).where(
                DocumentVersion.case_id == case.id, DocumentVersion.uploaded_by == room.uploaded_by
            )
        )
        or 0
    )
    _refuse_past_limit(room, size, stored, settings)


def check_new_case_room(room: Room, size: int, settings: Settings) -> None:
    """``check_room`` for a case that is not started yet (an application's bijlagen): nothing is stored on
    it, so ``size`` meets the whole bytes per case. Checked before the case starts, so the model runs
    nothing for a submission that does not fit."""
    _refuse_past_limit(room, size, 0, settings)


def _refuse_past_limit(room: Room, size: int, stored: int, settings: Settings) -> None:
    limit = max(1, int(settings.document_mb_per_case)) * MB
    if stored + size > limit:
        detail = room.wording(size, stored, limit)
        shown: dict[str, Any] = {"fouten": {room.field: detail}} if room.field else {}
        raise Unprocessable(detail, code=NO_ROOM, max_bytes=limit, opgeslagen=stored, **shown)


def _account_full(reference: str, size: int, stored: int, limit: int) -> str:
    """The refusal of an account's upload to case ``reference``; with nothing stored yet it names no stored
    bytes ("0 bytes")."""
    earlier = f"wat u in zaak {reference} heeft opgeslagen ({mb_tekst(stored)})"
    whose = earlier if stored else f"u in zaak {reference}"
    return (
        f"Het document is niet opgeslagen: met dit bestand ({mb_tekst(size)}) komt {whose} boven "
        f"{mb_tekst(limit, grens=True)}, het maximum per zaak. Neem contact op met de gemeente als u meer "
        "wilt aanleveren."
    )
