"""CI-ONLY stand-in of the VNG Selectielijst/Referentielijsten API, for an offline Open Zaak.

Open Zaak validates every resultaattype against the external Selectielijst API (selectielijstklasse,
resultaattypeomschrijving, the zaaktype's selectielijstProcestype) and publishing a zaaktype needs a
resultaattype. Offline (CI) that API is unreachable, so this module:

* ``serve``: answers GET on exactly the resources bpmn/zgw.toml names (procestypen, resultaten,
  resultaattypeomschrijvingen), shaped like the real API (https://selectielijst.openzaak.nl/api/v1/),
  with the fields Open Zaak reads (procesType, procestermijn, waardering, bewaartermijn, omschrijving);
* ``configure``: points Open Zaak at it through Open Zaak's own ``manage.py shell``: a zgw-consumers
  Service for the stand-in's API root (Open Zaak fetches referenced objects through it), the
  ReferentieLijstConfig, and the OpenAPI shape documents Open Zaak would download from the internet
  (written to its spec cache, trimmed to the schemas it checks).

Ruimteflow then runs with RUIMTEFLOW_ZGW_SELECTIELIJST_URL=<stand-in root>; in production that setting is
empty and zgw.toml's real Selectielijst URLs are used. Nothing here is used outside tests and .ci/run.

    python -m tests.zgw.selectielijst_standin serve --port 8347
    python -m tests.zgw.selectielijst_standin configure --pg-url URL --root http://127.0.0.1:8347/api/v1/
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import subprocess
import sys
import textwrap
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
TOESTEMMING = "procestypen/d1f8003f-df5a-4d32-b2bb-5f909e8552a2"
PLANNEN = "procestypen/de2397cc-3c12-4883-8e8e-701b261d45fb"
#: the procestype the stand-in's readiness check asks for (.ci/start-zgw)
PROCESTYPE = TOESTEMMING
NOTE = "Ruimteflow CI stand-in; de echte waarden staan in de Selectielijst API (selectielijst.openzaak.nl)."


def _resultaat(
    procestype: str,
    nummer: str,
    naam: str,
    waardering: str,
    bewaartermijn: str | None,
    omschrijving: str = "",
) -> dict[str, Any]:
    """A Selectielijst 2020 resultaat as the real API gives it (procestermijn empty for a class kept
    for good, nihil for those below: Open Zaak then accepts the afleidingswijze afgehandeld)."""
    return {
        "procesType": procestype,
        "nummer": int(nummer.split(".")[-1]),
        "volledigNummer": nummer,
        "naam": naam,
        "omschrijving": omschrijving,
        "herkomst": "Risicoanalyse",
        "waardering": waardering,
        "procestermijn": "nihil" if waardering == "vernietigen" else "",
        "procestermijnWeergave": "Nihil" if waardering == "vernietigen" else "",
        "bewaartermijn": bewaartermijn,
        "toelichting": NOTE,
        "specifiek": False,
        "voorbeelden": [],
    }


def _procestype(nummer: int, naam: str, omschrijving: str, procesobject: str) -> dict[str, Any]:
    return {
        "nummer": nummer,
        "jaar": 2020,
        "naam": naam,
        "omschrijving": omschrijving,
        "toelichting": NOTE,
        "procesobject": procesobject,
    }


OMGEVINGSVERGUNNING = (
    "Omgevingsvergunning voor activiteit milieu, bouw, sloop, monument, handelsreclame en strijdig gebruik "
    "en/of aanleg"
)

#: path below the API root -> object (relative URLs are made absolute with the served root); the
#: classes of Selectielijst gemeenten 2020 that bpmn/zgw.toml names, with their number, waardering and term
OBJECTS: dict[str, dict[str, Any]] = {
    TOESTEMMING: _procestype(
        11,
        "Toestemming verlenen",
        "Het door het orgaan behandelen van een aanvraag, melding of verzoek om toestemming voor het doen of "
        "laten van een derde waar het orgaan bevoegd is om over te beslissen",
        "De verleende toestemming",
    ),
    PLANNEN: _procestype(
        3,
        "Plannen opstellen",
        "Opstellen van plannen voor een in het plan afgebakende periode die richting geeft voor wat er in die "
        "periode moet gebeuren / verwacht wordt dat er gaat gebeuren.",
        "Het plan",
    ),
    "resultaten/de0cade3-a070-4ae0-9ba6-41256c4bc0f8": _resultaat(
        TOESTEMMING, "11.1.6", "Verleend", "blijvend_bewaren", None, OMGEVINGSVERGUNNING
    ),
    "resultaten/bcd33d3a-4a34-4143-9569-4d161ea6da6b": _resultaat(
        TOESTEMMING, "11.2", "Geweigerd", "vernietigen", "P5Y"
    ),
    "resultaten/bf88fe4b-cc1b-4da1-97e0-f3d695416f2a": _resultaat(
        TOESTEMMING, "11.3", "Ingetrokken", "vernietigen", "P1Y"
    ),
    "resultaten/c448d114-c162-4509-9bfb-f699bb302a28": _resultaat(
        TOESTEMMING, "11.4", "Afgebroken", "vernietigen", "P1Y"
    ),
    "resultaten/3ca9aa40-9766-4705-8939-035aea0642d8": _resultaat(
        PLANNEN, "3.1.1", "Vastgesteld", "blijvend_bewaren", None, "Beleidsplan met externe werking"
    ),
    "resultaten/6543c9bb-05b8-43c3-a440-6e7c3336b265": _resultaat(
        PLANNEN, "3.2", "Niet vastgesteld", "vernietigen", "P5Y"
    ),
    "resultaten/2f66562b-5bac-4807-b2ff-5679350eed49": _resultaat(
        PLANNEN, "3.3", "Afgebroken", "vernietigen", "P1Y"
    ),
    "resultaattypeomschrijvingen/f7d2dc14-1b71-4179-aed3-4e7abcfbeb0d": {
        "omschrijving": "Verleend",
        "definitie": "Het gevraagde is verleend.",
        "opmerking": NOTE,
    },
    "resultaattypeomschrijvingen/1f750958-431c-4916-bc01-af5d3a753b41": {
        "omschrijving": "Geweigerd",
        "definitie": "Het gevraagde is geweigerd.",
        "opmerking": NOTE,
    },
    "resultaattypeomschrijvingen/ce8cf476-0b59-496f-8eee-957a7c6e2506": {
        "omschrijving": "Afgebroken",
        "definitie": "De behandeling is voortijdig beëindigd.",
        "opmerking": NOTE,
    },
}


def document(root: str, path: str) -> dict[str, Any] | None:
    obj = OBJECTS.get(path.strip("/"))
    if obj is None:
        return None
    out = {"url": root + path.strip("/"), **obj}
    if "procesType" in out:
        out["procesType"] = root + out["procesType"]
    return out


class _Handler(BaseHTTPRequestHandler):
    root = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        path = unquote(urlsplit(self.path).path)
        prefix = urlsplit(self.root).path
        obj = document(self.root, path[len(prefix) :]) if path.startswith(prefix) else None
        body = json.dumps(obj if obj is not None else {"detail": "Niet gevonden."}).encode()
        self.send_response(200 if obj is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


def make_server(port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"root": f"http://{host}:{port}/api/v1/"})
    return ThreadingHTTPServer((host, port), handler)


# -- Open Zaak side ------------------------------------------------------------------------------------------
def _schema(required: list[str], types: dict[str, str]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": {k: {"type": v} for k, v in types.items()}}


#: The parts of the OpenAPI documents Open Zaak checks a fetched object's shape against.
SHAPES = {
    "selectielijst-1.0.0": {
        "ProcesType": _schema(
            ["url", "nummer", "jaar", "naam"],
            {"url": "string", "nummer": "integer", "jaar": "integer", "naam": "string"},
        ),
        "Resultaat": _schema(
            ["url", "procesType", "nummer", "naam", "waardering"],
            {
                "url": "string",
                "procesType": "string",
                "nummer": "integer",
                "naam": "string",
                "waardering": "string",
            },
        ),
    },
    "vrl-0.5.6": {
        "ResultaattypeOmschrijvingGeneriek": _schema(
            ["url", "omschrijving", "definitie", "opmerking"],
            {"url": "string", "omschrijving": "string", "definitie": "string", "opmerking": "string"},
        ),
    },
}

_SHELL = """
import json
from pathlib import Path
from django.conf import settings
from zgw_consumers.constants import APITypes, AuthTypes
from zgw_consumers.models import Service
from openzaak.selectielijst.models import ReferentieLijstConfig
root, shapes = {root!r}, json.loads({shapes!r})
svc = Service.objects.filter(api_root=root).first() or Service(api_root=root, slug="selectielijst-standin")
svc.label = "Selectielijst (Ruimteflow CI stand-in)"
svc.api_type = APITypes.orc
svc.auth_type = AuthTypes.no_auth
svc.save()
cfg = ReferentieLijstConfig.get_solo()
cfg.service = svc
cfg.allowed_years = [2017, 2020]
cfg.default_year = 2020
cfg.save()
cache = Path(settings.BASE_DIR) / "cache"
cache.mkdir(exist_ok=True)
for alias, schemas in shapes.items():
    spec = {{"openapi": "3.0.3", "info": {{"title": alias, "version": "stand-in"}}, "paths": {{}},
            "components": {{"schemas": schemas}}}}
    (cache / (alias + ".yaml")).write_text(json.dumps(spec))
