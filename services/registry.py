"""Everything BPMN may call, in one place, each with a one-line description.

Helpers are functions available inside script tasks and expressions (the sandbox allow-list).
Services are the operations a service task may name in ``spiffworkflow:serviceTaskOperator id``.
A service receives the task data and its parameters, may write effects to the running
StepContext (deadline, conflicts, events), and returns a JSON-ready result.

``build_registry()`` is the one composition root: each Platform builds its own ``Registry`` from the
core entries below and the ``register(registry)`` of every module in ``DOMAIN_MODULES``. Nothing is
registered at import time and nothing global changes; a test or a tool changes its own platform's
registry. The domain modules are named, not imported, here: some of them seed demo data through the
case use cases, which need the platform, so a plain import would close a cycle platform -> domain.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from services.clock import NL as AMS
from services.engine.context import current


def _d(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def vandaag() -> str:
    """Today's date (ISO) from the injected clock."""
    return current().today().isoformat()


def nu() -> str:
    """The current moment (ISO, UTC) from the injected clock."""
    return current().clock.now().isoformat()


def einde_dag(day: str) -> str:
    """The moment a date ends in the Netherlands (ISO with offset): timers for legal deadlines."""
    end = datetime.combine(_d(day) + timedelta(days=1), time(0, 0), AMS)
    return end.isoformat()


def begin_dag(day: str) -> str:
    """The moment a date starts in the Netherlands (ISO with offset)."""
    return datetime.combine(_d(day), time(0, 0), AMS).isoformat()


def datum_plus(day: str, dagen: int = 0, weken: int = 0) -> str:
    """A date plus days/weeks, without Atw shifting (ISO)."""
    return (_d(day) + timedelta(days=int(dagen or 0), weeks=int(weken or 0))).isoformat()


def lijst(*items: Any) -> list[Any]:
    """A list of the given items (for candidate groups)."""
    return list(items)


Entry = tuple[Callable[..., Any], str]

CORE_HELPERS: dict[str, Entry] = {
    "vandaag": (vandaag, "datum van vandaag volgens de klok van het systeem"),
    "nu": (nu, "huidig tijdstip volgens de klok van het systeem"),
    "einde_dag": (einde_dag, "tijdstip waarop een datum eindigt (voor termijn-timers)"),
    "begin_dag": (begin_dag, "tijdstip waarop een datum begint"),
    "datum_plus": (datum_plus, "datum plus dagen/weken zonder Atw-verschuiving"),
    "lijst": (lijst, "maak een lijst"),
}


def echo(data: dict[str, Any], **params: Any) -> dict[str, Any]:
    """Return the parameters (used by tests and simple models)."""
    return params


def notificatie(data: dict[str, Any], tekst: str = "", publiek: bool = True, **_: Any) -> dict[str, Any]:
    """Record a notification to the initiator on the case timeline (sent after commit)."""
    current().event("notificatie", str(tekst), public=bool(publiek))
    return {"verstuurd": True}


CORE_SERVICES: dict[str, Entry] = {
    "echo": (echo, "geeft de parameters terug (test)"),
    "notificatie": (notificatie, "zet een bericht aan de initiatiefnemer op de tijdlijn"),
}


#: Modules with a ``register(registry)`` that adds domain helpers and services (one per procedure area).
DOMAIN_MODULES = (
    "services.domain.termijnen",
    "services.domain.dwangsom",
    "services.domain.locatiecheck",
    "services.domain.vergunning",
    "services.domain.vergunning_doorzending",
    "services.domain.energie",
)


@dataclass
class Registry:
    """The helpers and services of one Platform."""

    helpers: dict[str, Entry] = field(default_factory=dict)
    services: dict[str, Entry] = field(default_factory=dict)
    #: per process id: checks of every input a case of that process takes (start data, a task's form
    #: data, a message's payload), before it reaches the model; each raises a ValidationError
    input_checks: dict[str, list[Entry]] = field(default_factory=dict)
    #: per data field: how a value an earlier model version stored is brought to today's form when a
    #: case migrates (services/engine/migration.py), e.g. a derived key the new version's texts name
    data_upgrades: dict[str, Entry] = field(default_factory=dict)
    #: per message name: the fields its model reads, each with its longest text; an account's message
    #: carries no other (services.status.account_messages, processes.berichtgrenzen.check_fields)
    message_fields: dict[str, dict[str, int]] = field(default_factory=dict)
    #: per message name: the Dutch labels of its fields, as the case file's "Ontvangen berichten" shows them
    message_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: per message name: per field whose value is a code, each code's Dutch description, shown instead of
    #: the code there (the netbeheerder's ``alternatief``: "non-firm transportrecht (tijdsblokgebonden)")
    message_values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def helper(self, name: str, fn: Callable[..., Any], description: str) -> None:
        self.helpers[name] = (fn, description)

    def service(self, name: str, fn: Callable[..., Any], description: str) -> None:
        self.services[name] = (fn, description)

    def input_check(self, process_id: str, fn: Callable[[dict[str, Any]], None], description: str) -> None:
        """Check every input of the process's cases, whichever task or message it comes with: a rule
        (no personal data) that a new task of the model cannot forget."""
        self.input_checks.setdefault(process_id, []).append((fn, description))

    def check_input(self, process_id: str, data: dict[str, Any]) -> None:
        for fn, _ in self.input_checks.get(process_id, []):
            fn(data)

    def message(
        self,
        name: str,
        fields: dict[str, int],
        labels: dict[str, str] | None = None,
        values: dict[str, dict[str, str]] | None = None,
    ) -> None:
        """Declare the fields of message ``name`` (an outside party's answer) that its model reads,
        ``labels``: their Dutch labels where a field's name alone says too little, and ``values``: per field
        that takes a code, each code's Dutch description."""
        self.message_fields[name] = dict(fields)
        self.message_labels[name] = dict(labels or {})
        self.message_values[name] = {k: dict(v) for k, v in (values or {}).items()}

    def data_upgrade(self, key: str, fn: Callable[[Any], Any], description: str) -> None:
        self.data_upgrades[key] = (fn, description)

    def upgrade_data(self, data: dict[str, Any]) -> None:
        """Bring the fields of ``data`` (a task's data, in place) that a data upgrade names to today's form."""
        for key, (fn, _) in self.data_upgrades.items():
            if key in data:
                data[key] = fn(data[key])

    def helper_functions(self) -> dict[str, Callable[..., Any]]:
        return {k: v[0] for k, v in self.helpers.items()}

    def service_functions(self) -> dict[str, Callable[..., Any]]:
        return {k: v[0] for k, v in self.services.items()}


def build_registry(modules: tuple[str, ...] = DOMAIN_MODULES) -> Registry:
    """A new registry: the core entries plus every domain module's (an import error is an error)."""
    registry = Registry(dict(CORE_HELPERS), dict(CORE_SERVICES))
    for name in modules:
        importlib.import_module(name).register(registry)
    return registry


def helper_functions() -> dict[str, Callable[..., Any]]:
    """The helpers of a freshly built registry (tools and tests without a Platform)."""
    return build_registry().helper_functions()


def service_functions() -> dict[str, Callable[..., Any]]:
    """The services of a freshly built registry (tools and tests without a Platform)."""
    return build_registry().service_functions()
