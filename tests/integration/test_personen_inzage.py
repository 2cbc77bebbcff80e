"""`ruimteflow personen zoeken|inzage`: one person's data across the cases, for an AVG art. 15 request
(privacy review avg13, finding 4: a municipality could not find a neighbour's zienswijze, the initiator's
data or the documents about someone across its cases, nor hand them over). On SQLite and PostgreSQL: the
summary is a JSON column, searched the same way on both (a name with a 'Ç' as well)."""

from __future__ import annotations

import errno
import io
import json
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services import account_audit, cases, inzage_export
from services.clock import FixedClock
from services.documents import NewDocument
from services.documents.public import PublicFile
from services.documents.service import import_document
from services.platform import Platform
from services.status.messages import send_public_message
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.besluit_steps import geadviseerd, ontwerp_ter_inzage
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from tests.integration.test_omgevingsvergunning import Omgeving
from web import cli

INDIENER = "Johanna Pietersen-Çelik, Esweg 14, 7511 AB Ruimtedal, j.pietersen@example.nl, 06-12345678"
INHOUD = "Ik (Johanna Pietersen) maak bezwaar: mijn dochter heeft astma."
BRIEF = b"%PDF-1.4 zienswijze van Johanna Pietersen"

locatie = ov.locatie


@pytest.fixture
def zaak(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any], tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[Omgeving, str]:  # fmt: skip
    """An uitgebreide case of initiator J. Jansen with a neighbour's zienswijze and her letter as a
    document; the command reads the test's database and document store."""

    def steps(z: Omgeving) -> None:
        ontwerp_ter_inzage(z)
        z.bericht(
            "zienswijze",
            {"indiener": INDIENER, "inhoud": INHOUD, "ontvangen_op": clock.now().date().isoformat()},
        )
        meta = NewDocument(informatieobjecttype="zienswijze", bestandsnaam="brief pietersen.pdf",
                           titel="Zienswijze buurvrouw", auteur="J. Pietersen")  # fmt: skip
        import_document(any_platform, z.ref, pdf("brief") + BRIEF, meta)  # a letter registered by post

    z, _ = Omgeving.prepared(any_platform, clock, locatie, "personen_inzage.zaak", steps)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return z, any_platform.settings.database_url


