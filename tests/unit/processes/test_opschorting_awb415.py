"""Awb 4:15 lid 1 (review termijn16, F1): the term stands still "met ingang van de dag na" the request "tot
de dag waarop de aanvraag is aangevuld of de daarvoor gestelde termijn ongebruikt is verstreken".

"Tot" excludes the day named, so the term runs again on the day the aanvulling arrives; an aanvullingstermijn
that passes unused has "verstreken" only after its last day, which the suspension covers. Dates: received
Monday 2 March 2026, so the plain end is Koningsdag 27 April; the request the same day, an aanvullingstermijn
of 14 days up to and including Monday 16 March.
"""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest

from processes.errors import ValidationError
from processes.termijnen import staat as t
from processes.termijnen import termijn_cli
from web.api import schemas

DAG = date(2026, 3, 2)


def _gevraagd() -> dict:
    return t.start_opschorting(t.start_termijn(DAG.isoformat(), "regulier", DAG), 14, DAG, reden="tekening")


def test_the_term_runs_again_on_the_day_of_the_aanvulling() -> None:
    s = t.einde_opschorting(_gevraagd(), "2026-03-07", date(2026, 3, 7))
    assert s["opgeschorte_dagen"] == 4 and s["uiterste_beslisdatum"] == "2026-05-01"  # not 5, Monday 4 May
    assert (
        t.periode_tekst(s["opschortingen"][-1])
        == "was opgeschort van 3 maart 2026 t/m 6 maart 2026 (4 dagen)"
    )
    # an aanvulling on the aanvullingstermijn's last day: that day runs again too
    op_de_laatste_dag = t.einde_opschorting(_gevraagd(), "2026-03-16", date(2026, 3, 16))
    assert op_de_laatste_dag["opgeschorte_dagen"] == 13
    assert t.projectie(op_de_laatste_dag)["opschorting"]["periodes"][0]["laatste_dag"] == "2026-03-15"
    # one the day after the request suspends nothing
    volgende_dag = t.einde_opschorting(_gevraagd(), "2026-03-03", date(2026, 3, 3))
    assert volgende_dag["opgeschorte_dagen"] == 0 and volgende_dag["uiterste_beslisdatum"] == "2026-04-28"
    assert t.periode_tekst(volgende_dag["opschortingen"][-1]) == "heeft geen dag stilgestaan"


def test_an_unused_aanvullingstermijn_suspends_through_its_last_day() -> None:
    lopend = _gevraagd()
    assert lopend["opgeschorte_dagen"] == 14  # provisional, as if it passes unused
    s = t.einde_opschorting(lopend, "2026-03-16", date(2026, 3, 17), verstreken=True)
    assert s["opschortingen"][-1]["verstreken"] is True
    assert s["opgeschorte_dagen"] == 14 and s["uiterste_beslisdatum"] == "2026-05-11"  # Sunday 10 May
    assert t.periode_tekst(s["opschortingen"][-1]).startswith(
        "was opgeschort van 3 maart 2026 t/m 16 maart 2026"
    )
    # a late aanvulling ends it there too
    assert t.einde_opschorting(lopend, "2026-03-20", date(2026, 3, 20))["opgeschorte_dagen"] == 14


def test_an_aanvulling_registered_after_the_term_closed() -> None:
    verlopen = t.einde_opschorting(_gevraagd(), "2026-03-16", date(2026, 3, 17), verstreken=True)
    # received on the term's last day, registered later: the term ran again on that day
    s = t.aanvulling_na_einde(verlopen, "2026-03-16", date(2026, 3, 18))
    assert s["opgeschorte_dagen"] == 13 and s["opschortingen"][-1]["verstreken"] is False
    # received after it: the suspension had ended with the term
    assert t.aanvulling_na_einde(verlopen, "2026-03-17", date(2026, 3, 18)) == t.bereken(
        verlopen, date(2026, 3, 18)
    )


def test_a_period_stored_before_keeps_its_count() -> None:
    """A closed period recorded without ``verstreken`` counted through ``tot``: a stored case keeps the
    deadline it was told, and a new request may still start on that day."""
    oud = {**t.start_termijn(DAG.isoformat(), "regulier", DAG)}
    oud["opschortingen"] = [{"van": "2026-03-02", "tot": "2026-03-07", "reden": "tekening"}]
    s = t.bereken(oud, date(2026, 3, 9))
    assert s["opgeschorte_dagen"] == 5 and s["uiterste_beslisdatum"] == "2026-05-04"
    periode = t.projectie(s)["opschorting"]["periodes"][0]
    assert periode["laatste_dag"] == "2026-03-07" and periode["dagen"] == 5
    volgende = t.start_opschorting(s, 7, date(2026, 3, 9), verzonden_op="2026-03-07")
    # its aanvullingstermijn: 14 March is a Saturday, so Monday 16 March; provisionally 8 t/m 16 March
    assert volgende["opgeschorte_dagen"] == 5 + 9


