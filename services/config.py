"""Every setting, read in one place, with a default and one line of help.

Tests pass a ``Settings`` object in; the CLI and the web factory call ``Settings.from_env()``.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from processes.errors import ValidationError
from services.config_values import given, text, typed_from_env

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The models and their configuration files as shipped in the source tree (a checkout, an editable install).
#: An installed copy (``pip install .``, the Docker image) has no such folder: RUIMTEFLOW_BPMN_DIR names it.
SHIPPED_BPMN_DIR = PROJECT_ROOT / "bpmn"


@functools.lru_cache(maxsize=64)
def _model_paths(folder: str, name: str) -> tuple[str, str]:
    """The paths of configuration file ``name`` in the model folder ``folder`` and in the shipped bpmn/."""
    return str(Path(folder) / name), str(SHIPPED_BPMN_DIR / name)


def _default_instance_dir() -> Path:
    return Path(text(os.environ, "RUIMTEFLOW_INSTANCE", str(Path.cwd() / "instance")))


def _default_bpmn_dir() -> Path:
    """The source tree's bpmn/, else (an installed copy) bpmn/ in the working folder, as instance/ is."""
    return SHIPPED_BPMN_DIR if SHIPPED_BPMN_DIR.is_dir() else Path.cwd() / "bpmn"


def _model_folder(env: Any) -> dict[str, Path]:
    """RUIMTEFLOW_BPMN_DIR when set: an existing, readable folder, or a Dutch refusal (at start: the CLI
    exits with code 2 before it reads or changes anything)."""
    key = "RUIMTEFLOW_BPMN_DIR"
    if not given(env, key):
        return {}
    folder = Path(env[key].strip()).expanduser()
    if not folder.is_dir():
        raise ValidationError(
            f"{key}: de modelmap '{folder}' bestaat niet of is geen map.", code="instelling-ongeldig"
        )
    if not os.access(folder, os.R_OK | os.X_OK):
        raise ValidationError(f"{key}: de modelmap '{folder}' is niet te lezen.", code="instelling-ongeldig")
    return {"bpmn_dir": folder}


#: The port `serve` listens on when neither --port nor RUIMTEFLOW_PORT names one.
DEFAULT_PORT = 5000

#: The published development value of RUIMTEFLOW_SECRET_KEY: anyone can sign a session cookie with it.
DEV_SECRET_KEY = "dev-only-change-me"

_ZGW_APIS = ("zaken", "catalogi", "documenten", "besluiten")


def _zgw_from_env(env: Any) -> dict[str, str]:
    """RUIMTEFLOW_ZGW_* settings (RUIMTEFLOW_ZGW_MAPPING_FILE, ...); RUIMTEFLOW_ZGW_URL (an Open Zaak base
    URL) fills the four API roots that are not set one by one."""
    values: dict[str, str] = {}
    base = text(env, "RUIMTEFLOW_ZGW_URL").rstrip("/")
    for api in _ZGW_APIS:
        key = f"RUIMTEFLOW_ZGW_{api.upper()}_URL"
        if given(env, key):
            values[f"zgw_{api}_url"] = env[key]
        elif base:
            values[f"zgw_{api}_url"] = f"{base}/{api}/api/v1/"
    for name in ("client_id", "secret", "rsin", "selectielijst_url"):
        if given(env, key := f"RUIMTEFLOW_ZGW_{name.upper()}"):
            values[f"zgw_{name}"] = env[key]
    return values


