"""Delivered mails do not keep their content for good (privacy review s8, finding 1: a delivered mail kept
the recipient's address and the live tracking link in the outbox, and its .eml file, for ever).

``Settings.outbox_bewaar_dagen`` days after delivery the scheduler's pass empties a delivered mail: id,
kind, channel, status and dates stay, the recipient becomes "[verwijderd]", the .eml file goes. Mails not
delivered (waiting, failed, given up, set aside) and ZGW messages are left alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from services import outbox, scheduler
from services.mail.render import Mail
from services.mail.retention import REMOVED, purge_delivered
from services.mail.transport import outbox_dir
from services.store.models import OutboxMessage

LINK = "https://ruimtedal.example/status/AbCdEfGhIjKlMnOpQrStUvWxYz012345"


def _mail(platform: Any, to: str, kind: str = "ontvangst", channel: str = "email") -> int:
    mail = Mail(kind, to, "Ontvangstbevestiging", f"Volg uw aanvraag: {LINK}", f"<a href='{LINK}'>volg</a>")
    with platform.uow() as uow:
        row = outbox.enqueue(uow.session, channel, None, kind, mail.payload(), now=platform.clock.now())
        uow.commit()
        return row.id


def _rows(platform: Any) -> dict[int, OutboxMessage]:
    with platform.uow(write=False) as uow:
        return {m.id: m for m in uow.session.scalars(select(OutboxMessage))}


def test_a_delivered_mail_is_emptied_after_its_retention_and_nothing_else(any_platform, clock):
    platform = any_platform
    delivered = _mail(platform, "jan.jansen@example.nl")
    assert scheduler.deliver_once(platform).afgeleverd == 1
    eml = sorted(outbox_dir(platform.settings).glob("*.eml"))
    assert [p.name for p in eml] == [f"{delivered:08d}-ontvangst.eml"]
    kept = {
        status: _mail(platform, f"{status}@example.nl")
        for status in ("wachtend", "mislukt", "dood", "terzijde")
    }
    zgw = _mail(platform, "zgw@example.nl", kind="zaak", channel="zgw")
    with platform.uow() as uow:
        later = platform.clock.now() + timedelta(days=400)  # not tried again during this test
        for status, mid in kept.items():
            uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == mid)
                .values(status=status, next_attempt_at=later)
            )
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == zgw)
            .values(status="afgeleverd", delivered_at=platform.clock.now())
        )
        uow.commit()
    before = _rows(platform)

    clock.advance(days=30)  # exactly the retention: still kept
    assert scheduler.one_pass(platform)["gewist"] == 0
    assert _rows(platform)[delivered].payload == before[delivered].payload and eml[0].exists()

    clock.advance(seconds=1)
    result = scheduler.one_pass(platform)
    assert result["gewist"] == 1 and not result["mislukt"]
    after = _rows(platform)
    m, old = after[delivered], before[delivered]
    assert m.payload == {"soort": "ontvangst", "aan": REMOVED}
    assert (m.channel, m.kind, m.status, m.seq, m.created_at, m.delivered_at) == (
        old.channel,
        old.kind,
        "afgeleverd",
        old.seq,
        old.created_at,
        old.delivered_at,
    )
    assert not eml[0].exists()
    for mid in [*kept.values(), zgw]:  # not delivered, or not a mail: untouched
        assert after[mid].payload == before[mid].payload and after[mid].status == before[mid].status
    assert scheduler.one_pass(platform)["gewist"] == 0  # once is enough


def test_the_setting_sets_the_retention(any_platform, clock):
    platform = any_platform
    platform.settings = platform.settings.with_(outbox_bewaar_dagen=0)
    mid = _mail(platform, "jan.jansen@example.nl")
    scheduler.deliver_once(platform)
    clock.advance(seconds=1)
    assert scheduler.one_pass(platform)["gewist"] == 1
    assert _rows(platform)[mid].payload["aan"] == REMOVED


def test_a_pass_reads_only_the_mails_delivered_since_the_last_ones_it_emptied(any_platform, clock):
    """Review of the retention step: each pass (every few seconds) read every mail ever delivered, the
    emptied ones too, to find the few whose retention just ended. After a pass that emptied all that
    was due, the next reads from that pass's cutoff on (index ix_outbox_message_delivered)."""
    from sqlalchemy import event

    platform = any_platform
    _mail(platform, "jan.jansen@example.nl")
    scheduler.deliver_once(platform)
    clock.advance(days=31)
    first_cutoff = platform.clock.now() - timedelta(days=30)
    assert scheduler.one_pass(platform)["gewist"] == 1
    later = _mail(platform, "piet@example.nl")
    scheduler.deliver_once(platform)
    clock.advance(days=31)
    bounds: list[Any] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "outbox_message" in statement and "delivered_at >=" in statement:
            bounds.append(context.compiled_parameters[0])

    event.listen(platform.engine, "before_cursor_execute", seen)
    try:
        assert scheduler.one_pass(platform)["gewist"] == 1
    finally:
        event.remove(platform.engine, "before_cursor_execute", seen)
    assert _rows(platform)[later].payload["aan"] == REMOVED
    assert len(bounds) == 1 and first_cutoff in bounds[0].values(), bounds


def test_a_mail_locked_by_a_transaction_that_rolls_back_is_emptied_by_the_same_pass(pg_platform, clock):
    """Review sessie8 (suspected): a pass skipped mails another transaction held (SKIP LOCKED) and still
    moved its mark past them; when that transaction rolled back, this process never read them again.
    Now a pass waits for the holder and then reads the row as it is."""
    import threading

    from sqlalchemy.orm import Session

    platform = pg_platform
    mid = _mail(platform, "jan.jansen@example.nl")
    scheduler.deliver_once(platform)
    clock.advance(days=31)
    holder = Session(platform.engine)
    holder.execute(select(OutboxMessage).where(OutboxMessage.id == mid).with_for_update())
    result: list[int] = []
    passing = threading.Thread(target=lambda: result.append(purge_delivered(platform)))
    passing.start()
    passing.join(1.0)  # the pass waits for the holder's lock
    holder.rollback()  # e.g. a beheer action that failed
    holder.close()
    passing.join(10)
    assert result == [1]
    assert _rows(platform)[mid].payload["aan"] == REMOVED
