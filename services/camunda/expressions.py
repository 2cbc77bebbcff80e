"""JUEL ``${...}`` (a small subset) to Python, and FEEL unary tests to SpiffWorkflow's ``?`` tests."""

from __future__ import annotations

import json
import keyword
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from processes.getallen import cijfers
from services.engine.feel import FEEL_RANGE, top_parts


class NotTranslatable(Exception):
    """The expression is outside the translatable subset; the message says why (Dutch)."""


# -- JUEL -> Python -----------------------------------------------------------------------------------
_WRAP = re.compile(r"\s*[$#]\{(.*)\}\s*", re.S)
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.\d*(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
    r"|(?P<op>==|!=|<=|>=|&&|\|\||[<>!().\-])|(?P<name>[A-Za-z_$][\w$]*)|(?P<bad>\S))"
)
_WORD_OPS = dict(zip("and or not eq ne lt gt le ge empty && || !".split(),
                     "and or not == != < > <= >= empty and or not".split(), strict=True))  # fmt: skip
_LITERALS = {"true": "True", "false": "False", "null": "None"}
_CAMUNDA_OBJECTS = set(
    "execution task authenticatedUserId decisionResult connector variableScope externalTask caseExecution "
    "div mod instanceof".split()
)
#: Variables Camunda sets inside a multi-instance activity; SpiffWorkflow has none of them.
_CAMUNDA_MI_VARIABLES = {"nrOfInstances", "nrOfActiveInstances", "nrOfCompletedInstances", "loopCounter"}


@dataclass
class Juel:
    python: str
    notes: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)


def _paren(text: str, compound: bool) -> str:
    return f"({text})" if compound else text


#: the deepest nesting of parentheses and prefix operators translated (recursive descent: deeper input
#: would exhaust Python's stack; no real condition comes near)
MAX_NESTING = 50


class _JuelParser:
    """Recursive descent over the subset; binary results are parenthesised to keep JUEL precedence."""

    def __init__(self, body: str):
        self.tokens: list[tuple[str, str]] = []
        for m in _TOKEN.finditer(body):
            kind = m.lastgroup or "bad"
            text = m.group(kind)
            if kind == "bad":
                raise NotTranslatable(
                    f"'{text}' (rekenen, ternair of lijst/map) valt buiten de vertaalbare subset"
                )
            if kind in ("op", "name") and text in _WORD_OPS:
                kind, text = "op", _WORD_OPS[text]
            elif kind == "name" and text in _LITERALS:
                kind, text = "lit", _LITERALS[text]
            self.tokens.append((kind, text))
        self.i = 0
        self.nesting = 0
        self.result = Juel("")

    def peek(self, *ops: str) -> bool:
        return self.i < len(self.tokens) and self.tokens[self.i][0] == "op" and self.tokens[self.i][1] in ops

    def take(self) -> tuple[str, str]:
        if self.i >= len(self.tokens):
            raise NotTranslatable("expressie houdt onverwacht op")
        self.i += 1
        return self.tokens[self.i - 1]

    def parse(self) -> Juel:
        text, _ = self.level(0)
        if self.i < len(self.tokens):
            raise NotTranslatable(f"onverwacht '{self.tokens[self.i][1]}'")
        self.result.python = text
        return self.result

    LEVELS = (("or",), ("and",), ("==", "!="), ("<", "<=", ">", ">="))

    def level(self, n: int) -> tuple[str, bool]:
        if n == len(self.LEVELS):
            return self.unary()
        left, compound = self.level(n + 1)
        while self.peek(*self.LEVELS[n]):
            op = self.take()[1]
            right, rc = self.level(n + 1)
            left, compound = f"{_paren(left, compound)} {op} {_paren(right, rc)}", True
        return left, compound

    def nested(self, inner: Callable[[], tuple[str, bool]]) -> tuple[str, bool]:
        """``inner()`` one level deeper; refused past ``MAX_NESTING``."""
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise NotTranslatable(
                f"te diep genest (meer dan {MAX_NESTING} niveaus haakjes of 'not'/'empty'/'!')"
            )
        result = inner()
        self.nesting -= 1
        return result

    def unary(self) -> tuple[str, bool]:
        if self.peek("not"):
            self.take()
            text, compound = self.nested(self.unary)
            return f"not {_paren(text, compound)}", True
        if self.peek("empty"):
            self.take()
            text, compound = self.nested(self.unary)
            x = _paren(text, compound)
            return f'({x} is None or {x} in ("", [], {{}}))', False
        if self.peek("-"):
            self.take()
            kind, text = self.take()
            if kind != "num":
                raise NotTranslatable("rekenen ('-') valt buiten de vertaalbare subset")
            return f"-{_number(text)}", False
        return self.primary()

    def primary(self) -> tuple[str, bool]:
        kind, text = self.take()
        if kind == "num":
            return _number(text), False
        if kind == "str":
            return json.dumps(re.sub(r"\\(.)", r"\1", text[1:-1]), ensure_ascii=False), False
        if kind == "lit":
            return text, False
        if kind == "op" and text == "(":
            inner = self.nested(lambda: self.level(0))
            if not self.peek(")"):
                raise NotTranslatable("haakje ')' ontbreekt")
            self.take()
            return inner
        if kind != "name":
            raise NotTranslatable(f"onverwacht '{text}'")
        if text in _CAMUNDA_MI_VARIABLES:
            raise NotTranslatable(
                f"'{text}' is een variabele die Camunda in een multi-instance zet; SpiffWorkflow kent die niet"
            )
        if text in _CAMUNDA_OBJECTS or text.startswith("_") or "$" in text or keyword.iskeyword(text):
            raise NotTranslatable(f"'{text}' is een Camunda-object of geen bruikbare naam")
        path = [text]
        while self.peek("."):
            self.take()
            kind, attr = self.take()
            if kind != "name" or attr.startswith("_"):
                raise NotTranslatable(f"onverwacht '{attr}' na '.'")
            path.append(attr)
        if self.peek("("):
            raise NotTranslatable(f"methode-aanroep '{'.'.join(path)}(...)' wordt niet vertaald")
        self.result.names.add(text)
        python = text + "".join(f'["{p}"]' for p in path[1:])
        if len(path) > 1:
            self.result.notes.append(
                f"'{'.'.join(path)}' gelezen als {python} (eigenschap van een JSON-object)"
            )
        return python, False