print("selectielijst stand-in configured:", root)
"""


def _openzaak_env(pg_url: str) -> tuple[Path, dict[str, str]]:
    """Open Zaak's python and the environment start-openzaak gives manage.py (same cache layout)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ruimteflow-openzaak" / "1.30.0"
    tarball = Path(
        os.environ.get("OPENZAAK_TARBALL", ROOT.parent / "shared" / "zgw" / "open-zaak-1.30.0.tar.gz")
    )
    sha = hashlib.sha256(tarball.read_bytes()).hexdigest()[:16]
    python, src = cache / f"venv-{sha}" / "bin" / "python", cache / f"src-{sha}" / "open-zaak-1.30.0"
    if not python.exists():
        raise SystemExit(f"Open Zaak venv not found: {python} (run start-openzaak first)")
    url = urlsplit(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openzaak.conf.ruimteflow_local",
        "DB_HOST": url.hostname or "127.0.0.1",
        "DB_PORT": str(url.port or 5432),
        "DB_NAME": url.path.lstrip("/"),
        "DB_USER": unquote(url.username or ""),
        "DB_PASSWORD": unquote(url.password or ""),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "IS_HTTPS": "no",
        "NOTIFICATIONS_DISABLED": "true",
        "OTEL_SDK_DISABLED": "true",
        "DISABLE_2FA": "true",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_RESULT_BACKEND": "cache+memory://",
        "PYTHONWARNINGS": "ignore",
    }
    return src, {**env, "OZ_PYTHON": str(python)}


def configure(pg_url: str, root: str) -> None:
    src, env = _openzaak_env(pg_url)
    code = textwrap.dedent(_SHELL.format(root=root, shapes=json.dumps({k: v for k, v in SHAPES.items()})))
    subprocess.run(
        [env["OZ_PYTHON"], str(src / "src" / "manage.py"), "shell", "-c", code], env=env, check=True
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, required=True)
    s = sub.add_parser("configure")
    s.add_argument("--pg-url", required=True)
    s.add_argument("--root", required=True)
    args = parser.parse_args(argv)
    if args.cmd == "serve":
        server = make_server(args.port)
        print(f"selectielijst stand-in on http://127.0.0.1:{args.port}/api/v1/", file=sys.stderr, flush=True)
        server.serve_forever()
    else:
        configure(args.pg_url, args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
