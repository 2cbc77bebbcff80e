"""ZGW fixtures: the Open Zaak 1.30 specs (contract tests) and a live Open Zaak (integration tests).

A live Open Zaak is configured with RUIMTEFLOW_TEST_ZGW_URL (its base URL, e.g. http://127.0.0.1:8345),
RUIMTEFLOW_TEST_ZGW_CLIENT_ID and RUIMTEFLOW_TEST_ZGW_SECRET; `.ci/run` starts one and exports them.
Without them the live tests skip with the reason. Offline, RUIMTEFLOW_TEST_ZGW_SELECTIELIJST_URL names the
CI-only Selectielijst stand-in (tests/zgw/selectielijst_standin.py) that Open Zaak was pointed at.
"""

from __future__ import annotations

import os
import random
import string
from pathlib import Path

import pytest

from services.config import Settings
from services.zgw.config import open_zaak_roots
from tests.conftest import shared_path


@pytest.fixture(scope="session")
def zgw_specs() -> Path:
    """Folder with the OpenAPI documents Open Zaak 1.30 serves (../shared/zgw/specs/openzaak-1.30.0)."""
    return shared_path("zgw", "specs", "openzaak-1.30.0")


@pytest.fixture
def openzaak_settings(tmp_path: Path) -> Settings:
    """Settings pointing at the live Open Zaak, with a fresh catalogus domain per test."""
    return live_settings(tmp_path)


def live_settings(instance_dir: Path) -> Settings:
    """Settings for the live Open Zaak with a fresh catalogus domain; skips the test without one."""
    base = os.environ.get("RUIMTEFLOW_TEST_ZGW_URL", "")
    if not base:
        pytest.skip(
            "RUIMTEFLOW_TEST_ZGW_URL is niet gezet: geen Open Zaak om tegen te testen "
            "(.ci/run start er een met ../shared/zgw/start-openzaak)"
        )
    # A catalogus is unique per (domein, rsin): a random domain keeps tests independent.
    return settings_for(base, instance_dir, "".join(random.choices(string.ascii_uppercase, k=5)))


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
