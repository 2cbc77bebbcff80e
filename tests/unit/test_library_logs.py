"""The libraries' own chatter stays off an operator's stderr at INFO (README review, 4): SpiffWorkflow logs
every task state change at INFO on ``spiff.*`` (thousands of lines for one demo build), which buried the
``ruimteflow.*`` lines the README's "Logs" section describes. At ``debug`` they are shown again."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from services import logs


@pytest.fixture(autouse=True)
def _logging_back() -> Iterator[None]:
    yield
    logs.unconfigure()


def _emitted(logger: str, level: int) -> bool:
    return logging.getLogger(logger).isEnabledFor(level)


@pytest.mark.parametrize("name", ["spiff.task", "spiff.workflow", "spiff.data", "spiff.dmn"])
def test_at_info_spiffworkflow_s_info_lines_are_not_written_but_its_warnings_are(name):
    logs.configure("info")
    assert not _emitted(name, logging.INFO)
    assert _emitted(name, logging.WARNING)
    assert _emitted("ruimteflow.outbox", logging.INFO)  # the platform's own lines stay


def test_at_debug_spiffworkflow_s_lines_are_written():
    logs.configure("debug")
    assert _emitted("spiff.task", logging.INFO)
    assert _emitted("spiff.task", logging.DEBUG)


def test_unconfigure_gives_spiffworkflow_s_loggers_back_to_the_root_level():
    logs.configure("info")
    logs.unconfigure()
    assert logging.getLogger("spiff").level == logging.NOTSET
