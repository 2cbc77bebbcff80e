"""`zaken opschonen --uitvoeren --lijst FILE` destroys a due case whose archiefnominatie is "vernietigen"
(archivist's finding 5 of sessie13: it pseudonymised the case and registered "gepseudonimiseerd", where
the Archiefwet 1995 and Archiefbesluit 1995 art. 8 ask that the record is gone and the register line, the
verklaring van vernietiging, is all that remains). The case row and every row that belongs to it go in
one transaction with the line; its files after the commit; a failed transaction loses no file."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services.bewaren.termijn import vervallen
from services.documents.storage import blob_store
from services.platform import Platform
from services.store.models import (
    Base,
    Case,
    CaseConflict,
    CaseLink,
    IdempotencyKey,
    OutsideWait,
    Vernietiging,
    ZgwObject,
)
from tests.integration.bewaren_helpers import (
    case_with,
    cli_env,
    cli_today,
    close,
    every_text,
    goedkeuren,
    prepare,
    pseudonymised_before,
)
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from web import cli

AT = datetime(2026, 3, 1, 9, tzinfo=UTC)


def _case_id(platform: Platform, ref: str) -> int:
    with platform.uow(write=False) as uow:
        return int(uow.session.scalar(select(Case.id).where(Case.reference == ref)))


def _more_rows(platform: Platform, case_id: int, other_id: int) -> None:
    """Rows the small model does not make itself: a conflict, a link to another case both ways, an
    outside wait, a ZGW reference and an idempotency key."""
    with platform.uow() as uow:
        s = uow.session
        s.add(CaseConflict(case_id=case_id, regel="r", laag="l", feature_id="f", ernst="laag", afdeling="a"))
        s.add_all(
            [
                CaseLink(case_id=case_id, other_case_id=other_id, reason="zelfde grond"),
                CaseLink(case_id=other_id, other_case_id=case_id, reason="zelfde grond"),
            ]
        )
        s.add(OutsideWait(case_id=case_id, process_id="p", holder="h", element_id="e", started_at=AT))
        s.add(
            ZgwObject(case_id=case_id, local_key="zaak", resource="zaak", url="https://oz/z/1", created_at=AT)
        )
        s.add(IdempotencyKey(username="piet", key="k", fingerprint="f" * 64, case_id=case_id, created_at=AT))
        uow.commit()


def _naming(platform: Platform, case_id: int) -> dict[str, int]:
    """Per table, how many rows name the case: by a foreign key to it or to a row that does (a task's
    candidates, a document's versions), or by a column case_id without one (walked over the metadata)."""
    with platform.engine.connect() as conn:
        rows = {t.name: list(conn.execute(select(t)).mappings()) for t in Base.metadata.sorted_tables}
    owned: dict[str, set[Any]] = {"zaak": {case_id}}
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.sorted_tables:
            [pk] = table.primary_key.columns if len(table.primary_key.columns) == 1 else [None]
            for row in rows[table.name]:
                key = row[pk.name] if pk is not None else tuple(row.values())
                if key in owned.get(table.name, set()):
                    continue
                by_fk = any(
                    row[fk.parent.name] in owned.get(fk.column.table.name, set()) for fk in table.foreign_keys
                )
                by_name = any(c.name == "case_id" and row[c.name] == case_id for c in table.columns)
                if by_fk or by_name:
                    owned.setdefault(table.name, set()).add(key)
                    changed = True
    if not any(row["id"] == case_id for row in rows["zaak"]):
        owned.pop("zaak")  # the seed, not a row
    return {name: len(keys) for name, keys in owned.items()}


@pytest.fixture
def due(platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> dict[str, Any]:
    """A case closed on 2 March 2026 (P1Y) with a document, mails, a conflict, a link to a running case,
    a wait, a ZGW reference and an idempotency key; today 2 March 2027 for the CLI, and an approved list."""
    prepare(platform, tmp_path)
    zaak = case_with(platform, pdf("tekening-vernietigen"))
    close(platform, zaak)
    other = case_with(platform)  # running: it keeps its data and its own rows
    case_id = _case_id(platform, zaak["zaak"])
    _more_rows(platform, case_id, _case_id(platform, other["zaak"]))
    cli_env(platform, tmp_path, monkeypatch)
    cli_today(monkeypatch, "2027-03-02")
    url, lijst = platform.settings.database_url, tmp_path / "lijst.json"
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(lijst)]) == 0
    goedkeuren(url, lijst)
    out = capsys.readouterr().out
    assert f"{zaak['zaak']}  Kleine vergunning" in out and "1 zaak/zaken zouden worden vernietigd" in out
    return {"ref": zaak["zaak"], "id": case_id, "other": other["zaak"], "url": url, "lijst": lijst}


def _files(platform: Platform, case_id: int) -> list[Path]:
    """The stored document contents of the case and the written mails (.eml) of the instance."""
    from services.store.models import DocumentVersion

    with platform.uow(write=False) as uow:
        shas = uow.session.scalars(select(DocumentVersion.sha256).where(DocumentVersion.case_id == case_id))
        return [blob_store(platform).path_for(sha) for sha in shas]


