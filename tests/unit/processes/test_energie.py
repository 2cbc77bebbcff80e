"""Pure logic of the heat transition (processes.warmte) and wind/grid initiatives (processes.energie, processes.netcongestie)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from processes import energie, netcongestie, warmte
from processes.errors import ValidationError, bij_veld

VANDAAG = date(2026, 3, 2)  # a Monday


def fout(fn: Any, *args: Any, **kwargs: Any) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        fn(*args, **kwargs)
    assert exc.value.detail
    return exc.value


# -- phases ------------------------------------------------------------------------------------------
def test_fase_vooruit_en_terug() -> None:
    assert warmte.fase_overgang("initiatie", "wijkanalyse") == {
        "van": "initiatie",
        "naar": "wijkanalyse",
        "richting": "vooruit",
    }
    assert warmte.fase_overgang("besluitvorming", "alternatieven")["richting"] == "terug"


@pytest.mark.parametrize(
    ("van", "naar", "code"),
    [
        ("initiatie", "alternatieven", "fase-overgeslagen"),
        ("wijkanalyse", "uitvoering", "fase-overgeslagen"),
        ("participatie", "participatie", "fase-ongewijzigd"),
        ("initiatie", "realisatie", "fase-onbekend"),
    ],
)
def test_fase_overslaan_of_onbekend(van: str, naar: str, code: str) -> None:
    assert fout(warmte.fase_overgang, van, naar).code == code


def test_overgeslagen_fasen_worden_genoemd() -> None:
    detail = fout(warmte.fase_overgang, "initiatie", "participatie").detail
    assert "'wijkanalyse', 'alternatieven'" in detail


# -- wijkanalyse and costs -----------------------------------------------------------------------------
def test_woningvoorraad_alleen_aantallen() -> None:
    voorraad = warmte.woningvoorraad(
        [
            {"eigendom": "koop", "energielabel": "a"},
            {"eigendom": "koop", "energielabel": "F"},
            {"eigendom": "sociale_huur", "energielabel": None},
            {"eigendom": "onzin", "energielabel": float("nan")},
        ]
    )
    assert voorraad["aantal_woningen"] == 4
    assert voorraad["eigendom"]["koop"] == {"aantal": 2, "aandeel": 0.5}
    assert voorraad["eigendom"]["onbekend"]["aantal"] == 1
    assert voorraad["energielabels"] == {"A": 1, "F": 1, "onbekend": 2}
    assert voorraad["labelbekend_aandeel"] == 0.5
    assert {"eigendom": "koop", "labelgroep": "E-G", "aantal": 1} in voorraad["verdeling"]


def test_warmtenetpotentie_naar_dichtheid_en_afstand() -> None:
    assert warmte.warmtenet_potentie(500, 10, None)["niveau"] == "hoog"  # 50 per ha
    assert warmte.warmtenet_potentie(250, 10, 100)["niveau"] == "hoog"  # 25 per ha and a network nearby
    assert warmte.warmtenet_potentie(250, 10, 2000)["niveau"] == "midden"
    assert warmte.warmtenet_potentie(50, 10, None)["niveau"] == "laag"
    assert warmte.warmtenet_potentie(0, 0, None)["woningen_per_ha"] == 0.0


def test_kosten_per_belanghebbende() -> None:
    verdeling = [
        {"eigendom": "koop", "labelgroep": "C-D", "aantal": 10},
        {"eigendom": "sociale_huur", "labelgroep": "E-G", "aantal": 10},
    ]
    kosten = {a["code"]: a for a in warmte.kosten_alternatieven(verdeling, "hoog")}
    assert set(kosten) == {"warmtenet", "all_electric", "hybride"}
    alle = kosten["all_electric"]["kosten"]
    assert alle["eigenaar_bewoners"] == 10 * 19000 and alle["woningcorporatie"] == 10 * 34000
    assert alle["netbeheerder"] == 20 * 3000
    assert kosten["warmtenet"]["kosten"]["warmtebedrijf"] == round(20 * 14000 * 0.8)
    assert sum(1 for a in kosten.values() if a.get("laagste_nationale_kosten")) == 1
    assert kosten["hybride"]["gasvrij"] is False
    assert all(a["per_woning"] == round(a["totaal"] / 20) for a in kosten.values())


# -- participation and opt-outs -----------------------------------------------------------------------
def test_participatie_activiteit() -> None:
    act = warmte.participatie_activiteit(
        {"soort": "enquete", "datum": "2026-03-01", "aantal_deelnemers": 120, "respons_pct": 35.5}, VANDAAG
    )
    assert act == {"soort": "enquete", "datum": "2026-03-01", "aantal_deelnemers": 120, "respons_pct": 35.5}
    assert (
        fout(warmte.participatie_activiteit, {"soort": "feest", "datum": "2026-03-01"}, VANDAAG).code
        == "activiteit-onbekend"
    )
    assert (
        fout(warmte.participatie_activiteit, {"soort": "enquete", "datum": "2026-04-01"}, VANDAAG).code
        == "activiteit-toekomst"
    )
    assert (
        fout(
            warmte.participatie_activiteit,
            {"soort": "enquete", "datum": "2026-03-01", "respons_pct": 140},
            VANDAAG,
        ).code
        == "activiteit-respons"
    )


def test_opt_out_even_duurzaam_per_gebouw() -> None:
    uit = warmte.opt_outs(
        [
            {"gebouw": "0200010000123456", "alternatief": "all_electric"},
            {"gebouw": "0200010000123456", "alternatief": "all_electric"},
        ],
        "warmtenet",
    )
    assert uit == [{"gebouw": "0200010000123456", "alternatief": "all_electric"}]
    assert warmte.opt_outs([{"gebouw": "0200010000000001", "alternatief": "warmtenet"}], "hybride")
    assert (
        fout(warmte.opt_outs, [{"gebouw": "0200010000123456", "alternatief": "hybride"}], "warmtenet").code
        == "optout-niet-gelijkwaardig"
    )
    assert (
        fout(warmte.opt_outs, [{"gebouw": "Kerkstraat 1", "alternatief": "all_electric"}], "warmtenet").code
        == "optout-gebouw"
    )
    assert (
        fout(warmte.opt_outs, [{"gebouw": "0200010000123456", "alternatief": "warmtenet"}], "warmtenet").code
        == "optout-zelfde"
    )


def test_een_geweigerde_opt_out_noemt_het_veld_van_zijn_regel() -> None:
    """bij_veld with ``lijst`` names the field in the row the refusal was raised in, counted from 0 as the
    rows were given; a refusal of no row names no field (not row 'None')."""
    velden = {"optout-niet-gelijkwaardig": "alternatief", "fase-onbekend": "alternatief"}
    rijen = [
        {"gebouw": "0200010000000001", "alternatief": "all_electric"},
        {"gebouw": "0200010000000002", "alternatief": "hybride"},
    ]

    def opt_outs() -> None:
        with bij_veld(velden, lijst="opt_outs"):
            warmte.opt_outs(rijen, "warmtenet")

    assert fout(opt_outs).extra == {"veld": "opt_outs.1.alternatief"}

    def fase() -> None:
        with bij_veld(velden, lijst="opt_outs"):
            warmte.eis_fase("zomer")

    assert fout(fase).extra == {}


def test_geen_persoonsgegevens() -> None:
    warmte.geen_persoonsgegevens({"wijk_code": "WK1", "betrokkenen": ["Woonstichting"], "zorgvuldig": True})
    assert fout(warmte.geen_persoonsgegevens, {"a": [{"b": {"BSN": "1"}}]}).code == "persoonsgegevens"
    assert "a.b.BSN" in fout(warmte.geen_persoonsgegevens, {"a": [{"b": {"BSN": "1"}}]}).detail
    assert fout(warmte.geen_persoonsgegevens, {"telefoon_bewoner": "06"}).code == "persoonsgegevens"


# -- decisions ------------------------------------------------------------------------------------------
def test_wcw_warmtekavel_strikt_voor_warmtebedrijf() -> None:
    assert warmte.wcw_volgorde("2026-03-02", "2026-03-03") == "2026-03-03"
    assert fout(warmte.wcw_volgorde, None, "2026-03-03").code == "wcw-volgorde"
    assert fout(warmte.wcw_volgorde, "2026-03-02", "2026-03-02").code == "wcw-volgorde"
    assert fout(warmte.wcw_volgorde, "2026-03-02", date(2026, 2, 1)).code == "wcw-volgorde"
    assert fout(warmte.wcw_volgorde, "2026-03-02", "morgen").code == "ongeldige-datum"


def test_aardgasvrij_datum_na_raadsbesluit() -> None:
    assert warmte.aardgasvrij_datum("2026-03-02", "2032-01-01") == "2032-01-01"
    assert fout(warmte.aardgasvrij_datum, "2026-03-02", "2026-03-02").code == "aardgasvrij-datum"


def test_subsidiewaarschuwing() -> None:
    assert warmte.subsidie_waarschuwing("warmtenet", "hybride_warmtepomp")
    assert warmte.subsidie_waarschuwing("all_electric", "hybride_warmtepomp") is None
    assert warmte.subsidie_waarschuwing("warmtenet", "isolatie") is None
    assert fout(warmte.subsidieaanvraag, {"soort": "auto"}).code == "subsidie-onbekend"
    assert fout(warmte.vraag_openbare_ruimte, {"onderwerp": "verkeer", "vraag": ""}).code == "vraag-tekst"


# -- execution and monitoring ----------------------------------------------------------------------------
def test_uitvoeringsplanning_gesorteerd_met_herinnering() -> None:
    plan = warmte.uitvoeringsplanning(
        [
            {"naam": "Warmtenet", "partij": "warmtebedrijf", "uiterlijk": "2028-01-01"},
            {
                "naam": "Renovatie",
                "partij": "woningcorporatie",
                "uiterlijk": "2026-03-20",
                "aantal_woningen": 120,
            },
        ],
        VANDAAG,
    )
    assert [(m["nummer"], m["naam"], m["groep"]) for m in plan] == [
        (1, "Renovatie", "Woningcorporatie"),
        (2, "Warmtenet", "Warmtebedrijf"),
    ]
    assert plan[0]["toezegging"] is True and plan[1]["toezegging"] is False
    assert plan[0]["herinnering_op"] == "2026-03-03"  # 4 weeks before would be in the past
    assert plan[1]["herinnering_op"] == "2027-12-04"


@pytest.mark.parametrize(
    ("mijlpalen", "code"),
    [
        ([], "mijlpaal-geen"),
        ([{"naam": "", "partij": "gemeente", "uiterlijk": "2027-01-01"}], "mijlpaal-naam"),
        ([{"naam": "X", "partij": "aannemer", "uiterlijk": "2027-01-01"}], "mijlpaal-partij"),
        ([{"naam": "X", "partij": "gemeente", "uiterlijk": "2026-03-02"}], "mijlpaal-datum"),
        (
            [{"naam": "X", "partij": "gemeente", "uiterlijk": "2027-01-01", "aantal_woningen": -1}],
            "mijlpaal-aantal",
        ),
    ],
)
def test_uitvoeringsplanning_fouten(mijlpalen: list[dict[str, Any]], code: str) -> None:
    assert fout(warmte.uitvoeringsplanning, mijlpalen, VANDAAG).code == code


def test_een_geweigerde_mijlpaal_noemt_het_veld_van_zijn_regel() -> None:
    """As the opt-outs: a refused milestone names the field in its row, counted from 0 as the rows were
    given (not as sorted by due date); no milestone at all is a refusal of no row and names no field."""
    velden = {"mijlpaal-naam": "naam", "mijlpaal-datum": "uiterlijk", "mijlpaal-geen": "naam"}
    goed = {"naam": "Warmtenet", "partij": "warmtebedrijf", "uiterlijk": "2028-01-01"}

    def planning(*rijen: dict[str, Any]) -> None:
        with bij_veld(velden, lijst="mijlpalen"):
            warmte.uitvoeringsplanning(list(rijen), VANDAAG)

    te_vroeg = {"naam": "Renovatie", "partij": "gemeente", "uiterlijk": "2026-03-02"}
    assert fout(planning, goed, te_vroeg).extra == {"veld": "mijlpalen.1.uiterlijk"}
    assert fout(planning, {**goed, "naam": " "}, goed).extra == {"veld": "mijlpalen.0.naam"}
    assert fout(planning).extra == {}


def test_mijlpaal_te_laat() -> None:
    m = {"naam": "Renovatie", "uiterlijk": "2026-02-20"}
    assert warmte.mijlpaal_gereed(m, "2026-02-20", VANDAAG)["te_laat"] is False
    laat = warmte.mijlpaal_gereed(m, "2026-03-02", VANDAAG)
    assert (laat["te_laat"], laat["dagen_te_laat"]) == (True, 10)
    assert fout(warmte.mijlpaal_gereed, m, "2026-03-09", VANDAAG).code == "mijlpaal-toekomst"


# -- windpark intake and bevoegd gezag ---------------------------------------------------------------------
def intake(**extra: Any) -> dict[str, Any]:
    data = {
        "naam": "Windpark",
        "soort": "wind",
        "vermogen_mw": 12.0,
        "aantal_turbines": 3,
        "initiatiefnemer_type": "energiecooperatie",
        "lokaal_eigendom_pct": 50,
        **extra,
    }
    return energie.intake(data, [(0.0, 0.0)] * int(data.get("aantal_turbines") or 0))


def test_intake_normaliseert() -> None:
    uit = intake()
    assert uit["initiatiefnemer_type"] == "energiecoöperatie"
    assert (uit["vermogen_mw"], uit["aantal_turbines"], uit["lokaal_eigendom_ambitie_pct"]) == (12.0, 3, 50.0)
    zon = energie.intake(
        {"naam": "Zon", "soort": "zon", "vermogen_mw": 8, "initiatiefnemer_type": "agrarische_cooperatie"}, []
    )
    assert zon["initiatiefnemer_type"] == "agrarische coöperatie" and "aantal_turbines" not in zon


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"vermogen_mw": -1}, "vermogen-ongeldig"),
        ({"vermogen_mw": float("nan")}, "vermogen-ongeldig"),
        ({"vermogen_mw": True}, "vermogen-ongeldig"),
        ({"vermogen_mw": 1001}, "vermogen-ongeldig"),
        ({"vermogen_mw": 40}, "vermogen-ongeldig"),  # 13.3 MW per turbine
        ({"aantal_turbines": 0}, "turbines-ongeldig"),
        ({"aantal_turbines": 2.5}, "turbines-ongeldig"),
        ({"lokaal_eigendom_pct": 100.5}, "lokaal-eigendom-ongeldig"),
        ({"lokaal_eigendom_pct": -0.1}, "lokaal-eigendom-ongeldig"),
        ({"initiatiefnemer_type": None}, "initiatiefnemer-onbekend"),
        ({"soort": "kern"}, "soort-onbekend"),
        ({"naam": " "}, "naam-ontbreekt"),
    ],
)
def test_intake_fouten(extra: dict[str, Any], code: str) -> None:
    assert fout(intake, **extra).code == code


def test_turbines_buiten_de_gemeente() -> None:
    assert energie.buiten_gemeente([(1, 1), (5, 5), (2, 2)], lambda x, y: x < 3) == [2]


def test_drempels_als_gegevens() -> None:
    d = energie.drempels()
    assert (d["provincie_vanaf_mw"], d["rijk_vanaf_mw"], d["provincie"]) == (5.0, 100.0, "Gelderland")
    assert "(nog te verifiëren)" in d["bron"] and "verify" not in d["bron"]
    assert energie.extern_orgaan("provincie", "Gelderland") == "Gedeputeerde Staten van Gelderland"
    assert energie.extern_orgaan("gemeente", "Gelderland") is None


def test_drempels_per_provincie(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {
        "gemeente": {"provincie": "Gelderland"},
        "standaard": {"provincie_vanaf_mw": 5.0, "rijk_vanaf_mw": 100.0},
        "provincie": {"Voorbeeldland": {"provincie_vanaf_mw": 15.0}},
        "bron": {"drempels": "test (nog te verifiëren)"},
    }
    monkeypatch.setattr(energie, "_bg", lambda: data)
    assert energie.drempels("Voorbeeldland")["provincie_vanaf_mw"] == 15.0
    assert energie.drempels()["provincie_vanaf_mw"] == 5.0


def test_drempel_van_voor_de_grens_van_ten_minste_100_mw_wordt_geweigerd(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A data file with the old key ``rijk_boven_mw`` (Rijk only above it) is refused by name, not read with
    the new meaning (Rijk from the value on) or failing with a KeyError."""
    data = {
        "gemeente": {"provincie": "Gelderland"},
        "standaard": {"provincie_vanaf_mw": 5.0, "rijk_vanaf_mw": 100.0},
        "provincie": {"Voorbeeldland": {"rijk_boven_mw": 100.0}},
        "bron": {"drempels": "test"},
    }
    monkeypatch.setattr(energie, "_bg", lambda: data)
    fout_ = fout(energie.drempels, "Voorbeeldland")
    assert fout_.code == "drempels-ongeldig" and "heet nu rijk_vanaf_mw" in fout_.detail


