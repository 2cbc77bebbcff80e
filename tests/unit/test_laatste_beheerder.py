"""The refusal of the last active beheerder names unblocking exactly when a blocked beheerder could be
unblocked (services.account_beheerders.check_not_last_beheerder).

Review finding (s23, reading the whole change): the refusal added "of deblokkeer er een (users deblokkeren
NAAM)" when more than one beheerder row was locked. An account made beheerder while the change waited is
not among those rows, so with one blocked beheerder locked the advice was left out; it now counts the
blocked beheerders other than the account itself.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from processes.errors import Conflict
from services.account_beheerders import Beheerders, check_not_last_beheerder

SINCE = datetime(2026, 3, 1, tzinfo=UTC)
ADVICE = "of deblokkeer er een (users deblokkeren NAAM)."


def _refusal(beheerders: Beheerders) -> str:
    with pytest.raises(Conflict) as refused:
        check_not_last_beheerder(beheerders, "carla", "blokkeren")
    assert refused.value.code == "laatste-beheerder"
    return refused.value.detail


@pytest.mark.parametrize(
    "beheerders, advised",
    [
        ([("bea", SINCE)], True),  # carla made beheerder meanwhile: was False (one row locked)
        ([("carla", None), ("bea", SINCE)], True),
        ([("bea", SINCE), ("carla", SINCE), ("kees", SINCE)], True),
        ([("carla", None)], False),
        ([("carla", SINCE)], False),  # unblocking carla herself leaves her the last one
        ([], False),
    ],
)
def test_the_refusal_advises_unblocking_only_when_another_beheerder_is_blocked(
    beheerders: Beheerders, advised: bool
):
    detail = _refusal(beheerders)
    assert detail.endswith(ADVICE if advised else "(users add NAAM --role beheerder).")
