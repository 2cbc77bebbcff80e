"""ZGW fixtures: the Open Zaak 1.30 specs (contract tests) and a live Open Zaak (integration tests).

A live Open Zaak is configured with RUIMTEFLOW_TEST_ZGW_URL (its base URL, e.g. http://127.0.0.1:8345),
RUIMTEFLOW_TEST_ZGW_CLIENT_ID and RUIMTEFLOW_TEST_ZGW_SECRET; `.ci/run` starts one and exports them.
Without them the live tests skip with the reason. Offline, RUIMTEFLOW_TEST_ZGW_SELECTIELIJST_URL names the
CI-only Selectielijst stand-in (tests/zgw/selectielijst_standin.py) that Open Zaak was pointed at.
"""

from __future__ import annotations

import json
import os
import random
import string
from pathlib import Path

import pytest

from services.config import Settings
from services.zgw.config import open_zaak_roots
from tests.conftest import shared_path
from tests.shared_build import built_once


@pytest.fixture(scope="session")
def zgw_specs() -> Path:
    """Folder with the OpenAPI documents Open Zaak 1.30 serves (../shared/zgw/specs/openzaak-1.30.0)."""
    return shared_path("zgw", "specs", "openzaak-1.30.0")


@pytest.fixture
def openzaak_settings(tmp_path: Path) -> Settings:
    """Settings pointing at the live Open Zaak, with a fresh catalogus domain per test."""
    return live_settings(tmp_path)


def _live_base() -> str:
    """The base URL of the live Open Zaak; skips the test without one."""
    base = os.environ.get("RUIMTEFLOW_TEST_ZGW_URL", "")
    if not base:
        pytest.skip(
            "RUIMTEFLOW_TEST_ZGW_URL is niet gezet: geen Open Zaak om tegen te testen "
            "(.ci/run start er een met ../shared/zgw/start-openzaak)"
        )
    return base


def live_settings(instance_dir: Path) -> Settings:
    """Settings for the live Open Zaak with a fresh catalogus domain; skips the test without one."""
    base = _live_base()
    # A catalogus is unique per (domein, rsin): a random domain keeps tests independent.
    return settings_for(base, instance_dir, "".join(random.choices(string.ascii_uppercase, k=5)))


def live_catalogus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The ZGW settings (``zgw_*`` fields) of the live Open Zaak with a catalogus made by `zgw catalogus`,
    once per test run and shared by the xdist workers: a run-wide domain, in which the cases of each
    module have references of their own (their own ``zaak-2026`` counter range). Skips without one."""
    base = _live_base()
    made = built_once(tmp_path_factory, "zgw-catalogus", lambda folder: _made_catalogus(base, folder))
    return dict(json.loads(made.read_text(encoding="utf-8")))


def _made_catalogus(base: str, folder: Path) -> Path:
    from web.cli import main

    settings = settings_for(base, folder, "".join(random.choices(string.ascii_uppercase, k=5)))
    names = [f"{api}_url" for api in open_zaak_roots(base)]
    names += ["client_id", "secret", "selectielijst_url", "catalogus_domein"]
    env = {f"zgw_{n}": str(getattr(settings, f"zgw_{n}")) for n in names}
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(f"RUIMTEFLOW_{name.upper()}", value)
        mp.setenv("RUIMTEFLOW_INSTANCE", str(folder))
        assert main(["zgw", "catalogus", "--json"]) == 0
    made = folder / "zgw.json"
    made.write_text(json.dumps(env), encoding="utf-8")
    return made


def settings_for(base: str, instance_dir: Path, domein: str) -> Settings:
    """Settings for the Open Zaak at ``base`` with the client of RUIMTEFLOW_TEST_ZGW_* (tests and bench)."""
    roots = open_zaak_roots(base)
    return Settings(
        instance_dir=instance_dir,
        zgw_zaken_url=roots["zaken"],
        zgw_catalogi_url=roots["catalogi"],
        zgw_documenten_url=roots["documenten"],
        zgw_besluiten_url=roots["besluiten"],
        zgw_client_id=os.environ.get("RUIMTEFLOW_TEST_ZGW_CLIENT_ID", "ruimteflow"),
        zgw_secret=os.environ.get(
            "RUIMTEFLOW_TEST_ZGW_SECRET", "ruimteflow-openzaak-secret-0123456789abcdef"
        ),
        zgw_selectielijst_url=os.environ.get("RUIMTEFLOW_TEST_ZGW_SELECTIELIJST_URL", ""),
        zgw_catalogus_domein=domein,
    )


def settings_env(settings: Settings) -> dict[str, str]:
    """The RUIMTEFLOW_ZGW_* environment that gives ``settings`` to the CLI."""
    names = ["zaken_url", "catalogi_url", "documenten_url", "besluiten_url", "client_id", "secret"]
    names += ["catalogus_domein", "rsin", "selectielijst_url"]
    return {f"RUIMTEFLOW_ZGW_{n.upper()}": str(getattr(settings, f"zgw_{n}")) for n in names}
