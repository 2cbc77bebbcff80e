"""Reading one environment setting of a documented kind (a number, a yes/no, one of a few words, a URL, a
port, a file or folder): a value of another kind is refused with a Dutch message naming the variable
(code ``instelling-ongeldig``), so the CLI exits with code 2 before it reads or changes anything and
the web factory does not start. ``services.config.Settings.from_env`` is the only caller."""

from __future__ import annotations

from typing import Any

from processes.errors import ValidationError

#: the words a yes/no setting accepts (compared without case and surrounding spaces)
_YES = ("1", "true", "ja", "yes", "on")
_NO = ("0", "false", "nee", "no", "off")


def invalid(message: str) -> ValidationError:
    """The refusal of a setting's value."""
    return ValidationError(message, code="instelling-ongeldig")


def number(env: Any, key: str, kind: type[int] | type[float]) -> int | float:
    """The number in environment variable ``key``, refused with a Dutch message when it is not a
    non-negative number of that kind (every numeric setting counts or measures something)."""
    text = env[key].strip()
    try:
        value = kind(text)
    except ValueError:
        soort = "een geheel getal" if kind is int else "een getal"
        raise invalid(f"{key} moet {soort} zijn, niet {text!r}.") from None
    if not 0 <= value < float("inf"):
        raise invalid(f"{key} moet nul of meer zijn en eindig (nu {text}).")
    return value


def flag(env: Any, key: str) -> bool:
    """The yes/no setting ``key``: 1/0, true/false, ja/nee, yes/no, on/off (any case); anything else is
    refused (``RUIMTEFLOW_SECURE_COOKIES=true`` was read as no)."""
    text = env[key].strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise invalid(f"{key} moet 1 of 0 zijn (of true/false, ja/nee, yes/no, on/off), niet {env[key]!r}.")


def choice(env: Any, key: str, choices: tuple[str, ...]) -> str:
    """The setting ``key`` as one of ``choices`` (any case, surrounding spaces ignored); anything else is
    refused, naming the choices."""
    text = env[key].strip().lower()
    if text not in choices:
        names = ", ".join(choices[:-1]) + f" of {choices[-1]}"
        raise invalid(f"{key} moet {names} zijn, niet {env[key]!r}.")
    return text
