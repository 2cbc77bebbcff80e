"""The wijkanalyse's underground check reports only what lies in the wijk (review projectleider13, 2).

A heat route is picked because it meets the wijk; its distance to a drinking-water main is measured on
the part in the wijk plus the minimum distance, so a route that runs on through other wijken does not
bring their conflicts onto this wijk's plan. The wijk plan asks no party for advice on it: the conflict
says so instead of reading as an advice of the Drinkwaterbedrijf that nobody requested.
"""

from __future__ import annotations

from typing import Any

import shapely
from sqlalchemy import select

from gis.demo import build_demo_frames
from services import cases
from services.domain import energie_gis
from services.engine.context import current
from services.platform import Platform
from services.store.models import Case
from tests.integration.energie_fixtures import (
    WIJK_MODEL,
    doe,
    energie_platform,
    inbox_namen,
    laag,
    zet_lagen,
)
from web import create_app

WIJK = shapely.box(190_000, 445_000, 191_000, 446_000)
MINIMUM = 1.5  # processes/data/warmte_alternatieven.toml [wijkanalyse] warmte_drinkwater_min_afstand_m


def _lagen_met_doorgaand_trace() -> dict[str, Any]:
    """One route from inside the wijk 2 km east, out of it; three mains beside it at 1 m."""
    trace = shapely.LineString([(190_500, 445_500), (193_000, 445_500)])
    mains = [
        shapely.LineString([(190_600, 445_501), (190_700, 445_501)]),  # in the wijk
        shapely.LineString([(191_001, 445_501), (191_100, 445_501)]),  # 1 m across the wijk's edge
        shapely.LineString([(192_500, 445_501), (192_600, 445_501)]),  # 1.5 km outside the wijk
    ]
    return {
        "wijken": laag([{"code": "WK0101", "naam": "Centrum"}], [WIJK]),
        "warmtenet": laag([{"naam": "Tracé Oost"}], [trace]),
        "drinkwaterleiding": laag([{"naam": n} for n in ("Binnen", "Rand", "Buiten")], mains),
    }


def test_ondergrond_measures_the_route_in_the_wijk_only() -> None:
    found = energie_gis.ondergrond(_lagen_met_doorgaand_trace(), WIJK)
    assert [(c["drinkwaterleiding"], c["afstand_m"]) for c in found] == [("Binnen", 1.0), ("Rand", 1.0)]
    assert all(c["minimum_m"] == MINIMUM for c in found)


def test_demo_wijken_get_only_their_own_conflicts() -> None:
    """The demo's Hoofdleiding Centrum crosses five wijken; each gets only the conflicts inside it."""
    frames = build_demo_frames()
    wijken = {str(r["naam"]): r.geometry for _, r in frames["wijken"].iterrows()}

    def paren(naam: str) -> list[tuple[str, str]]:
        return [
            (c["warmteleiding"], c["drinkwaterleiding"]) for c in energie_gis.ondergrond(frames, wijken[naam])
        ]

    for naam in ("Centrum", "Beekdal", "Molenbuurt"):
        assert paren(naam) == [], naam
    assert paren("De Esch") == [("Hoofdleiding Centrum", "Transportleiding Noord-Zuid")]
    assert paren("Oude Dorp") == [("Hoofdleiding Centrum", "Distributieleiding West")]


