"""What a step raises when something in it fails: the platform's errors, in Dutch, for what the model or
the engine did (a ProcessError is the case's incident); the errors of the platform's own infrastructure
(``passes``: its database, services.platform) as they are."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException

from processes.errors import RuimteflowError

from .outcome import ProcessError, ScriptLimitError, task_error, wrapped
from .scripting import ScriptLimitExceeded, ScriptRefused

log = logging.getLogger("services.engine.runtime")  # the logger these lines were always on


@contextmanager
def mapped(reference: str | None, passes: tuple[type[BaseException], ...]) -> Iterator[None]:
    """Within: an error of ``passes`` (a service task's query that lost its connection or a race) is raised
    as it is, also when SpiffWorkflow wrapped it: no fault of the model, and no incident of its case. Any
    other failure is the platform's error; ``reference`` names the case in the log."""
    try:
        yield
    except passes:
        raise
    except WorkflowTaskException as exc:  # SpiffWorkflow raises it while handling a script's error
        inner = wrapped(exc)
        if isinstance(inner, passes):
            raise inner from None
        raise task_error(exc) from exc
    except ScriptRefused as exc:  # an unknown service, or a model deployed before a sandbox rule
        raise ProcessError(f"Fout in het proces: {exc.detail}") from exc
    except ScriptLimitExceeded as exc:  # raised outside a task (e.g. a correlation expression)
        raise ScriptLimitError(exc.detail) from exc
    except (WorkflowException, SpiffWorkflowException) as exc:
        raise ProcessError(f"Fout in het proces: {exc}") from exc
    except RuimteflowError:
        raise
    except Exception as exc:  # a model the engine cannot run: a 422 and an incident, not a 500
        log.warning("engine step of %s failed", reference, exc_info=True)
        raise ProcessError(f"Fout in het proces: {type(exc).__name__}: {exc}") from exc
