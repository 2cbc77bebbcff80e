"""Public phases: the steps an initiator sees instead of the internal model (``bpmn/fasen.toml``).

Each model declares its public phases in order: a name, a plain-Dutch explanation and the internal
``fase`` values (set by the elements' ``fase`` property) it covers. The status page shows them as a
step bar: done, current, coming. Holders are shown in public words (``[houders]``), never as lanes.

A phase may name the models its call activities call (``roept_aan``): while such a called model runs,
the case's internal ``fase`` is the called model's, and it belongs to that phase of the caller (the
windpark's "Vergunning" while its omgevingsvergunning runs, up to the permit's own "afgerond").

A phase may start only when the besluit is made known (``na_bekendmaking``: the bezwaar- or beroepstermijn,
Awb 3:41 and 6:8): the model enters it when the besluit is taken, with a letter that may be sent days
later; the term begins the day after the letter is sent (``term_begins``), and until then, the day of
sending included, the case is still in the besluit phase, which says when the letter is sent.

A phase may word itself per procedure (``[<model>.fase.procedure.<procedure>]`` with ``naam`` and/or
``uitleg``): the permit's term after the besluit is a bezwaartermijn in the reguliere procedure and a
beroepstermijn in the uitgebreide (Awb 7:1 lid 1 sub d). Where the case's procedure is known (status
page, Mijn aanvragen: ``procedure_of``) that wording is used; elsewhere the phase's own, which must fit every procedure.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from processes.constants import CaseStatus
from processes.errors import ValidationError
from processes.termijnen.datums import datum_nl
from services.config import Settings

PHASES_FILE = "fasen.toml"
#: the holders (a model's `houder` property) that mean: the initiator has to act
INITIATOR_HOLDERS = frozenset({"Aanvrager", "Initiatiefnemer"})
#: the table of fasen.toml with a holder's words for a public viewer who is not the initiator
THIRD_PARTY_TABLE = "houders_voor_derden"
#: the articles a holder's public words may begin with ("De netbeheerder"), small within a sentence
ARTICLES = ("De", "Het")


@dataclass(frozen=True)
class PublicPhase:
    naam: str
    uitleg: str
    intern: tuple[str, ...]
    optioneel: bool = False
    besluit: bool = False
    eindigt: bool = False  # a branch that ends the procedure: the phases after it will not come
    roept_aan: tuple[str, ...] = ()  # the models called in this phase (callActivity calledElement)
    #: the internal phases in which a case is in this public phase: its own, then its called models'
    #: (from their own declaration); filled at load
    covers: tuple[str, ...] = ()
    #: procedure -> (naam, uitleg) where that procedure words this phase otherwise
    per_procedure: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: the phase starts the day after the besluit is made known (``made_known_on``, ``term_begins``), not
    #: when the model enters it: until then the case is in the besluit phase before it (``step_bar``)
    na_bekendmaking: bool = False

    def for_procedure(self, procedure: str | None) -> PublicPhase:
        """This phase as a case of ``procedure`` reads it."""
        if procedure is None or procedure not in self.per_procedure:
            return self
        naam, uitleg = self.per_procedure[procedure]
        return replace(self, naam=naam, uitleg=uitleg)


@dataclass(frozen=True)
class PublicPhases:
    per_model: Mapping[str, tuple[PublicPhase, ...]]
    #: the holders in the words of the status page, which the initiator reads ("U (de aanvrager)")
    holders: Mapping[str, str]
    #: the words of ``[houders_voor_derden]`` for a public viewer who is not the initiator
    third_party: Mapping[str, str] = field(default_factory=dict)
    #: whether these words address the initiator ("U", "uw aanvraag"); not once ``for_third_parties``
    addresses_initiator: bool = True

    def for_third_parties(self) -> PublicPhases:
        """These words as a public viewer other than the initiator reads them (an outside party: the
        netbeheerder, an adviseur of another organisation): "De aanvrager", not "U (de aanvrager)", which
        addresses the initiator; the other holders as ``[houders]`` words them."""
        return replace(self, holders={**self.holders, **self.third_party}, addresses_initiator=False)

    def of(self, process_id: str, procedure: str | None = None) -> tuple[PublicPhase, ...]:
        """The model's phases, worded for ``procedure`` when given."""
        return tuple(p.for_procedure(procedure) for p in self.per_model.get(process_id, ()))

    def phase_of(
        self, process_id: str, internal: str | None, procedure: str | None = None
    ) -> PublicPhase | None:
        """The public phase the model's internal phase ``internal`` belongs to; None when none does."""
        phases = self.of(process_id, procedure)
        index = index_of(phases, internal)
        return None if index is None else phases[index]

    def name_of(
        self,
        process_id: str,
        internal: str | None,
        procedure: str | None = None,
        *,
        made_known: tuple[date | None, date] | None = None,
    ) -> str | None:
        """The public name of the model's internal phase ``internal`` (as the status page's step bar
        says it); the internal name for a model without public phases or a phase none declares.
        ``made_known``: the day the case's besluit is made known and today (``made_known_on``), up to
        which a phase ``na_bekendmaking`` has not begun (``term_begins``): the name of the besluit phase
        before it."""
        phases = self.of(process_id, procedure)
        index = index_of(phases, internal)
        if index is None:
            return internal
        waiting = _not_yet_made_known(phases, index, made_known)
        return phases[index if waiting is None else waiting].naam

    def holder(self, name: str | None) -> str | None:
        """The public wording of a holder; ``None`` when it is hidden (or there is none)."""
        if not name:
            return None
        return self.holders.get(name, name) or None

    def holder_in_sentence(self, name: str) -> str:
        """A holder as a sentence names it ("Meegeteld: het wachten op de netbeheerder"): its public
        words (``[houders]``) with their article in lower case ("De netbeheerder" -> "de netbeheerder");
        a holder those do not word or hide by its own name, unchanged (an organisation's, "Netbeheer
        Oost", is never lowercased)."""
        words = self.holder(name) or name
        article, space, rest = words.partition(" ")
        return f"{article.lower()} {rest}" if space and article in ARTICLES else words


