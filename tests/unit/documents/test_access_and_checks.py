"""The document access policy (pure), file-name and content checks, and the clamd hook with a fake daemon."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from processes.errors import ValidationError
from services.documents.checks import ScanUnavailable, VirusFound, check_filename, clamd_scan
from services.documents.mime import detect_mime
from services.documents.types import Vertrouwelijkheid, document_typen
from services.policy import DocumentActor, document_actor_of, may_read_document, may_write_document
from tests.unit.documents.fake_clamd import fake_clamd

OFFICER = document_actor_of("anna", frozenset({"Vergunningen"}), "behandelaar", sees_case=True, levels=None)
ADVISER = document_actor_of("ria", frozenset({"Milieu"}), "medewerker", sees_case=True, levels=None)
EXTERN = document_actor_of("od", frozenset({"Omgevingsdienst"}), "extern", sees_case=True, levels=None)
INITIATOR = document_actor_of("piet", frozenset(), "initiatiefnemer", sees_case=True, levels=None)
OUTSIDER = document_actor_of("buur", frozenset({"Welstand"}), "medewerker", sees_case=False, levels=None)


def readable(actor: DocumentActor, **doc: object) -> set[str]:
    return {
        v.value
        for v in Vertrouwelijkheid
        if may_read_document(
            actor, vertrouwelijkheid=v.value, uploaded_by=str(doc.get("by", "x")), **doc.get("kw", {})
        )  # type: ignore[arg-type]
    }


def test_levels_per_party() -> None:
    alle = {v.value for v in Vertrouwelijkheid}
    assert readable(OFFICER) == alle
    assert readable(ADVISER) == {
        "openbaar",
        "beperkt_openbaar",
        "intern",
        "zaakvertrouwelijk",
        "vertrouwelijk",
    }
    assert readable(EXTERN) == {"openbaar", "beperkt_openbaar"}
    assert readable(INITIATOR) == {"openbaar", "beperkt_openbaar"}
    assert readable(OUTSIDER) == set()


def test_own_uploads_and_shares() -> None:
    assert may_read_document(INITIATOR, vertrouwelijkheid="geheim", uploaded_by="piet")
    assert may_read_document(
        EXTERN, vertrouwelijkheid="vertrouwelijk", uploaded_by="x", gedeeld_met=["Omgevingsdienst"]
    )
    assert not may_read_document(
        EXTERN, vertrouwelijkheid="vertrouwelijk", uploaded_by="x", gedeeld_met=["Milieu"]
    )
    assert not may_read_document(INITIATOR, vertrouwelijkheid="openbaar", uploaded_by="piet", verwijderd=True)
    assert may_read_document(OFFICER, vertrouwelijkheid="geheim", uploaded_by="x", verwijderd=True)


def test_write_follows_the_types_uploaders() -> None:
    types = document_typen().voor("omgevingsvergunning")
    assert may_write_document(INITIATOR, types["bijlage"]) and not may_write_document(
        INITIATOR, types["advies"]
    )
    assert may_write_document(EXTERN, types["advies"]) and not may_write_document(EXTERN, types["besluit"])
    assert may_write_document(OFFICER, types["besluit"])
    assert not may_write_document(OUTSIDER, types["advies"])


def test_procedure_specific_types() -> None:
    assert "transportindicatie" in document_typen().voor("windpark")
    assert "transportindicatie" not in document_typen().voor("omgevingsvergunning")
    assert document_typen().voor("windpark")["besluit"].definitief


@pytest.mark.parametrize(
    "naam", ["../x.pdf", "..", "a/b.pdf", "a\\b.pdf", "x\ty.pdf", "x\u202ey.pdf", "", " ", "x" * 256]
)
def test_bad_names(naam: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_filename(naam)
    assert err.value.code == "bestandsnaam-ongeldig"


def test_good_names() -> None:
    assert check_filename("Plattegrond begane grond (v2).pdf") == "Plattegrond begane grond (v2).pdf"
    assert check_filename("coöperatie..verslag.pdf")


def test_detect_mime() -> None:
    assert detect_mime(b"%PDF-1.4\n") == "application/pdf"
    assert detect_mime(b"MZ\x90\x00" + b"\x00" * 300) == "application/x-msdownload"
    assert detect_mime(b"\x7fELF\x02\x01\x01" + b"\x00" * 100) == "application/x-executable"
    assert detect_mime(b"#!/usr/bin/env python\n") == "text/x-shellscript"
    assert detect_mime(b'<?xml version="1.0"?><a/>') == "application/xml"
    assert detect_mime(b"\xef\xbb\xbf{}") == "application/json"
    assert detect_mime("Geachte heer, één".encode()) == "text/plain"
    assert detect_mime(b"\xff\xfe\x00\x01\x02\x80\x81") == "application/octet-stream"


def test_clamd_clean_and_infected(tmp_path: Path) -> None:
    f = tmp_path / "f.pdf"
    f.write_bytes(b"%PDF-1.4 test")
    t = fake_clamd(tmp_path / "ok.sock", b"stream: OK\0")
    clamd_scan(str(tmp_path / "ok.sock"), f)
    t.join(5)
    t = fake_clamd(tmp_path / "bad.sock", b"stream: Eicar-Test-Signature FOUND\0")
    with pytest.raises(VirusFound, match="Eicar-Test-Signature"):
        clamd_scan(str(tmp_path / "bad.sock"), f)
    t.join(5)
    with pytest.raises(ScanUnavailable, match="niet bereikbaar"):
        clamd_scan(str(tmp_path / "geen.sock"), f)


def test_an_external_party_reads_no_document_naming_the_applicant_its_case_view_withholds() -> None:
    """Privacy finding 2: an outside party (kind extern) read the applicant's name in the besluit PDF
    (beperkt_openbaar), while [velden].extern withholds ``initiatiefnemer`` from its case view. A
    document that names the applicant follows the field share; the municipality's share still counts."""

    def extern(fields: frozenset[str] | None) -> DocumentActor:
        groups = frozenset({"Netbeheerder"})
        return document_actor_of("nina", groups, "extern", sees_case=True, levels=None, fields=fields)

    besluit = {"informatieobjecttype": "besluit"}
    withheld, shared = extern(frozenset({"zaak", "titel"})), extern(frozenset({"initiatiefnemer"}))
    assert readable(withheld, kw=besluit) == set()
    assert readable(withheld, kw={"informatieobjecttype": "aanvraagformulier"}) == set()
    assert readable(withheld, kw={"informatieobjecttype": "ontwerpbesluit"}) == {
        "openbaar",
        "beperkt_openbaar",
    }
    assert readable(shared, kw=besluit) == {"openbaar", "beperkt_openbaar"}
    assert may_read_document(  # shared with its group by the municipality
        withheld,
        vertrouwelijkheid="beperkt_openbaar",
        uploaded_by="x",
        gedeeld_met=["Netbeheerder"],
        **besluit,
    )
    for reader in (OFFICER, ADVISER, INITIATOR):  # the municipality's own and the applicant itself
        assert "beperkt_openbaar" in readable(reader, kw=besluit)


