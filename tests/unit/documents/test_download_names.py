"""A download is named with an extension of its content (services.documents.extensions ``download_name``,
web.downloads): a version stored before names were checked may be named 'plattegrond.hta'."""

from __future__ import annotations

from services.documents.extensions import download_name
from web.downloads import content_disposition


def test_a_download_name_carries_an_extension_of_its_content() -> None:
    """A version stored before the check keeps its name in the store, never in the download."""
    assert download_name("plattegrond.hta", "application/pdf") == "plattegrond.hta.pdf"
    assert download_name("situatie.html", "application/xml") == "situatie.html.xml"
    assert download_name("plattegrond.pdf", "application/pdf") == "plattegrond.pdf"
    # a long name is cut before its extension, never into 'x...x.hta'
    long = "x" * 146 + ".hta.pdf"
    assert content_disposition("attachment", long).startswith(f'attachment; filename="{"x" * 146}.pdf"')
