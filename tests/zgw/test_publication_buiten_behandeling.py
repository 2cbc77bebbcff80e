"""The zaak of an aanvraag put buiten behandeling (Awb 4:5) reads "Bezwaar- en beroepstermijn" from the day
of that besluit until it is onherroepelijk, as after any besluit.

Review zgw17 F1 (live Open Zaak 1.30): the zaak stayed at "Aanvulling gevraagd" through the whole
bezwaartermijn (since archief15 F2 the case waits for it) and then jumped to "Afgerond", although the
besluit was in the Besluiten API: zgw.toml mapped the phase "buiten behandeling" to the eindstatus, which the
delivery leaves to the resultaat. The model now records the besluit's phase, "buiten behandeling gesteld",
which zgw.toml maps to "Bezwaar- en beroepstermijn"; the phase before it (the officer deciding after the
aanvullingstermijn ran out) is "Ontvankelijkheid beoordelen" again. Against the strict stand-ins.
"""

from __future__ import annotations

from services.clock import today
from tests.integration.bezwaar_steps import bezwaar_tegen_buiten_behandeling
from tests.integration.test_beslissen_op_bezwaar import TAAK
from tests.integration.test_buiten_behandeling_mail import buiten_behandeling
from tests.integration.test_herroepen_op_bezwaar import GEGROND
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.test_publication_zaaktype_versie import World, world  # noqa: F401 (fixture)


def _statuses(w: World, reference: str) -> list[tuple[str, str]]:
    """The zaak's statuses in Open Zaak, in their order: (statustype omschrijving, day set)."""
    zaak = w.zaak(reference)
    found = [s for s in w.zgw.collection("statussen") if s["zaak"] == zaak["url"]]
    found.sort(key=lambda s: str(s["datumStatusGezet"]))
    return [
        (w.catalogi.objects[s["statustype"]]["omschrijving"], str(s["datumStatusGezet"])[:10]) for s in found
    ]


def test_a_zaak_put_buiten_behandeling_is_in_its_bezwaartermijn_from_the_besluit_day(
    world: World,  # noqa: F811 (fixture)
    clock,
    locatie,  # noqa: F811
) -> None:
    w = world
    z = Omgeving(w.platform, clock, locatie)
    z.start(email="jansen@voorbeeld.nl")
    buiten_behandeling(z)
    besluit_dag = today(z.clock).isoformat()
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    assert [name for name, _ in _statuses(w, z.ref)] == [
        "Aanvraag ontvangen",
        "Ontvankelijkheid beoordelen",
        "Aanvulling gevraagd",
        "Ontvankelijkheid beoordelen",  # the aanvullingstermijn ran out: the officer decides (Awb 4:5)
        "Bezwaar- en beroepstermijn",
    ]
    assert _statuses(w, z.ref)[-1][1] == besluit_dag
    assert len(w.zgw.collection("besluiten")) == 1
    assert w.zaak(z.ref).get("einddatum") is None

    assert z.later(days=70)["status"] == "afgerond"  # past the bezwaartermijn and its post week
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    assert [name for name, _ in _statuses(w, z.ref)][-2:] == ["Bezwaar- en beroepstermijn", "Afgerond"]
    [zaakresultaat] = w.zgw.collection("resultaten")
    assert w.catalogi.objects[zaakresultaat["resultaattype"]]["omschrijving"] == "Buiten behandeling gesteld"
    w.own_types(z.ref)


def test_a_herroepen_buitenbehandelingstelling_takes_the_zaak_back_to_advies_en_beoordeling(
    world: World,  # noqa: F811 (fixture)
    clock,
    locatie,  # noqa: F811
) -> None:
    w = world
    z = Omgeving(w.platform, clock, locatie)
    bezwaar_tegen_buiten_behandeling(z)
    dag = today(z.clock).isoformat()
    z.doe("jet", TAAK, {**GEGROND, "beslist_op": dag, "nieuw_besluit": "behandelen"})
    w.deliver()
    assert [s for s in w.states() if s[1] != "afgeleverd"] == []
    assert [name for name, _ in _statuses(w, z.ref)][-3:] == [
        "Bezwaar- en beroepstermijn",
        "Bezwaar- en beroepstermijn",  # the bezwaar is registered and handled ("bezwaar of beroep")
        "Advies en beoordeling",
    ]
    assert _statuses(w, z.ref)[-1][1] == dag
    w.own_types(z.ref)
