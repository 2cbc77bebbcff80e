"""The dwangsom bij niet tijdig beslissen for BPMN models (Awb 4:17-4:18): an ingebrekestelling starts it,
the besluit or a withdrawal sets it. Its stand is pure (processes.termijnen.staat.dwangsom_stand); these
services read the case's term (services.domain.termijnen) and write the stand to the case (``dwangsom``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from processes.nederlands import euro
from processes.termijnen.besluitbrief import ingebrekestelling_na_besluit
from processes.termijnen.datums import datum_nl
from processes.termijnen.dwangsom import standaard_tarief
from processes.termijnen.rechtsmiddelen import rechtsmiddelentermijn
from processes.termijnen.staat import dwangsom_stand
from processes.termijnen.staat import lees as _d
from processes.termijnen.staat import niet_in_toekomst as _niet_in_toekomst
from processes.termijnen.staat import onderdeel as _map
from services.domain.termijnen import termijn_uit
from services.engine.context import current
from services.registry import Registry


def dwangsom_service(
    data: dict[str, Any],
    termijn: Any = None,
    ingebrekestelling_ontvangen: Any = None,
    peildatum: Any = None,
    **_: Any,
) -> dict[str, Any]:
    """The dwangsom due on ``peildatum`` (default today) for an ingebrekestelling; shown on the case (``dwangsom``).

    Default ontvangen: the ``ingebrekestelling`` message's ``ontvangen_op``, else the running ``dwangsom``, else today."""
    ctx = current()
    vandaag = ctx.today()
    bericht = _map(data, "ingebrekestelling")
    lopend = _map(data, "dwangsom")
    ontvangen = _niet_in_toekomst(
        _d(
            ingebrekestelling_ontvangen
            or lopend.get("ingebrekestelling_ontvangen")
            or bericht.get("ontvangen_op")
            or vandaag,
            "De ontvangstdatum van de ingebrekestelling",
        ),
        "De ontvangstdatum van de ingebrekestelling",
        vandaag,
    )
    stand = dwangsom_stand(
        termijn_uit(data, termijn)["uiterste_beslisdatum"],
        ontvangen,
        _d(peildatum or vandaag, "De peildatum"),
    )
    ctx.case_updates["dwangsom"] = stand
    return stand


