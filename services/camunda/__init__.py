"""Convert Camunda 7 BPMN/DMN models into Ruimteflow models, with a report of every change.

The conversion is a pure XML transformation and never changes meaning silently. Every Camunda
construct is either translated to something that means the same here, turned into visible manual
work, dropped with a reason, or left untouched, so that deploy validation refuses it and names it.

- JUEL ``${...}`` in a small subset (names, literals, comparisons, ``&& || ! and or not empty``,
  parentheses, ``a.b`` read as ``a["b"]``) becomes Python; anything else (method calls, arithmetic,
  ``execution``) is left in place.
- Listeners are dropped. The element gets a ``niet_overgenomen`` property and an XML comment.
- Service, send and foreign-script tasks become manual tasks named "... (handmatig, was: <code>)".
  A pure literal such as ``${true}`` becomes a no-op script task instead. (A plain ``bpmn:task`` is a
  manual task in SpiffWorkflow, so it would land in someone's inbox.)
- ``camunda:candidateGroups`` becomes the ``kandidaatgroepen`` property. ``camunda:decisionRef``
  becomes ``spiffworkflow:calledDecisionId``, and ``decisionResult`` mappings become a post-script.
- DMN: FEEL unary tests become SpiffWorkflow's ``?`` tests (``[1..20]`` -> ``1 <= ? <= 20``). An
  empty input expression takes ``camunda:inputVariable`` as its input; the report states that assumption.
"""

from __future__ import annotations

from .conversion import convert, convert_paths, format_report, validate
from .expressions import NotTranslatable, feel_test_to_python, juel_to_python

__all__ = [
    "NotTranslatable",
    "convert",
    "convert_paths",
    "feel_test_to_python",
    "format_report",
    "juel_to_python",
    "validate",
]
