"""The conflicts of a check up to a bound, for a caller that must not get an answer of any size (the API).

The subjects are matched in parts of growing size (:data:`FIRST_PART`, doubling up to
:data:`LARGEST_PART`), each part by the backend as a check of its own. Once the conflicts found pass the
bound the check stops with :class:`gis.errors.TooManyConflicts`: the work done is at most one part past
the bound, not the whole request (copies of one polygon over the municipality, each with thousands of
conflicts). Every rule judges one subject at a time (a pair, or a subject's share in a layer), so the
parts together give the conflicts of one check; a request of a few subjects is one part.
"""

from __future__ import annotations

from dataclasses import replace

from gis.errors import TooManyConflicts
from gis.matching import ConflictBackend, RawConflicts
from gis.rules import RuleSet
from gis.subjects import Subjects
from processes.nederlands import getal

FIRST_PART = 8
LARGEST_PART = 1024


def find_bounded(
    backend: ConflictBackend, subjects: Subjects, rules: RuleSet, max_conflicts: int
) -> RawConflicts:
    """The raw conflicts of ``subjects``; TooManyConflicts as soon as there are more than ``max_conflicts``."""
    parts: list[RawConflicts] = []
    found = start = 0
    size = FIRST_PART
    while start < len(subjects):
        stop = min(start + size, len(subjects))
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
