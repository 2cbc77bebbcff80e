"""The command line's argument parser in Dutch: argparse's own refusals (a missing argument, an
unknown option or choice, a value of the wrong type) are English; the CLI speaks Dutch and exits 2."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from processes.errors import ValidationError
from processes.getallen import ID_MAX, als_id, cijfers
from processes.nederlands import getal

#: argparse's English refusals (Python 3.11-3.13) and their Dutch wording
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^the following arguments are required: (.*)$"), "deze argumenten ontbreken: {0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "onbekende argumenten: {0}"),
    (
        re.compile(r"^argument (.+?): invalid choice: (.+?) \(choose from (.*)\)$"),
        "{0}: ongeldige keuze {1} (kies uit {2})",
    ),
    (re.compile(r"^argument (.+?): invalid (\w+) value: (.*)$"), "{0}: ongeldige waarde {2} (verwacht: {1})"),
    (re.compile(r"^argument (.+?): expected one argument$"), "{0}: hier hoort één waarde achter"),
    (
        re.compile(r"^argument (.+?): expected at least one argument$"),
        "{0}: hier hoort minstens één waarde achter",
    ),
    (re.compile(r"^argument (.+?): ignored explicit argument (.*)$"), "{0}: neemt geen waarde ({1})"),
    (re.compile(r"^argument (.+?): not allowed with argument (.*)$"), "{0}: gaat niet samen met {1}"),
)
_TYPES = {"int": "een geheel getal", "float": "een getal"}


def dutch(message: str) -> str:
    """argparse's refusal in Dutch (unchanged when it is not one of the known ones)."""
    for pattern, template in _MESSAGES:
        m = pattern.match(message)
        if m:
            groups = [_TYPES.get(g, g) for g in m.groups()]
            return template.format(*groups)
    return message


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose refusals are Dutch (``ruimteflow <prog>: fout: ...``), exit code 2."""

    def __init__(self, **kwargs: Any) -> None:
        add_help = bool(kwargs.pop("add_help", True))
        super().__init__(add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {dutch(message)}\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "gebruik: ", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage: ", "gebruik: ", 1)
        return text.replace("\noptions:\n", "\nopties:\n").replace(
            "\npositional arguments:\n", "\nargumenten:\n"
        )


# -- value types of the options (argparse refuses the rest in Dutch, exit code 2) ------------------
#: the longest wait per call that a --timeout accepts (seconds)
MAX_TIMEOUT = 600.0


def port(text: str) -> int:
    value = cijfers(text, 65535)
    if not value:
        raise argparse.ArgumentTypeError(f"ongeldige poort '{text}' (1-65535)")
    return value


def ident(text: str) -> int:
    value = als_id(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"ongeldig nummer '{text}' (0-{ID_MAX})")
    return value


def positive(text: str) -> int:
    value = cijfers(text, 64)
    if not value:
        raise argparse.ArgumentTypeError(f"ongeldig aantal '{text}' (1-64)")
    return value


def seconds(text: str) -> float:
    """A finite number of seconds above 0 and at most MAX_TIMEOUT (not -1, NaN or 1e400 = inf)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= MAX_TIMEOUT:  # also false for NaN
        raise argparse.ArgumentTypeError(
            f"ongeldig aantal seconden '{text}' (groter dan 0, ten hoogste {getal(MAX_TIMEOUT, 6, kort=True)})"
        )
    return value


def alleen_met(option: str, other: str) -> ValidationError:
    """The refusal for ``option`` given without ``other``, where it would be ignored silently."""
    return ValidationError(f"{option} werkt alleen samen met {other}.", code="optie-zonder-werking")
