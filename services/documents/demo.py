"""Demo documents: every demo case gets a generated aanvraagformulier (PDF with a situation map), and the
decided demo cases get their generated besluit. Fictional content only; never real personal data.

Called by ``ruimteflow demo`` through services.demo.SEED_MODULES (after the cases are seeded).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from processes.termijnen.datums import datum_nl
from services.clock import in_nl
from services.documents.besluit import kaart_svg, render_html, render_pdf, template_env
from services.documents.besluit_context import UITKOMSTEN, BesluitInvoer, build_context, college
from services.documents.service import NewDocument, import_document
from services.platform import Platform
from services.store.models import Case, CaseConflict, Document


def _aanvraag_pdf(case: Case) -> bytes:
    html = (
        template_env("")
        .get_template("demo/aanvraag.html")
        .render(
            zaak=case.reference,
            soort=case.procedure,
            titel=case.title,
            aanvrager=case.initiator,
            locatie=case.location_name,
            ontvangen=datum_nl(case.received_on or in_nl(case.created_at).date()),
            kaart=kaart_svg(case.geometry_wkt),
        )
    )
    return render_pdf(html)


def _besluit_pdf(
    platform: Platform, case: Case, conflicts: list[CaseConflict]
) -> tuple[bytes, BesluitInvoer] | None:
    info: dict[str, Any] = case.typed_summary.besluit or {}
    if info.get("besluit") not in UITKOMSTEN or not info.get("datum"):
        return None
    datum = date.fromisoformat(str(info["datum"])[:10])
    invoer = BesluitInvoer(
        uitkomst=str(info["besluit"]),
        motivering=str(info.get("motivering") or "Zie de overwegingen."),
        voorschriften=[str(v) for v in info.get("voorschriften") or []],
        besluitdatum=datum,
        verzenddatum=datum,
    )
    gegevens = {**(case.typed_summary.gegevens or {}), "adviezen": info.get("adviezen") or []}
    ctx = build_context(case, conflicts, gegevens, invoer, platform.settings)
    ctx["kaart"] = kaart_svg(case.geometry_wkt)
    if not ctx["aanvrager"] or not ctx["locatie"]:
        return None
    return render_pdf(render_html(case.process_id, ctx, platform.settings.besluit_templates_dir)), invoer


def met_brief(
    platform: Platform, case_ref: str, user: str, element: str, data: dict[str, Any]
) -> dict[str, Any]:
    """A demo officer completing a task that takes a besluit ("Besluit nemen", "Besluit buiten behandeling
    stellen") first makes its final letter, as the editor does (a besluit is taken by its letter);
    returns the task data, with the letter's voorschriften when it grants the permit."""
    if element not in ("besluit", "buiten_behandeling"):
        return data
    from services.clock import today
    from services.documents.besluit import finalise_as_given

    doc = finalise_as_given(platform, case_ref, user, data, op=today(platform.clock))
    return {**data, "voorschriften": doc["voorschriften"]} if data.get("besluit") == "verlenen" else data


ADVIES_HTML = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Adviesrapport</title>
<style>body{font-family:sans-serif;font-size:11pt} h1{font-size:16pt}</style></head><body>
<h1>Adviesrapport {{ groep }}</h1><p>Zaak {{ zaak }} – {{ titel }}</p>
<p>Wij hebben de aanvraag beoordeeld op de aspecten waarvoor ons advies is gevraagd. Er zijn geen
bezwaren; wij adviseren akkoord. Dit rapport is fictief en gegenereerd voor de demo.</p>
<p>Adviseur: {{ adviseur }}</p></body></html>"""


def adviesrapport(platform: Platform, case_ref: str, groep: str, user: str) -> dict[str, Any]:
    """The advice report a demo adviser adds before completing its advice task (a generated PDF)."""
    from io import BytesIO

    from services.documents.service import upload_document

    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == case_ref)).one()
        titel = case.title
    html = (
        template_env("")
        .from_string(ADVIES_HTML)
        .render(groep=groep, zaak=case_ref, titel=titel, adviseur=user)
    )
    slug = "".join(ch for ch in groep.lower() if ch.isalnum())
    meta = NewDocument(
        informatieobjecttype="advies",
        bestandsnaam=f"advies-{slug}-{case_ref}.pdf",
        titel=f"Adviesrapport {groep}",
        auteur=user,
        organisatie=groep,
    )
    return upload_document(platform, case_ref, user, BytesIO(render_pdf(html)), meta)


def seed_demo(platform: Platform) -> None:
    with platform.uow(write=False) as uow:
        s = uow.session
        demo_cases = list(s.scalars(select(Case).order_by(Case.id)))
        conflicts = {
            c.id: list(s.scalars(select(CaseConflict).where(CaseConflict.case_id == c.id)))
            for c in demo_cases
        }
        with_letter = set(  # decided in the task with its letter (met_brief): nothing to add afterwards
            s.scalars(
                select(Document.case_id).where(
                    Document.informatieobjecttype == "besluit", Document.status == "definitief"
                )
            )
        )
    for case in demo_cases:
        import_document(
            platform,
            case.id,
            _aanvraag_pdf(case),
            NewDocument(
                informatieobjecttype="aanvraagformulier",
                bestandsnaam=f"aanvraag-{case.reference}.pdf",
                titel=f"Aanvraagformulier {case.reference}",
                auteur=case.initiator or "",
                organisatie=case.initiator or "",
                ontvangstdatum=case.received_on,
            ),
        )
        besluit = None if case.id in with_letter else _besluit_pdf(platform, case, conflicts[case.id])
        if besluit is not None:
            pdf, invoer = besluit
            import_document(  # as the besluit editor files it (services.documents.besluit)
                platform,
                case.id,
                pdf,
                NewDocument(
                    informatieobjecttype="besluit",
                    bestandsnaam=f"besluit-{case.reference}.pdf",
                    titel=f"Besluit ({invoer.uitkomst.replace('_', ' ')}) {case.reference}",
                    auteur=college(platform.settings.gemeente_naam, hoofdletter=True),
                    organisatie=platform.settings.gemeente_naam,
                    besluitdatum=invoer.besluitdatum,
                    verzenddatum=invoer.verzenddatum,
                    besluit_uitkomst=invoer.uitkomst,
                ),
            )
