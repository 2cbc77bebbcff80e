"""The besluittype and bestuursorgaan of each besluit (review zgw finding 3): by the besluit's outcome or
the task that takes it (bpmn/zgw.toml), the bestuursorgaan with the gemeente's name, and a besluit in the
Besluiten API only with a verzenddatum (it takes effect once made known, Awb 3:40)."""

from __future__ import annotations

import io
from datetime import date

from processes.termijnen.rechtsmiddelen import rechtsmiddelentermijn
from services.documents import NewDocument, upload_document
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import WIJK_MODEL, energie_platform
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.integration.test_wijkuitvoeringsplan import tot_besluitvorming
from tests.zgw.test_publication import Zgw, message_notes, z, zplatform  # noqa: F401 (fixtures)


def test_a_buiten_behandelingstelling_is_registered_as_such_by_the_college(z: Omgeving) -> None:  # noqa: F811
    zgw = Zgw(z.p)
    z.start()
    z.tekening_gevraagd()
    zgw.drain()
    z.later(days=15)
    z.doe("jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling ontvangen."})
    zgw.drain()
    [besluit] = zgw.server.collection("besluiten")
    assert besluit["besluittype"].endswith("/besluittypen/buiten_behandeling")
    assert besluit["bestuursorgaan"] == "college van B en W van de gemeente Ruimtedal"
    # review zgw14 (1): open to bezwaar (Awb 4:5, never afdeling 3.4), six weeks after it was sent; its
    # besluittype is not published (publicatie_indicatie false), so no publicatiedatum
    verzonden = date.fromisoformat(besluit["verzenddatum"])
    assert (
        besluit["uiterlijkeReactiedatum"]
        == rechtsmiddelentermijn("regulier", verzonden).laatste_dag.isoformat()
    )
    assert besluit.get("publicatiedatum") is None


def _besluit(platform, ref: str, titel: str, verzonden: date | None) -> None:
    meta = NewDocument(
        informatieobjecttype="besluit",
        bestandsnaam="besluit.pdf",
        titel=titel,
        besluitdatum=date(2026, 3, 2),
        verzenddatum=verzonden,
    )
    upload_document(platform, ref, "pim", io.BytesIO(pdf(titel)), meta)


def test_a_raadsbesluit_is_the_raads_and_waits_for_its_verzenddatum(zplatform) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)  # the college's besluit taken; the raad's task open
    # the raadsbesluit is sent on 4 March: a verzenddatum is not a day ahead (9d78956)
    p.clock.advance(days=2)
    _besluit(p, ref, "Raadsbesluit vaststelling", date(2026, 3, 4))
    _besluit(p, ref, "Raadsbesluit zonder verzenddatum", None)
    zgw = Zgw(p)
    zgw.drain()
    # the college's besluit (its task requires its signed besluit) is the college's; the raad's, the raad's
    found = {b["toelichting"]: b for b in zgw.server.collection("besluiten")}
    assert sorted(found) == sorted([f"Besluit collegebesluit {ref}", "Raadsbesluit vaststelling"])
    assert found[f"Besluit collegebesluit {ref}"]["besluittype"].endswith("/besluittypen/college")
    besluit = found["Raadsbesluit vaststelling"]
    assert besluit["besluittype"].endswith("/besluittypen/raad")
    assert besluit["bestuursorgaan"] == "gemeenteraad van de gemeente Ruimtedal"
    assert (besluit["datum"], besluit["verzenddatum"], besluit["ingangsdatum"]) == (
        "2026-03-02",
        "2026-03-04",
        "2026-03-05",
    )
    # review zgw14 (1): a raadsbesluit is published the day it is made known; its besluittype has no
    # reactietermijn (zgw.toml), so no uiterlijkeReactiedatum is claimed
    assert (besluit["publicatiedatum"], besluit.get("uiterlijkeReactiedatum")) == ("2026-03-04", None)
    notes = message_notes(p, "besluit")
    assert notes[:2] == [("afgeleverd", None, None), ("afgeleverd", None, None)]  # the college's, the raad's
    assert notes[2][:2] == ("afgeleverd", None) and "zonder verzenddatum" in str(notes[2][2])
    titels = {e["titel"] for e in zgw.server.collection("enkelvoudiginformatieobjecten")}
    assert {"Raadsbesluit vaststelling", "Raadsbesluit zonder verzenddatum"} <= titels
