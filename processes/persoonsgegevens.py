"""Personal data never belongs on a wijk plan or its map: refuse input that carries it, by field name."""

from __future__ import annotations

from collections.abc import Mapping

from processes.errors import ValidationError

# -- privacy -----------------------------------------------------------------------------------------
#: Field names that point at personal (social-domain) data: never stored on a wijk plan or its map.
PERSOONSVELDEN = (
    "bsn",
    "burgerservicenummer",
    "geboortedatum",
    "naam_bewoner",
    "bewoner",
    "inkomen",
    "uitkering",
    "schuld",
    "schulden",
    "zorg",
    "wmo",
    "indicatie",
    "telefoon",
    "email",
    "e-mail",
    "huishouden",
)


def geen_persoonsgegevens(waarde: object, pad: str = "") -> None:
    """Refuse input that carries personal data fields (by name), anywhere in nested objects and lists."""
    if isinstance(waarde, Mapping):
        for k, v in waarde.items():
            naam = str(k).lower()
            if any(naam == p or naam.startswith(p + "_") or naam.endswith("_" + p) for p in PERSOONSVELDEN):
                raise ValidationError(
                    f"Veld '{pad}{k}' bevat persoonsgegevens; die horen niet in een wijkuitvoeringsplan of op de kaart "
                    "(geen gegevens uit het sociaal domein).",
                    code="persoonsgegevens",
                )
            geen_persoonsgegevens(v, f"{pad}{k}.")
    elif isinstance(waarde, list):
        for item in waarde:
            geen_persoonsgegevens(item, pad)
