"""The model files a beheerder uploads to deploy: one check for the beheer page and ``POST /api/v1/modellen``.

A file is a ``.bpmn`` or ``.dmn`` (by its name), not empty, at most ``MAX_BYTES`` and UTF-8 text; at most
``MAX_FILES`` go at once. A refusal is a 422 with its own code (``bestand-soort``, ``bestand-leeg``,
``bestand-te-groot``, ``bestand-ongeldig``, ``te-veel-bestanden``, ``bestandsnaam-ongeldig``: a control or
invisible character in its name, processes.tekens) and a Dutch message naming the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from processes.errors import ValidationError
from processes.nederlands import mb_tekst
from processes.tekens import has_control_character

MAX_FILES = 20
MAX_BYTES = 5 * 1024 * 1024
TOO_MANY = f"Maximaal {MAX_FILES} bestanden tegelijk."


def _refused(detail: str, code: str) -> ValidationError:
    return ValidationError(detail, code=code, status=422)


def model_file(filename: str, content: bytes | IO[bytes], max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """(name, text) of one uploaded model file; ``content`` is its bytes or a stream, of which no more
    than ``max_bytes`` + 1 bytes are read."""
    name = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if has_control_character(name):  # shown in beheer and in every problem of the file
        raise _refused(
            "De bestandsnaam bevat een stuurteken of een onzichtbaar teken (zoals een teken dat de "
            "leesrichting omkeert); dat is niet toegestaan.",
            "bestandsnaam-ongeldig",
        )
    if not name.lower().endswith((".bpmn", ".dmn")):
        raise _refused(f"'{name or 'bestand'}' is geen .bpmn- of .dmn-bestand.", "bestand-soort")
    raw = content if isinstance(content, bytes) else content.read(max_bytes + 1)
    if not raw:
        raise _refused(f"Bestand '{name}' is leeg.", "bestand-leeg")
    if len(raw) > max_bytes:
        raise _refused(
            f"Bestand '{name}' is groter dan {mb_tekst(max_bytes, grens=True)}.", "bestand-te-groot"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refused(f"Bestand '{name}' is geen UTF-8-tekst.", "bestand-ongeldig") from exc
    return name, text


def model_files(files: Sequence[tuple[str, bytes | IO[bytes]]]) -> list[tuple[str, str]]:
    """Every file of one deploy checked by ``model_file``, refused as a whole beyond ``MAX_FILES``."""
    if len(files) > MAX_FILES:
        raise _refused(TOO_MANY, "te-veel-bestanden")
    return [model_file(name, content) for name, content in files]
