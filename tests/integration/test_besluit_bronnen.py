"""What a besluit's PDF may load: files in the template folders in use, nothing else (tester finding,
hardening). WeasyPrint's own URL fetcher followed file:// anywhere and http(s)://, so a municipality's
template (RUIMTEFLOW_BESLUIT_TEMPLATES) could put a server file in a letter or make the server fetch a URL.
The shipped templates load nothing and render as they did."""

from __future__ import annotations

import dataclasses
import io
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pypdf
import pytest

from services.documents import open_version
from services.documents.besluit import PDF_VARIANT, TEMPLATES, draft_besluit, finalise_besluit, render_pdf
from services.documents.pdf_resources import TemplateFetcher
from tests.integration.test_besluit import GEGEVENS, invoer, zaak  # noqa: F401 (fixture)


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that answers every GET with a stylesheet; yields its root URL and the paths
    it was asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            asked.append(self.path)
            body = b'body::after { content: "UIT-HET-NETWERK" }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _finalised_with(
    platform: Any, case: dict[str, Any], eigen: Path, caplog: pytest.LogCaptureFixture
) -> bytes:
    """The PDF of the case's final besluit, made with the municipality's templates in ``eigen`` (what the
    fetcher refused is logged in ``caplog``)."""
    gemeente = dataclasses.replace(
        platform, settings=platform.settings.with_(besluit_templates_dir=str(eigen))
    )
    with caplog.at_level(logging.WARNING, logger="ruimteflow.documents"):
        doc = finalise_besluit(gemeente, case["zaak"], "anna", invoer())
    _, stream = open_version(platform, doc["id"], "anna")
    with stream:
        return stream.read()


def test_a_municipal_template_loads_its_own_files_and_nothing_else(
    platform,
    zaak,  # noqa: F811
    tmp_path: Path,
    listener: tuple[str, list[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    root, asked = listener
    eigen = tmp_path / "eigen"
    (eigen / "besluit").mkdir(parents=True)
    (eigen / "huisstijl.css").write_text('h1::after { content: " EIGEN-HUISSTIJL" }')
    (tmp_path / "geheim.css").write_text('body::before { content: "GEHEIM-BESTAND" }')
    (eigen / "via-link.css").symlink_to(tmp_path / "geheim.css")
    refused = [
        f"{root}/huisstijl.css",  # the network
        (tmp_path / "geheim.css").as_uri(),  # a file elsewhere
        eigen.as_uri() + "/../geheim.css",  # out of the folder by ..
        (eigen / "via-link.css").as_uri(),  # out of the folder by a symbolic link
    ]
    links = "".join(
        f'<link rel="stylesheet" href="{url}">' for url in [*refused, (eigen / "huisstijl.css").as_uri()]
    )
    (eigen / "besluit" / "verlenen.html").write_text(
        '{% extends "besluit/base.html" %}{% block besluit %}' + links + '<img src="file:///etc/hostname">'
        "<p>Eigen sjabloon</p>{% endblock %}"
    )
    text = _text(_finalised_with(platform, zaak, eigen, caplog))
    assert asked == []  # no request reached the listener
    assert "GEHEIM-BESTAND" not in text and "UIT-HET-NETWERK" not in text
    assert "Eigen sjabloon" in text and "EIGEN-HUISSTIJL" in text  # its own folder's stylesheet loads
    logged = [r.getMessage() for r in caplog.records if r.name == "ruimteflow.documents"]
    assert len(logged) == len(refused) + 1  # each refused URL once, /etc/hostname too
    for url in [*refused, "file:///etc/hostname"]:
        assert sum(repr(url) in m for m in logged) == 1, url


def test_the_shipped_template_loads_nothing_and_renders_as_before(
    platform,
    zaak,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shipped besluit (inline CSS, an inline SVG map, system fonts) asks the fetcher for nothing, and
    its PDF holds the same text, fonts and images as with WeasyPrint's own fetcher."""
    import weasyprint

    asked: list[str] = []
    original = TemplateFetcher.fetch

    def spy(self: TemplateFetcher, url: str, headers: Any = None) -> Any:
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(TemplateFetcher, "fetch", spy)
    html = draft_besluit(platform, zaak["zaak"], "anna", invoer(), GEGEVENS)["html"]
    guarded = render_pdf(html, "A. de Vries")
    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).render()
    document.metadata.authors = ["A. de Vries"]
    before = bytes(document.write_pdf(pdf_variant=PDF_VARIANT))
    assert asked == []
    assert _resources(guarded) == _resources(before)
    assert zaak["zaak"] in _text(guarded) and "<svg" in html


def _resources(pdf: bytes) -> list[tuple[str, list[str], int]]:
    """Per page: its text, the fonts it embeds and how many images it draws."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        names = sorted(str(f.get_object()["/BaseFont"]).split("+")[-1] for f in fonts.values())
        out.append((page.extract_text(), names, len(page.images)))
    return out


def _png(path: Path, size: tuple[int, int], colour: str) -> None:
    from PIL import Image

    Image.new("RGB", size, colour).save(path, format="PNG")


def test_a_municipal_template_refers_to_its_own_files_relatively_and_to_nothing_outside(
    platform,
    zaak,  # noqa: F811
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A relative reference resolves in the municipality's template folder (review left4: it resolved in
    the shipped folder, so only an absolute file:// URL reached its logo); out of it (``../``, a symbolic
    link, an absolute path elsewhere) it is refused as before."""
    eigen = tmp_path / "eigen"
    (eigen / "besluit").mkdir(parents=True)
    _png(eigen / "logo.png", (7, 5), "red")
    (eigen / "huisstijl.css").write_text('h1::after { content: " EIGEN-HUISSTIJL" }')
    _png(tmp_path / "geheim.png", (9, 3), "blue")
    _png(tmp_path / "elders.png", (11, 2), "green")
    (eigen / "via-link.png").symlink_to(tmp_path / "geheim.png")
    refused = ["../geheim.png", "via-link.png", str(tmp_path / "elders.png")]  # an absolute path elsewhere
    images = "".join(f'<img src="{src}">' for src in ["logo.png", *refused])
    (eigen / "besluit" / "verlenen.html").write_text(
        '{% extends "besluit/base.html" %}{% block besluit %}<link rel="stylesheet" href="huisstijl.css">'
        + images
        + "<p>Eigen sjabloon</p>{% endblock %}"
    )
    pdf = _finalised_with(platform, zaak, eigen, caplog)
    # WeasyPrint gives every page the document's resources: each image once, by its name
    images = {i.name: i.image.size for page in pypdf.PdfReader(io.BytesIO(pdf)).pages for i in page.images}
    assert list(images.values()) == [(7, 5)], images  # the logo, embedded; nothing from outside the folder
    assert "EIGEN-HUISSTIJL" in _text(pdf)
    logged = [r.getMessage() for r in caplog.records if r.name == "ruimteflow.documents"]
    assert len(logged) == len(refused), logged
    for path in [tmp_path / "geheim.png", eigen / "via-link.png", tmp_path / "elders.png"]:
        assert sum(repr(path.as_uri()) in m for m in logged) == 1, (path, logged)
