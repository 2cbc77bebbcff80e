"""URL builders compiled once per test run instead of once per Flask app.

For every route of every app, werkzeug writes two small URL-builder functions as Python source trees
and compiles them (``Rule._compile_builder``: ``ast.parse`` + ``compile``). The suite builds a Flask
app per test (several hundred apps of about 110 routes), and that compilation was most of the CPU of
``create_app``. A builder depends only on the parsed rule (its trace) and ``append_unknown`` when the
rule has no defaults, and it reaches the rule only through its ``self`` argument, so one compiled
function serves every app. ``CachedRule`` keeps them; the tests hand it to Flask through Flask's own
extension point ``Flask.url_rule_class`` (tests/conftest.py). Production code is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

#: compiled builders by (rule text, parsed trace, append_unknown)
_BUILDERS: dict[tuple[str, tuple[tuple[bool, str], ...], bool], Callable[..., Any]] = {}


class CachedRule(Rule):
    """A werkzeug Rule that reuses the URL builders compiled for an identical rule before."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., Any]:
        if self.defaults:  # a default is resolved through the rule's converter: compile as werkzeug does
            return super()._compile_builder(append_unknown)
        key = (self.rule, tuple(self._trace), append_unknown)
        builder = _BUILDERS.get(key)
        if builder is None:
            builder = _BUILDERS[key] = super()._compile_builder(append_unknown)
        return builder


@contextmanager
def cached_url_builders() -> Iterator[None]:
    """Every Flask app made inside uses ``CachedRule`` (unless it chose its own rule class)."""
    if Flask.url_rule_class is not Rule or not hasattr(Rule, "_compile_builder"):
        yield  # another rule class or another werkzeug: leave it alone
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Flask, "url_rule_class", CachedRule)
        yield
