"""Privacy review avg13 (minor): the outbox's .eml mails and the document store were written with the
process's umask (022: world-readable files and folders), though they hold personal data. They are
written 0o600 in folders made 0o700 (services/private_files.py)."""

from __future__ import annotations

import io
import os
import stat
from email.message import EmailMessage
from pathlib import Path

import pytest

from services.config import Settings
from services.documents import storage
from services.mail import transport


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # the usual default: files 0o644 and folders 0o755 unless written otherwise
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_eml_mail_is_written_for_the_platform_only(tmp_path, open_umask):
    settings = Settings(instance_dir=tmp_path, smtp_host="")
    msg = EmailMessage()
    msg["To"] = "buurman@example.nl"
    msg.set_content("Uw zienswijze is ontvangen.")
    written = Path(transport.send(settings, msg, "00000001-ontvangst"))
    assert written.read_bytes() == bytes(msg)
    assert _mode(written) == 0o600
    for folder in (written.parent, *[p for p in written.parents if tmp_path in p.parents]):
        assert _mode(folder) == 0o700, folder
    written.chmod(0o644)  # one written before this rule: a retry writes it private again
    transport.send(settings, msg, "00000001-ontvangst")
    assert _mode(written) == 0o600


def test_a_stored_document_is_for_the_platform_only(tmp_path, open_umask, monkeypatch):
    monkeypatch.setattr(storage, "lock_content", lambda session, sha256: None)  # no database here
    root = tmp_path / "documenten"  # made on first use
    store = storage.LocalBlobStore(root)
    staged = store.stage(io.BytesIO(b"%PDF-1.4 zienswijze"), max_bytes=1000, label="een zienswijze")
    assert store.commit(staged, session=None)
    stored = store.path_for(staged.sha256)
    assert stored.read_bytes() == b"%PDF-1.4 zienswijze"
    assert _mode(stored) == 0o600
    for folder in (root, root / "tmp", stored.parent, stored.parent.parent):
        assert _mode(folder) == 0o700, folder


def test_the_sqlite_database_is_for_the_platform_only(tmp_path, open_umask):
    """Review sessie13b, 5: instance/ruimteflow.db was -rw-r--r-- in a 0755 folder. The default database,
    its -wal and -shm files and the instance folder it is made in are the platform's only."""
    from services.platform import Platform

    instance = tmp_path / "nieuw" / "instance"
    settings = Settings(instance_dir=instance, smtp_host="")
    assert settings.resolved_database_url == f"sqlite:///{instance / 'ruimteflow.db'}"
    platform = Platform.create(settings)  # creates and migrates the database
    try:
        with platform.engine.connect() as conn:  # the -wal and -shm files exist while it is open
            files = [instance / f"ruimteflow.db{end}" for end in ("", "-wal", "-shm")]
            assert all(f.exists() for f in files), sorted(p.name for p in instance.iterdir())
            assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert _mode(instance) == 0o700 and _mode(instance.parent) == 0o700
    finally:
        platform.engine.dispose()


def test_an_existing_database_file_and_folder_keep_their_mode(tmp_path, open_umask):
    """The operator's: a database made before this rule, or a folder chosen for it, is not changed."""
    from services.store import db

    folder = tmp_path / "gedeeld"
    folder.mkdir(mode=0o750)
    folder.chmod(0o750)
    existing = folder / "oud.db"
    existing.touch()
    existing.chmod(0o640)
    engine = db.make_engine(f"sqlite:///{existing}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        assert _mode(existing) == 0o640 and _mode(folder) == 0o750
    finally:
        engine.dispose()
