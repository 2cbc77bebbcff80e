"""`ruimteflow zaken opschonen --uitvoeren` removes nothing before its term, only what an approved list
names, and records each case it removes in the destruction register, which `zaken vernietigd` exports
(review archief13, 3 and 4: a future --datum with --uitvoeren destroyed cases before their term ended,
and nothing recorded what was destroyed, on which basis, when and by whom; Archiefbesluit 1995 art. 8)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from services.bewaren import register, vernietigen
from services.bewaren.termijn import vervallen
from services.platform import Platform
from services.store.models import Vernietiging
from tests.integration.bewaren_helpers import (
    case_with,
    cli_env,
    cli_today,
    close,
    destroyed,
    goedkeuren,
    prepare,
)
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from web import cli


@pytest.fixture
def closed(platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A case closed on 2 March 2026 (P1Y: due 2 March 2027); its reference and the database URL."""
    prepare(platform, tmp_path)
    zaak = case_with(platform, pdf("tekening"))
    close(platform, zaak)
    cli_env(platform, tmp_path, monkeypatch)
    return zaak["zaak"], platform.settings.database_url


def _register(platform: Platform) -> int:
    with platform.uow(write=False) as uow:
        return int(uow.session.scalar(select(func.count(Vernietiging.id))) or 0)


def test_the_run_removes_only_the_approved_list_and_registers_each_case(
    closed, platform, monkeypatch, tmp_path, capsys: Any
):
    ref, url = closed
    cli_today(monkeypatch, "2027-03-02")
    lijst = tmp_path / "vernietigingslijst-2027-03.json"
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(lijst)]) == 0
    assert f"Vernietigingslijst met 1 zaak/zaken geschreven naar {lijst}" in capsys.readouterr().out
    doc = json.loads(lijst.read_text(encoding="utf-8"))
    assert doc["soort"] == "vernietigingslijst" and doc["peildatum"] == "2027-03-02"
    assert [z["zaak"] for z in doc["zaken"]] == [ref]
    # a second dry run does not overwrite the approved list
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(lijst)]) == 2
    assert "bestaat al" in capsys.readouterr().err
    goedkeuren(url, lijst, "Anna Archivaris")
    argv = [
        "zaken",
        "opschonen",
        "--database",
        url,
        "--uitvoeren",
        "--lijst",
        str(lijst),
        "--door",
        "archivaris",
    ]
    assert cli.main(argv) == 0
    assert f"{ref}  vernietigd" in capsys.readouterr().out
    assert destroyed(platform, ref)
    period = ["zaken", "vernietigd", "--database", url, "--van", "2027-03-01", "--tot", "2027-03-31"]
    assert cli.main([*period, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["vernietigd"] == [
        {
            "zaak": ref,
            "zaaktype": "vergunning_klein",
            "procedure": "Kleine vergunning",
            "resultaat": "besluit: verlenen",
            "resultaattype": "verleend",
            "resultaattype_omschrijving": "Verleend",
            "selectielijstklasse_nummer": "11.3",
            "selectielijstklasse": (
                "https://selectielijst.openzaak.nl/api/v1/resultaten/bf88fe4b-cc1b-4da1-97e0-f3d695416f2a"
            ),
            "archiefnominatie": "vernietigen",
            "archiefactietermijn": "P1Y",
            "brondatum": "2026-03-02",
            "archiefactiedatum": "2027-03-02",
            "handeling": "vernietigd",
            "uitgevoerd_op": "2027-03-02",
            "uitgevoerd_door": "archivaris",
            "lijst": lijst.name,
            "lijst_sha256": hashlib.sha256(lijst.read_bytes()).hexdigest(),
            "goedgekeurd_door": "Anna Archivaris",
            "goedgekeurd_op": "2027-03-02",
            "zaakregistratie": register.ZAAKREGISTRATIE,
            "bestanden_te_verwijderen": 0,
        }
    ]
    assert cli.main(period) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["zaak"], r["archiefnominatie"], r["uitgevoerd_door"]) for r in rows] == [
        (ref, "vernietigen", "archivaris")
    ]
    assert cli.main([*period[:-4], "--van", "2027-04-01", "--tot", "2027-04-30", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["vernietigd"] == []


def test_uitvoeren_without_an_approved_list_destroys_no_case(closed, platform, monkeypatch, capsys: Any):
    """Without --lijst the run destroys no case and says why (it only removes what needs no approval: the
    search texts past their term, test_zoeklog_bewaren)."""
    ref, url = closed
    cli_today(monkeypatch, "2027-03-02")
    before = snapshot(platform)
    assert cli.main(["zaken", "opschonen", "--database", url, "--uitvoeren"]) == 0
    captured = capsys.readouterr()
    assert (
        "1 zaak/zaken met verstreken bewaartermijn blijven staan: vernietigen vraagt een goedgekeurde "
        "vernietigingslijst"
        in captured.out
        and "0 zaak/zaken vernietigd." in captured.out
    )
    assert "Traceback" not in captured.err
    assert snapshot(platform) == before and not destroyed(platform, ref) and _register(platform) == 0


def test_a_list_naming_a_case_not_due_refuses_the_whole_run(closed, platform, monkeypatch, tmp_path, capsys):
    ref, url = closed
    running = case_with(platform)["zaak"]  # not closed: never due
    cli_today(monkeypatch, "2027-03-02")
    lijst = tmp_path / "lijst.json"
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(lijst)]) == 0
    capsys.readouterr()
    doc = json.loads(lijst.read_text(encoding="utf-8"))
    doc["zaken"].append({"zaak": running})
    lijst.write_text(json.dumps(doc), encoding="utf-8")
    before = snapshot(platform)
    assert cli.main(["zaken", "opschonen", "--database", url, "--uitvoeren", "--lijst", str(lijst)]) == 2
    err = capsys.readouterr().err
    assert "1 zaak/zaken op de lijst zijn vandaag niet aan de beurt" in err and running in err, err
    assert snapshot(platform) == before and not destroyed(platform, ref) and _register(platform) == 0
    lijst.write_text('{"soort": "iets anders"}', encoding="utf-8")
    assert cli.main(["zaken", "opschonen", "--database", url, "--uitvoeren", "--lijst", str(lijst)]) == 2
    assert "is geen vernietigingslijst" in capsys.readouterr().err


