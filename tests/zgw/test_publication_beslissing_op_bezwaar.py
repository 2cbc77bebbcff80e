"""A beslissing op bezwaar (gegrond, ongegrond, niet-ontvankelijk) is a besluit of its own in the Besluiten
API: the step that records it queues a "beslissing-op-bezwaar", delivered as a besluit of the besluittype
"Beslissing op bezwaar" on the case's zaak, once. Against the stand-ins with Open Zaak's relation checks
(strict_zgw), every write validated against the Open Zaak 1.30 specs; tests/zgw/test_beslissing_op_bezwaar_live.py
does the same against a real Open Zaak.
"""

from __future__ import annotations

from pathlib import Path

from services.zgw.config import zgw_config
from services.zgw.resync import resync
from tests.integration.bezwaar_steps import bezwaar_tegen
from tests.integration.test_beslissen_op_bezwaar import TAAK
from tests.integration.test_herroepen_op_bezwaar import GEGROND
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.contract import RecordingTransport, validate_request
from tests.zgw.test_publication_besluit_vervallen import kinds
from tests.zgw.test_publication_herroepen import besluiten, world  # noqa: F401 (fixture)
from tests.zgw.test_publication_zaaktype_versie import World

ONGEGROND = {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-05-01", "herroepen": False}


def test_a_bezwaar_decided_ongegrond_is_a_besluit_on_the_zaak(
    world: tuple[World, RecordingTransport],  # noqa: F811
    clock,
    locatie,  # noqa: F811
    zgw_specs: Path,
) -> None:
    w, recorder = world
    z = Omgeving(w.platform, clock, locatie)
    bezwaar_tegen(z, "verlenen")  # the permit sent on 2 March, a bezwaar on 1 April; now 1 May
    w.deliver()
    assert besluiten(w, op_bezwaar=True) == []
    assert z.doe("jet", TAAK, ONGEGROND)["status"] == "afgerond"
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    assert kinds(w.platform)[-2:] == ["beslissing-op-bezwaar", "resultaat"]
    [besluit] = besluiten(w, op_bezwaar=True)
    assert besluit["zaak"] == w.zaak(z.ref)["url"]
    assert besluit["identificatie"].startswith(w.zaak(z.ref)["identificatie"] + "-BB")
    assert (besluit["datum"], besluit["verzenddatum"], besluit["ingangsdatum"]) == (
        "2026-05-01",
        "2026-05-01",
        "2026-05-02",  # the day after it was made known (Awb 3:40)
    )
    assert besluit["uiterlijkeReactiedatum"] == "2026-06-12"  # six weeks for beroep (Awb 6:7)
    assert (
        besluit["toelichting"]
        == "Beslissing op bezwaar: het bezwaar is ongegrond verklaard; het besluit blijft in stand."
    )
    assert besluit["bestuursorgaan"].startswith("college van B en W")
    assert len(w.zgw.collection("besluiten")) == 2  # beside the permit's own besluit, which stands
    for request in recorder.writes():
        validate_request(zgw_specs, zgw_config(w.platform.settings), request)

    resync(w.platform, z.ref)  # everything once more: the beslissing is found, not made again
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    assert [b["url"] for b in besluiten(w, op_bezwaar=True)] == [besluit["url"]]


def test_a_herroepen_besluit_and_its_beslissing_op_bezwaar(
    world: tuple[World, RecordingTransport],  # noqa: F811
    clock,
    locatie,  # noqa: F811
) -> None:
    """Gegrond, the refusal herroepen and the permit granted in its place: the beslissing is registered
    with what it did, and the refusal lapses (services.zgw_lapse), while the beslissing stays current."""
    w, _ = world
    z = Omgeving(w.platform, clock, locatie)
    bezwaar_tegen(z, "weigeren")
    assert z.doe("jet", TAAK, {**GEGROND, "nieuw_besluit": "verlenen"})["status"] == "afgerond"
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    [besluit] = besluiten(w, op_bezwaar=True)
    assert besluit["toelichting"].startswith(
        "Beslissing op bezwaar: het bezwaar is gegrond verklaard; het besluit is herroepen"
    )
    assert "verleend" in besluit["toelichting"]
    assert besluit.get("vervaldatum") is None
