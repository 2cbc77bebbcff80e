"""How Ruimteflow extends SpiffWorkflow: its own parser class and serializer registrations.

SpiffWorkflow is meant to be extended by subclassing: the parser takes parser classes per BPMN tag
(``OVERRIDE_PARSER_CLASSES``) and the serializer takes a converter per class. Our event parsers build
the clocked timers of ``timeclock`` and the payload-keeping message of ``compat``; the serializer
stores and restores them under SpiffWorkflow's own type names, so documents written before keep
loading and a spec's content hash does not change. No attribute of a SpiffWorkflow module is replaced.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.helpers.dictionary import DictionaryConverter
from SpiffWorkflow.spiff.parser.event_parsers import SpiffEventDefinitionParser
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.event_definition import MessageEventDefinitionConverter

from .compat import PayloadMessageEventDefinition, with_payload
from .timeclock import TIMERS, clocked

#: the SpiffWorkflow releases this glue is written and tested for
SUPPORTED_SPIFF = "3.2."


class UnsupportedSpiffWorkflow(RuntimeError):
    """The installed SpiffWorkflow is not the version the engine glue was built for."""


def check_version(found: str | None = None) -> str:
    """The installed SpiffWorkflow version; a clear error (Dutch and English) when it is not 3.2.x."""
    version = found if found is not None else metadata.version("SpiffWorkflow")
    if not version.startswith(SUPPORTED_SPIFF):
        raise UnsupportedSpiffWorkflow(
            f"SpiffWorkflow {version} is geïnstalleerd; Ruimteflow vereist SpiffWorkflow "
            f"{SUPPORTED_SPIFF}x. Installeer die versie (pip install 'SpiffWorkflow>=3.2,<3.3'). / "
            f"SpiffWorkflow {version} is installed; Ruimteflow requires SpiffWorkflow {SUPPORTED_SPIFF}x."
        )
    return version


class _RuimteflowEvents:
    """Mixin for SpiffWorkflow's event parsers: build our event definition subclasses."""

    def parse_timer_event(self, event: Any) -> Any:
        return clocked(super().parse_timer_event(event))  # type: ignore[misc]

    def parse_message_event(self, message_event: Any) -> Any:
        return with_payload(super().parse_message_event(message_event))  # type: ignore[misc]


def _with_our_events(parser_class: type) -> type:
    return type(parser_class.__name__, (_RuimteflowEvents, parser_class), {})


class RuimteflowBpmnParser(SpiffBpmnParser):  # type: ignore[misc]
    """SpiffBpmnParser whose event parsers build clocked timers and payload-keeping messages."""

    OVERRIDE_PARSER_CLASSES = {
        tag: (_with_our_events(parser) if issubclass(parser, SpiffEventDefinitionParser) else parser, spec)
        for tag, (parser, spec) in SpiffBpmnParser.OVERRIDE_PARSER_CLASSES.items()
    }


def register_converters(registry: DictionaryConverter) -> DictionaryConverter:
    """Teach a configured registry our subclasses, under SpiffWorkflow's type names (both ways)."""
    for base, ours in TIMERS.items():
        TimerConditionalEventDefinitionConverter(ours, registry, typename=base.__name__)
    MessageEventDefinitionConverter(
        PayloadMessageEventDefinition, registry, typename=PayloadMessageEventDefinition.__mro__[1].__name__
    )
    return registry
