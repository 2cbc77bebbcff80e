"""The room of a status-page message's files on the case (``document_mb_per_case``, services.documents.quota
``check_room``) is taken for all of them at once, under the case's row lock.

Review note 22 (left alone): each file of one message was written in its own transaction, the first one
checking that all of them fit. An upload of the code holder's that committed between two files (another
message sent in parallel) took the room the later file needed: that file was refused and the message,
which fitted when it was sent, was withdrawn. Now its files are written in one unit of work under the
case's row lock (``add_files``): the upload in parallel waits, and meets the room that is left."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from processes.errors import Unprocessable
from services.documents.public import PublicFile, add_files, visible_documents
from services.platform import Platform
from services.store.models import Document
from tests.integration.document_helpers import make_zaak, pdf
from tests.integration.threads import one_waits_for_a_lock


def third(tag: str) -> bytes:
    """A PDF of about 400 kB: two of them fit in 1 MB, three do not."""
    return pdf(tag) + b"%" + b"0" * 400_000 + b"\n"


def files(*tags: str) -> list[PublicFile]:
    return [PublicFile(f"{tag}.pdf", io.BytesIO(third(tag)), "bijlage") for tag in tags]


def small(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Platform:
    monkeypatch.setattr(platform, "settings", platform.settings.with_(document_mb_per_case=1))
    return platform


def titles(platform: Platform, zaak: dict[str, Any]) -> list[str]:
    return [d["titel"] for d in visible_documents(platform, zaak["id"])]


def writes_a_document(session: Session) -> bool:
    """Did ``session`` add a document (a write of files, not a read of the case)? Marked at its flush
    (``marking``): no SQL, which a session cannot emit at its commit."""
    return bool(session.info.get("adds_a_document"))


@pytest.fixture(autouse=True)
def marking() -> Any:
    def flushing(session: Session, *_args: Any) -> None:
        if any(isinstance(o, Document) for o in session.new):
            session.info["adds_a_document"] = True

    event.listen(Session, "before_flush", flushing)
    yield
    event.remove(Session, "before_flush", flushing)


def test_an_upload_after_a_messages_first_file_cannot_refuse_its_later_file(any_platform, monkeypatch):
    """A second message's file committed right after the first file of a message that fits: the message
    keeps both files, the other one is refused for the room that is left (422), and a withdrawn message
    leaves nothing behind. Was: the message's second file refused and the message withdrawn."""
    platform = small(any_platform, monkeypatch)
    zaak = make_zaak(platform)
    between: list[Any] = []

    def meanwhile(session: Session) -> None:  # right after a commit that wrote the message's files
        if between or not writes_a_document(session):
            return
        between.append(None)
        try:
            between[0] = add_files(platform, zaak["id"], files("tussendoor"))
        except Unprocessable as exc:
            between[0] = exc

    event.listen(Session, "after_commit", meanwhile)
    try:
        stored = add_files(platform, zaak["id"], files("gevel", "doorsnede"))
    finally:
        event.remove(Session, "after_commit", meanwhile)
    assert [d["titel"] for d in stored] == ["gevel", "doorsnede"]
    [refused] = between
    assert isinstance(refused, Unprocessable) and refused.code == "zaak-opslag-vol", refused
    assert refused.extra["opgeslagen"] > 800_000  # both of the message's files, before it
    assert titles(platform, zaak) == ["gevel", "doorsnede"]


def test_on_postgresql_an_upload_in_parallel_waits_for_the_whole_message(pg_platform, monkeypatch):
    """While a message's files are written (the case's row locked, before the commit), an upload of the
    code holder's in another connection waits for that lock; once the message is committed with both its
    files, the upload meets the room that is left and is refused, storing nothing."""
    platform = small(pg_platform, monkeypatch)
    zaak = make_zaak(platform)
    outcome: dict[str, Any] = {}

    def other() -> None:
        try:
            outcome["tussendoor"] = add_files(platform, zaak["id"], files("tussendoor"))
        except Exception as exc:  # noqa: BLE001 - the test collects what the upload raised
            outcome["tussendoor"] = exc

    thread = threading.Thread(target=other)

    def holding(session: Session) -> None:  # the message's write, its case locked, before its commit
        if "waited" in outcome or not writes_a_document(session):
            return
        outcome["waited"] = None
        thread.start()
        outcome["waited"] = one_waits_for_a_lock(platform, thread)

    event.listen(Session, "before_commit", holding)
    try:
        stored = add_files(platform, zaak["id"], files("gevel", "doorsnede"))
    finally:
        event.remove(Session, "before_commit", holding)
    thread.join()
    assert outcome["waited"] is True  # it waited for the message, and did not slip in between
    assert [d["titel"] for d in stored] == ["gevel", "doorsnede"]
    refused = outcome["tussendoor"]
    assert isinstance(refused, Unprocessable) and refused.code == "zaak-opslag-vol", refused
    assert titles(platform, zaak) == ["gevel", "doorsnede"]  # the refused upload stored nothing
