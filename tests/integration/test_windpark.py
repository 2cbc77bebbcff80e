"""Windpark / zonnepark with the transportverzoek as a called process, end to end with an injected clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shapely
from sqlalchemy import select

from processes.errors import Conflict, ValidationError
from services import cases, deployments
from services.clock import FixedClock
from services.platform import Platform
from tests.integration.energie_fixtures import (
    BPMN,
    GEMEENTE,
    ROOT,
    WIJK_MODEL,
    WIND_MODELLEN,
    aantal_zaken,
    doe,
    elementen,
    energie_platform,
    laag,
    locatiecheck_met,
    publiek,
    taak,
    toestand,
    zet_lagen,
)


@pytest.fixture
def wp(platform: Platform) -> Platform:
    return energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Milieu"))


def turbines(n: int, x: float = 190_000, y: float = 445_000) -> str:
    return "MULTIPOINT (" + ", ".join(f"({x + i * 400} {y})" for i in range(n)) + ")"


def start(
    platform: Platform, mw: float, n: int = 1, geometry: str | None = None, **extra: Any
) -> dict[str, Any]:
    data = {
        "naam": f"Windpark {mw:g} MW",
        "soort": "wind",
        "vermogen_mw": mw,
        "aantal_turbines": n,
        "initiatiefnemer_type": "energiecoöperatie",
        "lokaal_eigendom_pct": 60,
        **extra,
    }
    return cases.start_case(
        platform,
        "windpark",
        data,
        user="pim",
        geometry_wkt=geometry or turbines(n),
        title=data["naam"],
        initiator="Energiecoöperatie Test",
        initiator_type="energiecoöperatie",
    )


def participatie(platform: Platform, zaak: str, pct: float = 40) -> dict[str, Any]:
    return doe(
        platform,
        zaak,
        "participatie",
        {
            "bijeenkomsten": [{"datum": "2026-03-01", "soort": "informatieavond", "deelnemers": 42}],
            "bezwaren": 3,
            "lokaal_eigendom_pct": pct,
            "register_afgesloten": True,
        },
    )


def test_gemeente_bevoegd_van_intake_tot_vergunning_en_netcapaciteit(wp: Platform) -> None:
    zaak = start(wp, 4.2)
    ref = zaak["zaak"]
    s = zaak["samenvatting"]
    assert (s["bevoegd_gezag"], s["vermogen_mw"], s["initiatiefnemer_type"]) == (
        "gemeente",
        4.2,
        "energiecoöperatie",
    )
    assert zaak["fase"] == "advies"
    advies = taak(wp, ref, "advies")
    assert advies["kandidaatgroepen"] == ["Milieu"] and "Milieu" in advies["reden"]
    # the reason names the adviser's own conflicts and their rule, not the case's total (DOMAIN.md)
    assert advies["reden"] == (
        "De locatiecheck vond voor Milieu 1 conflict(en), hoogste ernst waarschuwing: windturbine (regel test-Milieu)"
    )
    # 10 working days (Atw) after Monday 2 March 2026
    assert "wacht op antwoord netbeheerder (uiterlijk 16 maart 2026)" in zaak["wacht_op"]
    doe(wp, ref, "advies", {"advies": "positief met voorwaarden"})
    zaak = participatie(wp, ref, pct=40)
    assert zaak["samenvatting"]["participatie"] == {
        "bezwaren": 3,
        "lokaal_eigendom_pct": 40.0,
        "ambitie_pct": 50.0,
        "ambitie_gehaald": False,
    }  # recorded, not enforced
    assert zaak["fase"] == "vergunning"
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    zaak = doe(wp, ref, "beoordelen", {"besluit": "verlenen"})  # inside the called omgevingsvergunning
    assert zaak["status"] == "lopend" and zaak["houder"] == "Netbeheerder"
    zaak = cases.send_message(
        wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"}
    )  # inside transportverzoek
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == "omgevingsvergunning: verlenen; netcapaciteit: capaciteit"
    tijdlijn = publiek(cases.get_case(wp, ref))
    assert "Informatieavond gehouden op 1 maart 2026 (42 deelnemers)." in tijdlijn
    assert "De netbeheerder biedt transportcapaciteit aan." in tijdlijn


def test_provincie_bevoegd_gemeente_adviseert_en_wacht_op_besluit_extern(wp: Platform) -> None:
    zaak = start(wp, 12.6, 3)
    ref = zaak["zaak"]
    assert zaak["samenvatting"]["bevoegd_gezag"] == "provincie"
    assert zaak["samenvatting"]["extern_bevoegd_gezag"] == "Gedeputeerde Staten van Gelderland"
    assert any(
        "Bevoegd gezag: provincie (Gedeputeerde Staten van Gelderland)" in t
        for t in publiek(cases.get_case(wp, ref))
    )
    voor = toestand(wp, ref)
    with pytest.raises(Conflict):  # the case does not wait for the external decision yet
        cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend"})
    assert toestand(wp, ref) == voor
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    assert "vergunning_voorbereiden" not in elementen(cases.get_case(wp, ref))
    zaak = doe(
        wp,
        ref,
        "advies_extern",
        {"advies": "positief met voorwaarden", "toelichting": "Slagschaduw beperken."},
    )
    assert zaak["fase"] == "besluit extern"
    assert "besluit van Gedeputeerde Staten van Gelderland" in zaak["wacht_op"]
    voor = toestand(wp, ref)
    with pytest.raises(ValidationError) as fout:
        cases.send_message(wp, ref, "besluit_extern", {"besluit": "misschien"})
    assert fout.value.code == "besluit-ongeldig"
    assert toestand(wp, ref) == voor
    cases.send_message(
        wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02", "kenmerk": "GS-2026-17"}
    )
    zaak = cases.send_message(
        wp, ref, "netbeheerder_antwoord", {"uitkomst": "alternatief", "alternatief": "non_firm_tijdsblok"}
    )
    assert (
        taak(wp, ref, "alternatief_bespreken")["reden"]
        == "De netbeheerder biedt non-firm transportrecht (tijdsblokgebonden)"
    )
    zaak = doe(wp, ref, "alternatief_bespreken", {"geaccepteerd": True})
    assert zaak["status"] == "afgerond"
    assert (
        zaak["samenvatting"]["resultaat"]
        == "besluit Gedeputeerde Staten van Gelderland: verleend; netcapaciteit: alternatief"
    )
    assert zaak["samenvatting"]["besluit_extern"]["kenmerk"] == "GS-2026-17"


@pytest.mark.parametrize(
    ("mw", "n", "gezag"),
    [
        (4.99, 1, "gemeente"),
        (5, 1, "provincie"),
        (99.9, 20, "provincie"),
        (100, 20, "Rijk"),  # Elektriciteitswet 1998 art. 9b: rijkscoördinatie from (ten minste) 100 MW
        (100.01, 20, "Rijk"),
        (100.1, 20, "Rijk"),
    ],
)
def test_bevoegd_gezag_uit_de_beslistabel(wp: Platform, mw: float, n: int, gezag: str) -> None:
    assert start(wp, mw, n)["samenvatting"]["bevoegd_gezag"] == gezag


def test_een_eerder_gedeployde_beslistabel_blijft_werken_tot_de_nieuwe_versie(platform: Platform) -> None:
    """The table of windpark versions deployed before the boundary at (ten minste) 100 MW reads
    ``rijk_boven_mw``: a case started on such a version still gets its authority (the old rule) instead
    of failing, until the new models are deployed."""
    oud = ROOT / "tests" / "fixtures" / "bpmn" / "bevoegd-gezag_rijk_boven.dmn"
    modellen = [oud if Path(m).name == "bevoegd-gezag.dmn" else m for m in WIND_MODELLEN]
    wp = energie_platform(platform, modellen, locatiecheck_met("Milieu"))
    assert start(wp, 50, 10)["samenvatting"]["bevoegd_gezag"] == "provincie"
    assert start(wp, 120, 12)["samenvatting"]["bevoegd_gezag"] == "Rijk"


def test_transportverzoek_te_laat_herinnering_escalatie_en_wachtlijst(
    wp: Platform, clock: FixedClock
) -> None:
    ref = start(wp, 8.0, 2)["zaak"]
    clock.set(clock.now().replace(day=17))  # Tuesday 17 March: the 10 working days ended on the 16th
    cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    assert "termijn verstreken op 16 maart 2026, herinnering verstuurd" in zaak["wacht_op"]
    assert zaak["samenvatting"]["netcapaciteit"]["escalatie_op"] == "2026-03-24"
    clock.set(clock.now().replace(day=25))
    cases.fire_due_timers(wp)
    escalatie = taak(wp, ref, "escaleren")
    assert (
        escalatie["kandidaatgroepen"] == ["Energie en Klimaat"] and escalatie["vervaldatum"] == "2026-04-01"
    )
    # the answer arrives while the escalation task is open: the task lapses, the answer is processed
    zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 14})
    assert "escaleren" not in elementen(zaak)
    assert "wachtlijst netcapaciteit, positie 14" in zaak["wacht_op"]
    assert zaak["samenvatting"]["netcapaciteit"]["positie"] == 14
    voor = toestand(wp, ref)
    with pytest.raises(ValidationError) as fout:
        cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst"})
    assert fout.value.code == "netantwoord-positie"
    assert toestand(wp, ref) == voor
    zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 9})
    assert "wachtlijst netcapaciteit, positie 9" in zaak["wacht_op"]
    assert "Wachtlijstpositie gewijzigd van 14 naar 9 (bericht van de netbeheerder)." in publiek(
        cases.get_case(wp, ref)
    )


def test_losse_transportverzoek_eindigt_op_de_wachtlijst(wp: Platform, clock: FixedClock) -> None:
    zaak = cases.start_case(wp, "transportverzoek", {"vermogen_mva": 2.5, "richting": "afname"}, user="pim")
    ref = zaak["zaak"]
    assert zaak["fase"] == "netaansluiting" and zaak["houder"] == "Netbeheerder"
    zaak = cases.send_message(
        wp,
        ref,
        "netbeheerder_antwoord",
        {"uitkomst": "wachtlijst", "positie": 14, "congestiegebied": "Stad-Oost"},
    )
    assert (zaak["wacht_op"], zaak["houder"], zaak["open_taken"]) == (
        "wachtlijst netcapaciteit, positie 14; de gemeente vraagt de netbeheerder op 2 maart 2027 opnieuw "
        "naar de positie",
        "Netbeheerder",
        [],
    )
    assert zaak["samenvatting"]["netcapaciteit"]["status"] == "wachtlijst"
    clock.advance(days=366)
    cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    assert zaak["wacht_op"] == (
        "wachtlijst netcapaciteit, positie 14; de gemeente vraagt de netbeheerder op 2 maart 2028 opnieuw "
        "naar de positie"
    )
    assert any("Jaarlijkse navraag" in e["tekst"] for e in zaak["tijdlijn"])


def test_antwoord_na_escalatie_in_losse_transportverzoek(wp: Platform, clock: FixedClock) -> None:
    ref = cases.start_case(wp, "transportverzoek", {"vermogen_mva": 30, "richting": "invoeding"}, user="pim")[
        "zaak"
    ]
    verzoek = cases.get_case(wp, ref)["samenvatting"]["netcapaciteit"]
    assert (
        verzoek["antwoord_uiterlijk"] == "2026-04-30"
    )  # above 10 MVA: 40 working days (data, nog te verifiëren)
    clock.set(clock.now().replace(month=5, day=1))
    cases.fire_due_timers(wp)
    clock.set(clock.now().replace(day=12))
    cases.fire_due_timers(wp)
    zaak = doe(wp, ref, "escaleren", {"contact": "Gebeld met accountmanager; antwoord volgt deze week."})
    assert zaak["wacht_op"] == "antwoord van de netbeheerder (geëscaleerd)"
    zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    assert (zaak["status"], zaak["samenvatting"]["resultaat"]) == (
        "afgerond",
        "transportcapaciteit aangeboden",
    )


def test_twee_initiatieven_in_een_congestiegebied_worden_gekoppeld(wp: Platform) -> None:
    zuid = shapely.box(185_000, 440_000, 195_000, 444_000)
    zet_lagen(
        wp,
        {
            "gemeente": laag([{"gemeentenaam": "Test"}], [GEMEENTE]),
            "netcongestie": laag(
                [
                    {"naam": "Zuid", "richting": "invoeding", "kleur": "rood"},
                    {"naam": "Zuid", "richting": "afname", "kleur": "geel"},
                ],
                [zuid, zuid],
            ),
            "percelen": laag(
                [{"id": 1}, {"id": 2}],
                [
                    shapely.box(189_000, 441_000, 190_000, 442_000),
                    shapely.box(195_000, 450_000, 196_000, 451_000),
                ],
            ),
        },
    )
    a = start(wp, 8.0, 2, geometry=turbines(2, 189_500, 441_500))
    b = cases.start_case(
        wp,
        "windpark",
        {
            "naam": "Zonnepark De Akkers",
            "soort": "zon",
            "vermogen_mw": 6,
            "initiatiefnemer_type": "agrarische cooperatie",
            "lokaal_eigendom_pct": 20,
        },
        user="pim",
        geometry_wkt="POLYGON ((192000 441000, 193000 441000, 193000 442000, 192000 442000, 192000 441000))",
    )
    elders = start(wp, 3.0, 1, geometry=turbines(1, 195_500, 450_500))
    reden = "zelfde congestiegebied (invoeding, rood): Zuid"
    a_links = cases.get_case(wp, a["zaak"])["gekoppelde_zaken"]
    b_links = cases.get_case(wp, b["zaak"])["gekoppelde_zaken"]
    assert [(link["zaak"], link["reden"]) for link in a_links] == [(b["zaak"], reden)]
    assert [(link["zaak"], link["reden"]) for link in b_links] == [(a["zaak"], reden)]
    assert cases.get_case(wp, elders["zaak"])["gekoppelde_zaken"] == []
    assert b["samenvatting"]["congestiegebieden"] == [
        {"id": "0", "naam": "Zuid", "kleur": "rood", "richting": "invoeding"}
    ]
    # the netbeheerder names the same area for both: a second, layer-independent reason
    cases.send_message(
        wp,
        a["zaak"],
        "netbeheerder_antwoord",
        {"uitkomst": "wachtlijst", "positie": 3, "congestiegebied": "Zuid"},
    )
    zaak = cases.send_message(
        wp,
        b["zaak"],
        "netbeheerder_antwoord",
        {"uitkomst": "wachtlijst", "positie": 4, "congestiegebied": "Zuid"},
    )
    assert "wachtlijst netcapaciteit, positie 4" in zaak["wacht_op"]
    redenen = [link["redenen"] for link in cases.get_case(wp, a["zaak"])["gekoppelde_zaken"]]
    assert redenen == [[reden, "zelfde congestiegebied (volgens netbeheerder): Zuid"]]  # b once, both reasons


def test_congestiegebied_een_turbine_op_de_grens_ligt_in_beide_een_zonnepark_ernaast_in_geen(
    wp: Platform,
) -> None:
    """One predicate with the locatiecheck's snijdt (gis.matching.lies_in, review wup17 F3): a turbine on
    the border of two areas lies in both, a solar park that only borders an area lies not in it."""
    zuid, noord = (
        shapely.box(185_000, 440_000, 195_000, 444_000),
        shapely.box(185_000, 444_000, 195_000, 448_000),
    )
    zet_lagen(
        wp,
        {
            "gemeente": laag([{"gemeentenaam": "Test"}], [GEMEENTE]),
            "netcongestie": laag(
                [
                    {"naam": "Zuid", "richting": "invoeding", "kleur": "rood"},
                    {"naam": "Noord", "richting": "invoeding", "kleur": "oranje"},
                ],
                [zuid, noord],
            ),
        },
    )
    in_zuid = start(wp, 3.0, 1, geometry=turbines(1, 189_500, 441_500))
    in_noord = start(wp, 3.0, 1, geometry=turbines(1, 189_500, 446_500))
    grens = start(wp, 3.0, 1, geometry=turbines(1, 190_000, 444_000))
    buren = start(
        wp,
        6.0,
        soort="zon",
        geometry="POLYGON ((195000 441000, 196000 441000, 196000 442000, 195000 442000, 195000 441000))",
    )
    assert [g["naam"] for g in grens["samenvatting"]["congestiegebieden"]] == ["Zuid", "Noord"]
    assert {
        (link["zaak"], link["reden"]) for link in cases.get_case(wp, grens["zaak"])["gekoppelde_zaken"]
    } == {
        (in_zuid["zaak"], "zelfde congestiegebied (invoeding, rood): Zuid"),
        (in_noord["zaak"], "zelfde congestiegebied (invoeding, oranje): Noord"),
    }
    assert "congestiegebieden" not in buren["samenvatting"]  # none found: the summary leaves it out
    assert cases.get_case(wp, buren["zaak"])["gekoppelde_zaken"] == []


@pytest.mark.parametrize(
    ("wijziging", "code"),
    [
        ({"vermogen_mw": -3}, "vermogen-ongeldig"),
        ({"vermogen_mw": 0}, "vermogen-ongeldig"),
        ({"vermogen_mw": 5000, "aantal_turbines": 1}, "vermogen-ongeldig"),
        ({"vermogen_mw": 30, "aantal_turbines": 1}, "vermogen-ongeldig"),
        ({"vermogen_mw": "veel"}, "vermogen-ongeldig"),
        ({"lokaal_eigendom_pct": 120}, "lokaal-eigendom-ongeldig"),
        ({"lokaal_eigendom_pct": -5}, "lokaal-eigendom-ongeldig"),
        ({"aantal_turbines": 2}, "turbines-ongeldig"),
        ({"initiatiefnemer_type": "sjeik"}, "initiatiefnemer-onbekend"),
    ],
)
def test_foute_intake_maakt_geen_zaak(wp: Platform, wijziging: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as fout:
        start(wp, 4.0, 1, **wijziging)
    assert fout.value.code == code
    assert fout.value.detail
    assert aantal_zaken(wp) == 0


def test_turbine_buiten_de_gemeente_maakt_geen_zaak(wp: Platform) -> None:
    zet_lagen(wp, {"gemeente": laag([{"gemeentenaam": "Test"}], [GEMEENTE])})
    with pytest.raises(ValidationError) as fout:
        start(wp, 8.0, 2, geometry="MULTIPOINT ((190000 445000), (201000 445000))")
    assert fout.value.code == "locatie-buiten-gemeente"
    assert "Turbine 2 ligt buiten de gemeente" in fout.value.detail
    assert aantal_zaken(wp) == 0
    assert start(wp, 8.0, 2)["samenvatting"]["vermogen_mw"] == 8.0  # inside: accepted


def test_netbeheerder_antwoord_zonder_verzoek_verandert_niets(wp: Platform) -> None:
    deployments.deploy(wp, deployments.read_files(WIJK_MODEL))
    wijk = cases.start_case(
        wp,
        "wijkuitvoeringsplan",
        {"wijk_code": "WK1"},
        user="pim",
        geometry_wkt="POLYGON ((190000 445000, 191000 445000, 191000 446000, 190000 445000))",
    )
    voor = toestand(wp, wijk["zaak"])
    with pytest.raises(Conflict) as fout:
        cases.send_message(wp, wijk["zaak"], "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    assert "wacht niet op bericht 'netbeheerder_antwoord'" in fout.value.detail
    assert toestand(wp, wijk["zaak"]) == voor
    ref = start(wp, 3.0)["zaak"]
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    voor = toestand(wp, ref)
    with pytest.raises(Conflict):  # answered already: nothing is waiting any more
        cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 1})
    assert toestand(wp, ref) == voor


def test_vergunningroute_met_het_echte_omgevingsvergunningmodel(platform: Platform) -> None:
    echt = BPMN / "omgevingsvergunning.bpmn"
    modellen: list[str | Path] = [m for m in WIND_MODELLEN if "stub" not in str(m)]
    modellen += [echt, *sorted(BPMN.glob("*.dmn"))]
    wp = energie_platform(platform, list(dict.fromkeys(modellen)), locatiecheck_met("Milieu"))
    ref = start(wp, 3.0)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    zaak = doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": True, "mer_plichtig": False})
    assert zaak["status"] == "lopend" and not zaak["incident"]
    assert zaak["samenvatting"]["activiteiten"]  # written by the real permit model's intake
    assert zaak["uiterlijkeEinddatumAfdoening"]  # its legal term now runs on the windpark case
    assert elementen(zaak) and all(
        e not in ("advies", "participatie", "vergunning_voorbereiden") for e in elementen(zaak)
    )


@pytest.mark.parametrize("model", ["transportverzoek.bpmn", "windpark.bpmn", "wijkuitvoeringsplan.bpmn"])
def test_model_heeft_volledige_diagramlayout(model: str) -> None:
    from lxml import etree

    ns = {
        "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
        "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
        "dc": "http://www.omg.org/spec/DD/20100524/DC",
    }
    root = etree.parse(str(BPMN / model)).getroot()
    proces = root.find("bpmn:process", ns)
    assert proces is not None
    knopen = [
        n
        for n in proces.iter()
        if n.get("id")
        and etree.QName(n).namespace == ns["bpmn"]
        and etree.QName(n).localname not in ("process", "laneSet", "sequenceFlow", "property")
        and not etree.QName(n).localname.endswith(("EventDefinition", "LoopCharacteristics", "DataItem"))
    ]
    vormen = {s.get("bpmnElement"): s.find("dc:Bounds", ns) for s in root.iterfind(".//bpmndi:BPMNShape", ns)}
    lijnen = {e.get("bpmnElement") for e in root.iterfind(".//bpmndi:BPMNEdge", ns)}
    assert {n.get("id") for n in knopen} <= set(vormen), "element zonder vorm"
    assert {f.get("id") for f in proces.iterfind("bpmn:sequenceFlow", ns)} <= lijnen, "stroom zonder lijn"
    vakken = [
        (float(b.get("x")), float(b.get("y")), float(b.get("width")), float(b.get("height")))
        for n in knopen
        if etree.QName(n).localname not in ("lane", "boundaryEvent")
        and (b := vormen[n.get("id")]) is not None
    ]
    for i, (x, y, w, h) in enumerate(vakken):
        for x2, y2, w2, h2 in vakken[i + 1 :]:
            assert not (x < x2 + w2 and x2 < x + w and y < y2 + h2 and y2 < y + h), "vormen overlappen"


def test_an_external_group_sends_only_what_a_case_waits_for_or_to_a_case_it_sees(wp: Platform) -> None:
    from processes.errors import Forbidden
    from services import users

    users.add_user(wp, "nina", groups=["Netbeheerder"], role="adviseur")
    users.add_user(wp, "piet", groups=["Provincie"], role="adviseur")
    ref = start(wp, 3.0)["zaak"]  # the municipality decides; the case waits for the netbeheerder
    voor = toestand(wp, ref)
    with pytest.raises(Forbidden) as fout:  # not a 409 that tells what this case waits for
        cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend"}, actor="piet")
    assert fout.value.code == "bericht-geen-recht" and toestand(wp, ref) == voor
    zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"}, actor="nina")
    assert "netbeheerder_antwoord" not in (zaak["samenvatting"].get("verwachte_berichten") or [])


def test_a_declined_grid_alternative_is_reported_as_no_capacity_and_the_external_besluit_as_taken(
    wp: Platform,
) -> None:
    """Reviewer findings: after the initiator declined the netbeheerder's alternative, the case still said
    'netcapaciteit: alternatief' (summary and result); and with the provincie's besluit recorded, the
    status page said 'Er is nog geen definitief besluit'. A besluit dated 2030 was stored as is."""
    from services.status.view import _decision, case_deadline
    from services.store.models import Case

    ref = start(wp, 12.6, 3)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    voor = toestand(wp, ref)
    with pytest.raises(ValidationError) as fout:
        cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2030-01-01"})
    assert fout.value.code == "besluit-in-toekomst"
    assert toestand(wp, ref) == voor
    cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"})
    with wp.uow(write=False) as uow:
        besluit = _decision(uow.session.scalars(select(Case).where(Case.reference == ref)).one())
    assert besluit["genomen"] is True and besluit["tekst"].startswith("Het besluit is genomen")
    with wp.uow(write=False) as uow:  # the term block of the same page agrees, and says who took it
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        termijn = case_deadline(case, date(2026, 3, 3))
    assert termijn["besloten"] is True
    assert termijn["toelichting"] == "Gedeputeerde Staten van Gelderland heeft een besluit genomen."
    assert case.typed_summary.besluit_op() == date(2026, 3, 2)  # the dashboard's day of the besluit
    cases.send_message(
        wp, ref, "netbeheerder_antwoord", {"uitkomst": "alternatief", "alternatief": "non_firm_tijdsblok"}
    )
    zaak = doe(wp, ref, "alternatief_bespreken", {"geaccepteerd": False})
    assert zaak["status"] == "afgerond"
    with wp.uow(write=False) as uow:  # closed: still a besluit taken, not 'afgerond zonder besluit'
        besluit = _decision(uow.session.scalars(select(Case).where(Case.reference == ref)).one())
    assert besluit["genomen"] is True and "zonder" not in besluit["tekst"]
    assert zaak["samenvatting"]["resultaat"].endswith(
        "netcapaciteit: alternatief afgewezen, geen transportcapaciteit"
    )
    assert zaak["samenvatting"]["netcapaciteit"]["status"] == "alternatief afgewezen"