def test_the_cli_counts_as_the_law() -> None:
    """``ruimteflow termijn --opschorting VAN/TOT``: TOT the aanvulling's day; VAN/EINDE/verstreken for an
    aanvullingstermijn that passed unused, EINDE its last day."""
    vandaag = date(2031, 1, 1)
    aangevuld = termijn_cli("2026-03-02", "regulier", None, ["2026-03-02/2026-03-07"], vandaag)
    assert aangevuld["opgeschorte_dagen"] == 4 and aangevuld["uiterste_beslisdatum"] == "2026-05-01"
    verstreken = termijn_cli("2026-03-02", "regulier", None, ["2026-03-02/2026-03-16/verstreken"], vandaag)
    assert verstreken["opgeschorte_dagen"] == 14 and verstreken["uiterste_beslisdatum"] == "2026-05-11"
    with pytest.raises(ValidationError) as info:
        termijn_cli("2026-03-02", "regulier", None, ["2026-03-02/2026-03-16/vergeten"], vandaag)
    assert info.value.code == "ongeldige-opschorting" and "verstreken" in info.value.detail


def test_an_unused_term_is_checked_and_worded_as_given() -> None:
    """``VAN/EINDE/verstreken`` (review sessie16, F5): EINDE is checked against VAN as typed, not as the day
    after it, and a period that ended with an unused aanvullingstermijn is not worded as an aanvulling."""
    vandaag = date(2031, 1, 1)
    with pytest.raises(ValidationError) as info:
        termijn_cli("2026-03-02", "regulier", None, ["2026-03-02/2026-03-01/verstreken"], vandaag)
    assert info.value.code == "opschorting-omgekeerd"
    assert "De opschorting eindigt (1 maart 2026) vóór ze begint (2 maart 2026)" in info.value.detail
    zelfde_dag = termijn_cli("2026-03-02", "regulier", None, ["2026-03-02/2026-03-02/verstreken"], vandaag)
    assert zelfde_dag["opgeschorte_dagen"] == 0
    assert (
        "Aanvullingsverzoek op 2 maart 2026, aanvullingstermijn ongebruikt verstreken op 2 maart 2026: "
        "geen opschorting"
    ) in zelfde_dag["stappen"]
    assert not [s for s in zelfde_dag["stappen"] if "aanvulling op" in s]
    # an aanvulling the day after the request: as before
    aangevuld = termijn_cli("2026-03-02", "regulier", None, ["2026-03-02/2026-03-03"], vandaag)
    assert (
        "Aanvullingsverzoek op 2 maart 2026 en aanvulling op 3 maart 2026: geen opschorting"
        in (aangevuld["stappen"])
    )
    # a period the model stored before ``verstreken`` existed is neither (one of the same day counted nothing)
    oud = {**t.start_termijn(DAG.isoformat(), "regulier", DAG)}
    oud["opschortingen"] = [{"van": "2026-03-02", "tot": "2026-03-02", "reden": "tekening"}]
    stappen = t.bereken(oud, date(2026, 3, 9))["uitleg"]["stappen"]
    assert "Aanvullingsverzoek en einde van de opschorting op 2 maart 2026: geen opschorting" in stappen


def test_a_period_stored_before_is_not_called_unused() -> None:
    """A period recorded without ``verstreken`` (review sessie16, F6) may have ended with an aanvulling or
    an unused term: the projection and the API say null (unknown), not True (unused)."""
    oud = {**t.start_termijn(DAG.isoformat(), "regulier", DAG)}
    oud["opschortingen"] = [{"van": "2026-03-02", "tot": "2026-03-07", "reden": "tekening"}]
    opschorting = t.projectie(t.bereken(oud, date(2026, 3, 9)))["opschorting"]
    assert opschorting["periodes"][0]["verstreken"] is None
    jsonschema.validate(opschorting, schemas.SUSPENSION)
    nieuw = t.projectie(t.einde_opschorting(_gevraagd(), "2026-03-07", date(2026, 3, 7)))["opschorting"]
    assert nieuw["periodes"][0]["verstreken"] is False
    jsonschema.validate(nieuw, schemas.SUSPENSION)
    verlopen = t.einde_opschorting(_gevraagd(), "2026-03-16", date(2026, 3, 17), verstreken=True)
    assert t.projectie(verlopen)["opschorting"]["periodes"][0]["verstreken"] is True
