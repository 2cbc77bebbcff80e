"""`ruimteflow zaken opschonen`: closed cases past their bewaartermijn (services.bewaren); `ruimteflow zaken
vernietigd`: the destruction register of a period, CSV or JSON.

Without ``--uitvoeren`` a dry run: one Dutch line per closed case whose bewaartermijn ended on or
before ``--datum`` (default today on the platform's clock), and per closed case whose term is unknown;
nothing changes; it also lists the initiator accounts the run would anonymise with their last cases
(services.bewaren.accounts). With ``--uitvoeren`` each case with a known, ended term is destroyed in its
own transaction (services.bewaren.vernietigen: the case and every row of it), with those accounts and
its line in the destruction register (services.bewaren.register), its files after the commit; it takes
only the cases on an approved list (``--lijst FILE``, which a dry run with ``--lijst FILE`` writes and
``--goedkeuren FILE --door NAAM`` records as approved, with its SHA-256; without a list it destroys no
case and says so), refuses a list naming a case not due and a list whose SHA-256 has no recorded
approval (never approved, or edited since), and refuses a ``--datum`` after today (a dry run may look
ahead). Bad input (a date, an option, a database that is not there) exits 2 with a Dutch message. The
search texts of the searches for a person's data past their term (services.bewaren.zoeklog), with the
export folders of `personen inzage`, are listed by a dry run and removed by every --uitvoeren run, with or
without a list: they are no archival record, so no one approves them; a folder that cannot go is named
and the run exits 1. A case the run cannot destroy now (a refusal, a concurrent change such as beheer offering
one of its mails again) is reported in Dutch and the run goes on with the next; the command then exits
1, naming those cases, and so it does when a destroyed case's file could not be removed (named, to
remove by hand). Every run first reads the register lines whose files an earlier run did not remove (it
was stopped after a case's commit, or the file system refused; services.bewaren.bestanden): a dry run
names them, an --uitvoeren run removes them before destroying anything and exits 1 for a file still
refused.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from processes.errors import RuimteflowError, ValidationError
from processes.termijnen.datums import lees_datum
from web import cli_uitspraak
from web.cli_errors import show
from web.cli_scenarios import ExitCode

#: why a case was not destroyed when another transaction changed it at the same moment
GELIJKTIJDIG = (
    "iemand anders wijzigde de zaak of een van haar berichten op hetzelfde moment (bijvoorbeeld Beheer); "
    "er is niets gewijzigd, de volgende run neemt haar weer mee"
)


def _vernietig(platform: Any, item: Any, run: Any) -> Any:
    """Destroy one case (with its register line of ``run``); a case that fails (a refusal, a lost race)
    is an outcome "mislukt"."""
    from sqlalchemy.exc import DBAPIError

    from services.bewaren import vernietigen

    try:
        return vernietigen.vernietig(platform, item, run)
    except RuimteflowError as exc:
        return vernietigen.Uitkomst(item.zaak, "mislukt", exc.detail)
    except DBAPIError as exc:
        from services.store.db_errors import is_concurrent

        if not is_concurrent(exc):
            raise  # a bug: keeps its traceback
        return vernietigen.Uitkomst(item.zaak, "mislukt", GELIJKTIJDIG)


def cmd_opschonen(args: argparse.Namespace) -> Any:
    from services import installatie
    from services.bewaren import accounts, bestanden, register, termijn, zoeklog
    from services.clock import today

    if args.goedkeuren is not None:
        return _goedkeuren(args)
    day = lees_datum(args.datum, "--datum") if args.datum is not None else None
    platform = args.platform_factory(args)
    try:
        now_day = today(platform.clock)
        if args.uitvoeren and day is not None and day > now_day:
            raise ValidationError(
                f"--datum {day.isoformat()} ligt na vandaag ({now_day.isoformat()}): met --uitvoeren gaat alleen "
                "weg wat vandaag verstreken is. Een proefdraai (zonder --uitvoeren) mag vooruitkijken; er is "
                "niets gewijzigd.",
                code="datum-in-toekomst",
            )
        found = list(termijn.vervallen(platform, day or now_day))
        due = [f for f in found if f.bewaren_tot is not None]
        if args.uitvoeren:
            lijst = _goedgekeurd(platform, args.lijst, due) if args.lijst is not None else None
            run = register.Uitvoering(_door(args), platform.clock.now(), now_day, lijst)
            approved = set(lijst.zaken) if lijst is not None else set()
            chosen = [f for f in due if f.zaak in approved]
            rest = bestanden.afmaken(platform)  # first what an earlier run left of the cases it destroyed
            zoek = zoeklog.verwijder(platform, day or now_day)  # needs no approved list (see zoeklog)
            done, would = [_vernietig(platform, f, run) for f in chosen], []
        else:
            rest = bestanden.open_regels(platform)
            zoek = zoeklog.vervallen(platform, day or now_day)
            done, would = [], accounts.to_anonymise(platform, [f.case_id for f in due])
            if args.lijst is not None:
                database = installatie.maak(platform)
                register.schrijf_lijst(args.lijst, day or now_day, platform.clock.now(), due, database)
    finally:
        platform.close()
    if args.json:
        show(args, _json(args, found, done, would, rest, zoek))
    else:
        for r in rest:
            print(r.regel(args.uitvoeren))
        _print(found, done, would, args.uitvoeren)
        _print_lijst(args, due, done)
        _print_zoeklog(zoek, args.uitvoeren)
    return _fouten(done, rest if args.uitvoeren else [], zoek)


def _json(
    args: argparse.Namespace,
    found: list[Any],
    done: list[Any],
    would: list[str],
    rest: list[Any],
    zoek: list[Any],
) -> Any:
    """The --json answer; ``eerdere_runs``: per register line an earlier run left files of, what this run
    removed of them and what is still there (a dry run removes nothing and lists what is to go);
    ``zoekopdrachten``: the search lines whose search text this run removed (a dry run: would remove)."""
    return {
        "uitgevoerd": bool(args.uitvoeren),
        "zaken": [f.as_json() for f in found],
        "accounts": would if not args.uitvoeren else [a for d in done for a in d.accounts],
        "eerdere_runs": [r.as_json() for r in rest],
        "resultaten": [
            {
                "zaak": d.zaak,
                "uitkomst": d.uitkomst,
                "reden": d.reden,
                "accounts": list(d.accounts),
                "achtergebleven": list(d.achtergebleven),
            }
            for d in done
        ],
        "zoekopdrachten": [z.as_json() for z in zoek],
    }


def _fouten(done: list[Any], rest: list[Any], zoek: list[Any]) -> Any:
    """Exit 1 naming the cases the run could not destroy and the files of destroyed cases the file
    system refused to remove, of this run or left by an earlier one (the register says the case is gone:
    such a file must go by hand; its line keeps naming it until it is gone), and the export folders of
    searches that stayed (services.bewaren.zoeklog: their lines keep their texts until the folder is gone)."""
    folders = [z.map_blijft for z in zoek if z.map_blijft]
    if folders:
        print(f"Fout: {len(folders)} uitvoermap(pen) van inzages niet verwijderd: {'; '.join(folders)}. Hun "
              "zoekopdrachten houden de zoektekst tot de map weg is; de volgende --uitvoeren verwijdert die dan.",
              file=sys.stderr)  # fmt: skip
    failed = [d.zaak for d in done if d.uitkomst == "mislukt"]
    if failed:
        print(f"Fout: {len(failed)} zaak/zaken niet vernietigd: {', '.join(failed)}.", file=sys.stderr)
    left = [f for d in [*rest, *done] for f in d.achtergebleven]
    if left:
        print(f"Fout: {len(left)} bestand(en) van vernietigde zaken konden niet worden verwijderd; verwijder "
              f"ze met de hand: {', '.join(left)}.", file=sys.stderr)  # fmt: skip
    return ExitCode(1 if failed or left or folders else 0)


def _goedgekeurd(platform: Any, pad: str, due: list[Any]) -> Any:
    """The approved list an --uitvoeren run takes; refused (nothing is changed then) when it is another
    database's, when it names a case that is not due today or when it describes a case otherwise than
    today's judgement of it (its procedure, resultaat, closing day or term)."""
    from services import installatie
    from services.bewaren import register

    lijst = register.lees_lijst(pad)
    register.eigen_database(lijst, installatie.lees(platform))
    wrong = register.niet_vervallen(platform, lijst, due)
    if wrong:
        shown = _eerste_tien(wrong, ", ")
        raise ValidationError(
            f"--lijst: {len(wrong)} zaak/zaken op de lijst zijn vandaag niet aan de beurt (bewaartermijn "
            f"loopt nog of is onbekend, of geen afgeronde zaak): {shown}. Er is niets "
            "gewijzigd.",
            code="lijst-niet-vervallen",
        )
    changed = register.afwijkingen(lijst, due)
    if changed:
        shown = _eerste_tien(changed, " | ")
        raise ValidationError(
            f"--lijst: de lijst beschrijft {len(changed)} zaak/zaken anders dan deze database ze vandaag "
            f"beoordeelt: {shown}. Goedgekeurd is wat de lijst over een zaak zegt; maak een nieuwe lijst met "
            "een proefdraai en laat die goedkeuren. Er is niets gewijzigd.",
            code="lijst-wijkt-af",
        )
    return register.goedgekeurd(platform, lijst)


