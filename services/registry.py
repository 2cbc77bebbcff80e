"""Everything BPMN may call, in one place, each with a one-line description.

HELPERS are functions available inside script tasks and expressions (the sandbox allow-list).
SERVICES are the operations a service task may name in ``spiffworkflow:serviceTaskOperator id``.
A service receives the task data and its parameters, may write effects to the running
StepContext (deadline, conflicts, events), and returns a JSON-ready result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.engine.context import current

AMS = ZoneInfo("Europe/Amsterdam")


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


HELPERS: dict[str, tuple[Callable[..., Any], str]] = {
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


SERVICES: dict[str, tuple[Callable[..., Any], str]] = {
    "echo": (echo, "geeft de parameters terug (test)"),
    "notificatie": (notificatie, "zet een bericht aan de initiatiefnemer op de tijdlijn"),
}


def register_service(name: str, fn: Callable[..., Any], description: str) -> None:
    SERVICES[name] = (fn, description)


def register_helper(name: str, fn: Callable[..., Any], description: str) -> None:
    HELPERS[name] = (fn, description)


def helper_functions() -> dict[str, Callable[..., Any]]:
    _load_domain()
    return {k: v[0] for k, v in HELPERS.items()}


def service_functions() -> dict[str, Callable[..., Any]]:
    _load_domain()
    return {k: v[0] for k, v in SERVICES.items()}


_loaded = False
#: Modules with a ``register()`` that adds domain helpers and services (one per procedure area).
DOMAIN_MODULES = (
    "services.domain.termijnen",
    "services.domain.locatiecheck",
    "services.domain.vergunning",
    "services.domain.energie",
)


def _load_domain() -> None:
    """Register the domain services (termijnen, locatiecheck, procedures) on first use."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in DOMAIN_MODULES:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.register()
