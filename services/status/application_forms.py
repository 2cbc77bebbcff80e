"""Public application forms (``/aanvragen/<process_id>``), described as data.

Each form is a list of ``Field``s; ``schema_of`` turns a form into the JSON Schema that
``services.forms.validate`` checks, with the Dutch message per field and rule in ``x-foutmeldingen``.
There is no second validator: the application form and the task forms share one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from processes.email_adres import EMAIL_PATTERN, WHITESPACE_RE2
from processes.errors import NotFound
from processes.nederlands import getal
from processes.vergunning import ACTIVITEITEN
from services.forms import EURO_FORMAT, ONE_LINE, euro_fields
from services.platform import Platform
from services.store.models import ProcessDefinition

MAX_TEXT = 5000
MAX_LINE = 255
#: "://" or "www." (case-insensitive) anywhere: a field shown back as typed holds none (``not``: the form's
#: patterns are read by RE2, which has no lookahead; services/form_patterns.py). The mails repeat such a field
#: only to the verified address of the account that typed it (services.mail.intake_words)
WEB_ADDRESS = r"://|[Ww][Ww][Ww]\."
#: ``EMAIL_PATTERN`` as the e-mail field's ``pattern``, which RE2 reads (services/form_patterns.py): the same
#: addresses, with Python's ``\s`` and ``$`` (which also matches before a last line break) spelled for RE2
EMAIL_FORM_PATTERN = EMAIL_PATTERN.replace(r"\s", WHITESPACE_RE2).removesuffix("$") + r"\n?$"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "tekst"  # tekst | lang | getal | geheel | keuze | meerkeuze | email
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    labels: tuple[str, ...] = ()  # Dutch labels of ``choices`` (same order); empty = the codes themselves
    #: shown back as typed (the name, the title and the address: the status page and the mails, for a case its
    #: typist started at its own verified address, services.mail.intake_words): no web address
    no_links: bool = False
    #: the HTML autocomplete token of a field about the applicant (WCAG 1.3.5): "name", "email"; empty = none
    autocomplete: str = ""
    #: a number that is an amount in euros: its schema says so (``services.forms.EURO_FORMAT``), so the case
    #: file shows it as "€ 250.000"
    euro: bool = False

    def options(self) -> list[tuple[str, str]]:
        return list(zip(self.choices, self.labels or self.choices, strict=False))


@dataclass(frozen=True)
class ApplicationForm:
    process_id: str
    title: str
    intro: str
    fields: tuple[Field, ...]
    initiator_types: tuple[str, ...] = (
        "inwoner",
        "bedrijf",
        "energiecoöperatie",
        "agrarische coöperatie",
        "ontwikkelaar",
        "vereniging of stichting",
    )
    location_required: bool = True
    #: how the map places the location: "punt" (one point or a drawn polygon) or "punten" (several points)
    location_mode: str = "punt"
    #: public map layers shown on the form's map (names of the locatiecheck layers), with a Dutch title
    public_layers: tuple[tuple[str, str], ...] = (
        ("natura2000", "Natura 2000-gebieden"),
        ("bevi_contour", "Risicocontouren (Bevi/Brzo)"),
    )


#: the most points a form's map takes (one per turbine of the windpark form, its ``aantal_turbines``
#: maximum): a drawn location with more is refused before the locatiecheck runs on every point
MAX_LOCATION_POINTS = 200

COMMON_FIELDS = (
    Field(
        "aanvrager",
        "Naam aanvrager",
        required=True,
        help="Uw naam of de naam van uw organisatie.",
        no_links=True,
        autocomplete="name",
    ),
    Field(
        "email",
        "E-mailadres",
        "email",
        required=True,
        help="Voor de ontvangstbevestiging en vragen.",
        autocomplete="email",
    ),
    Field(
        "omschrijving",
        "Naam of korte omschrijving van het plan",
        required=True,
        help="Bijvoorbeeld: 'Windpark De Kamp' of 'Aanbouw achterzijde'.",
        no_links=True,
    ),
    Field("locatie_naam", "Adres of plaatsaanduiding", required=True, no_links=True),
)

APPLICATION_FORMS: dict[str, ApplicationForm] = {
    "omgevingsvergunning": ApplicationForm(
        "omgevingsvergunning",
        "Omgevingsvergunning aanvragen",
        "Vraag een omgevingsvergunning aan voor bouwen, afwijken van het omgevingsplan, een milieubelastende "
        "activiteit of een rijksmonument. U krijgt direct een link waarmee u de behandeling volgt.",
        (
            Field(
                "activiteiten",
                "Activiteiten",
                "meerkeuze",
                required=True,
                choices=tuple(ACTIVITEITEN),
                labels=tuple(ACTIVITEITEN.values()),
                help="Kies alles wat van toepassing is.",
            ),
            Field("toelichting", "Toelichting", "lang", help="Wat wilt u bouwen of doen?"),
            Field(
                "bouwkosten",
                "Geschatte bouwkosten (euro)",
                "getal",
                minimum=0,
                maximum=1e10,
                help="Bijvoorbeeld € 12.500 of 12.500,50.",
                euro=True,
            ),
        ),
    ),
    "windpark": ApplicationForm(
        "windpark",
        "Initiatief voor wind- of zonne-energie melden",
        "Meld een initiatief voor windturbines of een zonnepark. De gemeente bekijkt de locatie, vraagt "
        "transportcapaciteit na bij de netbeheerder en begeleidt de vergunning.",
        (
            Field("soort", "Soort installatie", "keuze", required=True, choices=("wind", "zon")),
            Field("vermogen_mw", "Vermogen (MW)", "getal", required=True, minimum=0.01, maximum=1000),
            Field(
                "aantal_turbines",
                "Aantal turbines",
                "geheel",
                minimum=0,
                maximum=MAX_LOCATION_POINTS,
                help="Bij wind: plaats op de kaart één punt per turbine.",
            ),
            Field(
                "lokaal_eigendom_pct",
                "Lokaal eigendom (%)",
                "getal",
                minimum=0,
                maximum=100,
                help="Het deel dat in handen is van de omgeving (streven: 50%).",
            ),
            Field("toelichting", "Toelichting", "lang"),
        ),
        initiator_types=(
            "energiecoöperatie",
            "ontwikkelaar",
            "agrarische coöperatie",
            "bedrijf",
            "particulier",
        ),
        location_mode="punten",
        public_layers=(
            ("windzone", "Windzones"),
            ("res_zoekgebied", "RES-zoekgebieden"),
            ("natura2000", "Natura 2000-gebieden"),
        ),
    ),
}


def register_application_form(form: ApplicationForm) -> None:
    APPLICATION_FORMS[form.process_id] = form


def application_form(process_id: str) -> ApplicationForm:
    form = APPLICATION_FORMS.get(process_id)
    if form is None:
        raise NotFound(f"Voor '{process_id}' is er geen aanvraagformulier.", code="aanvraag-onbekend")
    return form


def answers(process_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to ``process_id``'s own form fields (not the common ones, which the case row holds) that
    a case's ``data`` holds, by their Dutch label; none without a form (``personen inzage``)."""
    form = APPLICATION_FORMS.get(process_id)
    fields = form.fields if form is not None else ()
    return {f.label: data[f.name] for f in fields if data.get(f.name) not in (None, "", [])}


