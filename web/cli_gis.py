"""`ruimteflow gis ...`: the locatiecheck on a file, the layers, and loading layers into PostGIS."""

from __future__ import annotations

import argparse
from typing import Any

from processes.errors import ValidationError


def cmd_gis_check(args: argparse.Namespace) -> Any:
    from processes.bestanden import lees_bytes
    from services import locatiecheck

    body = lees_bytes(args.subjects)
    from services.clock import SystemClock, today
    from services.config import Settings

    settings = Settings.from_env(database_url=args.database)
    return locatiecheck.check_document(
        settings,
        body,
        crs=args.crs,
        layers_dir=args.layers,
        rules_file=args.rules,
        peildatum=today(SystemClock()),
        buiten_gemeente=True,
    )


def cmd_gis_layers(args: argparse.Namespace) -> Any:
    from services import locatiecheck
    from services.config import Settings

    return {
        "lagen": locatiecheck.layer_list(
            Settings.from_env(database_url=args.database), layers_dir=args.layers
        )
    }


def cmd_gis_load(args: argparse.Namespace) -> Any:
    """Load a layer directory into PostGIS (PostgreSQL only); unchanged layers are skipped. A folder without
    layer files at its top level is refused (gis.layers.read_layers) before anything is touched."""
    from pathlib import Path

    from services import locatiecheck
    from services.config import Settings

    settings = Settings.from_env(database_url=args.database)
    if not locatiecheck.uses_postgis(settings):
        raise ValidationError(
            "'gis load' laadt lagen in PostGIS en werkt alleen met een PostgreSQL-database "
            "(zet DATABASE_URL of --database); met SQLite leest Ruimteflow de lagenmap zelf.",
            code="gis-geen-postgis",
        )
    directory = Path(args.directory)
    if not directory.is_dir():
        raise ValidationError(f"Lagenmap '{args.directory}' bestaat niet.", code="lagenmap-onbekend")
    loaded = locatiecheck.load_into_postgis(settings, directory, force=args.force)
    # what the load left, read as is: never the bootstrap of postgis_catalog (which loads another folder)
    catalog = locatiecheck.postgis_backend(settings).catalog()
    return {
        "geladen": loaded,
        "ongewijzigd": sorted(set(catalog) - set(loaded)),
        "lagen": {name: layer.features for name, layer in catalog.items()},
    }


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    g = sub.add_parser("gis", help="locatiecheck").add_subparsers(dest="sub", required=True)
    s = g.add_parser("check", parents=[common], help="controleer locaties (GeoJSON) op conflicten")
    s.add_argument("subjects")
    s.add_argument("--crs")
    s.add_argument("--layers")
    s.add_argument("--rules")
    s.set_defaults(fn=cmd_gis_check)
    s = g.add_parser("layers", parents=[common], help="toon de kaartlagen")
    s.add_argument("--layers")
    s.set_defaults(fn=cmd_gis_layers)
    s = g.add_parser("load", parents=[common], help="laad een lagenmap in PostGIS (alleen PostgreSQL)")
    s.add_argument(
        "directory", help="map met .gpkg/.geojson/.shp-lagen (direct in de map, niet in submappen)"
    )
    s.add_argument("--force", action="store_true", help="laad ook ongewijzigde lagen opnieuw")
    s.set_defaults(fn=cmd_gis_load)
