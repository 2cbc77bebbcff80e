"""`ruimteflow zaken opschonen`: a dry run by default (Dutch lines, nothing changes), `--uitvoeren`
destroys the cases of an approved list, `--datum` previews another day; bad input exits 2 in Dutch with the data unchanged (privacy
review: nothing erased or anonymised the personal data of a closed case after its retention)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.platform import Platform
from tests.integration.bewaren_helpers import case_with, cli_env, cli_today, close, goedkeuren, prepare
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from web import cli


@pytest.fixture
def closed(platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A case closed on 2 March 2026 (P1Y: due 2 March 2027) in the test's SQLite file; its reference
    and the database URL. The command reads the test's mapping and document store from the environment."""
    prepare(platform, tmp_path)
    zaak = case_with(platform, pdf("tekening"))
    close(platform, zaak)
    cli_env(platform, tmp_path, monkeypatch)
    return zaak["zaak"], platform.settings.database_url


def _files(tmp_path: Path) -> list[Path]:
    return sorted(
        p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".db" and "-wal" not in p.name
    )


def test_the_dry_run_lists_in_dutch_and_changes_nothing(closed, platform, tmp_path, capsys: Any):
    ref, url = closed
    before, files = snapshot(platform), _files(tmp_path)
    assert cli.main(["zaken", "opschonen", "--database", url, "--datum", "2027-03-01"]) == 0
    assert "Geen afgeronde zaken waarvan de bewaartermijn is verstreken." in capsys.readouterr().out
    assert cli.main(["zaken", "opschonen", "--database", url, "--datum", "2027-03-02"]) == 0
    out = capsys.readouterr().out
    assert f"{ref}  Kleine vergunning  resultaat: besluit: verlenen  afgerond op 2026-03-02  " in out
    assert "bewaartermijn P1Y verstreken op 2027-03-02" in out and "Proefdraai: 1 zaak" in out
    assert "account piet (initiatiefnemer): geen van zijn zaken bewaart daarna nog gegevens" in out
    assert "1 zaak/zaken zouden worden vernietigd en 1 account(s) geanonimiseerd" in out
    assert cli.main(["zaken", "opschonen", "--database", url, "--datum", "2027-03-02", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accounts"] == ["piet"]
    assert cli.main(["zaken", "opschonen", "--database", url]) == 0  # today, on the system clock
    capsys.readouterr()
    assert snapshot(platform) == before and _files(tmp_path) == files


def test_uitvoeren_with_a_date_after_today_is_refused(closed, platform, monkeypatch, tmp_path, capsys: Any):
    """review archief13, 3: `--datum 2027-04-01 --uitvoeren` pseudonymised cases whose term had not ended."""
    ref, url = closed
    cli_today(monkeypatch, "2027-03-01")  # the term ends tomorrow
    assert cli.main(["zaken", "opschonen", "--database", url, "--datum", "2027-03-02"]) == 0
    assert f"{ref}  Kleine vergunning" in capsys.readouterr().out  # a dry run may plan ahead
    before, files = snapshot(platform), _files(tmp_path)
    assert cli.main(["zaken", "opschonen", "--database", url, "--datum", "2027-03-02", "--uitvoeren"]) == 2
    err = capsys.readouterr().err
    assert "--datum 2027-03-02 ligt na vandaag (2027-03-01)" in err and "niets gewijzigd" in err, err
    assert "Traceback" not in err
    assert snapshot(platform) == before and _files(tmp_path) == files


def _approved(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> str:
    """Today is 2 March 2027 for the CLI (--uitvoeren takes no later --datum); the list of a dry run,
    approved."""
    cli_today(monkeypatch, "2027-03-02")
    lijst = str(tmp_path / "lijst.json")
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", lijst]) == 0
    goedkeuren(url, lijst)
    capsys.readouterr()
    return lijst


def test_uitvoeren_destroys_once(closed, platform, tmp_path, monkeypatch, capsys: Any):
    ref, url = closed
    lijst = _approved(url, tmp_path, monkeypatch, capsys)
    argv = ["zaken", "opschonen", "--database", url, "--uitvoeren", "--lijst", lijst]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert (
        f"{ref}  vernietigd (1 bestand(en) verwijderd); account piet geanonimiseerd" in out
        and "1 zaak/zaken vernietigd." in out
    )
    after = snapshot(platform)
    assert cli.main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "uitgevoerd": True,
        "zaken": [],
        "accounts": [],
        "eerdere_runs": [],
        "resultaten": [],
        "zoekopdrachten": [],
    }
    assert snapshot(platform) == after


def test_json_names_the_term_of_each_case(closed, capsys: Any):
    ref, url = closed
    assert cli.main(["zaken", "opschonen", "--database", url, "--datum", "2031-01-01", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)["zaken"]
    assert item == {
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


@pytest.mark.parametrize(
    ("extra", "env", "message"),
    [
        (["--datum", "2027-13-01"], None, "--datum: '2027-13-01' is geen geldige datum"),
        (["--datum", "morgen"], None, "--datum: 'morgen' is geen geldige datum"),
        (["--datum", "9999-12-31"], None, "ligt buiten het toegestane bereik"),
        (["--snel"], None, "onbekende argumenten: --snel"),
        (["--datum"], None, "--datum: hier hoort één waarde achter"),
        ([], "vijf jaar", "RUIMTEFLOW_BEWAARTERMIJN_STANDAARD: 'vijf jaar' is geen bewaartermijn"),
    ],
)
def test_bad_input_exits_2_in_dutch_and_changes_nothing(
    closed, platform, tmp_path, capsys: Any, monkeypatch: pytest.MonkeyPatch, extra, env, message
):
    _ref, url = closed
    if env is not None:
        monkeypatch.setenv("RUIMTEFLOW_BEWAARTERMIJN_STANDAARD", env)
    before, files = snapshot(platform), _files(tmp_path)
    assert cli.main(["zaken", "opschonen", "--database", url, "--uitvoeren", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert snapshot(platform) == before and _files(tmp_path) == files


def test_a_case_that_fails_is_reported_and_the_run_goes_on(
    closed, platform, tmp_path, monkeypatch, capsys: Any
):
    """A case the run loses a race on (here a deadlock with beheer, review sessie10 races 2) is named in
    Dutch; the later cases are destroyed, and the command exits 1 naming the case."""
    import psycopg
    from sqlalchemy.exc import OperationalError

    from services.bewaren import vernietigen

    ref, url = closed
    later = case_with(platform)
    close(platform, later)
    lijst = _approved(url, tmp_path, monkeypatch, capsys)
    destroy = vernietigen.vernietig

    def first_deadlocks(p, item, run):
        if item.zaak == ref:
            raise OperationalError("update outbox_message", {}, psycopg.errors.DeadlockDetected("deadlock"))
        return destroy(p, item, run)

    monkeypatch.setattr(vernietigen, "vernietig", first_deadlocks)
    argv = ["zaken", "opschonen", "--database", url, "--uitvoeren", "--lijst", lijst]
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert f"{ref}  niet vernietigd: iemand anders wijzigde de zaak" in captured.out
    assert f"{later['zaak']}  vernietigd" in captured.out and "1 zaak/zaken vernietigd." in captured.out
    assert f"Fout: 1 zaak/zaken niet vernietigd: {ref}." in captured.err
    monkeypatch.setattr(vernietigen, "vernietig", destroy)
    assert cli.main([*argv, "--json"]) == 0  # the next run takes it
    [result] = json.loads(capsys.readouterr().out)["resultaten"]
    assert (result["zaak"], result["uitkomst"]) == (ref, "vernietigd")
