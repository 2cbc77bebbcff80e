"""Review archief15 F2(b): a case closed on a registered beroep counted its P5Y from the day the beroep was
filed, while the rechtbank and the Raad van State may still need the file (Awb 8:42). It is now kept as
"beroep aanhangig" (not datable) until an officer records the court's uitspraak; the term counts from that
day."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services.bewaren.termijn import vervallen
from tests.integration.bewaren_helpers import cli_env, cli_today
from tests.integration.bezwaar_steps import beroep_na_weigering
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z  # noqa: F401
from web import cli


def test_a_case_closed_on_a_beroep_is_kept_until_the_uitspraak_is_recorded(
    z: Omgeving,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    closed = beroep_na_weigering(z)
    later = date(closed.year + 8, 1, 1)
    [line] = vervallen(z.p, later)
    assert line.bewaren_tot is None and line.overbrengen_op is None
    assert "beroep aanhangig" in line.onbekend and "uitspraak" in line.onbekend
    assert "blijft bewaard" in line.regel()

    cli_env(z.p, tmp_path, monkeypatch)
    cli_today(monkeypatch, "2027-06-30")
    url = z.p.settings.database_url
    assert cli.main(["zaken", "opschonen", "--database", url, "--datum", later.isoformat()]) == 0
    assert "beroep aanhangig" in capsys.readouterr().out
    args = ["zaken", "uitspraak", z.ref, "--database", url, "--door", "jurist"]
    assert cli.main([*args, "--op", "2027-07-01"]) == 2  # after today: refused, nothing recorded
    out = capsys.readouterr()
    assert "ligt niet tussen de afronding van de zaak" in out.out + out.err
    [line] = vervallen(z.p, later)
    assert "beroep aanhangig" in line.onbekend
    assert cli.main([*args, "--op", "2027-06-15"]) == 0
    assert "2027" in capsys.readouterr().out
    # P5Y (geweigerd) from the uitspraak, not from the day the beroep was filed
    assert not list(vervallen(z.p, date(2032, 6, 14)))
    [line] = vervallen(z.p, date(2032, 6, 15))
    assert (line.bewaren_tot, line.termijn, line.onbekend) == (date(2032, 6, 15), "P5Y", "")
    assert line.bewaren_tot > date(closed.year + 5, closed.month, closed.day)  # the old, filing-day end


def test_an_uitspraak_is_refused_for_a_case_not_closed_on_a_beroep(
    z: Omgeving,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    z.start()
    cli_env(z.p, tmp_path, monkeypatch)
    cli_today(monkeypatch, "2027-06-30")
    url = z.p.settings.database_url
    args = ["zaken", "uitspraak", "--database", url, "--door", "jurist", "--op", "2027-06-15"]
    assert cli.main([*args, z.ref]) == 2
    assert cli.main([*args, "Z-2026-999999"]) == 2
    assert z.zaak()["samenvatting"].get("uitspraak") is None
