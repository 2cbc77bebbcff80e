"""A permit granted over an open blokkerend conflict or a negative advice states why, per point, next to that
point in the letter (Awb 3:46, 3:50), or the conflict is overridden first.

Review besluit14, finding 3: the demo's windpark granted "Windturbine binnen 500 m van een woning
(blokkerend)" for homes at 257 m with the motivering "Past binnen het omgevingsplan.", and a besluit printed
"Advies van Milieu: niet akkoord. Geluid te hoog." and granted with nothing relating the decision to it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pypdf
import pytest
from sqlalchemy import select

from processes.errors import ValidationError
from services import users
from services.conflict_override import override_conflict
from services.documents import open_version
from services.documents.besluit import draft_besluit, finalise_besluit
from services.documents.besluit_context import BesluitInvoer
from services.store.models import Case, CaseConflict
from tests.integration.document_helpers import at_besluit, make_zaak, state

GEGEVENS: dict[str, Any] = {
    "procedure": "regulier",
    "aanvraag": {"activiteiten": ["omgevingsplanactiviteit_buitenplans"]},
    "adviezen": [
        {"groep": "Milieu", "soort": "advies", "oordeel": "niet_akkoord", "toelichting": "Geluid te hoog."},
        {"groep": "Welstand", "soort": "advies", "oordeel": "akkoord"},
    ],
}
REGEL = "wt-woning-afstand"
DAY = date(2026, 3, 2)
GELUID = "Het akoestisch onderzoek toont aan dat de geluidnorm met een geluidscherm wordt gehaald."
WONINGEN = "Slagschaduw en geluid bij de woningen zijn met stilstandvoorschriften begrensd."


@pytest.fixture
def zaak(platform: Any) -> dict[str, Any]:
    z = make_zaak(platform)  # 'Besluit nemen' lies in the lane Juridisch
    at_besluit(platform, z, GEGEVENS)
    users.add_user(
        platform, "jurist", groups=["Juridisch"], role="vergunningverlener", display_name="Julia Rist"
    )
    with platform.uow() as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == z["zaak"]))
        for feature, afstand in (("w-1", 257.71), ("w-2", 310.0)):  # two homes, one rule
            uow.session.add(
                CaseConflict(
                    case_id=case_id,
                    regel=REGEL,
                    laag="woningen",
                    feature_id=feature,
                    ernst="blokkerend",
                    afdeling="Milieu",
                    beschrijving="Windturbine binnen 500 m van een woning",
                    afstand_m=afstand,
                )
            )
        uow.commit()
    platform.clock.set(datetime(2026, 3, 2, 12, tzinfo=UTC))
    return z


def _invoer(uitkomst: str = "verlenen", **kw: Any) -> BesluitInvoer:
    return BesluitInvoer(
        uitkomst=uitkomst,
        motivering="Het project wijkt af van het omgevingsplan; de afwijking is aanvaardbaar.",
        besluitdatum=DAY,
        verzenddatum=DAY,
        **kw,
    )


def _tekst(platform: Any, doc: dict[str, Any]) -> str:
    _, stream = open_version(platform, doc["id"], "jurist")
    with stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    return " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())


def test_a_permit_over_a_blocking_conflict_and_a_negative_advice_needs_a_reason_per_point(platform, zaak):
    before = state(platform)
    with pytest.raises(ValidationError) as err:
        finalise_besluit(platform, zaak["zaak"], "jurist", _invoer())
    assert err.value.code == "afwijking-zonder-reden" and err.value.status == 422
    assert "het advies van Milieu (niet akkoord)" in err.value.detail
    assert (
        f"het blokkerende conflict 'Windturbine binnen 500 m van een woning' (regel {REGEL})"
        in err.value.detail
    )
    assert list(err.value.extra["velden"]) == [f"afwijking_conflicten.{REGEL}", "afwijking_adviezen.Milieu"]
    assert all(
        isinstance(m, list) and m for m in err.value.extra["velden"].values()
    )  # per field its messages
    assert err.value.extra["veld"] == f"afwijking_conflicten.{REGEL}"
    with pytest.raises(ValidationError) as err:  # one point answered is not enough
        finalise_besluit(platform, zaak["zaak"], "jurist", _invoer(afwijking_adviezen={"Milieu": GELUID}))
    assert list(err.value.extra["velden"]) == [f"afwijking_conflicten.{REGEL}"]
    assert state(platform) == before
    draft = draft_besluit(platform, zaak["zaak"], "jurist", _invoer())
    assert "de reden om te verlenen ondanks het advies van Milieu (niet akkoord)" in draft["ontbreekt"]

    doc = finalise_besluit(
        platform,
        zaak["zaak"],
        "jurist",
        _invoer(afwijking_adviezen={"Milieu": GELUID}, afwijking_conflicten={REGEL: WONINGEN}),
    )
    text = _tekst(platform, doc)
    assert (
        "Advies van Milieu: niet akkoord. Geluid te hoog. Afwijking van advies (artikel 3:50 Algemene wet "
        f"bestuursrecht): {GELUID}" in text
    )
    # the rule's two homes are one point of the letter (besluit_overwegingen.conflicten), with its reason once
    assert text.count(f"Reden om toch te verlenen (artikel 3:46 Algemene wet bestuursrecht): {WONINGEN}") == 1
    assert "Dit punt geldt voor twee objecten" in text
    assert "Welstand: akkoord. Afwijking" not in text


def test_an_overridden_conflict_and_a_refusal_need_no_reason_and_a_stray_one_is_refused(platform, zaak):
    with platform.uow(write=False) as uow:
        ids = uow.session.scalars(select(CaseConflict.id).where(CaseConflict.regel == REGEL)).all()
    for conflict_id in ids:
        override_conflict(
            platform, zaak["zaak"], conflict_id, "anna", "De woningen zijn van de initiatiefnemer."
        )
    before = state(platform)
    with pytest.raises(ValidationError) as err:  # the rule no longer asks a reason
        finalise_besluit(
            platform,
            zaak["zaak"],
            "jurist",
            _invoer(afwijking_adviezen={"Milieu": GELUID}, afwijking_conflicten={REGEL: WONINGEN}),
        )
    assert (
        err.value.code == "afwijking-onbekend" and err.value.extra["veld"] == f"afwijking_conflicten.{REGEL}"
    )
    assert state(platform) == before
    doc = finalise_besluit(platform, zaak["zaak"], "jurist", _invoer(afwijking_adviezen={"Milieu": GELUID}))
    assert "Afwijking van advies" in _tekst(platform, doc)


def test_a_refusal_deviates_from_nothing(platform, zaak):
    doc = finalise_besluit(
        platform, zaak["zaak"], "jurist", _invoer("weigeren", afwijking_adviezen={"Milieu": "niet gebruikt"})
    )
    text = _tekst(platform, doc)
    assert "Afwijking" not in text and "niet gebruikt" not in text
