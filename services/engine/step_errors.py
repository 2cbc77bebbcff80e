"""What a step raises when something in it fails: the platform's errors, in Dutch, for what the model or
the engine did (a ProcessError is the case's incident); an error of the platform's own infrastructure that
says nothing of the model, only of the moment (``transient``: a lost database connection or a lost race,
services.store.db_errors), as it is."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException

from processes.errors import RuimteflowError

from .model_errors import task_error, workflow_error
from .outcome import ProcessError, ScriptLimitError, wrapped
from .scripting import ScriptLimitExceeded, ScriptRefused

log = logging.getLogger("services.engine.runtime")  # the logger these lines were always on

#: which errors a step raises as they are (services.platform gives services.store.db_errors.transient)
Transient = Callable[[BaseException], bool]


@contextmanager
def mapped(reference: str | None, transient: Transient) -> Iterator[None]:
    """Within: a ``transient`` error (a service task's query that lost its connection or a race) is raised
    as it is, also when SpiffWorkflow wrapped it: no fault of the model, and no incident of its case; the
    same step may succeed when repeated. Any other failure is the platform's error (``platform_error``);
    ``reference`` names the case in the log."""
    try:
        yield
    except Exception as exc:
        inner = wrapped(exc) if isinstance(exc, WorkflowTaskException) else exc
        if inner is not None and transient(inner):
            if inner is exc:
                raise
            raise inner from None
        error = platform_error(exc, reference)
        if error is None:
            raise
        raise error from exc


def platform_error(exc: Exception, reference: str | None) -> Exception | None:
    """The platform's error for a failure in a step; None for one that already is (a RuimteflowError)."""
    if isinstance(exc, ScriptRefused):  # an unknown service, or a model deployed before a sandbox rule
        return ProcessError(f"Fout in het proces: {exc.detail}")
    if isinstance(exc, ScriptLimitExceeded):  # raised outside a task (e.g. a correlation expression)
        return ScriptLimitError(exc.detail)
    if isinstance(exc, WorkflowTaskException):
        return task_error(exc)
    if isinstance(exc, WorkflowException):
        return workflow_error(exc)
    if isinstance(exc, SpiffWorkflowException):
        return ProcessError(f"Fout in het proces: {exc}")
    if isinstance(exc, RuimteflowError):
        return None
    # a model the engine cannot run: a 422 and an incident, not a 500
    log.warning("engine step of %s failed", reference, exc_info=exc)
    return ProcessError(f"Fout in het proces: {type(exc).__name__}: {exc}")
