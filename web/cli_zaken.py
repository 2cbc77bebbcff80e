"""`ruimteflow zaken opschonen`: closed cases past their bewaartermijn (services.bewaren).

Without ``--uitvoeren`` a dry run: one Dutch line per closed case whose bewaartermijn ended on or
before ``--datum`` (default today on the platform's clock), and per closed case whose term is unknown;
nothing changes; it also lists the initiator accounts the run would anonymise with their last cases
(services.bewaren.accounts). With ``--uitvoeren`` each case with a known, ended term is anonymised in its
own transaction, with those accounts; its line says "gepseudonimiseerd", which it is (the module
services.bewaren.anonimiseren says why), the JSON keeps the outcome code "geanonimiseerd". Bad input (a
date, an option, a database that is not there) exits 2 with a Dutch message.
A case the run cannot anonymise now (a refusal, a concurrent change such as beheer offering one of its
mails again) is reported in Dutch and the run goes on with the next; the command then exits 1, naming
those cases.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from processes.errors import RuimteflowError
from processes.termijnen.datums import lees_datum
from web.cli_errors import show
from web.cli_scenarios import ExitCode

#: why a case was not anonymised when another transaction changed it at the same moment
GELIJKTIJDIG = (
    "iemand anders wijzigde de zaak of een van haar berichten op hetzelfde moment (bijvoorbeeld Beheer); "
    "er is niets gewijzigd, de volgende run neemt haar weer mee"
)


def _anonimiseer(platform: Any, item: Any) -> Any:
    """Anonymise one case; a case that fails (a refusal, a lost race) is an outcome "mislukt"."""
    from sqlalchemy.exc import DBAPIError

    from services.bewaren import anonimiseren

    try:
        return anonimiseren.anonimiseer(platform, item)
    except RuimteflowError as exc:
        return anonimiseren.Uitkomst(item.zaak, "mislukt", exc.detail)
    except DBAPIError as exc:
        from web.errors import is_concurrent

        if not is_concurrent(exc):
            raise  # a bug: keeps its traceback
        return anonimiseren.Uitkomst(item.zaak, "mislukt", GELIJKTIJDIG)


def cmd_opschonen(args: argparse.Namespace) -> Any:
    from services.bewaren import accounts, termijn
    from services.clock import today

    day = lees_datum(args.datum, "--datum") if args.datum is not None else None
    platform = args.platform_factory(args)
    try:
        found = list(termijn.vervallen(platform, day or today(platform.clock)))
        due = [f for f in found if f.bewaren_tot is not None]
        done = [_anonimiseer(platform, f) for f in due] if args.uitvoeren else []
        would = [] if args.uitvoeren else accounts.to_anonymise(platform, [f.case_id for f in due])
    finally:
        platform.close()
    if args.json:
        show(
            args,
            {
                "uitgevoerd": bool(args.uitvoeren),
                "zaken": [f.as_json() for f in found],
                "accounts": would if not args.uitvoeren else [a for d in done for a in d.accounts],
                "resultaten": [
                    {"zaak": d.zaak, "uitkomst": d.uitkomst, "reden": d.reden, "accounts": list(d.accounts)}
                    for d in done
                ],
            },
        )
    else:
        _print(found, done, would, args.uitvoeren)
    failed = [d.zaak for d in done if d.uitkomst == "mislukt"]
    if failed:
        print(f"Fout: {len(failed)} zaak/zaken niet gepseudonimiseerd: {', '.join(failed)}.", file=sys.stderr)
    return ExitCode(1 if failed else 0)


def _print(found: list[Any], done: list[Any], would: list[str], uitgevoerd: bool) -> None:
    if not found:
        print("Geen afgeronde zaken waarvan de bewaartermijn is verstreken.")
        return
    for f in found:
        print(f.regel())
    if not uitgevoerd:
        for name in would:
            print(f"account {name} (initiatiefnemer): geen van zijn zaken bewaart daarna nog gegevens")
        known = sum(1 for f in found if f.bewaren_tot is not None)
        print(f"Proefdraai: {known} zaak/zaken zouden worden gepseudonimiseerd en {len(would)} account(s) "
              "geanonimiseerd; er is niets gewijzigd (gebruik --uitvoeren).")  # fmt: skip
        return
    for d in done:
        print(d.regel())
    print(f"{sum(1 for d in done if d.uitkomst == 'geanonimiseerd')} zaak/zaken gepseudonimiseerd.")


def register(sub: Any, common: argparse.ArgumentParser, platform_factory: Callable[..., Any]) -> None:
    """Add `zaken opschonen` to the CLI; ``platform_factory(args)`` builds the platform (web.cli._platform)."""
    zaken = sub.add_parser("zaken", help="afgeronde zaken na hun bewaartermijn")
    commands = zaken.add_subparsers(dest="sub", required=True)
    s = commands.add_parser(
        "opschonen",
        parents=[common],
        help="toon (of pseudonimiseer, met --uitvoeren) afgeronde zaken waarvan de bewaartermijn is verstreken",
    )
    s.add_argument("--uitvoeren", action="store_true", help="pseudonimiseer de getoonde zaken echt")
    s.add_argument("--datum", help="peildatum JJJJ-MM-DD (standaard vandaag)")
    s.set_defaults(fn=cmd_opschonen, platform_factory=platform_factory)
