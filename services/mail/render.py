"""Render a mail of one kind from its templates: ``<kind>.txt`` (sets ``onderwerp``) and ``<kind>.html``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from processes.nederlands import euro
from processes.termijnen.datums import datum_nl

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: every kind of mail, with who gets it
KINDS = {
    "ontvangst": "initiatiefnemer",
    "fase": "initiatiefnemer",
    "aanvulling": "initiatiefnemer",
    "verdaging": "initiatiefnemer",
    "besluit": "initiatiefnemer",
    "doorzending": "initiatiefnemer",
    "bezwaartermijn": "initiatiefnemer",
    "beslissing_op_bezwaar": "initiatiefnemer",
    "ter_inzage": "initiatiefnemer",
    "besluit_zienswijze": "indiener van een zienswijze",
    "beslissing_bezwaarmaker": "bezwaarmaker",
    "ingebrekestelling": "initiatiefnemer",
    "dwangsom_loopt": "initiatiefnemer",
    "dwangsom": "initiatiefnemer",
    "volglink": "initiatiefnemer",
    "toewijzing": "medewerker",
    "termijn": "medewerker",
}


@dataclass(frozen=True)
class Mail:
    """One rendered mail, as the outbox stores it (``payload``) and the transport sends it."""

    kind: str
    to: str
    subject: str
    text: str
    html: str
    #: the username when the mail is to an account (an officer): a retry by beheer uses its current address
    account: str | None = None

    def payload(self) -> dict[str, str]:
        # "aan" and "gebruiker" are the keys the outbox orders by and re-addresses by
        # (services.outbox.core.PER_RECIPIENT and ACCOUNT)
        out = {
            "soort": self.kind,
            "aan": self.to,
            "onderwerp": self.subject,
            "tekst": self.text,
            "html": self.html,
        }
        return {**out, "gebruiker": self.account} if self.account else out

    @classmethod
    def of(cls, payload: dict[str, Any]) -> Mail:
        return cls(
            str(payload["soort"]),
            str(payload["aan"]),
            str(payload["onderwerp"]),
            str(payload["tekst"]),
            str(payload.get("html") or ""),
            str(payload["gebruiker"]) if payload.get("gebruiker") else None,
        )


def _nl_datum(value: Any) -> str:
    if not value:
        return "—"
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return datum_nl(d)


@functools.lru_cache(maxsize=4)
def _environment(own_dir: str) -> Environment:
    folders = [own_dir] if own_dir else []
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader([*folders, str(TEMPLATES)])]),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["nl_datum"] = _nl_datum
    env.filters["euro"] = euro
    return env


def render(settings: Any, kind: str, to: str, context: dict[str, Any], *, account: str | None = None) -> Mail:
    """The mail of ``kind`` for ``to`` (the address of ``account``, when to one); ``context`` fills the
    templates (plus gemeente and contact)."""
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    env = _environment(str(getattr(settings, "mail_templates_dir", "") or ""))
    values = {
        "gemeente": getattr(settings, "gemeente_naam", "") or "De gemeente",
        "contact": getattr(settings, "gemeente_contact", "") or DEFAULT_CONTACT,
        **context,
    }
    module = env.get_template(f"{kind}.txt").make_module(values)
    subject = " ".join(str(getattr(module, "onderwerp", "")).split())
    text = str(module).strip() + "\n"
    html = env.get_template(f"{kind}.html").render(**values, onderwerp=subject)
    return Mail(kind, to, subject, text, html, account)


DEFAULT_CONTACT = "Gemeente Ruimtedal, telefoon 14 0000 of info@ruimtedal.example"
