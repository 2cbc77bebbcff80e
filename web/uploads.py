"""How large one request may be: an upload (multipart/form-data) may carry the largest document any type
allows (``max_mb`` in bpmn/documenttypen.toml, the one home of those caps) plus its form fields; a
urlencoded form stays at ``Settings.max_body_bytes`` (its fields at the form-memory limit); any other body
(JSON) at ``json_cap``, unless its view names its own cap (``capped``: a message at
``berichtgrenzen.MAX_BODY_BYTES``, the locatiecheck, the model editor), which may depend on the caller (a
function of the request, read before its body: the municipality's staff send larger batches). A JSON body over its cap is refused
with a specific 413 before it is read, by its declared length or, without one, as it is read
(``too_large_refusal``). Each file is then held to its own type's cap while it is staged
(services/documents/storage.py), which names that cap in Dutch.

Werkzeug spools the files of a multipart body to temporary files beyond 500 kB, and the document store
copies them in chunks, so a large upload does not sit in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask.typing import ResponseReturnValue

from processes.errors import RuimteflowError, TooLarge
from processes.nederlands import mb_tekst
from services.documents.types import types_of

#: multipart boundaries and part headers on top of the form fields themselves
PART_OVERHEAD = 64 * 1024
MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"
V = TypeVar("V", bound=Callable[..., Any])
#: the most a JSON body may be where its view names no cap of its own: a case's start with a geometry of
#: ``max_geometry_bytes`` (1 MB) and its start data (256 kB) fits; the JSON hygiene walk (web/hygiene.py)
#: of 8 MB of small objects took 5 s, and any JSON route took it under the app's 20 MB cap
JSON_CAP = 2 * 1024 * 1024
#: the code of a JSON body over its cap (413)
JSON_TOO_LARGE = "json-te-groot"
#: the refusal of a body over a view's cap, given the body's declared length (None: it had none)
Refusal = Callable[[int | None], RuimteflowError]
#: a view's cap: bytes, or a function of the request (its caller, not its body) that gives them
Cap = int | Callable[[], int]


def upload_cap() -> int:
    """The largest multipart body of this app: the largest document type's cap plus the form fields."""
    platform = current_app.extensions["ruimteflow"]
    fields = form_memory() + PART_OVERHEAD
    return max(platform.settings.max_body_bytes, types_of(platform).grootste() + fields)


def json_cap() -> int:
    """The cap of a JSON body whose view names none: ``JSON_CAP``, or twice the largest geometry text."""
    settings = current_app.extensions["ruimteflow"].settings
    return max(JSON_CAP, 2 * int(settings.max_geometry_bytes))


def beheerder_cap(user: Mapping[str, Any] | None, limit: int) -> int:
    """A view's cap (``capped``) for a route of the beheerder: ``limit`` for a beheerder's body; anyone
    else's (refused 403 by the view, which runs after the body is read) no more than any JSON body
    (``json_cap``)."""
    return limit if user is not None and user["rol"] == "beheerder" else json_cap()


def json_too_large(limit: int, size: int | None) -> TooLarge:
    """The refusal (413 ``JSON_TOO_LARGE``) of a JSON body over ``limit``; ``size`` its declared length."""
    over = f" (dit verzoek: {mb_tekst(size)})" if size else ""
    return TooLarge(
        f"Het verzoek is groter dan toegestaan: ten hoogste {mb_tekst(limit, grens=True)}{over}. "
        "Er is niets opgeslagen.",
        code=JSON_TOO_LARGE,
    )


def capped(limit: Cap, refusal: Refusal | None = None) -> Callable[[V], V]:
    """Cap the JSON body of a view's requests at ``limit`` bytes instead of ``json_cap`` (a body that
    carries one message: ``berichtgrenzen.MAX_BODY_BYTES``), or at what ``limit()`` gives for this
    request's caller (called before the body is read), refused by ``refusal`` (default
    ``json_too_large``, naming that cap). Put it below the route decorator."""

    def attach(view: V) -> V:
        view.__max_body__ = limit  # type: ignore[attr-defined]
        view.__too_large__ = refusal  # type: ignore[attr-defined]
        return view

    return attach


def _json_cap() -> tuple[int, Refusal]:
    """This request's JSON body cap and its refusal: its view's (``capped``), else ``json_cap``; never
    above the app's (``MAX_CONTENT_LENGTH``: ``Settings.max_body_bytes``)."""
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "__max_body__", None)
    if callable(limit):
        limit = limit()
    if not isinstance(limit, int):
        limit = json_cap()
    limit = min(limit, int(current_app.config.get("MAX_CONTENT_LENGTH") or limit))
    refusal = getattr(view, "__too_large__", None)
    return limit, refusal or (lambda size: json_too_large(limit, size))


