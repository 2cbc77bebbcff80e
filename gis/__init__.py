"""Location conflict checks: layers, rules as data, the check (in-memory or PostGIS), demo data.

The public facade lives in :mod:`gis.api` (see its docstring for signatures and output keys) and is
re-exported here lazily, so ``import gis`` stays cheap and does no work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gis.api import (
        DEFAULT_MAX_BYTES,
        Layer,
        LayerCache,
        RuleSet,
        check,
        default_rules_path,
        layer_summaries,
        load_layer,
        load_layers,
        load_rules,
        parse_rules,
        public_view,
        read_layers,
    )

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Layer",
    "LayerCache",
    "RuleSet",
    "check",
    "default_rules_path",
    "layer_summaries",
    "load_layer",
    "load_layers",
    "load_rules",
    "parse_rules",
    "read_layers",
    "public_view",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from gis import api

        return getattr(api, name)
    raise AttributeError(f"module 'gis' has no attribute {name!r}")