def euro_fields_of(process_id: str) -> set[str]:
    """The fields of ``process_id``'s application form that are amounts in euros (none without a form)."""
    form = APPLICATION_FORMS.get(process_id)
    return euro_fields(schema_of(form)) if form is not None else set()


def deployed_forms(platform: Platform) -> list[ApplicationForm]:
    """The application forms the public face offers (``/aanvragen``): those of a deployed process."""
    with platform.uow(write=False) as uow:
        deployed = set(uow.session.scalars(select(ProcessDefinition.process_id).distinct()).all())
    return [f for pid, f in sorted(APPLICATION_FORMS.items()) if pid in deployed]


def offered_form(platform: Platform, process_id: str) -> ApplicationForm:
    """The application form of ``process_id`` when the public face offers it (``deployed_forms``), the one
    rule for who applies: the form's page (``/aanvragen/<process_id>``, 404 otherwise) and an account
    outside the municipality that starts a case through the API or the CLI (services.status.applicant).
    NotFound (aanvraag-onbekend) for a process without a form of its own or not deployed."""
    form = application_form(process_id)
    if form not in deployed_forms(platform):
        raise NotFound(f"Voor '{process_id}' is er geen aanvraagformulier.", code="aanvraag-onbekend")
    return form


def _num(value: float | None) -> str:
    if value is None:
        return "…"
    return getal(value, 6, kort=True)


