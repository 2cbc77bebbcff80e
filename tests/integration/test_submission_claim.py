"""The single-use token of the application form is claimed once, also by posts arriving together
(services/status/submissions.py), on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading

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