#: The free-text settings: (field, variable). A blank value (a compose file's ``${X:-}``) means the field's
#: default, as for every other setting (config_values.given): an empty RUIMTEFLOW_SECRET_KEY was an empty
#: key, with which no login session could be signed (review ops19, 1).
_TEXTS = {
    "database_url": "DATABASE_URL",
    "secret_key": "RUIMTEFLOW_SECRET_KEY",
    "tile_url": "RUIMTEFLOW_TILE_URL",
    "oidc_client_id": "RUIMTEFLOW_OIDC_CLIENT_ID",
    "oidc_client_secret": "RUIMTEFLOW_OIDC_CLIENT_SECRET",
    "oidc_scope": "RUIMTEFLOW_OIDC_SCOPE",
    "oidc_username_claim": "RUIMTEFLOW_OIDC_USERNAME_CLAIM",
    "oidc_email_domains": "RUIMTEFLOW_OIDC_EMAIL_DOMAINS",
    "oidc_button_label": "RUIMTEFLOW_OIDC_BUTTON_LABEL",
    "gemeente_contact": "RUIMTEFLOW_GEMEENTE_CONTACT",
    "clamd_address": "RUIMTEFLOW_CLAMD",
    "gemeente_naam": "RUIMTEFLOW_GEMEENTE_NAAM",
    "rechtbank": "RUIMTEFLOW_RECHTBANK",
    "smtp_host": "RUIMTEFLOW_SMTP_HOST",
    "smtp_user": "RUIMTEFLOW_SMTP_USER",
    "smtp_password": "RUIMTEFLOW_SMTP_PASSWORD",
    "mail_sender": "RUIMTEFLOW_MAIL_SENDER",
    "trusted_hosts": "RUIMTEFLOW_TRUSTED_HOSTS",
}


def is_https(url: str) -> bool:
    """Whether ``url`` (RUIMTEFLOW_BASE_URL) is an https address."""
    return url.strip().lower().startswith("https://")


def _check_together(values: dict[str, Any]) -> None:
    """Refuse settings that contradict each other (a Dutch message; the CLI exits with code 2)."""
    if values.get("oidc_create_initiators") and not values.get("oidc_username_claim"):
        raise ValidationError(
            "RUIMTEFLOW_OIDC_CREATE_INITIATORS=1 (een DigiD/eHerkenning-makelaar) vraagt "
            "RUIMTEFLOW_OIDC_USERNAME_CLAIM, de claim die de persoon aanduidt (bijvoorbeeld sub).",
            code="instelling-ongeldig",
        )
    if values.get("secure_cookies") is False and is_https(str(values.get("base_url", ""))):
        raise ValidationError(
            "RUIMTEFLOW_SECURE_COOKIES=0 past niet bij een https-adres in RUIMTEFLOW_BASE_URL: de "
            "inlogcookie zou dan ook over een onversleutelde verbinding meegaan. Laat "
            "RUIMTEFLOW_SECURE_COOKIES weg (bij een https-adres zijn de cookies vanzelf alleen voor HTTPS), "
            "of geef een testomgeving zonder HTTPS een http-adres.",
            code="instelling-ongeldig",
        )


