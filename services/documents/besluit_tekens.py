"""The texts of a besluit (services/documents/besluit_context.py ``BesluitInvoer``) are printed in the
letter the applicant receives: a bidi or control character is refused at its field (processes.tekens, a
line break only where a text has lines), and a text of invisible characters alone is none (""), as an
empty one: a signer of invisible characters is replaced by the proposed one, an afwijking reason of
them counts as not given."""

from __future__ import annotations

from typing import Any

from processes import tekens

#: the texts of one line, with their Dutch label
LINES = (("ondertekenaar", "De ondertekenaar"), ("ondertekenaar_functie", "De functie van de ondertekenaar"))
#: the texts per key (a zienswijze's number, a rule, a group), with their Dutch label
PER_KEY = (
    ("zienswijze_antwoorden", "Het antwoord op zienswijze {}"),
    ("afwijking_conflicten", "De reden bij '{}'"),
    ("afwijking_adviezen", "De reden bij '{}'"),
)


def checked(invoer: Any) -> dict[str, Any]:
    """The texts of ``invoer`` as the besluit holds them, per field; ValidationError (``tekst-ongeldig``,
    at the field: ``voorschriften.0``, ``afwijking_adviezen.Milieu``) for a refused character."""
    found: dict[str, Any] = {v: tekens.check_line(getattr(invoer, v), v, label) or "" for v, label in LINES}
    found["motivering"] = _text("motivering", "De motivering", invoer.motivering)
    found["voorschriften"] = [
        _text(f"voorschriften.{i}", f"Voorschrift {i + 1}", v) for i, v in enumerate(invoer.voorschriften)
    ]
    for veld, label in PER_KEY:
        found[veld] = {
            k: _text(f"{veld}.{k}", label.format(k), str(v)) for k, v in getattr(invoer, veld).items()
        }
    return found


def _text(veld: str, label: str, text: str) -> str:
    return tekens.check_line(text, veld, label, multiline=True) or ""
