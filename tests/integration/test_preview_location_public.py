"""The application form's preview of a location (``POST /aanvragen/<process_id>/locatiecheck``, anonymous)
matches only the rules an initiator may see, and answers as the staff check trimmed to the public view did.

The preview used to run the full staff check (every rule, the internal ones too: the Bevi contour with its
installation's name, the parcels) and then drop the internal conflicts (gis.report.public_view); it now
asks services.locatiecheck.check_document for the public rules only (``public=True``, as the API does for an
initiator). The real-geodata test (../shared/geodata, skipped without it) compares both ways.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from shapely.geometry import mapping

from gis.api import public_view
from gis.matching import MemoryBackend
from services import deployments, locatiecheck
from services.clock import today
from services.platform import Platform
from services.status import intake
from tests.integration.energie_fixtures import WIND_MODELLEN

GEODATA = Path(__file__).resolve().parents[2].parent / "shared" / "geodata"
#: layer name -> file of ../shared/geodata (each file's one layer, or the one named like the layer)
REAL_LAYERS = {
    "natura2000": "natura2000/natura2000_nl.gpkg",
    "bgt_pand": "otterlo/bgt_pand_otterlo.gpkg",
    "perceel": "otterlo/brk_perceel_otterlo.gpkg",
    "pand": "doesburg/bag_panden_doesburg.gpkg",
    "buurten": "delft/cbs_buurten_2023_delft.geojson",
}


def _rule(rid: str, laag: str, predicaat: str, ernst: str, soorten: str = "*", *, extra: str = "") -> str:
    """A rule of REAL_RULES: ``predicaat`` with its measure ("binnen_afstand 50"), ``soorten`` space-separated,
    ``extra`` more TOML lines (``intern = true``, a filter)."""
    name, _, value = predicaat.partition(" ")
    measure = {"binnen_afstand": "afstand_m", "overlap_aandeel": "minimaal_aandeel"}.get(name)
    return (
        f'[[rule]]\nid = "{rid}"\nbeschrijving = "Regel {rid}."\nonderwerp = {json.dumps(soorten.split())}\n'
        f'laag = "{laag}"\npredicaat = "{name}"\nernst = "{ernst}"\nafdeling = "A"\nbron = "test"\n'
        f"geldig_vanaf = 2024-01-01\n{f'{measure} = {value}' if measure else ''}\n{extra}\n\n"
    )


INTERN = "intern = true"
N2K_N = 'filter = { stikstofgevoelig = "True" }'  # the areas sensitive to nitrogen
#: public and internal rules on the same layers, for the three kinds of the forms
REAL_RULES = '[soorten]\nbouwwerk = "B"\nwindturbine = "W"\nzonnepark = "Z"\n\n' + "".join(
    [
        _rule("n2k-in", "natura2000", "snijdt", "blokkerend"),
        _rule("n2k-nabij", "natura2000", "binnen_afstand 1000", "waarschuwing", extra=INTERN),
        _rule(
            "n2k-stikstof", "natura2000", "binnen_afstand 5000", "info", "windturbine zonnepark", extra=N2K_N
        ),
        _rule("pand-in", "bgt_pand", "snijdt", "info", "bouwwerk", extra=INTERN),
        _rule("pand-nabij", "bgt_pand", "binnen_afstand 50", "waarschuwing"),
        _rule("perceel-aandeel", "perceel", "overlap_aandeel 0.1", "info", "bouwwerk zonnepark"),
        _rule("perceel-nabij", "perceel", "binnen_afstand 200", "waarschuwing", extra=INTERN),
        _rule("doesburg-nabij", "pand", "binnen_afstand 25", "blokkerend", "windturbine", extra=INTERN),
        _rule("doesburg-in", "pand", "snijdt", "waarschuwing"),
        _rule("buurt-aandeel", "buurten", "overlap_aandeel 0.6", "info"),
        _rule("buurt-in", "buurten", "snijdt", "info", extra=INTERN),
    ]
)
INTERNAL = {rule["id"] for rule in tomllib.loads(REAL_RULES)["rule"] if rule.get("intern")}
#: what each application form checks a location as (services.status.intake._location_kind)
KINDS = (
    ("omgevingsvergunning", "", "bouwwerk"),
    ("windpark", "wind", "windturbine"),
    ("windpark", "zon", "zonnepark"),
)


@pytest.fixture
def real_platform(settings, clock, tmp_path: Path) -> Iterator[Platform]:
    """A platform whose locatiecheck layers are the real geodata (no ``gemeente`` layer: every location is
    inside) and whose rules are REAL_RULES."""
    folder = tmp_path / "lagen"
    folder.mkdir()
    meta = []
    for name, relative in REAL_LAYERS.items():
        source = GEODATA / relative
        if not source.is_file():
            pytest.skip(f"echte geodata ontbreekt: {source}")
        shutil.copyfile(source, folder / (name + source.suffix))  # a link is refused (gis.layer_open)
        meta.append(
            f'[{name}]\nfamilie = "natuur"\nbron = "test"\npeildatum = 2024-01-01\nlicentie = "test"\n'
        )
    (folder / "lagen.toml").write_text("\n".join(meta), encoding="utf-8")
    rules = tmp_path / "regels.toml"
    rules.write_text(REAL_RULES, encoding="utf-8")
    changed = dataclasses.replace(settings, gis_layers_dir=str(folder), gis_rules_file=str(rules))
    p = Platform.create(changed, clock, migrate=False)
    deployments.deploy(p, deployments.read_files(WIND_MODELLEN))  # the forms are offered (offered_form)
    yield p
    p.close()


def _wgs84(geometry: Any) -> str:
    from gis.crs import transformer

    tf = transformer(28992, 4326)
    moved = shapely.transform(geometry, lambda xy: np.column_stack(tf.transform(xy[:, 0], xy[:, 1])))
    return json.dumps(mapping(moved))


def _locations(platform: Platform) -> list[tuple[str, dict[str, str]]]:
    """(process_id, form values) of points and drawn areas over the real layers: in and near Natura 2000,
    on and beside buildings and parcels, across the borders of buurten, in the fields east of Otterlo and
    around Doesburg, each form kind in turn."""
    layers = locatiecheck.layers(platform.settings)
    spots: list[Any] = []
    for name, step in (("perceel", 1), ("bgt_pand", 90), ("pand", 400)):
        geometries = layers[name].geometries[::step]
        spots += [*shapely.point_on_surface(geometries), *shapely.buffer(geometries, 30.0)]
    natura2000 = layers["natura2000"]
    rijntakken = natura2000.geometries[natura2000.names.index("Rijntakken")]
    spots += list(layers["pand"].geometries[shapely.intersects(rijntakken, layers["pand"].geometries)])
    buurten = layers["buurten"].geometries
    spots += [
        shapely.box(*shapely.bounds(shapely.union(buurten[i], buurten[i + 1]))) for i in range(0, 12, 3)
    ]
    spots += [shapely.Point(x, y) for x in (184500, 205000, 208000, 209500) for y in (441000, 443000, 456500)]
    located = []
    for n, spot in enumerate(spots):
        process_id, soort, _ = KINDS[n % len(KINDS)]
        if spot.geom_type == "Point":
            values = {"locatie": "", "coordinaat": f"{spot.x} {spot.y}", "soort": soort}
        else:
            values = {"locatie": _wgs84(spot), "coordinaat": "", "soort": soort}
        located.append((process_id, values))
    return located


def test_the_preview_matches_no_internal_rule(platform, monkeypatch) -> None:
    """Was: the preview matched every rule (the demo's internal ones too) and then dropped their conflicts."""
    matched: list[Any] = []
    original = MemoryBackend.find_conflicts

    def spy(self, subjects, rules):  # type: ignore[no-untyped-def]
        matched.extend(rules.rules)
        return original(self, subjects, rules)

    deployments.deploy(platform, deployments.read_files(WIND_MODELLEN))  # the forms are offered
    monkeypatch.setattr(MemoryBackend, "find_conflicts", spy)
    for soort in ("wind", "zon"):
        preview = intake.preview_location(
            platform, "windpark", {"coordinaat": "226000 448000", "soort": soort}
        )
        assert preview["binnen_gemeente"] and preview["aandachtspunten"]
    intake.preview_location(platform, "omgevingsvergunning", {"coordinaat": "226000 448000"})
    assert matched and [r.id for r in matched if r.intern] == []


def test_the_preview_answers_as_the_staff_check_trimmed_to_the_public_view_on_real_geodata(
    real_platform, monkeypatch
) -> None:
    """Every preview over the real layers gives the answer of the earlier way (the staff check of every
    rule, trimmed by gis.report.public_view), and a whole document's public check equals the trimmed one
    (conflicts in their order, summary, warnings)."""
    settings = real_platform.settings
    day = today(real_platform.clock)
    layers = locatiecheck.layers(settings)
    for _, _, kind in KINDS:
        for name, step in (("perceel", 1), ("bgt_pand", 4), ("pand", 20)):
            body = {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"soort": kind}, "geometry": mapping(g)}
                    for g in layers[name].geometries[::step]
                ],
            }
            public = locatiecheck.check_document(settings, body, crs="EPSG:28992", peildatum=day, public=True)
            staff = locatiecheck.check_document(settings, body, crs="EPSG:28992", peildatum=day)
            assert public == public_view(staff), (kind, name)

    located = _locations(real_platform)
    answers = [intake.preview_location(real_platform, process_id, values) for process_id, values in located]
    original = locatiecheck.check_document
    internal: list[str] = []

    def staff_trimmed(settings, body, **options):  # type: ignore[no-untyped-def]
        """check_document as the preview called it before: every rule, then the public view."""
        staff = original(settings, body, **{**options, "public": False})
        internal.extend(c["regel"] for c in staff["conflicten"] if c["intern"])
        return public_view(staff)

    monkeypatch.setattr(locatiecheck, "check_document", staff_trimmed)
    earlier = [intake.preview_location(real_platform, process_id, values) for process_id, values in located]
    assert answers == earlier
    assert len(located) > 80 and all(a["binnen_gemeente"] for a in answers)
    remarked = [a for a in answers if a["aandachtspunten"]]
    assert 10 < len(remarked) < len(answers)  # some remarks, and some places without
    assert set(internal) == INTERNAL  # each internal rule hit, and was trimmed
