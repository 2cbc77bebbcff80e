"""The one safe parse of a model's XML (services/xml_safe.py): entities stay unexpanded, comments are kept
or left out as the caller asks, and each thread parses with its own parser."""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import etree

from services import xml_safe
from services.xml_safe import parse_model_xml


def test_an_entity_is_not_expanded_and_no_file_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("wachtwoord", encoding="utf-8")
    text = (
        f'<!DOCTYPE a [<!ENTITY bestand SYSTEM "{secret.as_uri()}"><!ENTITY lach "hahaha">]>'
        "<a>&bestand;&lach;</a>"
    )
    root = parse_model_xml(text)
    assert "wachtwoord" not in "".join(root.itertext())
    assert "hahaha" not in "".join(root.itertext())


def test_comments_are_kept_unless_the_caller_leaves_them_out() -> None:
    text = "<a><!-- notitie --><b/></a>"
    assert [node.tag for node in parse_model_xml(text)] == [etree.Comment, "b"]
    assert [node.tag for node in parse_model_xml(text, comments=False)] == ["b"]
    assert [node.tag for node in parse_model_xml(text.encode("utf-8"), comments=False)] == ["b"]


def test_each_thread_parses_with_its_own_parser() -> None:
    mine = xml_safe._parser(True)
    assert xml_safe._parser(True) is mine and xml_safe._parser(False) is not mine
    theirs: list[object] = []
    worker = threading.Thread(target=lambda: theirs.append(xml_safe._parser(True)))
    worker.start()
    worker.join()
    assert theirs and theirs[0] is not mine


def test_a_doctype_is_found_after_the_prolog_only() -> None:
    prolog = '<?xml version="1.0"?>\n<!-- a\nb -->\n<?pi x?>\n'
    assert xml_safe.doctype_line(prolog + '<!DOCTYPE a [<!ENTITY x "y">]><a/>') == 5
    assert xml_safe.doctype_line("\ufeff<!DOCTYPE a SYSTEM 'file:///etc/hostname'><a/>") == 1
    assert xml_safe.doctype_line('<?xml version="1.0"?>\n<a/>') is None
    assert xml_safe.doctype_line("<!-- <!DOCTYPE a> --><a/>") is None
    assert xml_safe.doctype_line("<a><![CDATA[<!DOCTYPE a>]]></a>") is None
    assert xml_safe.doctype_line("<!-- niet afgesloten <!DOCTYPE a>") is None  # no XML: the parse refuses it
