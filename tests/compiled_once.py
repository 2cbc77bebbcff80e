"""URL builders and page templates compiled once per test process instead of once per Flask app.

The suite builds a Flask app per test (several hundred apps), and most of what an app costs is
compiling the same code again:

- for every route (about 110) werkzeug writes two small URL-builder functions as Python syntax trees
  and compiles them (``Rule._compile_builder``). A builder depends only on the parsed rule (its trace)
  and ``append_unknown`` when the rule has no defaults, and it reaches the rule only through its
  ``self`` argument, so one compiled function serves every app: ``CachedRule`` keeps them;
- every app has its own Jinja environment, so each template a test renders was parsed and compiled to
  Python again. Jinja's bytecode cache (keyed by template name, file and a checksum of the source)
  lets the environments share the compiled code: ``MemoryBytecodeCache``;
- and before that, werkzeug parsed every route's text again for every app (``Rule._parse_rule``: the
  parts the matcher walks and the trace the builder is made from), half of what building an app cost.
  What it derives depends only on the text, the domain rule, ``merge_slashes`` and what it reads of each
  variable's converter (class, regex, weight, part_isolating), so ``CachedRule`` keeps it by the first
  three (once for each set of converters seen: the apps' ``int`` is not werkzeug's) and uses it again
  when the converters, made new for the rule's own map as werkzeug does, read the same; the matcher, the
  map and the rule get what werkzeug would have given them.

The tests hand both to Flask through Flask's own extension points, ``Flask.url_rule_class`` and
``Flask.jinja_options`` (tests/conftest.py). Production code is unchanged.

The same holds for SQL. SQLAlchemy keeps the compiled form of every statement in a cache keyed by the
dialect *instance*, and every engine has its own dialect, so each test's platform compiled again every
statement the tests before it had compiled: about half of what a database test ran was compiled anew, a
quarter of its CPU. ``SharedStatements`` keys a statement by the first dialect of the same class and the
same plain settings (server version, paramstyle, JSON functions, ...) instead: two such dialects compile
every statement alike. The engines of ``services.store.db.make_engine`` get it through SQLAlchemy's
``compiled_cache`` execution option, the ORM's mappers (which cache their INSERT, UPDATE and DELETE
statements the same way, per mapper) in place of their own cache.

And for Alembic's migration scripts: every command-line call that opens a database imported all of them
again to check its schema's revision (``ScriptsLoadedOnce``).
"""

from __future__ import annotations

import types
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import alembic.script
import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import util
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.util import LRUCache
from werkzeug.routing import BaseConverter, Rule
from werkzeug.routing.rules import RulePart

#: compiled builders by (rule text, parsed trace, append_unknown)
_BUILDERS: dict[tuple[str, tuple[tuple[bool, str], ...], bool], Callable[..., Any]] = {}

#: (variable, converter name, its args, its kwargs) as the rule text names them
ConverterCall = tuple[str, str, tuple[Any, ...], dict[str, Any]]


def converter_reads(converter: BaseConverter) -> tuple[Any, ...]:
    """What ``Rule._parse_rule`` reads of a variable's converter to make the rule's parts."""
    return (type(converter), converter.regex, converter.weight, converter.part_isolating)


@dataclass(frozen=True)
class ParsedRule:
    """What ``Rule.compile`` derived from a rule's text, and what it read of the converters for it."""

    calls: tuple[ConverterCall, ...]
    reads: tuple[tuple[Any, ...], ...]
    parts: tuple[RulePart, ...]
    trace: tuple[tuple[bool, str], ...]


#: parsed rules by (domain rule, rule text, merge_slashes): one for each set of converters seen
_PARSED: dict[tuple[str, str, bool], list[ParsedRule]] = {}


class CachedRule(Rule):
    """A werkzeug Rule that reuses what werkzeug parsed from, and the URL builders it compiled for, an
    identical rule before."""

    _calls: list[tuple[ConverterCall, tuple[Any, ...]]] | None = None

    def compile(self) -> None:
        domain = (self.host if self.map.host_matching else self.subdomain) or ""
        known = _PARSED.setdefault((domain, self.rule, bool(self.merge_slashes)), [])
        if any(self._parsed_again(parsed) for parsed in known):
            return
        calls: list[tuple[ConverterCall, tuple[Any, ...]]] = []
        self._calls = calls
        try:
            super().compile()
        finally:
            self._calls = None
        known.append(
            ParsedRule(
                tuple(call for call, _ in calls),
                tuple(reads for _, reads in calls),
                tuple(self._parts),
                tuple(self._trace),
            )
        )

    def _parsed_again(self, parsed: ParsedRule) -> bool:
        """Take what was parsed from the same text, with converters of this rule's own map, if those
        read as the ones it was parsed with; as ``Rule.compile`` would, and without parsing."""
        converters = [
            (variable, self.get_converter(variable, name, args, dict(kwargs)))
            for variable, name, args, kwargs in parsed.calls
        ]
        if tuple(converter_reads(converter) for _, converter in converters) != parsed.reads:
            return False
        self._converters = dict(converters)
        self.arguments.update(self._converters)
        self._parts = list(parsed.parts)
        self._trace = list(parsed.trace)
        self._build = self._compile_builder(False).__get__(self, None)
        self._build_unknown = self._compile_builder(True).__get__(self, None)
        return True

    def get_converter(
        self, variable_name: str, converter_name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]
    ) -> BaseConverter:
        converter = super().get_converter(variable_name, converter_name, args, kwargs)
        if self._calls is not None:  # compiling the first time: what the text named, what was read
            self._calls.append(
                ((variable_name, converter_name, args, dict(kwargs)), converter_reads(converter))
            )
        return converter

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


