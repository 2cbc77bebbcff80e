"""The text of a besluit as a jurist reads it (review besluit14): the receipt it dates, and more.

The case of ``tests/integration/test_besluit.py`` (a regulier permit, received 3 February 2025, made final
and sent on 17 April 2025) is the starting point; each test changes what its finding is about.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from processes.errors import ValidationError
from services.documents.besluit import draft_besluit
from services.store.models import Case, CaseConflict
from tests.integration.test_besluit import GEGEVENS, invoer, zaak  # noqa: F401 (fixture)


def _set(platform, ref, **values):  # type: ignore[no-untyped-def]
    with platform.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == ref).values(**values))
        uow.commit()


def _html(platform, ref, gegevens=GEGEVENS, **kw):  # type: ignore[no-untyped-def]
    return " ".join(draft_besluit(platform, ref, "anna", invoer(**kw), gegevens)["html"].split())


def test_the_besluit_dates_the_permits_own_receipt(platform, zaak):  # noqa: F811
    """Review besluit14, 4: a windpark's permit besluit printed 'Ontvangen 5 januari 2026', the day the
    initiative was registered, while the permit's ontvangstbevestiging said 21 January."""
    _set(platform, zaak["zaak"], deadline_info={"procedure": "regulier", "ontvangen": "2025-02-21"})
    html = _html(platform, zaak["zaak"])
    assert "<td>Ontvangen</td><td>21 februari 2025</td>" in html
    # a besluit cannot be taken before the application it decides on came in
    with pytest.raises(ValidationError) as err:
        _html(platform, zaak["zaak"], besluitdatum=date(2025, 2, 20), verzenddatum=date(2025, 2, 21))
    assert err.value.code == "besluitdatum-voor-ontvangst" and "21 februari 2025" in err.value.detail


def test_a_rule_met_by_several_features_is_one_point_with_their_distances(platform, zaak):  # noqa: F811
    """Review besluit14, 6: a windpark's besluit printed the same conflict paragraph five times, once per
    home within 500 m (at 257 to 493 m)."""
    with platform.uow() as uow:
        case_id = uow.session.query(Case.id).filter(Case.reference == zaak["zaak"]).scalar()
        for feature, afstand in (("w-2", 493.2), ("w-1", 257.4), ("w-3", 301.0)):
            uow.session.add(
                CaseConflict(
                    case_id=case_id,
                    regel="wt-woning-afstand",
                    laag="woningen",
                    feature_id=feature,
                    ernst="blokkerend",
                    afdeling="Milieu",
                    beschrijving="Windturbine binnen 500 m van een woning",
                    bron="Gemeentelijk beleid Ruimtedal",
                    afstand_m=afstand,
                )
            )
        uow.commit()
    html = _html(platform, zaak["zaak"])
    assert html.count("Windturbine binnen 500 m van een woning") == 1
    assert "Dit punt geldt voor drie objecten, op 257 m, 301 m en 493 m." in html
    assert html.count("Woning binnen 400 m van een windturbine") == 1  # the fixture's own, one feature


OW_GEGEVENS = {
    **GEGEVENS,
    "aanvraag": {"activiteiten": ["technische_bouwactiviteit", "omgevingsplanactiviteit_buitenplans"]},
}


def test_a_permit_names_its_legal_basis_per_activity_and_when_it_takes_effect(platform, zaak):  # noqa: F811
    """Review besluit14, 1: a permit besluit named no article of the Omgevingswet and never said when it
    takes effect."""
    html = _html(platform, zaak["zaak"], OW_GEGEVENS)  # sent on Thursday 17 April 2025
    assert "technische bouwactiviteit: de vergunningplicht van artikel 5.1, tweede lid, Omgevingswet" in html
    assert "beoordeeld aan het Besluit bouwwerken leefomgeving" in html
    assert "(BOPA): de vergunningplicht van artikel 5.1, eerste lid, Omgevingswet" in html
    assert "artikel 8.0a, tweede lid, Besluit kwaliteit leefomgeving" in html
    assert (
        "Dit besluit treedt in werking op 18 april 2025, de dag na de dag waarop het is bekendgemaakt "
        "(artikel 16.79, eerste lid, Omgevingswet en artikel 3:40 Algemene wet bestuursrecht)."
    ) in html
    # a refusal names its basis but changes nothing that takes effect
    geweigerd = _html(platform, zaak["zaak"], OW_GEGEVENS, uitkomst="weigeren")
    assert "artikel 5.1, tweede lid, Omgevingswet" in geweigerd
    assert "Inwerkingtreding" not in geweigerd and "treedt in werking" not in geweigerd


