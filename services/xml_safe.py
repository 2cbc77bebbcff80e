"""The one safe parse of a model's XML (a BPMN or DMN file): no entities resolved, no network.

A model file comes from an upload or the model editor, so lxml never expands its entities (no "billion
laughs", no local files read through an external entity) and never fetches a DTD over the network. A file
that declares a DOCTYPE is refused where a model comes in (``doctype_line``: the deploy's checks, the model
editor's save, the Camunda conversion): even unexpanded, an entity stands for text that is not in the
element (``itertext`` gives "&naam;"), and libxml2 expands one in an attribute whatever the parser's
settings, so a model with entities cannot be checked as the engine would run it. SpiffWorkflow gets the
tree of this parse as well (``services.engine.deploy.build_parser``); its own ``add_bpmn_str`` parses with
lxml's defaults, which expand internal entities.

Each thread has its own parser per variant: lxml allows sharing a parser between threads, but then its
parses take turns on the parser's lock and switch libxml2's string dictionary to the calling thread, so
lxml's documentation advises a parser per thread (``help(lxml.etree.XMLParser)``).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from lxml import etree

_PER_THREAD = threading.local()
#: what may stand before a DOCTYPE: a byte order mark, the XML declaration, processing instructions,
#: comments and white space (XML 1.0, production 22 "prolog")
_BEFORE_DOCTYPE = re.compile(r"\ufeff?(?:[ \t\r\n]+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
#: why a model with a DOCTYPE is refused, in Dutch; it starts with "DOCTYPE" so that it reads after a colon
DOCTYPE_GEWEIGERD = (
    "DOCTYPE-declaratie (<!DOCTYPE ...>, met een DTD of entiteiten) is in een BPMN- of DMN-model niet "
    "toegestaan: een entiteit kan tekst of een bestand van elders invoegen, die de controles van het model "
    "niet zien. Verwijder de DOCTYPE-declaratie en schrijf de tekst van de entiteiten uit"
)


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


def doctype_line(text: str) -> int | None:
    """The line of the DOCTYPE declaration of the model ``text``, None when it declares none. A DOCTYPE
    stands only before the first element (after it the text is no well-formed XML); the prolog is read
    without parsing, so that a file whose DTD would make the parse fail (a billion laughs) is refused for
    its DOCTYPE too."""
    end = _BEFORE_DOCTYPE.match(text)
    at = end.end() if end else 0
    return text.count("\n", 0, at) + 1 if text.startswith("<!DOCTYPE", at) else None