def test_the_document_party_is_the_policys_kind_of_account(monkeypatch: pytest.MonkeyPatch) -> None:
    """Review code17: the document rules worked the party out again from their own list of handler
    roles, so an account that policy.kind makes a behandelaar by a role outside that list (one added to
    policy.HANDLER_ROLES) opened no document at all, not even an openbaar one. The party is the one of
    its kind (PARTY_OF_KIND), for every role, as the policy's other rules read it (policy.party_of)."""
    from processes.constants import Role
    from services import policy
    from services.config import SHIPPED_BPMN_DIR, Settings
    from services.store.models import Case

    rules = policy.rules(Settings(bpmn_dir=SHIPPED_BPMN_DIR))
    case = Case(id=1)
    for role in Role:
        for groups in ({"Vergunningen"}, {"Netbeheerder"}, set()):
            actor = policy.Actor("x", role, frozenset(groups))
            if policy.kind(actor, rules) == "medewerker":
                continue  # its task_reads asks the database: its party is checked below without one
            reader = policy.document_actor(None, actor, case, rules, views=True)  # type: ignore[arg-type]
            assert reader.party == policy.party_of(actor, rules), (role, groups)
            assert reader.may_open_level("openbaar"), (role, groups)
    monkeypatch.setattr(policy, "HANDLER_ROLES", policy.HANDLER_ROLES | {Role.MEDEWERKER})
    officer = policy.Actor("x", Role.MEDEWERKER, frozenset({"Vergunningen"}))
    assert policy.kind(officer, rules) == "behandelaar"
    reader = policy.document_actor(None, officer, case, rules, views=True)  # type: ignore[arg-type]
    assert reader.party == "behandelaar"
    assert readable(reader) == {v.value for v in Vertrouwelijkheid}