def dialect_settings(dialect: Dialect) -> tuple[Any, ...]:
    """What a dialect compiles by: its class and every plain value it holds (numbers, strings, tuples
    such as the server version, modules, functions such as a JSON serializer). Left out are its helper
    objects (identifier preparer, type compiler, caches), which its class and those values determine, and
    what SQLAlchemy memoizes on it from them when it first compiles (``_bind_typing_render_casts``): a
    dialect that has compiled nothing yet, because every statement it ran was in the cache, is alike too
    (before, it was not, and the mappers' caches, asked first at a flush, missed for every later engine)."""
    plain = (bool, int, float, str, tuple, types.ModuleType)
    values = {
        name: value
        for name, value in vars(dialect).items()
        if (value is None or isinstance(value, plain) or callable(value))
        and not isinstance(getattr(type(dialect), name, None), util.memoized_property)
    }
    return (type(dialect), tuple(sorted(values.items())))


class SharedStatements:
    """A compiled-statement cache (what SQLAlchemy asks of one: ``get`` and item assignment) whose keys
    name the first dialect with the same ``dialect_settings`` instead of the engine's own dialect."""

    def __init__(self, capacity: int) -> None:
        self.compiled: LRUCache[Any, Any] = LRUCache(capacity)
        self._first: dict[tuple[Any, ...], Dialect] = {}
        self._alike: weakref.WeakKeyDictionary[Dialect, Dialect] = weakref.WeakKeyDictionary()

    def _key(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        return (self._alike_of(key[0]), *key[1:])

    def _alike_of(self, dialect: Dialect) -> Dialect:
        alike = self._alike.get(dialect)
        if alike is None:
            if dialect.server_version_info is None:  # not initialized by a first connection yet
                return dialect
            alike = self._alike[dialect] = self._first.setdefault(dialect_settings(dialect), dialect)
        return alike

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        return self.compiled.get(self._key(key), default)

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        self.compiled[self._key(key)] = value


#: the statements of the tests' engines (SQLAlchemy gives an engine 500; this serves several test files)
STATEMENTS = SharedStatements(2000)


def _share_statements(patch: pytest.MonkeyPatch) -> None:
    from services.store import db
    from services.store.models import Base

    make_engine = db.make_engine

    def sharing(url: str, **options: Any) -> Engine:
        engine = make_engine(url, **options)
        engine.update_execution_options(compiled_cache=STATEMENTS)
        return engine

    patch.setattr(db, "make_engine", sharing)
    for mapper in Base.registry.mappers:
        own = mapper._compiled_cache
        if type(own) is LRUCache:  # the mapper's own cache, as SQLAlchemy made it: share it too
            patch.setitem(mapper.__dict__, "_compiled_cache", SharedStatements(own.capacity))


class ScriptsLoadedOnce(ScriptDirectory):
    """An Alembic script directory that shares the revision map of the first one made for the same
    folders while their migration files stay the same (names, sizes and modification times).

    ``services.store.db.schema_revisions`` makes a new ``ScriptDirectory`` for every database a command
    opens, and each one imported all the migration files again to know the revisions: most of what a
    command line call in a test cost before its own work. The map is only read there (revisions, heads)."""

    def __init__(self, dir: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 (Alembic's name)
        super().__init__(dir, *args, **kwargs)
        key = (self.dir, self.sourceless, self.recursive_version_locations, self._files())
        self.revision_map = _REVISION_MAPS.setdefault(key, self.revision_map)

    def _files(self) -> tuple[tuple[str, int, int], ...]:
        found = []
        for folder in self._version_locations:
            if folder.exists():
                for path in sorted(
                    folder.rglob("*.py") if self.recursive_version_locations else folder.glob("*.py")
                ):
                    stat = path.stat()
                    found.append((str(path), stat.st_size, stat.st_mtime_ns))
        return tuple(found)


#: the revision maps of ScriptsLoadedOnce by folder, settings and migration files
_REVISION_MAPS: dict[tuple[Any, ...], Any] = {}


@contextmanager
def compiled_once() -> Iterator[None]:
    """Every Flask app made inside uses ``CachedRule`` and ``TEMPLATE_BYTECODE`` (an app or a Flask
    that chose its own rule class or bytecode cache is left alone); every engine of ``make_engine`` and
    every mapper share compiled statements (``SharedStatements``); a script directory made through
    ``alembic.script.ScriptDirectory`` after the start loads its migrations once (``ScriptsLoadedOnce``)."""
    with pytest.MonkeyPatch.context() as patch:
        _share_statements(patch)
        patch.setattr(alembic.script, "ScriptDirectory", ScriptsLoadedOnce)
        if Flask.url_rule_class is Rule and all(
            hasattr(Rule, n) for n in ("_compile_builder", "_parse_rule")
        ):
            patch.setattr(Flask, "url_rule_class", CachedRule)
        if "bytecode_cache" not in Flask.jinja_options:
            patch.setattr(
                Flask, "jinja_options", {**Flask.jinja_options, "bytecode_cache": TEMPLATE_BYTECODE}
            )
        yield
