"""The TOML data files in processes/data/: read once (cached), parsed into a fresh dict per call."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def _lees_tekst(naam: str) -> str:
    return resources.files("processes").joinpath("data", naam).read_text(encoding="utf-8")


def lees_data(naam: str) -> dict[str, Any]:
    """Parse ``processes/data/<naam>`` into a fresh dict (the file text is read once and cached)."""
    return tomllib.loads(_lees_tekst(naam))