def test_participatieregister_vastgelegd_niet_afgedwongen() -> None:
    reg = energie.participatie(
        None,
        {
            "bijeenkomsten": [{"datum": "2026-02-10", "deelnemers": 40}],
            "bezwaren": 2,
            "lokaal_eigendom_pct": 30,
        },
        VANDAAG,
    )
    assert (reg["ambitie_gehaald"], reg["bezwaren"], reg["bijeenkomsten"][0]["soort"]) == (
        False,
        2,
        "informatieavond",
    )
    assert "niet afgedwongen" in reg["toelichting"]
    reg = energie.participatie(reg, {"bezwaren": 1, "lokaal_eigendom_pct": 55}, VANDAAG)
    assert (reg["ambitie_gehaald"], reg["bezwaren"], len(reg["bijeenkomsten"])) == (True, 3, 1)
    assert (
        fout(energie.participatie, None, {"bijeenkomsten": [{"datum": "2026-04-01"}]}, VANDAAG).code
        == "bijeenkomst-toekomst"
    )
    assert fout(energie.participatie, None, {"bezwaren": -1}, VANDAAG).code == "bezwaren-ongeldig"


def test_een_geweigerde_bijeenkomst_noemt_het_veld_van_zijn_regel() -> None:
    """As the opt-outs: a refused new bijeenkomst names the field in its row (also its count, which named
    a field 'deelnemers' of no form before); a refusal of no row names no row."""
    velden = {"bijeenkomst-toekomst": "datum", "bijeenkomst-ongeldig": "deelnemers"}
    goed = {"datum": "2026-02-10", "deelnemers": 40}

    def register(invoer: dict[str, Any]) -> None:
        with bij_veld(velden, lijst="bijeenkomsten"):
            energie.participatie(None, invoer, VANDAAG)

    later = {"datum": "2026-04-01"}
    assert fout(register, {"bijeenkomsten": [goed, later]}).extra == {"veld": "bijeenkomsten.1.datum"}
    geen_getal = {"datum": "2026-02-10", "deelnemers": "veel"}
    assert fout(register, {"bijeenkomsten": [geen_getal]}).extra == {"veld": "bijeenkomsten.0.deelnemers"}
    assert fout(register, {"bijeenkomsten": [goed], "bezwaren": -1}).extra == {}  # of no row


