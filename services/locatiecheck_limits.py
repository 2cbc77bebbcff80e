"""The bounds of one locatiecheck over the API (``POST /api/v1/locatiecheck``), so that no caller can make a
web worker do unbounded work or build an answer of any size (security test: copies of one polygon over the
municipality, each with thousands of conflicts, took 5.6 GB for 2,000 features and killed the worker at
10,000). Constants, not settings: they bound a web worker's memory, not a policy of the municipality; a
batch of any size goes through ``ruimteflow gis check``, which has none of them.

- the objects (features) of one request: 10,000 for the municipality's staff (batch use), 100 for an
  initiator or an outside party (a windpark's turbines, a few plots);
- the vertices of all objects together (each object has its own cap, Settings.max_geometry_vertices);
- the conflicts of one answer (about 570 bytes of JSON each: 25,000 is about 14 MB), counted over what the
  caller may see and stopped as soon as they are passed (gis.bounded).

The two request bounds are 413 (the request is larger than the server will take from this caller), the
answer's 422 (a request of a fitting size whose answer would be too large: split it or take a smaller
area). A refusal is an answer, never a truncated list: the summary (hoogste_ernst, per_ernst) of a cut-off
answer could not say whether the rest holds a blocking conflict.
"""

from __future__ import annotations

from typing import Any

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
