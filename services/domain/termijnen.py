"""Statutory terms for BPMN models: the beslistermijn as task data, opschorting, verdaging (the dwangsom:
services/domain/dwangsom.py).

The model keeps the term's inputs in one task variable (``termijn``, returned by these services):
ontvangen, procedure, closed ``opschortingen``, a ``lopende_opschorting`` and a ``verdaging``, plus the
computed ``uiterste_beslisdatum`` and ``waarschuwingsdatum`` its timers use (``einde_dag(...)``).
The term state itself is pure (processes.termijnen.staat); every service here recomputes it and writes the case projection
(uiterlijke_einddatum_afdoening, deadline_info, opschorting, verlenging) to the step context.
Refusals are Dutch ValidationErrors; the engine rolls the whole step back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.errors import ValidationError, bij_veld
from processes.termijnen import opschorting_vanaf, termijn_na, waarschuwingsdatum, werkdagen_termijn
from processes.termijnen.besluitbrief import FinalBesluit, aanvulling_na_besluit, verzonden_op
from processes.termijnen.datums import datum_nl
from processes.termijnen.staat import (
    MAX_AANVULLINGSTERMIJN_DAGEN,
    aanvulling_na_einde,
    bereken,
    dwangsom_stand,
    einde_opschorting,
    periode_tekst,
    projectie,
    start_opschorting,
    start_termijn,
)
from processes.termijnen.staat import lees as _d
from processes.termijnen.staat import onderdeel as _map
from processes.termijnen.termijn import MAX_WERKDAGEN
from processes.termijnen.verdaging import verdaag, verdaging_mogelijk
from processes.vergunning import termijn_verstreken_tekst, van_rechtswege_mogelijk
from services.engine.context import StepContext, current
from services.engine.sandbox_limits import ScriptLimitExceeded
from services.registry import Registry

__all__ = [
    "MAX_AANVULLINGSTERMIJN_DAGEN",
    "bereken",
    "dwangsom_stand",
    "einde_opschorting",
    "projectie",
    "start_opschorting",
    "start_termijn",
    "verdaag",
]


#: refusals of the aanvullingsverzoek's values (their codes) -> the task form's field they came from
_VERZOEK_VELDEN = {
    "aanvullingstermijn-ongeldig": "aanvullingstermijn_dagen",
    "ongeldige-datum": "verzoek_verzonden_op",
    "datum-in-toekomst": "verzoek_verzonden_op",
    "opschorting-voor-ontvangst": "verzoek_verzonden_op",
    "opschorting-overlapt": "verzoek_verzonden_op",
}
#: refusals of the verdaging's values -> the task form's field; one of the verdaging itself (after the end of
#: the term, a second one) is of the choice that asked it
_VERDAGING_VELDEN = {
    "verdaging-ongeldig": "verdaging_weken",
    "verdaging-te-lang": "verdaging_weken",
    "verdaging-zonder-reden": "verdaging_reden",
    "verdaging-te-laat": "actie",
    "verdaging-al-gebruikt": "actie",
    "verdaging-na-besluit": "actie",
}


def atw_op_uitgebreid(ctx: StepContext) -> bool | None:
    """The installation's RUIMTEFLOW_ATW_OP_UITGEBREID for a term that starts in this step (None: not set,
    or a step without settings: the packaged default, processes.termijnen.staat.start_termijn)."""
    return None if ctx.settings is None else ctx.settings.atw_op_uitgebreid


def _schrijf(ctx: StepContext, state: dict[str, Any]) -> dict[str, Any]:
    ctx.case_updates.update(projectie(state))
    return state


# -- services ----------------------------------------------------------------------------------
# Each service reads its inputs from the task data (the documented variable names) unless they are
# passed as parameters; a model then needs no parameters, which keeps parameter ids unique per file.


def termijn_uit(data: Mapping[str, Any], termijn: Any) -> Mapping[str, Any]:
    state = termijn if termijn is not None else data.get("termijn")
    if not isinstance(state, Mapping) or "ontvangen" not in state:
        raise ValidationError(
            "De zaak heeft (nog) geen beslistermijn; bereken die eerst.", code="geen-beslistermijn"
        )
    return state


def beslistermijn_service(
    data: dict[str, Any], ontvangen: Any = None, procedure: str | None = None, **_: Any
) -> dict[str, Any]:
    """Compute the initial beslistermijn (state in ``termijn``) and show it on the case.

    Defaults: ``aanvraag["ontvangen"]`` or ``ontvangen``, and ``procedure`` (else regulier)."""
    ctx = current()
    aanvraag = _map(data, "aanvraag")
    ontvangen = ontvangen or aanvraag.get("ontvangen") or data.get("ontvangen") or ctx.today().isoformat()
    procedure = str(procedure or data.get("procedure") or "regulier")
    state = start_termijn(ontvangen, procedure, ctx.today(), atw_op_uitgebreid=atw_op_uitgebreid(ctx))
    return _schrijf(ctx, state)


def opschorting_starten(
    data: dict[str, Any],
    termijn: Any = None,
    dagen: Any = None,
    verzonden_op: Any = None,
    reden: str | None = None,
    **_: Any,
) -> dict[str, Any]:
    """Suspend the term from the day of the aanvullingsverzoek until the end of the aanvullingstermijn (provisional).

    Defaults: ``aanvullingstermijn_dagen``, ``verzoek_verzonden_op`` (else today), ``ontbrekend`` (the reason)."""
    ctx = current()
    uit_formulier = {"aanvullingstermijn_dagen"} if dagen is None else set()
    uit_formulier |= {"verzoek_verzonden_op"} if not verzonden_op else set()
    dagen = dagen if dagen is not None else data.get("aanvullingstermijn_dagen")
    verzonden_op = verzonden_op or data.get("verzoek_verzonden_op")
    if reden is None:
        reden = (
            f"aanvullingsverzoek: {data['ontbrekend']}" if data.get("ontbrekend") else "aanvullingsverzoek"
        )
    with bij_veld(_VERZOEK_VELDEN, uit_formulier):
        state = start_opschorting(
            termijn_uit(data, termijn), dagen, ctx.today(), verzonden_op=verzonden_op, reden=reden
        )
    lopend = state["lopende_opschorting"]
    ctx.event(
        "opschorting",
        # Awb 4:15: from the day after the request, as the aanvulling mail says (tester finding)
        f"Beslistermijn opgeschort vanaf {datum_nl(opschorting_vanaf(_d(lopend['van'], 'van')))} "
        "(aanvullingsverzoek); "
        f"aanvullen kan tot en met {datum_nl(_d(lopend['tot_uiterlijk'], 'tot'))}.",
        public=True,
    )
    return _schrijf(ctx, state)


def _einde(
    ctx: StepContext, data: Mapping[str, Any], termijn: Any, tot: Any, *, verstreken: bool = False
) -> dict[str, Any]:
    state = einde_opschorting(
        termijn_uit(data, termijn), tot, ctx.today(), zaak=ctx.case_reference, verstreken=verstreken
    )
    laatste = state["opschortingen"][-1]
    dag, uiterlijk = datum_nl(_d(laatste["tot"], "tot")), datum_nl(_d(state["uiterste_beslisdatum"], "datum"))
    # Awb 4:15 lid 1: it stood still "tot de dag waarop de aanvraag is aangevuld" (that day runs again), or
    # until the aanvullingstermijn "ongebruikt is verstreken" (through its last day)
    if laatste["verstreken"]:
        tekst = f"Opschorting beëindigd: de aanvullingstermijn is op {dag} ongebruikt verstreken"
    else:
        tekst = f"Opschorting beëindigd op {dag}, de dag waarop de aanvulling binnenkwam"
    ctx.event(
        "opschorting",
        f"{tekst}. De beslistermijn {periode_tekst(laatste)} en loopt weer, uiterlijk tot {uiterlijk}.",
        public=True,
    )
    return _schrijf(ctx, state)


def opschorting_beeindigen(
    data: dict[str, Any], termijn: Any = None, tot: Any = None, **_: Any
) -> dict[str, Any]:
    """End the running suspension on ``tot``: default the ``ontvangen_op`` of the ``aanvulling`` message, else today."""
    ctx = current()
    aanvulling = _map(data, "aanvulling")
    return _einde(ctx, data, termijn, tot or aanvulling.get("ontvangen_op") or ctx.today())


def opschorting_bij_einde(data: Mapping[str, Any], tot: date) -> None:
    """A case that ends while suspended (the aanvraag withdrawn): its running suspension ends on ``tot``,
    recorded without "de beslistermijn loopt weer", for there is nothing left to decide."""
    state = data.get("termijn")
    if isinstance(state, Mapping) and state.get("lopende_opschorting"):
        ctx = current()
        _schrijf(ctx, einde_opschorting(state, tot, ctx.today(), zaak=ctx.case_reference))


def opschorting_verlopen(data: dict[str, Any], termijn: Any = None, **_: Any) -> dict[str, Any]:
    """The aanvullingstermijn ended without a supplement: the suspension ends on its last day."""
    ctx = current()
    state = termijn_uit(data, termijn)
    lopend = state.get("lopende_opschorting") or {}
    return _einde(ctx, data, state, lopend.get("tot_uiterlijk") or ctx.today(), verstreken=True)


def aanvulling_na_termijn(data: dict[str, Any], termijn: Any = None, **_: Any) -> dict[str, Any]:
    """An ``aanvulling`` after its term but before the buitenbehandelingstelling (Awb 4:5 lid 1: "kan") is
    taken into account: back to the ontvankelijkheid check; the suspension ends as staat says. Once that
    besluit's letter is final it is too late (``aanvulling_na_besluit``): the step rolls back, and the task
    completes with the letter."""
    ctx = current()
    if (te_laat := aanvulling_na_besluit(ctx.final_besluit())) is not None:
        raise te_laat
    ontvangen = _map(data, "aanvulling").get("ontvangen_op") or ctx.today()
    state = aanvulling_na_einde(termijn_uit(data, termijn), ontvangen, ctx.today())
    laatste, dag = state["opschortingen"][-1], datum_nl(_d(ontvangen, "De ontvangstdatum"))
    ctx.event(
        "opschorting",
        f"Aanvulling ontvangen op {dag}, voordat de gemeente besloot de aanvraag buiten behandeling te "
        "stellen; de aanvulling wordt meegenomen en de aanvraag opnieuw op volledigheid "
        f"beoordeeld. De beslistermijn {periode_tekst(laatste)}; hij loopt uiterlijk tot "
        f"{datum_nl(_d(state['uiterste_beslisdatum'], 'datum'))}.",
        public=True,
    )
    ctx.event(
        "taak-ingetrokken",
        f"Taak 'Besluit buiten behandeling stellen' ingetrokken: de aanvulling kwam op {dag} binnen, voordat "
        "daarover was besloten (Awb 4:5). De aanvraag gaat terug naar 'Ontvankelijkheid beoordelen'.",
    )
    return _schrijf(ctx, state)


def verdaging_service(
    data: dict[str, Any], termijn: Any = None, weken: Any = None, reden: str | None = None, **_: Any
) -> dict[str, Any]:
    """Extend the term once by at most 6 weeks, decided on or before its last day (Ow 16.64 lid 2), and not
    once the case's besluit letter is final (``verdaag`` with ``StepReads.final_besluit``, which
    ``besluit_vastleggen`` reads too: the task that took the besluit completes with that letter). The
    choice is offered by the same rule (:func:`verdaging_mogelijk_helper`).

    Defaults: ``verdaging_weken`` and ``verdaging_reden``."""
    ctx = current()
    uit_formulier = {"verdaging_weken", "actie"} if weken is None else set()  # chosen in the form
    uit_formulier |= {"verdaging_reden"} if reden is None else set()
    weken = weken if weken is not None else data.get("verdaging_weken")
    reden = reden if reden is not None else str(data.get("verdaging_reden") or "")
    with bij_veld(_VERDAGING_VELDEN, uit_formulier):
        state = verdaag(
            termijn_uit(data, termijn), weken, ctx.today(), reden=reden, besluit=ctx.final_besluit()
        )
    ctx.event(
        "verdaging",
        f"Beslistermijn verdaagd met {weken} weken: nieuwe uiterste beslisdatum "
        f"{datum_nl(_d(state['uiterste_beslisdatum'], 'datum'))}. Reden: {reden}",
        public=True,
    )
    return _schrijf(ctx, state)


def termijn_verstreken(data: dict[str, Any], termijn: Any = None, **_: Any) -> dict[str, Any]:
    """The term ended without a decision: flag the case overdue and tell the applicant. Not when the
    besluit was made known within the term by sending its final letter, though the task that took it is
    still open (``StepContext.besluit_bekendgemaakt_op``); a letter dated after the term is told as after
    the task (``brief_na_termijn``). A Wabo case the
    model grants van rechtswege next (its term ended before 2024) is told no ingebrekestelling: no dwangsom is due where the permit is
    given by operation of law (Awb 4:20a lid 2)."""
    ctx = current()
    state = termijn_uit(data, termijn)
    uiterste = _d(state["uiterste_beslisdatum"], "De uiterste beslisdatum")
    if _op_tijd_bekendgemaakt(ctx, uiterste):  # its letter was sent in time, the task still open
        return {"verstreken_na": uiterste.isoformat()}
    ctx.case_updates["overdue"] = True
    verzonden = _map(data, "besluit_signaal").get("verzonden_op") or _brief_na(ctx.final_besluit(), uiterste)
    rechtswege = van_rechtswege_mogelijk(_map(data, "aanvraag"), str(data.get("procedure") or ""), state)
    tekst, derden = (  # as the applicant reads it, and as every other reader (policy.readers)
        termijn_verstreken_tekst(uiterste, verzonden, van_rechtswege=rechtswege, voor_derden=x)
        for x in (False, True)
    )
    ctx.event("termijn-verstreken", tekst, public=True, voor_derden=derden)
    return {"verstreken_na": uiterste.isoformat()}


def _op_tijd_bekendgemaakt(ctx: StepContext, uiterste: date) -> bool:
    """The besluit was made known by sending its final letter on or before ``uiterste``, the term's last day,
    though the task that took it is still open (``StepContext.besluit_bekendgemaakt_op``): the term ended
    with a besluit given, neither late nor van rechtswege."""
    bekend = ctx.besluit_bekendgemaakt_op()
    return bekend is not None and bekend <= uiterste


def _brief_na(brief: FinalBesluit | None, uiterste: date) -> str | None:
    """The verzenddatum (ISO) of a final letter dated after the term's end ``uiterste`` whose task is still
    open: the besluit is taken but not given before that day (as ``brief_na_termijn`` after the task)."""
    verzonden = verzonden_op(brief) if brief is not None else None
    return verzonden.isoformat() if verzonden is not None and verzonden > uiterste else None


def brief_na_termijn(besluit_signaal: Any, termijn: Any) -> bool:
    """Whether the besluit's letter (``besluit_signaal["verzonden_op"]``) is sent after the uiterste
    beslisdatum: the besluit is given only then (Awb 3:40, 3:41), so the term passes without it."""
    verzonden = besluit_signaal.get("verzonden_op") if isinstance(besluit_signaal, Mapping) else None
    uiterste = termijn_uit({}, termijn)["uiterste_beslisdatum"]
    return bool(verzonden) and _d(verzonden, "De verzenddatum") > _d(uiterste, "De uiterste beslisdatum")


# -- helpers -----------------------------------------------------------------------------------


def _iso(d: date) -> str:
    return d.isoformat()


def termijn_na_helper(
    start: Any, weken: int | None = None, maanden: int | None = None, dagen: int | None = None
) -> str:
    return _iso(termijn_na(_d(start, "De begindatum"), weken=weken, maanden=maanden, dagen=dagen))


def werkdagen_helper(vanaf: Any, n: int) -> str:
    return _iso(werkdagen_termijn(_d(vanaf, "De begindatum"), werkdagen_binnen_grens(n)))


def werkdagen_binnen_grens(n: Any) -> Any:
    """``n`` as a model's helper counts it: working days are counted one by one, so a count of millions
    (to the end of the calendar) would take a script's whole CPU budget; more than ``MAX_WERKDAGEN`` (some
    ten years, as on the command line) is refused at once (``script-limiet``)."""
    if isinstance(n, int) and n > MAX_WERKDAGEN:
        raise ScriptLimitExceeded(
            f"{n} werkdagen is meer dan een script mag tellen: ten hoogste {MAX_WERKDAGEN} (zo'n tien jaar)."
        )
    return n


def waarschuwing_helper(einddatum: Any, weken: int | None = None) -> str:
    return _iso(waarschuwingsdatum(_d(einddatum, "De einddatum"), weken))


def verdaging_mogelijk_helper(termijn: Any) -> bool:
    """The keuzes' 'verdagen': what ``verdaging_service`` would accept today, with the case's final letter."""
    ctx = current()
    return verdaging_mogelijk(termijn_uit({}, termijn), ctx.today(), ctx.final_besluit())


def van_rechtswege_helper(aanvraag: Any, procedure: Any, termijn: Any = None) -> bool:
    """The model's ``van_rechtswege_mogelijk``, but never for a case whose besluit was made known within
    its term by its final letter while the task that took it was still open: the permit comes van
    rechtswege only when no besluit was given in time."""
    if not van_rechtswege_mogelijk(aanvraag, procedure, termijn):
        return False
    uiterste = termijn.get("uiterste_beslisdatum") if isinstance(termijn, Mapping) else None
    return not uiterste or not _op_tijd_bekendgemaakt(current(), _d(uiterste, "De uiterste beslisdatum"))


def datum_nl_helper(value: Any) -> str:
    return datum_nl(_d(value, "Datum"))


def register(registry: Registry) -> None:
    register_service, register_helper = registry.service, registry.helper
    register_service(
        "beslistermijn",
        beslistermijn_service,
        "berekent de beslistermijn (regulier/uitgebreid) en toont die op de zaak",
    )
    register_service(
        "opschorting_starten",
        opschorting_starten,
        "schort de beslistermijn op bij een aanvullingsverzoek (Awb 4:15)",
    )
    register_service(
        "opschorting_beeindigen", opschorting_beeindigen, "beëindigt de opschorting: aanvulling ontvangen"
    )
    register_service(
        "opschorting_verlopen",
        opschorting_verlopen,
        "beëindigt de opschorting: aanvullingstermijn verlopen zonder aanvulling",
    )
    register_service("aanvulling_na_termijn", aanvulling_na_termijn, "neemt een te late aanvulling mee")
    register_service(
        "verdaging", verdaging_service, "verdaagt de beslistermijn eenmaal met ten hoogste 6 weken"
    )
    register_service(
        "termijn_verstreken", termijn_verstreken, "markeert de zaak als te laat (termijn verstreken)"
    )
    register_helper(
        "brief_na_termijn", brief_na_termijn, "de besluitbrief wordt pas na de uiterste beslisdatum verzonden"
    )
    register_helper("termijn_na", termijn_na_helper, "laatste dag van een termijn (Atw), ISO-datum")
    register_helper("werkdagen_termijn", werkdagen_helper, "de n-de werkdag na een datum, ISO-datum")
    register_helper(
        "waarschuwingsdatum", waarschuwing_helper, "datum van de termijnwaarschuwing (standaard 2 weken)"
    )
    register_helper(
        "verdaging_mogelijk",
        verdaging_mogelijk_helper,
        "de beslistermijn kan vandaag nog worden verdaagd (eenmaal, tot en met de laatste dag van de termijn)",
    )
    register_helper("datum_nl", datum_nl_helper, "datum in het Nederlands, bijvoorbeeld 3 maart 2026")
