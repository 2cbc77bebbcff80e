"""The cost of a check, bounded before it runs, for a caller that must not make a worker do unbounded work.

The exact predicates and measures of a check cost about one pass over a subject's vertices per layer
feature near it (GEOS intersects, distance, intersection), so a request of a few large polygons of many
vertices each made a web worker work for seconds and answer megabytes (security test: 9 circles of
9,999 vertices over the municipality, 38 s and 11 MB). Three bounds, all decided before any exact
predicate runs:

- the area of the objects together (m2, RD New; a point or a line has none): what the check covers;
- the candidates: the (rule, object, feature) pairs whose envelopes meet (a rule's distance added to the
  object's envelope), counted on the spatial index (STRtree in memory, ``&&`` in PostGIS). Every conflict
  is such a pair, so the answer never holds more conflicts than this count;
- the work: the candidates, each weighted by the vertices of its object.

The backend counts the candidates (``candidate_counts``); the rules are those the caller may see (an
initiator's public view), so a refusal says nothing about conflicts it may not see. Both backends count
the same (services.store.postgis_cost compares the exact envelopes after the index's rounded boxes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from gis.errors import AREA_TOO_LARGE, TOO_MANY_CANDIDATES, TOO_MUCH_WORK, CheckTooCostly
from gis.rules import Rule
from gis.subjects import Subjects
from processes.nederlands import getal

#: square metres in a square kilometre (the messages speak of km2)
KM2 = 1_000_000.0


@dataclass(frozen=True)
class CostCaps:
    """The bounds of one check (None: unbounded); ``wie`` names the caller in a refusal ("" for staff)."""

    max_area_m2: float | None = None
    max_candidates: int | None = None
    max_work: int | None = None
    wie: str = ""


def widening(rule: Rule) -> float:
    """How far (m) a candidate's envelope may lie from a subject's: the rule's distance, or none. Both
    backends count with it (services.store.postgis_cost)."""
    return rule.afstand_m if rule.predicaat == "binnen_afstand" and rule.afstand_m else 0.0


def probes(rule: Rule, bounds: np.ndarray) -> np.ndarray:
    """The envelopes of subjects with ``bounds``, widened by the rule's distance: what a feature's envelope
    must meet to be a candidate of the rule."""
    d = widening(rule)
    return np.asarray(shapely.box(bounds[:, 0] - d, bounds[:, 1] - d, bounds[:, 2] + d, bounds[:, 3] + d))


def covered_area(subjects: Subjects) -> float:
    """The areas of the subjects added up (m2): a point or a line covers none (its candidates and work are
    bounded all the same). Not their envelopes: a line from the municipality to the Dam in Amsterdam has an
    envelope of some 4,000 km2 and is checked in no time."""
    return float(subjects.areas.sum())


def refuse_area(subjects: Subjects, caps: CostCaps) -> None:
    """CheckTooCostly (413) when the objects together cover more than the caller's bound."""
    if caps.max_area_m2 is None:
        return
    area = covered_area(subjects)
    if area > caps.max_area_m2:
        raise CheckTooCostly(
            f"Een locatiecheck{caps.wie} beslaat ten hoogste {getal(caps.max_area_m2 / KM2)} km²; de objecten "
            f"van dit verzoek beslaan samen {getal(area / KM2, 1)} km². "
            "Controleer een kleiner gebied of splits het verzoek.",
            code=AREA_TOO_LARGE,
            veld="features",
            grens=caps.max_area_m2,
        )


def refuse_costly(counts: np.ndarray, subjects: Subjects, caps: CostCaps) -> None:
    """CheckTooCostly (413) when the candidates ``counts`` (per subject, the backend's ``candidate_counts``)
    pass the caller's bound, or when they, weighted by their subject's vertices, pass its bound of work."""
    candidates = int(counts.sum())
    if caps.max_candidates is not None and candidates > caps.max_candidates:
        raise CheckTooCostly(
            f"Een locatiecheck{caps.wie} vergelijkt ten hoogste {getal(caps.max_candidates)} kaartobjecten met "
            f"de objecten van het verzoek; dit verzoek zou er {getal(candidates)} vergelijken. Controleer een "
            "kleiner gebied of splits het verzoek.",
            code=TOO_MANY_CANDIDATES,
            veld="features",
            grens=caps.max_candidates,
        )
    if caps.max_work is None:
        return
    work = int((counts * shapely.get_num_coordinates(subjects.geometries)).sum())
    if work > caps.max_work:
        raise CheckTooCostly(
            f"Deze locatiecheck vraagt te veel rekenwerk: de objecten hebben veel hoekpunten en liggen bij veel "
            f"kaartobjecten ({getal(work)} vergelijkingen van hoekpunten; een locatiecheck{caps.wie} heeft er ten "
            f"hoogste {getal(caps.max_work)}). Vereenvoudig de geometrieën, controleer een kleiner "
            "gebied of splits het verzoek.",
            code=TOO_MUCH_WORK,
            veld="features",
            grens=caps.max_work,
        )
