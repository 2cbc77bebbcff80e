"""`ruimteflow users ...`: add a user, register an organisation for its party, give a user a new API token,
revoke its token and sessions, block and unblock an account, and read the account changes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def cmd_add(args: argparse.Namespace) -> Any:
    from processes.errors import ValidationError
    from services import account_audit, users

    if args.password is not None and not args.password:  # "" would mean: no password (or keep the old)
        raise ValidationError(
            "--password is leeg; geef een wachtwoord, of laat --password weg.", code="wachtwoord-leeg"
        )
    platform = args.platform_factory(args)
    known = {g["naam"] for g in users.list_groups(platform)}
    result = users.add_user(
        platform,
        args.username,
        groups=args.group,
        organisaties=args.organisatie,
        partij=args.partij,
        role=args.role,
        password=args.password,
        email=args.email,
        bijwerken=args.bijwerken,
        door=account_audit.command_line(),
    )
    _notice_new_groups([g for g in dict.fromkeys(args.group or []) if g not in known], known)
    if result["geblokkeerd"]:
        _notice_blocked(args.username)
    return result


def _notice_new_groups(new: list[str], known: set[str]) -> None:
    """--group creates a group that does not exist yet (as documented): say so, so that a typo
    ('Vergunnigen') does not pass unseen."""
    import sys

    for name in new:
        print(
            f"Let op: de groep '{name}' bestond nog niet en is aangemaakt. Bestaande groepen: "
            f"{', '.join(sorted(known)) or '(geen)'}.",
            file=sys.stderr,
        )


def _notice_blocked(username: str) -> None:
    """--bijwerken on a blocked account changes its role and groups (an administrator tidies a leaver's
    groups) but gives it no API token: say so, and how it gets one, instead of a silent "token": null."""
    import sys

    print(
        f"Let op: gebruiker '{username}' is geblokkeerd en heeft daarom geen API-token gekregen; de rol en de "
        "groepen zijn wel bijgewerkt en het account blijft geblokkeerd. Een token krijgt het pas na "
        f"ruimteflow users deblokkeren {username}, met ruimteflow users token {username}.",
        file=sys.stderr,
    )


def cmd_organisation(args: argparse.Namespace) -> Any:
    from services import account_audit, organisations

    return organisations.register(
        args.platform_factory(args), args.naam, args.partij, door=account_audit.command_line()
    )


def cmd_organisations(args: argparse.Namespace) -> Any:
    from services import users

    groups = users.list_groups(args.platform_factory(args))
    return [{"naam": g["naam"], "partij": g["partij"]} for g in groups if g["soort"] == "organisatie"]


def cmd_token(args: argparse.Namespace) -> Any:
    from services import account_audit, users

    return users.new_token(args.platform_factory(args), args.username, door=account_audit.command_line())


def cmd_revoke(args: argparse.Namespace) -> Any:
    from services import account_audit, sessions

    return sessions.revoke_access(
        args.platform_factory(args), args.username, door=account_audit.command_line()
    )


def cmd_block(args: argparse.Namespace) -> Any:
    from services import account_audit, account_block

    return account_block.block(
        args.platform_factory(args), args.username, reden=args.reden, door=account_audit.command_line()
    )


def cmd_unblock(args: argparse.Namespace) -> Any:
    from services import account_audit, account_block

    return account_block.unblock(
        args.platform_factory(args), args.username, door=account_audit.command_line()
    )


def cmd_history(args: argparse.Namespace) -> Any:
    from services import account_audit

    return account_audit.history(args.platform_factory(args), args.username, limit=args.aantal)


def register(sub: Any, common: argparse.ArgumentParser, platform_factory: Callable[..., Any]) -> None:
    """Add `users` to the CLI; ``platform_factory(args)`` builds the platform (web.cli._platform)."""
    u = sub.add_parser("users", help="gebruikers").add_subparsers(dest="sub", required=True)
    s = u.add_parser("add", parents=[common], help="voeg een gebruiker toe (groepen worden aangemaakt)")
    s.add_argument("username")
    s.add_argument(
        "--group",
        action="append",
        default=[],
        help="afdeling van de gemeente (een organisatie: --organisatie)",
    )
    s.add_argument(
        "--organisatie",
        action="append",
        default=[],
        help="groep van één externe organisatie (soort organisatie, bijvoorbeeld 'Warmtebedrijf Ennatuurlijk'): "
        "een zaak die deze organisatie noemt geeft haar de taken van haar partij (--partij), en alleen haar",
    )
    s.add_argument(
        "--partij",
        help="de partijgroep van de organisaties van --organisatie (bijvoorbeeld Warmtebedrijf, uit [partijen] "
        "extern van autorisatie.toml): alleen zo vastgelegd mag een zaak haar voor die partij noemen; een "
        "nieuwe organisatie heeft hem nodig, een volgend account van haar niet",
    )
    s.add_argument("--role", default="medewerker")
    s.add_argument("--password")
    s.add_argument("--email", help="geverifieerd e-mailadres (een initiatiefnemer ziet zijn aanvragen)")
    s.add_argument(
        "--bijwerken",
        action="store_true",
        help="een bestaande gebruiker bijwerken: rol, groepen en token worden vervangen, het wachtwoord "
        "alleen met --password (alleen een nieuw token: users token; een geblokkeerd account krijgt geen token)",
    )
    s.set_defaults(fn=cmd_add, platform_factory=platform_factory)
    _of_one_user(
        u,
        "token",
        common,
        cmd_token,
        platform_factory,
        help="geef een gebruiker een nieuw API-token (eenmaal getoond; het oude werkt niet meer); rol, "
        "groepen, wachtwoord, sessies en opgepakte taken blijven",
    )
    _register_organisations(u, common, platform_factory)
    _of_one_user(
        u,
        "revoke",
        common,
        cmd_revoke,
        platform_factory,
        help="trek het API-token van een gebruiker in en beëindig al zijn sessies (een gestolen laptop; "
        "iemand die uit dienst is: users blokkeren)",
    )
    _register_blocking(u, common, platform_factory)
    s = u.add_parser(
        "historie", parents=[common], help="wie kreeg of verloor welke rol en groepen, wanneer en door wie"
    )
    s.add_argument("username", nargs="?", help="alleen de wijzigingen van deze gebruiker")
    s.add_argument("--aantal", type=int, default=200, help="hoeveel regels, nieuwste eerst (1-1000)")
    s.set_defaults(fn=cmd_history, platform_factory=platform_factory)


def _of_one_user(
    u: Any,
    name: str,
    common: argparse.ArgumentParser,
    fn: Callable[[argparse.Namespace], Any],
    platform_factory: Callable[..., Any],
    *,
    help: str,
) -> Any:
    """The `users` command ``name`` about one account: its USERNAME argument and what runs it."""
    s = u.add_parser(name, parents=[common], help=help)
    s.add_argument("username")
    s.set_defaults(fn=fn, platform_factory=platform_factory)
    return s


def _register_blocking(u: Any, common: argparse.ArgumentParser, platform_factory: Callable[..., Any]) -> None:
    """`users blokkeren` and `users deblokkeren`: close an account to every login while keeping it, open it."""
    s = _of_one_user(
        u,
        "blokkeren",
        common,
        cmd_block,
        platform_factory,
        help="sluit een account af voor elke manier van inloggen (wachtwoord, single sign-on, API-token), "
        "bijvoorbeeld van iemand die uit dienst is; token, sessies en opgepakte taken vervallen, het account "
        "en zijn historie blijven",
    )
    s.add_argument("--reden", help="waarom (komt in users historie; hoogstens 500 tekens)")
    _of_one_user(
        u,
        "deblokkeren",
        common,
        cmd_unblock,
        platform_factory,
        help="hef een blokkade op: het wachtwoord werkt weer; sessies en API-token vervallen, een nieuw "
        "API-token geeft users token",
    )


def _register_organisations(
    u: Any, common: argparse.ArgumentParser, platform_factory: Callable[..., Any]
) -> None:
    """`users organisatie` and `users organisaties`: register an outside organisation, list them."""
    s = u.add_parser(
        "organisatie",
        parents=[common],
        help="leg een externe organisatie vast voor haar partij (ook: een verkeerde partij herstellen, of een "
        "organisatie van voor de partijen haar partij geven); haar accounts blijven",
    )
    s.add_argument("naam", help="de groep van de organisatie (bijvoorbeeld 'Warmtebedrijf Ennatuurlijk')")
    s.add_argument(
        "--partij", required=True, help="haar partijgroep, uit [partijen] extern van autorisatie.toml"
    )
    s.set_defaults(fn=cmd_organisation, platform_factory=platform_factory)
    s = u.add_parser(
        "organisaties",
        parents=[common],
        help="de externe organisaties en hun partij (leeg: nog niet vastgelegd, geen zaak kan haar noemen)",
    )
    s.set_defaults(fn=cmd_organisations, platform_factory=platform_factory)