def _goedkeuren(args: argparse.Namespace) -> Any:
    """`zaken opschonen --goedkeuren FILE --door NAAM`: record that NAAM approved the list in FILE (its
    SHA-256), for this database only; the run takes it from then on. Nothing else happens."""
    from services import installatie
    from services.bewaren import register

    if args.uitvoeren or args.lijst is not None or args.datum is not None:
        raise ValidationError(
            "--goedkeuren legt alleen de goedkeuring van een vernietigingslijst vast en gaat niet samen met "
            "--uitvoeren, --lijst of --datum; voer de lijst daarna uit met --uitvoeren --lijst BESTAND. Er is "
            "niets gewijzigd.",
            code="goedkeuren-met-andere-opties",
        )
    door = str(args.door or "").strip()[:200]
    if not door:
        raise ValidationError(
            "--goedkeuren vraagt wie de lijst goedkeurt: geef --door NAAM (de archivaris of de "
            "zorgdrager die haar goedkeurt). Er is niets gewijzigd.",
            code="goedkeurder-ontbreekt",
        )
    lijst = register.lees_lijst(args.goedkeuren)
    platform = args.platform_factory(args)
    try:
        register.eigen_database(lijst, installatie.lees(platform))
        lijst = register.goedkeuren(platform, lijst, door)
    finally:
        platform.close()
    assert lijst.goedgekeurd_op is not None
    op, wie = lijst.goedgekeurd_op.isoformat(), lijst.goedgekeurd_door
    if args.json:
        show(args, {"lijst": lijst.naam, "lijst_sha256": lijst.sha256, "zaken": len(lijst.zaken),
                    "goedgekeurd_door": wie, "goedgekeurd_op": op})  # fmt: skip
    else:
        al = "was al " if wie != door else ""
        print(f"Vernietigingslijst {lijst.naam} ({len(lijst.zaken)} zaak/zaken, SHA-256 {lijst.sha256}) "
              f"{al}goedgekeurd door {wie} op {op}; voer haar uit met "
              f"--uitvoeren --lijst {args.goedkeuren}. Wie de lijst daarna wijzigt, moet haar opnieuw laten "
              "goedkeuren.")  # fmt: skip
    return ExitCode(0)


