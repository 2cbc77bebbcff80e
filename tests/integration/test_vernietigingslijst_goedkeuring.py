"""The approval of a vernietigingslijst is recorded before anything is destroyed, and the list gives the
basis of each case's term (review archief15, F3: `--uitvoeren --lijst` took the dry run's file at once, or
any edit of it; the register named only who ran it; the list gave no resultaattype, Selectielijst class or
archiefnominatie). `zaken opschonen --goedkeuren FILE --door NAAM` records who approved the list with its
SHA-256 and when; a run takes only a list whose hash has an approval (exit 2 in Dutch otherwise, nothing
changed), and each register line names the approver and the day."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from services.platform import Platform
from tests.integration.bewaren_helpers import case_with, cli_env, cli_today, close, destroyed, prepare
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from tests.recorded_state import prepared
from web import cli

KLASSE_URL = "https://selectielijst.openzaak.nl/api/v1/resultaten/bf88fe4b-cc1b-4da1-97e0-f3d695416f2a"


@pytest.fixture
def drie(platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], str, Path]:
    """Three cases closed on 2 March 2026 (P1Y, class 11.3 of the test's zgw.toml), the dry run's list of
    2 March 2027 and the database URL."""
    refs = prepared(platform, "vernietigingslijst.drie", lambda: _drie(platform, tmp_path))
    cli_env(platform, tmp_path, monkeypatch)
    cli_today(monkeypatch, "2027-03-02")
    url, lijst = platform.settings.database_url, tmp_path / "lijst.json"
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(lijst)]) == 0
    return refs, url, lijst


def _drie(platform: Platform, tmp_path: Path) -> list[str]:
    """The three closed cases (set up once per test process and copied: tests/recorded_state.py)."""
    prepare(platform, tmp_path)
    refs = []
    for n in range(3):
        zaak = case_with(platform, pdf(f"tekening {n}"))
        close(platform, zaak)
        refs.append(zaak["zaak"])
    return refs


def _opschonen(capsys: Any, url: str, *argv: str) -> tuple[int, str, str]:
    rc = cli.main(["zaken", "opschonen", "--database", url, *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_the_list_gives_the_basis_of_each_case(drie, capsys: Any):
    refs, _url, lijst = drie
    zaken = json.loads(lijst.read_text(encoding="utf-8"))["zaken"]
    assert [z["zaak"] for z in zaken] == refs
    assert {
        (z["resultaattype"], z["selectielijstklasse_nummer"], z["selectielijstklasse"], z["archiefnominatie"])
        for z in zaken
    } == {("verleend", "11.3", KLASSE_URL, "vernietigen")}


def test_a_list_without_a_recorded_approval_is_refused(drie, platform, tmp_path, capsys: Any):
    refs, url, lijst = drie
    capsys.readouterr()
    before = snapshot(platform)
    rc, _out, err = _opschonen(capsys, url, "--uitvoeren", "--lijst", str(lijst))
    assert rc == 2 and "is niet goedgekeurd" in err and "--goedkeuren BESTAND --door NAAM" in err, err
    assert "Er is niets gewijzigd." in err and "Traceback" not in err
    rc, _out, err = _opschonen(capsys, url, "--goedkeuren", str(lijst))  # who approves it?
    assert rc == 2 and "--goedkeuren vraagt wie de lijst goedkeurt" in err, err
    rc, _out, err = _opschonen(capsys, url, "--goedkeuren", str(lijst), "--door", "x", "--uitvoeren")
    assert rc == 2 and "gaat niet samen met" in err, err
    assert snapshot(platform) == before and not any(destroyed(platform, r) for r in refs)


def test_a_list_edited_after_its_approval_needs_a_new_one(drie, platform, tmp_path, monkeypatch, capsys: Any):
    refs, url, lijst = drie
    rc, out, _err = _opschonen(capsys, url, "--goedkeuren", str(lijst), "--door", "Anna Archivaris")
    assert rc == 0 and "goedgekeurd door Anna Archivaris op 2027-03-02" in out, out
    doc = json.loads(lijst.read_text(encoding="utf-8"))
    minder = tmp_path / "minder.json"  # an edited copy: one case taken off
    minder.write_text(json.dumps(dict(doc, zaken=doc["zaken"][:2])), encoding="utf-8")
    lijst.write_text(
        json.dumps(dict(doc, zaken=doc["zaken"][:2])), encoding="utf-8"
    )  # the approved file edited
    before = snapshot(platform)
    for path in (minder, lijst):
        rc, _out, err = _opschonen(capsys, url, "--uitvoeren", "--lijst", str(path))
        assert rc == 2 and "is niet goedgekeurd" in err and "na haar goedkeuring is gewijzigd" in err, err
    assert snapshot(platform) == before and not any(destroyed(platform, r) for r in refs)

    rc, out, _err = _opschonen(capsys, url, "--goedkeuren", str(minder), "--door", "Bert Archivaris")
    assert rc == 0, out
    cli_today(monkeypatch, "2027-03-05")  # run three days after the approval
    rc, out, err = _opschonen(capsys, url, "--uitvoeren", "--lijst", str(minder), "--door", "Piet Beheer")
    assert rc == 0 and "2 zaak/zaken vernietigd." in out, (out, err)
    assert [destroyed(platform, r) for r in refs] == [True, True, False]
    period = ["zaken", "vernietigd", "--database", url, "--van", "2027-03-01", "--tot", "2027-03-31"]
    assert cli.main(period) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [
        (r["zaak"], r["uitgevoerd_door"], r["uitgevoerd_op"], r["goedgekeurd_door"], r["goedgekeurd_op"])
        for r in rows
    ] == [(ref, "Piet Beheer", "2027-03-05", "Bert Archivaris", "2027-03-02") for ref in refs[:2]]
    assert {
        (r["resultaattype"], r["selectielijstklasse_nummer"], r["selectielijstklasse"]) for r in rows
    } == {("verleend", "11.3", KLASSE_URL)}


def test_the_same_list_approved_again_keeps_its_first_approval(drie, platform, capsys: Any):
    _refs, url, lijst = drie
    assert _opschonen(capsys, url, "--goedkeuren", str(lijst), "--door", "Anna Archivaris")[0] == 0
    before = snapshot(platform)
    rc, out, _err = _opschonen(capsys, url, "--goedkeuren", str(lijst), "--door", "Bert")
    assert rc == 0 and "was al goedgekeurd door Anna Archivaris op 2027-03-02" in out, out
    assert snapshot(platform) == before


def test_a_list_of_another_database_is_not_approved(drie, platform, capsys: Any):
    _refs, url, lijst = drie
    doc = json.loads(lijst.read_text(encoding="utf-8"))
    lijst.write_text(json.dumps(dict(doc, database="9b1d3c52-0000-4000-8000-000000000000")), encoding="utf-8")
    before = snapshot(platform)
    rc, _out, err = _opschonen(capsys, url, "--goedkeuren", str(lijst), "--door", "Anna Archivaris")
    assert rc == 2 and "is opgesteld voor een andere database" in err, err
    assert snapshot(platform) == before