def test_besluit_extern() -> None:
    assert energie.besluit_extern(
        {"besluit": "geweigerd", "datum": "2026-03-01"}, "Rijk", vandaag=VANDAAG
    ) == {
        "besluit": "geweigerd",
        "bevoegd_gezag": "Rijk",
        "datum": "2026-03-01",
    }
    assert fout(energie.besluit_extern, {}, "provincie", vandaag=VANDAAG).code == "besluit-ongeldig"


# -- transportverzoek ---------------------------------------------------------------------------------------
def test_antwoordtermijn_tien_werkdagen_atw() -> None:
    assert netcongestie.transportverzoek({"vermogen_mva": 8}, VANDAAG)["antwoord_uiterlijk"] == "2026-03-16"
    # Goede Vrijdag 3 April and Tweede Paasdag 6 April 2026 are not working days
    assert (
        netcongestie.transportverzoek({"vermogen_mva": 8}, date(2026, 3, 30))["antwoord_uiterlijk"]
        == "2026-04-15"
    )
    groot = netcongestie.transportverzoek({"vermogen_mva": 70, "richting": "invoeding"}, VANDAAG)
    assert (
        groot["wettelijke_termijn"],
        groot["antwoord_werkdagen"],
        groot["congestiemanagement_verplicht"],
    ) == (False, 40, True)
    assert (
        fout(netcongestie.transportverzoek, {"vermogen_mva": 0}, VANDAAG).code == "transportvermogen-ongeldig"
    )
    assert (
        fout(netcongestie.transportverzoek, {"vermogen_mva": 1, "richting": "beide"}, VANDAAG).code
        == "richting-onbekend"
    )


