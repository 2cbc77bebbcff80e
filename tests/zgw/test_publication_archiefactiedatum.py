"""A zaak closed just after midnight Dutch time is dated for archiving from its Dutch einddatum, as `zaken
opschonen` dates the case (review zgw17 F2).

Open Zaak 1.30 takes the zaak's einddatum from the eindstatus's date as sent (the Dutch day) but counts the
archiefactiedatum from its UTC date (zaken/brondatum.py): most permits close ~00:01 Dutch time (the
bezwaartermijn's timer), so the zaak was due a day before Ruimteflow's own date. Ruimteflow now gives the zaak
its startdatumBewaartermijn (the Dutch day), archiefnominatie and archiefactiedatum before the eindstatus;
the strict stand-in counts as Open Zaak does."""

from __future__ import annotations

from datetime import date

from services.bewaren.termijn import vervallen
from services.bewaren.uitspraak import vastleggen
from tests.integration.bezwaar_steps import beroep_na_weigering
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.test_publication_zaaktype_versie import World, world  # noqa: F401 (fixture)


def test_a_zaak_closed_after_midnight_dutch_time_is_dated_from_its_dutch_einddatum(
    world: World,  # noqa: F811 (fixture)
    clock,
    locatie,  # noqa: F811
) -> None:
    z = Omgeving(world.platform, clock, locatie)
    z.start()
    z.later(hours=14, minutes=30)  # 2026-03-02 23:30 UTC: 00:30 on 3 March, Dutch time
    assert z.bericht("intrekking", {})["status"] == "afgerond"
    world.deliver()
    assert [s for s in world.states() if s[1] != "afgeleverd"] == []
    zaak = world.zaak(z.ref)
    assert zaak["einddatum"] == "2026-03-03"
    [due] = list(vervallen(world.platform, date(2100, 1, 1)))  # as `zaken opschonen` dates the case
    assert due.gesloten_op.isoformat() == zaak["startdatumBewaartermijn"] == "2026-03-03"
    assert zaak["archiefactiedatum"] == (due.bewaren_tot or due.overbrengen_op).isoformat()
    assert zaak["archiefnominatie"] == due.resultaattype.archiefnominatie


def test_a_zaak_closed_on_a_beroep_is_undated_until_the_uitspraak_as_zaken_opschonen_keeps_it(
    world: World,  # noqa: F811 (fixture)
    clock,
    locatie,  # noqa: F811
) -> None:
    """Open Zaak dated a zaak closed on a beroep from its closing day, while `zaken opschonen` keeps the case
    undated ("beroep aanhangig") until the court's uitspraak is recorded; recording it sent nothing. Now the
    zaak loses Open Zaak's dates at its end and gets those of the uitspraak once it is recorded."""
    z = Omgeving(world.platform, clock, locatie)
    beroep_na_weigering(z)
    world.deliver()
    assert [s for s in world.states() if s[1] != "afgeleverd"] == []
    zaak = world.zaak(z.ref)
    assert zaak["einddatum"] is not None and zaak["archiefnominatie"]
    assert (zaak["startdatumBewaartermijn"], zaak["archiefactiedatum"]) == (None, None)
    [due] = list(vervallen(world.platform, date(2100, 1, 1)))
    assert "beroep aanhangig" in due.onbekend

    z.later(days=30)
    op = z.clock.now().date()
    vastleggen(world.platform, z.ref, op.isoformat(), "jurist")
    world.deliver()
    assert [s for s in world.states() if s[1] != "afgeleverd"] == []
    zaak = world.zaak(z.ref)
    [due] = list(vervallen(world.platform, date(2100, 1, 1)))  # as `zaken opschonen` dates it now
    assert zaak["startdatumBewaartermijn"] == due.brondatum.isoformat() == op.isoformat()
    assert zaak["archiefactiedatum"] == (due.bewaren_tot or due.overbrengen_op).isoformat()
