"""What a failure of ours (a 5xx) leaves for the operator: the log line of its foutcode (web.errors)."""

from __future__ import annotations

import logging

import pytest


def logged_with(caplog: pytest.LogCaptureFixture, foutcode: str) -> str:
    """The one log line of ruimteflow.web that names ``foutcode``, formatted with its traceback."""
    [record] = [r for r in caplog.records if r.name == "ruimteflow.web" and foutcode in r.getMessage()]
    return logging.Formatter().format(record)
