"""An officer registering a letter that came by post, in the case file (web/faces/zaken.py).

Neighbours without the applicant's volgcode send a zienswijze on paper, and an aanvulling, intrekking,
ingebrekestelling or bezwaar may arrive by post too. The form offers the letters the case waits for now
that this account may register: a behandelaar or the beheerder (``policy.REGISTERING_KINDS``, who gives
a receipt day) whom ``[berichten]`` lets send it (``policy.may_send``, the check of the API). Its fields
become the ``gegevens`` an API call gives (``inhoud``, ``indiener``, ``ontvangen_op`` and, where Awb 6:9
counts the postmark, ``ter_post_bezorgd_op``) and go to the API's own use case,
``account_messages.send_from_account``; the model judges them (on time or late) as it does for the API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes import tekens
from processes.berichtgrenzen import MAX_TEXT
from processes.errors import Forbidden, ValidationError
from processes.termijnen.datums import lees_datum
from processes.termijnen.rechtsmiddelen import TER_POST_VELD
from processes.termijnen.staat import niet_in_toekomst
from services import cases, model_labels, policy
from services.clock import today
from services.platform import Platform
from services.status.account_messages import send_from_account
from services.status.lookup import Waiting, waiting_of
from services.status.message_catalog import PUBLIC_MESSAGES
from services.status.messages import due_now
from services.status.submissions import Bind
from services.step_reads import FinalLetters
from services.store.models import Case, CaseEvent

#: the letters the form registers -> whether the law counts their postmark (Awb 6:9 lid 2; for a
#: zienswijze through Awb 3:16 lid 3). Other messages carry structured data: the API and the CLI take them.
LETTERS = {
    "aanvulling": False,
    "zienswijze": True,
    "intrekking": False,
    "ingebrekestelling": False,
    "bezwaar": True,
}
#: the ``bezwaar`` message against a besluit open only to beroep, in words (``letter_name``)
BEROEP = "Beroep bij de rechtbank"
#: letters the models refuse without a text (zienswijze_registreren reads ``inhoud``)
TEXT_REQUIRED = frozenset({"zienswijze"})
MAX_SENDER = 200
FIELDS = ("bericht", "ontvangen_op", TER_POST_VELD, "indiener", "tekst")
#: the refusals of a letter (their ValidationError codes) -> the field of the form: the models' of its
#: dates, and an aanvulling whose requested documents are not on the case yet (the letter's kind)
MODEL_FIELDS = {
    "aanvulling-onvolledig": "bericht",
    "zienswijze-postdatum": TER_POST_VELD,
    "bezwaar-postdatum": TER_POST_VELD,
    "intrekking-datum": "ontvangen_op",
    "datum-in-toekomst": "ontvangen_op",
    "ingebrekestelling-te-vroeg": "ontvangen_op",
}


@dataclass
class LetterForm:
    """What the case page offers: the letters (name, label), the other messages the case waits for
    that this account may send through the API, and a posted form's values and Dutch errors."""

    may_register: bool = False  # a behandelaar or the beheerder: gives a letter's receipt day
    letters: list[dict[str, str]] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    case_id: int | None = None  # the case the form is of, however its URL named it


