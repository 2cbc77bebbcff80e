"""A model file that is not well-formed XML is explained in Dutch (left in the last notes: libxml2's English
text, "Opening and ending tag mismatch: b line 1 and a", stood inside a Dutch sentence at the deploy,
the model editor and the Camunda converter)."""

from __future__ import annotations

import pytest
from lxml import etree

from processes.errors import ValidationError
from services.camunda.conversion import convert
from services.engine import deploy as dep
from services.engine.xml_nodes import xml_fault
from services.modeleditor.drafts import check_xml
from services.xml_safe import parse_model_xml

BROKEN = [
    (b"", "het bestand bevat geen XML-element (het is leeg of begint niet met '<') (regel 1, kolom 1)"),
    (b"<a><b></a>", "de sluittag </a> past niet bij de begintag <b> op regel 1 (regel 1, kolom 11)"),
    (b"<a>\n  <b>", "het bestand houdt op midden in het element <b> (regel 2, kolom 6)"),
    (b"<a x='1' x='2'/>", "het attribuut 'x' staat twee keer in hetzelfde element (regel 1, kolom 15)"),
    (b"<a>&foo;</a>", "de entiteit '&foo;' bestaat niet (schrijf een losse & als &amp;) (regel 1, kolom 9)"),
    (b"<a>Wonen & Werken</a>", "na '&' ontbreekt een naam (schrijf een losse & als &amp;)"),
    # review sessie8b 6: the most common hand-edit faults were still English, and one was mistold
    (
        b"<a>R&D</a>",
        "na '&' ontbreekt de ';' van een entiteit (schrijf een losse & als &amp;) (regel 1, kolom 7)",
    ),
    (b"<a x='a<b'/>", "een attribuutwaarde bevat een '<' (schrijf die als &lt;)"),
    (b"<a><!-- a -- b --></a>", "een commentaar bevat '--' (dat mag niet binnen <!-- ... -->)"),
    (b"<a p:x='1'/>", "het voorvoegsel 'p:' van attribuut 'x' is niet gedeclareerd"),
    (b"<a x='1' <b/>", "een attribuutnaam ontbreekt of is ongeldig (staat er een '>' te weinig?)"),
    (b"<a><1/></a>", "na '<' ontbreekt een naam (schrijf een losse < als &lt;)"),
    # review sessie8c C: more of the usual hand-edit faults
    (
        b"\n<?xml version='1.0'?><a/>",
        "de XML-declaratie <?xml ...?> staat niet vooraan (staat er een lege regel",
    ),
    (b"<a x='1'y='2'/>", "twee attributen staan tegen elkaar aan (zet er een spatie tussen)"),
    (b"<a></a", "een sluittag is niet afgesloten met '>'"),
    (b"<a x/>", "het attribuut 'x' heeft geen waarde (schrijf x=\"...\")"),
    (b"<a>&#xZZ;</a>", "een tekenverwijzing (&#...;) is ongeldig"),
    (b"<a/><b/>", "na het einde van het hoofdelement staat nog iets (regel 1, kolom 5)"),
    (b"<a x=1/>", "een attribuutwaarde staat niet tussen aanhalingstekens"),
    (b"<bpmn:a/>", "het voorvoegsel 'bpmn:' is niet gedeclareerd (xmlns:bpmn=\"...\")"),
    (b"<a><!-- x </a>", "een commentaar (<!-- ... -->) is niet afgesloten"),
    (
        b"<?xml version='1.0'?><a>\xff</a>",
        "het bestand is niet in UTF-8 (of de tekenset die het noemt) gecodeerd",
    ),
    # tester finding: the model editor passed these through in English
    (
        b"<?xml version='2.0'?><a/>",
        "XML-versie '2.0' wordt niet ondersteund (schrijf version=\"1.0\") (regel 1",
    ),
    (
        b"<a xmlns:x=''/>",
        "de naamruimte van voorvoegsel 'x:' is leeg (xmlns:x=\"\" mag niet) (regel 1, kolom 14)",
    ),
    (
        b"<a>\n<b c='x",
        "een attribuutwaarde is niet afgesloten (het aanhalingsteken aan het eind ontbreekt) (regel 2",
    ),
    (b"<?xml version='1.0' encoding='x-onbekend'?><a/>", "de tekenset 'x-onbekend' is onbekend"),
]


def _fault(raw: bytes) -> etree.XMLSyntaxError:
    with pytest.raises(etree.XMLSyntaxError) as info:
        parse_model_xml(raw)
    return info.value


@pytest.mark.parametrize(("raw", "dutch"), BROKEN)
def test_the_usual_faults_are_told_in_dutch(raw: bytes, dutch: str) -> None:
    assert dutch in xml_fault(_fault(raw))


def test_an_unusual_fault_is_dutch_too_with_its_place() -> None:
    """Tester finding: libxml2's English text of an unusual fault came through in a Dutch message."""
    assert (
        xml_fault(_fault(b"<a><![CDATA[x</a>")) == "hier klopt de opbouw van de XML niet (regel 1, kolom 18)"
    )


MISMATCH = "<definitions><process></definitions>"


def test_the_deploy_the_editor_and_the_converter_say_it_in_dutch() -> None:
    with pytest.raises(dep.ModelRefused) as deploy:
        dep.check_sources([("kapot.bpmn", MISMATCH)])
    assert (
        "Geen geldige XML: de sluittag </definitions> past niet bij de begintag <process>"
        in deploy.value.detail
    )
    with pytest.raises(ValidationError) as editor:
        check_xml(MISMATCH)
    assert "geen geldige XML: de sluittag </definitions> past niet" in editor.value.detail
    with pytest.raises(ValidationError) as converter:
        convert([("kapot.bpmn", MISMATCH)])
    assert "'kapot.bpmn' is geen geldige XML: de sluittag </definitions>" in converter.value.detail
    for refused in (deploy, editor, converter):
        assert "mismatch" not in refused.value.detail
