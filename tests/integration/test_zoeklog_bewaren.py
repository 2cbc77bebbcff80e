"""The search text of `personen zoeken` and `personen inzage` is kept for its term only (privacy item carried
for several sessions: each search's audit line kept the name, e-mail address or address searched for, for
good, also of a person whose cases and account `zaken opschonen` had destroyed; AVG art. 5(1)(c)/(e), 17).

The line stays (who searched, when, which kind, how many places were found); `zaken opschonen` lists the
search text once RUIMTEFLOW_ZOEKLOG_BEWAAR_DAGEN days (365) have passed since the day of the search, and
`--uitvoeren` removes it, with the export's folder, without an approved list; the history says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services import account_audit
from services.platform import Platform
from services.store.models import AccountEvent
from tests.integration.bewaren_helpers import case_with, cli_env, cli_today, goedkeuren, prepare
from tests.integration.core_helpers import snapshot
from web import cli


def _with_a_case(platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A running case of Piet Jansen (Dorpsstraat 1) in the test's database, read by the commands; its URL."""
    prepare(platform, tmp_path)
    case_with(platform)
    cli_env(platform, tmp_path, monkeypatch)
    return platform.settings.database_url


@pytest.fixture
def url(platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The case in the test's SQLite file."""
    return _with_a_case(platform, tmp_path, monkeypatch)


@pytest.fixture
def any_url(any_platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The case on SQLite and on PostgreSQL (the search text is found in a JSON column)."""
    return _with_a_case(any_platform, tmp_path, monkeypatch)


def _run(monkeypatch: pytest.MonkeyPatch, day: str, *argv: str) -> int:
    cli_today(monkeypatch, day)
    return cli.main([*argv])


def _opschonen(monkeypatch: pytest.MonkeyPatch, url: str, day: str, *extra: str) -> int:
    return _run(monkeypatch, day, "zaken", "opschonen", "--database", url, *extra)


def _searches(platform: Platform) -> list[dict[str, Any]]:
    """The search lines as the history shows them, oldest first."""
    lines = [h for h in account_audit.history(platform) if h["wijziging"].startswith("persoon-")]
    return lines[::-1]


def _stored(platform: Platform) -> str:
    """Every audit line as stored, as one text (to search for what must be gone)."""
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(AccountEvent)).all()
        return json.dumps([[r.username, r.kind, r.door, r.was, r.nu] for r in rows], ensure_ascii=False)


def _search_three_times(monkeypatch: pytest.MonkeyPatch, url: str, uit: Path, capsys: Any) -> None:
    """Two searches on 2 March 2026 (one an export into a folder named after the person), one on 1 June."""
    assert _run(monkeypatch, "2026-03-02", "personen", "zoeken", "Piet Jansen", "--database", url) == 0
    argv = ["personen", "inzage", "piet.jansen@example.nl", "--uit", str(uit), "--database", url]
    assert _run(monkeypatch, "2026-03-02", *argv) == 0
    assert _run(monkeypatch, "2026-06-01", "personen", "zoeken", "Dorpsstraat", "--database", url) == 0
    capsys.readouterr()


def test_after_its_term_the_search_text_goes_and_the_line_stays(
    any_url: str, any_platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    url, platform = any_url, any_platform
    uit = tmp_path / "inzage-piet-jansen"
    _search_three_times(monkeypatch, url, uit, capsys)
    searched = _searches(platform)
    assert [(h["wijziging"], h["nu"]["zoektekst"]) for h in searched] == [
        ("persoon-gezocht", "Piet Jansen"),
        ("persoon-inzage", "piet.jansen@example.nl"),
        ("persoon-gezocht", "Dorpsstraat"),
    ]
    hits = [h["nu"].get("vindplaatsen") for h in searched]  # checked below, once the texts are gone

    # the day before the term ends: a run with --uitvoeren keeps every search text (and destroys no case)
    before = snapshot(platform)
    assert _opschonen(monkeypatch, url, "2027-03-01", "--uitvoeren") == 0
    assert "0 zoektekst(en) van zoekopdrachten" in capsys.readouterr().out
    assert snapshot(platform) == before

    # on the day it ends: the dry run lists the two searches of 2 March 2026 and changes nothing
    assert _opschonen(monkeypatch, url, "2027-03-02") == 0
    out = capsys.readouterr().out
    first, _, june = searched
    [line] = [x for x in out.splitlines() if x.startswith("zoekopdracht persoon-gezocht op 2026-03-02 ")]
    assert line.endswith(f" door {first['door']}, {hits[0]} vindplaats(en)  bewaartermijn van de zoektekst "
                         "verstreken op 2027-03-02")  # fmt: skip
    assert out.count("zoekopdracht ") == 2 and "zoekopdracht persoon-inzage op 2026-03-02 " in out
    assert "Proefdraai: van 2 zoekopdracht(en) (personen zoeken, inzage) zou de zoektekst" in out
    assert "Piet Jansen" not in out  # a dry run does not show the texts it would remove
    assert _opschonen(monkeypatch, url, "2027-03-02", "--json") == 0
    listed = json.loads(capsys.readouterr().out)["zoekopdrachten"]
    assert [(z["soort"], z["vindplaatsen"], z["bewaren_tot"]) for z in listed] == [
        ("persoon-gezocht", hits[0], "2027-03-02"),
        ("persoon-inzage", hits[1], "2027-03-02"),
    ]
    assert snapshot(platform) == before

    # --uitvoeren (no approved list: a search text is no archival record) removes them; the lines stay
    assert _opschonen(monkeypatch, url, "2027-03-02", "--uitvoeren") == 0
    out = capsys.readouterr().out
    assert out.count("  zoektekst verwijderd") == 2 and "2 zoektekst(en) van zoekopdrachten" in out
    stored = _stored(platform)
    assert "Jansen" not in stored and "jansen" not in stored and "Dorpsstraat" in stored
    now = _searches(platform)
    assert [(h["op"], h["wijziging"], h["door"]) for h in now] == [
        (h["op"], h["wijziging"], h["door"]) for h in searched
    ]
    gone = "verwijderd na de bewaartermijn (op 2027-03-02)"
    assert now[0]["nu"] == {
        "zoektekst": f"zoektekst {gone}",
        "vindplaatsen": hits[0],
        "verwijderd_op": "2027-03-02",
    }
    assert now[1]["nu"] == {
        "zoektekst": f"zoektekst {gone}",
        "uitvoer": f"naam van de uitvoermap {gone}",
        "vindplaatsen": hits[1],
        "verwijderd_op": "2027-03-02",
    }
    assert now[2] == june  # its term runs until 1 June 2027
    assert all(isinstance(n, int) and n > 0 for n in hits), hits  # the case's initiator, title, location

    # a next run finds nothing more to remove
    after = snapshot(platform)
    assert _opschonen(monkeypatch, url, "2027-03-03", "--uitvoeren") == 0
    assert snapshot(platform) == after


def test_the_term_is_a_setting_and_the_history_says_the_text_is_gone(
    url: str, platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    _search_three_times(monkeypatch, url, tmp_path / "uit", capsys)
    monkeypatch.setenv("RUIMTEFLOW_ZOEKLOG_BEWAAR_DAGEN", "30")
    assert _opschonen(monkeypatch, url, "2026-03-31", "--json") == 0
    assert json.loads(capsys.readouterr().out)["zoekopdrachten"] == []
    assert _opschonen(monkeypatch, url, "2026-04-01", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)["zoekopdrachten"]) == 2
    monkeypatch.setenv("RUIMTEFLOW_ZOEKLOG_BEWAAR_DAGEN", " ")  # blank: the default, 365 days
    assert _opschonen(monkeypatch, url, "2026-04-01", "--json") == 0
    assert json.loads(capsys.readouterr().out)["zoekopdrachten"] == []
    monkeypatch.setenv("RUIMTEFLOW_ZOEKLOG_BEWAAR_DAGEN", "0")  # kept to the day of the search only
    assert _opschonen(monkeypatch, url, "2026-06-01", "--uitvoeren") == 0
    assert "3 zoektekst(en) van zoekopdrachten" in capsys.readouterr().out
    # `users historie` says the text was removed, where it stood (it read the line's JSON as it was)
    assert _run(monkeypatch, "2026-06-01", "users", "historie", "--database", url) == 0
    shown = [h for h in json.loads(capsys.readouterr().out) if h["wijziging"].startswith("persoon-")]
    gone = "zoektekst verwijderd na de bewaartermijn (op 2026-06-01)"
    assert [h["nu"]["zoektekst"] for h in shown] == [gone, gone, gone]


def test_a_bad_term_is_refused_in_dutch_before_anything_changes(
    url: str, platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    _search_three_times(monkeypatch, url, tmp_path / "uit", capsys)
    before = snapshot(platform)
    for value, message in (
        ("een jaar", "RUIMTEFLOW_ZOEKLOG_BEWAAR_DAGEN moet een geheel getal zijn, niet 'een jaar'."),
        ("-1", "RUIMTEFLOW_ZOEKLOG_BEWAAR_DAGEN moet nul of meer zijn en eindig (nu -1)."),
    ):
        monkeypatch.setenv("RUIMTEFLOW_ZOEKLOG_BEWAAR_DAGEN", value)
        for extra in ([], ["--uitvoeren"]):  # the dry run too: it would list by a term that is not meant
            assert _opschonen(monkeypatch, url, "2027-03-02", *extra) == 2
            captured = capsys.readouterr()
            assert f"Fout: {message}" in captured.err and "Traceback" not in captured.err, captured.err
            assert captured.out == ""
    assert snapshot(platform) == before


def test_the_line_records_the_day_of_the_removal_not_the_runs_datum(
    url: str, platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Review S20, 3: a run on 5 March 2027 with `--datum 2027-03-02` removes the texts due on 2 March and
    records "verwijderd op" 5 March, the day they went, as the destruction register dates the same run;
    it recorded the peildatum, a day on which nothing was removed."""
    _search_three_times(monkeypatch, url, tmp_path / "uit", capsys)
    argv = ("--datum", "2027-03-02", "--uitvoeren")
    assert _opschonen(monkeypatch, url, "2027-03-05", *argv) == 0
    assert "2 zoektekst(en) van zoekopdrachten" in capsys.readouterr().out  # --datum decided what is due
    first, inzage, june = _searches(platform)
    assert first["nu"]["verwijderd_op"] == inzage["nu"]["verwijderd_op"] == "2027-03-05", first
    assert first["nu"]["zoektekst"] == "zoektekst verwijderd na de bewaartermijn (op 2027-03-05)"
    assert june["nu"]["zoektekst"] == "Dorpsstraat"  # due on 1 June 2027


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _export_line(platform: Platform) -> int:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(AccountEvent.id).where(AccountEvent.kind == "persoon-inzage")).one()


def test_the_export_folder_goes_with_its_search_text_by_uitvoeren_only(
    url: str, platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """The export of `personen inzage` (its README.txt holds the search text, persoonsgegevens.json all
    that was found) is kept as long as the search text: it stayed on disk for good, once the line had
    forgotten its name. A dry run lists it (also with --lijst) and keeps it; --uitvoeren removes it, with
    or without a list, as the search text."""
    uit = tmp_path / "inzage-piet-jansen"
    _search_three_times(monkeypatch, url, uit, capsys)
    written = _files(uit)
    assert "README.txt" in written and "persoonsgegevens.json" in written
    readme = (uit / "README.txt").read_text(encoding="utf-8")
    verzoek = json.loads((uit / "persoonsgegevens.json").read_text(encoding="utf-8"))["verzoek"]

    assert _opschonen(monkeypatch, url, "2027-03-01", "--uitvoeren") == 0  # the day before its term ends
    assert _files(uit) == written and "met 0 uitvoermap(pen)" in capsys.readouterr().out
    lijst = tmp_path / "lijst.json"
    assert _opschonen(monkeypatch, url, "2027-03-02", "--lijst", str(lijst)) == 0
    out = capsys.readouterr().out
    assert "zoekopdracht persoon-inzage op 2026-03-02 " in out
    assert "  bewaartermijn van de zoektekst en de uitvoermap verstreken op 2027-03-02" in out, out
    assert "bewaartermijn van de zoektekst verstreken op 2027-03-02" in out  # the search without export
    assert _files(uit) == written

    goedkeuren(url, lijst)
    assert _opschonen(monkeypatch, url, "2027-03-02", "--uitvoeren", "--lijst", str(lijst)) == 0
    out = capsys.readouterr().out
    assert not uit.exists()
    assert out.count("  zoektekst verwijderd") == 2
    assert out.count("zoektekst verwijderd, met de uitvoermap") == 1
    assert "jansen" not in _stored(platform).lower()
    # the README said so, and persoonsgegevens.json named the search line the folder belonged to
    assert "Ruimteflow verwijdert deze map 365 dagen na de dag van de zoekopdracht" in readme, readme
    assert verzoek["regel"] == _export_line(platform)


def test_a_folder_that_no_longer_holds_the_export_stays_and_the_run_exits_1(
    url: str, platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Someone put other files in the export's place: the run removes nothing there, keeps the line's
    texts (the folder is not forgotten) and says what to do; once the folder is gone, the next run ends it."""
    uit = tmp_path / "inzage-piet-jansen"
    _search_three_times(monkeypatch, url, uit, capsys)
    shutil.rmtree(uit)
    uit.mkdir()
    (uit / "notities.txt").write_text("iets anders", encoding="utf-8")

    assert _opschonen(monkeypatch, url, "2027-03-02", "--uitvoeren") == 1
    captured = capsys.readouterr()
    assert f"Fout: 1 uitvoermap(pen) van inzages niet verwijderd: de uitvoermap {uit} " in captured.err, (
        captured
    )
    assert "met de hand" in captured.err and "Traceback" not in captured.err
    assert "zoektekst niet verwijderd" in captured.out
    assert _files(uit) == ["notities.txt"]
    stored = _stored(platform)
    assert "Piet Jansen" not in stored and "piet.jansen@example.nl" in stored

    shutil.rmtree(uit)  # by hand
    assert _opschonen(monkeypatch, url, "2027-03-03", "--uitvoeren") == 0
    assert "zoektekst verwijderd, met de uitvoermap" in capsys.readouterr().out
    assert "jansen" not in _stored(platform).lower()


def test_a_later_export_into_the_same_folder_keeps_its_own_term(
    url: str, platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """The first export was removed by hand and the folder's name used again three months later: the
    first search's term does not take the second export with it."""
    uit = tmp_path / "inzage-piet-jansen"
    _search_three_times(monkeypatch, url, uit, capsys)
    shutil.rmtree(uit)
    argv = ["personen", "inzage", "Piet Jansen", "--uit", str(uit), "--database", url]
    assert _run(monkeypatch, "2026-06-02", *argv) == 0
    later = _files(uit)

    assert _opschonen(monkeypatch, url, "2027-03-02", "--uitvoeren") == 0
    assert _files(uit) == later
    assert "piet.jansen@example.nl" not in _stored(platform)
    assert _opschonen(monkeypatch, url, "2027-06-02", "--uitvoeren") == 0
    assert not uit.exists()
