"""One error tree for the whole product.

Every error a user can cause carries a stable ``code`` (used by the API as the problem type and by the
CLI), a Dutch ``detail`` text for people, and the HTTP ``status`` it maps to. processes/ sits at the
bottom of the layering, so gis/ and services/ derive their errors from here.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

#: how many characters of a value a refusal repeats
SHOWN_MAX = 60


def ours(what: str) -> str:
    """The one wording of a failure of ours to whoever asked: ``what`` did not happen, not their fault
    (web.errors OUR_FAULT and STORED_NOTHING, services.status.intake CHECK_FAILED)."""
    return f"Door een storing bij de gemeente {what}; dat ligt niet aan u. Probeer het later opnieuw."


class RuimteflowError(Exception):
    """Base of every expected (user-caused or conflict) error."""

    code = "fout"
    title = "Fout"
    status = 400
    #: the row (counted from 0, as the list was given) of a list of the form the refusal is about: set by
    #: :func:`in_regel` where the list is checked, read by :func:`bij_veld` to name the field in that row
    regel: int | None = None

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


class ConfigurationError(RuimteflowError):
    """The municipality's own configuration (its GIS layers, its conflict rules, ...) is unusable: ours,
    not the caller's. Never a refusal of input (not a ValidationError): a form shows it as a failure of
    ours (web.errors OUR_FAULT with its foutcode), never at a field; the API answers 500."""

    code = "configuratie-onbruikbaar"
    title = "Configuratie onbruikbaar"
    status = 500


class Unprocessable(ValidationError):
    """A well-formed value that a rule of the domain refuses (a verdaging after the end of the term, or
    longer than the law allows): 422, as the refusal of a form's own rules (``formulier-ongeldig``)."""

    status = 422


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


@contextmanager
def bij_veld(
    velden: Mapping[str, str], uit_formulier: Container[str] | None = None, *, lijst: str | None = None
) -> Iterator[None]:
    """A refusal raised inside names the field of the form its value came from (``veld``), so the task page
    shows it there and the API names it (review vvl16, F4). ``velden``: the refusal's code -> its field,
    dotted for a field of a group (``activiteit.datum``); ``uit_formulier``: the fields read from the task
    form (None: all of them), not passed by the model as a parameter. ``lijst``: the fields are those of a
    row of this list of the form, the row the refusal was raised in (:func:`in_regel`), so ``gebouw``
    becomes ``opt_outs.1.gebouw``; a refusal of no row names no field. A refusal that names a field keeps it."""
    try:
        yield
    except ValidationError as exc:
        veld = velden.get(exc.code)
        if veld and lijst is not None:
            veld = f"{lijst}.{exc.regel}.{veld}" if exc.regel is not None else None
        if veld and (uit_formulier is None or veld in uit_formulier) and "veld" not in exc.extra:
            exc.extra["veld"] = veld
        raise


@contextmanager
def in_regel(nummer: int) -> Iterator[None]:
    """A refusal raised inside is about row ``nummer`` (counted from 0, as the list was given) of the list
    being checked; the innermost row counts. :func:`bij_veld` with ``lijst`` names the field in that row."""
    try:
        yield
    except ValidationError as exc:
        if exc.regel is None:
            exc.regel = nummer
        raise


def missing(value: object) -> bool:
    """Nothing was given: no value, or blank text."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A value someone gave, as a Dutch refusal repeats it: text as typed between quotes (so text that
    looks like a number, '12', reads as the text it is), a number as written (2.0), waar or onwaar, a list
    or object as JSON; never Python's repr (None, True). Shortened to SHOWN_MAX."""
    if isinstance(value, bool):
        return "waar" if value else "onwaar"
    if value is None:
        return "leeg"
    if isinstance(value, str):
        return f"'{_cut(value.strip(), SHOWN_MAX - 2)}'"
    text = (
        str(value) if isinstance(value, int | float) else json.dumps(value, ensure_ascii=False, default=str)
    )
    return _cut(text, SHOWN_MAX)


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def given(value: object) -> str:
    """The end of a refusal "<veld> moet … zijn, <given>": 'maar ontbreekt' or 'niet <value>'."""
    return "maar ontbreekt" if missing(value) else f"niet {shown(value)}"
