"""The tests' shared URL builders and template bytecode (tests/compiled_once.py) give what werkzeug
and Jinja give without them."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template
from werkzeug.routing import Map, Rule

from tests.compiled_once import TEMPLATE_BYTECODE, CachedRule

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
