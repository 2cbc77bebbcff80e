"""Every span in which a case waited for an outside organisation's answer: pure, no database.

The holder intervals (services.waits.derive) choose one holder at every moment, so a wait for an outside
organisation (a catch event whose ``houder`` is outside: the netbeheerder's answer) shows there only while
nothing ranks above it. These spans keep every such wait, held or parallel, also while a task or a term
held the case: the time an organisation took to answer, which the one-holder intervals hide when the
municipality works on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from services.waits import derive as d


@dataclass(frozen=True)
class OutsideSpan:
    """A span in which the case waited for an outside organisation's answer (a catch event whose
    ``houder`` is outside), whether or not that organisation was the chosen holder then."""

    start: datetime
    end: datetime | None
    holder: str
    element_id: str
    reason: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.holder, self.element_id)


def outside_in(snapshot: d.WaitSnapshot, external: frozenset[str]) -> dict[tuple[str, str], str]:
    """(organisation, element) -> reason of each wait for an outside organisation in ``snapshot``."""
    found: dict[tuple[str, str], str] = {}
    for wait in snapshot.waits:
        holder = d.classify_wait(wait, external)
        if holder.kind == d.EXTERN:
            found.setdefault((holder.name, wait.element_id), wait.reason)
    return found


def _outside_at(
    spans: list[OutsideSpan], t: datetime, waiting: dict[tuple[str, str], str]
) -> list[OutsideSpan]:
    """``spans`` after the waits of moment ``t``: an open span whose wait is gone ends at ``t`` (and is
    dropped when it began at ``t``), one whose wait goes on takes its reason now (the waiting-list
    position the netbeheerder updated), a wait without an open span begins one."""
    out, still = [], set()
    for span in spans:
        if span.end is None and span.key not in waiting:
            if span.start < t:
                out.append(replace(span, end=t))
            continue
        if span.end is None:
            still.add(span.key)
            span = replace(span, reason=waiting[span.key])
        out.append(span)
    out += [OutsideSpan(t, None, h, e, why) for (h, e), why in waiting.items() if (h, e) not in still]
    return out


def carry_outside(
    spans: Iterable[OutsideSpan],
    snapshots: Iterable[d.WaitSnapshot],
    closed_at: datetime | None,
    external: frozenset[str],
) -> list[OutsideSpan]:
    """``spans`` (derived up to the snapshots) carried on over ``snapshots`` (in order), the open ones
    ending when the case closed: equal to deriving every snapshot when ``spans`` holds the open ones."""
    out = list(spans)
    for snap in snapshots:
        if closed_at is not None and snap.at > closed_at:
            break
        out = _outside_at(out, snap.at, outside_in(snap, external))
    return out if closed_at is None else _outside_at(out, closed_at, {})


def outside_waits(history: d.History, external: Iterable[str] = ()) -> list[OutsideSpan]:
    """Every span in which the case waited for an outside organisation, from its recorded waits."""
    return carry_outside([], history.snapshots, history.closed_at, frozenset(external))
