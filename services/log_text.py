"""Text for a log line: what someone gave (a force reason, a message name, a remote server's answer) capped
and escaped, so it cannot start a second, forged line. Apart from services/logs.py, which knows the
database's errors (SQLAlchemy): the engine logs such text too, and it may not import SQLAlchemy."""

from __future__ import annotations

import re

#: at most this many characters of a text someone typed (a reason, a name) go into one log line
LOGGED_TEXT_MAX = 200

#: control characters (a newline in logged text would start a forged log line): C0, DEL and C1 (U+0085
#: NEXT LINE among them), written as \xNN, and the LINE and PARAGRAPH SEPARATORS, written as \uNNNN; some
#: log viewers break lines at each of them
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with its control characters and line separators escaped, so it stays one log line."""
    return _CONTROL.sub(_escaped, text)


def user_text(value: object, limit: int = LOGGED_TEXT_MAX) -> str:
    """What someone gave (a reason, a name, a remote server's answer) for a log line: at most ``limit``
    characters (then how many were left out) and escaped as ``one_line`` does, so it cannot forge a line."""
    text = str(value)
    if len(text) > limit:
        text = f"{text[:limit]}... (+{len(text) - limit})"
    return one_line(text)