@dataclass(frozen=True)
class Settings:
    #: SQLAlchemy URL; SQLite file under the instance folder by default, PostgreSQL for scale-out.
    database_url: str = ""
    #: Folder for the SQLite file, generated demo layers and other runtime files.
    instance_dir: Path = field(default_factory=_default_instance_dir)
    #: The model folder: the BPMN/DMN models `ruimteflow demo` deploys, their scenarios (tests/) and the
    #: configuration beside them (autorisatie.toml, fasen.toml, documenttypen.toml, zgw.toml); a file it
    #: lacks is taken from the shipped bpmn/ (see ``model_file``).
    bpmn_dir: Path = field(default_factory=_default_bpmn_dir)
    #: Folder with the GIS layers of the locatiecheck (empty = generated demo layers).
    gis_layers_dir: str = ""
    #: TOML file with the conflict rules (empty = the shipped default rule set).
    gis_rules_file: str = ""
    #: Secret for session cookies and CSRF tokens (`serve` on a host other than loopback refuses the default).
    secret_key: str = DEV_SECRET_KEY
    #: Seconds between scheduler passes (timers) in `serve` and `worker`.
    scheduler_interval: float = 5.0
    #: Run the in-process scheduler thread inside `serve`.
    scheduler_in_web: bool = True
    #: Attempts after which an outbox delivery (ZGW call, e-mail) is given up ("dood") until beheer retries
    #: it. With the defaults below that is after 27 to 54 hours (about 40), as a mail server's queue
    #: keeps a mail for days: a night's outage of the mail server or Open Zaak loses nothing.
    outbox_max_attempts: int = 60
    #: Seconds before the first retry of a failed delivery; doubled per attempt, with random jitter.
    outbox_backoff_seconds: int = 60
    #: Longest wait in seconds between two attempts of one delivery.
    outbox_backoff_max_seconds: int = 3600
    #: Most deliveries one worker pass makes.
    outbox_batch: int = 200
    #: Days after its delivery that a delivered mail keeps its content in the outbox (address, text,
    #: tracking link); the scheduler's pass then empties it and removes its .eml file, keeping that it
    #: went out (id, kind, channel, status, dates) with the recipient "[verwijderd]".
    outbox_bewaar_dagen: int = 30
    #: Largest accepted request body in bytes (larger gets 413); an upload (multipart) may also be as
    #: large as the largest document type's cap in documenttypen.toml plus its form (web/uploads.py).
    max_body_bytes: int = 20 * 1024 * 1024
    #: Most vertices (coordinate pairs) one geometry may have on the public forms and the API.
    max_geometry_vertices: int = 10_000
    #: Largest geometry text (GeoJSON or WKT) in bytes on the public forms and the API.
    max_geometry_bytes: int = 1_000_000
    #: Background tile URL template for the map; empty = no tiles (vector layers only).
    tile_url: str = ""
    #: Public base URL used in tracking links and the OIDC redirect (empty = taken from the request
    #: when its host is trusted, see services.public_url; outside a request, the local demo address).
    base_url: str = ""
    #: The port `serve` listens on (its --port wins), and of the local demo address that links written
    #: outside a request go to when base_url is empty (`make run PORT=8611`: the demo's mails too).
    port: int = DEFAULT_PORT
    #: Host names (comma-separated) whose requests may name the base URL of links in e-mails when
    #: base_url is empty; loopback hosts always may. Other Host headers never reach a mail.
    trusted_hosts: str = ""
    #: RUIMTEFLOW_LOG_LEVEL: debug, info, warning, error or critical (services.logs configures it).
    log_level: str = "info"
    #: Secure (HTTPS-only) session cookies; None (unset): exactly when base_url is an https address, so
    #: `make run` on http://127.0.0.1 keeps its login. 0 with an https base_url is refused (from_env).
    secure_cookies: bool | None = None
    #: Wrong status codes one address may try per window before it gets 429.
    status_max_wrong_codes: int = 10
    #: Length in seconds of the window in which wrong status codes are counted.
    status_wrong_code_window: int = 60
    #: Minutes without a request after which a login session ends.
    session_idle_minutes: int = 60
    #: Hours after login after which a session ends even when it is in use.
    session_max_hours: int = 10
    #: Failed logins per account within the login window before every login to it gets 429.
    login_max_failures_per_account: int = 5
    #: Failed logins from one client address within the login window before it gets 429.
    login_max_failures_per_address: int = 20
    #: Length in minutes of the window in which failed logins are counted.
    login_window_minutes: int = 15
    #: Reverse proxies in front of the app whose X-Forwarded-For/-Proto count (0: the TCP peer is the client).
    trusted_proxy_hops: int = 0
    #: Contact line shown on the public status page (empty = the generic municipal contact).
    gemeente_contact: str = ""
    #: CPU seconds one script or expression may use before it is stopped (the step gets an incident).
    script_cpu_seconds: float = 1.0
    #: deserialized workflows of recently stepped cases kept per process (0: off; services.engine.hot)
    hot_instances: int = 0
    #: OIDC issuer for single sign-on (empty = local login only).
    oidc_issuer: str = ""
    #: OIDC client id registered at the identity provider.
    oidc_client_id: str = ""
    #: OIDC client secret registered at the identity provider.
    oidc_client_secret: str = ""
    #: OIDC scopes asked for (empty = "openid profile email"; a DigiD/eHerkenning broker names its own).
    oidc_scope: str = ""
    #: ID-token claim that identifies the person (empty = preferred_username, else e-mail; a broker: "sub").
    oidc_username_claim: str = ""
    #: The municipality's own e-mail domains (comma-separated): a verified address there names the account
    #: when the ID token has no preferred_username (ADFS, Entra v1); empty = no e-mail matching.
    oidc_email_domains: str = ""
    #: A person the OIDC provider vouches for but Ruimteflow does not know gets an initiator account.
    oidc_create_initiators: bool = False
    #: Text of the single sign-on button on the login page (e.g. "Inloggen met DigiD").
    oidc_button_label: str = "Inloggen via single sign-on"
    #: Folder of the content-addressed document store (empty = <instance_dir>/documenten).
    document_store_dir: str = ""
    #: TOML file with the informatieobjecttypen per procedure (empty = bpmn/documenttypen.toml).
    documenttypen_file: str = ""
    #: clamd address for the virus scan of uploads: a Unix socket path or host:port (empty = no scan).
    clamd_address: str = ""
    #: Folder with besluit templates that replace the shipped ones by file name (empty = shipped only).
    besluit_templates_dir: str = ""
    #: Name of the municipality in generated besluiten.
    gemeente_naam: str = "gemeente Ruimtedal"
    #: The rechtbank named in the rechtsmiddelenclausule of generated besluiten.
    rechtbank: str = "de rechtbank"
    #: Zaken API root of the zaakregistratie (empty = no ZGW registration), e.g. http://host/zaken/api/v1/.
    zgw_zaken_url: str = ""
    #: Catalogi API root (zaaktypen, statustypen, ...).
    zgw_catalogi_url: str = ""
    #: Documenten API root (enkelvoudiginformatieobjecten).
    zgw_documenten_url: str = ""
    #: Besluiten API root.
    zgw_besluiten_url: str = ""
    #: Client id of the ZGW API application (JWT issuer, HS256).
    zgw_client_id: str = ""
    #: Secret shared with the ZGW APIs to sign the JWT.
    zgw_secret: str = ""
    #: Domain (1-5 characters) of the catalogus `ruimteflow zgw catalogus` creates or updates.
    zgw_catalogus_domein: str = "RFLOW"
    #: RSIN of the municipality: bronorganisatie of zaken and documents, owner of the catalogus.
    zgw_rsin: str = "002564440"
    #: TOML file with the ZGW mapping of the procedures (empty = bpmn/zgw.toml).
    zgw_mapping_file: str = ""
    #: Root of the Selectielijst API the resultaattypen refer to (empty = the one in zgw.toml, the public VNG API).
    zgw_selectielijst_url: str = ""
    #: SMTP server for e-mail (empty = write .eml files into mail_outbox_dir, shown in beheer).
    smtp_host: str = ""
    #: SMTP port (587 with STARTTLS, 465 with SSL, 25 without TLS).
    smtp_port: int = 587
    #: SMTP encryption: "starttls", "ssl" or "geen".
    smtp_tls: str = "starttls"
    #: SMTP user name (empty = no login).
    smtp_user: str = ""
    #: SMTP password.
    smtp_password: str = ""
    #: Sender of every mail (From).
    mail_sender: str = "Gemeente Ruimtedal <noreply@ruimtedal.example>"
    #: Folder with mail templates that replace the shipped ones by file name (empty = shipped only).
    mail_templates_dir: str = ""
    #: Folder for .eml files when no SMTP host is set (empty = <instance_dir>/outbox).
    mail_outbox_dir: str = ""
    #: Days before a task's deadline that its officer gets a reminder (0 = no reminders).
    mail_deadline_days: int = 3
    #: Days after the day a case closed (afgerond) that its tracking code still opens the status page;
    #: after that the code is refused as expired (410) and /volglink no longer sends it.
    volgcode_geldig_dagen: int = 365
    #: Days after the day of a search for one person's data (`personen zoeken`, `personen inzage`) that its
    #: audit line keeps the search text and the name of the export folder, and the folder is kept on disk;
    #: `zaken opschonen --uitvoeren` then removes them,
    #: keeping who searched, when, which kind and how many places were found (services.bewaren.zoeklog).
    zoeklog_bewaar_dagen: int = 365
    #: Bewaartermijn (ISO 8601 duration, e.g. P5Y) of a closed case whose procedure or end has no
    #: resultaattype with an archiefactietermijn in bpmn/zgw.toml; empty = such a case is kept and
    #: `ruimteflow zaken opschonen` lists it as "geen bewaartermijn bekend".
    bewaartermijn_standaard: str = ""
    #: Requests for a lost tracking link per client address and per e-mail address per hour.
    tracking_link_requests_per_hour: int = 5
    #: Applications (public forms) one client address may send per hour before it gets 429.
    applications_per_address_per_hour: int = 10
    #: Applications for one e-mail address per hour before the form gets 429.
    applications_per_email_per_hour: int = 5
    #: Whether the Algemene termijnenwet moves the end of the uitgebreide procedure's 6-month term (disputed,
    #: docs/bronnen.md); None = processes/data/termijnen.toml (yes). A term keeps what it started with.
    atw_op_uitgebreid: bool | None = None
    #: Messages the applicant may send on one case (status page or its account) per 24 hours before 429;
    #: a behandelaar's registration of a letter (a neighbour's zienswijze) is not counted.
    status_messages_per_case_per_day: int = 5
    #: Documents and new versions one account outside the municipality (an initiator, an outside party) may
    #: upload to one case per hour before 429; the municipality's own staff are not counted.
    document_uploads_per_case_per_hour: int = 10
    #: Locatiechecks (POST /api/v1/locatiecheck) one account outside the municipality (an initiator, an outside
    #: party) may do per hour before 429; the municipality's own staff are not counted.
    locatiechecks_per_account_per_hour: int = 60
    #: Megabytes of document content one account outside the municipality, or a case's status page (its
    #: volgcode's holder), may store on one case (all its versions, deleted documents too: the store keeps
    #: them) before an upload is refused (422).
    document_mb_per_case: int = 500

    @property
    def cookies_secure(self) -> bool:
        """Whether the session cookie carries Secure: ``secure_cookies`` when set, else whether the public
        address (base_url) is https."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return is_https(self.base_url)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{Path(self.instance_dir) / 'ruimteflow.db'}"

    @property
    def documenttypen_path(self) -> Path:
        """RUIMTEFLOW_DOCUMENTTYPEN, else documenttypen.toml of the model folder."""
        return (
            Path(self.documenttypen_file)
            if self.documenttypen_file
            else self.model_file("documenttypen.toml")
        )

    @property
    def zgw_mapping_path(self) -> Path:
        """RUIMTEFLOW_ZGW_MAPPING_FILE, else zgw.toml of the model folder."""
        return Path(self.zgw_mapping_file) if self.zgw_mapping_file else self.model_file("zgw.toml")

    def model_file(self, name: str, *, required: bool = True) -> Path:
        """The configuration file ``name`` (autorisatie.toml, ...) of the model folder, else the one shipped
        in the source tree's bpmn/ (a municipality's folder may hold only its own autorisatie.toml). When
        neither exists: a Dutch refusal naming the folder, or (``required=False``) the path in the folder."""
        return Path(self.model_file_name(name, required=required))

    def model_file_name(self, name: str, *, required: bool = True) -> str:
        """``model_file`` as the path's text: what a step asks several times (``policy.rules``) is looked up
        with the operating system's calls on text, no ``Path`` built for it (issue #12)."""
        own, shipped = _model_paths(str(self.bpmn_dir), name)
        if os.path.isfile(own) or not required and not os.path.isfile(shipped):
            return own
        if os.path.isfile(shipped):
            return shipped
        raise ValidationError(
            f"{name} ontbreekt in de modelmap '{self.bpmn_dir}'. Zet RUIMTEFLOW_BPMN_DIR op de map "
            "met de modellen en hun configuratie (de map bpmn/ van Ruimteflow).",
            code="modelmap-onvolledig",
        )

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        env = os.environ
        values: dict[str, Any] = {name: env[key] for name, key in _TEXTS.items() if given(env, key)}
        values.update(_model_folder(env))
        values.update(_zgw_from_env(env))
        values.update(typed_from_env(env))
        values.update({k: v for k, v in overrides.items() if v is not None})
        _check_together(values)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def throwaway(self, folder: Path, instance_dir: Path | None = None) -> Settings:
        """These settings for a throwaway platform in ``folder`` (scenario runs): its own SQLite
        database, documents and mail outbox there, and no outside service (virus scanner, SMTP, the
        ZGW APIs), whatever the production settings say. ``instance_dir`` (default ``folder``): where
        the demo GIS layers are generated when no layers folder is set, shared by the runs that name it."""
        no_zgw: dict[str, Any] = {f"zgw_{api}_url": "" for api in _ZGW_APIS}
        return replace(
            self,
            database_url=f"sqlite:///{folder / 'scenario.db'}",
            instance_dir=instance_dir or folder,
            document_store_dir=str(folder / "documenten"),
            mail_outbox_dir=str(folder / "mail"),
            clamd_address="",
            smtp_host="",
            zgw_client_id="",
            zgw_secret="",
            **no_zgw,
        )
