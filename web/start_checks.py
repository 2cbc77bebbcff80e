"""The refusals of a web server that others can reach: `ruimteflow serve` off loopback (or behind a public
name), and `gunicorn web.wsgi:app` always, for the app cannot see where gunicorn listens (``WSGI``).

Such a server needs its own secret key (with the published development value anyone can sign a session
cookie: a login's, a submitted application's) and RUIMTEFLOW_BASE_URL (the links in mails and letters to
initiators would otherwise come from a request's ``Host`` header, which anyone can forge, or point at
127.0.0.1, where they reach nobody). One wording and one code per refusal for both entry points; only
where the server is reachable and the way out without the setting differ (``Reach``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from processes.errors import ValidationError
from services.config import DEV_SECRET_KEY
from services.public_url import is_loopback, reachable_from_elsewhere


@dataclass(frozen=True)
class Reach:
    """A server reachable from elsewhere, in the refusals' words: ``where`` (``serve is bereikbaar op
    0.0.0.0``) and ``otherwise``, the way out without the settings (``luister alleen op 127.0.0.1``)."""

    where: str
    otherwise: str


#: `gunicorn web.wsgi:app` (the Docker image): gunicorn gives the app nothing that says where it listens
#: (only SERVER_SOFTWARE, that it is gunicorn), and its own default bind turns 0.0.0.0 with $PORT or a
#: gunicorn.conf.py in the working folder; so the app counts as reachable from elsewhere, always
WSGI = Reach(
    "gunicorn web.wsgi:app kan van elders bereikbaar zijn (op welk adres gunicorn luistert, ziet Ruimteflow "
    "niet)",
    "start Ruimteflow alleen voor deze machine met `ruimteflow serve` (standaard op 127.0.0.1)",
)


def serve_reach(settings: Any, host: str) -> Reach | None:
    """`serve` listening on ``host``: None when only this machine reaches it (``make run``: 127.0.0.1, with
    no public RUIMTEFLOW_BASE_URL, no trusted reverse proxy and no public RUIMTEFLOW_TRUSTED_HOSTS)."""
    if not reachable_from_elsewhere(settings, host):
        return None
    where = "achter een proxy of op een publiek adres" if is_loopback(host) else f"op {host}"
    return Reach(f"serve is bereikbaar {where}", "luister alleen op 127.0.0.1")


def refuse_unconfigured(settings: Any, reach: Reach | None) -> None:
    """Refuse to start a server reachable from elsewhere (``reach``) without its own secret key or without
    RUIMTEFLOW_BASE_URL; ``settings`` come from Settings.from_env, where an unset or blank
    RUIMTEFLOW_SECRET_KEY is the development value (config_values.given)."""
    if reach is None:
        return
    if settings.secret_key == DEV_SECRET_KEY:
        raise ValidationError(
            "RUIMTEFLOW_SECRET_KEY is niet ingesteld (of is de openbare ontwikkelwaarde) en "
            f"{reach.where}: iedereen kan dan een sessiecookie vervalsen. Stel een lange "
            "willekeurige waarde in, bijvoorbeeld: export RUIMTEFLOW_SECRET_KEY=\"$(python3 -c 'import "
            "secrets; print(secrets.token_urlsafe(48))')\" (in elk proces dezelfde), "
            f"of {reach.otherwise}.",
            code="geheime-sleutel-ontbreekt",
        )
    if not settings.base_url:
        raise ValidationError(
            f"RUIMTEFLOW_BASE_URL is niet ingesteld en {reach.where}: de links in e-mails en brieven aan "
            "initiatiefnemers zouden dan naar 127.0.0.1 wijzen of het adres nemen dat een verzoek zelf "
            "opgeeft (de Host-header, die iedereen kan vervalsen). Stel het publieke adres van Ruimteflow "
            "in, bijvoorbeeld: export RUIMTEFLOW_BASE_URL=https://ruimteflow.gemeente.nl, "
            f"of {reach.otherwise}.",
            code="basis-url-ontbreekt",
        )