def test_escalatie_na_vijf_werkdagen() -> None:
    assert netcongestie.escalatiedatum(date(2026, 3, 17)) == "2026-03-24"


def test_netbeheerder_antwoord() -> None:
    wl = netcongestie.netbeheerder_antwoord(
        {"uitkomst": "wachtlijst", "positie": 14, "congestiegebied": "Zuid"}
    )
    assert (wl["wacht_op"], wl["congestiegebied"]) == ("wachtlijst netcapaciteit, positie 14", "Zuid")
    volgende = netcongestie.netbeheerder_antwoord({"uitkomst": "wachtlijst", "positie": 9}, wl)
    assert (volgende["vorige_positie"], volgende["congestiegebied"]) == (14, "Zuid")
    alt = netcongestie.netbeheerder_antwoord(
        {"uitkomst": "alternatief", "alternatief": "congestiemanagement"}
    )
    assert alt["alternatief_omschrijving"] == "deelname aan congestiemanagement"
    assert (
        netcongestie.netbeheerder_antwoord({"uitkomst": "capaciteit"})["tekst"]
        == "De netbeheerder biedt transportcapaciteit aan."
    )


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({}, "netantwoord-uitkomst"),
        ({"uitkomst": "voorrang"}, "netantwoord-uitkomst"),
        ({"uitkomst": "wachtlijst"}, "netantwoord-positie"),
        ({"uitkomst": "wachtlijst", "positie": 0}, "netantwoord-positie"),
        ({"uitkomst": "wachtlijst", "positie": "3"}, "netantwoord-positie"),
        ({"uitkomst": "alternatief", "alternatief": "prioriteren"}, "netantwoord-alternatief"),
        ({"uitkomst": "capaciteit", "congestiegebied": ""}, "netantwoord-gebied"),
    ],
)
def test_netbeheerder_antwoord_fouten(payload: dict[str, Any], code: str) -> None:
    assert fout(netcongestie.netbeheerder_antwoord, payload).code == code


