"""The bounds of one locatiecheck over the API (``POST /api/v1/locatiecheck``), so that no caller can make a
web worker do unbounded work or build an answer of any size (security test: copies of one polygon over the
municipality, each with thousands of conflicts, took 5.6 GB for 2,000 features and killed the worker at
10,000). Constants, not settings: they bound a web worker's memory, not a policy of the municipality; a
batch of any size goes through ``ruimteflow gis check``, which has none of them.

- the objects (features) of one request: 10,000 for the municipality's staff (batch use), 100 for an
  initiator or an outside party (a windpark's turbines, a few plots);
- the vertices of all objects together (each object has its own cap, Settings.max_geometry_vertices);
- the conflicts of one answer (about 570 bytes of JSON each: 25,000 is about 14 MB), counted over what the
  caller may see and stopped as soon as they are passed (gis.bounded);
- the cost of the check, before it runs (gis.cost; security test: 9 circles of 9,999 vertices over the
  municipality, well within the bounds above, took 38 s and answered 11 MB to an initiator): the area of
  the objects together, the layer features near them (candidates, which also bound the
  conflicts of the answer) and those weighted by the objects' vertices (work, which the exact predicates
  cost: about 70 ns a unit). Measured on the demo layers (public view / staff): a plot of 40 x 30 m 2 / 5
  candidates; a solar park of 500 x 300 m 6 / 38; the demo windpark (3 turbines, 800 m) 886 / 902; a
  windpark of 15 turbines over 6 km 2,567 / 3,443 candidates and 38,505 / 51,645 work; a park
  of 2,000 vertices over 5.4 km2 work 136,068 / 1,634,817; a wijk of 1.5 km 20 / 290; the whole
  municipality (127 km2, 5 vertices) 2,749 / 10,522 candidates. The tester's circle (86 km2, 9,999
  vertices): 2,273 / 8,810 candidates, work 22.7 / 88.1 million, 1.5 / 5.8 s.
- the checks of one account outside the municipality per hour (Settings.locatiechecks_per_account_per_hour,
  429 with Retry-After), as the application forms and uploads are counted (services.ratelimit).

The two request bounds are 413 (the request is larger than the server will take from this caller), the
answer's 422 (a request of a fitting size whose answer would be too large: split it or take a smaller
area). A refusal is an answer, never a truncated list: the summary (hoogste_ernst, per_ernst) of a cut-off
answer could not say whether the rest holds a blocking conflict.
"""

from __future__ import annotations

from typing import Any

from gis.cost import KM2, CostCaps
from gis.errors import TOO_MANY_SUBJECTS, TOO_MANY_VERTICES
from processes.errors import TooLarge
from processes.nederlands import getal
from services.geometry import check_size

#: objects in one request of the municipality's staff (the API schema only describes it: the 413 is here)
MAX_FEATURES = 10_000
#: objects in one request of an initiator or an outside party (policy.is_municipal is false)
MAX_FEATURES_PUBLIC = 100
#: vertices of all objects of one request together
MAX_VERTICES = 200_000
#: conflicts in one answer (gis.api.check's max_conflicts)
MAX_CONFLICTS = 25_000
#: the JSON body of one request of the municipality's staff (web.uploads.capped): MAX_FEATURES polygons of
#: MAX_VERTICES vertices together, as GeoJSON in WGS84 at full precision with a name and an id each, are
#: 9.7 MB (in RD 6.8 MB)
MAX_BODY_BYTES = 12 * 1024 * 1024
#: the JSON body of one request of an initiator or an outside party, refused before it is read (12 MB of
#: small objects took 4.2 s to parse and walk, 2 MB 0.7 s). As GeoJSON in WGS84 at full precision (40 bytes
#: a vertex): a windpark of 15 turbines (circles of 64 vertices) with its park polygon of 200 vertices is
#: 50 kB, a parcel of 5,000 vertices 200 kB, one object at Settings.max_geometry_vertices (10,000) 400 kB;
#: 100 objects at MAX_VERTICES together (8 MB) are a batch, the staff's. At least twice the largest
#: geometry text (Settings.max_geometry_bytes), as for a case's start (web.uploads.json_cap)
MAX_BODY_BYTES_PUBLIC = 2 * 1024 * 1024
#: the cost of an initiator's or outside party's check: a plot, a solar park, a windpark of some 10 km2, not
#: the municipality (50 km2 of area, 10,000 candidates: about 6 MB of answer, 2 million work: 0.15 s)
PUBLIC_AREA_KM2 = 50
PUBLIC_CAPS = CostCaps(
    max_area_m2=PUBLIC_AREA_KM2 * KM2,
    max_candidates=10_000,
    max_work=2_000_000,
    wie=" van een initiatiefnemer of externe partij",
)
#: the cost of a check of the municipality's staff: a batch over the municipality and beyond, whose answer
#: MAX_CONFLICTS bounds; 2,500 km2 of area (a province), 20 million work (about 1.5 s)
STAFF_AREA_KM2 = 2_500
STAFF_CAPS = CostCaps(max_area_m2=STAFF_AREA_KM2 * KM2, max_work=20_000_000)


