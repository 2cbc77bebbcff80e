"""Review gis18, finding 1: the permit's advice reason is made from the summary the locatiecheck step
writes (services.domain.locatiecheck) by the model's script task ``adviesverzoeken``
(processes.advies_routering). The summary dropped ``feature_naam`` and ``intern``, so the reason never named
the Natura 2000 area and gave the text of an internal conflict to the adviser (an outside party, such as
the provincie or an omgevingsdienst). Here the real step over a tiny layer, then the real routing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import shapely

from processes.advies_routering import adviesverzoeken
from services.clock import FixedClock
from services.config import Settings
from services.domain.locatiecheck import locatiecheck
from services.engine.context import StepContext, step

X0, Y0 = 190_000.0, 440_000.0

LAGEN = """
[natura2000]
familie = "natuur"
bron = "test"
peildatum = 2024-01-01
licentie = "CC0"
"""

RULES = """
[soorten]
bouwwerk = "Bouwwerk"

[[rule]]
id = "n2k-in"
beschrijving = "In Natura 2000"
onderwerp = ["*"]
laag = "natura2000"
predicaat = "snijdt"
ernst = "blokkerend"
afdeling = "Provincie"
bron = "Wnb"
geldig_vanaf = 2020-01-01

[[rule]]
id = "n2k-buffer"
beschrijving = "Binnen 1000 m van Natura 2000"
onderwerp = ["*"]
laag = "natura2000"
predicaat = "binnen_afstand"
afstand_m = 1000
ernst = "waarschuwing"
afdeling = "Provincie"
bron = "Wnb"
geldig_vanaf = 2020-01-01
intern = true
"""

PROVINCIE = [{"groep": "Provincie", "soort": "instemming", "reden": "", "afdeling": "Provincie"}]


def _natura2000() -> gpd.GeoDataFrame:
    area = shapely.box(X0, Y0, X0 + 500, Y0 + 500)
    return gpd.GeoDataFrame({"naam": ["Rijntakken"]}, geometry=[area], crs=28992)


def _settings(
    tmp_path: Path, frame: gpd.GeoDataFrame | None = None, lagen: str = LAGEN, regels: str = RULES
) -> Settings:
    """One layer (``frame``, the layer ``lagen`` describes; by default Natura 2000) and the rules ``regels``."""
    layers = tmp_path / "lagen"
    layers.mkdir()
    name = lagen.split("[", 1)[1].split("]", 1)[0]
    (_natura2000() if frame is None else frame).to_file(layers / f"{name}.gpkg", layer=name, driver="GPKG")
    (layers / "lagen.toml").write_text(lagen, encoding="utf-8")
    rules = tmp_path / "regels.toml"
    rules.write_text(regels, encoding="utf-8")
    return Settings(instance_dir=tmp_path, gis_layers_dir=str(layers), gis_rules_file=str(rules))


def _step(tmp_path: Path, wkt: str, settings: Settings | None = None) -> tuple[dict, StepContext]:
    clock = FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    ctx = StepContext(clock, None, "Z-1", geometry_wkt=wkt, settings=settings or _settings(tmp_path))
    with step(ctx):
        return locatiecheck({}, soort="bouwwerk"), ctx


def _summary(tmp_path: Path, wkt: str) -> dict:
    return _step(tmp_path, wkt)[0]


def test_the_advice_reason_names_the_area_and_not_the_internal_conflict(tmp_path: Path) -> None:
    summary = _summary(tmp_path, f"POINT ({X0 + 250} {Y0 + 250})")
    assert {c["regel"] for c in summary["conflicten"]} == {"n2k-in", "n2k-buffer"}  # both found
    [request] = adviesverzoeken(summary, PROVINCIE)
    assert request["reden"] == "locatiecheck: In Natura 2000 (Rijntakken)"


def test_a_department_with_only_internal_conflicts_reads_no_conflict_text(tmp_path: Path) -> None:
    summary = _summary(tmp_path, f"POINT ({X0 + 900} {Y0 + 250})")  # 400 m outside: the buffer only
    assert [c["regel"] for c in summary["conflicten"]] == ["n2k-buffer"]
    [request] = adviesverzoeken(summary, PROVINCIE)
    assert request["reden"] == "locatiecheck noemt Provincie"


def test_a_conflict_the_location_lies_in_is_stored_without_a_distance(tmp_path: Path) -> None:
    """Review gis18, finding 2: the check gives a snijdt conflict 0 m, which the besluit printed as
    "Afstand: 0 m"; the case stores it without a distance (a binnen_afstand conflict keeps its own)."""
    _, ctx = _step(tmp_path, f"POINT ({X0 + 250} {Y0 + 250})")
    assert {c["regel"]: c["afstand_m"] for c in ctx.conflicts or []} == {"n2k-in": None, "n2k-buffer": 0.0}


GRENS_LAGEN = """
[gemeentegrens]
familie = "bestuur"
bron = "test"
peildatum = 2024-01-01
licentie = "CC0"
naamkolom = "buurgemeente"
"""

GRENS_RULES = """
soorten = { bouwwerk = "Bouwwerk" }
rule = [{ id = "gemeentegrens-buurgemeente", onderwerp = ["*"], laag = "gemeentegrens", ernst = "waarschuwing", \
    beschrijving = "Binnen 500 m van de gemeentegrens: de buurgemeente consulteren.", afdeling = "Buurgemeente", \
    predicaat = "binnen_afstand", afstand_m = 500, bron = "test", geldig_vanaf = 2020-01-01 }]
"""


def _border_summary(tmp_path: Path) -> dict:
    """The locatiecheck of a case 200 m from the border with Oosterhoeve, a layer that names its
    neighbours in its declared naamkolom (buurgemeente)."""
    borders = gpd.GeoDataFrame(
        {"gemeentenaam": ["Ruimtedal", "Ruimtedal"], "buurgemeente": ["Oosterhoeve", "Noorderbroek"]},
        geometry=[
            shapely.LineString([(X0, Y0), (X0, Y0 + 5000)]),
            shapely.LineString([(X0, Y0 + 5000), (X0 - 5000, Y0 + 5000)]),
        ],
        crs=28992,
    )
    settings = _settings(tmp_path, borders, GRENS_LAGEN, GRENS_RULES)
    return _step(tmp_path, f"POINT ({X0 - 200} {Y0 + 1000})", settings)[0]


def test_the_advice_to_the_neighbour_names_the_neighbour(tmp_path: Path) -> None:
    """Outside tester (gisregels): a case near the border asked "de buurgemeente" without saying which;
    the border layer names the neighbour in its declared naamkolom, and the advice reason names it."""
    summary = _border_summary(tmp_path)
    [conflict] = summary["conflicten"]
    assert conflict["feature_naam"] == "Oosterhoeve"
    route = [{"groep": "Buurgemeente", "soort": "advies", "reden": "", "afdeling": "Buurgemeente"}]
    [request] = adviesverzoeken(summary, route)
    assert request["reden"] == (
        "locatiecheck: Binnen 500 m van de gemeentegrens: de buurgemeente consulteren (Oosterhoeve)."
    )


def test_the_windpark_reason_names_the_neighbour(tmp_path: Path) -> None:
    """The windpark's advice reason (the summary's redenen per department) names the rule's features too."""
    assert _border_summary(tmp_path)["redenen"]["Buurgemeente"] == (
        "1 conflict(en), hoogste ernst waarschuwing: Binnen 500 m van de gemeentegrens: de buurgemeente "
        "consulteren. (regel gemeentegrens-buurgemeente: Oosterhoeve)"
    )
