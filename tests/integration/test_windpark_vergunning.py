"""Windpark calling the real omgevingsvergunning (not the stub) on the gemeente path."""

from __future__ import annotations

import io

import pytest

from services.platform import Platform
from tests.integration.energie_fixtures import (
    doe,
    energie_platform,
    locatiecheck_met,
)
from tests.integration.test_windpark import participatie, start
from tests.integration.windpark_steps import MODELLEN, at_the_permits_besluit, verlenen_invoer


def test_gemeente_bevoegd_met_advies_bereikt_adviesronde_van_de_vergunning(platform: Platform) -> None:
    """The windpark's own advice item ``adviseur`` must not break the permit's multi-instance."""
    wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    zaak = doe(wp, ref, "ontvankelijkheid", {"compleet": True})  # inside the called omgevingsvergunning
    assert zaak["status"] == "lopend", zaak.get("incident")
    open_ = {t["element"]: t["kandidaatgroepen"] for t in zaak["open_taken"]}
    # the buitenplanse omgevingsplanactiviteit is routed to Ruimtelijke Ordening (advies-routering.dmn)
    assert open_ == {"advies_geven": ["Ruimtelijke Ordening"], "beoordelen": ["Vergunningen"]}


def _scan(wp: Platform, ref: str) -> None:
    """A plain upload of type besluit (a signed scan): the windpark's own besluit type allows it."""
    from services.documents.service import NewDocument, upload_document
    from tests.integration.document_helpers import pdf

    scan = NewDocument("besluit", "scan.pdf", titel="Getekende scan")
    upload_document(wp, ref, "pim", io.BytesIO(pdf("getekende scan")), scan)


def test_the_permit_inside_a_windpark_keeps_its_final_besluit_against_a_plain_upload(
    platform: Platform,
) -> None:
    """Reviewer finding: inside a windpark case a plain upload of type besluit (a signed scan) is allowed,
    and it hid the final PDF from the step that records the besluit, so 'Besluit nemen' could be
    completed with 'weigeren' after a PDF that granted the permit, dated today instead of the letter."""
    from processes.errors import ValidationError
    from services.documents.besluit import finalise_besluit

    wp, ref = at_the_permits_besluit(platform)
    finalise_besluit(wp, ref, "lead", verlenen_invoer())
    _scan(wp, ref)
    with pytest.raises(ValidationError) as err:
        doe(wp, ref, "besluit", {"besluit": "weigeren", "motivering": "Toch niet."}, user="tl")
    assert err.value.code == "besluit-wijkt-af" and "luidt 'verlenen'" in err.value.detail


def test_a_plain_upload_in_the_besluit_task_does_not_count_as_the_final_besluit(platform: Platform) -> None:
    """Left from the last review: the check that the task's besluit is already final counted any final
    besluit document, while the step reads only the editor's. A scan uploaded first therefore refused
    'Definitief maken' with besluit-al-definitief, and the task could not get its besluit."""
    from services.documents.besluit import finalise_besluit

    wp, ref = at_the_permits_besluit(platform)
    _scan(wp, ref)
    made = finalise_besluit(wp, ref, "lead", verlenen_invoer())
    assert made["titel"].startswith("Besluit (verlenen)")
    zaak = doe(wp, ref, "besluit", {"besluit": "verlenen", "motivering": "Past."}, user="tl")
    assert "besluit" not in [t["element"] for t in zaak["open_taken"]], zaak.get("incident")