def test_besluit_extern_is_not_dated_in_the_future_and_its_kenmerk_is_text() -> None:
    """Reviewer finding: a decision dated 2030 was stored as is, and kenmerk {"a": 1} became "{'a': 1}"."""
    later = {"besluit": "verleend", "datum": "2030-01-01"}
    assert fout(energie.besluit_extern, later, "provincie", vandaag=VANDAAG).code == "besluit-in-toekomst"
    odd = {"besluit": "verleend", "kenmerk": {"a": 1}}
    assert fout(energie.besluit_extern, odd, "provincie", vandaag=VANDAAG).code == "besluit-ongeldig"
    assert (
        energie.besluit_extern({"besluit": "verleend", "kenmerk": 2026001}, "Rijk", vandaag=VANDAAG)[
            "kenmerk"
        ]
        == "2026001"
    )


@pytest.mark.parametrize("alternatief", [["cable_pooling"], {"a": 1}, 5, None])
def test_an_alternative_that_is_no_name_is_refused_in_dutch(alternatief: Any) -> None:
    """Reviewer finding: a list as 'alternatief' ended in 'TypeError: unhashable type: list'."""
    payload = {"uitkomst": "alternatief", "alternatief": alternatief}
    assert fout(netcongestie.netbeheerder_antwoord, payload).code == "netantwoord-alternatief"


