"""On PostgreSQL the map hides personal-data layers as in memory: the metadata flag survives `gis load`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import text

from services import kaart_layers, locatiecheck
from services.kaart_layers import configured_layers, layer_catalog
from services.store.postgis_load import drop_tables
from tests.integration.test_gis_postgis_load import rules_on
from web import cli

pytestmark = pytest.mark.postgres

TABLE = 'familie = "wonen"\nbron = "PDOK"\npeildatum = 2024-01-01\nlicentie = "CC0"\n'


@pytest.fixture(autouse=True)
def _leave_no_layers(pg_platform):
    """These tests load their own few layers into the worker's PostGIS; a later test of the worker finds
    the registry empty again, as a fresh database has it (it is no app table, so pg_url does not empty it)."""
    yield
    with pg_platform.engine.begin() as conn:
        tables = conn.execute(text("SELECT tabel FROM gis_lagen")).scalars().all()
        for table in tables:
            drop_tables(conn, table)
        conn.execute(text("DELETE FROM gis_lagen"))


def _write(directory: Path, name: str, **columns: list[object]) -> None:
    points = [shapely.Point(155_000 + 10 * i, 463_000) for i in range(len(next(iter(columns.values()))))]
    gpd.GeoDataFrame(columns, geometry=points, crs=28992).to_file(directory / f"{name}.gpkg", driver="GPKG")


def test_personal_layers_are_hidden_on_postgis_as_in_memory(pg_platform, tmp_path: Path, monkeypatch):
    rules_on(monkeypatch, tmp_path / "regels.toml", "zonneparken")
    addresses = {"openbare_ruimte": ["Haparandaweg"], "huisnummer": [10], "postcode": ["1013AK"]}
    _write(tmp_path, "bag_verblijfsobjecten", **addresses)
    _write(tmp_path, "bag_adressen_openbaar", **addresses)
    _write(tmp_path, "meldingen", naam=["x"])
    _write(tmp_path, "zonneparken", naam=["Zonnepark De Hoeve"])
    (tmp_path / "lagen.toml").write_text(
        f"[bag_verblijfsobjecten]\n{TABLE}[bag_adressen_openbaar]\n{TABLE}persoonsgegevens = false\n"
        f"[meldingen]\n{TABLE}persoonsgegevens = true\n[zonneparken]\n{TABLE}"
    )
    assert cli.main(["gis", "load", str(tmp_path), "--database", pg_platform.settings.database_url]) == 0
    source = configured_layers(pg_platform)
    assert source["bag_adressen_openbaar"].meta.persoonsgegevens is False
    assert source["meldingen"].meta.persoonsgegevens is True
    assert source["zonneparken"].meta.persoonsgegevens is None
    assert [item["naam"] for item in layer_catalog(source)] == ["bag_adressen_openbaar", "zonneparken"]


def test_a_registry_without_the_column_reads_as_undeclared(pg_platform, tmp_path: Path, monkeypatch):
    """A database loaded by an older release has no persoonsgegevens column until its next load."""
    rules_on(monkeypatch, tmp_path / "regels.toml", "zonneparken")
    _write(tmp_path, "zonneparken", naam=["Zonnepark De Hoeve"])
    (tmp_path / "lagen.toml").write_text(f"[zonneparken]\n{TABLE}persoonsgegevens = false\n")
    assert cli.main(["gis", "load", str(tmp_path), "--database", pg_platform.settings.database_url]) == 0
    with pg_platform.engine.begin() as conn:
        conn.execute(text("ALTER TABLE gis_lagen DROP COLUMN persoonsgegevens"))
    layer = locatiecheck.postgis_backend(pg_platform.settings, pg_platform.engine).catalog()["zonneparken"]
    assert layer.meta.persoonsgegevens is None and not kaart_layers.is_personal("zonneparken", layer)
    assert layer.meta.peildatum == dt.date(2024, 1, 1)
