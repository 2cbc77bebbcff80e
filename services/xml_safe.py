"""The one safe parse of a model's XML (a BPMN or DMN file): no entities resolved, no network.

A model file comes from an upload or the model editor, so lxml never expands its entities (no "billion
laughs", no local files read through an external entity) and never fetches a DTD over the network.

Each thread has its own parser per variant: lxml allows sharing a parser between threads, but then its
parses take turns on the parser's lock and switch libxml2's string dictionary to the calling thread, so
lxml's documentation advises a parser per thread (``help(lxml.etree.XMLParser)``).
"""

from __future__ import annotations

import threading
from typing import Any

from lxml import etree

_PER_THREAD = threading.local()


def parse_model_xml(text: str | bytes, *, comments: bool = True) -> Any:
    """The root element of the model ``text`` (bytes: as the file holds them, in the encoding its XML
    declaration names); ``comments=False`` leaves its comments out of the tree. Raises
    ``lxml.etree.XMLSyntaxError`` when it is not well-formed XML (in Dutch: ``services.engine.xml_nodes.xml_fault``)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return etree.fromstring(data, _parser(comments))


def _parser(comments: bool) -> Any:
    """This thread's parser that keeps (or removes) comments."""
    parsers: dict[bool, Any] | None = getattr(_PER_THREAD, "parsers", None)
    if parsers is None:
        parsers = _PER_THREAD.parsers = {}
    if comments not in parsers:
        parsers[comments] = etree.XMLParser(
            resolve_entities=False, no_network=True, remove_comments=not comments
        )
    return parsers[comments]
