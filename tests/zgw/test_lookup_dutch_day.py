"""The informatieobjecttype version a zaaktype version does not link is the one valid on the platform
clock's Dutch day (tester finding: services/zgw/lookup.py took ``date.today()``, the server's date, not
the Dutch one, nor the platform's clock). At 23:30 UTC on 31 December it is already 1 January in the
Netherlands. The year lies far ahead so that the server's own date never reaches it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from services.channels import blob_reader
from services.clock import FixedClock
from services.platform import Platform
from services.zgw import delivery
from services.zgw.catalogus import ensure
from services.zgw.client import ZgwClient
from services.zgw.config import zgw_config
from services.zgw.lookup import clear_cache
from services.zgw.mapping import mapping_for
from tests.zgw.fake_catalogi import FakeCatalogi
from tests.zgw.test_publication import zplatform  # noqa: F401 (fixture)

PROCESS = "omgevingsvergunning"


def _unlinked_in_two_versions(catalogi: FakeCatalogi, omschrijving: str) -> tuple[str, str]:
    """The informatieobjecttype ``omschrijving`` no longer linked by any zaaktype, valid until 31 December
    2040, and its next version, published, from 1 January 2041; returns both URLs."""
    [old] = [
        o
        for u, o in catalogi.objects.items()
        if "/informatieobjecttypen/" in u and o["omschrijving"] == omschrijving
    ]
    for url, obj in list(catalogi.objects.items()):
        if "/zaaktype-informatieobjecttypen/" in url and obj["informatieobjecttype"] == old["url"]:
            del catalogi.objects[url]
        elif "/zaaktypen/" in url:
            obj["informatieobjecttypen"] = [
                i for i in obj.get("informatieobjecttypen") or [] if i != old["url"]
            ]
    old.update(beginGeldigheid="2040-01-01", eindeGeldigheid="2040-12-31", concept=False)
    new = {**old, "url": old["url"].rsplit("/", 1)[0] + f"/{uuid.uuid4()}", "eindeGeldigheid": None}
    new["beginGeldigheid"] = "2041-01-01"
    catalogi.objects[new["url"]] = new
    return old["url"], new["url"]


def test_an_unlinked_type_is_the_version_valid_on_the_dutch_day(
    zplatform: Platform,  # noqa: F811
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = zgw_config(zplatform.settings)
    assert config is not None
    catalogi = FakeCatalogi(config.root("catalogi"))
    mapping = mapping_for(zplatform.settings)
    with ZgwClient(config, transport=catalogi) as c:
        ensure(c, mapping)
    proc = mapping.procedure(PROCESS)
    key, io = next(iter(proc.informatieobjecttypen.items()))
    old, new = _unlinked_in_two_versions(catalogi, io.omschrijving)
    [zaaktype] = [u for u, o in catalogi.objects.items() if o.get("identificatie") == proc.identificatie]
    clock.set(datetime(2040, 12, 31, 12, 0, tzinfo=UTC))  # 13:00 on 31 December in NL
    # the worker's own handler, as it builds it, on the stand-in
    monkeypatch.setattr(delivery, "ZgwClient", lambda cfg: ZgwClient(cfg, transport=catalogi))
    clear_cache()
    handler = delivery.zgw_handler(zplatform, blob_reader(zplatform))
    assert handler is not None
    catalog: Any = handler.remote.catalog
    try:
        assert catalog.types(PROCESS, zaaktype).informatieobjecttypen[key] == old
        clock.set(datetime(2040, 12, 31, 23, 30, tzinfo=UTC))  # 00:30 on 1 January 2041 in NL
        assert catalog.types(PROCESS, zaaktype).informatieobjecttypen[key] == new
    finally:
        handler.close()
        clear_cache()
