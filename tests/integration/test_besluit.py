"""The generated besluit: the draft holds what the case knows, finalising makes an immutable PDF/A."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime

import pypdf
import pytest
from sqlalchemy import select, update

from processes.errors import Conflict, Forbidden, ValidationError
from services import cases, users
from services.documents import add_version, list_documents, open_version
from services.documents.besluit import draft_besluit, finalise_besluit, kaart_svg
from services.documents.besluit_context import BesluitInvoer
from services.store.models import Case, CaseConflict
from tests.integration.document_helpers import at_besluit, make_zaak, state
from tests.recorded_state import prepared

GEGEVENS = {
    "procedure": "regulier",
    "aanvraag": {"activiteiten": ["technische_bouwactiviteit", "omgevingsplanactiviteit"]},
    "adviezen": [
        {
            "groep": "Omgevingsdienst",
            "soort": "advies",
            "oordeel": "akkoord_met_voorschriften",
            "toelichting": "Geluid beperken.",
        }
    ],
}
VOORSCHRIFT = "De geluidwal wordt vóór ingebruikname aangelegd."


def _anna_takes_besluiten(platform):
    """'Besluit nemen' of the test model lies in the lane Juridisch: the one who makes the besluit final
    is one who may complete that task (test_besluit_gate.py); anna, the behandelaar, joins it."""
    users.add_user(platform, "anna", groups=["Vergunningen", "Juridisch"], role="vergunningverlener")


@pytest.fixture
def zaak(platform):
    """A case of ``make_zaak`` at its besluit with the data, dates and a conflict a besluit shows (set up
    once per test process and copied: tests/recorded_state.py)."""
    return prepared(platform, "besluit.zaak", lambda: _zaak(platform))


def _zaak(platform):
    z = make_zaak(platform)
    _anna_takes_besluiten(platform)
    at_besluit(platform, z, GEGEVENS)
    with platform.uow() as uow:
        s = uow.session
        s.execute(
            update(Case)
            .where(Case.reference == z["zaak"])
            .values(
                initiator="Bouwbedrijf De Vries B.V.",
                location_name="Dorpsstraat 12, Ruimtedal",
                geometry_wkt="POLYGON((155000 463000, 155040 463000, 155040 463030, 155000 463030, 155000 463000))",
                received_on=date(2025, 2, 3),
                opschorting={
                    "periodes": [
                        {
                            "van": "2025-02-10",
                            "tot": "2025-02-24",
                            "dagen": 14,
                            "reden": "de bouwtekening ontbrak",
                        }
                    ]
                },
                verlenging={
                    "duur_weken": 6,
                    "reden": "het advies van de omgevingsdienst vergt meer tijd",
                    "besloten_op": "2025-03-20",
                },
            )
        )
        case_id = s.query(Case.id).filter(Case.reference == z["zaak"]).scalar()
        s.add(
            CaseConflict(
                case_id=case_id,
                regel="woning-windturbine-afstand",
                laag="windturbines",
                feature_id="wt-3",
                ernst="waarschuwing",
                afdeling="Milieu",
                beschrijving="Woning binnen 400 m van een windturbine",
                bron="Omgevingsplan Ruimtedal, artikel 5.12",
            )
        )
        uow.commit()
    # the officer makes the besluit final on the day it is sent (its bezwaar term runs from then on)
    platform.clock.set(datetime(2025, 4, 17, 12, tzinfo=UTC))
    return z


def invoer(**kw):
    base = dict(
        uitkomst="verlenen",
        motivering="De aanvraag past binnen het omgevingsplan.",
        voorschriften=[VOORSCHRIFT],
        besluitdatum=date(2025, 4, 16),
        verzenddatum=date(2025, 4, 17),
    )
    base.update(kw)
    return BesluitInvoer(**base)


def test_draft_holds_everything_the_case_knows(platform, zaak):
    before = state(platform)
    draft = draft_besluit(platform, zaak["zaak"], "anna", invoer(), GEGEVENS)
    html = draft["html"]
    for expected in (
        zaak["zaak"],
        "Bouwbedrijf De Vries B.V.",
        "Dorpsstraat 12, Ruimtedal",
        "technische bouwactiviteit en omgevingsplanactiviteit",
        "Woning binnen 400 m van een windturbine",
        "woning-windturbine-afstand",
        "Omgevingsplan Ruimtedal, artikel 5.12",
        "Omgevingsdienst: akkoord met voorschriften",
        "vóór ingebruikname",
        "16 april 2025",
        "17 april 2025",
        "uiterlijk op maandag 2 juni 2025",
        # requested on 10 February: the term stood still from the 11th (Awb 4:15 lid 1) t/m the 24th
        "opgeschort van 11 februari 2025 tot en met 24 februari 2025 (14 dagen) op grond van artikel 4:15 "
        "Algemene wet bestuursrecht. Reden: de bouwtekening ontbrak.",
        "Op 20 maart 2025 is de beslistermijn met zes weken verlengd. Reden: het advies van de omgevingsdienst",
        "<svg",
    ):
        assert expected in html, expected
    assert draft["ontbreekt"] == []
    # 29 May 2025 is Hemelvaartsdag, Friday 30 May is equated with a holiday by KB (Atw art. 3 lid 3)
    assert draft["rechtsmiddel"]["laatste_dag"] == "2025-06-02"
    assert state(platform) == before  # a draft stores nothing


def test_user_text_is_escaped(platform, zaak):
    html = draft_besluit(
        platform, zaak["zaak"], "anna", invoer(voorschriften=["<script>x</script>"]), GEGEVENS
    )["html"]
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html


def test_finalise_stores_an_immutable_pdf_a(platform, zaak):
    doc = finalise_besluit(platform, zaak["zaak"], "anna", invoer())
    assert doc["informatieobjecttype"] == "besluit" and doc["status"] == "definitief"
    assert doc["mime_type"] == "application/pdf" and doc["vertrouwelijkheidaanduiding"] == "beperkt_openbaar"
    _, stream = open_version(platform, doc["id"], "piet")  # the initiator may download it
    with stream:
        pdf = stream.read()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert zaak["zaak"] in text
    assert "geluidwal" in text
    assert "maandag 2 juni 2025" in text
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid" in xmp and b"3" in xmp.split(b"pdfaid:part")[1][:10]  # PDF/A-3
    with pytest.raises(Conflict):
        add_version(platform, doc["id"], "anna", io.BytesIO(pdf + b"%"), bestandsnaam="b.pdf")
    assert [d["id"] for d in list_documents(platform, zaak["zaak"], "piet")] == [doc["id"]]


@pytest.mark.parametrize(
    ("kw", "missing"),
    [
        ({"verzenddatum": None}, "de verzenddatum"),
        ({"besluitdatum": None}, "de besluitdatum"),
        ({"motivering": "  "}, "de motivering"),
    ],
)
def test_finalise_refuses_missing_fields_and_stores_nothing(platform, zaak, kw, missing):
    before = state(platform)
    with pytest.raises(ValidationError) as err:
        finalise_besluit(platform, zaak["zaak"], "anna", invoer(**kw))
    assert err.value.code == "besluit-onvolledig" and missing in err.value.detail
    assert state(platform) == before


def test_uitgebreid_needs_answers_and_gives_beroep(platform, zaak):
    gegevens = {
        **GEGEVENS,
        "procedure": "uitgebreid",
        "zienswijzen": [
            {"nummer": 1, "ontvangen_op": "2025-02-20", "indiener": "Buurtvereniging", "inhoud": "Te hoog."}
        ],
    }
    draft = draft_besluit(platform, zaak["zaak"], "anna", invoer(verzenddatum=date(2025, 3, 7)), gegevens)
    assert draft["ontbreekt"] == ["het antwoord op zienswijze nr. 1"]
    with platform.uow() as uow:  # the case itself records the uitgebreide procedure and the zienswijze
        case = uow.session.scalars(select(Case).where(Case.reference == zaak["zaak"])).one()
        case.summary = dataclasses.replace(case.typed_summary, gegevens=gegevens).to_json()
        uow.commit()
    with pytest.raises(ValidationError, match="zienswijze nr. 1"):
        finalise_besluit(platform, zaak["zaak"], "anna", invoer(verzenddatum=date(2025, 3, 7)))
    antwoord = invoer(verzenddatum=date(2025, 3, 7), zienswijze_antwoorden={1: "De hoogte past in het plan."})
    draft = draft_besluit(platform, zaak["zaak"], "anna", antwoord, gegevens)
    assert draft["ontbreekt"] == [] and "De hoogte past in het plan." in draft["html"]
    assert "ontvangen op 20 februari 2025" in draft["html"] and "2025-02-20" not in draft["html"]
    assert "beroep instellen bij de rechtbank" in draft["html"] and "dinsdag 22 april 2025" in draft["html"]
    assert "6:13" in draft["html"]


def test_buiten_behandeling_always_gives_bezwaar(platform, zaak):
    gegevens = {**GEGEVENS, "procedure": "uitgebreid"}
    draft = draft_besluit(platform, zaak["zaak"], "anna", invoer(uitkomst="buiten_behandeling"), gegevens)
    assert "buiten behandeling gelaten" in draft["html"] and "4:5" in draft["html"]
    assert draft["rechtsmiddel"]["rechtsmiddel"] == "bezwaar"


def test_municipal_template_overrides_the_shipped_one(platform, zaak, tmp_path):
    import dataclasses

    (tmp_path / "eigen" / "besluit").mkdir(parents=True)
    (tmp_path / "eigen" / "besluit" / "verlenen.html").write_text(
        '{% extends "besluit/base.html" %}{% block besluit %}<p>Eigen sjabloon Ruimtedal: {{ zaak }}</p>{% endblock %}'
    )
    eigen = dataclasses.replace(
        platform, settings=platform.settings.with_(besluit_templates_dir=str(tmp_path / "eigen"))
    )
    html = draft_besluit(eigen, zaak["zaak"], "anna", invoer(), GEGEVENS)["html"]
    assert f"Eigen sjabloon Ruimtedal: {zaak['zaak']}" in html
    assert "uiterlijk op maandag 2 juni 2025" in html  # the shipped layout still supplies the rest


def test_only_officers_draft(platform, zaak):
    for user in ("piet", "ria"):
        with pytest.raises(Forbidden):
            draft_besluit(platform, zaak["zaak"], user, invoer(), GEGEVENS)


def test_unknown_outcome():
    with pytest.raises(ValidationError, match="Onbekende uitkomst"):
        BesluitInvoer(uitkomst="misschien")


def test_kaart_svg():
    assert kaart_svg(None) is None
    svg = kaart_svg("POINT(155000 463000)")
    assert svg is not None and svg.startswith("<svg") and "circle" in svg


def test_the_letterhead_keeps_the_municipality_as_written(platform, zaak):
    """Tester finding: Jinja's capitalize lowered the rest: "Gemeente ruimtedal"."""
    html = draft_besluit(platform, zaak["zaak"], "anna", invoer(), GEGEVENS)["html"]
    assert '<div class="gemeente">Gemeente Ruimtedal</div>' in html