def _number(text: str) -> str:
    value = cijfers(text, sys.maxsize)
    return text if value is None else str(value)


def juel_to_python(text: str) -> Juel:
    """Translate one ``${...}``/``#{...}`` expression; raises NotTranslatable with the reason."""
    m = _WRAP.fullmatch(text)
    if not m or "${" in m.group(1) or "#{" in m.group(1):
        raise NotTranslatable("geen enkelvoudige JUEL-expressie (tekst met ${...} erin)")
    return _JuelParser(m.group(1)).parse()


# -- FEEL unary tests (DMN input entries) -> SpiffWorkflow '?' tests -----------------------------------
_RANGE = FEEL_RANGE


def feel_value(text: str, input_var: str | None) -> str:
    v = text.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", v):
        return v if "." in v else str(int(v))
    if v in _LITERALS:
        return _LITERALS[v]
    if re.fullmatch(r'"(?:[^"\\]|\\.)*"', v):
        return json.dumps(json.loads(v), ensure_ascii=False)
    if re.fullmatch(r"[A-Za-z]\w*(\.[A-Za-z]\w*)*", v):
        return "?" if v == input_var else juel_to_python("${" + v + "}").python
    raise NotTranslatable(f"FEEL-waarde '{v}' (bijv. datum of functie) wordt niet vertaald")


def feel_test_to_python(text: str, input_var: str | None = None) -> str | None:
    """A FEEL unary test as a '?' expression (None = any value)."""
    t = text.strip()
    if t in ("", "-"):
        return None
    negated = re.fullmatch(r"not\s*\((.*)\)", t, re.S)
    tests = []
    for part in top_parts(negated.group(1) if negated else t):
        p = part.strip()
        if m := _RANGE.fullmatch(p):
            low, high = feel_value(m[2], input_var), feel_value(m[3], input_var)
            tests.append(f"{low} {'<=' if m[1] == '[' else '<'} ? {'<=' if m[4] == ']' else '<'} {high}")
        elif m := re.fullmatch(r"(<=|>=|<|>)\s*(.+)", p, re.S):
            tests.append(f"? {m[1]} {feel_value(m[2], input_var)}")
        else:
            tests.append(f"? == {feel_value(p, input_var)}")
    joined = tests[0] if len(tests) == 1 else " or ".join(f"({x})" for x in tests)
    return f"not ({joined})" if negated else joined
