"""How a command's result and failure reach the terminal: the result as JSON on stdout (``show``); a
Dutch message on stderr and exit code 2 for the errors a user causes (RuimteflowError) and, as a last resort, for a file or a text the command could
not read or write (OSError, UnicodeError) that no lower layer turned into one. Any other exception is
a bug and keeps its traceback."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from processes.bestanden import reden
from processes.errors import RuimteflowError, ValidationError

#: the last-resort errors: reading or writing a file or a text the user named
LAST_RESORT = (OSError, UnicodeError)


def show(args: argparse.Namespace, value: Any) -> None:
    """A command's result on stdout: JSON, on one line with --json, else indented."""
    print(json.dumps(value, ensure_ascii=False, indent=None if args.json else 2, default=str))


def as_refusal(exc: Exception) -> RuimteflowError | None:
    """A last-resort error as a Dutch ValidationError (the English text stays out); None for an
    OSError that names no file (a network error, a bug: it keeps its traceback)."""
    if isinstance(exc, OSError):
        if not exc.filename:
            return None
        return ValidationError(f"Bestand of map '{exc.filename}' is niet te lezen of te schrijven "
                               f"({reden(exc)}).", code="bestand-onleesbaar")  # fmt: skip
    return ValidationError("De invoer is geen geldige UTF-8-tekst.", code="bestand-ongeldig")


def report(exc: RuimteflowError, as_json: bool) -> int:
    """Print a refusal (one problem+json line with --json) and give exit code 2."""
    if as_json:
        print(json.dumps(exc.to_problem(), ensure_ascii=False, default=str), file=sys.stderr)
    else:
        print(f"Fout: {exc.detail}", file=sys.stderr)
        for p in exc.extra.get("problemen", []) or []:
            print(f"  - {p.get('bestand')}: {p.get('element') or '-'}: {p.get('probleem')}", file=sys.stderr)
    return 2