@pytest.mark.parametrize(
    ("call", "veld", "detail"),
    [
        (
            lambda: netcongestie.netbeheerder_antwoord({"uitkomst": "wachtlijst"}),
            "positie",
            "De positie op de wachtlijst moet een geheel getal vanaf 1 zijn, maar ontbreekt.",
        ),
        (
            lambda: netcongestie.netbeheerder_antwoord({"uitkomst": "wachtlijst", "positie": True}),
            "positie",
            "De positie op de wachtlijst moet een geheel getal vanaf 1 zijn, niet waar.",
        ),
        (
            lambda: netcongestie.netbeheerder_antwoord({}),
            "uitkomst",
            "Uitkomst van de netbeheerder moet 'capaciteit', 'alternatief' of 'wachtlijst' zijn, maar ontbreekt.",
        ),
        (
            lambda: netcongestie.transportverzoek({}, VANDAAG),
            "vermogen_mva",
            "Het gevraagde transportvermogen (MVA) moet een getal zijn, maar ontbreekt.",
        ),
        (
            lambda: netcongestie.transportverzoek({"vermogen_mva": "veel"}, VANDAAG),
            "vermogen_mva",
            "Het gevraagde transportvermogen (MVA) moet een getal zijn, niet 'veel'.",
        ),
        (
            lambda: netcongestie.transportverzoek({"richting": True, "vermogen_mva": 5}, VANDAAG),
            "richting",
            "Richting moet 'invoeding' of 'afname' zijn, niet waar.",
        ),
        (
            lambda: intake(aantal_turbines=None),
            "aantal_turbines",
            "Het aantal turbines moet een geheel getal zijn, maar ontbreekt.",
        ),
        (
            lambda: energie.besluit_extern({"besluit": ["verleend"]}, "provincie", vandaag=VANDAAG),
            "besluit",
            "Besluit van het bevoegd gezag moet 'verleend' of 'geweigerd' zijn, niet [\"verleend\"].",
        ),
    ],
)
def test_a_refusal_says_what_is_missing_or_repeats_the_value_plainly(
    call: Any, veld: str, detail: str
) -> None:
    """Review wup17 F4 / api17 F6: 'hoort een positie …, niet None.' and '… moet een getal zijn, niet
    None.' without the field: a refusal says 'ontbreekt' for nothing given, repeats other values without
    Python's repr (None, True, quotes) and names the field."""
    error = fout(call)
    assert (error.detail, error.extra.get("veld")) == (detail, veld)