def test_uitvoeren_destroys_the_case_and_every_row_of_it_and_registers_vernietigd(
    due, platform: Platform, tmp_path: Path, capsys: Any
) -> None:
    before = _naming(platform, due["id"])
    expected = {"zaak", "workflow_state", "human_task", "task_candidate", "case_event", "document"}
    expected |= {"document_version", "outbox_message", "case_conflict", "case_link", "outside_wait"}
    expected |= {"zgw_object", "idempotency_key"}
    assert expected <= set(before), before
    documents = _files(platform, due["id"])
    mails = sorted((tmp_path / "outbox").glob("*.eml"))
    assert documents and all(p.exists() for p in documents) and mails
    argv = ["zaken", "opschonen", "--database", due["url"], "--uitvoeren", "--lijst", str(due["lijst"])]
    assert cli.main([*argv, "--door", "archivaris"]) == 0
    out = capsys.readouterr().out
    assert f"{due['ref']}  vernietigd (1 bestand(en) verwijderd)\n" in out, out
    assert "account piet" not in out  # piet's running case keeps his account
    assert "1 zaak/zaken vernietigd." in out and "gepseudonimiseerd" not in out
    assert _naming(platform, due["id"]) == {}  # no table keeps a row naming the case
    assert not any(p.exists() for p in documents) and not any(p.exists() for p in mails)
    with platform.uow(write=False) as uow:
        other = uow.session.scalars(select(Case).where(Case.reference == due["other"])).one()
        assert other.geanonimiseerd_op is None  # the linked case stays, without the link
    period = ["zaken", "vernietigd", "--database", due["url"], "--van", "2027-03-02", "--tot", "2027-03-02"]
    assert cli.main([*period, "--json"]) == 0
    [line] = json.loads(capsys.readouterr().out)["vernietigd"]
    assert (line["zaak"], line["handeling"], line["archiefnominatie"], line["uitgevoerd_door"]) == (
        due["ref"],
        "vernietigd",
        "vernietigen",
        "archivaris",
    )
    assert line["zaakregistratie"].startswith("niet vernietigd door deze run: de kopie in de zaakregistratie")
    # the approved list again: the destroyed case is no refusal, nothing is left to do
    assert cli.main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["resultaten"] == []


