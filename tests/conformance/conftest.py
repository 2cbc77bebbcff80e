"""Print the conformance ratio of the SpiffWorkflow test models at the end of the run."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts = {"passed": 0, "failed": 0}
    for outcome in counts:
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") == "call" and "test_same_as_bare_library" in report.nodeid:
                counts[outcome] += 1
    total = counts["passed"] + counts["failed"]
    if total:
        terminalreporter.write_line(
            f"conformance met SpiffWorkflow: {counts['passed']}/{total} modellen gelijk "
            f"(ratio {counts['passed'] / total:.2f})"
        )
