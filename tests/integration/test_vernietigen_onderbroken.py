"""A run of `zaken opschonen --uitvoeren` killed after a case's transaction committed but before its files
were removed (SIGINT, OOM, a reboot) left the case's document contents and .eml mails in the store for
good (review sessie14): the register said "vernietigd", the next run skipped the case and exited 0, and
nothing named the files. The destroying transaction now records them on the register line
(``te_verwijderen``), and every later run reports (dry run) or finishes (--uitvoeren) what a line names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services.documents.storage import blob_store
from services.platform import Platform
from services.store.models import DocumentVersion, Vernietiging
from tests.integration.bewaren_helpers import (
    case_with,
    cli_env,
    cli_today,
    close,
    destroyed,
    goedkeuren,
    prepare,
)
from tests.integration.document_helpers import pdf, upload
from web import cli


@pytest.fixture
def killed(
    any_platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> Iterator[dict[str, Any]]:
    """A due case with a document and delivered mails, destroyed by an approved run that was killed right
    after the case's commit, before its files went; piet's running case keeps his account."""
    from services.bewaren import vernietigen

    platform = any_platform
    prepare(platform, tmp_path)
    content = pdf("tekening-onderbroken")
    zaak = case_with(platform, content)
    close(platform, zaak)
    with platform.uow(write=False) as uow:
        [sha] = uow.session.scalars(
            select(DocumentVersion.sha256).where(DocumentVersion.case_id == zaak["id"])
        )
    files = [blob_store(platform).path_for(sha), *sorted((tmp_path / "outbox").glob("*.eml"))]
    assert len(files) > 1 and all(p.exists() for p in files)
    other = case_with(platform)  # running: keeps piet's account
    cli_env(platform, tmp_path, monkeypatch)
    cli_today(monkeypatch, "2027-03-02")
    url, lijst = platform.settings.database_url, tmp_path / "lijst.json"
    assert cli.main(["zaken", "opschonen", "--database", url, "--lijst", str(lijst)]) == 0
    goedkeuren(url, lijst)
    uitvoeren = ["zaken", "opschonen", "--database", url, "--uitvoeren", "--lijst", str(lijst)]

    def killed_now(*args: Any) -> Any:
        raise KeyboardInterrupt("killed after the commit")

    with monkeypatch.context() as m:
        m.setattr(vernietigen, "_remove_files", killed_now)
        with pytest.raises(KeyboardInterrupt):
            cli.main(uitvoeren)
    capsys.readouterr()
    assert destroyed(platform, zaak["zaak"]) and all(p.exists() for p in files)
    yield {
        "ref": zaak["zaak"],
        "url": url,
        "uitvoeren": uitvoeren,
        "files": files,
        "content": content,
        "other": other,
    }


def _export(url: str, capsys: Any) -> list[dict[str, Any]]:
    period = ["zaken", "vernietigd", "--database", url, "--van", "2027-03-02", "--tot", "2027-03-02"]
    assert cli.main([*period, "--json"]) == 0
    return list(json.loads(capsys.readouterr().out)["vernietigd"])


def _pending(platform: Platform) -> list[Any]:
    with platform.uow(write=False) as uow:
        return list(uow.session.scalars(select(Vernietiging.te_verwijderen)))


def test_the_next_run_removes_the_files_a_killed_run_left(
    killed, any_platform: Platform, capsys: Any
) -> None:
    ref, url, files = killed["ref"], killed["url"], killed["files"]
    [line] = _export(url, capsys)
    assert (line["zaak"], line["handeling"], line["bestanden_te_verwijderen"]) == (
        ref,
        "vernietigd",
        len(files),
    )
    # a dry run changes nothing but names what is left
    dry = ["zaken", "opschonen", "--database", url, "--json"]
    assert cli.main(dry) == 0
    [rest] = json.loads(capsys.readouterr().out)["eerdere_runs"]
    assert rest["zaak"] == ref and sorted(rest["achtergebleven"]) == sorted(str(p) for p in files)
    assert cli.main(dry[:-1]) == 0
    out = capsys.readouterr().out
    assert f"{ref}  vernietigd door een eerdere run" in out and str(files[0]) in out, out
    assert all(p.exists() for p in files)
    # the approved list again: the destroyed case is skipped, its files go first
    assert cli.main(killed["uitvoeren"]) == 0
    out = capsys.readouterr().out
    assert (
        f"{ref}  vernietigd door een eerdere run, die niet al haar bestanden verwijderde: nu {len(files)} "
        in out
    )
    assert not any(p.exists() for p in files)
    assert _pending(any_platform) == [None]
    assert _export(url, capsys)[0]["bestanden_te_verwijderen"] == 0
    assert cli.main([*killed["uitvoeren"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["eerdere_runs"] == []


def test_a_file_still_refused_is_named_kept_on_the_line_and_exits_1(
    killed, any_platform: Platform, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from services.documents import removal

    content_path = killed["files"][0]
    with monkeypatch.context() as m:
        m.setattr(removal, "unlink_logged", lambda p: 0)  # the file system refuses the content
        assert cli.main([*killed["uitvoeren"], "--json"]) == 1
    captured = capsys.readouterr()
    [rest] = json.loads(captured.out)["eerdere_runs"]
    assert rest["achtergebleven"] == [str(content_path)] and rest["verwijderd"] == len(killed["files"]) - 1
    assert f"verwijder ze met de hand: {content_path}." in captured.err
    assert content_path.exists() and not any(p.exists() for p in killed["files"][1:])
    [pending] = _pending(any_platform)
    assert pending == {"inhoud": [content_path.name], "mails": []}
    assert _export(killed["url"], capsys)[0]["bestanden_te_verwijderen"] == 1
    assert cli.main(killed["uitvoeren"]) == 0  # the file system lets go: the line is cleared
    assert not content_path.exists() and _pending(any_platform) == [None]


def test_a_content_a_kept_case_holds_meanwhile_stays(killed, any_platform: Platform, capsys: Any) -> None:
    """The content is checked again under its lock, as when the case was destroyed: a running case that
    uploaded the same bytes after the killed run keeps its file, and the line is cleared."""
    other = case_with(any_platform)
    upload(
        any_platform, other, "piet", killed["content"], titel="Dezelfde tekening", bestandsnaam="kopie.pdf"
    )
    assert cli.main(["zaken", "opschonen", "--database", killed["url"], "--json"]) == 0
    [rest] = json.loads(capsys.readouterr().out)["eerdere_runs"]
    assert str(killed["files"][0]) not in rest["achtergebleven"]  # the dry run would not remove it
    assert cli.main(killed["uitvoeren"]) == 0
    assert killed["files"][0].exists() and not any(p.exists() for p in killed["files"][1:])
    assert _pending(any_platform) == [None]
