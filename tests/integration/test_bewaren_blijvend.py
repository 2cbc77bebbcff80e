"""A case whose resultaattype is blijvend_bewaren is never destroyed: `zaken opschonen` lists it on its
archiefactiedatum as to be transferred to the archiefbewaarplaats and `--uitvoeren` leaves it, its
documents (the besluit) too; an archiefnominatie ZGW does not know is refused when loading (review
archief13, 2 and 7: such a case was pseudonymised on that day, and "bewaren" loaded silently)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services.bewaren import vernietigen
from services.bewaren.termijn import vervallen
from services.platform import Platform
from services.zgw import mapping
from tests.integration.bewaren_helpers import case_with, cli_env, cli_today, close, goedkeuren, prepare
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from web import cli

CLOSED = date(2026, 3, 2)
TRANSFER = date(2046, 3, 2)  # P20Y


def _map(platform: Platform, old: str, new: str) -> None:
    path = Path(platform.settings.zgw_mapping_file)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    mapping._load.cache_clear()  # the mapping is read once per path


GRANTED = (
    'selectielijst = "11.3"  # a class of the shipped file with a one-year term: these tests destroy after P1Y\n'
    'archiefnominatie = "vernietigen"\narchiefactietermijn = "P1Y"'
)
KEPT = 'selectielijst = "11.1.6"\narchiefnominatie = "blijvend_bewaren"\narchiefactietermijn = "P20Y"'


@pytest.fixture
def kept(platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A granted case (11.1.6, blijvend bewaren, P20Y) with a document, closed on 2 March 2026."""
    prepare(platform, tmp_path)
    _map(platform, GRANTED, KEPT)
    zaak = case_with(platform, pdf("besluit"))
    close(platform, zaak)
    cli_env(platform, tmp_path, monkeypatch)
    return zaak["zaak"], platform.settings.database_url


def test_a_kept_case_is_listed_for_transfer_not_destruction(kept, platform: Platform) -> None:
    ref, _url = kept
    assert list(vervallen(platform, date(2046, 3, 1))) == []
    [line] = list(vervallen(platform, TRANSFER))
    assert (line.zaak, line.bewaren_tot, line.overbrengen_op) == (ref, None, TRANSFER)
    assert (
        "over te brengen naar de archiefbewaarplaats per 2046-03-02 (wordt niet vernietigd)" in line.regel()
    )
    before = snapshot(platform)
    # even handed a dated line, the run leaves a case kept for good as it is
    assert vernietigen.vernietig(platform, line).uitkomst == "uitgesteld"
    assert snapshot(platform) == before


def test_uitvoeren_leaves_a_kept_case_and_its_documents(
    kept, platform: Platform, capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ref, url = kept
    before = snapshot(platform)
    cli_today(monkeypatch, "2047-01-01")  # a run destroys only what is due today (archief13, 3)
    argv = ["zaken", "opschonen", "--database", url, "--datum", "2047-01-01"]
    lijst = tmp_path / "lijst.json"
    assert cli.main([*argv, "--lijst", str(lijst)]) == 0  # the approved list (archief13, 4)
    goedkeuren(url, lijst)
    capsys.readouterr()
    assert cli.main([*argv, "--uitvoeren", "--lijst", str(lijst)]) == 0
    out = capsys.readouterr().out
    assert f"{ref}  " in out and "over te brengen naar de archiefbewaarplaats" in out
    assert "vernietigd (" not in out and "0 zaak/zaken vernietigd." in out
    assert snapshot(platform) == before  # the case, its besluit and documents as they were
    assert cli.main([*argv, "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)["zaken"]
    assert (item["bewaren_tot"], item["overbrengen_op"]) == (None, "2046-03-02")


def test_a_term_that_counts_from_the_besluit_is_not_dated_here(kept, platform: Platform) -> None:
    ref, _url = kept
    _map(platform, KEPT, GRANTED + '\nafleidingswijze = "vervaldatum_besluit"')
    [line] = list(vervallen(platform, date(2030, 1, 1)))
    assert (line.zaak, line.bewaren_tot, line.overbrengen_op) == (ref, None, None)
    assert (
        "bewaartermijn telt vanaf vervaldatum_besluit, hier niet te dateren (blijft bewaard)" in line.regel()
    )


def test_an_unknown_archiefnominatie_exits_2_in_dutch(kept, platform: Platform, capsys: Any) -> None:
    _ref, url = kept
    _map(platform, 'archiefnominatie = "blijvend_bewaren"', 'archiefnominatie = "bewaren"')
    before = snapshot(platform)
    assert cli.main(["zaken", "opschonen", "--database", url, "--datum", "2047-01-01"]) == 2
    err = capsys.readouterr().err
    assert "archiefnominatie 'bewaren' is geen ZGW-waarde" in err and "Traceback" not in err, err
    assert snapshot(platform) == before