def offered(platform: Platform, case_key: int | str, username: str) -> LetterForm:
    """The letters ``case_key`` waits for now (as "Verwachte berichten" lists them) that ``username``
    may register; none for an account that may not register post; NotFound, as an unknown case, for whoever
    may not see the case (not even which letters it waits for, nor that it exists)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = cases.case_by_key(s, case_key)
        actor, rules = policy.actor_for(s, username), policy.rules(platform.settings)
        policy.check_may_view(s, actor, case, rules, asked=case_key)  # nor whether it exists, to anyone
        if policy.kind(actor, rules) not in policy.REGISTERING_KINDS:
            return LetterForm()
        allowed = [
            m for m in expected(s, case, today(platform.clock)) if policy.may_send(s, actor, case, m, rules)
        ]
        case_id, names = case.id, {m: letter_name(case, m) for m in allowed}
    letters = [{"naam": m, "titel": names[m]} for m in allowed if m in LETTERS]
    elsewhere = [names[m] for m in allowed if m not in LETTERS]
    return LetterForm(True, letters, elsewhere, case_id=case_id)


def expected(s: Session, case: Case, day: date) -> list[str]:
    """The messages ``case`` takes on ``day``, once each: those it waits for (its summary's
    ``verwachte_berichten``) that are due by the status page's rule (``_due``) and that its final besluit
    letter does not close (``FinalLetters.still_taken``: the model refuses them). What the case page lists as
    "Verwachte berichten" and offers in its form, so that the two and the status page agree."""
    waiting = waiting_of(case)
    names = (str(m) for m in case.typed_summary.verwachte_berichten or [])
    due = (m for m in dict.fromkeys(names) if _due(case, m, waiting, day))
    return FinalLetters(s, [case], day).still_taken(case.id, due)


def letter_name(case: Case, name: str) -> str:
    """The message ``name`` in words for the officer: the model takes a beroep as its ``bezwaar`` message
    ("Bezwaar of beroep ontvangen"), so against a besluit that is open only to beroep (the uitgebreide
    procedure, Awb 7:1 lid 1 onder d) it is named as such, not as a bezwaar to the gemeente."""
    term = case.typed_summary.rechtsmiddel
    if name == "bezwaar" and term is not None and term.get("soort") == "beroep":
        return BEROEP
    return model_labels.message_name(name)


def expected_in_words(platform: Platform, case_id: int) -> list[str]:
    """The case page's "Verwachte berichten" (``expected``, in ``letter_name``'s words); the caller
    checked that the user may see the case."""
    with platform.uow(write=False) as uow:
        case = cases.case_by_key(uow.session, case_id)
        return [letter_name(case, m) for m in expected(uow.session, case, today(platform.clock))]


def _due(case: Case, name: str, waiting: Waiting, day: date) -> bool:
    """The case takes letter ``name`` now, by the status page's rule (``messages.due_now``): an
    ingebrekestelling only once the beslistermijn passed. Today, not the letter's receipt day, which the
    form does not know yet: a letter received after the term is registered after it too, and one
    received within it the model refuses at its receipt day (``ingebrekestelling-te-vroeg``)."""
    msg = PUBLIC_MESSAGES.get(name)
    return due_now(case, msg, waiting, day) if msg is not None else name in waiting.messages


def _date(text: str, label: str, platform: Platform) -> str:
    return niet_in_toekomst(lees_datum(text, label), label, today(platform.clock)).isoformat()


def check_may_register(form: LetterForm) -> None:
    """Forbidden unless this account may register a letter (before anything of the post is read)."""
    if not form.may_register:
        raise Forbidden(
            "Alleen een behandelaar of beheer registreert een brief die per post binnenkwam.",
            code="bericht-geen-recht",
        )


def keep_typed(form: LetterForm, posted: Mapping[str, Any]) -> None:
    """What was typed, for the form shown again."""
    form.values = {k: tekens.stripped(str(posted.get(k) or "")) for k in FIELDS}


def checked(platform: Platform, form: LetterForm, posted: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The letter's name and its ``gegevens`` from the posted form, or ValidationError with a Dutch
    error per field (``fouten``); ``form.values`` keeps what was typed."""
    check_may_register(form)
    keep_typed(form, posted)
    v, errors = form.values, form.errors
    name = v["bericht"]
    if name not in {letter["naam"] for letter in form.letters}:
        names = ", ".join(letter["titel"].lower() for letter in form.letters)
        errors["bericht"] = (
            f"Deze zaak wacht nu niet op dit bericht. Kies een van: {names}."
            if names
            else "Deze zaak wacht nu op geen brief die u kunt registreren."
        )
    gegevens: dict[str, Any] = {}
    for key, label in (
        ("ontvangen_op", "De ontvangstdatum"),
        (TER_POST_VELD, "De datum van terpostbezorging"),
    ):
        if not v[key]:
            continue
        if key == TER_POST_VELD and name in LETTERS and not LETTERS[name]:
            errors[key] = "Alleen bij een zienswijze of een bezwaar telt de datum van terpostbezorging."
            continue
        try:
            gegevens[key] = _date(v[key], label, platform)
        except ValidationError as exc:
            errors[key] = exc.detail
    if not v["ontvangen_op"]:
        errors["ontvangen_op"] = "Vul de datum in waarop de brief is ontvangen."
    if len(v["indiener"]) > MAX_SENDER:
        errors["indiener"] = f"Gebruik ten hoogste {MAX_SENDER} tekens."
    if len(v["tekst"]) > MAX_TEXT:
        errors["tekst"] = f"Gebruik ten hoogste {MAX_TEXT} tekens."
    elif not v["tekst"] and name in TEXT_REQUIRED:
        errors["tekst"] = "Vul de inhoud van de brief in."
    if errors:
        raise ValidationError("Het bericht is niet geregistreerd.", code="formulier-ongeldig", fouten=errors)
    gegevens.update({k: v[f] for k, f in (("indiener", "indiener"), ("inhoud", "tekst")) if v[f]})
    return name, gegevens


def register(
    platform: Platform,
    case_key: int | str,
    username: str,
    form: LetterForm,
    posted: Mapping[str, Any],
    before_commit: Bind | None = None,
) -> tuple[str, int]:
    """Register the posted letter through the API's use case; returns what the case recorded of it in
    Dutch, with the case's id: the lines its history got for staff (not those written to the applicant,
    "Uw aanvulling is ontvangen") and, for a zienswijze, the model's judgement (on time or late).
    ``before_commit`` writes more in the transaction that takes the letter (the form's claim)."""
    name, gegevens = checked(platform, form, posted)
    with platform.uow(write=False) as uow:
        case = cases.case_by_key(uow.session, case_key)
        case_id, titel = case.id, letter_name(case, name)
        last = uow.session.scalar(select(func.max(CaseEvent.id)).where(CaseEvent.case_id == case_id)) or 0
    try:
        answer = send_from_account(platform, case_id, name, gegevens, username, before_commit=before_commit)
    except ValidationError as exc:  # the model refused a date, or documents are missing: at that field
        if exc.code in MODEL_FIELDS:
            form.errors[MODEL_FIELDS[exc.code]] = exc.detail
        raise
    with platform.uow(write=False) as uow:
        new = select(CaseEvent.message).where(
            CaseEvent.case_id == case_id,
            CaseEvent.id > last,
            CaseEvent.kind != "bericht",
            CaseEvent.public.is_(False),
        )  # the lines the model wrote for staff: not "Bericht '...' ontvangen", nor the applicant's own
        lines = [str(m) for m in uow.session.scalars(new.order_by(CaseEvent.id)) if m]
    zienswijzen = (answer.get("samenvatting") or {}).get("ingediende_zienswijzen") or []
    oordeel = str(zienswijzen[-1].get("oordeel") or "") if name == "zienswijze" and zienswijzen else ""
    if oordeel and not any(oordeel in line for line in lines):  # a late one's line says it already
        lines.append(oordeel)
    said = " ".join(dict.fromkeys(line if line.endswith(".") else f"{line}." for line in lines))
    ref = answer.get("zaak", case_key)
    return f"{titel} is geregistreerd bij zaak {ref}. {said}".strip(), case_id
