"""The ZGW connection settings: four API roots, a client id and a secret (JWT HS256).

``zgw_config(settings)`` is None when nothing is configured: then nothing is sent to a zaakregistratie.
A half-filled configuration is a mistake that must not pass silently, so it raises a Dutch error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from processes.errors import ValidationError
from processes.nederlands import opsomming
from services.config_values import catalogus_domein

APIS = ("zaken", "catalogi", "documenten", "besluiten")

#: The path of each API root below an Open Zaak base URL.
OPEN_ZAAK_PATHS = {api: f"/{api}/api/v1/" for api in APIS}


class ZgwConfigError(ValidationError):
    code = "zgw-configuratie"
    title = "ZGW-configuratie ongeldig"


def toml_table(value: Any, where: str) -> dict[str, Any]:
    """A TOML table of zgw.toml; a string, number or list where it needs a table is refused with its key."""
    if not isinstance(value, dict):
        raise ZgwConfigError(
            f"zgw.toml: {where} moet een tabel zijn ({{ ... }} of [{where}]), niet {value!r}."
        )
    return value


@dataclass(frozen=True)
class ZgwConfig:
    zaken_url: str
    catalogi_url: str
    documenten_url: str
    besluiten_url: str
    client_id: str
    secret: str
    catalogus_domein: str = "RFLOW"
    rsin: str = "002564440"

    def root(self, api: str) -> str:
        """The API root (ending in '/') of ``api``: zaken, catalogi, documenten or besluiten."""
        if api not in APIS:
            raise ValueError(f"unknown ZGW API {api!r}")
        return str(getattr(self, f"{api}_url"))

    def roots(self) -> dict[str, str]:
        return {api: self.root(api) for api in APIS}


def open_zaak_roots(base_url: str) -> dict[str, str]:
    """The four API roots of an Open Zaak at ``base_url`` (e.g. http://127.0.0.1:8345)."""
    base = base_url.rstrip("/")
    return {api: base + path for api, path in OPEN_ZAAK_PATHS.items()}


def _root(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ZgwConfigError(
            f"De ZGW-instelling {name} moet een http(s)-adres zijn, niet '{value}'.", code="zgw-configuratie"
        )
    return value if value.endswith("/") else value + "/"


def _check_rsin(rsin: str) -> str:
    digits = rsin.strip()
    if len(digits) != 9 or not (digits.isascii() and digits.isdigit()):  # "²" is a digit to isdigit()
        raise ZgwConfigError(f"Het RSIN '{rsin}' moet uit 9 cijfers bestaan.")
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    if total % 11:
        raise ZgwConfigError(f"Het RSIN '{rsin}' klopt niet (elfproef).")
    return digits


def zgw_config(settings: Any) -> ZgwConfig | None:
    """The ZGW configuration from ``settings``, or None when no ZGW setting is filled in.

    Raises ZgwConfigError (Dutch) when only part is filled in, or a root is not an http(s) address.
    """
    names = {f"zgw_{api}_url": str(getattr(settings, f"zgw_{api}_url", "") or "") for api in APIS}
    names["zgw_client_id"] = str(getattr(settings, "zgw_client_id", "") or "")
    names["zgw_secret"] = str(getattr(settings, "zgw_secret", "") or "")
    if not any(names.values()):
        return None
    missing = [n for n, v in names.items() if not v]
    if missing:
        env = opsomming(f"RUIMTEFLOW_{n.upper()}" for n in missing)
        raise ZgwConfigError(
            f"De ZGW-configuratie is onvolledig: {env} {'ontbreekt' if len(missing) == 1 else 'ontbreken'}."
        )
    domein = str(getattr(settings, "zgw_catalogus_domein", "") or "RFLOW")
    try:
        catalogus_domein(domein)
    except ValidationError as exc:  # settings made by hand, not read by Settings.from_env
        raise ZgwConfigError(exc.detail) from None
    return ZgwConfig(
        zaken_url=_root("RUIMTEFLOW_ZGW_ZAKEN_URL", names["zgw_zaken_url"]),
        catalogi_url=_root("RUIMTEFLOW_ZGW_CATALOGI_URL", names["zgw_catalogi_url"]),
        documenten_url=_root("RUIMTEFLOW_ZGW_DOCUMENTEN_URL", names["zgw_documenten_url"]),
        besluiten_url=_root("RUIMTEFLOW_ZGW_BESLUITEN_URL", names["zgw_besluiten_url"]),
        client_id=names["zgw_client_id"],
        secret=names["zgw_secret"],
        catalogus_domein=domein,
        rsin=_check_rsin(str(getattr(settings, "zgw_rsin", "") or "002564440")),
    )
