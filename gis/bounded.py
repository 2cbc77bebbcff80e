"""The conflicts of a check up to a bound, for a caller that must not get an answer of any size (the API).

The subjects are matched in parts, each part by the backend as a check of its own. Once the conflicts
found pass the bound the check stops with :class:`gis.errors.TooManyConflicts`: the work done is at most
one part past the bound, not the whole request (copies of one polygon over the municipality, each with
thousands of conflicts). A part grows from :data:`FIRST_PART` subjects, doubling up to :data:`LARGEST_PART`,
and ends early once the subjects' envelopes together pass :data:`PART_AREA_M2`: a subject's conflicts grow
with the area it covers (parcels, crop fields), so big subjects are matched a few at a time, however many
small ones came before them. Every rule judges one subject at a time (a pair, or a subject's share in a
layer), so the parts together give the conflicts of one check; a request of a few subjects is one part.
The parts read one state of the layers (the backend's ``snapshot``): a layer load while the check runs is
not seen by its later parts, so one answer never mixes two versions of a layer.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from gis.cost import CostCaps, refuse_costly
from gis.errors import TooManyConflicts
from gis.matching import ConflictBackend, RawConflicts
from gis.rules import RuleSet
from gis.subjects import Subjects
from processes.nederlands import getal

FIRST_PART = 8
LARGEST_PART = 256
#: the envelopes of one part's subjects together (m2, RD New): 10 km2, a part of a municipality
PART_AREA_M2 = 10_000_000.0


def find_bounded(
    backend: ConflictBackend,
    subjects: Subjects,
    rules: RuleSet,
    max_conflicts: int,
    caps: CostCaps | None = None,
) -> RawConflicts:
    """The raw conflicts of ``subjects``; TooManyConflicts as soon as there are more than ``max_conflicts``.
    ``caps``: first the candidates are counted on the same state of the layers and a check over them is
    refused before any exact predicate runs (gis.cost)."""
    with backend.snapshot() as layers:  # every part reads the same state of the layers
        if caps is not None and (caps.max_candidates is not None or caps.max_work is not None):
            refuse_costly(layers.candidate_counts(subjects, rules), subjects, caps)
        return _in_parts(layers, subjects, rules, max_conflicts)


def _in_parts(
    backend: ConflictBackend, subjects: Subjects, rules: RuleSet, max_conflicts: int
) -> RawConflicts:
    """:func:`find_bounded` on a backend whose checks read one state of the layers."""
    parts: list[RawConflicts] = []
    found = start = 0
    size = FIRST_PART
    b = subjects.bounds
    covered = np.cumsum((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]))  # the envelopes' areas, added up
    while start < len(subjects):
        stop = _part_end(covered, start, size)
        part = backend.find_conflicts(subjects.part(start, stop), rules)
        found += len(part)
        if found > max_conflicts:
            raise TooManyConflicts(
                f"De locatiecheck vindt meer dan {getal(max_conflicts)} conflicten; zo'n groot antwoord wordt "
                "niet gegeven. Splits het verzoek in delen met minder objecten of controleer een kleiner gebied.",
                grens=max_conflicts,
            )
        if len(part):
            parts.append(replace(part, subject=part.subject + start))
        start, size = stop, min(2 * size, LARGEST_PART)
    return RawConflicts.concat(parts)


def _part_end(covered: np.ndarray, start: int, size: int) -> int:
    """Where the part from ``start`` ends: after ``size`` subjects, or once their envelopes together pass
    PART_AREA_M2 (``covered``: the envelopes' areas added up), but never before one subject."""
    before = float(covered[start - 1]) if start else 0.0
    by_area = int(np.searchsorted(covered, before + PART_AREA_M2, side="right"))
    return min(start + size, max(by_area, start + 1), len(covered))
