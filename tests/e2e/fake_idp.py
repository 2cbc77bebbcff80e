"""The fake identity provider's side of a single sign-on (tests/e2e/test_faces_oidc.py's idp fixture): its
issuer, the start of a login and the claims of an ID token."""

from __future__ import annotations

import time
import urllib.parse
from typing import Any

ISSUER = "https://login.gemeente.example/realms/medewerkers"


def sso_start(b) -> dict[str, str]:
    """Start a login through single sign-on in browser ``b``: the query the app sends to the provider."""
    resp = b.get("/inloggen/sso?volgende=/zaken")
    assert resp.status_code == 302
    url = urllib.parse.urlparse(resp.headers["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{ISSUER}/auth"
    return dict(urllib.parse.parse_qsl(url.query))


def id_token_claims(params: dict[str, str], **extra: Any) -> dict[str, Any]:
    """The claims of an ID token answering the login of ``params`` (its nonce), with ``extra``."""
    return {"iss": ISSUER, "aud": "ruimteflow", "exp": time.time() + 300, "nonce": params["nonce"], **extra}