def _property(f: Field) -> dict[str, Any]:
    """The JSON Schema of one field, with its Dutch messages."""
    label = f.label
    if f.kind == "meerkeuze":
        at_least_one = f"Kies ten minste één mogelijkheid bij '{label}'."
        return {
            "type": "array",
            "title": label,
            "items": {"enum": list(f.choices)},
            "uniqueItems": True,
            **({"minItems": 1} if f.required else {}),
            "x-foutmeldingen": {
                "required": at_least_one,
                "minItems": at_least_one,
                "enum": f"Kies alleen uit de mogelijkheden bij '{label}'.",
                "type": f"Kies alleen uit de mogelijkheden bij '{label}'.",
            },
        }
    messages = {"required": f"Vul '{label}' in."}
    prop: dict[str, Any] = {"title": label}
    if f.kind in ("getal", "geheel"):
        prop["type"] = "integer" if f.kind == "geheel" else "number"
        prop.update({k: v for k, v in (("minimum", f.minimum), ("maximum", f.maximum)) if v is not None})
        if f.euro:
            prop["format"] = EURO_FORMAT
        between = f"'{label}' moet tussen {_num(f.minimum)} en {_num(f.maximum)} liggen."
        messages.update(
            type=f"'{label}' moet een {'geheel ' if f.kind == 'geheel' else ''}getal zijn.",
            minimum=between,
            maximum=between,
        )
    else:
        limit = MAX_TEXT if f.kind == "lang" else MAX_LINE
        prop.update(type="string", maxLength=limit)
        if (
            f.kind != "lang"
        ):  # an input of one line: a tab or line break is refused at its field, by its label
            prop[ONE_LINE] = True
        messages["maxLength"] = f"'{label}' mag ten hoogste {limit} tekens hebben."
    if f.kind == "email":
        prop["pattern"] = EMAIL_FORM_PATTERN
        messages["pattern"] = "Dit is geen geldig e-mailadres."
    if f.no_links:
        prop["not"] = {"type": "string", "pattern": WEB_ADDRESS}
        messages["not"] = f"'{label}' mag geen internetadres bevatten."
    if f.kind == "keuze":
        prop["enum"] = list(f.choices)
        messages["enum"] = f"Kies een van de mogelijkheden bij '{label}'."
    prop["x-foutmeldingen"] = messages
    return prop


def values_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    """The JSON Schema of these fields' values, none required (what a given value must be)."""
    return {"type": "object", "properties": {f.name: _property(f) for f in fields}}


def schema_of(form: ApplicationForm) -> dict[str, Any]:
    """The JSON Schema of the application form (the location is checked apart, as a geometry)."""
    fields = (*COMMON_FIELDS, *form.fields)
    props = values_schema(fields)["properties"]
    props["soort_initiatiefnemer"] = {
        "type": "string",
        "title": "Wie doet de aanvraag?",
        "enum": list(form.initiator_types),
        "x-foutmeldingen": {k: "Kies wie de aanvraag doet." for k in ("required", "enum", "type")},
    }
    required = [f.name for f in fields if f.required] + ["soort_initiatiefnemer"]
    return {"type": "object", "properties": props, "required": required}
