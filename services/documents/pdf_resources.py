"""What a PDF rendered from a template may load: files inside the template folders in use, nothing else.

WeasyPrint fetches what the HTML names (an ``<img>``, a ``<link>`` stylesheet, an ``@import``, a font's
``url()``) through a URL fetcher; its own follows ``file://`` anywhere and ``http(s)://``. The shipped
templates load nothing (inline CSS and SVG, system fonts), but a municipality's template
(``Settings.besluit_templates_dir``), or a value a template marks ``|safe``, could then put a server file in
a letter or make the server fetch a URL. ``TemplateFetcher`` serves a ``file:`` URL only when the file,
resolved (``..`` and symbolic links followed), lies inside one of the folders; any other URL (another
file, ``http(s)``, ``data:``, ...) is refused and logged once per render, and the PDF renders without it.
A relative reference resolves against the base URL the HTML is rendered with (``folder_url`` of the
municipality's folder: ``logo.png`` is a file there), and is then held to the same rule.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

log = logging.getLogger("ruimteflow.documents")


def folder_url(folder: str | Path) -> str:
    """The ``file:`` URL of a folder, with its closing slash: the base a relative reference in a template
    resolves against (without the slash, ``logo.png`` would be a file beside the folder)."""
    return Path(folder).resolve().as_uri().rstrip("/") + "/"


class TemplateFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """The URL fetcher of one render: files inside ``folders`` (an empty one is left out), nothing else.
    ``refused`` lists the URLs it refused, each once, in order."""

    def __init__(self, *folders: str | Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = tuple(Path(f).resolve() for f in folders if str(f))
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = self.allowed(url)
        if path is None:
            if url not in self.refused:
                self.refused.append(url)
                log.warning(
                    "PDF rendered without %r: only files in the template folders are loaded", url[:300]
                )
            raise ValueError("only files in the template folders are loaded")
        return super().fetch(path.as_uri(), headers)

    def allowed(self, url: str) -> Path | None:
        """The file ``url`` names, resolved, when it is one inside a folder; else None."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()
        inside = any(path.is_relative_to(root) for root in self.roots)
        return path if inside and path.is_file() else None
