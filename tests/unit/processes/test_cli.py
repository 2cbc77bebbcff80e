"""The two functions the ``ruimteflow termijn`` command calls."""

from __future__ import annotations

from datetime import date

import pytest

from processes.errors import ValidationError
from processes.termijnen import beslistermijn, termijn_cli, werkdagen_cli

VANDAAG = date(2026, 6, 1)


def test_termijn_cli_geeft_hetzelfde_als_beslistermijn() -> None:
    uitkomst = termijn_cli("2026-03-03", " Regulier ", 6, ["2026-03-10/2026-03-22"], VANDAAG)
    verwacht = beslistermijn(
        date(2026, 3, 3),
        "regulier",
        opschortingen=[(date(2026, 3, 10), date(2026, 3, 22))],
        verdaging_weken=6,
        vandaag=VANDAAG,
    ).to_dict()
    assert uitkomst == verwacht
    assert uitkomst["uiterste_beslisdatum"] == "2026-06-22"  # 10 May + 6 weeks = Sunday 21 June
    assert uitkomst["uiterlijkeEinddatumAfdoening"] == "2026-06-22"
    assert set(uitkomst) == {
        "ontvangen",
        "procedure",
        "oorspronkelijke_einddatum",
        "opgeschorte_dagen",
        "verdaging_weken",
        "uiterste_beslisdatum",
        "stappen",
        "uiterlijkeEinddatumAfdoening",
    }


def test_termijn_cli_uitgebreid_zonder_extra() -> None:
    uitkomst = termijn_cli("2026-03-05", "uitgebreid", None, [], VANDAAG)
    assert uitkomst["uiterste_beslisdatum"] == "2026-09-07"
    assert uitkomst["verdaging_weken"] is None


@pytest.mark.parametrize(
    ("ontvangen", "procedure", "verdaging", "opschortingen", "code"),
    [
        ("2026-02-30", "regulier", None, [], "ongeldige-datum"),
        ("3-3-2026", "regulier", None, [], "ongeldige-datum"),
        ("", "regulier", None, [], "ongeldige-datum"),
        ("2026-03-03", "spoed", None, [], "onbekende-procedure"),
        ("2026-03-03", "regulier", 7, [], "verdaging-te-lang"),
        ("2026-03-03", "regulier", 0, [], "verdaging-ongeldig"),
        ("2026-03-03", "regulier", None, ["2026-03-10"], "ongeldige-opschorting"),
        ("2026-03-03", "regulier", None, ["2026-03-10/2026-03-12/2026-03-14"], "ongeldige-opschorting"),
        ("2026-03-03", "regulier", None, ["2026-03-10/2026-13-01"], "ongeldige-datum"),
        ("2026-03-03", "regulier", None, ["2026-03-22/2026-03-10"], "opschorting-omgekeerd"),
        ("2026-07-01", "regulier", None, [], "ontvangen-in-toekomst"),
    ],
)
def test_termijn_cli_fouten(
    ontvangen: str, procedure: str, verdaging: int | None, opschortingen: list[str], code: str
) -> None:
    kopie = list(opschortingen)
    with pytest.raises(ValidationError) as info:
        termijn_cli(ontvangen, procedure, verdaging, opschortingen, VANDAAG)
    assert info.value.code == code
    assert info.value.detail
    assert opschortingen == kopie


def test_foutmelding_noemt_het_formaat() -> None:
    with pytest.raises(ValidationError) as info:
        termijn_cli("3 maart", "regulier", None, [], VANDAAG)
    assert "JJJJ-MM-DD" in info.value.detail


def test_werkdagen_cli() -> None:
    assert werkdagen_cli(10, "2026-04-24") == {
        "einddatum": "2026-05-12",
        "vanaf": "2026-04-24",
        "werkdagen": 10,
        "stappen": [
            "Vanaf vrijdag 24 april 2026 (dag 0, telt niet mee)",
            "Niet meegeteld: 25 april 2026: zaterdag; 26 april 2026: zondag; 27 april 2026: Koningsdag; "
            "2 mei 2026: zaterdag; 3 mei 2026: zondag; 5 mei 2026: Bevrijdingsdag; 9 mei 2026: zaterdag; "
            "10 mei 2026: zondag",
            "10 werkdagen later: dinsdag 12 mei 2026",
        ],
    }


def test_werkdagen_cli_zonder_overgeslagen_dagen() -> None:
    assert werkdagen_cli(1, "2026-03-03")["stappen"] == [
        "Vanaf dinsdag 3 maart 2026 (dag 0, telt niet mee)",
        "1 werkdag later: woensdag 4 maart 2026",
    ]


@pytest.mark.parametrize(
    ("n", "vanaf", "code"),
    [
        (-1, "2026-03-03", "ongeldig-aantal-werkdagen"),
        ("10", "2026-03-03", "ongeldig-aantal-werkdagen"),
        (10, "morgen", "ongeldige-datum"),
    ],
)
def test_werkdagen_cli_fouten(n: int, vanaf: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        werkdagen_cli(n, vanaf)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("ontvangen", "opschorting", "code", "words"),
    [
        ("1900-01-01", [], "ontvangen-te-vroeg", "vóór 1 oktober 2010"),
        ("2010-09-30", [], "ontvangen-te-vroeg", "Controleer het jaartal"),
        (
            "2026-03-03",
            ["2026-03-10/2099-02-01"],
            "datum-in-toekomst",
            "aanvulling (1 februari 2099) ligt in",
        ),
        ("2026-03-03", ["2026-03-10/2026-06-02"], "datum-in-toekomst", "vandaag is 1 juni 2026"),
        (
            "2026-03-03",
            ["2026-06-02/2026-06-02/verstreken"],
            "datum-in-toekomst",
            "aanvullingsverzoek (2 juni",
        ),
        ("2026-03-03", ["2026-03-10/2099-02-01/verstreken"], "aanvullingstermijn-ongeldig", "ten hoogste 91"),
    ],
)
def test_termijn_cli_neemt_de_grenzen_van_een_zaak(
    ontvangen: str, opschorting: list[str], code: str, words: str
) -> None:
    """`termijn --ontvangen 1900-01-01` and an aanvulling in 2099 (a deadline in 2099) were computed,
    while a case refuses a receipt before the Wabo and an aanvulling that has not come yet."""
    with pytest.raises(ValidationError) as info:
        termijn_cli(ontvangen, "regulier", None, opschorting, VANDAAG)
    assert info.value.code == code and words in info.value.detail, info.value.detail


def test_termijn_cli_rekent_met_een_lopende_aanvullingstermijn_zoals_een_zaak() -> None:
    """An unused aanvullingstermijn whose last day is still to come counts as a case's running one."""
    uitkomst = termijn_cli("2026-05-04", "regulier", None, ["2026-05-20/2026-06-10/verstreken"], VANDAAG)
    assert uitkomst["opgeschorte_dagen"] == 21
    assert termijn_cli("2010-10-01", "regulier", None, [], VANDAAG)["ontvangen"] == "2010-10-01"
