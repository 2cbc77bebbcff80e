"""The shipped data files: parseable, with source notes, and read only when first needed."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields

import pytest

from processes.datafiles import lees_data
from processes.termijnen import TermijnInstellingen


@pytest.mark.parametrize("naam", ["atw_feestdagen.toml", "termijnen.toml", "dwangsom.toml"])
def test_data_heeft_een_bronvermelding(naam: str) -> None:
    assert lees_data(naam)["bron"]


def test_lees_data_geeft_een_verse_kopie() -> None:
    lees_data("termijnen.toml")["termijnen"]["regulier_weken"] = 99
    assert lees_data("termijnen.toml")["termijnen"]["regulier_weken"] == 8


def test_termijnlengtes() -> None:
    inst = TermijnInstellingen.standaard()
    assert (inst.regulier_weken, inst.uitgebreid_maanden, inst.max_verdaging_weken) == (8, 6, 6)
    assert (inst.ter_inzage_weken, inst.bezwaartermijn_weken, inst.buiten_behandeling_weken) == (6, 6, 4)
    assert (inst.netbeheerder_werkdagen, inst.waarschuwing_weken, inst.atw_op_uitgebreid) == (10, 2, True)
    assert inst.kalender is None


def test_elke_instelling_heeft_een_bronvermelding() -> None:
    bron = lees_data("termijnen.toml")["bron"]
    assert {f.name for f in fields(TermijnInstellingen)} - {"kalender"} == set(bron)


def test_standaard_met_wijziging() -> None:
    assert TermijnInstellingen.standaard(atw_op_uitgebreid=False).atw_op_uitgebreid is False
    assert TermijnInstellingen.standaard().atw_op_uitgebreid is True


def test_onbekende_sleutel_in_termijnen() -> None:
    with pytest.raises(ValueError):
        TermijnInstellingen.uit_data({"termijnen": {"regulier_weken": 8, "spoed_dagen": 3}})


def test_geen_werk_bij_importeren() -> None:
    code = (
        "import processes.termijnen\n"
        "from processes import datafiles\n"
        "from processes.termijnen import kalender\n"
        "assert datafiles._lees_tekst.cache_info().currsize == 0\n"
        "assert kalender.standaard_kalender.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
