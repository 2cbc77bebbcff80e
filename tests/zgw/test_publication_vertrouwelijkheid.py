"""The zaak's vertrouwelijkheidaanduiding is its procedure's in bpmn/zgw.toml (review zgw finding 4), not
the default zaakvertrouwelijk for every zaak."""

from __future__ import annotations

from tests.integration.energie_fixtures import WIJK_MODEL, energie_platform
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.integration.test_wijkuitvoeringsplan import start
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)


def test_the_zaak_has_its_procedures_vertrouwelijkheidaanduiding(zplatform, z: Omgeving) -> None:  # noqa: F811
    wup = energie_platform(zplatform, WIJK_MODEL)
    start(wup)  # zgw.toml: the wijkuitvoeringsplan is "intern"
    z.start()  # the permit is "zaakvertrouwelijk"
    zgw = Zgw(zplatform)
    zgw.drain()
    found = {
        zaak["omschrijving"]: zaak["vertrouwelijkheidaanduiding"] for zaak in zgw.server.collection("zaken")
    }
    assert sorted(found.values()) == ["intern", "zaakvertrouwelijk"]
    assert found["Wijkuitvoeringsplan Centrum"] == "intern"
