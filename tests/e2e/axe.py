"""axe-core in the browser tests: ``assert_accessible(page)`` fails on any WCAG 2.1 A or AA violation.

axe-core is vendored for the tests only (tests/e2e/vendor/axe-core/, npm package ``axe-core`` 4.14.1,
MPL-2.0, see its LICENSE). It is evaluated in the page through the DevTools protocol, so the pages'
Content-Security-Policy (script-src 'self') stays as it is in production.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@functools.cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe finds in the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG21_A_AA,
    )
    return list(result["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for v in found:
        targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:5]]
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')} -> {targets}")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str = "") -> None:
    found = violations(page)
    assert not found, f"axe: WCAG 2.1 A/AA-schendingen op {where or page.url}:\n{describe(found)}"
