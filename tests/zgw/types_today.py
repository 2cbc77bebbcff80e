"""The type URLs a test or benchmark reads straight from a catalogus (the service itself looks them up
per zaak: services.zgw.lookup.zaaktype_on on the zaak's registratiedatum, then types_of)."""

from __future__ import annotations

from datetime import date

from services.zgw.client import ZgwClient
from services.zgw.lookup import types_of, zaaktype_on
from services.zgw.mapping_model import ZgwMapping
from services.zgw.payloads import TypeUrls


def resolve(client: ZgwClient, mapping: ZgwMapping, process_id: str, on: date | None = None) -> TypeUrls:
    """The type URLs of the procedure's zaaktype version valid on ``on`` (default today)."""
    proc = mapping.procedure(process_id)
    day = on or date.today()
    return types_of(client, proc, zaaktype_on(client, proc, day), day)
