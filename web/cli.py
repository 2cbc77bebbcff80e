"""The `ruimteflow` command line. Domain errors exit with code 2 and a Dutch message."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from processes import strikte_json
from processes.errors import RuimteflowError, ValidationError
from processes.termijnen.datums import lees_datum
from services import logs
from web import (
    cli_adressen,
    cli_database,
    cli_gis,
    cli_personen,
    cli_running,
    cli_scenarios,
    cli_users,
    cli_wachten,
    cli_zaken,
    cli_zgw,
    hygiene,
)
from web.cli_errors import LAST_RESORT, as_refusal, report, show
from web.cli_parser import DutchArgumentParser, alleen_met, ident


def _json_arg(text: str | None, option: str = "--data") -> dict[str, Any]:
    """A JSON object option, read as strictly as an API body: no NaN or Infinity, no deep nesting,
    no control characters (the same rules, web.hygiene)."""
    if not text:
        return {}
    value = strikte_json.parse(text, option)
    if not isinstance(value, dict):
        raise ValidationError(f"{option} moet een JSON-object zijn.", code="json-geen-object")
    hygiene.check_json_text(value, option)  # control characters and the depth limit, in one walk
    return value


def _platform(args: argparse.Namespace, clock: Any = None) -> Any:
    """The platform of a command that sets no database up (web.cli_database.platform)."""
    return cli_database.platform(args, clock)


# -- commands ---------------------------------------------------------------------------------------
def cmd_models_deploy(args: argparse.Namespace) -> Any:
    from services import deployments

    platform = cli_database.platform(args, sets_up=True)  # docker/compose.yaml's init step
    files = deployments.read_files(args.files)
    return {"gedeployed": deployments.deploy(platform, files, user=args.user, if_empty=args.if_empty)}


def cmd_models_list(args: argparse.Namespace) -> Any:
    from services import deployments

    return {"modellen": deployments.list_definitions(_platform(args))}


def cmd_models_convert(args: argparse.Namespace) -> Any:
    from services import camunda

    report = camunda.convert_paths(args.files, args.out)
    if args.json:
        return report
    print(camunda.format_report(report))
    return None


def _as_account(args: argparse.Namespace, username: str | None) -> Any:
    """The platform of a command run as the account ``username`` (--as, --user), when one is named: it
    must exist and not be blocked (services.account_block.check_may_act), or nothing is done."""
    from services import account_block

    platform = _platform(args)
    if username:
        account_block.check_may_act(platform, username)
    return platform


def cmd_cases_start(args: argparse.Namespace) -> Any:
    from services import cases

    if args.crs and not args.geometry:
        raise alleen_met("--crs", "--geometry")
    platform = _as_account(args, args.as_user)  # started by someone who exists, as tasks list and complete
    geometry = None
    if args.geometry:
        from services.geometry import to_rd_wkt

        raw = args.geometry
        geometry = to_rd_wkt(_json_arg(raw, "--geometry") if raw.strip().startswith("{") else raw, args.crs)
    data = _json_arg(args.data)
    if args.as_user:  # started as an account: that account's rules, as in the API (services.status.intake)
        from services.status import intake

        data = intake.check_start_by(platform, args.as_user, args.process_id, data, geometry)
    return cases.start_case(
        platform,
        args.process_id,
        data,
        user=args.as_user,
        geometry_wkt=geometry,
        title=args.title,
    )


def cmd_cases_show(args: argparse.Namespace) -> Any:
    from services import cases

    return cases.get_case(_platform(args), args.case_id)


def cmd_tasks_list(args: argparse.Namespace) -> Any:
    from services import inbox, inbox_open

    if args.scope and not args.user:
        raise alleen_met("--scope", "--user")
    platform = _as_account(args, args.user)
    if args.user:
        return inbox.list_tasks(platform, args.user, scope=args.scope or "open", limit=args.limit)
    return inbox_open.list_all_open(platform, limit=args.limit)


def cmd_tasks_complete(args: argparse.Namespace) -> Any:
    from services import cases

    return cases.complete_task(_as_account(args, args.user), args.task_id, args.user, _json_arg(args.data))


def cmd_tasks_claim(args: argparse.Namespace) -> Any:
    from services import inbox

    return inbox.claim(_as_account(args, args.user), args.task_id, args.user)


def cmd_messages_send(args: argparse.Namespace) -> Any:
    from services import cases
    from services.status import account_messages

    data = _json_arg(args.data)
    platform = _as_account(args, args.user)
    if args.user:  # as that account: the rules of the API (an initiator's receipt day is today)
        return account_messages.send_from_account(platform, args.case_id, args.message_name, data, args.user)
    return cases.send_message(platform, args.case_id, args.message_name, data)


def _moment(text: str) -> datetime:
    """--now: an ISO moment whose calendar day in UTC and in the Netherlands (the zones the engine
    uses) lies in the date range; a moment without a zone is UTC."""
    from services.clock import eis_moment_bereik

    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"--now '{text}' is geen ISO-datum/tijd.", code="ongeldige-datum") from exc
    return eis_moment_bereik(moment, "--now (in UTC en Nederlandse tijd)")


def cmd_timers_fire(args: argparse.Namespace) -> Any:
    from services import cases
    from services.clock import FixedClock
    from services.scheduler import timers_failed

    clock = FixedClock(_moment(args.now)) if args.now else None
    fired = cases.fire_due_timers(_platform(args, clock))
    show(args, {"afgevuurd": fired})
    # a case whose timer failed unexpectedly ("fout", retried on the next call) fails the command, as
    # `worker --once` does, so that cron notices
    return cli_scenarios.ExitCode(1 if timers_failed(fired) else 0)


def cmd_termijn(args: argparse.Namespace) -> Any:
    from processes import termijnen
    from services.clock import SystemClock, today
    from services.config import Settings

    if args.werkdagen is not None:
        if args.ontvangen or args.procedure or args.verdaging is not None or args.opschorting:
            raise ValidationError("--werkdagen gaat niet samen met --ontvangen, --procedure, --verdaging of "
                                  "--opschorting: kies één berekening.", code="termijn-argumenten")  # fmt: skip
        if not args.vanaf:
            raise ValidationError("--werkdagen vraagt ook --vanaf YYYY-MM-DD.", code="vanaf-ontbreekt")
        return termijnen.werkdagen_cli(args.werkdagen, args.vanaf)
    if args.vanaf:
        raise alleen_met("--vanaf", "--werkdagen")
    if not args.ontvangen or not args.procedure:
        raise ValidationError(
            "Geef --ontvangen YYYY-MM-DD en --procedure regulier|uitgebreid, "
            "of --werkdagen N --vanaf YYYY-MM-DD.",
            code="termijn-argumenten",
        )
    vandaag = lees_datum(args.vandaag, "--vandaag") if args.vandaag else today(SystemClock())
    # RUIMTEFLOW_ATW_OP_UITGEBREID, as a case's term takes it
    instellingen = termijnen.TermijnInstellingen.met_atw_op_uitgebreid(Settings.from_env().atw_op_uitgebreid)
    return termijnen.termijn_cli(
        args.ontvangen,
        args.procedure,
        args.verdaging,
        args.opschorting or [],
        vandaag,
        instellingen=instellingen,
    )


# -- parser ----------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    common = cli_database.with_database()

    p = DutchArgumentParser(
        prog="ruimteflow", description="Ruimteflow: procesplatform voor het fysieke domein"
    )
    sub = p.add_subparsers(dest="command", required=True)
    cli_running.register(sub, common)  # migrate, serve, worker, demo
    _add_models_and_cases(sub, common)
    _add_reference(sub, common)
    cli_gis.register(sub, common)
    cli_adressen.register(sub, common)
    cli_zgw.register(sub, common)  # `ruimteflow zgw ...`
    cli_wachten.register(sub, common, _platform)
    cli_zaken.register(sub, common, _platform)  # `ruimteflow zaken opschonen`
    cli_personen.register(sub, common, _platform)  # `ruimteflow personen zoeken|inzage` (AVG art. 15)
    return p


def _add_models_and_cases(sub: Any, common: argparse.ArgumentParser) -> None:
    """models, cases, tasks."""
    models = sub.add_parser("models", help="procesmodellen").add_subparsers(dest="sub", required=True)
    s = models.add_parser("deploy", parents=[common], help="deploy BPMN/DMN-bestanden")
    s.add_argument("files", nargs="+")
    s.add_argument("--user", default=None)
    s.add_argument(
        "--als-leeg", dest="if_empty", action="store_true", help="alleen als er nog geen model gedeployed is"
    )
    s.set_defaults(fn=cmd_models_deploy)
    s = models.add_parser("list", parents=[common], help="gedeployde modelversies")
    s.set_defaults(fn=cmd_models_list)
    s = models.add_parser(
        "convert",
        parents=[cli_database.without_database()],
        help="zet Camunda 7-modellen om, met een rapport",
    )
    s.add_argument("files", nargs="+")
    s.add_argument("--out", required=True, help="map voor de omgezette bestanden")
    s.set_defaults(fn=cmd_models_convert)
    cli_scenarios.register(models)

    cases = sub.add_parser("cases", help="zaken").add_subparsers(dest="sub", required=True)
    s = cases.add_parser("start", parents=[common], help="start een zaak")
    s.add_argument("process_id")
    s.add_argument("--data")
    s.add_argument("--as", dest="as_user")
    s.add_argument("--title")
    s.add_argument("--geometry", help="GeoJSON-geometrie of WKT")
    s.add_argument("--crs", default=None, help="CRS van --geometry (standaard EPSG:4326)")
    s.set_defaults(fn=cmd_cases_start)
    s = cases.add_parser("show", parents=[common], help="toon een zaak")
    s.add_argument("case_id")
    s.set_defaults(fn=cmd_cases_show)

    tasks = sub.add_parser("tasks", help="taken").add_subparsers(dest="sub", required=True)
    s = tasks.add_parser("list", parents=[common], help="open taken")
    s.add_argument("--user")
    s.add_argument("--scope", choices=["open", "mijn", "team", "alle"], help="met --user (standaard open)")
    s.add_argument("--limit", type=ident, default=100)
    s.set_defaults(fn=cmd_tasks_list)
    s = tasks.add_parser("complete", parents=[common], help="rond een taak af")
    s.add_argument("task_id", type=ident)
    s.add_argument("--user", required=True)
    s.add_argument("--data")
    s.set_defaults(fn=cmd_tasks_complete)
    s = tasks.add_parser("claim", parents=[common], help="pak een taak op")
    s.add_argument("task_id", type=ident)
    s.add_argument("--user", required=True)
    s.set_defaults(fn=cmd_tasks_claim)


def _add_reference(sub: Any, common: argparse.ArgumentParser) -> None:
    """messages, timers, users, termijn."""
    msgs = sub.add_parser("messages", help="berichten").add_subparsers(dest="sub", required=True)
    s = msgs.add_parser("send", parents=[common], help="stuur een bericht naar een zaak")
    s.add_argument("case_id")
    s.add_argument("message_name")
    s.add_argument("--data")
    s.add_argument("--user", default=None)
    s.set_defaults(fn=cmd_messages_send)

    timers = sub.add_parser("timers", help="timers").add_subparsers(dest="sub", required=True)
    s = timers.add_parser("fire-due", parents=[common], help="vuur alle verlopen timers af")
    s.add_argument("--now", help="doe alsof het nu dit ISO-tijdstip is")
    s.set_defaults(fn=cmd_timers_fire)

    cli_users.register(sub, common, _platform)

    s = sub.add_parser(
        "termijn",
        parents=[cli_database.without_database()],
        help="bereken een beslistermijn of werkdagentermijn (Atw)",
    )
    s.add_argument("--ontvangen")
    s.add_argument("--procedure", choices=["regulier", "uitgebreid"])
    s.add_argument("--verdaging", type=int, help="verdaging in weken")
    s.add_argument(
        "--opschorting",
        action="append",
        help="VAN/TOT (YYYY-MM-DD/YYYY-MM-DD: aanvullingsverzoek/aanvulling) of VAN/EINDE/verstreken "
        "(EINDE: laatste dag van de ongebruikt verstreken aanvullingstermijn), herhaalbaar",
    )
    s.add_argument("--werkdagen", type=int)
    s.add_argument("--vanaf")
    s.add_argument("--vandaag", help=argparse.SUPPRESS)
    s.set_defaults(fn=cmd_termijn)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        logs.configure()  # every command, serve's workers and timer process too (services/logs.py)
        result = args.fn(args)
    except RuimteflowError as exc:
        return report(exc, getattr(args, "json", False))
    except LAST_RESORT as exc:  # a file no lower layer checked; other exceptions are bugs
        refusal = as_refusal(exc)
        if refusal is None:
            raise
        return report(refusal, getattr(args, "json", False))
    if isinstance(result, cli_scenarios.ExitCode):
        return int(result)
    if result is not None:
        show(args, result)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
