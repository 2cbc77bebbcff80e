"""An application by an account: what it may give and with which e-mail address.

Through the API and the CLI (``check_start_by``: only a process the public face offers, with the fields
of its application form and its own verified address) and on the public form while logged in
(``applicant_account``: an initiator account's application is its own case). Split off
services/status/intake.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from processes.errors import Forbidden, NotFound, ValidationError
from processes.getallen import dutch_number
from services import forms, policy
from services.gemeentegebied import check_inside
from services.platform import Platform
from services.status.application_forms import (
    COMMON_FIELDS,
    MAX_LINE,
    ApplicationForm,
    offered_form,
    values_schema,
)
from services.status.submissions import charge_application

#: what submit_application adds to the start data itself, next to the form's fields
INTAKE_KEYS = frozenset(
    {"naam", "initiatiefnemer", "initiatiefnemer_type", "aanvraag_via", "soort_initiatiefnemer"}
)


def check_start_by(
    platform: Platform,
    username: str,
    process_id: str,
    data: Mapping[str, Any],
    geometry_wkt: str | None = None,
) -> dict[str, Any]:
    """Anyone but a behandelaar or the beheerder that starts a case (the API with an initiator's,
    adviser's or outside party's token) applies: only for a process the public face offers
    (``_offered``), and gives what its application form asks for, nothing more. The receipt day, the
    legal regime, the procedure and the other determinations are the municipality's: a backdated
    ``ontvangen`` with ``regime: wabo`` granted a permit van rechtswege at once (tester findings: an
    initiator's token, then an adviser's). Forbidden (403) otherwise; a behandelaar may register a
    paper application with its own receipt day.
    Like the public form, such a location (RD WKT) must lie inside the municipality
    (ValidationError buiten-gemeente); a behandelaar may register one outside it (a neighbour's
    request, a case where another bevoegd gezag decides). Returns the start data to use: as the form
    would give them (``_check_values``), or a behandelaar's as given."""
    with platform.uow(write=False) as uow:
        actor = policy.actor_for(uow.session, username)
    if policy.kind(actor, policy.rules(platform.settings)) in policy.REGISTERING_KINDS:
        return dict(data)
    clean = _applicant_values(platform, _offered(platform, process_id), data, geometry_wkt)
    clean["email"] = own_email(actor, clean.get("email"))
    # counted as the form counts a client and an address (429 once used up): the account is the client
    charge_application(platform, f"account:{username}", str(clean.get("email") or ""))
    return {k: v for k, v in clean.items() if v is not None}


def own_email(actor: policy.Actor, given: Any) -> str | None:
    """An account applies with its own verified address (tester finding: an initiator's token started
    cases for, and mailed, any address): another address is refused; none given means its own."""
    if actor.email is None:
        return str(given) if given else None
    if given and policy.normal_email(str(given)) != actor.email:
        raise Forbidden(
            f"Een aanvraag met uw account gebruikt het e-mailadres van dat account ({actor.email}), "
            "niet een ander adres.",
            code="email-niet-van-account",
        )
    return actor.email


def applicant_account(platform: Platform, username: str | None) -> policy.Actor | None:
    """The initiator account logged in on the public form, whose application is its own case
    (``started_by``: "Mijn aanvragen" lists it), or None. Staff and outside parties applying on the
    public form apply as anyone does: a municipality's account owns no cases (it registers them)."""
    if not username:
        return None
    with platform.uow(write=False) as uow:
        actor = policy.actor_for(uow.session, username)
    if policy.kind(actor, policy.rules(platform.settings)) != "initiatiefnemer":
        return None
    return actor


def form_email(account: policy.Actor, given: Any) -> str:
    """The e-mail address of an application by a logged-in account: its own verified one, as through
    the API (``_own_email``); another address is refused at the form's field, nothing counted."""
    try:
        return own_email(account, first(given).strip() or None) or first(given)
    except Forbidden as exc:
        raise ValidationError(exc.detail, code=exc.code, fouten={"email": exc.detail}) from None


def _offered(platform: Platform, process_id: str) -> ApplicationForm:
    """The application form of the process an applicant starts: only what the public face offers
    (``offered_form``: the 404 of ``/aanvragen/<process_id>``), before anything is checked or counted.
    Tester finding: an initiator's token started a deployed internal process without a form (and so ran
    its scripts). Forbidden (403) otherwise, for an unknown process too (no process id is confirmed)."""
    try:
        return offered_form(platform, process_id)
    except NotFound:
        raise Forbidden(
            f"Het proces '{process_id}' kunt u niet aanvragen: daarvoor is er geen aanvraagformulier. "
            "Alleen de gemeente start zo'n zaak.",
            code="proces-niet-aan-te-vragen",
        ) from None


def _applicant_values(
    platform: Platform, form: ApplicationForm, data: Mapping[str, Any], geometry_wkt: str | None
) -> dict[str, Any]:
    """What an applicant may give: the fields of the process's application form, checked as the form
    checks them, with a location inside the municipality."""
    if geometry_wkt is not None:
        check_inside(platform, geometry_wkt)
    allowed = {f.name for f in (*COMMON_FIELDS, *form.fields)} | INTAKE_KEYS
    extra = sorted(str(k) for k in data if k not in allowed)
    if extra:
        raise Forbidden(
            f"Deze startgegevens vult alleen de gemeente in: {', '.join(extra)}.",
            code="startgegeven-niet-toegestaan",
        )
    return _check_values((*COMMON_FIELDS, *form.fields), data)


def _check_values(fields: tuple[Any, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    """The values an applicant gives meet what the application form asks of them (its types, lengths,
    e-mail address and choices); the intake's own keys are a line of text each. A null counts as not
    given, and a number may come as text, as on the form. Returns the data the case starts with (nulls
    left out, numbers read), as the form would give them."""
    schema = values_schema(fields)
    for key in INTAKE_KEYS:
        schema["properties"][key] = {
            "type": "string",
            "maxLength": MAX_LINE,
            "x-foutmeldingen": {
                "type": f"'{key}' moet tekst zijn.",
                "maxLength": f"'{key}' mag ten hoogste {MAX_LINE} tekens hebben.",
            },
        }
    kinds = {f.name: f.kind for f in fields}
    given = {
        k: _as_number(v) if kinds.get(k) in ("getal", "geheel") else v
        for k, v in data.items()
        if v is not None
    }
    found = forms.by_field(forms.errors_of(schema, given))
    if found:
        errors = {field or "algemeen": messages[0] for field, messages in found.items()}
        raise ValidationError(
            "De startgegevens kloppen niet: " + " ".join(errors.values()),
            code="startgegevens-ongeldig",
            fouten=errors,
        )
    return given


def _as_number(value: Any) -> Any:
    """A number given as text ("3", "4,2") counts as the number, as on the form; anything else as given."""
    if isinstance(value, str) and (number := dutch_number(value.strip())) is not None:
        return int(number) if number.is_integer() else number
    return value


def first(value: Any) -> str:
    return str((value[0] if value else "") if isinstance(value, list) else (value or ""))
