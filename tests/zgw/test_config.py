"""ZGW settings: nothing configured sends nothing; a half configuration is a clear Dutch error."""

from __future__ import annotations

import pytest

from services.config import Settings
from services.zgw.config import ZgwConfigError, zgw_config

FULL = {
    "zgw_zaken_url": "https://oz.example.nl/zaken/api/v1",
    "zgw_catalogi_url": "https://oz.example.nl/catalogi/api/v1/",
    "zgw_documenten_url": "https://oz.example.nl/documenten/api/v1/",
    "zgw_besluiten_url": "https://oz.example.nl/besluiten/api/v1/",
    "zgw_client_id": "ruimteflow",
    "zgw_secret": "s3cr3t",
}


def test_without_settings_there_is_no_configuration() -> None:
    assert zgw_config(Settings()) is None


def test_full_settings_give_roots_ending_in_a_slash() -> None:
    config = zgw_config(Settings(**FULL))
    assert config is not None
    assert config.root("zaken") == "https://oz.example.nl/zaken/api/v1/"
    assert config.catalogus_domein == "RFLOW" and config.rsin == "002564440"


def test_a_missing_secret_is_named() -> None:
    with pytest.raises(ZgwConfigError, match="RUIMTEFLOW_ZGW_SECRET ontbreekt"):
        zgw_config(Settings(**{**FULL, "zgw_secret": ""}))


def test_more_than_one_missing_setting_is_named_in_the_plural() -> None:
    """It read "RUIMTEFLOW_ZGW_CLIENT_ID, RUIMTEFLOW_ZGW_SECRET ontbreekt" (review ops19, 6)."""
    with pytest.raises(
        ZgwConfigError, match="onvolledig: RUIMTEFLOW_ZGW_CLIENT_ID en RUIMTEFLOW_ZGW_SECRET ontbreken[.]$"
    ):
        zgw_config(Settings(**{**FULL, "zgw_client_id": "", "zgw_secret": ""}))


def test_a_root_that_is_no_http_address_is_refused() -> None:
    with pytest.raises(ZgwConfigError, match="http\\(s\\)-adres"):
        zgw_config(Settings(**{**FULL, "zgw_zaken_url": "oz.example.nl/zaken"}))


@pytest.mark.parametrize("rsin", ["12345678", "123456789", "00256444x", "00256444²"])
def test_an_invalid_rsin_is_refused(rsin: str) -> None:
    with pytest.raises(ZgwConfigError, match="RSIN"):
        zgw_config(Settings(**FULL, zgw_rsin=rsin))


def test_one_open_zaak_base_url_fills_the_four_roots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUIMTEFLOW_ZGW_URL", "http://127.0.0.1:8345/")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_BESLUITEN_URL", "http://elders.test/besluiten/api/v1/")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_CLIENT_ID", "rf")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_SECRET", "geheim")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_CATALOGUS_DOMEIN", "GEM")
    config = zgw_config(Settings.from_env())
    assert config is not None
    assert config.root("zaken") == "http://127.0.0.1:8345/zaken/api/v1/"
    assert config.root("catalogi") == "http://127.0.0.1:8345/catalogi/api/v1/"
    assert config.root("besluiten") == "http://elders.test/besluiten/api/v1/"
    assert (config.client_id, config.catalogus_domein) == ("rf", "GEM")


@pytest.mark.parametrize("domein", ["", "ABCDEF", "rflow", "RF1"])
def test_the_catalogus_domain_is_one_to_five_capitals(domein: str) -> None:
    settings = Settings(**FULL, zgw_catalogus_domein=domein or " ")
    with pytest.raises(ZgwConfigError, match="hoofdletters"):
        zgw_config(settings)
