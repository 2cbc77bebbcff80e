"""The cases one web request was let read, for its access-log line (web/access_log.py): who looked at
which case (BIO 12.4.1, AVG art. 32).

A use case that shows a case, or a part of it, to an account notes the case's reference here once the
authorization policy let the account read it: the case file and the API's zaak (services.case_queries),
a task (services.inbox), a document or the list of them (services.documents.queries), the map's case
panel and the zaakregistratie. The web layer opens a scope at the start of each request and closes it
at its end (web/__init__.py); outside a request (CLI, worker, tests calling services) there is no
scope and nothing is kept. Memory only: a read writes nothing to the database.
"""

from __future__ import annotations

from contextvars import ContextVar

_SCOPE: ContextVar[list[str] | None] = ContextVar("ruimteflow_request_reads", default=None)


def open_scope() -> None:
    _SCOPE.set([])


def close_scope() -> None:
    _SCOPE.set(None)


def note(reference: str) -> None:
    """The request read case ``reference`` (its zaaknummer): kept once, in the order read."""
    scope = _SCOPE.get()
    if scope is not None and reference not in scope:
        scope.append(reference)


def noted() -> tuple[str, ...]:
    """The references this request read, in the order read (none outside a request)."""
    return tuple(_SCOPE.get() or ())
