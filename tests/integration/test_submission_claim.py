"""The single-use token of the application form is claimed once, also by posts arriving together
(services/status/submissions.py), on SQLite and on PostgreSQL; a post of a form whose earlier post was
refused is sent itself (``once``)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from services.status import submissions


def test_parallel_claims_of_one_token_give_it_to_exactly_one(any_platform):
    token = submissions.new_token()
    results: list[int | None] = []
    start = threading.Barrier(4)

    def claim() -> None:
        start.wait()
        results.append(submissions.claim(any_platform, token))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=lambda r: r is not None) == [None, 0, 0, 0]


def test_a_bound_token_names_its_case_and_a_released_one_may_be_claimed_again(any_platform):
    token, other = submissions.new_token(), submissions.new_token()
    assert submissions.claim(any_platform, token) is None
    submissions.bind(any_platform, token, 42)
    submissions.release(any_platform, token)  # a bound claim stays
    assert submissions.claim(any_platform, token) == 42
    assert submissions.claim(any_platform, other) is None
    submissions.release(any_platform, other)
    assert submissions.claim(any_platform, other) is None


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


def _sender(case_id: int) -> tuple[list[int], Callable[[], int]]:
    sent: list[int] = []

    def send() -> int:
        sent.append(case_id)
        return case_id

    return sent, send


def refused_meanwhile(monkeypatch: pytest.MonkeyPatch, posts: int = 2) -> None:
    """The tester's posts at once: ``posts`` earlier posts of the next form sent, each claiming its token
    just before this post does, and each refused (its claim given back) while this post waits for it."""
    claim, claimed = submissions.claim, []

    def after_another(platform, name):  # type: ignore[no-untyped-def]
        claimed.append((platform, name))
        if len(claimed) <= posts:
            assert claim(platform, name) is None  # an earlier post of the form, still running
        return claim(platform, name)

    monkeypatch.setattr(submissions, "claim", after_another)
    release = lambda: submissions.release(*claimed[-1])  # noqa: E731 (that post refused)
    monkeypatch.setattr(submissions, "time", Meanwhile(*[release] * posts))


def test_a_post_after_refused_earlier_ones_is_sent_itself(any_platform, monkeypatch):
    """The second post gives its claim back after the first did, just before the third claims it again:
    the third is sent itself (the old message forms' ``send_once`` answered "still running" then)."""
    token = submissions.new_token()
    refused_meanwhile(monkeypatch)
    sent, send = _sender(42)
    assert submissions.once(any_platform, token, send) == 42
    assert sent == [42]
    assert submissions.claim(any_platform, token) == 42


def test_a_post_while_an_earlier_one_runs_waits_for_its_case_or_gives_up(any_platform, monkeypatch):
    token, other = submissions.new_token(), submissions.new_token()
    for name in (token, other):
        assert submissions.claim(any_platform, name) is None  # an earlier post, still running
    monkeypatch.setattr(submissions, "time", Meanwhile(lambda: submissions.bind(any_platform, token, 7)))
    sent, send = _sender(42)
    assert submissions.once(any_platform, token, send) == 7  # its case, not a second one
    waited = Meanwhile()
    monkeypatch.setattr(submissions, "time", waited)
    assert submissions.once(any_platform, other, send) is None  # still running after the wait: nothing sent
    assert sent == [] and waited.now >= submissions.WAIT
    assert waited.sleeps <= submissions.WAIT / submissions.POLL + 1


def test_a_send_that_raises_gives_the_claim_back(any_platform):
    token = submissions.new_token()

    def refused() -> int:
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        submissions.once(any_platform, token, refused)
    assert submissions.claim(any_platform, token) is None