def test_the_default_levels_are_the_shipped_ones() -> None:
    """Review code17: DEFAULT_LEVELS said it was the shipped [documenten] but named other kinds (adviseur
    for medewerker, no beheerder). A kind a deployment's own autorisatie.toml leaves out gets these."""
    from services import policy
    from services.config import SHIPPED_BPMN_DIR, Settings
    from services.policy.documents import DEFAULT_LEVELS

    assert DEFAULT_LEVELS == policy.rules(Settings(bpmn_dir=SHIPPED_BPMN_DIR)).documents


def test_only_accounts_outside_the_municipality_have_an_upload_budget() -> None:
    """Security finding: an initiator's uploads had no bound (services/documents/quota.py). The budget binds
    the initiator and an outside party; the municipality's own (policy.is_municipal: a behandelaar, an
    internal adviser, the beheerder) upload their letters and reports unbounded."""
    from processes.constants import Role
    from services import policy
    from services.config import SHIPPED_BPMN_DIR, Settings
    from services.store.models import Case

    assert [a.municipal for a in (OFFICER, ADVISER, EXTERN, INITIATOR)] == [True, True, False, False]
    rules, case = policy.rules(Settings(bpmn_dir=SHIPPED_BPMN_DIR)), Case(id=1)
    for role in Role:
        for groups in ({"Vergunningen"}, {"Netbeheerder"}, set()):
            actor = policy.Actor("x", role, frozenset(groups))
            if policy.kind(actor, rules) == "medewerker":
                continue  # its task_reads asks the database: ADVISER above is one
            reader = policy.document_actor(None, actor, case, rules, views=True)  # type: ignore[arg-type]
            assert reader.municipal == policy.is_municipal(actor, rules), (role, groups)


def test_an_unexpected_clamd_answer_is_logged_not_shown(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Review finding: clamd's raw reply went into the Dutch 503 text that the API and the public forms
    show; it belongs in the log (the socket error of an unreachable scanner went there too, a1b40ff)."""
    f = tmp_path / "f.pdf"
    f.write_bytes(b"%PDF-1.4 test")
    t = fake_clamd(tmp_path / "odd.sock", b"stream: INSTREAM size limit exceeded. ERROR\0")
    with caplog.at_level(logging.WARNING, logger="services.documents.checks"):
        with pytest.raises(ScanUnavailable) as refused:
            clamd_scan(str(tmp_path / "odd.sock"), f)
    t.join(5)
    assert "size limit" not in refused.value.detail and "ERROR" not in refused.value.detail
    assert refused.value.detail.startswith("De virusscanner gaf een onverwacht antwoord")
    assert "niet opgeslagen" in refused.value.detail
    assert any("size limit exceeded" in r.getMessage() for r in caplog.records)
