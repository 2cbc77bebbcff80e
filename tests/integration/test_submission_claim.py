"""The single-use token of the application form is claimed once, also by posts arriving together
(services/status/submissions.py), on SQLite and on PostgreSQL; a post of a form whose earlier post was
refused is sent itself (``once``)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from services import cases, inbox
from services.platform import Platform
from services.status import submissions
from services.store.models import Case, Counter
from tests.integration.core_helpers import setup_klein


def claimed(platform: Platform, token: str) -> int | None:
    """What a post's claim of ``token`` finds, as ``once`` reads it (services.status.submissions
    ``_claim``): None when the form is this post's now, else the case an earlier post of it started
    (``IN_PROGRESS`` while that one still runs)."""
    return submissions._claim(platform, token)[0]


def test_parallel_claims_of_one_token_give_it_to_exactly_one(any_platform):
    token = submissions.new_token()
    results: list[int | None] = []
    start = threading.Barrier(4)

    def claim() -> None:
        start.wait()
        results.append(claimed(any_platform, token))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=lambda r: r is not None) == [None, 0, 0, 0]


def test_a_bound_token_names_its_case_and_a_released_one_may_be_claimed_again(any_platform):
    token, other = submissions.new_token(), submissions.new_token()
    earlier, lease = submissions._claim(any_platform, token)
    assert earlier is None
    submissions.bind(any_platform, token, lease, 42)
    submissions.release(any_platform, token, lease)  # a bound claim stays
    assert claimed(any_platform, token) == 42
    earlier, lease = submissions._claim(any_platform, other)
    assert earlier is None
    submissions.release(any_platform, other, lease)
    assert claimed(any_platform, other) is None


# -- tester finding: a double click on a refused application form was answered "al verstuurd" ----------------
class Meanwhile:
    """services.status.submissions' ``time`` while a post waits for an earlier one of its form: no real
    waiting; each sleep moves the clock on and runs the next of ``steps`` (what the earlier posts do)."""

    def __init__(self, *steps: Callable[[], object]) -> None:
        self.steps, self.now, self.sleeps = list(steps), 0.0, 0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += seconds
        if self.steps:
            self.steps.pop(0)()


def _sender(case_id: int) -> tuple[list[int], Callable[[submissions.Bind], int]]:
    sent: list[int] = []

    def send(bound: submissions.Bind) -> int:
        sent.append(case_id)
        return case_id

    return sent, send


def refused_meanwhile(monkeypatch: pytest.MonkeyPatch, posts: int = 2) -> None:
    """The tester's posts at once: ``posts`` earlier posts of the next form sent, each claiming its token
    just before this post does, and each refused (its claim given back) while this post waits for it."""
    claim, earlier = submissions._claim, []

    def after_another(platform, name):  # type: ignore[no-untyped-def]
        if len(earlier) < posts:
            taken, lease = claim(platform, name)
            assert taken is None  # an earlier post of the form, still running
            earlier.append((platform, name, lease))
        return claim(platform, name)

    monkeypatch.setattr(submissions, "_claim", after_another)
    release = lambda: submissions.release(*earlier[-1])  # noqa: E731 (that post refused)
    monkeypatch.setattr(submissions, "time", Meanwhile(*[release] * posts))


def test_a_post_after_refused_earlier_ones_is_sent_itself(any_platform, monkeypatch):
    """The second post gives its claim back after the first did, just before the third claims it again:
    the third is sent itself (the old message forms' ``send_once`` answered "still running" then)."""
    token = submissions.new_token()
    refused_meanwhile(monkeypatch)
    sent, send = _sender(42)
    assert submissions.once(any_platform, token, send) == 42
    assert sent == [42]
    assert claimed(any_platform, token) == 42


def test_a_post_while_an_earlier_one_runs_waits_for_its_case_or_gives_up(any_platform, monkeypatch):
    token, other = submissions.new_token(), submissions.new_token()
    leases = {}
    for name in (token, other):
        earlier, leases[name] = submissions._claim(any_platform, name)
        assert earlier is None  # an earlier post, still running
    bound = Meanwhile(lambda: submissions.bind(any_platform, token, leases[token], 7))
    monkeypatch.setattr(submissions, "time", bound)
    sent, send = _sender(42)
    assert submissions.once(any_platform, token, send) == 7  # its case, not a second one
    waited = Meanwhile()
    monkeypatch.setattr(submissions, "time", waited)
    assert submissions.once(any_platform, other, send) is None  # still running after the wait: nothing sent
    assert sent == [] and waited.now >= submissions.WAIT
    assert waited.sleeps <= submissions.WAIT / submissions.POLL + 1


def test_a_send_that_raises_gives_the_claim_back(any_platform):
    token = submissions.new_token()

    def refused(bound: submissions.Bind) -> int:
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        submissions.once(any_platform, token, refused)
    assert claimed(any_platform, token) is None


# -- review: the claim is bound in the transaction that starts the case (or takes the message) ----------------
LOST = OperationalError("UPDATE counter", {}, Exception("de verbinding met de database is verbroken"))


def _case_ids(platform: Platform) -> list[int]:
    with platform.uow(write=False) as uow:
        return list(uow.session.scalars(select(Case.id).order_by(Case.id)))


def _starter(
    platform: Platform, *, then: BaseException | None = None
) -> tuple[list[int], Callable[..., int]]:
    """A ``send`` that starts a case of the small permit model with the form's claim in its transaction,
    and raises ``then`` after that committed (a mail, the answer, a lost connection)."""
    started: list[int] = []

    def send(bound: submissions.Bind | None = None) -> int:
        case = cases.start_case(platform, "vergunning_klein", {}, user="anna", before_commit=bound)
        started.append(int(case["id"]))
        if then is not None:
            raise then
        return int(case["id"])

    return started, send


def test_a_send_that_raises_after_its_case_committed_leaves_the_claim_naming_that_case(any_platform):
    """The next post of the form (a retry, the back button) is answered with the case, none is started
    again (the claim was given back although the case existed: a second post started a second case)."""
    setup_klein(any_platform)
    token = submissions.new_token()
    started, send = _starter(any_platform, then=RuntimeError("de bevestigingsmail kon niet weg"))
    with pytest.raises(RuntimeError):
        submissions.once(any_platform, token, send)
    again, send_again = _starter(any_platform)
    assert submissions.once(any_platform, token, send_again) == started[0]
    assert again == [] and _case_ids(any_platform) == started


def test_a_message_whose_step_committed_before_a_raise_is_answered_as_registered(any_platform):
    """The status page's message forms: the second post of the form registers nothing and is answered
    with the case (it was sent again: the case no longer waited for it, 409)."""
    setup_klein(any_platform)
    case = cases.start_case(any_platform, "vergunning_klein", {}, user="anna")
    [task] = inbox.list_tasks(any_platform, "anna")["taken"]
    cases.complete_task(any_platform, task["id"], "anna", {"compleet": False})  # waits for an aanvulling
    token, sent = submissions.new_token(), []

    def send(bound: submissions.Bind | None = None) -> int:
        sent.append(case["id"])
        cases.send_message(any_platform, case["id"], "aanvulling", {"bijlage": "a.pdf"}, before_commit=bound)
        raise ConnectionResetError("de verbinding met de browser is verbroken")

    with pytest.raises(ConnectionResetError):
        submissions.once(any_platform, token, send)
    assert submissions.once(any_platform, token, send) == case["id"]
    assert sent == [case["id"]]


def test_a_bind_that_fails_after_the_commit_never_leaves_the_form_running(any_platform, monkeypatch):
    """The bind ran in a transaction of its own after the case's: when that failed the claim stayed in
    progress for ever, and every later post of the form waited and was answered "nog verwerkt"."""
    setup_klein(any_platform)
    token = submissions.new_token()

    def lost(*args: object) -> None:
        raise LOST

    monkeypatch.setattr(submissions, "bind", lost)  # what ran after the case's commit
    started, send = _starter(any_platform)
    assert submissions.once(any_platform, token, send) == started[0]
    monkeypatch.setattr(submissions, "time", Meanwhile())  # a later post does not wait for nothing
    assert submissions.once(any_platform, token, send) == started[0]
    assert _case_ids(any_platform) == started


def test_a_bind_that_fails_in_the_case_transaction_stores_no_case_and_the_form_is_sent_again(
    any_platform, monkeypatch
):
    setup_klein(any_platform)
    token, bind = submissions.new_token(), submissions._bind
    failures = [LOST]

    def once_lost(s: Session, name: str, lease: int, case_id: int) -> None:
        if failures:
            raise failures.pop()
        bind(s, name, lease, case_id)

    monkeypatch.setattr(submissions, "_bind", once_lost)
    started, send = _starter(any_platform)
    with pytest.raises(OperationalError):
        submissions.once(any_platform, token, send)
    assert _case_ids(any_platform) == []  # the case's transaction was undone with it
    monkeypatch.setattr(submissions, "time", Meanwhile())
    case_id = submissions.once(any_platform, token, send)  # sent again: the claim was given back
    assert _case_ids(any_platform) == [case_id]
    assert claimed(any_platform, token) == case_id


# -- left by the last session: a post killed before its commit or rollback blocked its form for hours ---------
def _left_by_a_dead_post(platform: Platform, token: str) -> None:
    """The claim as a post of the form leaves it when it is killed (kill -9, out of memory) while it runs,
    written by Ruimteflow before leases: in progress, nothing to say since when."""
    with platform.uow() as uow:
        uow.session.add(Counter(name=submissions._name(token), value=submissions.IN_PROGRESS))
        uow.commit()


def test_a_claim_of_a_post_that_died_does_not_block_the_form(any_platform, clock, monkeypatch):
    """It holds the form for one lease from the first post that finds it (its post may still run on the
    previous release: test_a_post_of_the_previous_release_that_still_runs_keeps_its_form), not for hours."""
    token = submissions.new_token()
    _left_by_a_dead_post(any_platform, token)
    monkeypatch.setattr(submissions, "time", Meanwhile())
    sent, send = _sender(42)
    assert submissions.once(any_platform, token, send) is None and sent == []  # for one lease
    clock.advance(seconds=submissions.LEASE)
    assert submissions.once(any_platform, token, send) == 42  # was: None ("nog verwerkt") for 4 hours
    assert sent == [42] and claimed(any_platform, token) == 42


def _previous_release_binds(platform: Platform, token: str, case_id: int) -> None:
    """What a post of the release before leases runs when its case commits: it names its case in the
    claim whoever holds it (no lease to check)."""
    with platform.uow() as uow:
        uow.session.execute(
            update(Counter).where(Counter.name == submissions._name(token)).values(value=case_id)
        )
        uow.commit()


def test_a_post_of_the_previous_release_that_still_runs_keeps_its_form(any_platform, monkeypatch):
    """A rolling deploy: a post of the previous release claimed the form (without a lease) and still runs
    when the next post of it reaches the new release. The new post waits for it and answers its case;
    it took the claim over at once and started a second case, which the old post's bind then overwrote."""
    token = submissions.new_token()
    _left_by_a_dead_post(any_platform, token)  # written the same way, by a post that still runs
    monkeypatch.setattr(
        submissions, "time", Meanwhile(lambda: _previous_release_binds(any_platform, token, 7))
    )
    sent, send = _sender(42)
    assert submissions.once(any_platform, token, send) == 7  # was 42: a second case
    assert sent == [] and claimed(any_platform, token) == 7


def test_a_running_post_holds_its_form_until_its_lease_ends(any_platform, clock, monkeypatch):
    token = submissions.new_token()
    assert claimed(any_platform, token) is None  # a post that runs, or died just now
    monkeypatch.setattr(submissions, "time", Meanwhile())
    sent, send = _sender(42)
    clock.advance(seconds=submissions.LEASE - 1)
    assert submissions.once(any_platform, token, send) is None and sent == []  # still running
    clock.advance(seconds=1)
    assert submissions.once(any_platform, token, send) == 42 and sent == [42]


def test_a_post_slower_than_its_lease_loses_its_case_to_the_post_that_took_over(
    any_platform, clock, monkeypatch
):
    """Two posts of one form, the first still alive when its lease ended: exactly one case, and both
    posts answer it (the first one's case transaction is undone)."""
    setup_klein(any_platform)
    token, later = submissions.new_token(), []
    monkeypatch.setattr(submissions, "time", Meanwhile())
    _, start = _starter(any_platform)

    def slow(bound: submissions.Bind) -> int:
        clock.advance(seconds=submissions.LEASE)
        later.append(submissions.once(any_platform, token, start))  # the retry, while this post still runs
        return start(bound)

    assert submissions.once(any_platform, token, slow) == later[0]
    assert _case_ids(any_platform) == later


# -- review: a taken-over claim never binds a second case (the bind checks the claim is still its own) -------
def test_a_post_whose_claim_was_taken_over_does_not_bind_its_case_over_the_later_ones(
    any_platform, clock, monkeypatch
):
    """A send that reached its case without running the Bind (bound in a transaction of its own after
    it) while a later post took its claim over: the claim keeps naming the later post's case and both
    posts answer that one. The bind after the send named the slow post's case over it before, so the two
    posts of one form answered two cases."""
    token, later = submissions.new_token(), []
    monkeypatch.setattr(submissions, "time", Meanwhile())
    _, retry = _sender(7)

    def slow(bound: submissions.Bind) -> int:
        clock.advance(seconds=submissions.LEASE)
        later.append(submissions.once(any_platform, token, retry))  # the retry, while this post still runs
        return 42

    assert submissions.once(any_platform, token, slow) == 7  # was 42
    assert later == [7] and claimed(any_platform, token) == 7  # was 42: bound over the retry's case
