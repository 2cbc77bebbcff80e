"""What an account outside the municipality may upload to a case: a budget of uploads (new documents and
new versions together) per account and case per hour, and a total of bytes per account and case.

Security finding: the initiator uploaded twelve different 10 MB files to its own case in a row (all
201, the store grew 118 MB), and new versions were just as unlimited; the status page already bounded
the files per case, the account path nothing. Staff uploads (a behandelaar's letters, an adviser's
report) are not bounded by these budgets and not counted against the initiator's."""

from __future__ import annotations

import errno
import io

import pytest

from processes.errors import Conflict, Forbidden, Unprocessable
from services.documents import add_version
from services.documents.checks import ScanUnavailable
from services.ratelimit import TooManyAttempts
from tests.integration.document_helpers import make_zaak, pdf, state, upload


@pytest.fixture
def platform(any_platform, monkeypatch):
    small = any_platform.settings.with_(document_uploads_per_case_per_hour=3, document_mb_per_case=1)
    monkeypatch.setattr(any_platform, "settings", small)
    return any_platform


@pytest.fixture
def zaak(platform):
    return make_zaak(platform)


def big(tekst: str) -> bytes:
    """A PDF of about 600 kB: two of them do not fit in 1 MB."""
    return pdf(tekst) + b"%" + b"0" * 600_000 + b"\n"


def test_the_initiators_upload_past_its_budget_is_429_and_stores_nothing(platform, zaak):
    for i in range(3):
        upload(platform, zaak, "piet", pdf(f"bijlage {i}"))
    before = state(platform)
    with pytest.raises(TooManyAttempts) as err:
        upload(platform, zaak, "piet", pdf("bijlage 3"))
    assert err.value.status == 429 and err.value.extra["retry_after"] > 0
    assert "ten hoogste 3 per uur" in err.value.detail and "Wacht" in err.value.detail
    assert state(platform) == before  # no document, no version, no file in the store
    assert "niet opgeslagen" in err.value.detail
    platform.clock.advance(hours=1)
    assert upload(platform, zaak, "piet", pdf("bijlage 3"))["versie"] == 1  # the window has passed


def test_a_new_version_counts_against_the_same_budget(platform, zaak):
    doc = upload(platform, zaak, "piet", pdf("v1"))
    for i in (2, 3):
        add_version(platform, doc["id"], "piet", io.BytesIO(pdf(f"v{i}")), bestandsnaam=f"v{i}.pdf")
    before = state(platform)
    with pytest.raises(TooManyAttempts) as err:
        add_version(platform, doc["id"], "piet", io.BytesIO(pdf("v4")), bestandsnaam="v4.pdf")
    assert err.value.code == "te-veel-pogingen" and err.value.extra["retry_after"] > 0
    assert state(platform) == before


def test_staff_uploads_are_not_bounded_nor_counted_against_the_initiator(platform, zaak):
    for i in range(5):  # more than the public's budget, and more than 1 MB
        upload(platform, zaak, "anna", big(f"brief {i}"))
    for i in range(3):
        upload(platform, zaak, "piet", pdf(f"bijlage {i}"))  # the initiator's whole budget is left
    with pytest.raises(TooManyAttempts):
        upload(platform, zaak, "piet", pdf("bijlage 3"))
    assert upload(platform, zaak, "anna", pdf("nog een brief"))["versie"] == 1


def test_the_bytes_an_initiator_stores_on_a_case_are_bounded(platform, zaak, monkeypatch):
    monkeypatch.setattr(platform, "settings", platform.settings.with_(document_uploads_per_case_per_hour=10))
    doc = upload(platform, zaak, "piet", big("eerste"))
    before = state(platform)
    with pytest.raises(Unprocessable) as err:
        upload(platform, zaak, "piet", big("tweede"))
    assert err.value.status == 422 and err.value.code == "zaak-opslag-vol"
    assert err.value.extra["max_bytes"] == 1024 * 1024
    assert "1 MB" in err.value.detail and "gemeente" in err.value.detail
    assert state(platform) == before
    with pytest.raises(Unprocessable):  # a new version adds bytes just as well
        add_version(platform, doc["id"], "piet", io.BytesIO(big("versie")), bestandsnaam="v2.pdf")
    assert state(platform) == before
    assert upload(platform, zaak, "piet", pdf("klein"))["versie"] == 1  # what still fits is taken
    assert upload(platform, zaak, "anna", big("van de gemeente"))["versie"] == 1  # staff: not bounded


