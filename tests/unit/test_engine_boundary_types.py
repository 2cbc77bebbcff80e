"""No ``Any`` crosses the engine boundary: the functions the services call are typed with the engine's
boundary types (services.engine.types) and JSON data as ``dict[str, Any]``, never a bare ``Any``."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from services.engine import deploy, migration, state
from services.engine.runtime import WorkflowRuntime


def _public(cls: type) -> Iterator[tuple[str, Callable[..., Any]]]:
    for name, fn in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            yield f"{cls.__name__}.{name}", fn


BOUNDARY = [
    *_public(WorkflowRuntime),
    *_public(state.SpecBook),
    ("deploy.build_specs", deploy.build_specs),
    ("migration.migrate_workflow", migration.migrate_workflow),
]


def _any_outside_json(tp: Any) -> bool:
    """True when ``tp`` is Any or holds Any anywhere but as the value type of a dict (JSON data)."""
    if tp is Any:
        return True
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is dict and len(args) == 2 and args[0] is str and args[1] is Any:
        return False
    return any(_any_outside_json(a) for a in args if a is not Ellipsis)


@pytest.mark.parametrize(("name", "fn"), BOUNDARY, ids=[n for n, _ in BOUNDARY])
def test_no_any_in_the_signature(name: str, fn: Callable[..., Any]) -> None:
    hints = typing.get_type_hints(fn)
    assert hints, f"{name} is not annotated"
    untyped = sorted(k for k, v in hints.items() if _any_outside_json(v))
    assert untyped == [], f"{name}: Any in {untyped}"
