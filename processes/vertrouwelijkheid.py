"""The ZGW vertrouwelijkheidaanduiding: the eight levels of the Documenten API, in order.

One home for the levels: the document model, the authorization policy and the API schemas read them here.
"""

from __future__ import annotations

from enum import StrEnum

from processes.errors import ValidationError, given


class Vertrouwelijkheid(StrEnum):
    """ZGW vertrouwelijkheidaanduiding, from least to most confidential (the order matters)."""

    OPENBAAR = "openbaar"
    BEPERKT_OPENBAAR = "beperkt_openbaar"
    INTERN = "intern"
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk"
    VERTROUWELIJK = "vertrouwelijk"
    CONFIDENTIEEL = "confidentieel"
    GEHEIM = "geheim"
    ZEER_GEHEIM = "zeer_geheim"

    @property
    def rang(self) -> int:
        return list(Vertrouwelijkheid).index(self)

    @classmethod
    def lees(cls, waarde: object) -> Vertrouwelijkheid:
        try:
            return cls(str(waarde))
        except ValueError:
            keuzes = ", ".join(v.value for v in cls)
            raise ValidationError(
                f"De vertrouwelijkheidaanduiding moet een van {keuzes} zijn, {given(waarde)}.",
                code="vertrouwelijkheid-onbekend",
            ) from None
