"""A page of a case's timeline, the newest first: the case file (the case page, the task page and the API's
case) reads the lines of one page, and counts those before it only when the page is full, never a long
case's whole history at once (a wijkuitvoeringsplan of 3,116 lines answered 829 KB of timeline).

The lines its viewer may not read are left out in the read itself, as ``services.berichten`` pages only the
messages its viewer reads: a page holds up to ``PER_PAGE`` lines the viewer reads and the count
(``EARLIER``) tells of no other. An outside party and an initiator read only the public lines
(``policy.case_view``); nobody reads the lines about a document it may not read (``policy.readable_timeline``:
their ``gegevens.document`` is the document's id).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from services import berichten
from services.policy.documents import DOCUMENT_EVENTS
from services.store.models import CaseEvent

#: the most lines a page holds: every line of each demo case (the longest, a windpark, has 88; an
#: omgevingsvergunning up to 59), a long-running plan's newest 100 (about 27 KB of JSON, not its 829 KB)
PER_PAGE = 100
#: the case view's field that counts the lines before its page (which the next page holds)
EARLIER = "tijdlijn_eerder"
#: the last page asked for that is read as asked (a later one reads as this one: none there)
LAST_PAGE = berichten.LAST_PAGE
_DOCUMENT_KINDS = sorted(DOCUMENT_EVENTS)


@dataclass(frozen=True)
class LinesShown:
    """Which lines of a case's timeline its viewer reads, and which page of them.

    ``public_only``: only the public lines (who is not the municipality's own); ``documents``: the ids of
    the case's documents the viewer may read, the only ones whose lines it reads (None: every line);
    ``page``: 1 the newest ``PER_PAGE`` lines, 2 those before them."""

    public_only: bool = False
    documents: Collection[int] | None = None
    page: int = 1


def _read_by(shown: LinesShown) -> list[Any]:
    """The conditions of the lines ``shown`` reads. A document's id is compared as text, the one form
    both databases give it in, so that a line holding anything else reads as no document of the case."""
    where: list[Any] = []
    if shown.public_only:
        where.append(CaseEvent.public.is_(True))
    if shown.documents is not None:
        named = cast(CaseEvent.data["document"].as_string(), String)
        readable = named.in_([str(i) for i in sorted(shown.documents)])
        where.append(or_(CaseEvent.kind.not_in(_DOCUMENT_KINDS), readable))
    return where


def page_of(s: Session, case_id: int, columns: Sequence[Any], shown: LinesShown) -> tuple[list[Any], int]:
    """The rows (of ``columns`` of ``case_event``) of the page ``shown`` asks, oldest first, and how many
    lines it reads come before them: counted only when the page is full (a shorter page is the last)."""
    skip = (min(max(shown.page, 1), LAST_PAGE) - 1) * PER_PAGE
    where = [CaseEvent.case_id == case_id, *_read_by(shown)]
    newest = select(*columns).where(*where).order_by(CaseEvent.id.desc())
    rows = list(s.execute(newest.limit(PER_PAGE).offset(skip)))
    if len(rows) < PER_PAGE:
        return rows[::-1], 0
    total = s.scalar(select(func.count()).select_from(CaseEvent).where(*where)) or 0
    return rows[::-1], max(total - skip - len(rows), 0)
