"""Documented settings of a kind (yes/no, URL, port, interval, duration, domain, file or folder) refuse a
value of another kind by name, as a bad number does (code instelling-ongeldig, CLI exit code 2); they
were accepted silently: RUIMTEFLOW_SECURE_COOKIES=true was read as no, RUIMTEFLOW_SCHEDULER_INTERVAL=0
made the timer loop spin, a missing GIS folder fell back to the demo layers (review ops12, F5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from processes.errors import ValidationError
from services.config import Settings
from web import cli


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("RUIMTEFLOW_SECURE_COOKIES", "waar", "moet 1 of 0 zijn"),
        ("RUIMTEFLOW_SCHEDULER_IN_WEB", "uit", "moet 1 of 0 zijn"),
        ("RUIMTEFLOW_OIDC_CREATE_INITIATORS", "2", "moet 1 of 0 zijn"),
        ("RUIMTEFLOW_SCHEDULER_INTERVAL", "0", "groter dan nul"),
        ("RUIMTEFLOW_BASE_URL", "notaurl", "http(s)-adres"),
        ("RUIMTEFLOW_BASE_URL", "ftp://ruimteflow.example.nl", "http(s)-adres"),
        ("RUIMTEFLOW_OIDC_ISSUER", "notaurl", "http(s)-adres"),
        ("RUIMTEFLOW_OIDC_ISSUER", "https://", "http(s)-adres"),
        ("RUIMTEFLOW_SMTP_PORT", "99999", "1 tot en met 65535"),
        ("RUIMTEFLOW_SMTP_PORT", "0", "1 tot en met 65535"),
        ("RUIMTEFLOW_ZGW_CATALOGUS_DOMEIN", "toolongdomain", "1 tot 5 hoofdletters"),
        ("RUIMTEFLOW_BEWAARTERMIJN_STANDAARD", "5jaar", "geen bewaartermijn"),
        ("RUIMTEFLOW_GIS_LAYERS", "/bestaat/niet", "bestaat niet"),
        ("RUIMTEFLOW_GIS_RULES", "/bestaat/niet.toml", "bestaat niet"),
        ("RUIMTEFLOW_DOCUMENTTYPEN", "/bestaat/niet.toml", "bestaat niet"),
        ("RUIMTEFLOW_ZGW_MAPPING_FILE", "/bestaat/niet.toml", "bestaat niet"),
        # a missing template folder was found only by the first mail or besluit that needed it
        ("RUIMTEFLOW_MAIL_TEMPLATES", "/bestaat/niet", "bestaat niet"),
        ("RUIMTEFLOW_BESLUIT_TEMPLATES", "/bestaat/niet", "bestaat niet"),
        # the document store may be created on first use, but not in a folder that does not exist
        ("RUIMTEFLOW_DOCUMENT_STORE", "/bestaat/niet/documenten", "bestaat niet"),
        # the mail outbox likewise: a typo was found only by the first mail, whose delivery then failed
        ("RUIMTEFLOW_MAIL_OUTBOX", "/bestaat/niet/outbox", "bestaat niet"),
    ],
)
def test_a_value_of_another_kind_is_refused_by_name(monkeypatch, key, value, fragment):
    monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError) as caught:
        Settings.from_env()
    assert key in str(caught.value)
    assert fragment in str(caught.value)
    assert caught.value.code == "instelling-ongeldig"


@pytest.mark.parametrize(
    ("value", "read"),
    [("1", True), ("true", True), ("Ja", True), ("YES", True), (" on ", True)]
    + [("0", False), ("False", False), ("nee", False), ("no", False), ("OFF", False)],
)
def test_a_yes_or_no_setting_takes_the_usual_words(monkeypatch, value, read):
    for key in ("RUIMTEFLOW_SECURE_COOKIES", "RUIMTEFLOW_SCHEDULER_IN_WEB"):
        monkeypatch.setenv(key, value)
    settings = Settings.from_env()
    assert settings.secure_cookies is read
    assert settings.scheduler_in_web is read


def test_good_values_are_read(monkeypatch, tmp_path):
    (tmp_path / "regels.toml").write_text("")
    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", "https://ruimteflow.example.nl")
    monkeypatch.setenv("RUIMTEFLOW_OIDC_ISSUER", "http://127.0.0.1:8080/realms/x")
    monkeypatch.setenv("RUIMTEFLOW_SMTP_PORT", "465")
    monkeypatch.setenv("RUIMTEFLOW_SCHEDULER_INTERVAL", "0.5")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_CATALOGUS_DOMEIN", "GEM")
    monkeypatch.setenv("RUIMTEFLOW_BEWAARTERMIJN_STANDAARD", "P5Y")
    monkeypatch.setenv("RUIMTEFLOW_GIS_LAYERS", str(tmp_path))
    monkeypatch.setenv("RUIMTEFLOW_GIS_RULES", str(tmp_path / "regels.toml"))
    s = Settings.from_env()
    assert (s.base_url, s.smtp_port, s.scheduler_interval) == ("https://ruimteflow.example.nl", 465, 0.5)
    assert (s.zgw_catalogus_domein, s.bewaartermijn_standaard) == ("GEM", "P5Y")
    assert (s.gis_layers_dir, s.gis_rules_file) == (str(tmp_path), str(tmp_path / "regels.toml"))


@pytest.mark.parametrize(
    "key",
    [
        "RUIMTEFLOW_BASE_URL",
        "RUIMTEFLOW_GIS_LAYERS",
        "RUIMTEFLOW_BEWAARTERMIJN_STANDAARD",
        # review sessie12c, 5: a compose file's ${X:-} gives these empty; they were refused (exit 2)
        "RUIMTEFLOW_SECURE_COOKIES",
        "RUIMTEFLOW_SCHEDULER_IN_WEB",
        "RUIMTEFLOW_OIDC_CREATE_INITIATORS",
        "RUIMTEFLOW_ZGW_CATALOGUS_DOMEIN",
        "RUIMTEFLOW_SMTP_TLS",
        "RUIMTEFLOW_LOG_LEVEL",
        "RUIMTEFLOW_SCHEDULER_INTERVAL",
        "RUIMTEFLOW_MAIL_TEMPLATES",
        "RUIMTEFLOW_BESLUIT_TEMPLATES",
        "RUIMTEFLOW_DOCUMENT_STORE",
        "RUIMTEFLOW_MAIL_OUTBOX",  # was kept as '  ': a relative folder of spaces
        # review ops19, 2: read as a whole number before its port check, so refused ("niet ''", exit 2)
        "RUIMTEFLOW_SMTP_PORT",
    ],
)
def test_an_empty_value_means_the_default(monkeypatch, key):
    default = Settings.from_env()
    monkeypatch.setenv(key, "  ")
    assert Settings.from_env() == default  # not refused, and the default


@pytest.mark.parametrize(
    ("key", "soort"),
    [("RUIMTEFLOW_GIS_LAYERS", "de map"), ("RUIMTEFLOW_GIS_RULES", "het bestand")],
)
def test_a_missing_file_or_folder_is_named_with_its_article(monkeypatch, key, soort):
    """It read "het map '/nope'" (review ops19, 6)."""
    monkeypatch.setenv(key, "/bestaat/niet")
    with pytest.raises(ValidationError, match=f"^{key}: {soort} '/bestaat/niet' bestaat niet"):
        Settings.from_env()


def test_the_template_folders_and_the_document_store_are_read(monkeypatch, tmp_path):
    for name in ("mail", "besluit", "documenten"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("RUIMTEFLOW_MAIL_TEMPLATES", str(tmp_path / "mail"))
    monkeypatch.setenv("RUIMTEFLOW_BESLUIT_TEMPLATES", str(tmp_path / "besluit"))
    monkeypatch.setenv("RUIMTEFLOW_DOCUMENT_STORE", str(tmp_path / "documenten"))
    s = Settings.from_env()
    assert (s.mail_templates_dir, s.besluit_templates_dir) == (
        str(tmp_path / "mail"),
        str(tmp_path / "besluit"),
    )
    assert s.document_store_dir == str(tmp_path / "documenten")


def test_a_document_store_still_to_be_created_is_accepted_and_not_made_at_start(monkeypatch, tmp_path):
    monkeypatch.setenv("RUIMTEFLOW_DOCUMENT_STORE", str(tmp_path / "nieuw"))
    assert Settings.from_env().document_store_dir == str(tmp_path / "nieuw")
    assert not (tmp_path / "nieuw").exists()  # the first upload creates it


def test_a_document_store_that_is_a_file_is_refused(monkeypatch, tmp_path):
    (tmp_path / "documenten").write_text("")
    monkeypatch.setenv("RUIMTEFLOW_DOCUMENT_STORE", str(tmp_path / "documenten"))
    with pytest.raises(ValidationError, match="RUIMTEFLOW_DOCUMENT_STORE: .* is geen map"):
        Settings.from_env()


def test_a_document_store_in_a_folder_that_cannot_be_written_is_refused(monkeypatch, tmp_path):
    (tmp_path / "alleen-lezen").mkdir()
    monkeypatch.setenv("RUIMTEFLOW_DOCUMENT_STORE", str(tmp_path / "alleen-lezen" / "documenten"))
    real_access = os.access  # root may write anywhere: the test runs as root, so the refusal is faked
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p).name == "alleen-lezen" else real_access(p, mode)
    )
    with pytest.raises(
        ValidationError, match="RUIMTEFLOW_DOCUMENT_STORE: .*niet schrijven in de map .*alleen-lezen"
    ):
        Settings.from_env()


def test_a_mail_outbox_still_to_be_created_is_accepted_and_not_made_at_start(monkeypatch, tmp_path):
    monkeypatch.setenv("RUIMTEFLOW_MAIL_OUTBOX", str(tmp_path / "outbox"))
    assert Settings.from_env().mail_outbox_dir == str(tmp_path / "outbox")
    assert not (tmp_path / "outbox").exists()  # the first mail creates it


def test_a_mail_outbox_that_is_a_file_is_refused(monkeypatch, tmp_path):
    (tmp_path / "outbox").write_text("")
    monkeypatch.setenv("RUIMTEFLOW_MAIL_OUTBOX", str(tmp_path / "outbox"))
    with pytest.raises(ValidationError, match="RUIMTEFLOW_MAIL_OUTBOX: .* is geen map"):
        Settings.from_env()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("RUIMTEFLOW_MAIL_OUTBOX", "{tmp}/geen/outbox", "RUIMTEFLOW_MAIL_OUTBOX: de map"),
        ("RUIMTEFLOW_SECURE_COOKIES", "waar", "RUIMTEFLOW_SECURE_COOKIES moet 1 of 0 zijn"),
    ],
    ids=["mail_outbox_in_a_missing_folder", "bad_flag"],
)
def test_the_cli_exits_with_code_2_on_a_bad_setting_of_a_kind(
    monkeypatch, tmp_path, capsys, key, value, message
):
    monkeypatch.setenv(key, value.format(tmp=tmp_path))
    code = cli.main(["models", "list", "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_a_folder_under_the_home_folder_is_used_where_it_was_checked(monkeypatch, tmp_path):
    """'~/box' was checked as the home folder's box but used as './~/box' under the working folder: the
    mails went where nobody looked (review sessie13, 2). Every folder setting reads as the folder checked."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("mail", "besluit"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("RUIMTEFLOW_MAIL_OUTBOX", "~/box")
    monkeypatch.setenv("RUIMTEFLOW_DOCUMENT_STORE", "~/documenten")
    monkeypatch.setenv("RUIMTEFLOW_MAIL_TEMPLATES", "~/mail")
    monkeypatch.setenv("RUIMTEFLOW_BESLUIT_TEMPLATES", "~/besluit")
    s = Settings.from_env()
    assert s.mail_outbox_dir == str(tmp_path / "box")
    assert s.document_store_dir == str(tmp_path / "documenten")
    assert (s.mail_templates_dir, s.besluit_templates_dir) == (
        str(tmp_path / "mail"),
        str(tmp_path / "besluit"),
    )
