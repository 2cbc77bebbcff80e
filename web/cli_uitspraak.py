"""`ruimteflow zaken uitspraak ZAAK --op DATUM --door NAAM`: record the court's uitspraak on the beroep a case
closed on, from which its bewaartermijn counts (services/bewaren/uitspraak.py). Bad input exits 2 with a
Dutch message, nothing changed."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from processes.termijnen.datums import datum_nl, lees_datum
from web.cli_errors import show
from web.cli_scenarios import ExitCode


def cmd_uitspraak(args: argparse.Namespace) -> Any:
    from services.bewaren import uitspraak

    platform = args.platform_factory(args)
    try:
        out = uitspraak.vastleggen(platform, args.zaak, args.op, args.door or "")
    finally:
        platform.close()
    if args.json:
        show(args, out)
    else:
        print(f"Uitspraak op het beroep in {out['zaak']} vastgelegd: {datum_nl(lees_datum(out['op'], 'op'))} "
              f"(door {out['door']}); de bewaartermijn telt vanaf die dag.")  # fmt: skip
    return ExitCode(0)


def register(commands: Any, common: argparse.ArgumentParser, platform_factory: Callable[..., Any]) -> None:
    """Add `zaken uitspraak` to the `zaken` commands."""
    u = commands.add_parser(
        "uitspraak",
        parents=[common],
        help="leg de uitspraak van de rechter vast op het beroep waarmee een zaak is afgerond: de "
        "bewaartermijn telt vanaf die dag (tot dan bewaard als 'beroep aanhangig')",
    )
    u.add_argument("zaak", help="de zaak, Z-JJJJ-NNNNNN")
    u.add_argument("--op", required=True, help="dag van de (laatste) uitspraak, JJJJ-MM-DD")
    u.add_argument("--door", required=True, help="wie de uitspraak vastlegt")
    u.set_defaults(fn=cmd_uitspraak, platform_factory=platform_factory)
