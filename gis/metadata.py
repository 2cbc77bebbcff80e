"""Layer metadata: family, source, reference date, licence.

Where metadata lives (decision): a layer ``<dir>/<stem>.gpkg`` takes its metadata from a sidecar
``<dir>/<stem>.meta.toml`` when present, else from the table ``[<stem>]`` in ``<dir>/lagen.toml``.
A sidecar wins over lagen.toml; a layer without either is refused (a layer whose source nobody can
name must not route work). Keys, in Dutch like the rest of the configuration::

    familie = "natuur"              # wonen | energie | landbouw | natuur | veiligheid | bestuur
    bron = "RVO via PDOK"           # who published the data
    peildatum = 2024-01-01          # reference date (TOML date or "YYYY-MM-DD")
    licentie = "CC0 1.0"
    titel = "Natura 2000-gebieden"  # optional, for people
    laag = "natura2000"             # optional: layer inside a multi-layer GeoPackage
    persoonsgegevens = false        # optional: true hides the layer from the map, false shows it even
                                    # when its columns look like addresses (see services.kaart_layers)
    naamkolom = "buurgemeente"      # optional: the column that names a feature in a conflict (default
                                    # "naam"); a declared column the layer lacks is refused
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gis.errors import LAYER_BAD_METADATA, LAYER_NO_METADATA, LayerError

#: the column that names a feature (a conflict's ``feature_naam``) unless the metadata declares ``naamkolom``
DEFAULT_NAME_COLUMN = "naam"
FAMILIES = ("wonen", "energie", "landbouw", "natuur", "veiligheid", "bestuur")
DIRECTORY_FILE = "lagen.toml"
SIDECAR_SUFFIX = ".meta.toml"


@dataclass(frozen=True)
class LayerMeta:
    familie: str
    bron: str
    peildatum: dt.date
    licentie: str
    titel: str | None = None
    laag: str | None = None
    #: personal data per address/person/parcel: None = not declared (the map decides from the columns)
    persoonsgegevens: bool | None = None
    #: the column that names a feature; None = not declared (``naam``, when the layer has it)
    naamkolom: str | None = None

    @property
    def name_column(self) -> str:
        """The column that names a feature: the declared ``naamkolom``, else ``naam``."""
        return self.naamkolom or DEFAULT_NAME_COLUMN

    @classmethod
    def from_mapping(cls, name: str, data: Mapping[str, Any]) -> LayerMeta:
        """Validate a metadata table; ``name`` is only used in error messages."""
        missing = [key for key in ("familie", "bron", "peildatum", "licentie") if key not in data]
        if missing:
            raise LayerError(
                f"Laag '{name}': metadata mist {', '.join(missing)}.", code=LAYER_BAD_METADATA, laag=name
            )
        familie = data["familie"]
        if familie not in FAMILIES:
            raise LayerError(
                f"Laag '{name}': onbekende familie '{familie}' (kies uit {', '.join(FAMILIES)}).",
                code=LAYER_BAD_METADATA,
                laag=name,
            )
        personal = data.get("persoonsgegevens")
        if personal is not None and not isinstance(personal, bool):
            raise LayerError(
                f"Laag '{name}': persoonsgegevens moet true of false zijn, niet '{personal}'.",
                code=LAYER_BAD_METADATA,
                laag=name,
            )
        naamkolom = data.get("naamkolom")
        if naamkolom is not None and (not isinstance(naamkolom, str) or not naamkolom.strip()):
            raise LayerError(
                f"Laag '{name}': naamkolom moet de naam van een kolom zijn, niet '{naamkolom}'.",
                code=LAYER_BAD_METADATA,
                laag=name,
            )
        return cls(
            familie=familie,
            bron=str(data["bron"]),
            peildatum=_as_date(name, data["peildatum"]),
            licentie=str(data["licentie"]),
            titel=str(data["titel"]) if data.get("titel") else None,
            laag=str(data["laag"]) if data.get("laag") else None,
            persoonsgegevens=personal,
            naamkolom=naamkolom,
        )

    def to_toml(self) -> str:
        """Render as a sidecar file body (used by the demo generator)."""
        lines = [
            f"familie = {_toml_str(self.familie)}",
            f"bron = {_toml_str(self.bron)}",
            f"peildatum = {self.peildatum.isoformat()}",
            f"licentie = {_toml_str(self.licentie)}",
        ]
        if self.titel:
            lines.append(f"titel = {_toml_str(self.titel)}")
        if self.laag:
            lines.append(f"laag = {_toml_str(self.laag)}")
        if self.persoonsgegevens is not None:
            lines.append(f"persoonsgegevens = {'true' if self.persoonsgegevens else 'false'}")
        if self.naamkolom:
            lines.append(f"naamkolom = {_toml_str(self.naamkolom)}")
        return "\n".join(lines) + "\n"


def _toml_str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _as_date(name: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise LayerError(
            f"Laag '{name}': peildatum '{value}' is geen datum (JJJJ-MM-DD).",
            code=LAYER_BAD_METADATA,
            laag=name,
        ) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LayerError(
            f"Metadatabestand {path.name} is onleesbaar: {exc}", code=LAYER_BAD_METADATA
        ) from None


def read_directory_metadata(directory: Path) -> dict[str, Any]:
    """The tables of ``lagen.toml`` in ``directory`` (empty when the file is absent)."""
    path = directory / DIRECTORY_FILE
    return _read_toml(path) if path.is_file() else {}


def metadata_for(layer_file: Path, directory_tables: Mapping[str, Any] | None = None) -> LayerMeta:
    """Metadata for one layer file: sidecar first, then ``lagen.toml``; refused when neither has it."""
    name = layer_file.stem
    sidecar = layer_file.with_name(name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        return LayerMeta.from_mapping(name, _read_toml(sidecar))
    tables = read_directory_metadata(layer_file.parent) if directory_tables is None else directory_tables
    table = tables.get(name)
    if isinstance(table, Mapping):
        return LayerMeta.from_mapping(name, table)
    raise LayerError(
        f"Laag '{name}' heeft geen metadata: maak {sidecar.name} of een tabel [{name}] in {DIRECTORY_FILE}.",
        code=LAYER_NO_METADATA,
        laag=name,
    )
