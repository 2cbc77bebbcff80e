"""The small case map of the case file: SVG parts from the case geometry and its conflicts."""

from __future__ import annotations

from web.faces import kaartje


def test_build_draws_the_case_and_its_conflicts():
    case = "POLYGON ((0 0, 100 0, 100 50, 0 50, 0 0))"
    conflicts = [{"id": 1, "ernst": "blokkerend", "laag": "natura2000", "feature_id": "7"}]
    out = kaartje.build(case, conflicts, {1: "MULTIPOINT ((10 10), (20 20))", 2: "POINT (5 5)"})
    assert out is not None and out["getekende_conflicten"] == 1
    conflict, zaak = out["vormen"]
    assert conflict["soort"] == "conflict blokkerend" and len(conflict["punten"]) == 2
    assert zaak["soort"] == "zaak" and zaak["pad"].startswith("M ") and zaak["pad"].endswith(" Z")
    assert out["viewbox"].startswith("0 0 ")
    assert kaartje.build(None, conflicts, {}) is None