def test_a_besluit_is_not_sent_before_it_is_taken_nor_final_before_its_day(platform, zaak):
    """Tester finding: a besluit sent on 20 February but taken on 2 March, or dated in September while
    it is March, was made final."""
    from processes.errors import ValidationError

    before = state(platform)
    sent_first = invoer(besluitdatum=date(2025, 4, 16), verzenddatum=date(2025, 4, 15))
    with pytest.raises(ValidationError) as err:
        finalise_besluit(platform, zaak["zaak"], "anna", sent_first)
    assert err.value.code == "verzending-voor-besluit"
    later = invoer(
        besluitdatum=date(2026, 9, 1), verzenddatum=date(2026, 9, 2)
    )  # the clock says 17 April 2025
    with pytest.raises(ValidationError) as err:
        finalise_besluit(platform, zaak["zaak"], "anna", later)
    assert err.value.code == "besluitdatum-in-toekomst" and "1 september 2026" in err.value.detail
    assert state(platform) == before


def test_the_clause_names_the_college_of_the_municipality_in_good_dutch(platform, zaak):
    """Tester finding: "college van burgemeester en wethouders van gemeente Ruimtedal"."""
    from services.documents.besluit_context import college

    html = draft_besluit(platform, zaak["zaak"], "anna", invoer(), GEGEVENS)["html"]
    assert "bezwaar maken bij het college van burgemeester en wethouders van de gemeente Ruimtedal" in html
    assert "van gemeente Ruimtedal" not in html
    assert college("Ruimtedal") == "het college van burgemeester en wethouders van Ruimtedal"
    assert college("gemeente Ruimtedal", hoofdletter=True).startswith("Het college")


