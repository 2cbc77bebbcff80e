"""`ruimteflow adressen laden FILE` and `ruimteflow adressen zoek POSTCODE HUISNUMMER`: the address
register of the application form (a BAG extract as CSV or GeoPackage)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from web.cli_database import platform


def cmd_laden(args: argparse.Namespace) -> Any:
    from pathlib import Path

    from gis.bag import read_extract
    from services import adressen

    rows = read_extract(args.file, note=lambda text: print(text, file=sys.stderr))
    return adressen.load(platform(args), rows, bron=args.bron or Path(args.file).name)


def cmd_zoek(args: argparse.Namespace) -> Any:
    from services import adressen

    return adressen.lookup(platform(args), args.postcode, args.huisnummer)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``adressen`` commands to the ``ruimteflow`` parser."""
    a = sub.add_parser("adressen", help="adressenregister (BAG-uittreksel)").add_subparsers(
        dest="sub", required=True
    )
    s = a.add_parser(
        "laden", parents=[common], help="laad een BAG-uittreksel (CSV of GeoPackage); vervangt het register"
    )
    s.add_argument("file", help=".csv (postcode, huisnummer, x, y of lat, lon) of .gpkg (puntlaag)")
    s.add_argument("--bron", help="naam van de bron (standaard de bestandsnaam)")
    s.set_defaults(fn=cmd_laden)
    s = a.add_parser("zoek", parents=[common], help="zoek de locatie van een adres")
    s.add_argument("postcode")
    s.add_argument("huisnummer")
    s.set_defaults(fn=cmd_zoek)
