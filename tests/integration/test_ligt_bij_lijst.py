"""The case list says who holds a case in the words of its case file (review vvl16, F2): during the
terinzagelegging /zaken said "Ligt bij Belanghebbenden", the model's lane, where the case page and its
holder timeline said "Terinzagelegging". One rule for both: services.waits.timeline.lies_with, read for a
whole page from the open holder intervals (open_requests.for_case_rows), the inbox's row too."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from services import case_queries
from tests.integration import test_zaakpagina_kcc as kcc
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = kcc.z, kcc.locatie


def _in_ter_inzage(z: Omgeving) -> None:
    kcc._uitgebreid(z)
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    z.op(datetime(2026, 3, 20, 8, 0, tzinfo=UTC))


def test_the_case_list_says_terinzagelegging_as_the_case_page_does(z: Omgeving) -> None:
    _in_ter_inzage(z)
    client = kcc._officer(z)
    page = kcc._text(client.get(f"/zaken/{z.ref}").text)
    assert kcc._row(page, "Ligt bij") == "Terinzagelegging"
    listed = client.get(f"/zaken?q={z.ref}").text
    cell = re.search(r'<td data-label="Ligt bij">(.*?)</td>', listed, re.S)
    assert cell is not None, listed
    assert kcc._text(cell.group(1)).startswith("Terinzagelegging sinds "), cell.group(1)
    [row] = case_queries.search_cases(z.p, "anna", text=z.ref)["zaken"]
    assert (row["houder"], row["houder_sinds"] is not None) == ("Terinzagelegging", True)
    assert "Belanghebbenden" not in kcc._text(listed)


def test_the_case_view_the_map_panel_and_the_case_page_name_the_holder_as_the_list(z: Omgeving) -> None:
    """Tester finding: for a case ter inzage GET /zaken said "Terinzagelegging", but GET /zaken/{zaak},
    /kaart/zaken/{zaak} said "Belanghebbenden" and the case page "Wacht op Belanghebbenden: ...". The one
    home of the holder is the holder timeline's (services.waits.store.follow_holder, ``Case.holder``)."""
    from sqlalchemy import select

    from services import kaart_panel
    from services.status import view
    from services.store.models import Case

    _in_ter_inzage(z)
    client = kcc._officer(z)  # anna, of Vergunningen
    [row] = case_queries.search_cases(z.p, "anna", text=z.ref)["zaken"]
    case = case_queries.read_case(z.p, z.ref, "anna")
    panel = kaart_panel.case_panel(z.p, z.ref, "anna")
    assert (row["houder"], case["houder"], panel["houder"]) == ("Terinzagelegging",) * 3
    page = kcc._text(client.get(f"/zaken/{z.ref}").text)
    assert "Belanghebbenden" not in page
    assert "Terinzagelegging: ontwerpbesluit ter inzage tot en met" in page
    with z.p.uow(write=False) as uow:  # the status page: nobody has to act while a legal term runs
        code = uow.session.scalars(select(Case.tracking_code).where(Case.reference == z.ref)).one()
    assert view.public_status(z.p, code)["houder"] is None