def _zoek(url: str, tekst: str, capsys: Any) -> dict[str, Any]:
    assert cli.main(["personen", "zoeken", tekst, "--database", url, "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_finds_a_neighbours_zienswijze_by_name_and_by_email(zaak, capsys: Any) -> None:
    z, url = zaak
    for tekst in ("pietersen", "J.PIETERSEN@example.nl", "çelik"):
        found = _zoek(url, tekst, capsys)
        [case] = found["zaken"]
        assert case["zaak"] == z.ref
        [place] = [
            p for p in case["vindplaatsen"] if p["veld"] == "samenvatting.ingediende_zienswijzen[0].indiener"
        ]
        assert place["waarde"] == INDIENER
        assert place["gegeven"]["inhoud"] == INHOUD and place["gegeven"]["nummer"] == 1
    found = _zoek(url, "Pietersen", capsys)
    assert [d["titel"] for d in found["documenten"]] == ["Zienswijze buurvrouw"]
    assert found["documenten"][0]["gevonden_in"] == ["auteur"]
    assert cli.main(["personen", "zoeken", "Esweg 14", "--database", url]) == 0
    out = capsys.readouterr().out
    # one place more than before: the zienswijze's history line keeps its indiener too (services.berichten)
    assert out.startswith("Gevonden voor 'Esweg 14': 4 vindplaats(en).\n")
    assert f"{z.ref}  samenvatting.ingediende_zienswijzen[0].indiener: {INDIENER}" in out


def test_finds_the_initiator(zaak, capsys: Any) -> None:
    z, url = zaak
    found = _zoek(url, "j. jansen", capsys)
    [case] = found["zaken"]
    assert {"veld": "zaak.initiatiefnemer", "waarde": "J. Jansen"} in case["vindplaatsen"]
    assert found["documenten"] == [] and found["accounts"] == []
    assert _zoek(url, "odin", capsys)["accounts"][0]["gebruikersnaam"] == "odin"  # an account


def test_a_too_short_search_exits_2_and_nothing_found_says_so(zaak, capsys: Any) -> None:
    z, url = zaak
    before = snapshot(z.p)
    assert cli.main(["personen", "zoeken", " ab ", "--database", url]) == 2
    assert "Fout: Geef een zoektekst van minstens 3 tekens" in capsys.readouterr().err
    assert cli.main(["personen", "inzage", "ab", "--uit", "x", "--database", url]) == 2
    assert snapshot(z.p) == before  # no audit line for a refused search
    assert cli.main(["personen", "zoeken", "Van Oranje-Nassau", "--database", url]) == 0
    assert capsys.readouterr().out.startswith("Niets gevonden voor 'Van Oranje-Nassau' (gezocht in: zaken,")
    assert _zoek(url, "Van Oranje-Nassau", capsys)["aantal"] == 0


def test_the_export_folder(zaak, tmp_path: Path, capsys: Any) -> None:
    z, url = zaak
    uit = tmp_path / "inzage-pietersen"
    assert cli.main(["personen", "inzage", "Pietersen", "--uit", str(uit), "--database", url]) == 0
    assert "Controleer de inhoud voordat u hem verstrekt" in capsys.readouterr().out
    files = sorted(str(p.relative_to(uit)) for p in uit.rglob("*") if p.is_file())
    copy = f"documenten/{z.ref}_document-{_doc_id(uit)}_v1_brief_pietersen.pdf"
    assert files == ["README.txt", copy, "persoonsgegevens.json"]
    assert (uit / copy).read_bytes().endswith(BRIEF)
    data = json.loads((uit / "persoonsgegevens.json").read_text(encoding="utf-8"))
    assert data["verzoek"]["zoektekst"] == "Pietersen" and data["verzoek"]["door"].startswith("commandoregel")
    assert data["zaken"][0]["zaak"] == z.ref and data["documenten"][0]["bestand"] == copy
    readme = (uit / "README.txt").read_text(encoding="utf-8")
    assert "Inzageverzoek (AVG artikel 15)" in readme and "Zoektekst: Pietersen" in readme
    assert "1 bestand(en)" in readme and "AVG artikel 17" in readme
    assert stat.S_IMODE(uit.stat().st_mode) == 0o700 and stat.S_IMODE((uit / copy).stat().st_mode) == 0o600
    # a folder that is not empty is refused, unchanged
    assert cli.main(["personen", "inzage", "Pietersen", "--uit", str(uit), "--database", url]) == 2
    assert "bestaat al en is niet leeg" in capsys.readouterr().err
    assert sorted(str(p.relative_to(uit)) for p in uit.rglob("*") if p.is_file()) == files


LANG = "verslag " + "a" * 228 + ".pdf"  # 240 characters, as an upload may have (up to 255)
NIET_ASCII = "Zienswijze Ölçer " + "ë" * 150 + ".pdf"  # 171 characters, 325 bytes in UTF-8


def _inzage(url: str, uit: Path, capsys: Any) -> dict[str, tuple[int, str]]:
    """Export 'Pietersen' into ``uit``; per title of a document found, its id and its file's name."""
    assert cli.main(["personen", "inzage", "Pietersen", "--uit", str(uit), "--database", url]) == 0
    capsys.readouterr()
    data = json.loads((uit / "persoonsgegevens.json").read_text(encoding="utf-8"))
    return {
        d["titel"]: (int(d["document"]), d["bestand"].removeprefix("documenten/")) for d in data["documenten"]
    }


def test_a_long_or_non_ascii_file_name_is_shortened_to_fit(zaak, tmp_path: Path, capsys: Any) -> None:
    """Tester finding trust19 3: the copy's name (prefix + bestandsnaam) could pass the file system's 255
    bytes, and the export stopped halfway with 'systeemfout 36'. It is shortened, the prefix and the
    extension kept, the same on every run."""
    z, url = zaak
    for naam, titel in ((LANG, "Lang"), (NIET_ASCII, "Niet-ASCII")):
        meta = NewDocument(
            informatieobjecttype="zienswijze", bestandsnaam=naam, titel=titel, auteur="J. Pietersen"
        )
        import_document(z.p, z.ref, pdf(titel) + BRIEF, meta)
    files = _inzage(url, tmp_path / "eerste", capsys)
    assert _inzage(url, tmp_path / "tweede", capsys) == files  # deterministic
    assert sorted(files) == ["Lang", "Niet-ASCII", "Zienswijze buurvrouw"]
    for doc_id, name in files.values():
        assert (tmp_path / "eerste" / "documenten" / name).read_bytes().endswith(BRIEF)
        assert name.startswith(f"{z.ref}_document-{doc_id}_v1_") and name.endswith(".pdf")
        assert len(name.encode()) <= 255
    lang, niet_ascii = files["Lang"][1], files["Niet-ASCII"][1]
    assert "_verslag_aaaa" in lang and len(lang.encode()) == 255  # shortened to the limit
    assert "_Zienswijze_Ölçer_ëëë" in niet_ascii and len(niet_ascii.encode()) in (254, 255)  # 2-byte ë
    assert files["Zienswijze buurvrouw"][1].endswith("_v1_brief_pietersen.pdf")  # a short name as it was


def test_an_export_that_fails_halfway_is_removed_so_a_rerun_works(
    zaak, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after some files were written (a full disk) leaves the folder as it was given: removed
    when the run made it, empty when it was an empty folder; no half export of personal data stays."""
    z, url = zaak
    nieuw, leeg = tmp_path / "nieuw", tmp_path / "leeg"
    leeg.mkdir()

    def disk_full(*_: Any) -> str:
        raise OSError(errno.ENOSPC, "No space left on device", "README.txt")

    with monkeypatch.context() as patched:
        patched.setattr(inzage_export, "leesmij", disk_full)  # after the copies and persoonsgegevens.json
        for uit in (nieuw, leeg):
            assert cli.main(["personen", "inzage", "Pietersen", "--uit", str(uit), "--database", url]) == 2
    assert "(schijf vol)" in capsys.readouterr().err
    assert not nieuw.exists() and list(leeg.iterdir()) == []
    for uit in (nieuw, leeg):
        assert len(_inzage(url, uit, capsys)) == 1 and (uit / "README.txt").exists()


def test_a_second_run_into_the_same_folder_is_refused_and_removes_nothing(
    zaak, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review sessie19: run B took the new folder and, while it searched, run A was given the same (still
    empty) folder. A exported into it; B then failed on A's files and removed the folder with A's export,
    which A had reported as done. Now the folder belongs to the run that claimed it first: A is refused
    before it writes or records anything, and B's export stays."""
    z, url = zaak
    uit, real_vind, exits = tmp_path / "uit", inzage_export.inzage.vind, {}

    def vind(platform: Platform, text: str) -> Any:
        if "a" not in exits:  # run A starts while run B holds the folder
            exits["a"] = cli.main(["personen", "inzage", "Pietersen", "--uit", str(uit), "--database", url])
        return real_vind(platform, text)

    monkeypatch.setattr(inzage_export.inzage, "vind", vind)
    exits["b"] = cli.main(["personen", "inzage", "Pietersen", "--uit", str(uit), "--database", url])
    err = capsys.readouterr().err
    assert exits == {"a": 2, "b": 0}, err
    assert "wordt al gebruikt door een andere inzage" in err
    assert sorted(p.name for p in uit.iterdir()) == ["README.txt", "documenten", "persoonsgegevens.json"]


def _doc_id(uit: Path) -> int:
    return int(
        json.loads((uit / "persoonsgegevens.json").read_text(encoding="utf-8"))["documenten"][0]["document"]
    )


def test_every_run_is_an_audit_line(zaak, tmp_path: Path, capsys: Any) -> None:
    z, url = zaak
    assert cli.main(["personen", "zoeken", "Pietersen", "--database", url]) == 0
    assert cli.main(["personen", "inzage", "Jansen", "--uit", str(tmp_path / "uit"), "--database", url]) == 0
    capsys.readouterr()
    lines = [h for h in account_audit.history(z.p) if h["wijziging"].startswith("persoon-")]
    assert [(h["wijziging"], h["gebruiker"], h["nu"]["zoektekst"]) for h in lines] == [
        ("persoon-inzage", "", "Jansen"),
        ("persoon-gezocht", "", "Pietersen"),
    ]
    assert lines[0]["nu"]["uitvoer"] == str((tmp_path / "uit").resolve())
    assert all(h["door"].startswith("commandoregel (systeemgebruiker ") for h in lines)
    # the search and how many places it found, never what it found
    assert all(set(h["nu"]) <= {"zoektekst", "uitvoer", "vindplaatsen"} for h in lines)


PETRA = "Petra de Vries"
AANVULLING = "Hierbij de gevraagde tekening van de aanbouw."
BEZWAAR = "Ik maak bezwaar tegen voorschrift 2: de dakkapel mag blijven."
KAREL = "Karel Smit, Kerkstraat 7"
KAREL_BEZWAAR = "De aanbouw neemt het licht uit mijn tuin weg."


@pytest.fixture
def petra(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> tuple[Omgeving, str]:  # fmt: skip
    """Petra de Vries's own permit: she applied (petra@example.org), sent an aanvulling with a drawing and a
    bezwaar from the status page, which name her nowhere ("de aanvrager (via de statuspagina)"); a
    neighbour's bezwaar, registered by post, is joined to hers."""

    def steps(z: Omgeving) -> None:
        data = {"activiteiten": ["technische_bouwactiviteit"], "email": "petra@example.org",
                "toelichting": "Een aanbouw aan de achterzijde."}  # fmt: skip
        started = cases.start_case(any_platform, "omgevingsvergunning", data, user="anna",
                                   geometry_wkt=ov.PERCEEL, title="Aanbouw Kerkstraat 5", initiator=PETRA,
                                   location_name="Kerkstraat 5")  # fmt: skip
        z.ref, code = started["zaak"], started["volgcode"]
        asked = {"compleet": False, "ontbrekend": "tekening", "aanvullingstermijn_dagen": 14,
                 "gevraagde_documenten": ["bijlage"]}  # fmt: skip
        z.doe("anna", "Ontvankelijkheid", asked)
        drawing = [PublicFile("tekening aanbouw.pdf", io.BytesIO(pdf("tekening") + BRIEF), "bijlage")]
        send_public_message(any_platform, code, "aanvulling", {"tekst": AANVULLING}, drawing)
        bezwaren(z, code)

    z, _ = Omgeving.prepared(any_platform, clock, locatie, "personen_inzage.petra", steps)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return z, any_platform.settings.database_url


def bezwaren(z: Omgeving, code: str) -> None:
    """The complete application of ``z`` advised on and granted; on 1 April the applicant's bezwaar from the
    status page (``code``), and a neighbour's, registered by post, joined to it."""
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    geadviseerd(z)
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    send_public_message(z.p, code, "bezwaar", {"tekst": BEZWAAR})
    z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-04-01", "indiener": KAREL,
                          "inhoud": KAREL_BEZWAAR})  # fmt: skip


def _export(url: str, tekst: str, uit: Path, capsys: Any) -> tuple[dict[str, Any], str]:
    """Export ``tekst`` into ``uit``: persoonsgegevens.json, read and as its text."""
    assert cli.main(["personen", "inzage", tekst, "--uit", str(uit), "--database", url]) == 0
    capsys.readouterr()
    text = (uit / "persoonsgegevens.json").read_text(encoding="utf-8")
    return json.loads(text), text


def test_the_export_holds_what_the_applicant_submitted(petra, tmp_path: Path, capsys: Any) -> None:
    """Tester finding inzage (AVG art. 15): the export of petra@example.org (or "Petra de Vries") held only
    the fields that contain the search text, not her own aanvulling and bezwaar in the same case, nor the
    documents she sent. Now every case she applied for lists what she submitted in it, each item with its
    source; the neighbour's bezwaar in her case is not added."""
    z, url = petra
    for i, tekst in enumerate(("petra@example.org", PETRA)):
        data, text = _export(url, tekst, tmp_path / f"uit{i}", capsys)
        assert AANVULLING in text and BEZWAAR in text  # her own texts, which do not name her
        [case] = data["ingediend"]
        assert (case["zaak"], case["rol"]) == (z.ref, "aanvrager")
        berichten = {i["bron"]: i["gegevens"] for i in case["items"] if i["soort"] == "bericht"}
        assert berichten["samenvatting.gegevens.aanvulling"]["aanvulling_tekst"] == AANVULLING
        assert berichten["samenvatting.gegevens.aanvulling"]["aanvulling_documenten"] == ["tekening aanbouw"]
        assert berichten["samenvatting.gegevens.bezwaar"]["inhoud"] == BEZWAAR
        assert [(i["bericht"], i["door"]) for i in case["items"] if i["soort"] == "bericht ontvangen"] == [
            ("aanvulling", "initiatiefnemer"),
            ("bezwaar", "initiatiefnemer"),
        ]
        [aanvraag, formulier] = [i for i in case["items"] if i["soort"] == "aanvraag"]
        assert aanvraag["bron"] == "zaak" and aanvraag["gegevens"]["e-mailadres"] == "petra@example.org"
        assert formulier["gegevens"]["Toelichting"] == "Een aanbouw aan de achterzijde."
        [document] = [i for i in case["items"] if i["soort"] == "document"]
        assert document["titel"] == "tekening aanbouw" and document["bron"].startswith(
            "documenten (document "
        )
        assert (tmp_path / f"uit{i}" / document["bestand"]).read_bytes().endswith(BRIEF)
        # what the neighbour wrote is not hers: not in her export at all
        assert KAREL_BEZWAAR not in text and "Karel" not in text
    readme = (tmp_path / "uit0" / "README.txt").read_text(encoding="utf-8")
    assert "ingediend (1 zaak/zaken): wat de persoon zelf indiende" in readme


def test_a_neighbours_export_holds_his_bezwaar_and_nothing_of_the_applicant(
    petra, tmp_path: Path, capsys: Any
) -> None:
    """The party of a message in someone else's case: his own bezwaar, not the applicant's messages."""
    z, url = petra
    data, text = _export(url, "Karel Smit", tmp_path / "uit", capsys)
    [case] = data["ingediend"]
    assert (case["zaak"], case["rol"]) == (z.ref, "indiener")
    record, line = case["items"]
    assert (record["soort"], record["bron"], record["gegevens"]["inhoud"]) == (
        "bericht",
        "samenvatting.gevoegde_bezwaren[0]",
        KAREL_BEZWAAR,
    )
    # and its history line, which keeps his text too (services.berichten), as his own
    assert (line["soort"], line["bericht"], line["indiener"], line["tekst"]) == (
        "bericht ontvangen",
        "bezwaar",
        KAREL,
        KAREL_BEZWAAR,
    )
    assert AANVULLING not in text and BEZWAAR not in text and data["documenten"] == []
    # the words the applicant's messages are recorded with make no one their sender
    data, text = _export(url, "de aanvrager", tmp_path / "aanvrager", capsys)
    assert data["zaken"] and data["ingediend"] == [] and AANVULLING not in text