def test_a_wabo_permit_keeps_its_wabo_basis_and_waits_for_its_beroepstermijn(platform, zaak):  # noqa: F811
    """An application from before 2024 is decided under the Wabo (Invoeringswet Omgevingswet art. 4.3):
    its besluit cites the Wabo, and prepared with afdeling 3.4 Awb it takes effect after the beroepstermijn
    (Wabo art. 6.1 lid 2 onder b); the Besluiten API gets the same day."""
    from types import SimpleNamespace

    from services.zgw import besluiten

    gegevens = {
        **OW_GEGEVENS,
        "procedure": "uitgebreid",
        "aanvraag": {**OW_GEGEVENS["aanvraag"], "regime": "wabo"},
    }
    html = _html(platform, zaak["zaak"], gegevens, verzenddatum=date(2025, 3, 7))
    assert "artikel 2.1, eerste lid, onder c, Wet algemene bepalingen omgevingsrecht" in html
    assert "Omgevingswet" not in html.split("<h2>Grondslag</h2>")[1].split("<h2>")[0]
    # laid open on 7 March 2025: beroep until Tuesday 22 April 2025 (Easter Monday 21 April)
    assert "treedt in werking op 23 april 2025, de dag na afloop van de termijn voor het instellen" in html
    assert "artikel 6.1, tweede lid, onder b" in html and "artikel 6.1, derde lid" in html
    doc = SimpleNamespace(
        besluitdatum=date(2025, 3, 6),
        creatiedatum=date(2025, 3, 6),
        verzenddatum=date(2025, 3, 7),
        titel="Besluit",
        besluit_uitkomst="verlenen",
    )
    settings = platform.settings
    wabo = besluiten.facts(doc, "B1", "college", settings, regime="wabo", procedure="uitgebreid")  # type: ignore[arg-type]
    ow = besluiten.facts(doc, "B1", "college", settings, regime="omgevingswet", procedure="uitgebreid")  # type: ignore[arg-type]
    assert (wabo.ingangsdatum, ow.ingangsdatum) == (date(2025, 4, 23), date(2025, 3, 8))


def test_the_besluit_writes_its_reasons_and_lists_as_dutch_sentences(platform, zaak):  # noqa: F811
    """Review besluit14, 7: '... omdat aanvullingsverzoek: constructieberekening (artikel 4:15 ...)',
    '... met 4 weken verlengd, omdat advies nog niet binnen', activities joined by commas only."""
    _set(
        platform,
        zaak["zaak"],
        opschorting={
            "periodes": [
                {
                    "van": "2025-02-10",
                    "tot": "2025-02-24",
                    "dagen": 14,
                    "reden": "aanvullingsverzoek: constructieberekening",
                },
                {"van": "2025-03-03", "tot": "2025-03-05", "dagen": 2},
            ]
        },
        verlenging={"duur_weken": 4, "reden": "advies nog niet binnen", "besloten_op": "2025-03-20"},
    )
    gegevens = {
        **GEGEVENS,
        "aanvraag": {
            "activiteiten": [
                "technische_bouwactiviteit",
                "milieubelastende_activiteit",
                "rijksmonumentenactiviteit",
            ]
        },
    }
    html = _html(platform, zaak["zaak"], gegevens)
    assert (
        "(14 dagen) op grond van artikel 4:15 Algemene wet bestuursrecht, omdat wij u hebben gevraagd de aanvraag aan te "
        "vullen (ontbrekend: constructieberekening)."
    ) in html
    assert (
        "(2 dagen) op grond van artikel 4:15 Algemene wet bestuursrecht, omdat wij u hebben gevraagd de aanvraag aan te vullen."
        in html
    )
    assert "met vier weken verlengd. Reden: advies nog niet binnen." in html
    activiteiten = "technische bouwactiviteit, milieubelastende activiteit en rijksmonumentenactiviteit"
    assert f"<td>Activiteiten</td><td>{activiteiten}</td>" in html
    assert f"wordt verleend voor {activiteiten} op de locatie" in html
    assert "omdat aanvullingsverzoek" not in html and "omdat advies" not in html


def test_submitters_are_numbered_as_their_zienswijzen_are(platform, zaak):  # noqa: F811
    """Review besluit14, 7: 'Zienswijze nr. 1 van indiener 2 ... nr. 2 van indiener 1' (a letter received
    earlier, registered later): both numberings now run in the same order."""
    gegevens = {
        **GEGEVENS,
        "procedure": "uitgebreid",
        "zienswijzen": [
            {"nummer": 1, "ontvangen_op": "2026-03-14", "indiener": "J. de Vries", "inhoud": "Te hoog."},
            {"nummer": 2, "ontvangen_op": "2026-03-13", "indiener": "Dorpsbelang", "inhoud": "Verkeer."},
        ],
    }
    html = _html(platform, zaak["zaak"], gegevens, zienswijze_antwoorden={1: "Past.", 2: "Nee."})
    assert "Zienswijze nr. 1 van indiener 1, ontvangen op 14 maart 2026" in html
    assert "Zienswijze nr. 2 van indiener 2, ontvangen op 13 maart 2026" in html
    assert "in de volgorde van hun eerste zienswijze" in html
