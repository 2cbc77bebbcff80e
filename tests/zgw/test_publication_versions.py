"""A new version of a document in the zaakregistratie: the next versie of the same enkelvoudiginformatieobject
(lock, PATCH, unlock, as the Documenten API wants), sent once even when a delivery is cut off halfway, and
brought back by a resync when Open Zaak holds an older one."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy import select

from services import users
from services.documents import NewDocument
from services.documents.changes import add_version
from services.documents.service import upload_document
from services.store.models import OutboxMessage
from services.zgw.resync import resync
from tests.integration.document_helpers import pdf
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.contract import validate_request
from tests.zgw.eio_writes import EIO, eio_writes
from tests.zgw.fake_zgw import FakeZgw
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)


def _registered_drawing(om: Omgeving) -> tuple[Zgw, dict[str, Any]]:
    """A case with a drawing (version 1) registered in the zaakregistratie."""
    om.start()
    users.add_user(om.p, "bea", groups=["Vergunningen"], role="vergunningverlener")
    meta = NewDocument(informatieobjecttype="bijlage", bestandsnaam="tekening.pdf", titel="Bouwtekening")
    doc = upload_document(om.p, om.ref, "bea", io.BytesIO(pdf("versie 1")), meta)
    zgw = Zgw(om.p)
    assert zgw.drain().dood == 0
    return zgw, doc


def _new_version(om: Omgeving, doc: dict[str, Any]) -> None:
    stream = io.BytesIO(pdf("versie 2 gecorrigeerd"))
    add_version(om.p, doc["id"], "bea", stream, bestandsnaam="tekening-v2.pdf")


def _content(eio: dict[str, Any]) -> bytes:
    return base64.b64decode(eio["inhoud"])


def test_a_new_version_becomes_the_next_versie_of_the_same_document(z: Omgeving, zgw_specs) -> None:  # noqa: F811
    zgw, doc = _registered_drawing(z)
    before = len(zgw.recorder.writes())
    _new_version(z, doc)
    report = zgw.drain()
    assert report.afgeleverd == 1 and report.mislukt == report.dood == 0
    [eio] = zgw.server.collection(EIO)  # the same enkelvoudiginformatieobject, its next versie
    assert b"versie 2 gecorrigeerd" in _content(eio)
    assert eio["bestandsnaam"] == "tekening-v2.pdf" and eio["bestandsomvang"] == len(_content(eio))
    assert eio["versie"] == 2 and eio["locked"] is False
    assert eio_writes(zgw, before) == [("POST", "lock"), ("PATCH", ""), ("POST", "unlock")]
    for request in zgw.recorder.writes()[before:]:
        validate_request(zgw_specs, zgw.config, request)  # lock, PATCH and unlock as the spec has them
    assert len(zgw.server.collection("zaakinformatieobjecten")) == 1
    with z.p.uow(write=False) as uow:
        kinds = [m.kind for m in uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.seq))]
    assert kinds[-1] == "document-versie" and kinds.count("document-versie") == 1
    assert zgw.drain().total == 0  # queued once


def test_resync_brings_an_older_remote_versie_up_to_the_latest_local_version(z: Omgeving) -> None:  # noqa: F811
    zgw, doc = _registered_drawing(z)
    [eio] = zgw.server.collection(EIO)
    older = dict(eio)
    _new_version(z, doc)
    zgw.drain()
    zgw.server.objects[eio["url"]] = older  # Open Zaak restored from a backup made before version 2
    z.clock.advance(hours=1)
    resync(z.p, z.ref)
    assert zgw.drain().dood == 0
    [eio] = zgw.server.collection(EIO)
    assert b"versie 2 gecorrigeerd" in _content(eio) and eio["bestandsnaam"] == "tekening-v2.pdf"


def test_a_document_sent_before_the_integriteit_marker_is_brought_up_to_date(z: Omgeving) -> None:  # noqa: F811
    """An eio sent by an earlier release carries no integriteit: made from version 1, so stale once the
    document has a second version; the publisher's sweep queues that version by itself."""
    zgw, doc = _registered_drawing(z)
    [eio] = zgw.server.collection(EIO)
    del zgw.server.objects[eio["url"]]["integriteit"]
    _new_version(z, doc)
    zgw.drain()
    [eio] = zgw.server.collection(EIO)
    assert b"versie 2 gecorrigeerd" in _content(eio) and eio["integriteit"]["algoritme"] == "sha_256"
    assert eio["versie"] == 2


class CutOff(httpx.BaseTransport):
    """Passes each request to the server, but loses the answer (a timeout) of the first one ``cut`` matches:
    what a crash or a network failure after the remote change looks like to the worker."""

    def __init__(self, server: FakeZgw, cut: Callable[[httpx.Request], bool]) -> None:
        self.server, self.cut = server, cut

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.server.handle_request(request)
        if self.cut(request):
            self.cut = lambda r: False
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


