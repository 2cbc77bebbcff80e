"""Reading one environment setting of a documented kind (a number, a yes/no, one of a few words, a URL, a
port, a file or folder): a value of another kind is refused with a Dutch message naming the variable
(code ``instelling-ongeldig``), so the CLI exits with code 2 before it reads or changes anything and
the web factory does not start. ``services.config.Settings.from_env`` reads the settings through
``typed_from_env`` (RUIMTEFLOW_PORT too), and `ruimteflow serve` its host and size through ``serve_from_env``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from processes.errors import ValidationError
from processes.termijnen.datums import iso_duur

#: the values of RUIMTEFLOW_SMTP_TLS (services.mail.transport refuses any other)
SMTP_TLS_CHOICES = ("starttls", "ssl", "geen")
#: the values of RUIMTEFLOW_LOG_LEVEL (services.logs)
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")

#: Whole-number settings read from RUIMTEFLOW_<NAME IN CAPITALS> (the seconds of a window or a retry wait
#: too; only RUIMTEFLOW_SCHEDULER_INTERVAL and RUIMTEFLOW_SCRIPT_CPU_SECONDS take a fraction).
_INT_SETTINGS = (
    "hot_instances",
    "status_max_wrong_codes",
    "status_wrong_code_window",
    "session_idle_minutes",
    "session_max_hours",
    "login_max_failures_per_account",
    "login_max_failures_per_address",
    "login_window_minutes",
    "trusted_proxy_hops",
    "outbox_max_attempts",
    "outbox_backoff_seconds",
    "outbox_backoff_max_seconds",
    "outbox_batch",
    "mail_deadline_days",
    "tracking_link_requests_per_hour",
    "applications_per_address_per_hour",
    "applications_per_email_per_hour",
    "status_messages_per_case_per_day",
    "document_uploads_per_case_per_hour",
    "locatiechecks_per_account_per_hour",
    "document_mb_per_case",
    "max_geometry_vertices",
    "max_geometry_bytes",
    "volgcode_geldig_dagen",
    "outbox_bewaar_dagen",
    "zoeklog_bewaar_dagen",
)


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


def at_least_one(env: Any, key: str) -> float:
    """A number of seconds above zero (``RUIMTEFLOW_SCHEDULER_INTERVAL=0`` made the timer loop spin)."""
    value = number(env, key, float)
    if value <= 0:
        raise invalid(f"{key} moet groter dan nul zijn (nu {env[key].strip()}).")
    return value


def port(env: Any, key: str) -> int:
    """A TCP port, 1 to 65535."""
    value = int(number(env, key, int))
    if not 1 <= value <= 65535:
        raise invalid(f"{key} moet een poort van 1 tot en met 65535 zijn (nu {value}).")
    return value


def count(env: Any, key: str, most: int) -> int:
    """A whole number from 1 to ``most`` (serve's web processes and threads)."""
    text = env[key].strip()
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= most:
        raise invalid(f"{key} moet een geheel getal van 1 tot en met {most} zijn, niet {text!r}.")
    return value


def url(env: Any, key: str) -> str:
    """An http(s) address with a host, or empty (not set)."""
    text = env[key].strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # an unclosed IPv6 bracket, a port that is no number
        host = None
    if parts.scheme not in ("http", "https") or not host:
        raise invalid(
            f"{key} moet een http(s)-adres met een host zijn, zoals https://ruimteflow.gemeente.nl, niet {text!r}."
        )
    return text


def existing(env: Any, key: str, *, folder: bool) -> str:
    """The path of an existing folder (``folder``) or file, or empty (not set: the default)."""
    text = env[key].strip()
    path = Path(text).expanduser()
    if text and not (path.is_dir() if folder else path.is_file()):
        soort = "map" if folder else "bestand"
        raise invalid(f"{key}: {'de' if folder else 'het'} {soort} '{text}' bestaat niet of is geen {soort}.")
    return str(path) if text else ""  # '~/x' as checked, not './~/x' where it is used


def creatable_folder(env: Any, key: str) -> str:
    """A folder made on first use (the document store, the mail outbox): an existing folder, or one whose
    parent folder exists and may be written, so a typo is found at start and not by the first upload or
    mail; empty: not set."""
    text = env[key].strip()
    path = Path(text).expanduser()
    if not text:
        return ""
    if path.is_dir():
        return str(path)
    if path.exists():
        raise invalid(f"{key}: '{text}' is geen map.")
    parent = path.parent
    if not parent.is_dir():
        raise invalid(
            f"{key}: de map '{parent}', waarin '{path.name}' wordt aangemaakt, bestaat niet of is geen map."
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise invalid(
            f"{key}: Ruimteflow mag niet schrijven in de map '{parent}', waarin '{path.name}' wordt aangemaakt."
        )
    return str(path)


def duration(env: Any, key: str) -> str:
    """An ISO 8601 duration of whole years, months, weeks and days (P5Y, P18M), or empty (not set)."""
    text = env[key].strip()
    if text and iso_duur(text) is None:
        raise invalid(
            f"{key}: '{text}' is geen bewaartermijn; gebruik een ISO 8601-duur in jaren, maanden, weken of "
            "dagen, bijvoorbeeld P1Y, P18M of P5Y."
        )
    return text


def catalogus_domein(domein: str, waar: str = "") -> str:
    """The domain of a ZGW catalogus: 1 to 5 capitals (the Catalogi API's rule); ``waar`` starts the refusal."""
    if not (1 <= len(domein) <= 5 and domein.isascii() and domein.isalpha() and domein.isupper()):
        raise invalid(f"{waar}Het catalogusdomein '{domein}' moet uit 1 tot 5 hoofdletters bestaan.")
    return domein


#: yes/no settings (flag)
_FLAGS = {
    "secure_cookies": "RUIMTEFLOW_SECURE_COOKIES",
    "scheduler_in_web": "RUIMTEFLOW_SCHEDULER_IN_WEB",
    "oidc_create_initiators": "RUIMTEFLOW_OIDC_CREATE_INITIATORS",
    "atw_op_uitgebreid": "RUIMTEFLOW_ATW_OP_UITGEBREID",
}
#: http(s) addresses, empty = not set
_URLS = {"base_url": "RUIMTEFLOW_BASE_URL", "oidc_issuer": "RUIMTEFLOW_OIDC_ISSUER"}
#: files and folders that must exist when set: (variable, is a folder)
_PATHS = {
    "gis_layers_dir": ("RUIMTEFLOW_GIS_LAYERS", True),
    "gis_rules_file": ("RUIMTEFLOW_GIS_RULES", False),
    "documenttypen_file": ("RUIMTEFLOW_DOCUMENTTYPEN", False),
    "zgw_mapping_file": ("RUIMTEFLOW_ZGW_MAPPING_FILE", False),
    "mail_templates_dir": ("RUIMTEFLOW_MAIL_TEMPLATES", True),
    "besluit_templates_dir": ("RUIMTEFLOW_BESLUIT_TEMPLATES", True),
}

#: folders made on first use, checked at start (creatable_folder): the document store (the first
#: upload) and the mail outbox (the first .eml file, services.mail.transport.send)
_CREATABLE = {"document_store_dir": "RUIMTEFLOW_DOCUMENT_STORE", "mail_outbox_dir": "RUIMTEFLOW_MAIL_OUTBOX"}


def given(env: Any, key: str) -> bool:
    """Whether ``key`` has a value: a blank one (a compose file's ``${X:-}``) means the default, for every
    setting, as the README says."""
    return key in env and bool(str(env[key]).strip())


def text(env: Any, key: str, default: str = "") -> str:
    """The free-text setting ``key`` as given, else (not set, or blank: ``given``) ``default``."""
    return str(env[key]) if given(env, key) else default


def typed_from_env(env: Any) -> dict[str, Any]:
    """The settings of a kind other than free text (numbers, choices), each read and checked here: a wrong value is refused by name."""
    values: dict[str, Any] = {}
    for name in _INT_SETTINGS:
        if given(env, key := f"RUIMTEFLOW_{name.upper()}"):
            values[name] = number(env, key, int)
    if given(env, "RUIMTEFLOW_SMTP_TLS"):  # a typo must not send the login and mails in clear text
        values["smtp_tls"] = choice(env, "RUIMTEFLOW_SMTP_TLS", SMTP_TLS_CHOICES)
    if given(env, "RUIMTEFLOW_LOG_LEVEL"):
        values["log_level"] = choice(env, "RUIMTEFLOW_LOG_LEVEL", LOG_LEVELS)
    if given(env, "RUIMTEFLOW_SMTP_PORT"):
        values["smtp_port"] = port(env, "RUIMTEFLOW_SMTP_PORT")
    if given(env, "RUIMTEFLOW_PORT"):  # serve's port, and that of links written outside a request
        values["port"] = port(env, "RUIMTEFLOW_PORT")
    if given(env, "RUIMTEFLOW_SCRIPT_CPU_SECONDS"):
        values["script_cpu_seconds"] = number(env, "RUIMTEFLOW_SCRIPT_CPU_SECONDS", float)
    if given(env, "RUIMTEFLOW_SCHEDULER_INTERVAL"):  # 0 made the timer loop spin
        values["scheduler_interval"] = at_least_one(env, "RUIMTEFLOW_SCHEDULER_INTERVAL")
    for name, key in _FLAGS.items():
        if given(env, key):
            values[name] = flag(env, key)
    for name, key in _URLS.items():
        if given(env, key):
            values[name] = url(env, key)
    for name, (key, folder) in _PATHS.items():
        if given(env, key):
            values[name] = existing(env, key, folder=folder)
    for name, key in _CREATABLE.items():
        if given(env, key):
            values[name] = creatable_folder(env, key)
    if given(env, "RUIMTEFLOW_BEWAARTERMIJN_STANDAARD"):
        values["bewaartermijn_standaard"] = duration(env, "RUIMTEFLOW_BEWAARTERMIJN_STANDAARD")
    if given(env, "RUIMTEFLOW_ZGW_CATALOGUS_DOMEIN"):
        domein = env["RUIMTEFLOW_ZGW_CATALOGUS_DOMEIN"].strip()
        values["zgw_catalogus_domein"] = catalogus_domein(domein, "RUIMTEFLOW_ZGW_CATALOGUS_DOMEIN: ")
    return values


#: the most web processes and threads per process `serve` takes (web.cli_parser.positive: --workers, --threads)
MOST_SERVE_PROCESSES = 64


def serve_from_env(env: Any) -> dict[str, Any]:
    """`ruimteflow serve`'s address and size from RUIMTEFLOW_HOST, _WORKERS and _THREADS, only those
    given (its port is a setting, RUIMTEFLOW_PORT: links use it too): an empty value means the option's
    default, as for every other setting (an empty RUIMTEFLOW_HOST listened on every address); a wrong
    one is refused naming the variable (it was an argparse error naming --port or --workers: review
    sessie16, beheer 4)."""
    values: dict[str, Any] = {}
    if given(env, "RUIMTEFLOW_HOST"):
        values["host"] = env["RUIMTEFLOW_HOST"].strip()
    for name in ("workers", "threads"):
        if given(env, key := f"RUIMTEFLOW_{name.upper()}"):
            values[name] = count(env, key, MOST_SERVE_PROCESSES)
    return values
