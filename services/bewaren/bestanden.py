"""The files of a destroyed case: recorded on its register line, removed after the commit, finished later.

A case's rows go in one transaction (services.bewaren.vernietigen); its files, the written mails (.eml)
and the document contents no case that keeps its data still holds, can only go after that commit (a
failed transaction must lose none). A run killed in between (SIGINT, OOM, a reboot) would leave them in
the store for good while the register says "vernietigd" and the next run skips the case (review
sessie14). So the destroying transaction records what is still to be removed on the register line itself
(``Vernietiging.te_verwijderen``: the contents' SHA-256 and the mails' file names, ``te_verwijderen``),
and the line is cleared once they are gone, keeping only what the file system refused (``verwijder``).

Every run of ``zaken opschonen`` reads the lines that still name files: a dry run reports them and
changes nothing (``open_regels``), an ``--uitvoeren`` run first removes them (``afmaken``), each content
checked again under its lock that no kept case holds it (``services.documents.removal.remove_unheld``
with ``bewaard_elders``, as when the case was destroyed). ``zaken vernietigd`` shows per line how many
files are not yet gone (``aantal``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from services.documents.removal import remove_unheld
from services.documents.storage import blob_store
from services.mail.retention import remove_mail_files
from services.mail.transport import eml_file
from services.platform import Platform
from services.store.models import Case, DocumentVersion, Vernietiging

#: the keys of ``Vernietiging.te_verwijderen``: the contents (SHA-256) and the written mails (file names)
INHOUD, MAILS = "inhoud", "mails"


@dataclass(frozen=True)
class Rest:
    """The files an earlier run left of the destroyed case ``zaak``: how many this run removed (contents
    and mails) and the paths still there (the file system refused; in a dry run: what is to go)."""

    zaak: str
    verwijderd: int = 0
    achtergebleven: tuple[str, ...] = ()

    def regel(self, uitgevoerd: bool) -> str:
        prefix = f"{self.zaak}  vernietigd door een eerdere run, die niet al haar bestanden verwijderde: "
        paths = ", ".join(self.achtergebleven)
        if not uitgevoerd:
            if not self.achtergebleven:
                return prefix + "ze zijn al weg; de volgende run met --uitvoeren werkt het register bij"
            return (
                f"{prefix}{len(self.achtergebleven)} bestand(en) staan nog in de opslag ({paths}); de "
                "volgende run met --uitvoeren verwijdert ze"
            )
        text = f"{prefix}nu {self.verwijderd} bestand(en) verwijderd"
        if self.achtergebleven:
            text += (
                f"; {len(self.achtergebleven)} bestand(en) konden niet worden verwijderd, verwijder ze met "
                f"de hand: {paths}"
            )
        return text

    def as_json(self) -> dict[str, Any]:
        return {"zaak": self.zaak, "verwijderd": self.verwijderd, "achtergebleven": list(self.achtergebleven)}


def te_verwijderen(mails: Iterable[str], shas: Iterable[str]) -> dict[str, list[str]] | None:
    """The value of ``Vernietiging.te_verwijderen`` for these files; None when there are none."""
    names, contents = sorted(set(mails)), sorted(set(shas))
    return {INHOUD: contents, MAILS: names} if names or contents else None


def aantal(value: dict[str, Any] | None) -> int:
    """How many files a line's ``te_verwijderen`` names (0 when none: all gone, or a line before 0035)."""
    return len((value or {}).get(INHOUD, [])) + len((value or {}).get(MAILS, []))


def bewaard_elders(s: Session, sha256: str, case_id: int | None = None) -> bool:
    """A case that still keeps its data (not ``case_id``, not pseudonymised by an earlier release) holds this
    content, in any document, deleted or not."""
    others = [DocumentVersion.case_id != case_id] if case_id is not None else []
    return bool(
        s.scalar(
            select(
                exists().where(
                    DocumentVersion.sha256 == sha256,
                    *others,
                    DocumentVersion.case_id == Case.id,
                    Case.geanonimiseerd_op.is_(None),
                )
            )
        )
    )


def verwijder(platform: Platform, line_id: int, files: dict[str, Any]) -> tuple[tuple[str, ...], int, int]:
    """Remove the files a register line names (``files``, its ``te_verwijderen``): the mails, and each
    content no kept case holds (checked under its lock); then the line keeps only what the file system
    refused (None when nothing). Returns the paths left behind, how many contents were removed and how
    many mails."""
    mails, shas = list(files.get(MAILS, [])), list(files.get(INHOUD, []))
    mails_left = remove_mail_files(platform, mails)
    contents_left: list[Path] = []
    removed = remove_unheld(platform, shas, held=bewaard_elders, left=contents_left)
    store = blob_store(platform)
    with platform.uow() as uow:
        line = uow.session.get(Vernietiging, line_id, with_for_update=True)
        if line is not None:
            line.te_verwijderen = te_verwijderen(
                [n for n in mails if eml_file(platform.settings, n) in mails_left],
                [sha for sha in shas if store.path_for(sha) in contents_left],
            )
        uow.commit()
    left = tuple(str(p) for p in [*mails_left, *contents_left])
    return left, removed, len(mails) - len(mails_left)


def _lines(platform: Platform) -> list[tuple[int, str, dict[str, Any]]]:
    """The register lines whose files are not all gone, in order: id, zaak and ``te_verwijderen``."""
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(
            select(Vernietiging).where(Vernietiging.te_verwijderen.is_not(None)).order_by(Vernietiging.id)
        ).all()
        return [(r.id, r.zaak, dict(r.te_verwijderen or {})) for r in rows]


def afmaken(platform: Platform) -> list[Rest]:
    """Remove the files earlier runs left of destroyed cases (``verwijder`` per line); one Rest per line."""
    out = []
    for line_id, zaak, files in _lines(platform):
        left, contents, mails = verwijder(platform, line_id, files)
        out.append(Rest(zaak, contents + mails, left))
    return out


def open_regels(platform: Platform) -> list[Rest]:
    """For a dry run, which changes nothing: per line that still names files, the paths still in the store
    that a run would remove (a content a kept case holds meanwhile stays, and is not named)."""
    store, out = blob_store(platform), []
    for _, zaak, files in _lines(platform):
        paths = [eml_file(platform.settings, n) for n in files.get(MAILS, [])]
        with platform.uow(write=False) as uow:
            paths += [
                store.path_for(sha) for sha in files.get(INHOUD, []) if not bewaard_elders(uow.session, sha)
            ]
        out.append(Rest(zaak, 0, tuple(str(p) for p in paths if p.exists())))
    return out
