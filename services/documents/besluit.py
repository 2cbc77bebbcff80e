"""Besluit generation: a draft from a Jinja template per procedure and outcome, and the final PDF.

Templates live in services/documents/templates/besluit/. A municipality replaces any of them by putting a
file with the same relative name in the folder of ``Settings.besluit_templates_dir``. Lookup order for a
case of process ``P`` and outcome ``U``: ``besluit/P/U.html``, then ``besluit/U.html``.

Finalising renders the PDF with WeasyPrint as PDF/A-3b (archival) and stores it as an immutable document
of type besluit through the ordinary upload path (same checks, same audit event).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import Role
from processes.errors import Conflict, Forbidden, ValidationError
from processes.vergunning import controleer_besluit
from services import policy
from services.cases import case_by_key, check_not_paused
from services.clock import today
from services.documents.besluit_afwijking import ADVIEZEN, CONFLICTEN, eis_redenen
from services.documents.besluit_context import (
    BesluitInvoer,
    afwijkpunten,
    build_context,
    missing_fields,
    proposed_voorschriften,
    rechtsmiddel_van,
)
from services.documents.besluit_taak import besluit_gegevens, open_besluit_task, task_besluit_outcomes
from services.documents.service import NewDocument, upload_document
from services.documents.types import BESLUIT
from services.documents.views import seeing_actor
from services.inbox import asker, check_may_complete
from services.platform import Platform
from services.store.models import Case, CaseConflict, Document, HumanTask, User

TEMPLATES = Path(__file__).resolve().parent / "templates"
PDF_VARIANT = "pdf/a-3b"


@lru_cache(maxsize=8)
def template_env(override_dir: str = "") -> Environment:
    loaders = [FileSystemLoader(override_dir)] if override_dir else []
    loaders.append(FileSystemLoader(str(TEMPLATES)))
    return Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True))


def kaart_svg(wkt: str | None, *, width: int = 280, height: int = 200) -> Markup | None:
    """A small SVG of the case geometry (RD New, y flipped), with a 20% margin; None without geometry."""
    if not wkt:
        return None
    from shapely import wkt as shapely_wkt

    geom = shapely_wkt.loads(wkt)
    minx, miny, maxx, maxy = geom.bounds
    span = max(maxx - minx, maxy - miny, 20.0)
    pad = span * 0.2
    view = f"{minx - pad} {-(maxy + pad)} {maxx - minx + 2 * pad or span} {maxy - miny + 2 * pad or span}"
    shape = geom.svg(scale_factor=span / 150, fill_color="#d9534f", opacity=0.6)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="{view}" '
        f'preserveAspectRatio="xMidYMid meet"><rect x="{minx - pad}" y="{-(maxy + pad)}" width="100%" '
        f'height="100%" fill="#f4f4f0"/><g transform="scale(1,-1)">{shape}</g></svg>'
    )


def render_html(process_id: str, ctx: Mapping[str, Any], override_dir: str = "") -> str:
    env = template_env(override_dir)
    template = env.select_template(
        [f"besluit/{process_id}/{ctx['uitkomst']}.html", f"besluit/{ctx['uitkomst']}.html"]
    )
    return template.render(**ctx)


def render_pdf(html: str, auteur: str = "", override_dir: str = "") -> bytes:
    """HTML -> PDF/A-3b bytes (WeasyPrint; fonts from the system, no network); ``auteur``, when given, is
    the PDF's author (a besluit's: its signer, whatever a municipality's template puts in its head). The
    HTML loads files from the shipped templates' folder and ``override_dir`` only (the folder of the
    municipality's templates it was rendered from): services/documents/pdf_resources.py. A relative
    reference (``<img src="logo.png">``) is one in ``override_dir`` when it is given, else in the shipped
    folder (whose templates load nothing)."""
    import weasyprint

    from services.documents.pdf_resources import TemplateFetcher, folder_url

    fetcher = TemplateFetcher(TEMPLATES, override_dir)
    base = folder_url(override_dir or TEMPLATES)
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render()
    if auteur:
        document.metadata.authors = [auteur]
    return bytes(document.write_pdf(pdf_variant=PDF_VARIANT))


def standaard_ondertekenaar(s: Session, username: str) -> tuple[str, str]:
    """Who signs a besluit for which no signer is named: the officer who makes it, who takes the task and
    so holds the mandaat (Awb 10:10), by display name, with the Dutch name of the role as function. An
    account without a display name (none, or its login name: an account made without one gets that, an
    OIDC account's is "id-..."), proposes no name: the besluit then asks one (``eis_ondertekenaar``)."""
    user = s.scalars(select(User).where(User.username == username)).first()
    if user is None:
        return "", ""
    rol = Role(user.role).label.lower() if user.role in set(Role) else user.role
    return (user.display_name if user.display_name not in ("", user.username) else ""), rol


def eis_ondertekenaar(ctx: Mapping[str, Any]) -> None:
    """A final besluit names who signs it in mandaat: 422, nothing stored, when none is named and the
    officer's account has no display name to propose (``standaard_ondertekenaar``)."""
    if not ctx.get("ondertekening"):
        raise ValidationError(
            "Vul de naam in van wie het besluit namens het college ondertekent: uw account heeft geen "
            "weergavenaam die als ondertekenaar kan worden voorgesteld.",
            code="besluit-zonder-ondertekenaar",
            status=422,
            veld="ondertekenaar",
        )


def ondertekenaar_van(platform: Platform, username: str) -> tuple[str, str]:
    """:func:`standaard_ondertekenaar` in its own read (the besluit editor's proposal)."""
    with platform.uow(write=False) as uow:
        return standaard_ondertekenaar(uow.session, username)


def besluit_task_guard(platform: Platform, uitkomst: str, username: str) -> Callable[[Session, Case], None]:
    """The check that ``username`` may make a final besluit with this outcome in the case now: the case
    is not paused, it has an open task in which a besluit is taken (model property ``besluit``, or as an
    older model version implies it: services/documents/besluit_taak.py) that this user may complete
    (the besluit is taken by who takes the task), the outcome is one of that task's, a 'verlenen' has
    every instemming it needs (as the task itself demands), and the editor made no final besluit in that
    task yet (a plain upload, such as a signed scan, is not one: ``StepReads.final_besluit`` reads the
    same). Refuses by raising."""

    def guard(s: Session, case: Case) -> None:
        check_not_paused(case)
        found = open_besluit_task(s, case)
        if found is None:
            raise Conflict(
                f"Zaak {case.reference} heeft nu geen open taak waarin een besluit wordt genomen; een besluit "
                "wordt definitief gemaakt in die taak.",
                code="besluit-geen-besluittaak",
            )
        task, outcomes = found
        check_may_complete(s, platform, task, username)
        if uitkomst not in outcomes:
            raise ValidationError(
                f"Kies de uitkomst van het besluit in de taak '{task.name}': {', '.join(outcomes)}.",
                code="uitkomst-onbekend",
            )
        if uitkomst == "verlenen":  # no permit without its instemming (processes.vergunning)
            data = besluit_gegevens(platform, s, case, task)
            controleer_besluit(uitkomst, data.get("adviseurs"), data.get("adviezen"))
        made = made_in(s, task)
        if made is not None:
            raise Conflict(
                f"In de taak '{task.name}' is het besluit al definitief gemaakt ('{made.titel}'). Rond de taak af "
                "(op de verzenddatum doet de zaak dat zelf); "
                "een genomen besluit wordt gewijzigd of ingetrokken met een nieuw besluit.",
                code="besluit-al-definitief",
            )

    return guard


def made_in(s: Session, task: HumanTask) -> Document | None:
    """The final besluit the editor made in ``task`` (one at most: the guard refuses a second); a plain
    upload of type besluit is not one, nor a besluit made before the task."""
    return s.scalars(
        select(Document)
        .where(*Document.final_besluiten_of(task.case_id), Document.created_at >= task.created_at)
        .order_by(Document.id.desc())
    ).first()


def besluit_made_in_task(platform: Platform, task_id: int) -> dict[str, Any] | None:
    """The final besluit made in the task ``task_id``, as the editor tells it after 'Definitief maken':
    its document (id, titel), the rechtsmiddel it states, and the outcome, voorschriften and motivering it
    holds (the voorschriften and motivering None for a letter made before they were stored); None when
    none was made in that task."""
    with platform.uow(write=False) as uow:
        s = uow.session
        task = s.get(HumanTask, task_id)
        doc = made_in(s, task) if task is not None else None
        if task is None or doc is None:
            return None
        case, rechtsmiddel = s.get(Case, task.case_id), None
        if case is not None and doc.verzenddatum is not None and doc.besluit_uitkomst:
            gegevens = besluit_gegevens(platform, s, case, task)
            rechtsmiddel = rechtsmiddel_van(case, gegevens, doc.besluit_uitkomst, doc.verzenddatum).to_dict()
        return {
            "id": doc.id,
            "titel": doc.titel,
            "rechtsmiddel": rechtsmiddel,
            "uitkomst": doc.besluit_uitkomst,
            "voorschriften": doc.besluit_voorschriften,
            "motivering": doc.besluit_motivering,
        }


def besluit_outcomes_of_task(platform: Platform, task_id: int) -> list[str]:
    """The outcomes of the besluit taken in the task (the task page offers the besluit editor for them);
    empty when it takes none or does not exist."""
    with platform.uow(write=False) as uow:
        task = uow.session.get(HumanTask, task_id)
        return task_besluit_outcomes(uow.session, task) if task is not None else []


def editor_punten(platform: Platform, case_key: int | str) -> list[dict[str, str]]:
    """The points a permit granted in the case's open besluit task would answer, as the besluit editor
    asks a reason for each: its field (``pad``) and Dutch name (services/documents/besluit_afwijking.py)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_key(s, case_key)
        found = open_besluit_task(s, case)
        gegevens = besluit_gegevens(platform, s, case, found[0] if found is not None else None)
        conflicts = s.scalars(select(CaseConflict).where(CaseConflict.case_id == case.id)).all()
        return [{"pad": p.pad, "naam": p.naam} for p in afwijkpunten(conflicts, gegevens)]


def may_take_besluit(s: Session, platform: Platform, case: Case, username: str) -> bool:
    """Whether ``username`` may complete the case's open besluit task: who takes the task takes the
    besluit (its lane decides, e.g. Juridisch for 'buiten behandeling'), and so may draft it too."""
    found = open_besluit_task(s, case)
    return found is not None and policy.may_complete(asker(s, platform, username, [found[0]]), found[0])


def _gather(
    platform: Platform,
    case_key: int | str,
    username: str,
    invoer: BesluitInvoer,
    gegevens: Mapping[str, Any] | None,
    guard: Callable[[Session, Case], None] | None = None,
) -> tuple[str, dict[str, Any]]:
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_key(s, case_key)
        actor = seeing_actor(s, username, case, platform.settings, case_key)
        refused = Forbidden(
            "Alleen een behandelaar of wie de besluittaak mag afronden, mag een besluit opstellen.",
            code="besluit-geen-toegang",
        )
        if actor.party in ("geen", "initiatiefnemer"):  # learns nothing of the case's state
            raise refused
        if guard is not None:  # final: only who may take the besluit task
            guard(s, case)
        elif not (policy.may_handle_documents(actor) or may_take_besluit(s, platform, case, username)):
            raise refused
        conflicts = s.scalars(select(CaseConflict).where(CaseConflict.case_id == case.id)).all()
        if not invoer.ondertekenaar.strip():  # a function typed without a name stays
            naam, functie = standaard_ondertekenaar(s, username)
            functie = invoer.ondertekenaar_functie.strip() or functie
            invoer = replace(invoer, ondertekenaar=naam, ondertekenaar_functie=functie)
        if gegevens is None:
            found = open_besluit_task(s, case)
            gegevens = besluit_gegevens(platform, s, case, found[0] if found is not None else None)
        data = gegevens
        ctx = build_context(case, conflicts, data, invoer, platform.settings)
        ctx["kaart"] = kaart_svg(case.geometry_wkt)
        return case.process_id, ctx


def draft_besluit(
    platform: Platform,
    case_key: int | str,
    username: str,
    invoer: BesluitInvoer,
    gegevens: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The draft as HTML plus what is still missing before it can be made final. Stores nothing.

    ``gegevens``: the workflow data of the 'Besluit nemen' task (aanvraag, adviezen, zienswijzen,
    procedure); None takes the last recorded task data of the case.
    """
    process_id, ctx = _gather(platform, case_key, username, invoer, gegevens)
    html = render_html(process_id, ctx, platform.settings.besluit_templates_dir)
    return {"html": html, "ontbreekt": missing_fields(ctx), "rechtsmiddel": ctx["rechtsmiddel"]}


def finalise_besluit(
    platform: Platform, case_key: int | str, username: str, invoer: BesluitInvoer
) -> dict[str, Any]:
    """Render the final PDF from the case's own data and store it as a definitive document of type besluit.

    Refused, storing nothing, outside an open task that takes a besluit (``besluit_task_guard``, checked
    again under the case's lock when the document is written), when a required field is missing, or when
    the besluitdatum lies ahead (a final besluit is one that was taken). Once stored, the open tasks'
    choices are read again, as after every final letter's upload (services.task_choices).
    """
    guard = besluit_task_guard(platform, invoer.uitkomst, username)
    process_id, ctx = _gather(platform, case_key, username, invoer, None, guard)
    eis_redenen(ctx, invoer)
    eis_ondertekenaar(ctx)
    ontbreekt = missing_fields(ctx)
    if ontbreekt:
        raise ValidationError(
            "Het besluit kan nog niet definitief worden gemaakt. Vul eerst in: " + ", ".join(ontbreekt) + ".",
            code="besluit-onvolledig",
            ontbreekt=ontbreekt,
        )
    vandaag = today(platform.clock)  # a draft may hold any dates; a final one may not
    invoer.eis_volgorde(vandaag)
    invoer.eis_open_rechtsmiddel(ctx["rechtsmiddel"], vandaag)
    eigen = platform.settings.besluit_templates_dir
    pdf = render_pdf(render_html(process_id, ctx, eigen), ctx["ondertekenaar"], eigen)
    meta = NewDocument(
        informatieobjecttype=BESLUIT,
        bestandsnaam=f"besluit-{ctx['zaak']}.pdf",
        titel=f"Besluit ({invoer.uitkomst.replace('_', ' ')}) {ctx['zaak']}",
        auteur=ctx["ondertekenaar"],
        organisatie=platform.settings.gemeente_naam,
        besluitdatum=invoer.besluitdatum,
        verzenddatum=invoer.verzenddatum,
        besluit_uitkomst=invoer.uitkomst,
        # only a permit's letter states voorschriften (the refusals' templates print none)
        besluit_voorschriften=list(invoer.voorschriften) if invoer.uitkomst == "verlenen" else [],
        besluit_motivering=invoer.motivering,
    )
    doc = upload_document(platform, case_key, username, io.BytesIO(pdf), meta, guard=guard)
    return {**doc, "rechtsmiddel": ctx["rechtsmiddel"]}


def finalise_as_given(
    platform: Platform, case_key: int | str, username: str, data: Mapping[str, Any], *, op: date
) -> dict[str, Any]:
    """The besluit letter of a task that takes a besluit, completed by its data (a scenario, the demo's
    history): its outcome (``besluit``, or the task's only outcome), voorschriften and motivering (or
    ``toelichting``) as ``data`` gives them, with the voorschriften the advisers proposed as the editor
    pre-fills them (web/faces/besluit.py), taken and sent on ``op``, each zienswijze answered by reference
    to the motivering, any point it grants over answered by ``afwijking_conflicten`` and
    ``afwijking_adviezen`` (services/documents/besluit_afwijking.py). As ``finalise_besluit``, refused when
    the user may not take it or something is missing. Returns the task's data as its form then shows them
    (without those reasons, which the letter holds): with the letter's voorschriften when it grants the
    permit."""
    with platform.uow(write=False) as uow:
        case = case_by_key(uow.session, case_key)
        found = open_besluit_task(uow.session, case)
        known = besluit_gegevens(platform, uow.session, case, found[0] if found is not None else None)
        declared = found[1] if found is not None else []
    proposed = proposed_voorschriften(known)
    invoer = BesluitInvoer(
        uitkomst=str(data.get("besluit") or (declared[0] if len(declared) == 1 else "")),
        motivering=str(data.get("motivering") or data.get("toelichting") or ""),
        voorschriften=list(dict.fromkeys([*(str(v) for v in data.get("voorschriften") or []), *proposed])),
        besluitdatum=op,
        verzenddatum=op,
        zienswijze_antwoorden=dict.fromkeys(range(1, 101), "Zie de motivering van dit besluit."),
        afwijking_conflicten=dict(data.get(CONFLICTEN) or {}),
        afwijking_adviezen=dict(data.get(ADVIEZEN) or {}),
    )
    finalise_besluit(platform, case_key, username, invoer)
    taak = {k: v for k, v in data.items() if k not in (CONFLICTEN, ADVIEZEN)}
    return {**taak, "voorschriften": list(invoer.voorschriften)} if invoer.uitkomst == "verlenen" else taak