def test_the_refusal_names_the_files_size_exactly_enough_to_be_over_the_limit(platform, zaak):
    """A 1,5 MB file against 1 MB read "met dit bestand (2 MB)": whole MB, rounded."""
    data = pdf("anderhalf")
    data += b"%" + b"0" * (3 * 1024 * 1024 // 2 - len(data) - 2) + b"\n"
    with pytest.raises(Unprocessable) as err:
        upload(platform, zaak, "piet", data)
    assert "met dit bestand (1,5 MB)" in err.value.detail, err.value.detail
    assert "boven 1 MB, het maximum per zaak" in err.value.detail, err.value.detail


def test_the_refusal_names_no_stored_bytes_when_nothing_is_stored_yet(platform, zaak):
    """Review note 22 (left alone): a first file too large for the case read "met dit bestand (1,5 MB)
    komt wat u in zaak ... heeft opgeslagen (0 bytes) boven 1 MB". With nothing stored the refusal leaves
    the stored part out; once something is stored it names it."""
    data = pdf("anderhalf")
    data += b"%" + b"0" * (3 * 1024 * 1024 // 2 - len(data) - 2) + b"\n"
    with pytest.raises(Unprocessable) as err:
        upload(platform, zaak, "piet", data)
    ref = zaak["zaak"]
    assert err.value.extra["opgeslagen"] == 0
    assert (
        f"met dit bestand (1,5 MB) komt u in zaak {ref} boven 1 MB, het maximum per zaak" in err.value.detail
    )
    assert "opgeslagen (" not in err.value.detail and "0 bytes" not in err.value.detail
    upload(platform, zaak, "piet", big("eerste"))
    with pytest.raises(Unprocessable) as err:
        upload(platform, zaak, "piet", big("tweede"))
    assert f"komt wat u in zaak {ref} heeft opgeslagen (" in err.value.detail, err.value.detail


def test_a_refused_file_counts_but_a_refused_request_does_not(platform, zaak):
    """A file refused after it was received (a duplicate, a wrong type, a virus, no room left) cost its
    hashing and virus scan and counts, as the status page's files do; a request refused before (no
    access, a type the initiator may not add) costs nothing and does not."""
    upload(platform, zaak, "piet", pdf("a"))
    with pytest.raises(Conflict):
        upload(platform, zaak, "piet", pdf("a"), bestandsnaam="nogmaals.pdf")
    for _ in range(3):
        with pytest.raises(Forbidden):
            upload(platform, zaak, "piet", pdf("b"), informatieobjecttype="advies")
    upload(platform, zaak, "piet", pdf("b"))
    with pytest.raises(TooManyAttempts):
        upload(platform, zaak, "piet", pdf("c"))


def test_an_unreachable_virus_scanner_does_not_use_up_the_budget(platform, zaak, monkeypatch, tmp_path):
    """Review (budget of the account path, 1): the upload was counted before the scan, and a scanner that
    could not be reached (503, nothing scanned, nothing stored) kept the count: three outages and the
    initiator got 429 for an hour once the scanner was back. An outage is the municipality's, not the
    uploader's: its charge is given back, as an application's bijlagen's is (services/status/intake.py)."""
    doc = upload(platform, zaak, "piet", pdf("v1"))  # one of the budget of 3 used
    away = platform.settings.with_(clamd_address=str(tmp_path / "clamd.sock"))  # configured, not listening
    monkeypatch.setattr(platform, "settings", away)
    before = state(platform)
    for i in range(3):
        with pytest.raises(ScanUnavailable):
            upload(platform, zaak, "piet", pdf(f"bijlage {i}"))
        with pytest.raises(ScanUnavailable):
            add_version(platform, doc["id"], "piet", io.BytesIO(pdf(f"v{i}")), bestandsnaam="v.pdf")
    assert state(platform) == before
    monkeypatch.setattr(platform, "settings", away.with_(clamd_address=""))  # the scanner is back
    upload(platform, zaak, "piet", pdf("bijlage 0"))
    version = add_version(platform, doc["id"], "piet", io.BytesIO(pdf("v2")), bestandsnaam="v2.pdf")
    assert version["versie"] == 2
    with pytest.raises(TooManyAttempts):  # what was scanned counts as before
        upload(platform, zaak, "piet", pdf("bijlage 1"))


def test_a_storage_failure_does_not_use_up_the_budget(platform, zaak, monkeypatch):
    """Fixer refunds: an upload whose content could not be moved into the store (a full disk) kept its
    count on the account path, while an application's intake gives it back as our fault. Now it is 503
    (StorageFailed), stores nothing, and the charge is given back by the same helper as a scanner outage."""
    from services.documents.storage import LocalBlobStore, StorageFailed

    doc = upload(platform, zaak, "piet", pdf("v1"))  # one of the budget of 3 used
    commit = LocalBlobStore.commit

    def full(self, staged, session):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(LocalBlobStore, "commit", full)
    before = state(platform)
    for i in range(2):
        with pytest.raises(StorageFailed) as err:
            upload(platform, zaak, "piet", pdf(f"bijlage {i}"))
        assert err.value.status == 503 and "niet opgeslagen" in err.value.detail
        with pytest.raises(StorageFailed):
            add_version(platform, doc["id"], "piet", io.BytesIO(pdf(f"w{i}")), bestandsnaam="v.pdf")
    assert state(platform) == before
    monkeypatch.setattr(LocalBlobStore, "commit", commit)  # the disk has room again
    upload(platform, zaak, "piet", pdf("bijlage 0"))
    assert (
        add_version(platform, doc["id"], "piet", io.BytesIO(pdf("v2")), bestandsnaam="v2.pdf")["versie"] == 2
    )
    with pytest.raises(TooManyAttempts):  # what was stored counts as before
        upload(platform, zaak, "piet", pdf("bijlage 1"))
