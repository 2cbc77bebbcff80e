"""How large one request may be: an upload (multipart/form-data) may carry the largest document any type
allows (``max_mb`` in bpmn/documenttypen.toml, the one home of those caps) plus its form fields; any other
body stays at ``Settings.max_body_bytes``, and one that carries a message at ``berichtgrenzen.MAX_BODY_BYTES``
(its view says so: ``capped``). Each file is then held to its own type's cap while it is staged
(services/documents/storage.py), which names that cap in Dutch.

Werkzeug spools the files of a multipart body to temporary files beyond 500 kB, and the document store
copies them in chunks, so a large upload does not sit in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask.typing import ResponseReturnValue

from processes import berichtgrenzen
from processes.nederlands import mb_tekst
from services.documents.types import types_of

#: multipart boundaries and part headers on top of the form fields themselves
PART_OVERHEAD = 64 * 1024
MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"
V = TypeVar("V", bound=Callable[..., Any])


def upload_cap() -> int:
    """The largest multipart body of this app: the largest document type's cap plus the form fields."""
    platform = current_app.extensions["ruimteflow"]
    fields = form_memory() + PART_OVERHEAD
    return max(platform.settings.max_body_bytes, types_of(platform).grootste() + fields)


def capped(limit: int) -> Callable[[V], V]:
    """Cap the body of a view's requests at ``limit`` bytes, below the app's cap (a body that carries one
    message: ``berichtgrenzen.MAX_BODY_BYTES``). Put it below the route decorator."""

    def attach(view: V) -> V:
        view.__max_body__ = limit  # type: ignore[attr-defined]
        return view

    return attach


def _cap_body() -> None:
    """The cap of this request's body: an upload's (``upload_cap``), or its view's (``capped``), which a
    larger declared length meets at once with a Dutch 413 naming the field, before the body is read
    (werkzeug refuses a body without a declared length as it reads it)."""
    if request.mimetype == MULTIPART:
        request.max_content_length = upload_cap()
        return
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "__max_body__", None)
    if not isinstance(limit, int):
        return
    request.max_content_length = limit
    if (request.content_length or 0) > limit:
        raise berichtgrenzen.body_too_large(request.content_length)


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