def test_a_failed_transaction_keeps_the_case_its_files_and_writes_no_line(
    due, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.bewaren import accounts, vernietigen

    documents = _files(platform, due["id"])
    before = snapshot(platform)

    def fails(*args: Any) -> Any:
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(accounts, "anonymise_free", fails)  # after every row was deleted, before the commit
    [item] = [f for f in vervallen(platform, date(2027, 3, 2)) if f.zaak == due["ref"]]
    with pytest.raises(RuntimeError):
        vernietigen.vernietig(platform, item)
    assert snapshot(platform) == before and all(p.exists() for p in documents)


def test_a_file_that_cannot_be_removed_is_named_and_the_run_exits_1(
    due, platform: Platform, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from services.documents import removal

    [path] = _files(platform, due["id"])
    monkeypatch.setattr(removal, "unlink_logged", lambda p: 0)  # the file system refuses
    argv = ["zaken", "opschonen", "--database", due["url"], "--uitvoeren", "--lijst", str(due["lijst"])]
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert f"{due['ref']}  vernietigd (0 bestand(en) verwijderd)" in captured.out
    assert "1 bestand(en) konden niet worden verwijderd" in captured.out and str(path) in captured.out
    assert f"verwijder ze met de hand: {path}." in captured.err
    assert _naming(platform, due["id"]) == {}  # the case itself is gone: the register says so


def test_a_case_pseudonymised_by_an_earlier_run_is_destroyed_too(
    due, platform: Platform, capsys: Any, tmp_path: Path
) -> None:
    pseudonymised_before(platform, due["ref"], "Schuur van [verwijderd]")  # as runs before 0033 left it
    lijst = tmp_path / "lijst-2.json"
    assert cli.main(["zaken", "opschonen", "--database", due["url"], "--lijst", str(lijst)]) == 0
    assert f"{due['ref']}  Kleine vergunning" in capsys.readouterr().out  # still due: listed again
    goedkeuren(due["url"], lijst)
    assert (
        cli.main(["zaken", "opschonen", "--database", due["url"], "--uitvoeren", "--lijst", str(lijst)]) == 0
    )
    assert f"{due['ref']}  vernietigd" in capsys.readouterr().out
    assert _naming(platform, due["id"]) == {}
    with platform.uow(write=False) as uow:
        lines = uow.session.execute(select(Vernietiging.handeling, Vernietiging.case_id)).all()
    assert sorted(lines) == [("gepseudonimiseerd", None), ("vernietigd", None)]


def test_a_running_case_is_never_due_and_not_destroyed(due, platform: Platform) -> None:
    """Only a closed case has an archiefactiedatum (a running one may have a timer): handed a dated
    line of it, the run leaves it."""
    from services.bewaren import vernietigen

    [item] = [f for f in vervallen(platform, date(2027, 3, 2)) if f.zaak == due["ref"]]
    assert due["other"] not in {f.zaak for f in vervallen(platform, date(2099, 1, 1))}
    running = item.__class__(
        **{**item.__dict__, "case_id": _case_id(platform, due["other"]), "zaak": due["other"]}
    )
    before = snapshot(platform)
    assert vernietigen.vernietig(platform, running).uitkomst == "uitgesteld"
    assert snapshot(platform) == before


def test_a_content_another_case_still_keeps_stays_in_the_store(
    any_platform: Platform, tmp_path: Path
) -> None:
    """A document's content goes with the case unless a case that keeps its data holds the same content
    (the store is content-addressed); that case is not touched."""
    from services.bewaren.vernietigen import vernietig
    from services.store.models import DocumentVersion

    platform = any_platform
    prepare(platform, tmp_path)
    shared = pdf("gedeelde tekening")
    old = case_with(platform, shared)
    close(platform, old)
    other = case_with(platform, shared)  # a running case holding the same content
    [item] = [f for f in vervallen(platform, date(2027, 3, 2)) if f.bewaren_tot is not None]
    done = vernietig(platform, item)
    assert (done.zaak, done.uitkomst, done.bestanden) == (old["zaak"], "vernietigd", 0)
    with platform.uow(write=False) as uow:
        [version] = uow.session.scalars(
            select(DocumentVersion).where(DocumentVersion.case_id == other["id"])
        ).all()
    assert blob_store(platform).exists(version.sha256)
    assert "Piet Jansen" in every_text(platform, other["id"])  # the running case is not touched


def test_a_content_uploaded_to_another_case_after_the_check_keeps_its_file(
    any_platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared-content check runs in the run's transaction and the files go after its commit: an upload
    of the same bytes to another case that commits in between (review sessie9, suspected race) must keep
    its file. The removal checks again, under the content's lock."""
    from services.bewaren import vernietigen
    from services.store.models import DocumentVersion
    from tests.integration.document_helpers import upload

    platform = any_platform
    prepare(platform, tmp_path)
    shared = pdf("gedeelde tekening")
    old = case_with(platform, shared)
    close(platform, old)
    other = case_with(platform)  # running, without the content yet
    remove = vernietigen._remove_files

    def upload_first(*args: Any) -> Any:  # the other case's upload lands between the commit and the removal
        upload(platform, other, "piet", shared, titel="Dezelfde tekening", bestandsnaam="kopie.pdf")
        return remove(*args)

    monkeypatch.setattr(vernietigen, "_remove_files", upload_first)
    [item] = [f for f in vervallen(platform, date(2027, 3, 2)) if f.bewaren_tot is not None]
    done = vernietigen.vernietig(platform, item)
    assert (done.uitkomst, done.bestanden) == ("vernietigd", 0)
    with platform.uow(write=False) as uow:
        [version] = uow.session.scalars(
            select(DocumentVersion).where(DocumentVersion.case_id == other["id"])
        ).all()
    assert blob_store(platform).exists(version.sha256)


def test_a_case_with_a_mail_still_to_deliver_is_postponed(any_platform: Platform, tmp_path: Path) -> None:
    from services import outbox
    from services.bewaren.vernietigen import vernietig

    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    close(platform, zaak)
    with platform.uow() as uow:
        outbox.enqueue(uow.session, "email", zaak["id"], "ontvangst", {"aan": "piet.jansen@example.nl"},
                       now=platform.clock.now())  # fmt: skip
        uow.commit()
    [item] = list(vervallen(platform, date(2027, 3, 2)))
    done = vernietig(platform, item)
    assert done.uitkomst == "uitgesteld" and "nog niet afgeleverd" in done.reden
    assert "piet.jansen@example.nl" in every_text(platform, zaak["id"])


def test_a_case_with_a_postponed_message_is_postponed_too(any_platform: Platform, tmp_path: Path) -> None:
    """A message its handler postponed (status uitgesteld, outbox.Postponed: Open Zaak takes a besluit dated
    the Dutch today only from 00:00 UTC) is still to be delivered: the case is not destroyed under it."""
    from services import outbox
    from services.bewaren.vernietigen import vernietig

    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    close(platform, zaak)
    with platform.uow() as uow:
        outbox.enqueue(uow.session, "test", zaak["id"], "besluit", {}, now=platform.clock.now())
        uow.commit()
    later = outbox.Postponed(platform.clock.now() + timedelta(hours=1), "Uitgesteld tot later.")

    def postpone(message: outbox.Message) -> None:
        raise later

    outbox.deliver_due(platform, handlers={"test": postpone})
    [item] = list(vervallen(platform, date(2027, 3, 2)))
    done = vernietig(platform, item)
    assert done.uitkomst == "uitgesteld" and "1 bericht(en) nog niet afgeleverd" in done.reden
