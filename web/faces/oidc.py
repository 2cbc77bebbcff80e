"""Single sign-on with OpenID Connect (authorization code flow with PKCE), no extra dependency.

Active when ``Settings.oidc_issuer`` is set and a client id is configured (``Settings.oidc_client_id``
and ``oidc_client_secret`` once config.py has them; until then the Flask config keys
``OIDC_CLIENT_ID`` / ``OIDC_CLIENT_SECRET``). The ID token comes straight from the issuer's token
endpoint over TLS, so its issuer, audience, expiry and nonce are checked and TLS vouches for its
origin (OpenID Connect Core 3.1.3.7). The person must already exist as a Ruimteflow user
(``preferred_username``, else the part of ``email`` before '@'; or the claim named by
``Settings.oidc_username_claim``) and not be blocked (services.account_block): roles and groups stay in
Ruimteflow. Staff land in the inbox, initiators in "Mijn aanvragen".

For citizens and companies the same flow talks to a DigiD/eHerkenning broker (an OIDC provider in
front of DigiD or eHerkenning): set ``oidc_create_initiators`` and the claim that identifies the
person (``oidc_username_claim``, e.g. ``sub``). A person the broker vouches for and Ruimteflow does not
know yet gets an initiator account named by a hash of that claim (no BSN or KvK number is stored; no
API token: nobody would see it);
a verified ``email`` claim links the cases applied for with that address.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import urllib.parse
import urllib.request
from datetime import datetime
from typing import Any

from flask import Blueprint, current_app, redirect, request, session, url_for

from processes.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationError
from services import public_url, users
from web.faces.login import finish_login
from web.faces.security import platform

bp = Blueprint("oidc", __name__)
TIMEOUT = 10


def client() -> tuple[str, str] | None:
    settings = platform().settings
    issuer = getattr(settings, "oidc_issuer", "")
    client_id = getattr(settings, "oidc_client_id", "") or current_app.config.get("OIDC_CLIENT_ID", "")
    secret = getattr(settings, "oidc_client_secret", "") or current_app.config.get("OIDC_CLIENT_SECRET", "")
    return (client_id, secret) if issuer and client_id else None


def enabled() -> bool:
    return client() is not None


def _http_json(
    url: str, data: dict[str, str] | None = None, auth: tuple[str, str] | None = None
) -> dict[str, Any]:
    """GET (or form POST) a JSON document from the identity provider."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Accept": "application/json"})
    if auth is not None and auth[1]:
        token = base64.b64encode(
            f"{urllib.parse.quote(auth[0])}:{urllib.parse.quote(auth[1])}".encode()
        ).decode()
        req.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310 - https issuer from settings
        value = json.loads(resp.read().decode("utf-8"))
    if not isinstance(value, dict):
        raise Unauthorized("De inlogdienst gaf een onverwacht antwoord.", code="sso-antwoord")
    return value


def _discovery() -> dict[str, Any]:
    cache = current_app.extensions.setdefault("ruimteflow_oidc", {})
    if "config" not in cache:
        issuer = platform().settings.oidc_issuer.rstrip("/")
        cache["config"] = _http_json(f"{issuer}/.well-known/openid-configuration")
    return cache["config"]  # type: ignore[no-any-return]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(id_token: str) -> dict[str, Any]:
    try:
        payload = id_token.split(".")[1]
        value = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError) as exc:
        raise Unauthorized("Het ID-token van de inlogdienst is onleesbaar.", code="sso-token") from exc
    if not isinstance(value, dict):
        raise Unauthorized("Het ID-token van de inlogdienst is onleesbaar.", code="sso-token")
    return value


def _redirect_uri() -> str:
    base = public_url.page_base(platform().settings, request.host_url)
    return base + url_for("oidc.callback")


@bp.get("/inloggen/sso")
def start():  # type: ignore[no-untyped-def]
    pair = client()
    if pair is None:
        raise NotFound("Single sign-on is niet ingesteld.", code="sso-uit")
    config = _discovery()
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    session["oidc"] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "volgende": request.args.get("volgende") or "",
    }
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": pair[0],
            "redirect_uri": _redirect_uri(),
            "scope": getattr(platform().settings, "oidc_scope", "") or "openid profile email",
            "state": state,
            "nonce": nonce,
            "code_challenge": _b64(hashlib.sha256(verifier.encode()).digest()),
            "code_challenge_method": "S256",
        }
    )
    return redirect(f"{config['authorization_endpoint']}?{query}")


