"""One error tree for the whole product.

Every error a user can cause carries a stable ``code`` (used by the API as the problem type and by the
CLI), a Dutch ``detail`` text for people, and the HTTP ``status`` it maps to. processes/ sits at the
bottom of the layering, so gis/ and services/ derive their errors from here.
"""

from __future__ import annotations

from typing import Any


class RuimteflowError(Exception):
    """Base of every expected (user-caused or conflict) error."""

    code = "fout"
    title = "Fout"
    status = 400

    def __init__(self, detail: str, *, code: str | None = None, status: int | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.extra = extra

    def to_problem(self) -> dict[str, Any]:
        """Render as an RFC 9457 problem document (Dutch title/detail)."""
        body: dict[str, Any] = {
            "type": f"https://ruimteflow.nl/problemen/{self.code}",
            "code": self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        body.update(self.extra)
        return body


class ValidationError(RuimteflowError):
    code = "ongeldige-invoer"
    title = "Ongeldige invoer"
    status = 400


class NotFound(RuimteflowError):
    code = "niet-gevonden"
    title = "Niet gevonden"
    status = 404


class Conflict(RuimteflowError):
    code = "conflict"
    title = "Conflict"
    status = 409


class ConcurrentChange(Conflict):
    """Another request changed the same thing at the same moment; nothing was stored, try again."""

    code = "gelijktijdige-wijziging"
    title = "Gelijktijdige wijziging"


class Forbidden(RuimteflowError):
    code = "geen-toegang"
    title = "Geen toegang"
    status = 403


class Unauthorized(RuimteflowError):
    code = "niet-ingelogd"
    title = "Niet ingelogd"
    status = 401


class UnsupportedMediaType(RuimteflowError):
    """A body of a media type the operation does not take (XML or plain text where JSON is asked)."""

    code = "mediatype-niet-ondersteund"
    title = "Verkeerd mediatype"
    status = 415


class TooLarge(RuimteflowError):
    code = "te-groot"
    title = "Te groot"
    status = 413
