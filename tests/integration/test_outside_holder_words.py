"""Who holds a case, as a public viewer reads it: "U (de aanvrager)" addresses the initiator, so only the
initiator reads it; any other public viewer (an outside party: the netbeheerder, an adviseur of another
organisation) reads the third person, "De aanvrager" (``[houders_voor_derden]`` in bpmn/fasen.toml), in the
case list, the case view, the map panel and the holder timeline alike.

Before: the netbeheerder that had advised on a case read "U (de aanvrager)" on each while the case waited
for the initiator's aanvulling (``[houders]``, the status page's words, given to every public viewer).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from processes.errors import ValidationError
from services import cases, deployments, users
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from services.public_phases import public_phases
from services.waits import timeline
from tests.integration.inbox_case import open_task_row
from tests.integration.test_halted_case_view import _holders, _the_initiators
from tests.integration.test_script_limits import H
from web import create_app

PROPERTY = '<spiffworkflow:property name="{}" value="{}"/>'
#: a start, the netbeheerder's advice (its lane), then a wait for the initiator's aanvulling, an end
MODEL = (
    H + '<bpmn:process id="aanvulling_proef" name="Aanvullingsproef" isExecutable="true">'
    '<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Netbeheerder"><bpmn:flowNodeRef>advies</bpmn:flowNodeRef>'
    "</bpmn:lane></bpmn:laneSet>"
    '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>'
    '<bpmn:userTask id="advies" name="Advies"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing>'
    "</bpmn:userTask>"
    '<bpmn:intermediateCatchEvent id="aanvulling"><bpmn:extensionElements><spiffworkflow:properties>'
    + PROPERTY.format("wacht_op", "wacht op aanvulling van de aanvrager")
    + PROPERTY.format("houder", "Aanvrager")
    + "</spiffworkflow:properties></bpmn:extensionElements>"
    "<bpmn:incoming>b</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing>"
    '<bpmn:timerEventDefinition><bpmn:timeDuration>"P30D"</bpmn:timeDuration></bpmn:timerEventDefinition>'
    "</bpmn:intermediateCatchEvent>"
    '<bpmn:endEvent id="e"><bpmn:incoming>c</bpmn:incoming></bpmn:endEvent>'
    '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="advies"/>'
    '<bpmn:sequenceFlow id="b" sourceRef="advies" targetRef="aanvulling"/>'
    '<bpmn:sequenceFlow id="c" sourceRef="aanvulling" targetRef="e"/>'
    "</bpmn:process></bpmn:definitions>"
)


def _waiting_for_the_initiator(platform: Platform) -> str:
    """anna (Vergunningen) starts the case, nina (the netbeheerder, an outside party) advises on it, piet
    (an initiator account) applied for it, bea (beheer) sees every case. The case waits for piet's
    aanvulling: its reference."""
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "nina", groups=["Netbeheerder"], role="adviseur")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("aanvulling.bpmn", MODEL)], user="bea")
    ref = str(cases.start_case(platform, "aanvulling_proef", {}, user="anna")["zaak"])
    _the_initiators(platform, ref)
    cases.complete_task(platform, open_task_row(platform, ref).id, "nina", {})
    return ref


def _now_in_timeline(platform: Platform, ref: str, user: str) -> str:
    """The holder timeline's "Nu bij" (the case file's "Ligt bij", GET /api/v1/zaken/<zaak>/houders)."""
    return str(timeline.for_case_file(platform, ref, user)["nu"]["houder"])


def test_only_the_initiator_reads_that_a_case_lies_with_u(any_platform: Platform, clock: FixedClock) -> None:
    ref = _waiting_for_the_initiator(any_platform)
    assert _holders(any_platform, ref, "piet") == ("U (de aanvrager)",) * 3  # the initiator: addressed
    assert _holders(any_platform, ref, "nina") == ("De aanvrager",) * 3  # was "U (de aanvrager)" thrice
    assert _now_in_timeline(any_platform, ref, "piet") == "U (de aanvrager)"
    assert _now_in_timeline(any_platform, ref, "nina") == "De aanvrager"  # was "U (de aanvrager)"
    assert _holders(any_platform, ref, "bea") == ("Aanvrager",) * 3  # the officers' own name


def _timeline_heading(platform: Platform, ref: str, user: str) -> str:
    """The heading of the holder timeline on the case page (``_houders.html``) as ``user`` reads it."""
    app = create_app(platform.settings, platform=platform)
    with app.test_request_context():
        shown = timeline.for_case_file(platform, ref, user)
        html = app.jinja_env.get_template("_houders.html").render(houders=shown)
    found = re.search(r'id="kop-houders">([^<]*)<', html)
    assert found is not None, html
    return found.group(1)


def test_only_the_initiator_reads_the_holder_timeline_as_its_own_aanvraag(
    any_platform: Platform, clock: FixedClock
) -> None:
    """The case page's holder timeline asked the netbeheerder "Waar ligt uw aanvraag": not its own."""
    ref = _waiting_for_the_initiator(any_platform)
    assert _timeline_heading(any_platform, ref, "piet") == "Waar ligt uw aanvraag"
    assert _timeline_heading(any_platform, ref, "nina") == "Waar ligt de aanvraag"  # was "uw aanvraag"
    assert _timeline_heading(any_platform, ref, "bea") == "Wie houdt de zaak vast"


def test_fasen_toml_words_the_initiator_for_third_parties_too(tmp_path: Path) -> None:
    """A holder ``[houders]`` words for the initiator needs its words for everyone else: without them an
    outside party would read the initiator's ("U (de aanvrager)"); those words are text, as the rest."""
    for name, extra in (("zonder", ""), ("getal", "[houders_voor_derden]\nAanvrager = 3\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "fasen.toml").write_text(f'[houders]\nAanvrager = "U"\n{extra}', encoding="utf-8")
        with pytest.raises(ValidationError, match=r"houders_voor_derden\].*Aanvrager"):
            public_phases(Settings(bpmn_dir=tmp_path / name))
