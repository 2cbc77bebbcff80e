"""URL builders and page templates compiled once per test process instead of once per Flask app.

The suite builds a Flask app per test (several hundred apps), and most of what an app costs is
compiling the same code again:

- for every route (about 110) werkzeug writes two small URL-builder functions as Python syntax trees
  and compiles them (``Rule._compile_builder``). A builder depends only on the parsed rule (its trace)
  and ``append_unknown`` when the rule has no defaults, and it reaches the rule only through its
  ``self`` argument, so one compiled function serves every app: ``CachedRule`` keeps them;
- every app has its own Jinja environment, so each template a test renders was parsed and compiled to
  Python again. Jinja's bytecode cache (keyed by template name, file and a checksum of the source)
  lets the environments share the compiled code: ``MemoryBytecodeCache``.

The tests hand both to Flask through Flask's own extension points, ``Flask.url_rule_class`` and
``Flask.jinja_options`` (tests/conftest.py). Production code is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
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


class MemoryBytecodeCache(BytecodeCache):
    """Jinja bytecode in a dict of this process (Jinja checks the source checksum on every load)."""

    def __init__(self) -> None:
        self.stored: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.stored:
            bucket.bytecode_from_string(self.stored[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.stored[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.stored.clear()


TEMPLATE_BYTECODE = MemoryBytecodeCache()


@contextmanager
def compiled_once() -> Iterator[None]:
    """Every Flask app made inside uses ``CachedRule`` and ``TEMPLATE_BYTECODE`` (an app or a Flask
    that chose its own rule class or bytecode cache is left alone)."""
    with pytest.MonkeyPatch.context() as patch:
        if Flask.url_rule_class is Rule and hasattr(Rule, "_compile_builder"):
            patch.setattr(Flask, "url_rule_class", CachedRule)
        if "bytecode_cache" not in Flask.jinja_options:
            patch.setattr(
                Flask, "jinja_options", {**Flask.jinja_options, "bytecode_cache": TEMPLATE_BYTECODE}
            )
        yield