def test_a_final_besluit_is_made_once_in_the_task_that_takes_it(platform):
    """Tester finding: a final besluit could be made at intake, with an outcome the task does not have,
    and again and again in the same task; each became a definitive besluit on the status page."""
    z = make_zaak(platform)
    _anna_takes_besluiten(platform)
    before = state(platform)
    with pytest.raises(Conflict) as err:  # still at 'Aanvraag beoordelen'
        finalise_besluit(platform, z["zaak"], "anna", invoer(besluitdatum=None, verzenddatum=None))
    assert err.value.code == "besluit-geen-besluittaak" and z["zaak"] in err.value.detail
    assert state(platform) == before
    task = at_besluit(platform, z, GEGEVENS)
    with pytest.raises(ValidationError) as err:
        finalise_besluit(platform, z["zaak"], "anna", invoer(uitkomst="buiten_behandeling"))
    assert err.value.code == "uitkomst-onbekend" and "verlenen, weigeren" in err.value.detail
    doc = finalise_besluit(
        platform, z["zaak"], "anna", invoer(besluitdatum=date(2026, 3, 2), verzenddatum=date(2026, 3, 2))
    )
    after_first = state(platform)
    again = invoer(uitkomst="weigeren", besluitdatum=date(2026, 3, 2), verzenddatum=date(2026, 3, 2))
    with pytest.raises(Conflict) as err:
        finalise_besluit(platform, z["zaak"], "anna", again)
    assert err.value.code == "besluit-al-definitief" and doc["titel"] in err.value.detail
    assert state(platform) == after_first
    cases.complete_task(platform, task["id"], "jan", {"besluit": "verlenen"})
    with pytest.raises(Conflict) as err:  # the besluit was taken; the case has no besluit task any more
        finalise_besluit(platform, z["zaak"], "anna", again)
    assert err.value.code == "besluit-geen-besluittaak"


