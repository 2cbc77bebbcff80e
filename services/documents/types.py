"""Document vocabulary: the eight ZGW vertrouwelijkheidaanduidingen and the informatieobjecttypen per
procedure (configuration in ``bpmn/documenttypen.toml``, or the file named by the settings)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from processes.errors import ValidationError
from processes.vertrouwelijkheid import Vertrouwelijkheid
from services.config import SHIPPED_BPMN_DIR
from services.documents.extensions import KINDS
from services.platform import Platform

#: the document type of a besluit (the besluit editor, services.documents.besluit, makes one of this type)
BESLUIT = "besluit"
#: the shipped types (tests; a deployment's are Settings.documenttypen_path)
DEFAULT_TYPES_FILE = SHIPPED_BPMN_DIR / "documenttypen.toml"
UPLOADER_ROLES = ("behandelaar", "adviseur", "initiatiefnemer")

__all__ = ["DocumentType", "DocumentTypen", "Vertrouwelijkheid", "document_typen"]


@dataclass(frozen=True)
class DocumentType:
    """One informatieobjecttype of a procedure."""

    code: str
    omschrijving: str
    vertrouwelijkheid: Vertrouwelijkheid
    max_bytes: int
    mime: tuple[str, ...]
    uploaders: tuple[str, ...]
    definitief: bool = False
    #: made only in the task that takes the besluit (services.documents.besluit), never by a plain upload
    via_besluittaak: bool = False

    @classmethod
    def uit_data(cls, code: str, item: Mapping[str, Any]) -> DocumentType:
        onbekend = set(item) - {
            "omschrijving",
            "vertrouwelijkheid",
            "max_mb",
            "mime",
            "uploaders",
            "definitief",
            "via_besluittaak",
        }
        if onbekend:
            raise ValueError(f"documenttype {code!r}: onbekende sleutels {sorted(onbekend)}")
        uploaders = tuple(item.get("uploaders", ["behandelaar"]))
        if set(uploaders) - set(UPLOADER_ROLES):
            raise ValueError(f"documenttype {code!r}: onbekende uploaders {uploaders}")
        if unnamed := [m for m in item["mime"] if m not in KINDS]:  # its files' names could not be checked
            raise ValueError(f"documenttype {code!r}: geen bestandsextensies bekend voor {unnamed}")
        max_mb = float(item["max_mb"])
        if max_mb <= 0:
            raise ValueError(f"documenttype {code!r}: max_mb moet positief zijn")
        return cls(
            code=code,
            omschrijving=str(item["omschrijving"]),
            vertrouwelijkheid=Vertrouwelijkheid(item["vertrouwelijkheid"]),
            max_bytes=int(max_mb * 1024 * 1024),
            mime=tuple(item["mime"]),
            uploaders=uploaders,
            definitief=bool(item.get("definitief", False)),
            via_besluittaak=bool(item.get("via_besluittaak", False)),
        )


def alleen_via_besluittaak() -> ValidationError:
    """The refusal of a plain upload of a type made only in the task that takes the besluit."""
    return ValidationError(
        "Een besluit maakt u definitief in de taak waarin het wordt genomen ('Besluit opstellen'), met "
        "zijn uitkomst en datums; een ander stuk voegt u toe onder zijn eigen documenttype.",
        code="besluit-alleen-via-taak",
    )


class DocumentTypen:
    """The types per procedure: ``[standaard]`` for all, ``[procedure.<process_id>]`` on top."""

    def __init__(self, data: Mapping[str, Any]):
        self._standaard = {c: DocumentType.uit_data(c, v) for c, v in data.get("standaard", {}).items()}
        self._per_procedure = {
            proc: {c: DocumentType.uit_data(c, v) for c, v in types.items()}
            for proc, types in data.get("procedure", {}).items()
        }

    def voor(self, procedure: str) -> dict[str, DocumentType]:
        return {**self._standaard, **self._per_procedure.get(procedure, {})}

    def media_types(self) -> list[str]:
        """Every MIME type some type of some procedure accepts, sorted: what a download may be."""
        per_procedure = [t for types in self._per_procedure.values() for t in types.values()]
        return sorted({m for t in [*self._standaard.values(), *per_procedure] for m in t.mime})

    def grootste(self) -> int:
        """The largest size cap of any type of any procedure, in bytes: what one upload may be."""
        per_procedure = [t for types in self._per_procedure.values() for t in types.values()]
        return max((t.max_bytes for t in [*self._standaard.values(), *per_procedure]), default=0)

    def type(self, procedure: str, code: str) -> DocumentType:
        types = self.voor(procedure)
        if code not in types:
            raise ValidationError(
                f"Onbekend documenttype '{code}' voor deze zaak. Kies uit: {', '.join(sorted(types))}.",
                code="documenttype-onbekend",
            )
        return types[code]


@cache
def _laad(pad: str) -> DocumentTypen:
    with Path(pad).open("rb") as handle:
        return DocumentTypen(tomllib.load(handle))


def document_typen(bestand: str | Path | None = None) -> DocumentTypen:
    """The configured types (``bestand`` empty = the shipped file), parsed once per path."""
    return _laad(str(bestand or DEFAULT_TYPES_FILE))


def types_of(platform: Platform) -> DocumentTypen:
    """The document types the platform's settings name (``Settings.documenttypen_path``)."""
    return document_typen(platform.settings.documenttypen_path)