def _eerste_tien(items: list[str], sep: str) -> str:
    """The first ten of ``items`` joined by ``sep``, and how many more there are: "a, b en 3 meer" after
    commas, "a | b | en 3 meer" after bars."""
    if len(items) <= 10:
        return sep.join(items)
    return sep.join(items[:10]) + f"{sep.rstrip(', ')} en {len(items) - 10} meer"


def _door(args: argparse.Namespace) -> str:
    """Who runs the command: --door, else the operating system's user."""
    from services import account_audit

    return str(args.door).strip()[:200] if args.door else account_audit.system_user()


def _print_lijst(args: argparse.Namespace, due: list[Any], done: list[Any]) -> None:
    if not args.uitvoeren and args.lijst is not None:
        print(f"Vernietigingslijst met {len(due)} zaak/zaken geschreven naar {args.lijst}; laat haar goedkeuren "
              f"(--goedkeuren {args.lijst} --door NAAM) en voer haar uit met --uitvoeren --lijst {args.lijst}.")  # fmt: skip
    elif args.uitvoeren and args.lijst is None and due:
        print(f"{len(due)} zaak/zaken met verstreken bewaartermijn blijven staan: vernietigen vraagt een "
              "goedgekeurde vernietigingslijst. Maak haar met een proefdraai (ruimteflow zaken opschonen "
              "--lijst BESTAND), laat haar goedkeuren en geef haar mee met --uitvoeren --lijst BESTAND.")  # fmt: skip
    elif args.uitvoeren:
        left = len(due) - len(done)
        if left:
            print(f"{left} zaak/zaken met verstreken bewaartermijn staan niet op de lijst en blijven staan.")


