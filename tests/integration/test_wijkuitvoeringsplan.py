"""Wijkuitvoeringsplan end to end with an injected clock: six phases, Wcw order, milestones, warnings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import shapely

from processes.errors import Conflict, ValidationError
from services import cases, deployments
from services.clock import FixedClock
from services.domain import energie
from services.engine.context import current
from services.platform import Platform
from tests.integration.energie_fixtures import (
    WIJK_MODEL,
    WIND_MODELLEN,
    aantal_zaken,
    besluit_bij,
    doe,
    elementen,
    energie_platform,
    inbox_namen,
    laag,
    publiek,
    taak,
    toestand,
    zet_lagen,
)

WIJK = "POLYGON ((190000 445000, 191000 445000, 191000 446000, 190000 446000, 190000 445000))"
FASEN = ["initiatie", "wijkanalyse", "alternatieven", "participatie", "besluitvorming", "uitvoering"]


@pytest.fixture
def wup(platform: Platform) -> Platform:
    return energie_platform(platform, WIJK_MODEL)


def start(platform: Platform, code: str = "WK0101", **extra: Any) -> dict[str, Any]:
    data = {"wijk_code": code, "wijk_naam": "Centrum", "transitievisie_alternatief": "warmtenet", **extra}
    return cases.start_case(
        platform,
        "wijkuitvoeringsplan",
        data,
        user="pim",
        geometry_wkt=WIJK,
        title="Wijkuitvoeringsplan Centrum",
    )


def naar(platform: Platform, ref: str, fase: str, toelichting: str = "") -> dict[str, Any]:
    return doe(platform, ref, "fase_afronden", {"naar_fase": fase, "toelichting": toelichting}, user="pim")


def tot_alternatieven(platform: Platform, voorkeur: str = "warmtenet") -> str:
    ref = start(platform)["zaak"]
    doe(
        platform,
        ref,
        "uitgangspunten",
        {"uitgangspunten": "Aardgasvrij in 2032", "betrokkenen": ["Woonstichting"]},
    )
    naar(platform, ref, "wijkanalyse")
    doe(
        platform,
        ref,
        "analyse_beoordelen",
        {
            "conclusie": "Veel corporatiebezit, dichte bebouwing.",
            "correcties": {
                "aantal_woningen": 800,
                "aandeel_koop": 50,
                "aandeel_sociale_huur": 40,
                "aandeel_particuliere_huur": 10,
            },
        },
    )
    naar(platform, ref, "alternatieven")
    doe(
        platform,
        ref,
        "inbreng_corporatie",
        {"inbreng": "Wij doen mee met 320 woningen.", "woningen_mee": 320},
    )
    doe(platform, ref, "netimpact", {"netimpact": "netverzwaring nodig"})
    doe(platform, ref, "aanbod_warmtebedrijf", {"interesse": True})
    doe(platform, ref, "aquathermie", {"potentie": "midden"})
    doe(
        platform,
        ref,
        "voorkeur_kiezen",
        {"voorkeursalternatief": voorkeur, "motivatie": "Laagste nationale kosten."},
    )
    return ref


def alternatieven_opnieuw(platform: Platform, ref: str, voorkeur: str) -> None:
    """The alternatives phase done again after the plan went back to it: short answers, ``voorkeur``."""
    for element, data in [
        ("inbreng_corporatie", {"inbreng": "x"}),
        ("netimpact", {"netimpact": "congestie"}),
        ("aanbod_warmtebedrijf", {"interesse": False}),
        ("aquathermie", {"potentie": "geen"}),
        ("voorkeur_kiezen", {"voorkeursalternatief": voorkeur, "motivatie": "goedkoper"}),
    ]:
        doe(platform, ref, element, data)


def naar_besluitvorming(platform: Platform, ref: str, activiteit: dict[str, Any] | None = None) -> None:
    """From alternatieven through a finished participatie (with this ``activiteit``) to besluitvorming."""
    naar(platform, ref, "participatie")
    bijwerken = {"activiteit": activiteit, "opt_outs": [], "participatie_afgerond": True}
    doe(platform, ref, "participatie_bijwerken", bijwerken)
    naar(platform, ref, "besluitvorming")


def tot_besluitvorming(platform: Platform) -> str:
    ref = tot_alternatieven(platform)
    avond = {"soort": "informatieavond", "datum": "2026-03-02", "aantal_deelnemers": 85}
    naar_besluitvorming(platform, ref, avond)
    doe(platform, ref, "collegebesluit", {"collegebesluit_op": "2026-03-02", "college_akkoord": True})
    return ref


def raadsbesluit(platform: Platform, ref: str, **gegevens: Any) -> dict[str, Any]:
    """The raad's besluit of 2 March 2026: adopted, all-electric, no omgevingsplanwijziging, unless
    ``gegevens`` says otherwise (a field given as None is left out)."""
    standaard = {
        "raadsbesluit_op": "2026-03-02",
        "vastgesteld": True,
        "gekozen_alternatief": "all_electric",
        "omgevingsplanwijziging": False,
    }
    besluit = {k: v for k, v in (standaard | gegevens).items() if v is not None}
    return doe(platform, ref, "raadsbesluit", besluit)


def raad_en_warmtekavel(platform: Platform, ref: str) -> None:
    """The raad adopts the plan (warmtenet, aardgasvrij in 2032) and the warmtekavel is set."""
    raadsbesluit(
        platform,
        ref,
        gekozen_alternatief="warmtenet",
        omgevingsplanwijziging=True,
        aardgasvrij_op="2032-01-01",
    )
    doe(platform, ref, "warmtekavel", {"warmtekavel_op": "2026-03-02"})


def test_van_initiatie_tot_uitvoering_met_te_late_corporatiemijlpaal(
    wup: Platform, clock: FixedClock
) -> None:
    zaak = start(wup)
    ref = zaak["zaak"]
    fasen = [zaak["fase"]]
    assert zaak["samenvatting"]["wijk_code"] == "WK0101"
    doe(wup, ref, "uitgangspunten", {"uitgangspunten": "Aardgasvrij in 2032"})
    assert taak(wup, ref, "fase_afronden")["naam"] == "Fase initiatie afronden"
    fasen.append(naar(wup, ref, "wijkanalyse")["fase"])
    analyse = cases.get_case(wup, ref)["samenvatting"]["gegevens"]
    assert analyse["wijkanalyse"]["opmerking"] == "geen lagen beschikbaar"
    doe(
        wup,
        ref,
        "analyse_beoordelen",
        {
            "conclusie": "Aantallen uit de BAG-telling.",
            "correcties": {
                "aantal_woningen": 800,
                "aandeel_koop": 50,
                "aandeel_sociale_huur": 40,
                "aandeel_particuliere_huur": 10,
            },
        },
    )
    zaak = naar(wup, ref, "alternatieven")
    fasen.append(zaak["fase"])
    kosten = {a["code"]: a for a in zaak["samenvatting"]["alternatieven"]}
    assert set(kosten) == {"warmtenet", "all_electric", "hybride"}
    assert sorted(elementen(zaak)) == [
        "aanbod_warmtebedrijf",
        "aquathermie",
        "inbreng_corporatie",
        "netimpact",
    ]
    assert {t["lane"] for t in zaak["open_taken"]} == {
        "Woningcorporatie",
        "Warmtebedrijf",
        "Waterschap",
        "Netbeheerder",
    }
    doe(wup, ref, "inbreng_corporatie", {"inbreng": "Wij doen mee met 320 woningen.", "woningen_mee": 320})
    doe(wup, ref, "netimpact", {"netimpact": "netverzwaring nodig"})
    doe(wup, ref, "aanbod_warmtebedrijf", {"interesse": True})
    doe(wup, ref, "aquathermie", {"potentie": "midden"})
    doe(
        wup,
        ref,
        "voorkeur_kiezen",
        {"voorkeursalternatief": "warmtenet", "motivatie": "Laagste nationale kosten."},
    )
    fasen.append(naar(wup, ref, "participatie")["fase"])
    doe(
        wup,
        ref,
        "participatie_bijwerken",
        {
            "activiteit": {"soort": "informatieavond", "datum": "2026-03-02", "aantal_deelnemers": 85},
            "opt_outs": [],
            "participatie_afgerond": False,
        },
    )
    zaak = doe(
        wup,
        ref,
        "participatie_bijwerken",
        {
            "activiteit": {
                "soort": "enquete",
                "datum": "2026-03-02",
                "aantal_deelnemers": 310,
                "respons_pct": 38,
            },
            "opt_outs": [{"gebouw": "0200010000123456", "alternatief": "all_electric"}],
            "participatie_afgerond": True,
        },
    )
    assert zaak["samenvatting"]["participatie"] == {"activiteiten": 2, "opt_outs": 1}
    fasen.append(naar(wup, ref, "besluitvorming")["fase"])
    doe(wup, ref, "collegebesluit", {"collegebesluit_op": "2026-03-02", "college_akkoord": True})
    raad_en_warmtekavel(wup, ref)
    clock.advance(days=14)
    zaak = doe(
        wup, ref, "warmtebedrijf", {"warmtebedrijf": "Warmtebedrijf Centrum", "aangewezen_op": "2026-03-16"}
    )
    assert zaak["samenvatting"]["aardgasvrij_op"] == "2032-01-01"
    zaak = naar(wup, ref, "uitvoering")
    fasen.append(zaak["fase"])
    assert fasen == FASEN
    doe(
        wup,
        ref,
        "planning",
        {
            "mijlpalen": [
                {"naam": "Warmtenet fase 1", "partij": "warmtebedrijf", "uiterlijk": "2028-12-31"},
                {
                    "naam": "Renovatie 320 corporatiewoningen",
                    "partij": "woningcorporatie",
                    "uiterlijk": "2027-06-30",
                    "aantal_woningen": 320,
                },
            ]
        },
        user="pim",
    )
    eerste = taak(wup, ref, "mijlpaal_melden")  # sorted by due date: the corporation first
    assert (eerste["naam"], eerste["kandidaatgroepen"], eerste["vervaldatum"]) == (
        "Mijlpaal gereed melden: Renovatie 320 corporatiewoningen",
        ["Woningcorporatie"],
        "2027-06-30",
    )
    clock.set(datetime(2027, 6, 3, 9, tzinfo=UTC))  # reminder 4 weeks before the due date
    cases.fire_due_timers(wup)
    assert any("Herinnering aan Woningcorporatie" in e["tekst"] for e in cases.get_case(wup, ref)["tijdlijn"])
    clock.set(datetime(2027, 7, 1, 9, tzinfo=UTC))  # the due date has passed
    cases.fire_due_timers(wup)
    zaak = cases.get_case(wup, ref)
    assert "te_laat_bespreken" in elementen(zaak)
    assert zaak["samenvatting"]["mijlpaal_te_laat"]["partij"] == "woningcorporatie"
    assert "Te late mijlpaal bespreken: Renovatie 320 corporatiewoningen" in inbox_namen(wup, "pim")
    doe(
        wup,
        ref,
        "te_laat_bespreken",
        {"afspraak": "Nieuwe datum 1 september, wekelijks overleg."},
        user="pim",
    )
    doe(wup, ref, "mijlpaal_melden", {"gereed_op": "2027-07-01"})
    zaak = doe(wup, ref, "mijlpaal_melden", {"gereed_op": "2027-07-01"})
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == "wijkuitvoeringsplan uitgevoerd"
    assert [(m["naam"], m["te_laat"]) for m in zaak["samenvatting"]["mijlpalen_gereed"]] == [
        ("Renovatie 320 corporatiewoningen", True),
        ("Warmtenet fase 1", False),
    ]
    tijdlijn = publiek(cases.get_case(wup, ref))
    assert "Mijlpaal 'Renovatie 320 corporatiewoningen' gereed op 1 juli 2027, 1 dag te laat." in tijdlijn
    assert "Warmtebedrijf aangewezen op 16 maart 2026: Warmtebedrijf Centrum." in tijdlijn


def test_fase_overslaan_kan_niet_terug_wel(wup: Platform) -> None:
    ref = start(wup)["zaak"]
    doe(wup, ref, "uitgangspunten", {"uitgangspunten": "Start"})
    voor = toestand(wup, ref)
    with pytest.raises(ValidationError) as fout:
        naar(wup, ref, "alternatieven")
    assert fout.value.code == "fase-overgeslagen"
    assert "na 'initiatie' komt eerst 'wijkanalyse'" in fout.value.detail
    assert toestand(wup, ref) == voor
    naar(wup, ref, "wijkanalyse")
    doe(wup, ref, "analyse_beoordelen", {"conclusie": "Te weinig gegevens."})
    zaak = naar(wup, ref, "initiatie", "Uitgangspunten herzien met de corporatie.")
    assert zaak["fase"] == "initiatie" and elementen(zaak) == ["uitgangspunten"]
    assert (
        "Terug naar fase 'initiatie' (van 'wijkanalyse'): Uitgangspunten herzien met de corporatie."
        in publiek(cases.get_case(wup, ref))
    )


def test_warmtebedrijf_voor_de_warmtekavel_wordt_geweigerd(wup: Platform) -> None:
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref, gekozen_alternatief="warmtenet")
    assert "warmtebedrijf" not in elementen(cases.get_case(wup, ref))  # Wcw: the kavel comes first
    doe(wup, ref, "warmtekavel", {"warmtekavel_op": "2026-03-02"})
    besluit_bij(wup, ref, "warmtebedrijf", {"aangewezen_op": "2026-03-02"})  # its signed besluit is there
    voor = toestand(wup, ref)
    for datum in ("2026-03-01", "2026-03-02"):  # before, and on the same day: not strictly after
        with pytest.raises(ValidationError) as fout:
            doe(wup, ref, "warmtebedrijf", {"warmtebedrijf": "Warmte BV", "aangewezen_op": datum})
        assert fout.value.code == "wcw-volgorde"
        assert toestand(wup, ref) == voor


def test_uitvoering_pas_na_vaststelling_door_de_raad(wup: Platform) -> None:
    ref = tot_besluitvorming(wup)
    besluit_bij(wup, ref, "raadsbesluit", {"raadsbesluit_op": "2026-03-02"})
    voor = toestand(wup, ref)
    with pytest.raises(ValidationError) as fout:
        doe(
            wup,
            ref,
            "raadsbesluit",
            {
                "raadsbesluit_op": "2026-03-02",
                "vastgesteld": False,
                "omgevingsplanwijziging": True,
                "aardgasvrij_op": "2026-01-01",
            },
        )
    assert fout.value.code == "aardgasvrij-datum"
    assert toestand(wup, ref) == voor
    raadsbesluit(wup, ref, vastgesteld=False, gekozen_alternatief=None)
    voor = toestand(wup, ref)
    with pytest.raises(ValidationError) as fout:
        naar(wup, ref, "uitvoering")
    assert fout.value.code == "fase-zonder-raadsbesluit"
    assert toestand(wup, ref) == voor
    assert naar(wup, ref, "participatie")["fase"] == "participatie"


def test_opt_out_alleen_voor_een_even_duurzaam_alternatief(wup: Platform) -> None:
    ref = tot_alternatieven(wup)
    naar(wup, ref, "participatie")
    voor = toestand(wup, ref)
    with pytest.raises(ValidationError) as fout:
        doe(
            wup,
            ref,
            "participatie_bijwerken",
            {
                "activiteit": None,
                "participatie_afgerond": False,
                "opt_outs": [{"gebouw": "0200010000123456", "alternatief": "hybride"}],
            },
        )
    assert fout.value.code == "optout-niet-gelijkwaardig"
    assert toestand(wup, ref) == voor


def test_waarschuwing_bij_hybride_subsidie_in_warmtenetwijk_en_vraag_naar_openbare_ruimte(
    wup: Platform,
) -> None:
    ref = tot_alternatieven(wup, voorkeur="warmtenet")
    andere = tot_alternatieven_elders(wup)
    zaak = cases.send_message(
        wup, ref, "subsidieaanvraag", {"soort": "hybride_warmtepomp", "gebouw": "0200010000123456"}
    )
    waarschuwing = taak(wup, ref, "waarschuwing")
    assert waarschuwing["kandidaatgroepen"] == ["Projectleider warmtetransitie"]
    assert "warmtenet" in waarschuwing["reden"]
    cases.send_message(wup, ref, "subsidieaanvraag", {"soort": "isolatie"})  # no warning, still listening
    zaak = cases.send_message(wup, andere, "subsidieaanvraag", {"soort": "hybride_warmtepomp"})
    assert "waarschuwing" not in elementen(zaak)  # all-electric wijk: no warning
    voor = toestand(wup, ref)
    with pytest.raises(ValidationError) as fout:
        cases.send_message(wup, ref, "subsidieaanvraag", {"soort": "hybride_warmtepomp", "bsn": "123456782"})
    assert fout.value.code == "persoonsgegevens"
    assert toestand(wup, ref) == voor
    zaak = cases.send_message(
        wup, ref, "vraag_buiten_energie", {"onderwerp": "speelplaats", "vraag": "Blijft de speeltuin?"}
    )
    vraag = taak(wup, ref, "vraag_beantwoorden")
    assert (vraag["naam"], vraag["kandidaatgroepen"], vraag["instructies"]) == (
        "Vraag over speelplaats beantwoorden",
        ["Openbare Ruimte"],
        "Blijft de speeltuin?",
    )
    doe(wup, ref, "vraag_beantwoorden", {"antwoord": "Ja, de speeltuin blijft."})
    doe(wup, ref, "waarschuwing", {"actie": "Aanvrager gebeld over aansluiten op het warmtenet."}, user="pim")
    assert elementen(cases.get_case(wup, ref)) == ["fase_afronden"]


def tot_alternatieven_elders(platform: Platform) -> str:
    zaak = cases.start_case(
        platform,
        "wijkuitvoeringsplan",
        {"wijk_code": "WK0202", "transitievisie_alternatief": "all_electric"},
        user="pim",
        geometry_wkt=WIJK,
    )
    return str(zaak["zaak"])


def test_een_plan_per_wijk_en_geen_persoonsgegevens(wup: Platform) -> None:
    start(wup)
    with pytest.raises(Conflict) as fout:
        start(wup)
    assert fout.value.code == "wijkplan-bestaat"
    with pytest.raises(ValidationError) as fout2:
        start(wup, code="WK0303", bewoners=[{"naam_bewoner": "J. Jansen", "inkomen": 1}])
    assert fout2.value.code == "persoonsgegevens"
    with pytest.raises(ValidationError):
        cases.start_case(wup, "wijkuitvoeringsplan", {"wijk_code": "WK0404"}, user="pim")  # no geometry
    assert aantal_zaken(wup) == 1


def test_persoonsgegevens_als_deel_van_een_veldnaam_starten_geen_plan(wup: Platform) -> None:
    """Privacy finding 3: the guard matched field names only exactly or as a _prefix/_suffix, so a plan
    started with 'bewoners' holding 'naam', 'adres', 'telefoonnummer' and 'emailadres' was let through
    (and stored). Now a personal word as a part of a field name refuses the start; nothing is stored."""
    bewoners = [{"naam": "A. de Vries", "adres": "Kerkstraat 3", "telefoonnummer": "06-12345678"}]
    for extra in ({"bewoners": bewoners}, {"contact": {"emailadres": "a@example.nl"}}, {"e_mail": "a@b.nl"}):
        with pytest.raises(ValidationError) as fout:
            start(wup, code="WK0303", **extra)
        assert fout.value.code == "persoonsgegevens"
    assert aantal_zaken(wup) == 0
    # a figure about the wijk, its building stock and a thing's name are no personal data (review sessie8)
    wijkanalyse = {
        "eengezinswoningen": 420,
        "bouwleeftijd": "1946-1964",
        "warmtenet_naam": "Warmtenet Centrum",
    }
    start(wup, code="WK0303", aantal_huishoudens=500, huishoudens=800, **wijkanalyse)
    assert aantal_zaken(wup) == 1


def test_alternatieven_zonder_woningaantallen_verandert_niets(wup: Platform) -> None:
    ref = start(wup)["zaak"]
    doe(wup, ref, "uitgangspunten", {"uitgangspunten": "Start"})
    naar(wup, ref, "wijkanalyse")
    doe(wup, ref, "analyse_beoordelen", {"conclusie": "Nog geen telling."})
    voor = toestand(wup, ref)
    with pytest.raises(ValidationError) as fout:
        naar(wup, ref, "alternatieven")
    assert fout.value.code == "alternatieven-geen-woningen"
    assert toestand(wup, ref) == voor


def test_wijkanalyse_uit_kaartlagen(platform: Platform) -> None:
    def locatiecheck(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
        current().conflicts = []  # like the real service: the conflicts of this check replace the old ones
        return {"afdelingen": ["Energie en Klimaat"], "hoogste_ernst": "info", "aantal": 1, "conflicten": []}

    wup = energie_platform(platform, WIJK_MODEL, locatiecheck)
    wijk = shapely.from_wkt(WIJK)
    punten = [shapely.Point(190_100 + i * 80, 445_100 + (i % 10) * 80) for i in range(10)]
    zet_lagen(
        wup,
        {
            "wijken": laag([{"code": "WK0101", "naam": "Centrum"}], [wijk]),
            "woningen": laag(
                [
                    {"eigendom": e, "energielabel": lab}
                    for e, lab in zip(
                        ["koop"] * 5 + ["sociale_huur"] * 4 + ["particuliere_huur"],
                        list("AACCEEGG") + [None, "B"],
                        strict=True,
                    )
                ],
                punten,
            ),
            "warmtenet": laag(
                [{"naam": "Tracé Centrum"}], [shapely.LineString([(190_000, 445_500), (191_000, 445_500)])]
            ),
            "drinkwaterleiding": laag(
                [{"naam": "Hoofdleiding"}], [shapely.LineString([(190_000, 445_501), (191_000, 445_501)])]
            ),
            "netcongestie": laag(
                [{"naam": "Stad", "richting": "afname", "kleur": "rood"}],
                [shapely.box(189_000, 444_000, 192_000, 447_000)],
            ),
        },
    )
    with pytest.raises(ValidationError) as fout:
        start(wup, code="WK9999")
    assert fout.value.code == "wijk-onbekend"
    ref = start(wup)["zaak"]
    doe(wup, ref, "uitgangspunten", {"uitgangspunten": "Start"})
    zaak = naar(wup, ref, "wijkanalyse")
    analyse = zaak["samenvatting"]["wijkanalyse"]
    assert analyse["aantal_woningen"] == 10
    assert analyse["eigendom"] == {"koop": 0.5, "particuliere_huur": 0.1, "sociale_huur": 0.4}
    assert analyse["netcongestie_afname"] == ["rood"]
    assert analyse["ondergrondse_conflicten"] == 1
    assert analyse["warmtenet_potentie"] == "midden"  # 10 homes on 100 ha, but a heat network runs through it
    conflict = [
        c for c in cases.get_case(wup, ref)["conflicten"] if c["regel"] == "wijk-warmteleiding-drinkwater"
    ]
    assert conflict and conflict[0]["afdeling"] == "Drinkwaterbedrijf" and conflict[0]["afstand_m"] == 1.0
    gegevens = zaak["samenvatting"]["gegevens"]["wijkanalyse"]
    assert gegevens["energielabels"] == {"A": 2, "B": 1, "C": 2, "E": 2, "G": 2, "onbekend": 1}
    assert "bsn" not in str(zaak) and "naam_bewoner" not in str(zaak)
    doe(wup, ref, "analyse_beoordelen", {"conclusie": "Klopt met de BAG."})
    zaak = naar(wup, ref, "alternatieven")
    assert {a["code"] for a in zaak["samenvatting"]["alternatieven"]} == {
        "warmtenet",
        "all_electric",
        "hybride",
    }


def test_seed_demo_maakt_plannen_in_elke_fase_en_initiatieven(platform: Platform) -> None:
    p = energie_platform(platform, [*WIND_MODELLEN, *WIJK_MODEL])
    energie.seed_demo(p)
    from services.documents.demo import BESLUIT_TITELS
    from services.store.models import Case, Document

    with p.uow(write=False) as uow:
        rows = uow.session.query(Case.reference, Case.process_id, Case.phase, Case.waiting_for).all()
    assert sorted(r.phase for r in rows if r.process_id == "wijkuitvoeringsplan") == sorted(FASEN)
    wind = [r for r in rows if r.process_id == "windpark"]
    assert len(wind) >= 3
    assert any("wachtlijst netcapaciteit, positie 14" in (r.waiting_for or "") for r in wind)
    gekoppeld = [r.reference for r in wind if cases.get_case(p, r.reference)["gekoppelde_zaken"]]
    assert len(gekoppeld) >= 2
    with p.uow(write=False) as uow:  # the plan in uitvoering keeps the signed besluit of each besluit task
        besluiten = (
            uow.session.query(Document)
            .join(Case, Case.id == Document.case_id)
            .where(Case.phase == "uitvoering", Document.informatieobjecttype == "besluit")
            .all()
        )
    assert sorted(d.titel for d in besluiten) == sorted(BESLUIT_TITELS.values())
    assert all(d.besluitdatum and d.verzenddatum for d in besluiten)
    energie.seed_demo(p)  # idempotent
    assert aantal_zaken(p) == len(rows)
    assert deployments.list_definitions(p)