def _phase(process_id: str, item: Any) -> PublicPhase:
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("naam", "uitleg")):
        raise ValidationError(
            f"{PHASES_FILE}: elke fase van '{process_id}' heeft een naam en een uitleg.",
            code="fasen-ongeldig",
        )
    intern = item.get("intern")
    if not isinstance(intern, list) or not intern or not all(isinstance(v, str) for v in intern):
        raise ValidationError(
            f"{PHASES_FILE}: fase '{item['naam']}' van '{process_id}' noemt geen interne fasen (intern).",
            code="fasen-ongeldig",
        )
    called = item.get("roept_aan", [])
    if not isinstance(called, list) or not all(isinstance(v, str) for v in called):
        raise ValidationError(
            f"{PHASES_FILE}: roept_aan van fase '{item['naam']}' van '{process_id}' is een lijst van modellen.",
            code="fasen-ongeldig",
        )
    return PublicPhase(
        item["naam"],
        item["uitleg"],
        tuple(intern),
        bool(item.get("optioneel", False)),
        bool(item.get("besluit", False)),
        bool(item.get("eindigt", False)),
        tuple(called),
        tuple(intern),
        _per_procedure(process_id, item),
        bool(item.get("na_bekendmaking", False)),
    )


def _per_procedure(process_id: str, item: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The phase's wording per procedure (``procedure.<naam>``: naam and/or uitleg, the rest its own)."""
    variants = item.get("procedure", {})
    if not isinstance(variants, dict) or not all(
        isinstance(v, dict)
        and v
        and all(k in ("naam", "uitleg") and isinstance(t, str) for k, t in v.items())
        for v in variants.values()
    ):
        raise ValidationError(
            f"{PHASES_FILE}: procedure van fase '{item['naam']}' van '{process_id}' geeft per procedure "
            "een naam en/of uitleg.",
            code="fasen-ongeldig",
        )
    return {
        str(k): (v.get("naam", item["naam"]), v.get("uitleg", item["uitleg"])) for k, v in variants.items()
    }


def _with_called(per_model: Mapping[str, tuple[PublicPhase, ...]]) -> dict[str, tuple[PublicPhase, ...]]:
    """Each phase with the internal phases of the models it calls (``roept_aan``, one level deep)."""

    def called_phases(process_id: str, phase: PublicPhase) -> tuple[str, ...]:
        names: list[str] = []
        for called in phase.roept_aan:
            if not per_model.get(called):
                raise ValidationError(
                    f"{PHASES_FILE}: fase '{phase.naam}' van '{process_id}' roept '{called}' aan, "
                    f"maar {PHASES_FILE} noemt geen fasen van '{called}'.",
                    code="fasen-ongeldig",
                )
            names += [name for p in per_model[called] for name in p.intern]
        return tuple(name for name in dict.fromkeys(names) if name not in phase.intern)

    return {
        process_id: tuple(
            replace(p, covers=p.intern + called_phases(process_id, p)) if p.roept_aan else p for p in phases
        )
        for process_id, phases in per_model.items()
    }


def _third_party(raw: Any, holders: Mapping[str, str]) -> dict[str, str]:
    """The words of ``[houders_voor_derden]``: a text per holder, and one for each initiator's holder that
    ``[houders]`` words (``INITIATOR_HOLDERS``): else an outside party reads words that address the initiator."""
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ValidationError(
            f'{PHASES_FILE}: [{THIRD_PARTY_TABLE}] geeft per houder een tekst (Aanvrager = "De aanvrager").',
            code="fasen-ongeldig",
        )
    missing = sorted(h for h in INITIATOR_HOLDERS if h in holders and h not in raw)
    if missing:
        raise ValidationError(
            f"{PHASES_FILE}: [houders] geeft woorden voor de aanvrager aan {', '.join(missing)}; zeg in "
            f"[{THIRD_PARTY_TABLE}] hoe een ander (een externe partij) die houder leest, bijvoorbeeld "
            f'{missing[0]} = "De aanvrager".',
            code="fasen-ongeldig",
        )
    return {str(k): v for k, v in raw.items()}


@cache
def _load(path: Path) -> PublicPhases:
    raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    holders = {str(k): str(v) for k, v in (raw.pop("houders", None) or {}).items()}
    third_party = _third_party(raw.pop(THIRD_PARTY_TABLE, {}), holders)
    per_model = {
        process_id: tuple(_phase(process_id, item) for item in (table or {}).get("fase") or [])
        for process_id, table in raw.items()
    }
    return PublicPhases(_with_called(per_model), holders, third_party)


def public_phases(settings: Settings | None = None) -> PublicPhases:
    """The phases in the model folder of ``settings``, else those shipped in bpmn/."""
    return _load((settings or Settings()).model_file(PHASES_FILE, required=False))


def procedure_of(case: Any) -> str | None:
    """The procedure a case's phases are worded for: the regulier or uitgebreid of its beslistermijn
    (``deadline_info["procedure"]``), not ``Case.procedure`` (the name of its process)."""
    procedure = (getattr(case, "deadline_info", None) or {}).get("procedure")
    return str(procedure) if procedure else None


def made_known_on(case: Any) -> date | None:
    """The day the case's besluit is made known by sending it (Awb 3:41): the ``van`` of the bezwaar- or
    beroepstermijn its bekendmaking recorded (``rechtsmiddel``, from the letter's verzenddatum); None
    before a besluit."""
    term = case.typed_summary.rechtsmiddel
    sent = term.get("van") if isinstance(term, dict) else None
    return date.fromisoformat(str(sent)[:10]) if sent else None


def term_begins(sent: date) -> date:
    """The first day of the bezwaar- or beroepstermijn of a besluit made known by sending it on ``sent``
    (``made_known_on``): the day after (Awb 6:8 lid 1). Up to it, the day of sending included, the case
    is in the besluit phase (``step_bar``, the public holder timeline, the status text)."""
    return sent + timedelta(days=1)


def sending_words(sent: date, day: date) -> str:
    """The besluit's letter sent on ``sent`` as ``day`` tells it: "wordt verzonden op <datum>" before that
    day, "wordt vandaag verzonden" on it, "is verzonden op <datum>" after it."""
    if day == sent:
        return "wordt vandaag verzonden"
    return f"{'wordt' if day < sent else 'is'} verzonden op {datum_nl(sent)}"


def _not_yet_made_known(
    phases: tuple[PublicPhase, ...], index: int, made_known: tuple[date | None, date] | None
) -> int | None:
    """The index of the besluit phase the case is still in when its phase ``index`` starts only at the
    bekendmaking (``na_bekendmaking``) and ``made_known`` (that day, today) says its term has not begun
    (``term_begins``); else None."""
    sent, day = made_known or (None, None)
    if not phases[index].na_bekendmaking or sent is None or day is None or day >= term_begins(sent):
        return None
    return next((i for i in range(index - 1, -1, -1) if phases[i].besluit), None)


def _to_be_sent(phase: PublicPhase, then: PublicPhase, sent: date, day: date) -> PublicPhase:
    """The besluit ``phase`` on ``day`` while its letter is sent on ``sent`` (that day or later), after
    which ``then`` (the bezwaar- or beroepstermijn) begins the day after (Awb 6:8)."""
    term = then.naam[:1].lower() + then.naam[1:]
    begins = "morgen" if day == sent else "de dag daarna"
    uitleg = (
        f"Het besluit is genomen en {sending_words(sent, day)}. Dan is het bekendgemaakt; de {term} begint "
        f"{begins} (artikel 6:8 Awb)."
    )
    return replace(phase, uitleg=uitleg)


def index_of(phases: tuple[PublicPhase, ...], internal: str | None) -> int | None:
    """The position of the public phase that covers the internal phase ``internal``; None when none does."""
    return next((i for i, p in enumerate(phases) if internal in p.covers), None)


def step_bar(
    phases: tuple[PublicPhase, ...],
    current: str | None,
    started: Mapping[str, date],
    closed: bool,
    *,
    skipped: bool = False,
    made_known: tuple[date | None, date] | None = None,
) -> list[dict[str, Any]]:
    """The step bar: each public phase with ``stand`` afgerond | huidig | komend and its start date.

    ``current`` is the case's internal phase; ``started`` the first day of each internal phase.
    An optional phase is left out unless the case has reached it. Once it reached a phase that
    ``eindigt`` (buiten behandeling, ingetrokken), the phases that did not start are left out too,
    before it as well as after it: they will not come, and must not show as done or as coming.
    ``skipped``: the case ended past the phases it did not start (a permit granted van rechtswege took
    no besluit and ran no bezwaartermijn); they are left out as well. ``made_known``: the day the besluit
    is made known and today (``made_known_on``): a phase ``na_bekendmaking`` starts the day after
    (``term_begins``), and up to it the besluit phase is current and says when the letter is sent
    (review20, 7; S20, 2)."""
    index = index_of(phases, current)
    ended = skipped or any(
        p.eindigt and (i == index or any(name in started for name in p.covers)) for i, p in enumerate(phases)
    )
    sent, day = made_known or (None, None)
    waiting = None if index is None or closed else _not_yet_made_known(phases, index, made_known)
    if waiting is not None and index is not None and sent is not None and day is not None:
        phases = tuple(
            _to_be_sent(p, phases[index], sent, day) if i == waiting else p for i, p in enumerate(phases)
        )
        index = waiting
    steps = []
    for i, phase in enumerate(phases):
        days = [started[name] for name in phase.covers if name in started]
        if phase.na_bekendmaking and days and sent is not None:  # it began the day after it was sent
            days = [term_begins(sent)] if waiting is None else []
        if (phase.optioneel or ended) and not days and i != index:
            continue
        if index is None:
            stand = "afgerond" if days else "komend"
        elif i < index or (i == index and closed):
            stand = "afgerond"
        else:
            stand = "huidig" if i == index else "komend"
        steps.append(
            {
                "naam": phase.naam,
                "uitleg": phase.uitleg,
                "stand": stand,
                "sinds": min(days).isoformat() if days else None,
                "besluit": phase.besluit,
            }
        )
    return steps


def case_step_bar(
    phases: PublicPhases, case: Any, started: Mapping[str, date], day: date, *, skipped: bool = False
) -> list[dict[str, Any]]:
    """The step bar of ``case`` on ``day`` (``step_bar``; the status page): its model's phases worded for
    its procedure (``procedure_of``), the first begun on its receipt (a step may pass several phases),
    done only once the case closed (an incident or a pause holds it in its phase), a phase
    ``na_bekendmaking`` from the day after its besluit is sent (``term_begins``). ``started``: the first day
    of each internal phase from its history."""
    model_phases = phases.of(case.process_id, procedure_of(case))
    begun = dict(started)
    if model_phases and case.received_on:
        begun.setdefault(model_phases[0].intern[0], case.received_on)
    closed = case.status == CaseStatus.AFGEROND
    return step_bar(
        model_phases, case.phase, begun, closed, skipped=skipped, made_known=(made_known_on(case), day)
    )
