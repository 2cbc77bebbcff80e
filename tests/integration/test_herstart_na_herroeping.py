"""Review sessie16 herroep16b: after a beslissing op bezwaar herroept a buitenbehandelingstelling and takes the
aanvraag back to the assessment in the same case (``behandelen``, 5292246), nothing of the handling before
may act as if it still stood.

F1: the herroepen buitenbehandelingstelling's letter stayed the case's final besluit (StepReads.final_besluit,
the latest final letter): the aanvrager could no longer withdraw the aanvraag (409 intrekking-na-besluit "Op
deze aanvraag is al besloten"), and 'Besluit nemen' without a new letter was refused as if the besluit read
'buiten_behandeling'. Only a letter made after the herstart counts (CaseSummary.herroepen_brief).

F2: the bezwaren joined in the first round stayed in the case's ``gevoegde_bezwaren`` and ``bezwaren``: the
beslissing on a bezwaar against the new besluit said "op de 2 gevoegde bezwaren beslist" and mailed the
neighbour who objected to the buitenbehandelingstelling. The first bezwaar of a round clears them
(services.domain.bezwaar); the first round's mails still go out.

F3: the dwangsom set at the buitenbehandelingstelling stayed the case's ``dwangsom``: once the new beslistermijn
had passed the status page said the gemeente owed a dwangsom since 3 June, on the ingebrekestelling of 20 May,
and a new ingebrekestelling overwrote that settled record. The herstart keeps it as the term before's
(``herstart.dwangsom``), shown as set on the status page and the case page, never as running.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from processes.termijnen.datums import datum_nl
from services import case_queries, cases
from services.status import view
from services.status.messages import send_public_message
from services.waits import open_requests
from tests.integration.bezwaar_steps import (
    TAAK,
    bezwaar_tegen_buiten_behandeling,
    gegrond_beslissing,
    terug_in_behandeling,
)
from tests.integration.officer_client import officer_anna
from tests.integration.test_buiten_behandeling_mail import buiten_behandeling
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z  # noqa: F401

BUUR = "buur@example.org"


@pytest.mark.parametrize("door", ["statuspagina", "behandelaar"])
def test_the_aanvrager_may_withdraw_the_aanvraag_taken_back_in_handling(z: Omgeving, door: str) -> None:  # noqa: F811
    code = terug_in_behandeling(z)
    z.later(days=3)
    if door == "statuspagina":
        assert "intrekking" in {a.get("bericht") for a in view.public_status(z.p, code)["acties"]}
        send_public_message(
            z.p, code, "intrekking", {"tekst": "Ik trek mijn aanvraag in.", "bevestigd": True}
        )
    else:
        cases.send_message(z.p, z.ref, "intrekking", {})
    case = z.zaak()
    assert case["status"] == "afgerond" and not case.get("incident"), case.get("incident")
    assert case["samenvatting"]["resultaat"] == "aanvraag ingetrokken door de aanvrager"
    assert case["open_taken"] == []


def test_besluit_nemen_after_the_herstart_asks_for_a_letter_of_its_own(z: Omgeving) -> None:  # noqa: F811
    terug_in_behandeling(z)
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    taak = z.taak("tom", "Besluit nemen")["id"]
    z.lever("tom", "Besluit nemen")
    data = {"besluit": "verlenen", "motivering": "Past binnen het omgevingsplan."}
    fout = z.geweigerd("besluit-zonder-brief", lambda: cases.complete_task(z.p, taak, "tom", data))
    assert "Maak eerst het besluit definitief" in fout.detail, fout.detail
    case = z.doe("tom", "Besluit nemen", data)  # with its own letter
    assert case["samenvatting"]["besluit"]["besluit"] == "verlenen", case.get("incident")
    assert case["fase"] == "bezwaar- en beroepstermijn"


def _aan_buur(z: Omgeving) -> list[str]:  # noqa: F811
    return [m["onderwerp"] for m in z.mails() if m["aan"] == BUUR and m["soort"] == "beslissing_bezwaarmaker"]


def test_a_bezwaar_against_the_new_besluit_answers_only_its_own_round(z: Omgeving) -> None:  # noqa: F811
    code = bezwaar_tegen_buiten_behandeling(
        z
    )  # the aanvrager's bezwaar against the buitenbehandelingstelling
    dag = z.clock.now().date().isoformat()
    indiener = f"Buurman Esweg 20 ({BUUR})"
    z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": dag, "indiener": indiener, "inhoud": "Ook ik."})
    z.doe("jet", TAAK, gegrond_beslissing(z, "behandelen"))
    assert len(_aan_buur(z)) == 1  # the first round's beslissing reached the joined bezwaarmaker
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet niet."})
    z.doe("tom", "Besluit nemen", {"besluit": "weigeren", "motivering": "Past niet in het omgevingsplan."})
    z.later(days=5)
    send_public_message(z.p, code, "bezwaar", {"tekst": "Tegen de weigering."})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    dag = z.clock.now().date().isoformat()
    case = z.doe("jet", TAAK, {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": dag})
    assert case["status"] == "afgerond" and not case.get("incident"), case.get("incident")
    beslissing = case["samenvatting"]["gegevens"]["bezwaar_behandeling"]["beslissing"]
    assert beslissing["bezwaren"] == 1, beslissing
    lijnen = [t["tekst"] for t in z.zaak()["tijdlijn"] if t.get("publiek")]
    assert any(t.startswith(f"Op {_nl(dag)} is op het bezwaar beslist") for t in lijnen), lijnen
    assert len(_aan_buur(z)) == 1, "the neighbour objected to the buitenbehandelingstelling only"


def _nl(dag: str) -> str:
    return datum_nl(date.fromisoformat(dag))


def test_the_dwangsom_of_the_term_before_stays_set_and_a_new_one_runs_apart(z: Omgeving) -> None:  # noqa: F811
    code = str(z.start(email="jansen@example.org")["volgcode"])
    z.tekening_gevraagd()
    z.later(days=15)  # the aanvullingstermijn passed unused: the term runs to 11 May
    z.op(datetime(2026, 5, 20, 8, tzinfo=UTC))
    send_public_message(z.p, code, "ingebrekestelling", {"tekst": "Beslis.", "bevestigd": True})
    z.op(datetime(2026, 6, 10, 8, tzinfo=UTC))  # due since 3 June: set at the buitenbehandelingstelling
    z.doe("jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling ontvangen."})
    z.later(days=10)
    send_public_message(z.p, code, "bezwaar", {"tekst": "Ik had de tekening wel gestuurd."})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    z.doe("jet", TAAK, gegrond_beslissing(z, "behandelen"))  # 20 June: the new term runs to 17 August
    samenvatting = z.zaak()["samenvatting"]
    assert "dwangsom" not in samenvatting, samenvatting.get("dwangsom")
    eerder = samenvatting["herstart"]["dwangsom"]
    assert (eerder["status"], eerder["bedrag_euro"], eerder["ingebrekestelling_ontvangen"]) == (
        "vastgesteld",
        161,
        "2026-05-20",
    )
    z.op(datetime(2026, 8, 20, 8, tzinfo=UTC))  # the new term passed, no new ingebrekestelling yet
    page = view.public_status(z.p, code)
    toelichting = page["termijn"]["toelichting"]
    assert "20 mei 2026" not in toelichting, toelichting
    assert toelichting.endswith("U kunt de gemeente schriftelijk in gebreke stellen."), toelichting
    assert "€ 161" in (page["besluit"]["dwangsom"] or ""), page["besluit"]
    html = officer_anna(z).get(f"/zaken/{z.ref}").text
    assert 'id="dwangsom"' not in html  # nothing runs
    assert "Dwangsom vastgesteld op € 161 (7 dagen)." in html.split('id="dwangsom-eerder"', 1)[1][:300]

    send_public_message(z.p, code, "ingebrekestelling", {"tekst": "Beslis nu.", "bevestigd": True})
    z.op(datetime(2026, 9, 10, 8, tzinfo=UTC))
    samenvatting = z.zaak()["samenvatting"]
    assert samenvatting["dwangsom"]["ingebrekestelling_ontvangen"] == "2026-08-20"
    assert samenvatting["dwangsom"]["status"] == "loopt"
    assert samenvatting["herstart"]["dwangsom"] == eerder  # the first one's record stays
    with z.p.uow(write=False) as uow:
        lopend = open_requests.dwangsommen(uow.session)
    assert [(d["zaak"], d["start"]) for d in lopend] == [(z.ref, "2026-09-03")]
    assert (
        "Uw ingebrekestelling is ontvangen op 20 augustus 2026"
        in view.public_status(z.p, code)["termijn"]["toelichting"]
    )


def test_a_third_party_first_bezwaarmaker_is_mailed_the_beslissing_that_takes_the_aanvraag_back(
    z: Omgeving,  # noqa: F811
) -> None:
    """Review sessie16 herroep16c, A: the toezending recorded the neighbour who lodged the first bezwaar as
    mailed, but the model's script 'Aanvraag opnieuw in behandeling nemen' dropped the handling's state in
    the same step, and the mail was built from it after the step: no mail went out. The case keeps nr. 1's
    record with the herstart (``herstart.bezwaar``), shown to whom the bezwaar's own data are shown."""
    z.start(email="jansen@example.org")
    buiten_behandeling(z)
    z.later(days=10)
    dag = z.clock.now().date().isoformat()
    indiener = f"Buurman Esweg 20 ({BUUR})"
    z.bericht(
        "bezwaar", {"soort": "bezwaar", "ontvangen_op": dag, "indiener": indiener, "inhoud": "Bezwaar."}
    )
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    before = len(z.mails())
    case = z.doe("jet", TAAK, gegrond_beslissing(z, "behandelen"))
    assert case["fase"] == "advies en beoordeling" and not case.get("incident"), case.get("incident")
    new = [(m["aan"], m["soort"]) for m in z.mails()[before:]]
    assert new.count((BUUR, "beslissing_bezwaarmaker")) == 1, new
    assert [aan for aan, soort in new if soort == "beslissing_bezwaarmaker"] == [BUUR], new
    [regel] = [e for e in z.zaak()["tijdlijn"] if "7:12" in e["tekst"]]
    assert "per e-mail toegezonden aan de indiener van bezwaar nr. 1." in regel["tekst"], regel
    assert BUUR in str(case_queries.read_case(z.p, z.ref, "jet")["samenvatting"])  # the record stays
    assert BUUR not in str(case_queries.read_case(z.p, z.ref, "mila")), "an adviser sees no bezwaarmaker"