def test_wijk_plan_stores_the_wijks_conflicts_and_says_nobody_was_asked(platform: Platform) -> None:
    def locatiecheck(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
        current().conflicts = []  # like the real service: the conflicts of this check replace the old ones
        return {"afdelingen": [], "hoogste_ernst": None, "aantal": 0, "conflicten": []}

    wup = energie_platform(platform, WIJK_MODEL, locatiecheck)
    zet_lagen(wup, _lagen_met_doorgaand_trace())
    ref = cases.start_case(
        wup,
        "wijkuitvoeringsplan",
        {"wijk_code": "WK0101", "wijk_naam": "Centrum", "transitievisie_alternatief": "warmtenet"},
        user="pim",
        geometry_wkt=WIJK.wkt,
        title="Wijkuitvoeringsplan Centrum",
    )["zaak"]
    doe(wup, ref, "uitgangspunten", {"uitgangspunten": "Start"})
    zaak = doe(wup, ref, "fase_afronden", {"naar_fase": "wijkanalyse", "toelichting": ""}, user="pim")
    assert zaak["samenvatting"]["wijkanalyse"]["ondergrondse_conflicten"] == 2
    conflicten = [c for c in cases.get_case(wup, ref)["conflicten"] if c["laag"] == "drinkwaterleiding"]
    assert sorted(c["beschrijving"].split("'")[3] for c in conflicten) == ["Binnen", "Rand"]
    for c in conflicten:
        assert c["afdeling"] == "Drinkwaterbedrijf" and c["ernst"] == "waarschuwing"
        assert (
            "Niet aan het Drinkwaterbedrijf voorgelegd: het wijkuitvoeringsplan vraagt" in c["beschrijving"]
        )
    # nobody was asked indeed: the plan gives the Drinkwaterbedrijf no task
    assert [(t["element"], t["kandidaatgroepen"]) for t in zaak["open_taken"]] == [
        ("analyse_beoordelen", ["Duurzaamheidsadviseur"])
    ]
    assert inbox_namen(wup, "alle") == ["Wijkanalyse beoordelen"]


def test_the_status_page_gives_the_conflict_without_an_officers_task(platform: Platform) -> None:
    """Review status15, F6: the public "Aandachtspunten voor de locatie" read "Weeg het mee in 'Wijkanalyse
    beoordelen' en leg het tracé ... voor", an instruction naming an internal task."""
    test_wijk_plan_stores_the_wijks_conflicts_and_says_nobody_was_asked(platform)
    wup = platform
    with wup.uow(write=False) as uow:
        code = uow.session.scalar(select(Case.tracking_code))
    page = create_app(wup.settings, platform=wup).test_client().get(f"/status/{code}").text
    punten = page.split('id="kop-locatie"', 1)[1].split("</ul>", 1)[0]
    assert "Niet aan het Drinkwaterbedrijf voorgelegd" in punten
    assert "De gemeente weegt dit mee bij het beoordelen van de wijkanalyse" in punten
    assert "Wijkanalyse beoordelen" not in punten and "Weeg het mee" not in punten


def test_a_main_at_the_minimum_is_no_conflict_and_one_just_inside_it_never_reads_as_the_minimum() -> None:
    """Review sessie18, F2: a main exactly at the minimum distance (1,5 m) was reported, as the buffer finds
    it too, and one at 1,4996 m was kept as round(d, 2) = 1,5 and read "op 1,5 m ... (minimaal 1,5 m)"."""
    from services.domain.energie_warmte import _ondergrond_conflict

    trace = shapely.LineString([(190_500, 445_500), (190_900, 445_500)])
    mains = [
        shapely.LineString([(190_600, 445_500 + MINIMUM), (190_650, 445_500 + MINIMUM)]),  # at the minimum
        shapely.LineString([(190_700, 445_501.4996), (190_750, 445_501.4996)]),  # just inside it
    ]
    lagen = {
        "wijken": laag([{"code": "WK0101", "naam": "Centrum"}], [WIJK]),
        "warmtenet": laag([{"naam": "WL 1"}], [trace]),
        "drinkwaterleiding": laag([{"naam": n} for n in ("Op", "Binnen")], mains),
    }
    [found] = energie_gis.ondergrond(lagen, WIJK)
    assert (found["drinkwaterleiding"], found["afstand_m"]) == ("Binnen", 1.49)
    assert (
        "op 1,49 m van drinkwaterleiding 'Binnen' (minimaal 1,5 m)"
        in _ondergrond_conflict(0, found)["beschrijving"]
    )
