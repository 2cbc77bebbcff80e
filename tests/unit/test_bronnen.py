"""Source notes of the location-check rules and the process data: checked, logged, and marked in Dutch.

Every note in gis/data/regels.toml (``bron`` per rule) and in processes/data/*.toml (``[bron]``) has a row in
docs/bronnen.md. A note whose row says "nog te verifiëren" carries the marker "(nog te verifiëren)", and only
such a note does; the English "(verify)" appears nowhere.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = "(nog te verifiëren)"
REGELS = ROOT / "gis" / "data" / "regels.toml"
DATA = sorted((ROOT / "processes" / "data").glob("*.toml"))
LOG = ROOT / "docs" / "bronnen.md"
STATUSES = {"bevestigd", "gecorrigeerd", "nog te verifiëren", "fictief", "productkeuze"}
METADATA_KEYS = {"url", "gecontroleerd"}  # [bron] fields that are not notes shown to officers


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def source_notes() -> Iterator[tuple[str, str, str]]:
    """(file, key, note) for every source note shipped with the product."""
    for rule in tomllib.loads(REGELS.read_text(encoding="utf-8"))["rule"]:
        yield _rel(REGELS), rule["id"], rule["bron"]
    for path in DATA:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        bron = data.get("bron", {})
        for key, note in bron.items() if isinstance(bron, dict) else [("", bron)]:
            if key not in METADATA_KEYS:
                yield _rel(path), f"bron.{key}", note
        for i, day in enumerate(data.get("bij_koninklijk_besluit", [])):
            yield _rel(path), f"bij_koninklijk_besluit.{i}", day.get("bron", "")


def log_rows() -> dict[tuple[str, str], str]:
    """(file, key) -> status from the table in docs/bronnen.md."""
    rows: dict[tuple[str, str], str] = {}
    for line in LOG.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].endswith(".toml"):
            rows[(cells[0], cells[1])] = cells[2]
    return rows


NOTES = list(source_notes())


@pytest.mark.parametrize("path", [REGELS, *DATA], ids=_rel)
def test_geen_engels_merkteken_in_bronbestanden(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "verify" not in text.lower(), f"{_rel(path)} bevat nog het Engelse merkteken"


@pytest.mark.parametrize(("bestand", "sleutel", "notitie"), NOTES, ids=[f"{f}:{k}" for f, k, _ in NOTES])
def test_alleen_het_nederlandse_merkteken(bestand: str, sleutel: str, notitie: str) -> None:
    assert isinstance(notitie, str) and notitie.strip(), f"{bestand}:{sleutel} heeft geen bronnotitie"
    rest = notitie.replace(MARKER, "")
    assert not re.search(r"verif|nakijken|te controleren|\btodo\b|\(\?\)", rest, re.IGNORECASE), (
        f"{bestand}:{sleutel}: gebruik precies het merkteken {MARKER}: {notitie!r}"
    )


def test_elke_notitie_staat_in_het_controlelog() -> None:
    rows = log_rows()
    missing = [f"{f}:{k}" for f, k, _ in NOTES if (f, k) not in rows]
    assert not missing, f"niet gelogd in docs/bronnen.md: {missing}"
    assert set(rows.values()) <= STATUSES, set(rows.values()) - STATUSES
    stale = sorted(set(rows) - {(f, k) for f, k, _ in NOTES})
    assert not stale, f"docs/bronnen.md noemt notities die niet (meer) bestaan: {stale}"


@pytest.mark.parametrize(("bestand", "sleutel", "notitie"), NOTES, ids=[f"{f}:{k}" for f, k, _ in NOTES])
def test_merkteken_volgt_het_controlelog(bestand: str, sleutel: str, notitie: str) -> None:
    status = log_rows().get((bestand, sleutel))
    if status is None:
        pytest.skip("ontbreekt in het log; zie test_elke_notitie_staat_in_het_controlelog")
    if status == "nog te verifiëren":
        assert MARKER in notitie, f"{bestand}:{sleutel} is niet bevestigd en mist {MARKER}"
    else:
        assert MARKER not in notitie, f"{bestand}:{sleutel} is '{status}' maar draagt nog {MARKER}"
    if status == "fictief":
        assert re.search(r"fictie|demo", notitie, re.IGNORECASE), (
            f"{bestand}:{sleutel} zegt niet dat het fictief is"
        )
    if status == "productkeuze":
        assert re.search(r"productkeuze|praktijkregel|geen wettelijke", notitie, re.IGNORECASE), notitie


def test_windturbine_afstand_noemt_de_juiste_uitspraak() -> None:
    regels = {r["id"]: r for r in tomllib.loads(REGELS.read_text(encoding="utf-8"))["rule"]}
    bron = regels["wt-woning-afstand"]["bron"]
    assert "ABRvS 30 juni 2021" in bron
    # The parenthesis that holds the ECLI names the case it belongs to: Windpark Delfzijl Zuid Uitbreiding.
    groep = re.search(r"\(([^()]*ECLI:NL:RVS:2021:1395[^()]*)\)", bron)
    assert groep, bron
    assert "Delfzijl Zuid Uitbreiding" in groep.group(1)
    assert "Nevele" not in groep.group(1) and "Nijstad" not in groep.group(1)
    # Nevele is the EU Court judgment of 25 June 2020, C-24/19, and is cited as such (if at all).
    for nevele in re.findall(r"\(([^()]*Nevele[^()]*)\)", bron):
        assert "C-24/19" in nevele
    if "Nevele" in bron:
        assert "25 juni 2020" in bron


def test_geen_engels_merkteken_in_code_en_schermen() -> None:
    suffixes = {".py", ".html", ".js", ".css", ".json", ".toml", ".txt", ".md"}
    found = []
    for top in ("gis", "processes", "services", "web"):
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in suffixes or "vendor" in path.parts or not path.is_file():
                continue
            if "(verify)" in path.read_text(encoding="utf-8", errors="replace"):
                found.append(_rel(path))
    assert not found, f"Engels merkteken '(verify)' in: {found}"


def test_drempels_tonen_de_bronnotitie_zonder_engels_merkteken(monkeypatch: pytest.MonkeyPatch) -> None:
    from processes import energie

    data = {
        "gemeente": {"provincie": "Gelderland"},
        "standaard": {"provincie_vanaf_mw": 5.0, "rijk_vanaf_mw": 100.0},
        "bron": {"drempels": "Wet X art. 1\n(nog te verifiëren)"},
    }
    monkeypatch.setattr(energie, "_bg", lambda: data)
    assert energie.drempels()["bron"] == "Wet X art. 1 (nog te verifiëren)"
    data["bron"]["drempels"] = "Wet X art. 1"
    assert energie.drempels()["bron"] == "Wet X art. 1"
