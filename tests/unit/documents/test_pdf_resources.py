"""Which URLs a rendered PDF may load (services/documents/pdf_resources.py): a file inside a template
folder, resolved; nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.documents.pdf_resources import TemplateFetcher


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "eigen" / "besluit").mkdir(parents=True)
    (tmp_path / "eigen" / "logo met spatie.png").write_bytes(b"\x89PNG")
    (tmp_path / "eigen" / "besluit" / "x.css").write_text("p {}")
    (tmp_path / "buiten.css").write_text("p {}")
    return tmp_path / "eigen"


def test_a_file_inside_the_folder_is_served_whatever_way_the_url_spells_it(folder: Path) -> None:
    fetcher = TemplateFetcher(folder)
    logo = (folder / "logo met spatie.png").resolve()
    assert fetcher.allowed(logo.as_uri()) == logo  # percent-encoded
    assert fetcher.allowed(folder.as_uri() + "/besluit/../logo%20met%20spatie.png?v=1#top") == logo
    assert fetcher.allowed("file://localhost" + logo.as_posix()) == logo
    response = fetcher.fetch(logo.as_uri())
    assert response.read() == b"\x89PNG"
    response.close()
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "data:image/png;base64,iVBORw0KGgo=",
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.css",
        "ftp://example.org/x.css",
        "file:///etc/hostname",
        "FILE:///etc/hostname",
    ],
)
def test_every_other_url_is_refused_and_logged_once(
    folder: Path, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    fetcher = TemplateFetcher(folder)
    for _ in range(2):
        with pytest.raises(ValueError, match="template folders"):
            fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert [r.name for r in caplog.records] == ["ruimteflow.documents"]


def test_the_folder_itself_another_host_and_a_missing_file_are_refused(folder: Path) -> None:
    fetcher = TemplateFetcher(folder)
    assert fetcher.allowed(folder.as_uri()) is None
    assert fetcher.allowed(folder.as_uri() + "/besluit/") is None
    assert fetcher.allowed("file://server" + (folder / "besluit" / "x.css").as_posix()) is None
    assert fetcher.allowed(folder.as_uri() + "/weg.css") is None
    assert fetcher.allowed(folder.as_uri() + "/../buiten.css") is None


def test_no_override_folder_adds_no_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty ``besluit_templates_dir`` is no folder (not the working directory)."""
    monkeypatch.chdir(folder.parent)
    fetcher = TemplateFetcher(folder / "besluit", "")
    assert fetcher.allowed((folder.parent / "buiten.css").as_uri()) is None
    assert fetcher.allowed((folder / "besluit" / "x.css").as_uri()) is not None
