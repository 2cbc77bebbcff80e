"""The beheerder reads why a migration refused a case whose running step would become another step or
whose awaited message was renamed (review editor11, 1 and 4): on the beheer page and in the API."""

from __future__ import annotations

import html

from services import deployments
from tests.integration.test_migration_other_step import REPLACED


def test_the_face_names_the_case_and_the_replaced_step(faces_platform, browser_for, start_case) -> None:
    ref = start_case("Dakkapel")["zaak"]
    deployments.deploy(faces_platform, [("vergunning_klein.bpmn", REPLACED)], user="bea")
    bea = browser_for("bea")

    bea.post("/beheer/modellen/vergunning_klein/migreren")

    page = html.unescape(bea.get("/beheer").text)
    assert (
        f"Zaak {ref} niet gemigreerd: In versie 2 is de stap 'Aanvraag beoordelen' (beoordelen), waarin "
        "deze zaak nu staat, vervangen door een andere stap: 'Milieuadvies geven' (advies_milieu)."
    ) in page
