"""A natural person's closed case keeps no house number and no exact geometry after `zaken opschonen`
(review avg13, finding 3: "Garage Beekstraat 4 (Wabo)" with its parcel's polygon stayed, and street +
house number + outcome find the resident in BAG/BRP/Kadaster: pseudonymised, not anonymous).

Of a person's case the house number and toevoeging go from the title, the location and every kept text
(the street and the place stay), a postcode keeps its four digits, and the geometry becomes the 100 m cell
holding its centroid (services.bewaren.adres). An organisation's case keeps its location and geometry.
Open Zaak is told nothing: the run puts no message in the outbox."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from services import cases
from services.bewaren.anonimiseren import anonimiseer
from services.bewaren.termijn import vervallen
from services.mail.retention import REMOVED
from services.platform import Platform
from services.store.models import Case, HumanTask, OutboxMessage
from tests.integration.bewaren_helpers import AANVRAAG, close, every_text, prepare

DUE = date(2027, 3, 2)
#: a 40 by 30 m plan on a parcel; its centroid (225250, 448645) lies in the cell 225200-225300, 448600-448700
PERCEEL = "POLYGON ((225230 448630, 225270 448630, 225270 448660, 225230 448660, 225230 448630))"
CEL = "POLYGON ((225300 448600, 225300 448700, 225200 448700, 225200 448600, 225300 448600))"


def _start(platform: Platform, initiator: str, soort: str, title: str, location: str) -> dict[str, Any]:
    return cases.start_case(
        platform,
        "vergunning_klein",
        {**AANVRAAG, "initiatiefnemer": initiator},
        user="piet",
        initiator=initiator,
        initiator_type=soort,
        location_name=location,
        title=title,
        geometry_wkt=PERCEEL,
    )


def _outbox(platform: Platform, case_id: int) -> list[tuple[int, str, str]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case_id))
        return sorted((m.id, m.channel, m.kind) for m in rows)


def _run(platform: Platform) -> None:
    done = [anonimiseer(platform, f) for f in vervallen(platform, DUE) if f.bewaren_tot is not None]
    assert [d.uitkomst for d in done] == ["geanonimiseerd"]


def test_a_persons_case_loses_its_house_number_and_its_exact_geometry(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(
        platform, "Piet Jansen", "inwoner", "Schuur Dorpsstraat 12a van Piet Jansen",
        "Dorpsstraat 12a, 7411 AB Ruimtedal (achter woning Jansen)",
    )  # fmt: skip
    close(platform, zaak)
    messages = _outbox(platform, zaak["id"])
    _run(platform)

    after = cases.get_case(platform, zaak["zaak"])
    assert after["titel"] == f"Schuur Dorpsstraat van {REMOVED}"
    assert after["locatie"] == f"Dorpsstraat, 7411 Ruimtedal (achter woning {REMOVED})"
    assert after["geometrie_wkt"] == CEL
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.get(Case, zaak["id"])
        assert (case.min_x, case.min_y, case.max_x, case.max_y) == (225200, 448600, 225300, 448700)
        tasks = s.scalars(select(HumanTask).where(HumanTask.case_id == case.id)).all()
        assert tasks and {(t.case_title, t.location_name) for t in tasks} == {
            (case.title, case.location_name)
        }
    text = every_text(platform, zaak["id"])
    for gone in ("12a", "7411 AB", "225230", "448630"):
        assert gone not in text, gone
    assert _outbox(platform, zaak["id"]) == messages  # Open Zaak is told nothing new


def test_an_organisations_case_keeps_its_location_and_geometry(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(
        platform, "Bouwbedrijf Beek BV", "bedrijf", "Bedrijfshal Industrieweg 5", "Industrieweg 5, Ruimtedal"
    )
    close(platform, zaak)
    _run(platform)

    after = cases.get_case(platform, zaak["zaak"])
    assert (after["titel"], after["locatie"]) == ("Bedrijfshal Industrieweg 5", "Industrieweg 5, Ruimtedal")
    assert after["geometrie_wkt"] == PERCEEL


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("garage beekstraat 4", "garage beekstraat"),
        ("Dakkapel Beekstraat nr. 4", "Dakkapel Beekstraat"),
        ("Aanbouw woning huisnummer 4 Beekstraat", "Aanbouw woning Beekstraat"),
    ],
)
def test_the_house_number_goes_however_the_applicant_typed_it(any_platform, tmp_path, title, expected):
    """Review sessie13c, 1: the street in lower case, the number after "nr." or "huisnummer", a postcode
    in lower case."""
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(platform, "Piet Jansen", "inwoner", title, "Beekstraat 4, 7411ab Ruimtedal")
    close(platform, zaak)
    _run(platform)

    after = cases.get_case(platform, zaak["zaak"])
    assert (after["titel"], after["locatie"]) == (expected, "Beekstraat, 7411 Ruimtedal")
