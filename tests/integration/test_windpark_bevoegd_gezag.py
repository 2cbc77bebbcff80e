"""The outside bevoegd gezag of a windpark (provincie or Rijk): only that authority records its besluit, the
municipality registers one received by post, and the authority sees the case it decides (reviewer findings:
the provincie recorded the Rijk's refusal of a 120 MW park while the municipality's projectleider, holding
the Minister's letter, got 403; and the provincie could not open the case it had to decide, so it never saw
the municipality's advice)."""

from __future__ import annotations

import io

import pytest

from processes.errors import Forbidden, NotFound
from services import case_queries, cases, users
from services.documents.queries import list_documents
from services.documents.service import NewDocument, upload_document
from services.platform import Platform
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import (
    WIND_MODELLEN,
    doe,
    energie_platform,
    locatiecheck_met,
    toestand,
)
from tests.integration.test_windpark import participatie, start

wp = windpark.wp  # the windpark tests' fixture
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
BESLUIT = {"besluit": "geweigerd", "datum": "2026-03-02"}


def _wacht_op_besluit(wp: Platform, mw: float, n: int) -> str:
    """A windpark of ``mw`` MW at the wait for its outside authority's besluit; its reference."""
    users.add_user(wp, "piet", groups=["Provincie"], role="adviseur")
    users.add_user(wp, "rijk", groups=["Rijk"], role="adviseur")
    users.add_user(wp, "egb", groups=["Extern bevoegd gezag"], role="adviseur")
    ref = str(start(wp, mw, n)["zaak"])
    doe(wp, ref, "advies", {"advies": "negatief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "negatief", "toelichting": "Geluid en slagschaduw."})
    assert "besluit_extern" in cases.get_case(wp, ref)["samenvatting"]["verwachte_berichten"]
    return ref


def test_only_the_cases_own_authority_records_its_besluit(wp: Platform) -> None:
    ref = _wacht_op_besluit(wp, 120, 12)
    assert cases.get_case(wp, ref)["samenvatting"]["bevoegd_gezag"] == "Rijk"
    voor = toestand(wp, ref)
    for other in ("piet", "egb"):  # the provincie, and a generic group, never record the Rijk's besluit
        with pytest.raises(Forbidden) as fout:
            cases.send_message(wp, ref, "besluit_extern", BESLUIT, actor=other)
        assert fout.value.code == "bericht-geen-recht" and "bevoegd gezag van de zaak" in fout.value.detail
        assert toestand(wp, ref) == voor
    zaak = cases.send_message(wp, ref, "besluit_extern", BESLUIT, actor="rijk")
    assert zaak["samenvatting"]["besluit_extern"]["besluit"] == "geweigerd"
    assert "besluit_extern" not in (zaak["samenvatting"].get("verwachte_berichten") or [])


def test_the_municipality_registers_the_authoritys_besluit_received_by_post(wp: Platform) -> None:
    ref = _wacht_op_besluit(wp, 12.6, 3)
    with pytest.raises(Forbidden):  # the Rijk does not decide the provincie's case
        cases.send_message(wp, ref, "besluit_extern", BESLUIT, actor="rijk")
    zaak = cases.send_message(wp, ref, "besluit_extern", BESLUIT, actor="pim")  # the projectleider
    assert zaak["samenvatting"]["besluit_extern"]["besluit"] == "geweigerd"


def test_the_authority_sees_the_case_it_decides_and_the_advice_shared_with_it(any_platform: Platform) -> None:
    """On both databases: the authority's cases are found by the summary's JSON (policy.authority)."""
    wp = energie_platform(any_platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    ref = _wacht_op_besluit(wp, 12.6, 3)
    meta = NewDocument("advies", "advies.pdf", titel="Advies gemeente", gedeeld_met=["Provincie"])
    upload_document(wp, ref, "pim", io.BytesIO(PDF), meta)
    zaak = case_queries.read_case(wp, ref, "piet")
    assert zaak["zaak"] == ref and zaak["fase"] == "besluit extern"
    assert zaak["initiatiefnemer"] is None and zaak["samenvatting"] == {}  # the outside party's fields only
    assert [d["titel"] for d in list_documents(wp, ref, "piet")] == ["Advies gemeente"]
    with pytest.raises(NotFound):  # the Rijk is not this case's authority
        case_queries.read_case(wp, ref, "rijk")
    with pytest.raises(NotFound):  # nor is the lane's generic group
        case_queries.read_case(wp, ref, "egb")
    # a case the municipality decides itself has no outside authority
    eigen = str(start(wp, 3.0)["zaak"])
    with pytest.raises(NotFound):
        case_queries.read_case(wp, eigen, "piet")
