"""A procedure bpmn/zgw.toml does not register (``niet_registreren``) queues no ZGW message (review zgw17,
F5): each transportverzoek case, which has no zaaktype in the shipped zgw.toml, was given up at once
("Geen ZGW-zaaktype voor procedure 'transportverzoek'") and its later messages waited behind it for good,
so beheer's count of given-up deliveries never returned to 0."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from processes.errors import ValidationError
from services import cases
from services.store.models import OutboxMessage
from services.zgw.config import ZgwConfigError
from services.zgw.mapping import parse_mapping
from services.zgw.resync import resync
from services.zgw_outbox import put
from services.zgw_registered import check
from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform
from tests.zgw.test_publication import Zgw, zplatform  # noqa: F401 (fixture)

SHIPPED = Path(__file__).resolve().parents[2] / "bpmn" / "zgw.toml"


def _queued(platform) -> int:  # type: ignore[no-untyped-def]
    with platform.uow(write=False) as uow:
        return int(
            uow.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.channel == "zgw"))
        )


def test_a_transportverzoek_queues_nothing_and_leaves_no_delivery_given_up(zplatform) -> None:  # noqa: F811
    wp = energie_platform(zplatform, WIND_MODELLEN)
    cases.start_case(wp, "transportverzoek", {"vermogen_mva": 4, "richting": "invoeding"}, user="pim")
    assert _queued(wp) == 0
    report = Zgw(wp).drain()
    assert report.dood == report.mislukt == 0


def test_a_message_queued_before_the_list_named_its_procedure_is_sent_as_nothing(zplatform) -> None:  # noqa: F811
    wp = energie_platform(zplatform, WIND_MODELLEN)
    ref = cases.start_case(wp, "transportverzoek", {"vermogen_mva": 4, "richting": "invoeding"}, user="pim")[
        "zaak"
    ]
    with wp.uow() as uow:
        case = cases.case_by_key(uow.session, ref)
        put(uow.session, case, "zaak", {"toestand": {}}, wp.clock.now(), ref="zaak")
        uow.commit()
    report = Zgw(wp).drain()
    assert report.dood == report.mislukt == 0 and report.afgeleverd == 1


def test_a_resync_of_such_a_case_is_refused_in_dutch(zplatform) -> None:  # noqa: F811
    wp = energie_platform(zplatform, WIND_MODELLEN)
    ref = cases.start_case(wp, "transportverzoek", {"vermogen_mva": 4, "richting": "invoeding"}, user="pim")[
        "zaak"
    ]
    with pytest.raises(ValidationError) as exc:
        resync(wp, ref)
    assert exc.value.code == "zgw-niet-geregistreerd" and "niet_registreren" in exc.value.detail
    assert _queued(wp) == 0


def test_the_shipped_mapping_does_not_register_the_transportverzoek() -> None:
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    assert check(data, ValueError) == {"transportverzoek"}
    assert "transportverzoek" not in parse_mapping(data).procedures


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("transportverzoek", "moet een lijst van procedures"),
        ([""], "moet een lijst van procedures"),
        (
            ["omgevingsvergunning"],
            "staat in niet_registreren en heeft ook een [procedure.omgevingsvergunning]",
        ),
    ],
)
def test_a_wrong_list_is_a_dutch_configuration_error(value: object, reason: str) -> None:
    data = {**tomllib.loads(SHIPPED.read_text(encoding="utf-8")), "niet_registreren": value}
    with pytest.raises(ZgwConfigError) as exc:
        parse_mapping(data)
    assert reason in exc.value.detail
