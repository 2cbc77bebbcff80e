"""The overlap_aandeel rule: a subject's share in the layer, not in one feature of it.

A subject (with an area) meets the rule when the part of it that lies in the rule's features of the
layer (after the rule's filter), taken together, is at least ``minimaal_aandeel`` of its area: a plot
that lies 40% in one windzone and 40% in the next lies 80% in the windzones, although a zone layer
comes split into features. Features that overlap each other count once (the union).

Which features the conflicts name: every feature that alone holds at least the share (as before, so
each parcel a plan covers for the most part is named); when none does, the one feature the subject
overlaps most (on an equal share, to 6 decimals, the first in feature-id order). A conflict's ``overlap_m2`` and
``overlap_aandeel`` are those of the feature it names. A subject without area (point, line) has no
share: for it the rule acts as snijdt, every feature it lies in is named.

Both backends apply this rule: gis.matching in memory, services.store.postgis in SQL (the differential
test holds them to the same answer).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: relative tolerance on an overlap share: a plot equal to a feature has a share of 1 up to rounding
#: (GEOS gives 0.9999999999999999), and "at least 1.0" must hold for it; PostGIS uses the same threshold
SHARE_TOLERANCE = 1e-9
#: shares are compared rounded to this many decimals to pick the feature a subject overlaps most, so
#: that the backends' last-digit differences (1e-12 of a share) do not pick different features of an
#: equal split
RANK_DECIMALS = 6


def share_threshold(minimaal_aandeel: float) -> float:
    """The lowest overlap share (overlap / subject area) that meets ``minimaal_aandeel``."""
    return minimaal_aandeel * (1 - SHARE_TOLERANCE)


def keep_by_layer_share(
    subject: np.ndarray,
    rank: np.ndarray,
    overlap: np.ndarray,
    areas: np.ndarray,
    areal: np.ndarray,
    minimaal_aandeel: float,
    union_overlap: Callable[[np.ndarray], float],
) -> np.ndarray:
    """Which (subject, feature) pairs of one overlap_aandeel rule become conflicts (see the module).

    The pairs are those in which the subject lies in the feature; ``rank`` is the feature's position in
    feature-id order, ``overlap`` the pair's overlap (m2), ``areas``/``areal`` per subject (indexed by
    ``subject``). ``union_overlap(pairs)`` gives the area of the subject of those pairs (all of one
    subject) in the union of their features; it is asked only when no single feature meets the share
    but the summed overlaps do."""
    keep = ~areal[subject]
    threshold = share_threshold(minimaal_aandeel)
    with np.errstate(divide="ignore", invalid="ignore"):
        alone = areal[subject] & (overlap / areas[subject] >= threshold)
    keep |= alone
    candidates = areal[subject] & ~alone
    if not candidates.any():
        return keep
    groups, inverse = np.unique(subject, return_inverse=True)
    met = np.bincount(inverse, weights=alone, minlength=len(groups)) > 0
    total = np.bincount(inverse, weights=overlap, minlength=len(groups))
    open_groups = ~met & areal[groups] & (total / np.where(areal[groups], areas[groups], 1.0) >= threshold)
    if not open_groups.any():
        return keep
    share = np.round(overlap / np.where(areal[subject], areas[subject], 1.0), RANK_DECIMALS)
    order = np.lexsort((rank, -share, inverse))  # per subject: the largest share first, then id order
    starts = np.searchsorted(inverse[order], np.arange(len(groups) + 1))
    for group in np.flatnonzero(open_groups).tolist():
        mine = order[starts[group] : starts[group + 1]]
        if union_overlap(mine) / areas[groups[group]] >= threshold:
            keep[mine[0]] = True
    return keep