def too_large_refusal() -> RuimteflowError | None:
    """The specific refusal of this request's body over its cap (a JSON body: its view's, or
    ``json_too_large``); None for a form, whose 413 names its field or files (``too_large_detail``)."""
    if request.mimetype in (MULTIPART, URLENCODED):
        return None
    return _json_cap()[1](request.content_length)


def _cap_body() -> None:
    """The cap of this request's body: an upload's (``upload_cap``), a urlencoded form's (the app's), or a
    JSON body's (``_json_cap``), which a larger declared length meets at once with its specific 413,
    before the body is read; a body without one meets it once one byte past the cap is read (werkzeug's
    own 413 of such a body is answered so too: ``too_large_refusal``)."""
    if request.mimetype == MULTIPART:
        request.max_content_length = upload_cap()
        return
    if request.mimetype == URLENCODED:
        return
    if (
        request.content_length is None
        and "chunked" not in request.headers.get("Transfer-Encoding", "").lower()
    ):
        return  # no body (a GET): nothing to cap or read
    limit, refusal = _json_cap()
    request.max_content_length = limit
    if (request.content_length or 0) > limit:
        raise refusal(request.content_length)
    if request.content_length is None and _read_unsized(limit) > limit:
        raise refusal(None)


def _read_unsized(limit: int) -> int:
    """The length of a body without a declared length (chunked), read (and kept for the hygiene check)
    up to one byte past ``limit``: werkzeug cuts such a body off at its cap without a word, and the
    JSON hygiene check would refuse what is left as invalid JSON (400 json-ongeldig)."""
    request.max_content_length = limit + 1
    size = len(request.get_data(cache=True))
    request.max_content_length = limit
    return size


def form_memory() -> int:
    """The most a text field of a form (a urlencoded form: the whole form) may hold in bytes."""
    return int(current_app.config.get("MAX_FORM_MEMORY_SIZE") or 500_000)


def too_large_fields() -> list[str]:
    """The text fields of this request's form over ``form_memory`` (web/form_fields.py), if any."""
    return list(getattr(request, "too_large_fields", None) or [])


def too_large_detail() -> str:
    """The Dutch refusal of a request over its cap, naming the cap: a text field of the form (named) or
    a urlencoded form over the form-memory limit, else the body over its cap (the files of an upload)."""
    limit = request.max_content_length or 0
    fields = too_large_fields()
    if fields:
        names = " en ".join(f"'{f}'" for f in fields)
        return (
            f"Het veld {names} is groter dan toegestaan: een veld van het formulier bevat ten hoogste "
            f"{mb_tekst(form_memory(), grens=True)}."
        )
    if request.mimetype == URLENCODED and (request.content_length or 0) <= (limit or form_memory()):
        return f"Het formulier is groter dan toegestaan: ten hoogste {mb_tekst(form_memory(), grens=True)}."
    if request.mimetype == MULTIPART:
        return (
            f"Wat u in één keer stuurt, is groter dan toegestaan: ten hoogste {mb_tekst(limit, grens=True)} samen. "
            "Stuur minder of kleinere bestanden tegelijk; per soort document geldt een eigen maximum."
        )
    return f"Het verzoek is groter dan toegestaan: ten hoogste {mb_tekst(limit, grens=True)}."


#: endpoint -> the answer to a body over the cap (the form cannot be read, so no view runs)
_ANSWERS: dict[str, Callable[[], ResponseReturnValue | None]] = {}


def on_too_large(
    endpoint: str,
) -> Callable[[Callable[[], ResponseReturnValue | None]], Callable[[], ResponseReturnValue | None]]:
    """Register how a page answers a body over the cap (e.g. the case file with a message), instead of
    the error page. The answer may return None to fall back to that page."""

    def register(
        answer: Callable[[], ResponseReturnValue | None],
    ) -> Callable[[], ResponseReturnValue | None]:
        _ANSWERS[endpoint] = answer
        return answer

    return register


def too_large_answer() -> ResponseReturnValue | None:
    """The registered answer of this request's endpoint to a body over the cap, if any."""
    answer = _ANSWERS.get(request.endpoint or "")
    return answer() if answer is not None else None


def init_app(app: Flask) -> None:
    """Before any hook reads the form (web/hygiene.py does), so that the upload cap applies to it; a text
    field over the form-memory limit is named (web/form_fields.py)."""
    from web.form_fields import FormRequest

    app.request_class = FormRequest
    app.before_request(_cap_body)
