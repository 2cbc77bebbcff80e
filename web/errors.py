"""Map the one error tree onto HTTP: problem+json for the API, a Dutch page for the faces."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from processes.errors import RuimteflowError

API_VERSION = "1.0.0"

HTTP_TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    413: "Verzoek te groot",
    415: "Verkeerd mediatype",
    422: "Niet verwerkbaar",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def problem(status: int, title: str, detail: str, code: str, **extra: object) -> Response:
    body = {
        "type": f"https://ruimteflow.nl/problemen/{code}",
        "code": code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    resp = jsonify(body)
    resp.status_code = status
    resp.mimetype = "application/problem+json"
    return resp


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def init_app(app: Flask) -> None:
    @app.errorhandler(RuimteflowError)
    def _domain(exc: RuimteflowError):  # type: ignore[no-untyped-def]
        if _wants_json():
            body = exc.to_problem()
            return problem(
                exc.status,
                body.pop("title"),
                body.pop("detail"),
                body.pop("code"),
                **{k: v for k, v in body.items() if k not in ("type", "status")},
            )
        from web.pages import error_page

        return error_page(exc.status, exc.title, exc.detail)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        status = exc.code or 500
        title = HTTP_TITLES.get(status, exc.name)
        detail = {
            413: "Het verzoek is groter dan toegestaan.",
            404: "Deze pagina of dit object bestaat niet.",
            405: "Deze methode is hier niet toegestaan.",
            500: "Er ging iets mis aan onze kant. Probeer het later opnieuw; de fout is vastgelegd.",
        }.get(status, exc.description or title)
        if _wants_json():
            return problem(status, title, detail, f"http-{status}")
        from web.pages import error_page

        return error_page(status, title, detail)

    @app.after_request
    def _headers(resp: Response) -> Response:
        if request.path.startswith("/api/"):
            resp.headers["API-Version"] = API_VERSION
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        return resp