@bp.get("/inloggen/sso/terug")
def callback():  # type: ignore[no-untyped-def]
    pair = client()
    pending = session.pop("oidc", None)
    if pair is None or not isinstance(pending, dict):
        raise ValidationError(
            "Er loopt geen inlogpoging via single sign-on; begin opnieuw.", code="sso-geen-poging"
        )
    if request.args.get("error"):
        raise Unauthorized(
            f"De inlogdienst weigerde: {request.args.get('error_description') or request.args['error']}.",
            code="sso-geweigerd",
        )
    if not secrets.compare_digest(request.args.get("state", "").encode(), str(pending["state"]).encode()):
        raise ValidationError("De inlogpoging is verlopen of niet van u; begin opnieuw.", code="sso-state")
    config = _discovery()
    tokens = _http_json(
        config["token_endpoint"],
        {
            "grant_type": "authorization_code",
            "code": request.args.get("code", ""),
            "redirect_uri": _redirect_uri(),
            "client_id": pair[0],
            "code_verifier": pending["verifier"],
            **({"client_secret": pair[1]} if pair[1] else {}),
        },
    )
    claims = _claims(str(tokens.get("id_token", "")))
    issuer = platform().settings.oidc_issuer.rstrip("/")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if str(claims.get("iss", "")).rstrip("/") != issuer or pair[0] not in audiences:
        raise Unauthorized("Het ID-token is niet voor Ruimteflow uitgegeven.", code="sso-token")
    if _expiry(claims) < time.time() or claims.get("nonce") != pending["nonce"]:
        raise Unauthorized("Het ID-token is verlopen of hoort niet bij deze inlogpoging.", code="sso-token")
    return finish_login(_account(claims), pending.get("volgende"))


def _expiry(claims: dict[str, Any]) -> float:
    """The token's ``exp`` (seconds since 1970); anything that is no number counts as expired."""
    exp = claims.get("exp")
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else 0.0


def _username(claims: dict[str, Any]) -> str:
    """The account name of the person in the ID token: a hash of the configured claim; else
    ``preferred_username``; else the part before "@" of a verified e-mail address in one of the
    municipality's own domains (``oidc_email_domains``). Never an address the provider did not verify or
    of another organisation: on a shared provider ``anna@buurgemeente.nl`` is not Ruimtedal's anna."""
    settings = platform().settings
    if claim := settings.oidc_username_claim:
        value = str(claims.get(claim) or "")
        if not value:
            raise Unauthorized(f"Het ID-token mist de claim '{claim}'.", code="sso-token")
        return "id-" + hashlib.sha256(f"{settings.oidc_issuer}|{value}".encode()).hexdigest()[:24]
    if settings.oidc_create_initiators:  # a broker's people are citizens, never matched by name
        raise Forbidden(
            "Single sign-on via een DigiD/eHerkenning-makelaar vraagt RUIMTEFLOW_OIDC_USERNAME_CLAIM; "
            "vraag functioneel beheer dit in te stellen.",
            code="sso-onbekend",
        )
    if name := str(claims.get("preferred_username") or ""):
        return name
    local, _, domain = str(claims.get("email") or "").rpartition("@")
    domains = {d.strip().lower() for d in settings.oidc_email_domains.split(",") if d.strip()}
    if local and claims.get("email_verified") in (True, "true") and domain.lower() in domains:
        return local.lower()
    raise Forbidden(
        "Het ID-token noemt geen gebruikersnaam en geen geverifieerd e-mailadres van de gemeente "
        "(RUIMTEFLOW_OIDC_EMAIL_DOMAINS); vraag functioneel beheer om toegang.",
        code="sso-onbekend",
    )


def _account(claims: dict[str, Any]) -> dict[str, Any]:
    """The Ruimteflow account of the person in the ID token (an initiator account is made for a new
    person when the provider is a DigiD/eHerkenning broker: ``oidc_create_initiators``), refused when it
    is blocked: found, made now, or made meanwhile by another login (and blocked since) alike."""
    username = _username(claims)
    try:
        found, blocked_since = users.get_account(platform(), username)
    except NotFound as exc:
        if not platform().settings.oidc_create_initiators:
            raise Forbidden(
                f"Uw account '{username}' is niet bekend in Ruimteflow; vraag functioneel beheer om toegang.",
                code="sso-onbekend",
            ) from exc
        found, blocked_since = _initiator(username, claims)
    if blocked_since is not None:  # a leaver's (services.account_block): no way in
        raise Forbidden(
            f"Uw account '{username}' is geblokkeerd in Ruimteflow; vraag functioneel beheer om toegang.",
            code="sso-geblokkeerd",
        )
    return found


def _initiator(username: str, claims: dict[str, Any]) -> tuple[dict[str, Any], datetime | None]:
    """A new initiator account for the person a broker vouches for (not blocked, no API token); the one
    another login of this person (another tab) made meanwhile, as it is, with since when it is blocked,
    when that one came first (``users.get_account``)."""
    verified = claims.get("email_verified") in (True, "true") and "@" in str(claims.get("email") or "")
    try:
        made = users.add_user(
            platform(),
            username,
            role="initiatiefnemer",
            display_name=str(claims.get("name") or "Aanvrager"),
            email=str(claims["email"]) if verified else None,
            met_token=False,  # nobody would see it; ``users token`` gives one when asked for
            bijwerken=False,
            door="eerste inlog via OIDC",
        )
    except Conflict:  # made meanwhile by this person's login in another tab: that account, as it is
        return users.get_account(platform(), username)
    return made, None
