"""Pure permit logic (processes/vergunning.py) and the term state the model keeps (services/domain/termijnen.py)."""

from __future__ import annotations

from datetime import date

import pytest

from processes import vergunning as v
from processes.aanspreekvorm import addresses_reader
from processes.doorzending import doorzending_tekst
from processes.errors import ValidationError
from services.domain import termijnen as t

VANDAAG = date(2026, 3, 2)


def fout(code: str, fn, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.detail
    return info.value.detail


# -- intake ------------------------------------------------------------------------------------


def test_normalised_application_with_defaults() -> None:
    a = v.normaliseer_aanvraag(
        {"activiteiten": ["technische_bouwactiviteit", "technische_bouwactiviteit"]}, vandaag=VANDAAG
    )
    assert a == {
        "ontvangen": "2026-03-02",
        "activiteiten": ["technische_bouwactiviteit"],
        "activiteiten_tekst": "technische bouwactiviteit",
        "buitenplans": False,
        "mer_plichtig": False,
        "bopa_aangewezen": False,
        "regime": "omgevingswet",
        "bevoegd_gezag": "gemeente",
        "behandeldienst": None,
        "behandelgroep": "Vergunningen",
        "onderwerp": "bouwwerk",
    }


def test_milieubelastende_activiteit_goes_to_the_omgevingsdienst_under_mandate() -> None:
    a = v.normaliseer_aanvraag(
        {
            "activiteiten": ["milieubelastende_activiteit", "rijksmonumentenactiviteit"],
            "bevoegd_gezag": "provincie",
        },
        vandaag=VANDAAG,
    )
    assert a["behandeldienst"] == "Omgevingsdienst" and a["behandelgroep"] == "Omgevingsdienst"
    assert a["bevoegd_gezag"] == "provincie"
    assert a["activiteiten_tekst"] == "milieubelastende activiteit en rijksmonumentenactiviteit"
    assert v.bepaal_behandeldienst(["technische_bouwactiviteit"], "ODRU") == "ODRU"


@pytest.mark.parametrize(
    ("data", "code", "tekst"),
    [
        ({"activiteiten": []}, "activiteiten-ontbreken", "ten minste één activiteit"),
        ({"activiteiten": ["kappen"]}, "activiteit-onbekend", "kappen"),
        (
            {"activiteiten": ["technische_bouwactiviteit"], "ontvangen": "2026-03-03"},
            "ontvangen-in-toekomst",
            "3 maart 2026 ligt in de toekomst",
        ),
        (
            {"activiteiten": ["technische_bouwactiviteit"], "ontvangen": "3-3-2026"},
            "ongeldige-datum",
            "JJJJ-MM-DD",
        ),
        (
            {"activiteiten": ["technische_bouwactiviteit"], "regime": "wabo"},
            "wabo-na-2024",
            "vóór 1 januari 2024",
        ),
        ({"activiteiten": ["technische_bouwactiviteit"], "regime": "bouwbesluit"}, "regime-onbekend", "wabo"),
        (
            {"activiteiten": ["technische_bouwactiviteit"], "bevoegd_gezag": "waterschap"},
            "bevoegd-gezag-onbekend",
            "gemeente, provincie of rijk",
        ),
        (
            {"activiteiten": ["technische_bouwactiviteit"], "bopa_aangewezen": True},
            "bopa-zonder-buitenplans",
            "buitenplans",
        ),
        (
            {"activiteiten": ["technische_bouwactiviteit"], "mer_plichtig": "ja"},
            "aanvraag-ongeldig",
            "waar of onwaar",
        ),
    ],
)
def test_bad_applications_are_refused_in_dutch(data, code, tekst) -> None:
    assert tekst in fout(code, v.normaliseer_aanvraag, data, vandaag=VANDAAG)


@pytest.mark.parametrize(
    ("data", "code", "veld"),
    [
        ({"ontvangen": "2023-12-31"}, "regime-ontbreekt", "regime"),
        ({"ontvangen": "2023-12-31", "regime": "omgevingswet"}, "omgevingswet-voor-2024", "ontvangen"),
        ({"ontvangen": "2010-09-30", "regime": "wabo"}, "ontvangen-te-vroeg", "ontvangen"),
        ({"ontvangen": "1900-01-01"}, "ontvangen-te-vroeg", "ontvangen"),
    ],
)
def test_the_receipt_day_decides_the_law(data, code, veld) -> None:
    """Art. 4.3 Invoeringswet Omgevingswet: received before 2024, the Wabo; before 1 October 2010, no case
    of ours (tester finding input 1: both became Omgevingswet cases)."""
    with pytest.raises(ValidationError) as info:
        v.normaliseer_aanvraag({"activiteiten": ["technische_bouwactiviteit"], **data}, vandaag=VANDAAG)
    assert (info.value.code, info.value.extra.get("veld")) == (code, veld)
    ok = {"activiteiten": ["technische_bouwactiviteit"], "ontvangen": "2024-01-01"}
    assert v.normaliseer_aanvraag(ok, vandaag=VANDAAG)["regime"] == "omgevingswet"
    ok = {**ok, "ontvangen": "2010-10-01", "regime": "wabo"}
    assert v.normaliseer_aanvraag(ok, vandaag=VANDAAG)["regime"] == "wabo"


def test_wabo_only_before_2024_and_only_regulier_van_rechtswege() -> None:
    a = v.normaliseer_aanvraag(
        {"activiteiten": ["technische_bouwactiviteit"], "regime": "wabo", "ontvangen": "2023-10-02"},
        vandaag=VANDAAG,
    )
    assert v.van_rechtswege_mogelijk(a, "regulier") is True
    assert v.van_rechtswege_mogelijk(a, "uitgebreid") is False
    assert v.van_rechtswege_mogelijk({"regime": "omgevingswet"}, "regulier") is False


def test_a_wabo_term_ending_in_2024_or_later_grants_nothing_van_rechtswege() -> None:
    """Art. 4.3 Invoeringswet Omgevingswet keeps the Wabo for an application from before 2024 except art.
    3.9 lid 3, first sentence: only a term that ended before 1 January 2024 grants the permit van
    rechtswege. Without the term state (a model of an earlier version) the term from the receipt day."""
    laat = v.normaliseer_aanvraag(
        {"activiteiten": ["technische_bouwactiviteit"], "regime": "wabo", "ontvangen": "2023-12-01"},
        vandaag=VANDAAG,
    )
    assert v.van_rechtswege_mogelijk(laat, "regulier") is False  # 8 weeks: 26 January 2024
    assert v.van_rechtswege_mogelijk(laat, "regulier", {"uiterste_beslisdatum": "2024-01-26"}) is False
    vroeg = {**laat, "ontvangen": "2023-10-02"}
    assert v.van_rechtswege_mogelijk(vroeg, "regulier", {"uiterste_beslisdatum": "2023-11-27"}) is True
    # verdaagd (or opgeschort) into 2024: the day the term ends decides, not the receipt day
    assert v.van_rechtswege_mogelijk(vroeg, "regulier", {"uiterste_beslisdatum": "2024-01-08"}) is False
    assert v.van_rechtswege_mogelijk(vroeg, "regulier", {"uiterste_beslisdatum": "2023-12-29"}) is True


# -- advice routing ----------------------------------------------------------------------------


def test_adviesverzoeken_merge_groups_reasons_and_instemming() -> None:
    locatiecheck = {
        "afdelingen": ["Milieu", "Provincie", "Wonen"],
        "conflicten": [
            {"afdeling": "Milieu", "beschrijving": "Dichtbij woningen"},
            {"afdeling": "Provincie", "beschrijving": "Natura 2000 binnen 1 km"},
        ],
    }
    routes = [
        {"groep": "Milieu", "soort": "advies", "reden": "", "afdeling": "Milieu"},
        {"groep": "Provincie", "soort": "instemming", "reden": "", "afdeling": "Provincie"},
        {"groep": "Milieu", "soort": "advies", "reden": "milieubelastende activiteit", "afdeling": ""},
        {"groep": "Gemeenteraad", "soort": "instemming", "reden": "bindend advies", "afdeling": ""},
    ]
    out = v.adviesverzoeken(locatiecheck, routes)
    assert out == [
        {
            "groep": "Gemeenteraad",
            "soort": "instemming",
            "titel": "Instemming Gemeenteraad",
            "reden": "bindend advies",
        },
        {
            "groep": "Provincie",
            "soort": "instemming",
            "titel": "Instemming Provincie",
            "reden": "locatiecheck: Natura 2000 binnen 1 km",
        },
        {
            "groep": "Milieu",
            "soort": "advies",
            "titel": "Advies Milieu",
            "reden": "locatiecheck: Dichtbij woningen; milieubelastende activiteit",
        },
        # a department no routing row maps still gets asked, under its own name
        {"groep": "Wonen", "soort": "advies", "titel": "Advies Wonen", "reden": "locatiecheck noemt Wonen"},
    ]
    assert v.adviesverzoeken(None, None) == []
    assert v.adviesverzoeken({"afdelingen": []}, []) == []


def test_adviesverzoeken_name_the_areas_of_the_conflicts() -> None:
    """Review gis11 (follow-up of the case file's feature names): the advice request said "Natura 2000 binnen
    1 km" without the area, while which provincie gives its instemming depends on it. The reason names the
    features (at most three, then how many more), never those of an internal conflict."""
    n2k = {"afdeling": "Provincie", "beschrijving": "Natura 2000 binnen 1 km"}
    locatiecheck = {
        "afdelingen": ["Provincie"],
        "conflicten": [
            {**n2k, "feature_naam": "Rijntakken"},
            {**n2k, "feature_naam": "Veluwe"},
            {**n2k, "feature_naam": "Rijntakken"},
            {**n2k, "feature_naam": None},
            {**n2k, "feature_naam": "Geheim", "intern": True},
            {**n2k, "feature_naam": "Uiterwaarden"},
            {**n2k, "feature_naam": "Loenermark"},
        ],
    }
    routes = [{"groep": "Provincie", "soort": "instemming", "reden": "", "afdeling": "Provincie"}]
    [request] = v.adviesverzoeken(locatiecheck, routes)
    assert request["reden"] == (
        "locatiecheck: Natura 2000 binnen 1 km (Rijntakken, Veluwe, Uiterwaarden en 1 meer)"
    )


def test_advies_from_form() -> None:
    a = v.advies_uit_formulier(
        {"groep": "Milieu", "soort": "advies"}, "akkoord_met_voorschriften", "", ["Geluidsscherm", "  "]
    )
    assert a == {
        "groep": "Milieu",
        "soort": "advies",
        "oordeel": "akkoord_met_voorschriften",
        "positief": True,
        "toelichting": "",
        "voorschriften": ["Geluidsscherm"],
    }
    fout("oordeel-onbekend", v.advies_uit_formulier, {"groep": "Milieu"}, "misschien")


# -- decision ----------------------------------------------------------------------------------


ADVISEURS = [{"groep": "Provincie", "soort": "instemming"}, {"groep": "Milieu", "soort": "advies"}]


def test_verlenen_needs_every_instemming() -> None:
    nee = {"groep": "Provincie", "soort": "instemming", "positief": False, "toelichting": "stikstof"}
    ja = {
        "groep": "Provincie",
        "soort": "instemming",
        "positief": True,
        "voorschriften": ["Bouwverkeer via N18"],
    }
    negatief_advies = {"groep": "Milieu", "soort": "advies", "positief": False, "voorschriften": []}
    assert "Provincie heeft de instemming geweigerd (stikstof)" in fout(
        "instemming-geweigerd", v.controleer_besluit, "verlenen", ADVISEURS, [nee]
    )
    assert "ontbreekt" in fout("instemming-ontbreekt", v.controleer_besluit, "verlenen", ADVISEURS, [])
    v.controleer_besluit("weigeren", ADVISEURS, [nee])
    v.controleer_besluit("verlenen", ADVISEURS, [ja, negatief_advies])  # a negative advice does not block
    fout("besluit-onbekend", v.controleer_besluit, "uitstellen", [], [])
    assert v.besluit_voorschriften("verlenen", ["Hekken"], [ja]) == [
        {"tekst": "Hekken", "bron": "besluit"},
        {"tekst": "Bouwverkeer via N18", "bron": "instemming Provincie"},
    ]
    assert v.besluit_voorschriften("weigeren", ["Hekken"], [ja]) == []
    assert v.besluit_tekst("verlenen", 1) == "vergunning verleend met 1 voorschrift"
    assert v.besluit_tekst("verlenen") == "vergunning verleend"
    assert v.besluit_tekst("weigeren", 3) == "vergunning geweigerd"


def test_rechtsmiddel_and_ter_inzage_terms() -> None:
    assert v.rechtsmiddel("regulier", date(2026, 3, 2)) == {
        "soort": "bezwaar",
        "termijn_naam": "bezwaartermijn",
        "van": "2026-03-02",
        "tot": "2026-04-13",
        "tot_tekst": "13 april 2026",
        "per_post_tot": "2026-04-20",  # Awb 6:9 lid 2: a letter posted by 13 April may arrive until then
        "per_post_tot_tekst": "20 april 2026",
    }
    # 6 weeks after 16 March is Koningsdag (27 April): Atw moves it to 28 April
    assert v.rechtsmiddel("uitgebreid", date(2026, 3, 16))["tot"] == "2026-04-28"
    # Awb 3:16 lid 2: the term begins on the day the ontwerp is laid open, so Wednesday 4 March is its
    # first day and Tuesday 14 April its last (not the 15th, a term counted from the day after)
    assert v.ter_inzage_periode(date(2026, 3, 4)) == {
        "van": "2026-03-04",
        "tot": "2026-04-14",
        "tot_tekst": "14 april 2026",
    }
    # laid open on Saturday 11 April: its last day is Friday 22 May (counted from the day after, it
    # would be Saturday 23 May and move past Pinksteren to Tuesday 26 May)
    assert v.ter_inzage_periode(date(2026, 4, 11))["tot"] == "2026-05-22"
    # laid open on Monday 30 March: its last day is Sunday 10 May, which Atw moves to Monday 11 May
    assert v.ter_inzage_periode(date(2026, 3, 30))["tot"] == "2026-05-11"


# -- deadline watch ----------------------------------------------------------------------------


def test_watch_warns_once_per_end_date_then_waits_for_the_end() -> None:
    termijn = {"uiterste_beslisdatum": "2026-04-28", "waarschuwingsdatum": "2026-04-14"}
    assert v.bewaking_plannen(termijn, None, VANDAAG) == {"soort": "waarschuwing", "datum": "2026-04-14"}
    assert v.bewaking_plannen(termijn, "2026-04-28", VANDAAG) == {"soort": "einde", "datum": "2026-04-28"}
    # a later start (or a suspension after the warning date) warns at once
    assert v.bewaking_plannen(termijn, None, date(2026, 4, 20)) == {
        "soort": "waarschuwing",
        "datum": "2026-04-20",
    }
    # a new end date (verdaging) means a new warning
    assert v.bewaking_plannen({"uiterste_beslisdatum": "2026-05-18"}, "2026-04-28", date(2026, 4, 20)) == {
        "soort": "waarschuwing",
        "datum": "2026-05-04",
    }
    assert v.bewaking_plannen(termijn, None, date(2026, 4, 29)) == {"soort": "einde", "datum": "2026-04-28"}


def test_texts_for_the_applicant() -> None:
    aanvraag = {"ontvangen": "2026-03-02", "activiteiten_tekst": "technische bouwactiviteit"}
    tekst = v.ontvangstbevestiging_tekst(aanvraag, "regulier", {"uiterste_beslisdatum": "2026-04-28"})
    assert tekst == (
        "Ontvangstbevestiging: wij hebben uw aanvraag voor een technische bouwactiviteit ontvangen op "
        "2 maart 2026. Wij behandelen haar in de reguliere procedure en beslissen uiterlijk op 28 april 2026."
    )
    assert "Ontbrekend: tekeningen." in v.aanvullingsverzoek_tekst("tekeningen", "2026-03-16")
    assert "uiterlijk 16 maart 2026" in v.aanvullingsverzoek_tekst("", "2026-03-16")


# -- term state (services/domain/termijnen.py, pure functions) ---------------------------------


def test_term_state_suspension_and_extension() -> None:
    s = t.start_termijn("2026-03-02", "regulier", VANDAAG)
    assert s["uiterste_beslisdatum"] == "2026-04-28" and s["waarschuwingsdatum"] == "2026-04-14"
    s = t.start_opschorting(s, 14, VANDAAG, reden="tekening")
    assert s["lopende_opschorting"] == {
        "van": "2026-03-02",
        "tot_uiterlijk": "2026-03-16",
        "tot_uiterlijk_tekst": "16 maart 2026",
        "reden": "tekening",
    }
    assert s["uiterste_beslisdatum"] == "2026-05-11" and s["voorlopig"] is True
    assert "Voorlopig" in s["uitleg"]["stappen"][-2]
    fout("opschorting-loopt-al", t.start_opschorting, s, 7, VANDAAG)
    s = t.einde_opschorting(s, "2026-03-07", date(2026, 3, 9))
    assert s["opschortingen"] == [
        {"van": "2026-03-02", "tot": "2026-03-07", "reden": "tekening", "verstreken": False}
    ]
    # it stood still 3 t/m 6 March and runs again on 7 March, the aanvulling's day (Awb 4:15 lid 1)
    assert s["lopende_opschorting"] is None and s["opgeschorte_dagen"] == 4
    assert s["uiterste_beslisdatum"] == "2026-05-01"
    p = t.projectie(s)
    assert p["opschorting"] == {
        "indicatie": False,
        "reden": "tekening",
        "opgeschorte_dagen": 4,
        "periodes": [
            {
                "van": "2026-03-02",
                "tot": "2026-03-07",
                "dagen": 4,
                "laatste_dag": "2026-03-06",
                "verstreken": False,
                "reden": "tekening",
            }
        ],
    }
    assert p["verlenging"] == {} and p["uiterlijke_einddatum_afdoening"] == "2026-05-01"
    s = t.verdaag(s, 6, date(2026, 4, 1), reden="advies")
    assert s["uiterste_beslisdatum"] == "2026-06-12"
    assert t.projectie(s)["verlenging"] == {"duur_weken": 6, "reden": "advies", "besloten_op": "2026-04-01"}
    assert "al eenmaal verdaagd" in fout(
        "verdaging-al-gebruikt", t.verdaag, s, 1, date(2026, 4, 2), reden="x"
    )


def test_term_state_refusals() -> None:
    s = t.start_termijn("2026-03-02", "regulier", VANDAAG)
    fout("geen-aanvulling-gevraagd", t.einde_opschorting, s, "2026-03-05", VANDAAG, zaak="Z-1")
    fout("aanvullingstermijn-ongeldig", t.start_opschorting, s, 0, VANDAAG)
    fout("aanvullingstermijn-ongeldig", t.start_opschorting, s, "14", VANDAAG)
    fout("datum-in-toekomst", t.start_opschorting, s, 14, VANDAAG, verzonden_op="2026-03-05")
    lopend = t.start_opschorting(s, 14, date(2026, 3, 5), verzonden_op="2026-03-04")
    fout("opschorting-omgekeerd", t.einde_opschorting, lopend, "2026-03-03", date(2026, 3, 5))
    fout("datum-in-toekomst", t.einde_opschorting, lopend, "2026-03-06", date(2026, 3, 5))
    # a late supplement (after the aanvullingstermijn) ends the suspension on its last day
    assert t.einde_opschorting(lopend, "2026-03-30", date(2026, 3, 30))["opgeschorte_dagen"] == 14
    eerst = t.einde_opschorting(lopend, "2026-03-10", date(2026, 3, 10))  # stood still 5 t/m 9 March
    fout("opschorting-overlapt", t.start_opschorting, eerst, 7, date(2026, 3, 12), verzonden_op="2026-03-08")
    fout("verdaging-te-lang", t.verdaag, s, 7, VANDAAG, reden="x")
    fout("verdaging-zonder-reden", t.verdaag, s, 2, VANDAAG, reden=" ")
    fout("verdaging-te-laat", t.verdaag, s, 2, date(2026, 4, 29), reden="x")
    fout("ontvangen-in-toekomst", t.start_termijn, "2026-03-03", "regulier", VANDAAG)
    fout("onbekende-procedure", t.start_termijn, "2026-03-02", "versneld", VANDAAG)


def test_the_same_texts_for_every_other_reader_are_in_the_third_person() -> None:
    aanvraag = {"ontvangen": "2026-03-02", "activiteiten_tekst": "technische bouwactiviteit"}
    termijn = {"uiterste_beslisdatum": "2026-04-28"}
    forward = {"op": "2026-03-03", "naar": "Gedeputeerde Staten van Gelderland", "gezag_naam": "de provincie"}
    applicants = (
        v.ontvangstbevestiging_tekst(aanvraag, "regulier", termijn),
        v.aanvullingsverzoek_tekst("tekeningen", "2026-03-16"),
        doorzending_tekst(forward),
    )
    assert all(addresses_reader(t) for t in applicants)
    assert v.ontvangstbevestiging_tekst(aanvraag, "regulier", termijn, voor_derden=True) == (
        "Ontvangstbevestiging: de gemeente heeft de aanvraag voor een technische bouwactiviteit ontvangen op "
        "2 maart 2026. Zij behandelt haar in de reguliere procedure en beslist uiterlijk op 28 april 2026."
    )
    assert v.aanvullingsverzoek_tekst("tekeningen", "2026-03-16", voor_derden=True) == (
        "De aanvraag is niet compleet. Ontbrekend: tekeningen. De aanvrager kan haar uiterlijk 16 maart 2026 "
        "aanvullen. Tot de aanvulling binnen is, staat de beslistermijn stil."
    )
    assert doorzending_tekst(forward, voor_derden=True) == (
        "De aanvraag is op 3 maart 2026 doorgezonden naar Gedeputeerde Staten van Gelderland. Voor deze "
        "aanvraag is de provincie bevoegd gezag, niet de gemeente (artikel 2:3 van de Algemene wet "
        "bestuursrecht). Gedeputeerde Staten van Gelderland behandelt de aanvraag verder en beslist erover; de "
        "gemeente neemt er geen besluit op."
    )