def _print_zoeklog(zoek: list[Any], uitgevoerd: bool) -> None:
    """The search lines whose search text went (or, in a dry run, would go) after its term."""
    for z in zoek:
        print(z.tekst(uitgevoerd))
    if uitgevoerd:
        gone = [z for z in zoek if not z.map_blijft]
        print(f"{len(gone)} zoektekst(en) van zoekopdrachten (personen zoeken, inzage) verwijderd na de "
              f"bewaartermijn, met {sum(z.met_map for z in gone)} uitvoermap(pen) van inzages; wie zocht, "
              "wanneer, de soort en het aantal vindplaatsen blijven.")  # fmt: skip
    else:
        print(f"Proefdraai: van {len(zoek)} zoekopdracht(en) (personen zoeken, inzage) zou de zoektekst "
              f"worden verwijderd, met {sum(z.met_map for z in zoek)} uitvoermap(pen) van inzages; er is "
              "niets gewijzigd (gebruik --uitvoeren).")  # fmt: skip


def cmd_vernietigd(args: argparse.Namespace) -> Any:
    """The destruction register for a period: CSV on stdout, or JSON with --json."""
    import csv

    from services.bewaren import register

    van, tot = lees_datum(args.van, "--van"), lees_datum(args.tot, "--tot")
    platform = args.platform_factory(args)
    try:
        rows = register.vernietigd(platform, van, tot)
    finally:
        platform.close()
    if args.json:
        show(args, {"van": van.isoformat(), "tot": tot.isoformat(), "vernietigd": rows})
        return ExitCode(0)
    writer = csv.DictWriter(sys.stdout, fieldnames=register.KOLOMMEN, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return ExitCode(0)


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
        print(f"Proefdraai: {known} zaak/zaken zouden worden vernietigd en {len(would)} account(s) "
              "geanonimiseerd; er is niets gewijzigd (gebruik --uitvoeren).")  # fmt: skip
        return
    for d in done:
        print(d.regel())
    print(f"{sum(1 for d in done if d.uitkomst == 'vernietigd')} zaak/zaken vernietigd.")


def register(sub: Any, common: argparse.ArgumentParser, platform_factory: Callable[..., Any]) -> None:
    """Add `zaken opschonen` to the CLI; ``platform_factory(args)`` builds the platform (web.cli._platform)."""
    zaken = sub.add_parser("zaken", help="afgeronde zaken na hun bewaartermijn")
    commands = zaken.add_subparsers(dest="sub", required=True)
    s = commands.add_parser(
        "opschonen",
        parents=[common],
        help="toon (of vernietig, met --uitvoeren) afgeronde zaken waarvan de bewaartermijn is verstreken",
    )
    s.add_argument(
        "--uitvoeren",
        action="store_true",
        help="vernietig de zaken op de goedgekeurde lijst (--lijst) echt en verwijder de zoekteksten van "
        "zoekopdrachten na hun bewaartermijn (die vragen geen lijst)",
    )
    s.add_argument(
        "--datum", help="peildatum JJJJ-MM-DD (standaard vandaag; met --uitvoeren niet na vandaag)"
    )
    s.add_argument(
        "--lijst",
        help="proefdraai: schrijf de vernietigingslijst naar dit (nieuwe) bestand; met --uitvoeren: de "
        "goedgekeurde lijst, alleen de zaken daarop gaan weg",
    )
    s.add_argument(
        "--goedkeuren",
        metavar="LIJST",
        help="leg vast dat --door NAAM deze vernietigingslijst goedkeurt (met haar SHA-256); --uitvoeren "
        "neemt alleen een goedgekeurde, ongewijzigde lijst",
    )
    s.add_argument(
        "--door",
        help="wie de run uitvoert, voor het vernietigingsregister (standaard de systeemgebruiker); met "
        "--goedkeuren: wie de lijst goedkeurt (verplicht)",
    )
    s.set_defaults(fn=cmd_opschonen, platform_factory=platform_factory)
    v = commands.add_parser(
        "vernietigd",
        parents=[common],
        help="het vernietigingsregister over een periode (CSV, of JSON met --json)",
    )
    v.add_argument("--van", required=True, help="eerste dag van de run, JJJJ-MM-DD")
    v.add_argument("--tot", required=True, help="laatste dag van de run (tot en met), JJJJ-MM-DD")
    v.set_defaults(fn=cmd_vernietigd, platform_factory=platform_factory)
    cli_uitspraak.register(commands, common, platform_factory)