def caps_for(municipal: bool) -> CostCaps:
    """The bounds of the cost of a check of the municipality's staff (``municipal``) or of anyone else."""
    return STAFF_CAPS if municipal else PUBLIC_CAPS


def body_cap(municipal: bool, settings: Any) -> int:
    """The most bytes a request's JSON body may hold for the municipality's staff (``municipal``) or for
    anyone else: ``MAX_BODY_BYTES``, or ``MAX_BODY_BYTES_PUBLIC`` (twice the largest geometry text if more)."""
    if municipal:
        return MAX_BODY_BYTES
    return max(MAX_BODY_BYTES_PUBLIC, 2 * int(settings.max_geometry_bytes))


def check_request(document: dict[str, Any], *, municipal: bool, settings: Any) -> None:
    """Refuse a request over the bounds of its caller (``municipal``: the municipality's staff), cheaply:
    from the parsed document, before any geometry is built. Its objects are those the check reads."""
    from gis.api import document_features

    features = document_features(document)
    most = MAX_FEATURES if municipal else MAX_FEATURES_PUBLIC
    if len(features) > most:
        who = "" if municipal else " van een initiatiefnemer of externe partij"
        raise TooLarge(
            f"Een locatiecheck{who} heeft ten hoogste {getal(most)} objecten; dit verzoek heeft er "
            f"{getal(len(features))}. Splits het in kleinere verzoeken.",
            code=TOO_MANY_SUBJECTS,
            grens=most,
        )
    vertices = 0
    for feature in features:
        vertices += check_size(feature["geometry"], settings)  # each geometry within its own cap
    if vertices > MAX_VERTICES:
        raise TooLarge(
            f"De objecten van een locatiecheck hebben samen ten hoogste {getal(MAX_VERTICES)} hoekpunten; dit "
            f"verzoek heeft er {getal(vertices)}. Splits het in kleinere verzoeken of vereenvoudig de geometrieën.",
            code=TOO_MANY_VERTICES,
            grens=MAX_VERTICES,
        )


#: the ``auth_failure`` scope of the checks counted per account (services.ratelimit)
CHECKS = "locatiecheck-account"


def charge_check(platform: Any, username: str) -> None:
    """Count one check of an account outside the municipality; TooManyAttempts (429, with Retry-After) once
    it used up its budget of the hour (Settings.locatiechecks_per_account_per_hour; then nothing is counted).
    Every check counts that passed :func:`check_request`, a refused one too: its geometries and candidates
    cost the worker as well."""
    from services.ratelimit import HOUR, Budget, charge_or_refuse, wait_phrase

    per_hour = max(1, int(platform.settings.locatiechecks_per_account_per_hour))

    def refusal(wait: int) -> str:
        return (
            f"De locatiecheck is niet uitgevoerd: u heeft te veel locatiechecks gedaan (ten hoogste {per_hour} "
            f"per uur). {wait_phrase(wait)} en probeer het dan opnieuw."
        )

    charge_or_refuse(platform, [(Budget(CHECKS, per_hour, HOUR), username)], refusal)
