"""The tests' shared URL builders and template bytecode (tests/compiled_once.py) give what werkzeug
and Jinja give without them; their shared compiled SQL is shared only between dialects that compile alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, render_template
from sqlalchemy import Engine, create_engine, text
from werkzeug.routing import BaseConverter, Map, Rule

from tests.compiled_once import (
    STATEMENTS,
    TEMPLATE_BYTECODE,
    CachedRule,
    ScriptsLoadedOnce,
    SharedStatements,
)

RULES = [
    ("/zaken/<case_ref>/documenten/<int:document_id>", {"case_ref": "Z-2026-000001", "document_id": 7}),
    ("/static/<path:filename>", {"filename": "css/app é.css"}),
    ("/kaart", {"laag": ["a", "b"], "q": "x y"}),
    ("/lagen/<naam>", {"naam": "a/b?c"}),
]


def _urls(rule_class: type[Rule]) -> list[str]:
    urls = Map([rule_class(rule, endpoint=f"e{i}") for i, (rule, _) in enumerate(RULES)]).bind("example.org")
    return [urls.build(f"e{i}", values) for i, (_, values) in enumerate(RULES)]


def test_cached_builders_build_what_werkzeug_builds_and_are_reused():
    assert _urls(CachedRule) == _urls(Rule)
    first, second = (Map([CachedRule("/zaken/<case_ref>", endpoint="z")]) for _ in range(2))
    assert next(iter(first.iter_rules()))._build.__func__ is next(iter(second.iter_rules()))._build.__func__


def test_a_rule_with_defaults_is_compiled_as_werkzeug_does():
    rule = CachedRule("/pagina/<int:n>", endpoint="p", defaults={"n": 1})
    other = CachedRule("/pagina/<int:n>", endpoint="p", defaults={"n": 2})
    Map([rule]), Map([other])
    assert rule._build.__func__ is not other._build.__func__
    built = [
        Map([cls("/p/<int:n>", endpoint="p", defaults={"n": 3})]).bind("x").build("p")
        for cls in (CachedRule, Rule)
    ]
    assert built[0] == built[1] == "/p/3"


PARSED_RULES = [
    "/zaken/<case_ref>/documenten/<int:document_id>",
    "/static/<path:filename>",
    "/lagen/<string(length=2):code>",
    "/kaart//<naam>/",
]


def _parsed(rule_class: type[Rule], **options: Any) -> tuple[Map, list[tuple[Any, ...]]]:
    """A map of the rules, and what werkzeug derived for each (its parts, trace, converters, arguments)."""
    urls = Map([rule_class(rule, endpoint=rule) for rule in PARSED_RULES], **options)
    derived = [
        (
            r._parts,
            r._trace,
            {n: (type(c), c.regex, c.weight, c.part_isolating) for n, c in r._converters.items()},
            r.arguments,
        )
        for r in urls.iter_rules()
    ]
    return urls, derived


def test_a_rule_parsed_once_gives_every_map_what_werkzeug_parses_without_parsing_again(monkeypatch):
    _parsed(CachedRule)  # the first map parses each text (or a test before this one did)
    monkeypatch.setattr(Rule, "_parse_rule", lambda *a: pytest.fail("parsed again"))
    urls, derived = _parsed(CachedRule)
    monkeypatch.undo()
    assert derived == _parsed(Rule)[1]
    assert all(r._converters[n].map is urls for r in urls.iter_rules() for n in r._converters)
    adapter = urls.bind("example.org")
    assert adapter.match("/zaken/Z-1/documenten/7") == (
        PARSED_RULES[0],
        {"case_ref": "Z-1", "document_id": 7},
    )
    assert adapter.match("/static/css/a.css") == (PARSED_RULES[1], {"filename": "css/a.css"})
    assert adapter.build(PARSED_RULES[2], {"code": "ab"}) == "/lagen/ab"


def test_a_map_whose_converters_read_otherwise_or_that_merges_no_slashes_is_parsed_as_werkzeug_does():
    _parsed(CachedRule)
    letters = type("Letters", (BaseConverter,), {"regex": "[a-z]+"})
    assert (
        _parsed(CachedRule, converters={"int": letters})[1] == _parsed(Rule, converters={"int": letters})[1]
    )
    unmerged = _parsed(CachedRule, merge_slashes=False)
    assert unmerged[1] == _parsed(Rule, merge_slashes=False)[1]
    assert unmerged[0].bind("x").build(PARSED_RULES[3], {"naam": "a"}) == "/kaart//a/"


def test_each_set_of_converters_a_text_was_parsed_with_is_kept(monkeypatch):
    letters = type("Letters", (BaseConverter,), {"regex": "[a-z]+"})
    _parsed(CachedRule), _parsed(CachedRule, converters={"int": letters})
    monkeypatch.setattr(Rule, "_parse_rule", lambda *a: pytest.fail("parsed again"))
    for_letters, plain = _parsed(CachedRule, converters={"int": letters}), _parsed(CachedRule)
    assert for_letters[0].bind("x").match("/zaken/Z-1/documenten/abc")[1]["document_id"] == "abc"
    assert plain[0].bind("x").match("/zaken/Z-1/documenten/7")[1]["document_id"] == 7


def test_the_tests_give_flask_the_cached_rule_and_the_shared_bytecode():
    app = Flask(__name__)
    assert Flask.url_rule_class is CachedRule
    assert isinstance(next(iter(app.url_map.iter_rules())), CachedRule)
    assert app.jinja_env.bytecode_cache is TEMPLATE_BYTECODE


def test_a_template_is_compiled_once_and_an_edit_is_seen(tmp_path: Path):
    (tmp_path / "groet.html").write_text("Dag {{ naam }}", encoding="utf-8")
    apps = [Flask(__name__, template_folder=str(tmp_path)) for _ in range(2)]
    stored = len(TEMPLATE_BYTECODE.stored)
    for app in apps:
        with app.test_request_context():
            assert render_template("groet.html", naam="Anna") == "Dag Anna"
    assert len(TEMPLATE_BYTECODE.stored) == stored + 1
    (tmp_path / "groet.html").write_text("Hallo {{ naam }}", encoding="utf-8")
    with Flask(__name__, template_folder=str(tmp_path)).test_request_context():
        assert render_template("groet.html", naam="Anna") == "Hallo Anna"


def _engine(path: Path, statements: SharedStatements, **options: Any) -> Engine:
    engine = create_engine(f"sqlite:///{path}", **options)
    engine.update_execution_options(compiled_cache=statements)
    with engine.begin() as conn:
        conn.execute(text("create table t (n integer)"))
        conn.execute(text("insert into t values (:n)"), {"n": len(path.name)})
    return engine


def _read(engine: Engine) -> tuple[list[int], Any]:
    table = sa.table("t", sa.column("n"))
    with engine.connect() as conn:
        result = conn.execute(sa.select(table.c.n).where(table.c.n > sa.bindparam("least", 0)))
        return list(result.scalars()), result.context.cache_hit


def test_engines_with_alike_dialects_share_a_compiled_statement_and_read_their_own_rows(tmp_path: Path):
    statements = SharedStatements(10)
    first, second = _engine(tmp_path / "a.db", statements), _engine(tmp_path / "bbbb.db", statements)
    assert first.dialect is not second.dialect
    assert len(statements.compiled) == 2  # the create and the insert, once for both
    assert _read(first) == ([4], first.dialect.CACHE_MISS)
    assert _read(second) == ([7], second.dialect.CACHE_HIT)  # compiled by the first engine's dialect
    assert len(statements.compiled) == 3
    first.dispose(), second.dispose()


def test_a_cache_asked_first_after_the_engines_ran_still_shares_between_them(tmp_path: Path):
    """The first engine compiled its statements (SQLAlchemy memoized a setting on its dialect then), the
    second found them compiled; a cache that both ask only after that, as a mapper's at a flush, still
    takes them for alike (before, the second engine's flushes compiled every INSERT again)."""
    statements = SharedStatements(10)
    first, second = _engine(tmp_path / "a.db", statements), _engine(tmp_path / "b.db", statements)
    later = SharedStatements(10)
    later[(first.dialect, "insert")] = "compiled"
    assert later.get((second.dialect, "insert")) == "compiled"
    first.dispose(), second.dispose()


def test_a_dialect_that_compiles_differently_gets_its_own_statements(tmp_path: Path):
    statements = SharedStatements(10)
    qmark = _engine(tmp_path / "a.db", statements)
    named = _engine(tmp_path / "b.db", statements, paramstyle="named")
    assert len(statements.compiled) == 4  # the create and the insert, for each
    assert _read(qmark)[1] == qmark.dialect.CACHE_MISS
    assert _read(named) == ([4], named.dialect.CACHE_MISS)  # ":least", not the first engine's "?"
    assert len(statements.compiled) == 6
    qmark.dispose(), named.dispose()


def test_the_tests_engines_and_mappers_share_the_compiled_statements(tmp_path: Path):
    from services.store import db
    from services.store.models import Base, Case

    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert engine.get_execution_options()["compiled_cache"] is STATEMENTS
    engine.dispose()
    assert isinstance(Case.__mapper__._compiled_cache, SharedStatements)
    assert all(isinstance(m._compiled_cache, SharedStatements) for m in Base.registry.mappers)


def _revision(folder: Path, rev: str, down: str | None) -> None:
    text = f"revision = {rev!r}\ndown_revision = {down!r}\n\n\ndef upgrade():\n    pass\n"
    (folder / "versions" / f"{rev}_step.py").write_text(text, encoding="utf-8")


def test_script_directories_of_the_same_migrations_load_them_once_and_see_a_new_one(tmp_path: Path):
    import alembic.script

    assert alembic.script.ScriptDirectory is ScriptsLoadedOnce  # what schema_revisions makes in a test
    (tmp_path / "versions").mkdir()
    _revision(tmp_path, "a1", None)
    first, second = ScriptsLoadedOnce(tmp_path), ScriptsLoadedOnce(tmp_path)
    assert first.get_heads() == second.get_heads() == ["a1"]
    assert second.revision_map is first.revision_map
    _revision(tmp_path, "b2", "a1")
    third = ScriptsLoadedOnce(tmp_path)
    assert third.revision_map is not first.revision_map and third.get_heads() == ["b2"]
    assert third.get_revision("a1").nextrev == frozenset({"b2"})
