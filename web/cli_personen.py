"""`ruimteflow personen zoeken TEKST` and `ruimteflow personen inzage TEKST --uit DIR`: one person's data
across the cases, for an AVG art. 15 request (services.inzage, services.inzage_export). Run by the beheerder
or privacy officer; every run is an audit line (`users historie`). A search text shorter than three
characters, a control character in it or a folder that is not empty exits 2 with a Dutch message;
nothing found says so and exits 0."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from web import hygiene
from web.cli_errors import show


def _text(args: argparse.Namespace) -> str:
    """The search text, refused (exit 2) before any database is opened."""
    from services.inzage import zoektekst

    hygiene.refuse_control(args.tekst, "De zoektekst", strict=True)
    return zoektekst(args.tekst)


def cmd_zoeken(args: argparse.Namespace) -> Any:
    from services import account_audit, inzage

    text, platform = _text(args), args.platform_factory(args)
    try:
        found = inzage.zoek(platform, text, door=account_audit.command_line())
    finally:
        platform.close()
    if args.json:
        show(args, found)
    else:
        print(tekst(found))


def cmd_inzage(args: argparse.Namespace) -> Any:
    from services import account_audit, inzage_export
    from services.status.application_forms import answers

    text, platform = _text(args), args.platform_factory(args)
    try:
        done = inzage_export.exporteer(
            platform, text, args.uit, door=account_audit.command_line(), answers=answers
        )
    finally:
        platform.close()
    if args.json:
        show(args, done)
        return
    if not done["vindplaatsen"]:
        print(
            f"Niets gevonden voor '{done['zoektekst']}'; de map bevat alleen de lege uitvoer en README.txt."
        )
    for s in done["niet_gekopieerd"]:
        print(f"Niet gekopieerd: {s['zaak']} document {s['document']} '{s['titel']}': {s['reden']}.")
    print(f"Inzage voor '{done['zoektekst']}' ({done['vindplaatsen']} vindplaats(en)) geschreven in {done['map']}: "
          f"{', '.join(done['bestanden'])}. Controleer de inhoud voordat u hem verstrekt (zie README.txt).")  # fmt: skip


def tekst(found: dict[str, Any]) -> str:
    """The search's result in Dutch lines, per source."""
    from services.inzage import BRONNEN

    if not found["aantal"]:
        return f"Niets gevonden voor '{found['zoektekst']}' (gezocht in: {', '.join(BRONNEN)})."
    lines = [f"Gevonden voor '{found['zoektekst']}': {found['aantal']} vindplaats(en)."]
    for z in found["zaken"]:
        lines += [f"{z['zaak']}  {p['veld']}: {p['waarde']}" for p in z["vindplaatsen"]]
    for e in found["geschiedenis"]:
        lines += [f"{e['zaak']}  geschiedenis {e['op']} ({e['soort']}) {p['veld']}: {p['waarde']}"
                  for p in e["vindplaatsen"]]  # fmt: skip
    for d in found["documenten"]:
        meta = ", ".join(f"{k}: {d[k]}" for k in d["gevonden_in"])
        lines.append(f"{d['zaak']}  document {d['document']} '{d['titel']}' ({meta})")
    for m in found["berichten"]:
        lines.append(f"{m['zaak'] or '-'}  e-mail {m['bericht']} ({m['soort']}, {m['status']}) aan {m['aan']}: "
                     f"{m['onderwerp']}")  # fmt: skip
    for a in found["accounts"]:
        lines.append(
            f"account {a['gebruikersnaam']} ({a['rol']}): {a['naam']}, {a['email'] or 'geen e-mailadres'}"
        )
    return "\n".join(lines)


def register(sub: Any, common: argparse.ArgumentParser, platform_factory: Callable[..., Any]) -> None:
    """Add `personen zoeken` and `personen inzage` to the CLI (web.cli._platform builds the platform)."""
    personen = sub.add_parser("personen", help="persoonsgegevens van één persoon (AVG inzageverzoek)")
    commands = personen.add_subparsers(dest="sub", required=True)
    s = commands.add_parser(
        "zoeken",
        parents=[common],
        help="zoek een naam, e-mailadres of adres in zaken, geschiedenis, documenten, e-mails en accounts",
    )
    s.add_argument("tekst", help="minstens 3 tekens; deel van een tekst, hoofdletterongevoelig")
    s.set_defaults(fn=cmd_zoeken, platform_factory=platform_factory)
    s = commands.add_parser(
        "inzage",
        parents=[common],
        help="schrijf alles wat 'zoeken' vindt, met de gevonden documenten, in een nieuwe map (AVG art. 15)",
    )
    s.add_argument("tekst", help="minstens 3 tekens; deel van een tekst, hoofdletterongevoelig")
    s.add_argument("--uit", required=True, help="een nieuwe of lege map voor de uitvoer")
    s.set_defaults(fn=cmd_inzage, platform_factory=platform_factory)
