"""A besluit herroepen on bezwaar lapses in the Besluiten API, and the zaak ends with the resultaat of the
besluit that stands (Awb 7:11 lid 2).

Review (sessie14): a refusal herroepen on bezwaar and replaced by a grant kept its besluit current in Open
Zaak (only a withdrawn wijkuitvoeringsplan's besluit got a vervalreden) and the zaak got resultaattype
Geweigerd. Now the beslissing op bezwaar names the herroepen besluit in a "besluit" event, so that the
existing lapse path (services.zgw_lapse, "besluit-vervallen") PATCHes it with the day of the beslissing and
vervalreden ``ingetrokken_overheid`` (Besluiten API 1.0.2: the bestuursorgaan herroept it itself, Awb 7:11;
``ingetrokken_belanghebbende`` is an intrekking at the holder's request, ``tijdelijk`` a besluit of limited
duration), before the resultaat, which is Verleend. Against the stand-ins with Open Zaak's relation checks
(strict_zgw), every write validated against the Open Zaak 1.30 specs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.clock import today
from services.zgw.config import zgw_config
from tests.integration.bezwaar_steps import bezwaar_tegen, bezwaar_tegen_buiten_behandeling
from tests.integration.test_beslissen_op_bezwaar import TAAK
from tests.integration.test_herroepen_op_bezwaar import GEGROND
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.contract import RecordingTransport, validate_request
from tests.zgw.test_publication_besluit_vervallen import kinds
from tests.zgw.test_publication_zaaktype_versie import World, strict_world


@pytest.fixture
def world(settings, clock) -> Iterator[tuple[World, RecordingTransport]]:
    """The strict stand-ins (as test_publication_zaaktype_versie's) behind a recording transport."""
    recorders: list[RecordingTransport] = []

    def record(inner: Any) -> RecordingTransport:
        recorders.append(RecordingTransport(inner=inner))
        return recorders[0]

    with strict_world(settings, clock, record) as w:
        yield w, recorders[0]


def besluiten(w: World, *, op_bezwaar: bool = False) -> list[dict[str, Any]]:
    """The besluiten of the besluittype "Beslissing op bezwaar" (``op_bezwaar``), else those of the others:
    the besluiten the beslissing op bezwaar is about (test_publication_beslissing_op_bezwaar)."""
    return [
        b
        for b in w.zgw.collection("besluiten")
        if (w.catalogi.objects[b["besluittype"]]["omschrijving"] == "Beslissing op bezwaar") is op_bezwaar
    ]


@pytest.mark.parametrize(
    ("besluit", "nieuw", "resultaat"),
    [("weigeren", "verlenen", "Verleend"), ("verlenen", "weigeren", "Geweigerd")],
)
def test_the_herroepen_besluit_lapses_and_the_zaak_ends_with_the_besluit_that_stands(
    world: tuple[World, RecordingTransport],
    clock,
    locatie,  # noqa: F811
    zgw_specs: Path,
    besluit: str,
    nieuw: str,
    resultaat: str,
) -> None:
    w, recorder = world
    z = Omgeving(w.platform, clock, locatie)
    bezwaar_tegen(z, besluit)
    w.deliver()
    [registered] = besluiten(w)
    assert registered.get("vervaldatum") is None  # current while the bezwaar is handled (Awb 6:16)

    assert z.doe("jet", TAAK, {**GEGROND, "nieuw_besluit": nieuw})["status"] == "afgerond"
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    [registered] = besluiten(w)
    assert (registered["vervaldatum"], registered["vervalreden"]) == ("2026-05-01", "ingetrokken_overheid")
    assert kinds(w.platform)[-2:] == ["besluit-vervallen", "resultaat"]
    [zaakresultaat] = w.zgw.collection("resultaten")
    assert w.catalogi.objects[zaakresultaat["resultaattype"]]["omschrijving"] == resultaat
    w.own_types(z.ref)
    for request in recorder.writes():
        validate_request(zgw_specs, zgw_config(w.platform.settings), request)


def test_a_herroepen_buitenbehandelingstelling_lapses_and_the_zaak_goes_on_to_its_own_besluit(
    world: tuple[World, RecordingTransport],
    clock,
    locatie,  # noqa: F811
) -> None:
    """Review sessie15b F2: the buitenbehandelingstelling, now the case's besluit, lapses as a permit's
    does when herroepen. In its place the aanvraag is handled in this zaak (Awb 7:11 lid 2): it gets no
    resultaat then, goes back to the assessment and ends with the resultaat of the besluit taken on it."""
    w, _ = world
    z = Omgeving(w.platform, clock, locatie)
    bezwaar_tegen_buiten_behandeling(z)
    w.deliver()
    [registered] = besluiten(w)
    assert registered.get("vervaldatum") is None
    dag = today(z.clock).isoformat()
    case = z.doe("jet", TAAK, {**GEGROND, "beslist_op": dag, "nieuw_besluit": "behandelen"})
    assert case["status"] == "lopend" and case["fase"] == "advies en beoordeling"
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    [registered] = besluiten(w)
    assert (registered["vervaldatum"], registered["vervalreden"]) == (dag, "ingetrokken_overheid")
    assert w.zgw.collection("resultaten") == []
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past binnen het omgevingsplan."})
    assert z.later(days=60)["status"] == "afgerond"
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    assert len(besluiten(w)) == 2
    assert len(besluiten(w, op_bezwaar=True)) == 1  # the beslissing that took the aanvraag back
    [zaakresultaat] = w.zgw.collection("resultaten")
    assert w.catalogi.objects[zaakresultaat["resultaattype"]]["omschrijving"] == "Verleend"


def test_a_withdrawal_after_the_aanvraag_was_taken_back_closes_the_zaak_ingetrokken(
    world: tuple[World, RecordingTransport],
    clock,
    locatie,  # noqa: F811
) -> None:
    """Review sessie16 herroep16c, B: after a herroepen buitenbehandelingstelling took the aanvraag back in
    handling, the aanvrager withdrew it; the reviewer's repro read the zaak as Afgerond with resultaat and
    einddatum empty. Ruimteflow sent the resultaat Ingetrokken (einde_ingetrokken, no besluit: the
    herstart dropped it) before the eindstatus; the stand-in did not derive the zaak's resultaat and
    einddatum from them as Open Zaak does (strict_zgw now does)."""
    w, _ = world
    z = Omgeving(w.platform, clock, locatie)
    bezwaar_tegen_buiten_behandeling(z)
    dag = today(z.clock).isoformat()
    z.doe("jet", TAAK, {**GEGROND, "beslist_op": dag, "nieuw_besluit": "behandelen"})
    w.deliver()
    zaak = w.zaak(z.ref)
    assert (zaak.get("resultaat"), zaak.get("einddatum")) == (None, None)  # back in handling
    z.later(days=5)
    assert z.bericht("intrekking", {})["status"] == "afgerond"
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    [zaakresultaat] = w.zgw.collection("resultaten")
    assert w.catalogi.objects[zaakresultaat["resultaattype"]]["omschrijving"] == "Ingetrokken"
    zaak = w.zaak(z.ref)
    assert zaak["resultaat"] == zaakresultaat["url"]
    assert zaak["einddatum"] == z.clock.now().date().isoformat()
    w.own_types(z.ref)
