"""`zaken opschonen --uitvoeren --lijst FILE` takes what the approved list says of each case, not only its
number: a list that describes a case otherwise than the run judges it today, or that was written for
another database, is refused whole (exit 2, nothing changed). Review sessie13c: a list of an acceptance
environment whose entry said "Windpark of zonnepark, ingetrokken, afgerond 2026-01-02, P1Y" destroyed a
refused permit with the same zaaknummer here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services import installatie
from services.platform import Platform
from tests.integration.bewaren_helpers import case_with, cli_env, cli_today, close, destroyed, prepare
from tests.integration.core_helpers import snapshot
from web import cli


@pytest.fixture
def lijst(
    platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> tuple[str, str, Path]:
    """A case closed on 2 March 2026 (P1Y), today 2 March 2027 for the CLI, and the list of a dry run
    there; the case's reference, the database URL and the list."""
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    close(platform, zaak)
    cli_env(platform, tmp_path, monkeypatch)
    cli_today(monkeypatch, "2027-03-02")
    url, path = platform.settings.database_url, tmp_path / "lijst.json"
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(path)]) == 0
    capsys.readouterr()
    return zaak["zaak"], url, path


def _refused(platform: Platform, url: str, path: Path, capsys: Any) -> str:
    before = snapshot(platform)
    assert cli.main(["zaken", "opschonen", "--database", url, "--uitvoeren", "--lijst", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Er is niets gewijzigd." in err and "Traceback" not in err, err
    assert snapshot(platform) == before
    return err


def test_a_list_describing_a_case_otherwise_refuses_the_whole_run(lijst, platform, capsys: Any):
    ref, url, path = lijst
    doc = json.loads(path.read_text(encoding="utf-8"))
    [entry] = doc["zaken"]
    assert entry == {
        "zaak": ref,
        "procedure": "Kleine vergunning",
        "resultaat": "besluit: verlenen",
        "afgerond_op": "2026-03-02",
        "bewaartermijn": "P1Y",
        "bewaren_tot": "2027-03-02",
        "resultaattype": "verleend",
        "resultaattype_omschrijving": "Verleend",
        "selectielijstklasse_nummer": "11.3",
        "selectielijstklasse": "https://selectielijst.openzaak.nl/api/v1/resultaten/bf88fe4b-cc1b-4da1-97e0-f3d695416f2a",
        "archiefnominatie": "vernietigen",
    }
    entry.update(procedure="Windpark of zonnepark", resultaat="ingetrokken", afgerond_op="2026-01-02")
    path.write_text(json.dumps(doc), encoding="utf-8")
    err = _refused(platform, url, path, capsys)
    assert (
        f"de lijst beschrijft 1 zaak/zaken anders dan deze database ze vandaag beoordeelt: {ref}: procedure "
        "'Windpark of zonnepark' op de lijst, hier 'Kleine vergunning'; resultaat 'ingetrokken' op de lijst, "
        "hier 'besluit: verlenen'; afgerond_op '2026-01-02' op de lijst, hier '2026-03-02'." in err
    ), err
    assert not destroyed(platform, ref)
    del entry["procedure"], entry["resultaat"], entry["afgerond_op"]  # a field left out is no agreement
    entry["bewaren_tot"] = None
    path.write_text(json.dumps(doc), encoding="utf-8")
    err = _refused(platform, url, path, capsys)
    assert f"{ref}: procedure (ontbreekt) op de lijst, hier 'Kleine vergunning';" in err, err
    assert "bewaren_tot (leeg) op de lijst, hier '2027-03-02'" in err, err


def test_a_list_of_another_database_is_refused(lijst, platform, capsys: Any):
    ref, url, path = lijst
    doc = json.loads(path.read_text(encoding="utf-8"))
    here = installatie.lees(platform)
    assert here and doc["database"] == here  # the dry run names this database, stored once
    for other in ("acceptatie", None):  # another database's id; a list naming none
        if other is None:
            del doc["database"]
        else:
            doc["database"] = other
        path.write_text(json.dumps(doc), encoding="utf-8")
        err = _refused(platform, url, path, capsys)
        assert (
            f"'lijst.json' is opgesteld voor een andere database (kenmerk op de lijst: {other or 'geen'}; "
            in err
        )
        assert f"deze database: {here})" in err, err
        assert not destroyed(platform, ref)
    second = path.with_name("tweede.json")
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(second)]) == 0
    assert json.loads(second.read_text(encoding="utf-8"))["database"] == here == installatie.lees(platform)


def test_a_database_no_list_was_written_for_refuses_every_list(platform, tmp_path, monkeypatch, capsys: Any):
    """A list names a database; one where no dry run wrote a list has no id yet, and the check writes none."""
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    close(platform, zaak)
    cli_env(platform, tmp_path, monkeypatch)
    cli_today(monkeypatch, "2027-03-02")
    path = tmp_path / "elders.json"
    entry = {"zaak": zaak["zaak"], "procedure": "Kleine vergunning", "resultaat": "besluit: verlenen"}
    entry |= {"afgerond_op": "2026-03-02", "bewaartermijn": "P1Y", "bewaren_tot": "2027-03-02"}
    doc = {
        "soort": "vernietigingslijst",
        "database": "9b1d3c52-0000-4000-8000-000000000000",
        "zaken": [entry],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    err = _refused(platform, platform.settings.database_url, path, capsys)
    assert "deze database: nog geen)" in err, err
    assert installatie.lees(platform) is None and not destroyed(platform, zaak["zaak"])
