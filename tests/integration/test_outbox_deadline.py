"""One delivery never outlasts its lease: a server that stalls (it trickles one byte at a time, so no
per-read timeout fires) is cut off at the delivery's deadline, the attempt counts as failed and is
retried later, and no second worker sends the message while the first is still sending it.

The lease is made small (``worker.LEASE``, the one constant the deadline derives from); the fixed clock
the lease is stored by follows the real time the test waits. Nothing asserts on wall time: the tests
count what the server received, the attempts and the status."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from services import outbox
from services.mail.channel import email_handler
from services.mail.render import Mail
from services.outbox import worker
from services.store.models import OutboxMessage
from services.zgw.client import ZgwClient
from services.zgw.config import ZgwConfig, open_zaak_roots
from tests.stalling import Stalling, stalling_http, stalling_smtp

#: the lease of the test, in seconds (the deadline is part of it)
LEASE = 1.0


@pytest.fixture(autouse=True)
def short_lease(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "LEASE", timedelta(seconds=LEASE))


def _enqueue(platform: Any, channel: str, payload: dict[str, Any]) -> int:
    with platform.uow() as uow:
        row = outbox.enqueue(uow.session, channel, None, "volglink", payload, now=platform.clock.now())
        uow.commit()
        return int(row.id)


def _state(platform: Any, message_id: int) -> tuple[str, int, str | None]:
    with platform.uow(write=False) as uow:
        row = uow.session.get(OutboxMessage, message_id)
        assert row is not None
        return row.status, row.attempts, row.last_error


def _a_stalls_then_b(
    platform: Any, clock: Any, server: Stalling, handlers: dict[str, Callable[..., Any]]
) -> dict[str, outbox.DeliveryReport]:
    """Worker A delivers to the stalling server. When A's lease has run out (in real time, with room for
    a slow machine; the fixed clock is moved to match), the server recovers and worker B runs a pass."""
    reports: dict[str, outbox.DeliveryReport] = {}

    def worker_a() -> None:
        reports["a"] = outbox.deliver_due(platform, handlers=handlers)

    a = threading.Thread(target=worker_a)
    a.start()
    assert server.stalling.wait(10)
    a.join(timeout=2 * LEASE)
    clock.advance(seconds=2 * LEASE)
    server.recovered.set()
    reports["b"] = outbox.deliver_due(platform, handlers=handlers)
    a.join(timeout=30)
    assert not a.is_alive()
    return reports


def test_a_stalling_mail_server_is_cut_off_at_the_deadline_and_the_mail_goes_out_once(platform, clock):
    with stalling_smtp() as server:
        platform.settings = platform.settings.with_(
            smtp_host="127.0.0.1", smtp_port=server.port, smtp_tls="geen"
        )
        mail = Mail("volglink", "aanvrager@example.nl", "Uw aanvraag", "Tekst", "")
        m = _enqueue(platform, "email", mail.payload())
        handlers = {"email": email_handler(platform)}

        reports = _a_stalls_then_b(platform, clock, server, handlers)
        assert server.received == 0  # before: B sent it while A still sent it, and then A did too
        assert reports["a"].mislukt == 1 and reports["b"].total == 0
        status, attempts, error = _state(platform, m)
        assert (status, attempts) == ("mislukt", 1)
        assert error is not None
        assert error.startswith("Levering afgebroken: de server antwoordde niet binnen 0,8 seconden")

        clock.advance(days=1)  # its backoff is over, the server answers again
        assert outbox.deliver_due(platform, handlers=handlers).afgeleverd == 1
        assert server.received == 1
        assert _state(platform, m)[:2] == ("afgeleverd", 2)


def test_a_stalling_zgw_answer_is_cut_off_on_a_reused_connection_and_delivered_once(platform, clock):
    with stalling_http() as server:
        config = ZgwConfig(
            **{
                f"{api}_url": root for api, root in open_zaak_roots(f"http://127.0.0.1:{server.port}").items()
            },
            client_id="ruimteflow",
            secret="geheim-voor-de-deadlinetest-0123456789",
        )
        client = ZgwClient(config)
        done: list[int] = []

        def deliver(message: outbox.Message) -> None:
            # a lookup answered at once opens the connection; the POST on it stalls
            client.get(client.url("zaken", "zaken"))
            client.create("zaken", "zaken", {"bericht": message.id})
            done.append(message.id)

        m = _enqueue(platform, "zgw", {})
        try:
            reports = _a_stalls_then_b(platform, clock, server, {"zgw": deliver})
            assert done == [] and server.received == 1  # before: B posted it again while A waited
            assert reports["a"].mislukt == 1 and reports["b"].total == 0
            status, attempts, error = _state(platform, m)
            assert (status, attempts) == ("mislukt", 1)
            assert error is not None and error.startswith("Levering afgebroken")

            clock.advance(days=1)
            assert outbox.deliver_due(platform, handlers={"zgw": deliver}).afgeleverd == 1
            assert done == [m] and _state(platform, m)[:2] == ("afgeleverd", 2)
        finally:
            client.close()


def test_a_new_connection_is_watched_also_when_it_reuses_a_freed_sockets_id() -> None:
    """Review "sessie12b", 1: the watched sockets were keyed by ``id(sock)``; a connection closed and
    freed within the delivery (``Connection: close``) often leaves its id to the next one, which then went
    unwatched, and a stalling server kept that one going past the deadline."""
    import socket

    from services.outbox.deadline import Deadline

    deadline = Deadline(timedelta(seconds=60))
    with deadline:
        for _ in range(20):  # ids of freed objects come back; each new socket must be watched anyway
            sock, other = socket.socketpair()
            deadline.watch(sock)
            sock.close()
            other.close()
            del sock, other
        fresh, peer = socket.socketpair()
        deadline.watch(fresh)
        deadline._cut_all()
        fresh.setblocking(False)
        try:  # cut: the read ends at once (an unwatched one would have nothing to read yet)
            assert fresh.recv(1) == b""
        finally:
            fresh.close()
            peer.close()
        assert deadline.watched == 21