def test_the_final_besluit_is_built_from_the_case_not_from_the_caller(platform, zaak):
    """Tester finding: the API's final call rendered the PDF from 'gegevens' the caller sent, so a
    besluit could cite advices and zienswijzen the case never had."""
    import inspect

    assert "gegevens" not in inspect.signature(finalise_besluit).parameters
    doc = finalise_besluit(platform, zaak["zaak"], "anna", invoer())
    _, stream = open_version(platform, doc["id"], "anna")
    with stream:
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(stream.read())).pages)
    assert "Omgevingsdienst" in " ".join(text.split())  # the advice the case recorded (GEGEVENS)


def test_a_request_answered_the_same_day_is_no_suspension_in_the_besluit(platform, zaak):
    """Tester finding: the besluit said 'opgeschort van 10 februari tot en met 24 februari (14 dagen)'
    (15 days counted so) and listed a request answered on its own day as a suspension of 0 days."""
    periodes = [
        {"van": "2025-02-05", "tot": "2025-02-05", "dagen": 0, "reden": "de situatietekening ontbrak"},
        {"van": "2025-02-10", "tot": "2025-02-24", "dagen": 14, "reden": "de bouwtekening ontbrak"},
    ]
    with platform.uow() as uow:
        uow.session.execute(
            update(Case).where(Case.reference == zaak["zaak"]).values(opschorting={"periodes": periodes})
        )
        uow.commit()
    html = draft_besluit(platform, zaak["zaak"], "anna", invoer(), GEGEVENS)["html"]
    assert "situatietekening" not in html and "(0 dagen)" not in html
    assert "opgeschort van 11 februari 2025 tot en met 24 februari 2025 (14 dagen)" in html


def test_the_besluit_names_the_last_day_the_term_stood_still(platform, zaak):
    """Review termijn16, F1: a period ended by its aanvulling on 24 February stood still up to, not
    including, that day (Awb 4:15 lid 1), so through 23 February (the projection's ``laatste_dag``); a
    request answered the day after stood still no day and is left out."""
    periodes = [
        {"van": "2025-02-05", "tot": "2025-02-06", "dagen": 0, "laatste_dag": "2025-02-05", "reden": "x"},
        {"van": "2025-02-10", "tot": "2025-02-24", "dagen": 13, "laatste_dag": "2025-02-23", "reden": "y"},
    ]
    with platform.uow() as uow:
        uow.session.execute(
            update(Case).where(Case.reference == zaak["zaak"]).values(opschorting={"periodes": periodes})
        )
        uow.commit()
    html = draft_besluit(platform, zaak["zaak"], "anna", invoer(), GEGEVENS)["html"]
    assert "opgeschort van 11 februari 2025 tot en met 23 februari 2025 (13 dagen)" in html
    assert "(0 dagen)" not in html and "6 februari 2025" not in html
