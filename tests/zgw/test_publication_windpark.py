"""The omgevingsvergunning the gemeente decides inside a windpark case reaches the Besluiten API, on the
windpark's zaak (review zgw finding 2: the windpark had no besluittype, so the message passed as delivered
with the PDF alone)."""

from __future__ import annotations

from services import cases
from services.cases import case_by_key
from services.documents.besluit import finalise_besluit
from tests.integration.energie_fixtures import doe
from tests.integration.windpark_steps import at_the_permits_besluit, verlenen_invoer
from tests.zgw.test_publication import Zgw, zplatform  # noqa: F401 (fixture)


def test_the_windparks_permit_is_a_besluit_on_the_windpark_zaak(zplatform) -> None:  # noqa: F811
    wp, ref = at_the_permits_besluit(zplatform)
    finalise_besluit(wp, ref, "lead", verlenen_invoer())
    doe(wp, ref, "besluit", {"besluit": "verlenen", "motivering": "Past."}, user="tl")
    zgw = Zgw(wp)
    report = zgw.drain()
    assert report.dood == report.mislukt == 0
    [zaak] = zgw.server.collection("zaken")
    [besluit] = zgw.server.collection("besluiten")
    assert besluit["zaak"] == zaak["url"] and zaak["zaaktype"].endswith("/zaaktypen/rf-windpark")
    assert besluit["besluittype"].endswith("/besluittypen/omgevingsvergunning")
    assert (besluit["datum"], besluit["verzenddatum"], besluit["ingangsdatum"]) == (
        "2026-03-02",
        "2026-03-02",
        "2026-03-03",
    )
    # review zgw14 (1): the last day of the term the case counts from its bekendmaking, and that day
    with wp.uow(write=False) as uow:
        rm = case_by_key(uow.session, ref).typed_summary.rechtsmiddel
    assert rm is not None and rm["van"] == "2026-03-02"
    assert (besluit["uiterlijkeReactiedatum"], besluit["publicatiedatum"]) == (rm["tot"], "2026-03-02")
    assert len(zgw.server.collection("besluitinformatieobjecten")) == 1


def test_a_windpark_the_gemeente_decided_begins_at_intake_and_ends_past_its_besluit(zplatform) -> None:  # noqa: F811
    """Review zgw14 (4): the windpark's zaak began at "Advies" (statustype 1 "Intake" was never set) and
    stayed on "Vergunning" after the gemeente's permit was granted: the called permit's later phase,
    "bezwaar- en beroepstermijn", had no statustype of the windpark."""
    wp, ref = at_the_permits_besluit(zplatform)
    finalise_besluit(wp, ref, "lead", verlenen_invoer())
    doe(wp, ref, "besluit", {"besluit": "verlenen", "motivering": "Past."}, user="tl")
    assert cases.get_case(wp, ref)["fase"] == "bezwaar- en beroepstermijn"
    zgw = Zgw(wp)
    zgw.drain()
    statussen = [s["statustype"].rsplit("/", 1)[-1] for s in zgw.server.collection("statussen")]
    assert (statussen[0], statussen[-1]) == ("intake", "besluit-bevoegd-gezag"), statussen
