"""`ruimteflow zgw ...`: the ZGW zaakregistratie (Open Zaak). Errors exit with code 2 and a Dutch message."""

from __future__ import annotations

import argparse
from typing import Any

from web import cli_database, cli_parser


def cmd_zgw_catalogus(args: argparse.Namespace) -> Any:
    from services.config import Settings
    from services.zgw.catalogus import ensure
    from services.zgw.client import ZgwClient, ZgwRemoteError, as_problem
    from services.zgw.config import ZgwConfigError, zgw_config
    from services.zgw.mapping import mapping_for

    settings = Settings.from_env()
    config = zgw_config(settings)
    if config is None:
        raise ZgwConfigError(
            "ZGW is niet ingesteld: zet RUIMTEFLOW_ZGW_URL (de basis-URL van Open Zaak) of de vier "
            "RUIMTEFLOW_ZGW_*_URL, en RUIMTEFLOW_ZGW_CLIENT_ID en RUIMTEFLOW_ZGW_SECRET."
        )
    mapping = mapping_for(settings)
    with ZgwClient(config, timeout=args.timeout) as client:
        try:
            report = ensure(client, mapping)
        except ZgwRemoteError as exc:
            raise as_problem(exc, f"De Catalogi API ({config.catalogi_url})") from exc
    return report.to_dict()


def cmd_zgw_resync(args: argparse.Namespace) -> Any:
    """Rebuild a case's remote state from the local one; with --nu deliver it right away."""
    from services.scheduler import deliver_once
    from services.zgw.resync import resync

    platform = cli_database.platform(args)
    try:
        result = resync(platform, args.zaak)
        if args.nu:
            result["afgeleverd"] = deliver_once(platform).as_dict()
        return result
    finally:
        platform.close()


def cmd_zgw_deliveries(args: argparse.Namespace) -> Any:
    """The outbox as beheer sees it: counts per status and the undelivered messages with their errors."""
    from services.channels import known_channel
    from services.outbox import beheer as outbox_beheer

    if args.opnieuw and (args.status or args.zaak):  # retry_dead offers every dead message again
        raise cli_parser.alleen_met("--opnieuw", "hoogstens --kanaal (niet met --status of --zaak)")
    if args.kanaal and not args.opnieuw:
        raise cli_parser.alleen_met("--kanaal", "--opnieuw")
    known_channel(args.kanaal)  # before the database is opened
    platform = cli_database.platform(args)
    try:
        if args.opnieuw:
            return outbox_beheer.retry_dead(platform, "cli", args.kanaal)
        if args.zaak:  # an unknown case is refused, not answered with an empty list
            from services.cases import get_case

            get_case(platform, args.zaak)
        return outbox_beheer.deliveries(platform, status=args.status, case=args.zaak)
    finally:
        platform.close()


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the `zgw` command group to the `ruimteflow` parser (called once from web/cli.py)."""
    zgw = sub.add_parser("zgw", help="zaakregistratie in Open Zaak (ZGW-API's)").add_subparsers(
        dest="sub", required=True
    )
    s = zgw.add_parser(
        "catalogus",
        parents=[cli_database.without_database("de catalogus staat in de Catalogi API")],
        help="maak of werk de catalogus en de zaaktypen van de procedures bij in de Catalogi API (idempotent)",
    )
    s.add_argument(
        "--timeout", type=cli_parser.seconds, default=30.0, help="seconden per aanroep (standaard 30)"
    )
    s.set_defaults(fn=cmd_zgw_catalogus)

    s = zgw.add_parser(
        "resync",
        parents=[common],
        help="bouw de zaak in de zaakregistratie opnieuw op uit de lokale zaak (idempotent, zonder dubbelen)",
    )
    s.add_argument("zaak", help="zaaknummer (Z-2026-000123) of id")
    s.add_argument(
        "--nu", action="store_true", help="lever de berichten meteen af (anders doet de worker dat)"
    )
    s.set_defaults(fn=cmd_zgw_resync)

    s = zgw.add_parser(
        "afleveringen",
        parents=[common],
        help="uitgaande berichten (ZGW, e-mail) die wachten, uitgesteld, mislukt of opgegeven zijn, met de fout",
    )
    s.add_argument(
        "--status",
        choices=["wachtend", "uitgesteld", "mislukt", "dood", "terzijde", "afgeleverd"],
        help="alleen deze status",
    )
    s.add_argument("--zaak", help="alleen de berichten van deze zaak")
    s.add_argument("--opnieuw", action="store_true", help="bied alle opgegeven berichten opnieuw aan")
    s.add_argument("--kanaal", help="met --opnieuw: alleen dit kanaal (zgw, email)")
    s.set_defaults(fn=cmd_zgw_deliveries)
