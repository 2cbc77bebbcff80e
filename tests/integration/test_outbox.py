"""The transactional outbox: written in the step's transaction, delivered after it, in order per case,
with backoff and jitter, dead after N attempts, retried by beheer."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from processes.errors import Conflict, NotFound
from services import cases, outbox
from services.outbox import beheer as outbox_beheer
from services.store.models import OutboxMessage
from tests.integration.core_helpers import setup_klein


class Recorder:
    """A fake channel: records what it delivers, fails on request (per message id)."""

    def __init__(self) -> None:
        self.delivered: list[tuple[int | None, int, str]] = []
        self.fail: dict[int, outbox.DeliveryFailed | Exception] = {}

    def __call__(self, message: outbox.Message) -> None:
        if message.id in self.fail:
            raise self.fail[message.id]
        self.delivered.append((message.case_id, message.seq, message.kind))


def _case(platform) -> int:
    return int(cases.start_case(platform, "vergunning_klein", {}, user="anna")["id"])


def _enqueue(platform, case_id: int | None, kind: str, channel: str = "test") -> int:
    with platform.uow() as uow:
        row = outbox.enqueue(uow.session, channel, case_id, kind, {"k": kind}, now=platform.clock.now())
        uow.commit()
        return row.id


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite gives naive UTC back


def _row(platform, message_id: int) -> OutboxMessage:
    with platform.uow(write=False) as uow:
        row = uow.session.get(OutboxMessage, message_id)
        assert row is not None
        return row


@pytest.fixture
def klein(platform):
    setup_klein(platform)
    return platform


def test_enqueue_numbers_each_case_and_channel_and_rolls_back_with_the_step(klein):
    a, b = _case(klein), _case(klein)
    ids = [_enqueue(klein, a, "een"), _enqueue(klein, b, "een"), _enqueue(klein, a, "twee")]
    ids.append(_enqueue(klein, a, "mail", channel="email"))
    assert [_row(klein, i).seq for i in ids] == [1, 1, 2, 1]
    with pytest.raises(RuntimeError), klein.uow() as uow:
        outbox.enqueue(uow.session, "test", a, "weg", {})
        raise RuntimeError("the step fails")
    with klein.uow(write=False) as uow:
        kinds = uow.session.scalars(select(OutboxMessage.kind)).all()
    assert "weg" not in kinds and len(kinds) == 4


def test_a_payload_that_is_not_json_is_refused_at_enqueue(klein):
    with klein.uow() as uow, pytest.raises(TypeError, match="not JSON"):
        outbox.enqueue(uow.session, "test", None, "x", {"when": object()})


def test_delivery_keeps_the_order_of_a_case_and_does_not_block_other_cases(klein, clock):
    a, b = _case(klein), _case(klein)
    a1, a2 = _enqueue(klein, a, "a1"), _enqueue(klein, a, "a2")
    _enqueue(klein, b, "b1")
    fake = Recorder()
    fake.fail[a1] = outbox.DeliveryFailed("503 Service Unavailable")
    report = outbox.deliver_due(klein, handlers={"test": fake}, rng=random.Random(1))
    assert report.as_dict() == {"afgeleverd": 1, "uitgesteld": 0, "mislukt": 1, "dood": 0}
    assert fake.delivered == [(b, 1, "b1")]  # a2 waits behind a1
    assert _row(klein, a2).status == "wachtend" and _row(klein, a2).attempts == 0
    failed = _row(klein, a1)
    assert failed.status == "mislukt" and failed.last_error == "503 Service Unavailable"
    # not due yet: nothing happens
    assert outbox.deliver_due(klein, handlers={"test": fake}).total == 0
    del fake.fail[a1]
    clock.advance(seconds=klein.settings.outbox_backoff_seconds)
    assert outbox.deliver_due(klein, handlers={"test": fake}).afgeleverd == 2
    assert fake.delivered[1:] == [(a, 1, "a1"), (a, 2, "a2")]
    assert _row(klein, a1).status == "afgeleverd" and _row(klein, a1).last_error is None


def test_backoff_doubles_with_jitter_up_to_the_cap():
    rng = random.Random(7)
    for attempt, ceiling in ((1, 30), (2, 60), (3, 120), (10, 3600)):
        waits = [outbox.backoff(attempt, 30, 3600, rng).total_seconds() for _ in range(50)]
        assert all(ceiling * 0.5 <= w <= ceiling for w in waits)
        assert len(set(waits)) > 40  # jitter: workers that failed together spread out


def test_failures_back_off_then_the_message_is_dead_and_blocks_its_case(klein, clock):
    settings = klein.settings.with_(outbox_max_attempts=3, outbox_backoff_seconds=10)
    klein.settings = settings
    a = _case(klein)
    first, second = _enqueue(klein, a, "zaak"), _enqueue(klein, a, "status")
    fake = Recorder()
    fake.fail[first] = ConnectionError("connection refused")
    waits = []
    for _ in range(3):
        start = clock.now()
        outbox.deliver_due(klein, handlers={"test": fake}, rng=random.Random(3))
        row = _row(klein, first)
        if row.next_attempt_at is not None:
            waits.append((_aware(row.next_attempt_at) - start).total_seconds())
            clock.set(_aware(row.next_attempt_at))
    assert row.status == "dood" and row.attempts == 3
    assert row.last_error == "ConnectionError: connection refused"
    assert 5 <= waits[0] <= 10 and 10 <= waits[1] <= 20
    clock.advance(days=1)
    assert outbox.deliver_due(klein, handlers={"test": fake}).total == 0  # dead: nothing more is tried
    assert _row(klein, second).status == "wachtend" and fake.delivered == []


class _Unlucky(random.Random):
    """Jitter at its lowest every time: the shortest retry schedule the settings allow."""

    def uniform(self, a: float, b: float) -> float:
        return a


def test_the_default_schedule_outlasts_a_night_of_outage_with_capped_waits(klein, clock):
    # tester finding meldingen 3: the defaults (8 attempts, 30 s doubling) gave up after 32-63 minutes,
    # so a mail server down for an hour lost every mail written meanwhile
    from services.config import Settings

    default = Settings()
    klein.settings = klein.settings.with_(
        outbox_max_attempts=default.outbox_max_attempts,
        outbox_backoff_seconds=default.outbox_backoff_seconds,
        outbox_backoff_max_seconds=default.outbox_backoff_max_seconds,
    )
    m = _enqueue(klein, _case(klein), "mail")
    fake = Recorder()
    fake.fail[m] = ConnectionError("connection refused")
    start, waits = clock.now(), []
    while _row(klein, m).status != "dood":
        outbox.deliver_due(klein, handlers={"test": fake}, rng=_Unlucky())
        row = _row(klein, m)
        if row.next_attempt_at is not None:
            waits.append((_aware(row.next_attempt_at) - clock.now()).total_seconds())
            clock.set(_aware(row.next_attempt_at))
    assert clock.now() - start >= timedelta(hours=24)  # even with the shortest jitter every time
    assert max(waits) <= default.outbox_backoff_max_seconds  # capped: a healed server is used soon


def test_a_refused_request_is_dead_at_once(klein):
    a = _case(klein)
    m = _enqueue(klein, a, "zaak")
    fake = Recorder()
    fake.fail[m] = outbox.DeliveryFailed("400 zaaktype: concept", retryable=False)
    assert outbox.deliver_due(klein, handlers={"test": fake}).dood == 1
    row = _row(klein, m)
    assert (row.status, row.attempts, row.last_error) == ("dood", 1, "400 zaaktype: concept")


def test_beheer_retries_one_or_all_dead_messages_and_they_drain_in_order(klein):
    a, b = _case(klein), _case(klein)
    a1 = _enqueue(klein, a, "a1")
    _enqueue(klein, a, "a2")
    b1 = _enqueue(klein, b, "b1")
    fake = Recorder()
    for m in (a1, b1):
        fake.fail[m] = outbox.DeliveryFailed("nee", retryable=False)
    outbox.deliver_due(klein, handlers={"test": fake})
    overview = outbox_beheer.deliveries(klein)
    assert overview["aantallen"] == {
        "wachtend": 1,
        "uitgesteld": 0,
        "mislukt": 0,
        "dood": 2,
        "terzijde": 0,
        "afgeleverd": 0,
    }
    assert [(d["soort"], d["status"], d["fout"]) for d in overview["afleveringen"]] == [
        ("a1", "dood", "nee"),
        ("a2", "wachtend", None),
        ("b1", "dood", "nee"),
    ]
    fake.fail.clear()
    assert outbox_beheer.retry(klein, a1, "bea")["status"] == "wachtend"
    outbox.deliver_due(klein, handlers={"test": fake})
    assert fake.delivered == [(a, 1, "a1"), (a, 2, "a2")]
    assert outbox_beheer.retry_dead(klein, "bea") == {"opnieuw": 1}
    outbox.deliver_due(klein, handlers={"test": fake})
    assert fake.delivered[-1] == (b, 1, "b1")
    with pytest.raises(Conflict, match="al afgeleverd"):
        outbox_beheer.retry(klein, a1, "bea")
    with pytest.raises(NotFound, match="bestaat niet"):
        outbox_beheer.retry(klein, 9999, "bea")


def _mail(platform, case_id: int, kind: str, to: str) -> int:
    with platform.uow() as uow:
        row = outbox.enqueue(uow.session, "email", case_id, kind, {"aan": to}, now=platform.clock.now())
        uow.commit()
        return row.id


def test_a_given_up_mail_blocks_nothing_and_a_mail_waits_only_for_its_recipients_earlier_one(klein):
    # tester finding meldingen 1: one dead mail (an officer's refused address) held up every later mail
    # of its case, the applicant's besluit included, for good; mails are ordered per recipient only
    a = _case(klein)
    officer = _mail(klein, a, "toewijzing", "bart@oud.example")
    applicant = _mail(klein, a, "fase", "coop@example.nl")
    officer_later = _mail(klein, a, "termijn", "bart@oud.example")
    fake = Recorder()
    fake.fail[officer] = outbox.DeliveryFailed("450 greylisted")
    outbox.deliver_due(klein, handlers={"email": fake})
    assert fake.delivered == [(a, 2, "fase")]  # another recipient: not held up
    # the same recipient's later mail keeps its order behind one still being tried; beheer sees why
    listed = {d["id"]: d for d in outbox_beheer.deliveries(klein)["afleveringen"]}
    assert (listed[officer_later]["wacht_op"], listed[officer_later]["wacht_op_status"]) == (
        officer,
        "mislukt",
    )
    assert listed[officer_later]["ontvanger"] == "bart@oud.example" and applicant not in listed
    with klein.uow() as uow:  # the next try is refused for good
        uow.session.get(OutboxMessage, officer).next_attempt_at = None
        uow.commit()
    fake.fail[officer] = outbox.DeliveryFailed("550 unknown user", retryable=False)
    outbox.deliver_due(klein, handlers={"email": fake})
    assert _row(klein, officer).status == "dood"
    outbox.deliver_due(klein, handlers={"email": fake})
    assert fake.delivered[-1] == (a, 3, "termijn")  # a given-up mail holds up nothing


def test_beheer_sets_a_mail_aside_but_never_a_strictly_ordered_message(klein):
    a = _case(klein)
    mail, call = _mail(klein, a, "fase", "coop@example.nl"), _enqueue(klein, a, "zaak", channel="zgw")
    assert outbox_beheer.set_aside(klein, mail, "bea")["status"] == "terzijde"
    assert outbox.deliver_due(klein, handlers={"email": Recorder()}).total == 0
    assert mail not in {d["id"] for d in outbox_beheer.deliveries(klein)["afleveringen"]}
    assert outbox_beheer.deliveries(klein, status="terzijde")["afleveringen"][0]["id"] == mail
    with pytest.raises(Conflict) as refused:
        outbox_beheer.set_aside(klein, call, "bea")
    assert refused.value.code == "aflevering-volgorde" and _row(klein, call).status == "wachtend"
    assert outbox_beheer.retry(klein, mail, "bea")["status"] == "wachtend"  # offered again after all


def test_a_claimed_message_is_leased_and_a_channel_without_handler_waits(klein, clock, monkeypatch):
    a = _case(klein)
    m = _enqueue(klein, a, "zaak")
    other = _enqueue(klein, a, "mail", channel="email")
    crash: dict[str, Any] = {}

    def crashing(message: outbox.Message) -> None:
        crash["seen"] = message.id
        raise KeyboardInterrupt  # the worker dies mid-delivery: the outcome is never recorded

    with pytest.raises(KeyboardInterrupt):
        outbox.deliver_due(klein, handlers={"test": crashing})
    fake = Recorder()
    assert outbox.deliver_due(klein, handlers={"test": fake}).total == 0  # leased to the dead worker
    clock.advance(seconds=outbox.worker.LEASE.total_seconds() + 1)
    assert outbox.deliver_due(klein, handlers={"test": fake}).afgeleverd == 1
    assert crash["seen"] == m and _row(klein, m).attempts == 2
    assert _row(klein, other).status == "wachtend"  # no handler for "email" here: it waits


def test_limit_bounds_one_pass(klein):
    ids = [_enqueue(klein, _case(klein), f"m{i}") for i in range(5)]
    fake = Recorder()
    assert outbox.deliver_due(klein, 3, handlers={"test": fake}).afgeleverd == 3
    assert outbox.deliver_due(klein, 3, handlers={"test": fake}).afgeleverd == 2
    assert {_row(klein, i).status for i in ids} == {"afgeleverd"}


def test_an_unknown_status_filter_is_refused_in_dutch(klein):
    with pytest.raises(Exception, match="Onbekende status"):
        outbox_beheer.deliveries(klein, status="weg")


def test_timedelta_lease_is_longer_than_a_remote_timeout():
    assert outbox.worker.LEASE > timedelta(seconds=60)


def test_the_worker_pass_delivers_through_the_channel_table_and_closes_the_handlers(klein, monkeypatch):
    from services import channels, scheduler

    fake = Recorder()
    closed: list[bool] = []
    fake.close = lambda: closed.append(True)  # type: ignore[attr-defined]
    monkeypatch.setattr(channels, "CHANNELS", {"test": lambda platform: fake, "uit": lambda platform: None})
    m = _enqueue(klein, _case(klein), "zaak")
    assert scheduler.deliver_once(klein).as_dict() == {
        "afgeleverd": 1,
        "uitgesteld": 0,
        "mislukt": 0,
        "dood": 0,
    }
    assert _row(klein, m).status == "afgeleverd" and closed == [True]


def test_a_channel_with_a_wrong_configuration_is_left_out_and_its_messages_wait(klein, caplog):
    from services import channels

    klein.settings = klein.settings.with_(
        zgw_zaken_url="http://zgw.test/zaken/api/v1/"
    )  # the rest is missing
    assert "zgw" not in channels.channel_handlers(klein)  # e-mail (.eml by default) stays usable
    assert "onvolledig" in caplog.text


def test_worker_once_counts_and_prints_the_postponed_messages(klein, monkeypatch, capsys):
    """Before: `worker --once` printed how many messages its pass delivered, failed and gave up, but a
    message the other side takes only later (Postponed: Open Zaak a besluit dated the Dutch today before
    00:00 UTC) was in none of them, so a pass that postponed one printed only zeros. Now it is counted
    as ``uitgesteld``: no failure, the command exits 0."""
    import json

    from services import channels
    from web.cli import main

    fake = Recorder()
    postponed = _enqueue(klein, _case(klein), "besluit")
    later = datetime.now(UTC) + timedelta(hours=1)  # the command runs on the real clock
    fake.fail[postponed] = outbox.Postponed(later, "Uitgesteld tot later: de andere kant neemt het dan aan.")
    monkeypatch.setattr(channels, "CHANNELS", {"test": lambda platform: fake})
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE_DIR", str(klein.settings.instance_dir))
    assert main(["worker", "--once", "--json", "--database", klein.settings.resolved_database_url]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["afgeleverd"] == {"afgeleverd": 0, "uitgesteld": 1, "mislukt": 0, "dood": 0}
    assert result["mislukt"] == [] and _row(klein, postponed).status == "uitgesteld"


def test_a_postponement_reason_is_kept_apart_from_the_error_of_a_try(klein, clock):
    """A postponed message's reason (``Postponed.reason``) shared ``last_error`` with the errors of failed
    tries. While a worker tried the postponed message again (waiting under its lease) beheer showed the
    reason as its ``fout`` and the case's registration as its last error; only the status told them
    apart. Now the reason has its own column (``postponed_reason``), shown only on a postponed message,
    and ``last_error`` is only ever the error of a try."""
    from services.outbox import worker
    from services.zgw.registration import registration_of

    case = _case(klein)
    m = _enqueue(klein, case, "besluit", channel="zgw")
    fake = Recorder()
    fake.fail[m] = outbox.DeliveryFailed("503 Service Unavailable")
    outbox.deliver_due(klein, handlers={"zgw": fake}, rng=random.Random(1))
    clock.advance(seconds=klein.settings.outbox_backoff_seconds)
    later = clock.now() + timedelta(hours=1)
    reason = "Uitgesteld tot later: de andere kant neemt het dan aan."
    fake.fail[m] = outbox.Postponed(later, reason)
    assert outbox.deliver_due(klein, handlers={"zgw": fake}).uitgesteld == 1

    def shown() -> tuple[Any, ...]:
        [row] = [r for r in outbox_beheer.deliveries(klein)["afleveringen"] if r["id"] == m]
        with klein.uow(write=False) as uow:
            registered = registration_of(uow.session, case)
        return row["status"], row["fout"], row["uitstel_reden"], registered["fout"]

    assert shown() == ("uitgesteld", None, reason, None)
    clock.set(later)
    before: dict[int, str] = {}
    [claimed] = worker._claim(klein, ("zgw",), 1, clock.now(), before)  # a worker is about to try it
    assert shown() == ("wachtend", None, None, None)  # its reason is no error of the other side
    worker._give_back(klein, [(claimed.id, before[claimed.id])], clock.now() + worker.LEASE)
    assert shown() == ("uitgesteld", None, reason, None)  # given back untried: it waits as before

    fake.fail[m] = outbox.DeliveryFailed("500 Internal Server Error")
    assert outbox.deliver_due(klein, handlers={"zgw": fake}, rng=random.Random(1)).mislukt == 1
    assert shown() == ("mislukt", "500 Internal Server Error", None, "500 Internal Server Error")
    row = _row(klein, m)
    assert (row.last_error, row.postponed_reason) == ("500 Internal Server Error", None)


def test_the_note_of_a_message_without_a_case_is_logged(klein, caplog):
    """A message without a case has no history to take the handler's note: it was dropped silently."""
    import logging

    m = _enqueue(klein, None, "document", channel="zgw")
    note = "Het document is verwijderd voordat het bericht werd afgeleverd; er gaat niets heen."
    with caplog.at_level(logging.INFO, logger="ruimteflow.outbox"):
        assert outbox.deliver_due(klein, handlers={"zgw": lambda message: note}).afgeleverd == 1
    assert _row(klein, m).status == "afgeleverd"
    said = [r for r in caplog.records if r.name == "ruimteflow.outbox" and note in r.getMessage()]
    assert [r.levelno for r in said] == [logging.INFO] and str(m) in said[0].getMessage(), caplog.text


def test_a_message_delivered_without_sending_carries_no_error_and_its_note_goes_to_the_history(klein):
    """A handler's note why it sent nothing (a document deleted before delivery) was written into
    ``last_error``: beheer and the API showed a delivered message with a "fout". Now the message has no
    error; the note is a line in the case's internal history and beheer's ``notitie`` of the message."""
    from services.store.models import CaseEvent

    case = _case(klein)
    m = _enqueue(klein, case, "document", channel="zgw")
    note = "Het document is verwijderd voordat het bericht werd afgeleverd; er gaat niets heen."
    assert outbox.deliver_due(klein, handlers={"zgw": lambda message: note}).afgeleverd == 1

    row = _row(klein, m)
    assert (row.status, row.last_error) == ("afgeleverd", None)
    [shown] = outbox_beheer.deliveries(klein, status="afgeleverd")["afleveringen"]
    assert (shown["id"], shown["fout"], shown["notitie"]) == (m, None, note)
    with klein.uow(write=False) as uow:
        [line] = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "aflevering-niets-verzonden")
        ).all()
        assert (line.case_id, line.public) == (case, False)
        assert line.message == f"Aflevering {m} (zgw: document) niets verzonden: {note}"
