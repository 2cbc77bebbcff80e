"""The order the suite is handed to the xdist workers: the longest test files first.

``make test`` hands out whole files (``--dist loadfile``): the first files go to the workers at the
start, the rest as they get free. Starting with the longest files keeps a long file from landing on a
worker at the very end while the other has finished (the files below took 10-100 s of wall each).
xdist would sort the files by their number of tests instead (a one-test file of 20 s last), so the
Makefile passes ``--no-loadscope-reorder`` and this order holds. Files that need the shared demo
database (tests/shared_build.py, built in the background as the run starts) come after the first
group, so the build is ready by then. The live ZGW files (tests/zgw/*_live.py, among the longest) mostly
wait for Open Zaak, one process on the same two cores: they start early and apart, beside the other
worker's files rather than each other (collected, they came last, together). The order changes no result:
every test sets up its own data.
"""

from __future__ import annotations

from typing import Any

#: test files in the order they start (wall time of a quiet run, longest first, demo files after the
#: first group); every other file keeps its place after these
LONGEST_FIRST = [
    # no demo database needed
    "tests/e2e/test_permission_matrix.py",
    "tests/zgw/test_beslissing_op_bezwaar_live.py",
    "tests/integration/test_documents.py",
    "tests/e2e/test_api_contract.py",
    "tests/e2e/test_browser_faces.py",
    "tests/integration/test_script_limits.py",
    "tests/integration/test_gis_in_app_postgis.py",
    "tests/integration/test_step_cost_flat.py",
    "tests/zgw/test_publication_live.py",
    # on the shared demo database
    "tests/e2e/test_axe.py",
    "tests/e2e/test_editor_browser.py",
    # no demo database
    "tests/e2e/test_sessions.py",
    "tests/conformance/test_spiffworkflow_models.py",
    "tests/e2e/test_api_bad_input.py",
    "tests/integration/test_concurrency_pg.py",
    "tests/e2e/test_serve.py",
    "tests/zgw/test_publication_wup_live.py",
    # on the shared demo database
    "tests/e2e/test_besluit_browser.py",
    "tests/e2e/test_status_browser.py",
    "tests/e2e/test_kaart_browser.py",
    "tests/e2e/test_public_browser.py",
    "tests/e2e/test_initiator_browser.py",
    "tests/e2e/test_faces_dossier_words.py",
    # shorter ones, then the rest as collected
    "tests/e2e/test_modeleditor_chain.py",
    "tests/zgw/test_openzaak_live.py",
    "tests/integration/test_demo_users.py",
    "tests/e2e/test_gis_interfaces.py",
    "tests/integration/test_omgevingsvergunning.py",
    "tests/e2e/test_faces_besluit.py",
    "tests/integration/test_gis_postgis.py",
    "tests/zgw/test_openzaak_payloads_live.py",
    "tests/unit/gis/test_layers_gc.py",
    "tests/integration/test_model_scenarios.py",
    "tests/integration/test_step_reads.py",
    "tests/integration/test_wijkuitvoeringsplan.py",
    "tests/integration/test_waits_incremental.py",
]
_RANK = {path: rank for rank, path in enumerate(LONGEST_FIRST)}


def longest_first(items: list[Any]) -> None:
    """Sort ``items`` in place: the files of ``LONGEST_FIRST`` in that order, then the rest as collected."""
    items.sort(key=lambda item: _RANK.get(item.nodeid.split("::", 1)[0], len(LONGEST_FIRST)))
