"""A case linked to another for two reasons lists that case once, with both reasons (outside tester,
reminders 3): the case file, the API and the map panel showed the other case once per reason."""

from __future__ import annotations

from typing import Any

from services import case_queries, cases, kaart_panel
from services.store.models import CaseLink
from tests.integration.core_helpers import setup_klein

LAYER = "zelfde congestiegebied (invoeding, rood): Zuid"
NETBEHEERDER = "zelfde congestiegebied (volgens netbeheerder): Zuid"


def test_a_case_linked_for_two_reasons_is_listed_once_with_both(any_platform: Any) -> None:
    platform = any_platform
    setup_klein(platform)
    a, b, c = (cases.start_case(platform, "vergunning_klein", {}, user="anna") for _ in range(3))
    with platform.uow() as uow:
        for other, reason in ((b, LAYER), (c, LAYER), (b, NETBEHEERDER)):
            uow.session.add(CaseLink(case_id=a["id"], other_case_id=other["id"], reason=reason))
        uow.commit()
    views = [
        cases.get_case(platform, a["zaak"])["gekoppelde_zaken"],
        case_queries.case_file(platform, a["zaak"], "anna")["gekoppelde_zaken"],
        kaart_panel.case_panel(platform, a["zaak"], "anna")["gekoppelde_zaken"],
    ]
    for links in views:
        assert [link["zaak"] for link in links] == [b["zaak"], c["zaak"]]  # b not twice
        assert [(link["zaak"], link["redenen"], link["reden"]) for link in links] == [
            (b["zaak"], [LAYER, NETBEHEERDER], f"{LAYER}; {NETBEHEERDER}"),
            (c["zaak"], [LAYER], LAYER),
        ]
