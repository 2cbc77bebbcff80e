"""Demo documents: every demo case gets a generated aanvraagformulier (PDF with a situation map), a demo
adviser its advice report, and a demo officer makes the besluit letter in the task that takes it.
Fictional content only; never real personal data.

Called by the demo seeders as they start each case (``aanvraagformulier``) and act in its tasks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from processes.termijnen.datums import datum_nl
from processes.warmte_besluit import BESLUIT_TAKEN
from services.clock import in_nl
from services.documents.besluit import kaart_svg, render_pdf, template_env
from services.documents.service import NewDocument, import_document
from services.platform import Platform
from services.store.models import Case


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

    if element == "besluit":
        data = zoals_de_zaak(platform, case_ref, data)
    return finalise_as_given(platform, case_ref, user, data, op=today(platform.clock))


#: what the demo officer states when it grants over an open blokkerend conflict, per rule (fictional), and
#: the voorschrift that reason rests on
AFWIJKING = {
    "wt-woning-afstand": (
        "Het akoestisch onderzoek en de slagschaduwberekening bij de aanvraag tonen aan dat de woningen "
        "binnen 500 m aan de gemeentelijke normen voor geluid en slagschaduw voldoen, mits de turbine "
        "wordt stilgezet zoals voorgeschreven.",
        "De windturbine wordt stilgezet zodra bij een woning binnen 500 m slagschaduw optreedt of de "
        "geluidnorm wordt overschreden.",
    ),
}
AFWIJKING_ANDERS = (
    "Het onderzoek bij de aanvraag toont aan dat dit punt met de voorschriften van dit besluit aanvaardbaar is.",
    "",
)
BUITENPLANS = {
    "verlenen": "De aanvraag is in strijd met het omgevingsplan. Wij verlenen de vergunning voor de "
    "buitenplanse omgevingsplanactiviteit, omdat het project in overeenstemming is met een evenwichtige "
    "toedeling van functies aan locaties.",
    "weigeren": "De aanvraag is in strijd met het omgevingsplan, en een buitenplanse afwijking ervan past "
    "niet in een evenwichtige toedeling van functies aan locaties.",
}
BINNENPLANS = {
    "verlenen": "Past binnen het omgevingsplan.",
    "weigeren": "Past niet binnen het omgevingsplan.",
}


def zoals_de_zaak(platform: Platform, case_ref: str, data: dict[str, Any]) -> dict[str, Any]:
    """The demo officer's besluit as its case stands (review besluit14): a motivering, when ``data`` has
    none, that says a buitenplanse omgevingsplanactiviteit departs from the omgevingsplan, and when it
    grants a reason per open blokkerend conflict or negative advice, with the voorschrift it rests on."""
    from services.documents.besluit_afwijking import ADVIEZEN, CONFLICTEN
    from services.documents.besluit_context import afwijkpunten
    from services.documents.besluit_taak import besluit_gegevens, open_besluit_task
    from services.store.models import CaseConflict

    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == case_ref)).one()
        found = open_besluit_task(s, case)
        gegevens = besluit_gegevens(platform, s, case, found[0] if found is not None else None)
        punten = afwijkpunten(
            s.scalars(select(CaseConflict).where(CaseConflict.case_id == case.id)).all(), gegevens
        )
    uitkomst = str(data.get("besluit") or "verlenen")
    aanvraag = gegevens.get("aanvraag") if isinstance(gegevens.get("aanvraag"), dict) else {}
    buiten = "omgevingsplanactiviteit_buitenplans" in (aanvraag or {}).get("activiteiten", [])
    out = {
        **data,
        "motivering": data.get("motivering") or (BUITENPLANS if buiten else BINNENPLANS).get(uitkomst, ""),
    }
    if uitkomst != "verlenen":
        return out
    redenen: dict[str, dict[str, str]] = {CONFLICTEN: {}, ADVIEZEN: {}}
    voorschriften = list(data.get("voorschriften") or [])
    for punt in punten:
        reden, voorschrift = AFWIJKING.get(punt.sleutel, AFWIJKING_ANDERS)
        redenen[punt.veld][punt.sleutel] = reden
        voorschriften += [voorschrift] if voorschrift else []
    return {**out, **redenen, "voorschriften": voorschriften}


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


#: the signed besluit a demo officer adds in each task of a wijkuitvoeringsplan that takes one (its title)
BESLUIT_TITELS = {
    "collegebesluit": "Collegebesluit wijkuitvoeringsplan",
    "raadsbesluit": "Raadsbesluit wijkuitvoeringsplan",
    "warmtekavel": "Besluit vaststelling warmtekavel",
    "warmtebedrijf": "Besluit aanwijzing warmtebedrijf",
}
BESLUIT_HTML = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ titel }}</title>
<style>body{font-family:sans-serif;font-size:11pt} h1{font-size:16pt}</style></head><body>
<h1>{{ titel }}</h1><p>Zaak {{ zaak }} – {{ zaaktitel }}</p><p>Genomen op {{ datum }}.</p>
<p>Dit besluit is fictief en gegenereerd voor de demo; het is geen echt besluit van een gemeente.</p>
<p>Tegen dit besluit kan een belanghebbende binnen zes weken na de bekendmaking bezwaar maken of beroep
instellen, zoals de wet dat regelt (fictieve rechtsmiddelenclausule).</p></body></html>"""


def ondertekend_besluit(
    platform: Platform, case_ref: str, user: str, element: str, data: dict[str, Any]
) -> dict[str, Any]:
    """The signed besluit (a generated, clearly fictional PDF) a demo officer adds to the case file before
    completing a wijkuitvoeringsplan task that takes it (the task requires it: model property
    ``documenten``), taken and sent on the day its form ``data`` states."""
    from io import BytesIO

    from services.documents.service import upload_document

    dag = date.fromisoformat(str(data[BESLUIT_TAKEN[element]]))
    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == case_ref)).one()
        zaaktitel = case.title
    titel = BESLUIT_TITELS[element]
    html = (
        template_env("")
        .from_string(BESLUIT_HTML)
        .render(titel=titel, zaak=case_ref, zaaktitel=zaaktitel, datum=datum_nl(dag))
    )
    meta = NewDocument(
        informatieobjecttype="besluit",
        bestandsnaam=f"{element}-{case_ref}-{dag.isoformat()}.pdf",
        titel=titel,
        auteur=user,
        besluitdatum=dag,
        verzenddatum=dag,
    )
    return upload_document(platform, case_ref, user, BytesIO(render_pdf(html)), meta)


def aanvraagformulier(platform: Platform, case_ref: str) -> None:
    """The generated aanvraagformulier of a demo case, stored when the case starts (as an application
    arrives with its form): before anything the case later rests on, its besluit letter above all."""
    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == case_ref)).one()
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