class RefusedOnce(httpx.BaseTransport):
    """Refuses the connection for the first request ``refuse`` matches, which never reaches the server:
    what an Open Zaak that is down, or a host name that does not resolve, looks like to the worker."""

    def __init__(self, server: FakeZgw, refuse: Callable[[httpx.Request], bool]) -> None:
        self.server, self.refuse = server, refuse

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.refuse(request):
            self.refuse = lambda r: False
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return self.server.handle_request(request)


def _cut_off_after(z: Omgeving, method: str, ending: str) -> None:  # noqa: F811
    zgw, doc = _registered_drawing(z)
    url_of = lambda r: str(r.url).rstrip("/")  # noqa: E731
    zgw.recorder.inner = CutOff(
        zgw.server, lambda r: r.method == method and f"/{EIO}/" in url_of(r) and url_of(r).endswith(ending)
    )
    _new_version(z, doc)
    assert zgw.drain().mislukt == 1  # retried later
    z.clock.advance(hours=1)
    report = zgw.drain()
    assert report.afgeleverd == 1 and report.mislukt == report.dood == 0
    [eio] = zgw.server.collection(EIO)
    assert eio["versie"] == 2 and eio["locked"] is False  # one new versie, and the lock is released
    assert b"versie 2 gecorrigeerd" in _content(eio) and zgw.server.locks == {}


def test_a_delivery_cut_off_after_the_patch_sends_the_version_once(z: Omgeving) -> None:  # noqa: F811
    _cut_off_after(z, "PATCH", "")


def test_a_delivery_cut_off_before_the_unlock_finishes_the_edit_with_its_lock(z: Omgeving) -> None:  # noqa: F811
    _cut_off_after(z, "POST", "/unlock")


def test_a_document_locked_by_someone_else_waits_for_the_unlock(z: Omgeving) -> None:  # noqa: F811
    zgw, doc = _registered_drawing(z)
    [eio] = zgw.server.collection(EIO)
    other = zgw.server.handle_request(httpx.Request("POST", eio["url"] + "/lock")).json()["lock"]
    _new_version(z, doc)
    assert zgw.drain().mislukt == 1
    with z.p.uow(write=False) as uow:
        error = uow.session.scalar(
            select(OutboxMessage.last_error).where(OutboxMessage.kind == "document-versie")
        )
    assert error and "vergrendeld" in error
    assert zgw.server.collection(EIO)[0]["versie"] == 1  # left alone
    zgw.server.handle_request(httpx.Request("POST", eio["url"] + "/unlock", json={"lock": other}))
    z.clock.advance(hours=1)
    assert zgw.drain().afgeleverd == 1
    assert zgw.server.collection(EIO)[0]["versie"] == 2


def test_a_document_first_sent_at_a_later_version_is_sent_once(z: Omgeving) -> None:  # noqa: F811
    z.start()
    users.add_user(z.p, "bea", groups=["Vergunningen"], role="vergunningverlener")
    zgw = Zgw(z.p)
    zgw.server.down = True
    zgw.drain()
    meta = NewDocument(informatieobjecttype="bijlage", bestandsnaam="tekening.pdf", titel="Bouwtekening")
    doc = upload_document(z.p, z.ref, "bea", io.BytesIO(pdf("versie 1")), meta)
    _new_version(z, doc)
    zgw.server.down = False
    z.clock.advance(hours=1)
    assert zgw.drain().dood == 0
    [eio] = zgw.server.collection(EIO)
    assert b"versie 2 gecorrigeerd" in _content(eio) and eio["versie"] == 1
    assert [w for w in zgw.writes() if w[1] == EIO] == [("POST", EIO)]  # created at version 2, no PATCH


def test_a_lock_request_that_was_never_sent_leaves_a_colleagues_lock_alone(z: Omgeving) -> None:  # noqa: F811
    """Tester finding trust19 2: a lock request refused before it was sent kept the "lock asked" marker, so
    the retry took a colleague's lock, set meanwhile, for its own lost one and unlocked it by force."""
    zgw, doc = _registered_drawing(z)
    [eio] = zgw.server.collection(EIO)
    zgw.recorder.inner = RefusedOnce(zgw.server, lambda r: str(r.url).rstrip("/").endswith("/lock"))
    _new_version(z, doc)
    assert zgw.drain().mislukt == 1  # Open Zaak unreachable: the lock was not asked
    assert zgw.server.locks == {}
    colleague = zgw.server.handle_request(httpx.Request("POST", eio["url"] + "/lock")).json()["lock"]
    z.clock.advance(hours=1)
    before = len(zgw.recorder.writes())
    assert zgw.drain().mislukt == 1
    assert zgw.server.locks == {eio["url"]: colleague} and eio_writes(zgw, before) == []  # left alone
    with z.p.uow(write=False) as uow:
        error = uow.session.scalar(
            select(OutboxMessage.last_error).where(OutboxMessage.kind == "document-versie")
        )
    assert error and "niet door deze aflevering" in error
    zgw.server.handle_request(httpx.Request("POST", eio["url"] + "/unlock", json={"lock": colleague}))
    z.clock.advance(hours=1)
    assert zgw.drain().afgeleverd == 1
    assert zgw.server.collection(EIO)[0]["versie"] == 2 and zgw.server.locks == {}
