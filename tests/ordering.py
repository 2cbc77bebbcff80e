"""The order the suite is handed to the xdist workers: the longest test files first.

``make test`` distributes single tests (``--dist load``): the first batch goes round-robin to the
workers, the rest as they get free. Starting with the longest files keeps a long file from landing on a
worker at the very end while the others have finished (the longest files below took 20-120 s each).
Files that need the shared demo database (tests/shared_build.py, built in the background as the run
starts) come after the first group, so the build is ready by then. The order changes no result: every
test sets up its own data.
"""

from __future__ import annotations

from typing import Any

#: test files in the order they start; every other file keeps its place after these
LONGEST_FIRST = [
    # no demo database needed
    "tests/e2e/test_api_contract.py",
    "tests/integration/test_demo_users.py",
    "tests/integration/test_step_cost_flat.py",
    "tests/integration/test_model_scenarios.py",
    "tests/e2e/test_modeleditor_chain.py",
    "tests/integration/test_wijkuitvoeringsplan.py",
    "tests/e2e/test_browser_faces.py",
    "tests/integration/test_concurrency_pg.py",
    "tests/integration/test_script_limits.py",
    "tests/integration/test_waits_incremental.py",
    # on the shared demo database
    "tests/e2e/test_axe.py",
    "tests/e2e/test_editor_browser.py",
    "tests/e2e/test_status_browser.py",
    "tests/e2e/test_besluit_browser.py",
    "tests/e2e/test_faces_dossier_words.py",
    "tests/e2e/test_public_browser.py",
    "tests/e2e/test_kaart_browser.py",
    "tests/e2e/test_initiator_browser.py",
    # many short tests
    "tests/e2e/test_permission_matrix.py",
    "tests/e2e/test_sessions.py",
]
_RANK = {path: rank for rank, path in enumerate(LONGEST_FIRST)}


def longest_first(items: list[Any]) -> None:
    """Sort ``items`` in place: the files of ``LONGEST_FIRST`` in that order, then the rest as collected."""
    items.sort(key=lambda item: _RANK.get(item.nodeid.split("::", 1)[0], len(LONGEST_FIRST)))
