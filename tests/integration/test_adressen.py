"""The address register of the application form (issue 16.2): a BAG extract (CSV or GeoPackage) is
loaded with `ruimteflow adressen laden FILE`; postcode + huisnummer give a location. Bad input gets a
Dutch answer and stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from gis.bag import read_extract
from processes.errors import NotFound, ValidationError
from services import adressen
from web.cli import main

CSV = """postcode;huisnummer;huisletter;toevoeging;openbare_ruimte_naam;woonplaats_naam;x;y
7391AB;12;;;Dorpsstraat;Ruimtedal;226050.5;448050.25
7391AB;12;a;;Dorpsstraat;Ruimtedal;226060;448060
7391 AC;3;;2;Kerkweg;Ruimtedal;226100;448100
"""


def write(tmp_path: Path, text: str, name: str = "bag.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_extract_is_loaded_and_an_address_found(any_platform, tmp_path):
    platform = any_platform
    result = adressen.load(platform, read_extract(write(tmp_path, CSV)), bron="bag.csv")
    assert result == {"geladen": 3, "bron": "bag.csv"}
    found = adressen.lookup(platform, "7391 ab", "12")
    assert found["adres"] == "Dorpsstraat 12, 7391 AB Ruimtedal"
    assert (found["x"], found["y"]) == (226050.5, 448050.25)
    assert 51.9 < found["lat"] < 52.1 and 6.3 < found["lon"] < 6.6
    assert adressen.lookup(platform, "7391AB", "12A")["x"] == 226060
    assert adressen.lookup(platform, "7391AC", "3-2")["adres"] == "Kerkweg 3-2, 7391 AC Ruimtedal"


@pytest.mark.parametrize(
    ("postcode", "huisnummer", "code"),
    [
        ("0391AB", "12", "postcode-ongeldig"),
        ("7391", "12", "postcode-ongeldig"),
        ("7391AB", "nul", "huisnummer-ongeldig"),
        ("7391AB", "0", "huisnummer-ongeldig"),
    ],
)
def test_bad_postcode_or_huisnummer_is_refused_in_dutch(platform, postcode, huisnummer, code):
    with pytest.raises(ValidationError) as exc:
        adressen.lookup(platform, postcode, huisnummer)
    assert exc.value.code == code and "bijvoorbeeld" in exc.value.detail


def test_an_unknown_address_is_a_dutch_not_found(platform, tmp_path):
    adressen.load(platform, read_extract(write(tmp_path, CSV)), bron="bag.csv")
    with pytest.raises(NotFound) as exc:
        adressen.lookup(platform, "7391AB", "99")
    assert "7391 AB 99" in exc.value.detail and "wijs de locatie aan op de kaart" in exc.value.detail


def test_a_file_with_a_bad_row_stores_nothing(any_platform, tmp_path):
    platform = any_platform
    adressen.load(platform, read_extract(write(tmp_path, CSV)), bron="bag.csv")
    bad = CSV + "12AB;4;;;Weg;Ruimtedal;226000;448000\n7391AD;5;;;Weg;Ruimtedal;1e9;448000\n"
    with pytest.raises(ValidationError) as exc:
        adressen.load(platform, read_extract(write(tmp_path, bad, "slecht.csv")), bron="slecht.csv")
    assert (
        exc.value.code == "adressen-ongeldig" and "rij 4" in exc.value.detail and "rij 5" in exc.value.detail
    )
    assert adressen.count(platform) == 3  # the old register stays as it was


def test_a_geopackage_extract_in_wgs84_is_read_in_rd(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame(
        {"postcode": ["7391AB"], "huisnummer": [12], "openbare_ruimte_naam": ["Dorpsstraat"]},
        geometry=[Point(6.42, 52.015)],
        crs=4326,
    )
    path = tmp_path / "bag.gpkg"
    frame.to_file(path, driver="GPKG")
    [row] = read_extract(path)
    assert row["straat"] == "Dorpsstraat" and 200_000 < row["x"] < 240_000 and 430_000 < row["y"] < 460_000


def test_cli_loads_an_extract_and_refuses_a_bad_one_with_exit_code_2(settings, tmp_path, capsys):
    url = settings.resolved_database_url
    assert main(["adressen", "laden", str(write(tmp_path, CSV)), "--database", url]) == 0
    assert '"geladen": 3' in capsys.readouterr().out
    assert main(["adressen", "laden", str(write(tmp_path, "a,b\n1,2\n", "x.csv")), "--database", url]) == 2
    assert "geen kolommen x en y" in capsys.readouterr().err
    assert main(["adressen", "laden", str(write(tmp_path, "x", "bag.txt")), "--database", url]) == 2
    assert main(["adressen", "zoek", "7391AB", "12", "--database", url]) == 0
    assert "Dorpsstraat 12" in capsys.readouterr().out


EXCEL = "postcode;huisnummer;openbare_ruimte_naam;woonplaats_naam;x;y\n7391AB;12;Rué Ëmmastraat;Ruimtedal;226050;448050\n"


@pytest.mark.parametrize(("encoding", "note"), [("utf-8", False), ("utf-8-sig", False), ("cp1252", True)])
def test_cli_reads_an_excel_csv_in_utf8_with_or_without_bom_or_in_windows_1252(
    settings, tmp_path, capsys, encoding, note
):
    """Excel on a Dutch Windows saves a CSV as Windows-1252 (or UTF-8 with a BOM); such a file was
    refused ("sla het op als UTF-8"). It is read, and a Windows-1252 file says so in one line."""
    url = settings.resolved_database_url
    path = tmp_path / "bag.csv"
    path.write_bytes(EXCEL.encode(encoding))
    assert main(["adressen", "laden", str(path), "--database", url]) == 0
    err = capsys.readouterr().err
    assert ("gelezen als Windows-1252" in err) is note and err.count("\n") == int(note)
    assert main(["adressen", "zoek", "7391AB", "12", "--database", url]) == 0
    assert "Rué Ëmmastraat 12" in capsys.readouterr().out


@pytest.mark.parametrize("byte", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_a_csv_with_a_byte_windows_1252_leaves_undefined_is_refused(tmp_path, byte):
    path = tmp_path / "bag.csv"
    path.write_bytes(EXCEL.encode("cp1252").replace(b"\xe9", byte))
    with pytest.raises(ValidationError) as exc:
        read_extract(path)
    assert exc.value.code == "bestand-ongeldig" and "sla het op als UTF-8" in exc.value.detail


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "geen tekstbestand"),
        (b"\x00" * 64, "geen tekstbestand"),
        (b"postcode\n7391AB\n", "geen kolommen gescheiden door een komma, puntkomma of tab"),
        (b"postcode;x;y\n" + b"a" * 200_000 + b";1;2\n", "rij 1 is geen leesbare CSV"),
    ],
    ids=["png", "nul", "een-kolom", "lang-veld"],
)
def test_cli_refuses_a_binary_or_one_column_csv_in_dutch_and_keeps_the_register(
    settings, tmp_path, capsys, data, said
):
    """A binary file named .csv (or a header without a separator) crashed with a traceback ("Could not
    determine delimiter", exit code 1); it is refused with exit code 2 and the register is unchanged."""
    url = settings.resolved_database_url
    assert main(["adressen", "laden", str(write(tmp_path, CSV)), "--database", url]) == 0
    path = tmp_path / "binair.csv"
    path.write_bytes(data)
    capsys.readouterr()
    assert main(["adressen", "laden", str(path), "--database", url]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert main(["adressen", "zoek", "7391AB", "12", "--database", url]) == 0
    assert "Dorpsstraat 12" in capsys.readouterr().out
