"""`ruimteflow wachten ...`: the holder-interval projection (issue 15)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def cmd_herbouw(args: argparse.Namespace) -> Any:
    from services.waits import store

    platform = args.platform_factory(args)
    try:
        return store.rebuild(platform)
    finally:
        platform.close()


def register(sub: Any, common: argparse.ArgumentParser, platform_factory: Callable[..., Any]) -> None:
    """Add `wachten` to the CLI; ``platform_factory(args)`` builds the platform (web.cli._platform)."""
    wachten = sub.add_parser("wachten", help="wie houdt de zaken vast (houderintervallen)")
    commands = wachten.add_subparsers(dest="sub", required=True)
    s = commands.add_parser(
        "herbouw", parents=[common], help="bouw de houderintervallen opnieuw op uit de zaakgeschiedenis"
    )
    s.set_defaults(fn=cmd_herbouw, platform_factory=platform_factory)