def dwangsom_starten(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Register an ingebrekestelling (refused while the term still runs, and once the besluit was made known
    by sending its final letter: ``besluitbrief.ingebrekestelling_na_besluit``) and start the dwangsom clock.
    After the besluit task (``besluit_signaal``), before its letter dated ahead is sent: the besluit is not
    given until then (Awb 3:40, 3:41), so the ingebrekestelling is valid; the model sets the dwangsom next."""
    ctx = current()
    ontvangen_op = _d(_map(data, "ingebrekestelling").get("ontvangen_op") or ctx.today(), "De ontvangstdatum")
    if (na_besluit := ingebrekestelling_na_besluit(ctx.final_besluit(), ontvangen_op)) is not None:
        raise na_besluit  # its letter was sent by its receipt, the task still open: given, as after the task
    schoon = {k: v for k, v in data.items() if k != "dwangsom"}
    stand = dwangsom_service(schoon)
    verzonden = _map(data, "besluit_signaal").get("verzonden_op")
    gevolg = (
        f"Het besluit is genomen, maar wordt pas op {datum_nl(_d(verzonden, 'De verzenddatum'))} verzonden; "
        "tot dan is het niet bekendgemaakt (Awb 3:40, 4:17)."
        if verzonden
        else f"Is er op {datum_nl(_d(stand['start'], 'datum'))} nog geen besluit, dan is een dwangsom "
        "verschuldigd (Awb 4:17)."
    )
    ontvangen = datum_nl(_d(stand["ingebrekestelling_ontvangen"], "datum"))
    # the applicant's written confirmation of the receipt day, which starts the two weeks (Awb 4:17 lid 3;
    # services.mail.compose mails it): the data say from when the dwangsom runs, or when the besluit is sent
    ctx.event(
        "ingebrekestelling",
        f"Ingebrekestelling ontvangen op {ontvangen}. {gevolg}",
        public=True,
        ontvangen_op=stand["ingebrekestelling_ontvangen"],
        start=stand["start"],
        besluit_verzonden_op=verzonden,
    )
    return stand


def dwangsom_bijwerken(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Recompute the running dwangsom for today. On its first day due (two weeks after the
    ingebrekestelling, Awb 4:17 lid 3) the applicant is told it runs, and that beroep at the rechtbank
    for not deciding in time is open from then on (Awb 6:12 lid 2): a public ``dwangsom_loopt`` event.
    Once the besluit was made known by sending its final letter, the task that took it still open, it runs
    no further: it stands at the day before that (as ``dwangsom_vaststellen`` sets it with the task)."""
    ctx = current()
    voor = _map(data, "dwangsom")
    bekend = ctx.besluit_bekendgemaakt_op()
    stand = dwangsom_service(data, peildatum=bekend - timedelta(days=1) if bekend is not None else None)
    if stand["dagen"] and not voor.get("dagen"):
        start, days = datum_nl(_d(stand["start"], "datum")), standaard_tarief().max_dagen
        said = [  # as the applicant reads it, and as every other reader (policy.readers)
            f"Sinds {start} is de gemeente {aan} een dwangsom verschuldigd voor elke dag dat zij nog niet "
            f"beslist, ten hoogste {days} dagen (Awb 4:17). {wie} nu ook beroep instellen bij de rechtbank "
            "omdat de gemeente niet op tijd beslist (Awb 6:12 lid 2)."
            for aan, wie in (("u", "U kunt"), ("de aanvrager", "De aanvrager kan"))
        ]
        ctx.event(
            "dwangsom_loopt",
            said[0],
            public=True,
            ontvangen_op=stand["ingebrekestelling_ontvangen"],
            start=stand["start"],
            voor_derden=said[1],
        )
    return stand


def dwangsom_laatste_dag(stand: Mapping[str, Any]) -> str:
    """The last day a dwangsom can be due (ISO): its ``max_dagen``-th day from its first (Awb 4:17 lid 2)."""
    start = _d(stand["start"], "De eerste dwangsomdag")
    return (start + timedelta(days=standaard_tarief().max_dagen - 1)).isoformat()


def dwangsom_vaststellen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The dwangsom ends: set it (Awb 4:18). After the besluit it was due up to the day before the
    besluit was given, i.e. made known by sending it (Awb 3:40, 3:41, 4:17): ``besluit_signaal
    ["verzonden_op"]``, its letter's verzenddatum, but not before the day the final letter was stored:
    see _besluit_einde. After a withdrawal (``intrekking_vastgelegd``) up to the day before it,
    since the duty to decide ended then (what was forfeited stays due, ABRvS 17 September 2025,
    ECLI:NL:RVS:2025:4412), and never before the ingebrekestelling. Set once: a dwangsom set already at
    its maximum (``dwangsom_vaststellen_maximum``) stands, without a second beschikking."""
    ctx = current()
    if _map(data, "dwangsom").get("status") == "vastgesteld":
        return dict(_map(data, "dwangsom"))
    ingetrokken = _map(data, "intrekking_vastgelegd").get("ingetrokken_op")
    if ingetrokken:
        einde = _d(ingetrokken, "De datum van de intrekking")
        ontvangen = _d(_map(data, "dwangsom")["ingebrekestelling_ontvangen"], "De ingebrekestelling")
        stand = dwangsom_service(data, peildatum=max(ontvangen, einde - timedelta(days=1)))
        reden = f"Aanvraag ingetrokken op {datum_nl(einde)}"
    else:
        brief = ctx.final_besluit()
        vastgelegd = brief.vastgelegd_op if brief is not None else None
        einde, reden = _besluit_einde(_map(data, "besluit_signaal"), ctx.today(), vastgelegd)
        stand = dwangsom_service(data, peildatum=einde - timedelta(days=1))
    return _vastgesteld(stand, reden, "; Awb 4:18" if ingetrokken else "")


def dwangsom_vaststellen_maximum(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The dwangsom reached its maximum (Awb 4:17 lid 2): set it now, not at the besluit that may come
    months later, for the beschikking is due within two weeks after the last day it is owed (Awb 4:18).
    The model runs this the day after that last day; the besluit still ends the case as before. When the
    besluit was made known by sending its final letter by that last day, the task that took it still open,
    the besluit ended the dwangsom the day before that sending (Awb 4:17): it is set as ended by it, as
    ``dwangsom_vaststellen`` would at the task. (The model's daily ``dwangsom_bijwerken`` stops short of the
    maximum once the letter is sent, so this is a letter sent on the last day itself.)"""
    ctx = current()
    laatste = _d(dwangsom_laatste_dag(_map(data, "dwangsom")), "De laatste dwangsomdag")
    bekend, brief = ctx.besluit_bekendgemaakt_op(), ctx.final_besluit()
    if bekend is not None and brief is not None and bekend <= laatste:
        verzonden = brief.verzenddatum.isoformat() if brief.verzenddatum else None
        # as dwangsom_vaststellen sets it at the task, whose signal names the letter's verzenddatum
        einde, reden = _besluit_einde({"verzonden_op": verzonden}, ctx.today(), brief.vastgelegd_op or bekend)
        return _vastgesteld(dwangsom_service(data, peildatum=einde - timedelta(days=1)), reden, "")
    stand = dwangsom_service(data, peildatum=laatste)
    reden = f"Het maximum van {stand['dagen']} dagen is bereikt op {datum_nl(laatste)}"
    return _vastgesteld(stand, reden, "; Awb 4:18")


def _vastgesteld(stand: dict[str, Any], reden: str, grond: str) -> dict[str, Any]:
    """Record the dwangsom as set, with its beschikking (Awb 4:18) when any is due: its date, the last day
    it was owed and the last day for bezwaar against it (six weeks from the day after its date, Awb 6:7,
    6:8; a beschikking open to bezwaar at the gemeente, whatever the procedure of the besluit on the
    application). It cannot be given before that last day has passed: dated today, or, when a besluit
    whose letter is dated ahead ends the dwangsom, with that besluit on its verzenddatum (the day after the
    last day), and told until then as set on that day. The public ``dwangsom`` event (its words end with
    ``grond``) carries it, so services.mail.compose mails the applicant the beschikking."""
    ctx = current()
    stand["status"] = "vastgesteld"
    if not stand["dagen"]:  # ended within the two weeks after the ingebrekestelling: nothing is due
        tekst = (
            f"{reden}, binnen twee weken na de ingebrekestelling: er is geen dwangsom verschuldigd "
            "(€ 0, 0 dagen; Awb 4:17 lid 3)."
        )
    else:
        vandaag = ctx.today()
        laatste = _d(stand["start"], "De eerste dwangsomdag") + timedelta(days=stand["dagen"] - 1)
        op = max(vandaag, laatste + timedelta(days=1))
        stand["beschikking"] = {
            "datum": op.isoformat(),
            "reden": reden,
            "laatste_dag": laatste.isoformat(),
            "bezwaar_tot": rechtsmiddelentermijn("regulier", op).laatste_dag.isoformat(),
        }
        wordt = "wordt dan" if op > vandaag else "is"
        bedrag = f"{euro(stand['bedrag_euro'])} ({stand['dagen']} dagen{grond})"
        tekst = f"{reden}: de dwangsom {wordt} vastgesteld op {bedrag}."
    ctx.case_updates["dwangsom"] = stand
    ctx.event("dwangsom", tekst, public=True, dwangsom=stand)
    return stand


def _besluit_einde(signaal: Mapping[str, Any], vandaag: date, vastgelegd_op: date | None) -> tuple[date, str]:
    """The day the besluit of ``signaal`` was given, which ends the dwangsom, and the timeline's words for
    it: its letter's verzenddatum (``verzonden_op``), but never before the day the final letter was
    stored (``vastgelegd_op``; without one, the day the 'Besluit nemen' task completed, ``datum``): a
    letter made final on 29 May was not sent on 12 May, so a verzenddatum dated back cannot wipe out a
    dwangsom already forfeited. A later verzenddatum (sent later) stands. An older model's signal has only
    ``datum``."""
    vastgelegd = vastgelegd_op or _d(signaal.get("datum") or vandaag, "De besluitdatum")
    verzonden = _d(signaal["verzonden_op"], "De verzenddatum") if signaal.get("verzonden_op") else None
    if verzonden is None:
        return vastgelegd, f"Besluit genomen op {datum_nl(vastgelegd)}"
    if verzonden < vastgelegd:
        return vastgelegd, (
            f"Besluitbrief vastgelegd op {datum_nl(vastgelegd)} (de verzenddatum {datum_nl(verzonden)} ligt "
            "daarvoor, maar een besluit is niet verzonden voordat de brief is vastgelegd)"
        )
    # a letter dated ahead: the task is done, the sending comes
    wat = "Het besluit wordt verzonden op" if verzonden > vandaag else "Besluit verzonden op"
    return verzonden, f"{wat} {datum_nl(verzonden)}"


def register(registry: Registry) -> None:
    register_service = registry.service
    register_service("dwangsom", dwangsom_service, "berekent de dwangsom na een ingebrekestelling (Awb 4:17)")
    register_service(
        "dwangsom_starten", dwangsom_starten, "registreert een ingebrekestelling; start de dwangsom-klok"
    )
    register_service("dwangsom_bijwerken", dwangsom_bijwerken, "werkt de lopende dwangsom bij tot vandaag")
    register_service("dwangsom_vaststellen", dwangsom_vaststellen, "stelt de dwangsom vast bij het besluit")
    register_service(
        "dwangsom_vaststellen_maximum",
        dwangsom_vaststellen_maximum,
        "stelt de dwangsom vast zodra het maximum is bereikt (Awb 4:18)",
    )
    registry.helper(
        "dwangsom_laatste_dag",
        dwangsom_laatste_dag,
        "de laatste dag waarover een dwangsom verschuldigd kan zijn",
    )