def test_a_due_case_not_on_the_list_stays(closed, platform, monkeypatch, tmp_path, capsys: Any):
    ref, url = closed
    cli_today(monkeypatch, "2027-03-02")
    lijst = tmp_path / "lijst.json"
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(lijst)]) == 0
    later = case_with(platform)
    close(platform, later)  # closed on the same day: due too, but not on the approved list
    goedkeuren(url, lijst)
    capsys.readouterr()
    assert cli.main(["zaken", "opschonen", "--database", url, "--uitvoeren", "--lijst", str(lijst)]) == 0
    assert "1 zaak/zaken met verstreken bewaartermijn staan niet op de lijst" in capsys.readouterr().out
    assert destroyed(platform, ref) and not destroyed(platform, later["zaak"])
    assert _register(platform) == 1


def test_a_failed_removal_leaves_no_register_line(closed, platform, monkeypatch):
    """The register line is written in the removal's transaction: a removal that fails leaves none."""
    from datetime import date

    def fails(*args: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(vernietigen, "_deletes", fails)  # after the line was written, before the commit
    [item] = list(vervallen(platform, date(2027, 3, 2)))
    with pytest.raises(RuntimeError):
        vernietigen.vernietig(platform, item)
    assert _register(platform) == 0
    monkeypatch.undo()
    assert vernietigen.vernietig(platform, item).uitkomst == "vernietigd"
    assert _register(platform) == 1
