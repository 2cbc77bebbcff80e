"""A permit application for which the provincie or the Rijk is bevoegd gezag is forwarded, not assessed.

Finding (several notes): the intake recorded bevoegd_gezag "provincie" or "rijk", and the gemeente then
assessed and decided the application anyway (a besluit by an authority that is not competent). Awb 2:3
lid 1: the gemeente forwards it without delay and tells the sender so at the same time. Dates as in
test_omgevingsvergunning: the clock starts on Monday 2 March 2026.
"""

from __future__ import annotations

from typing import Any

import pytest

from services import beheer, deployments
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from services.zgw.mapping import load_mapping
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_ingebrekestelling_na_besluit import MODEL_2026_12_05B
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie

GEDEPUTEERDE_STATEN = "Gedeputeerde Staten van Gelderland"
TEKST = (
    "Uw aanvraag is op 3 maart 2026 doorgezonden naar Gedeputeerde Staten van Gelderland. Voor deze "
    "aanvraag is de provincie bevoegd gezag, niet de gemeente (artikel 2:3 van de Algemene wet "
    "bestuursrecht). Gedeputeerde Staten van Gelderland behandelt uw aanvraag verder en beslist erover; "
    "de gemeente neemt er geen besluit op."
)


def test_an_application_for_the_provincie_is_forwarded_and_never_assessed(z: Omgeving) -> None:
    case = z.start(bevoegd_gezag="provincie", email="j.jansen@example.org")
    code = case["volgcode"]
    assert case["fase"] == "doorzenden" and case["status"] == "lopend"
    assert [t["naam"] for t in case["open_taken"]] == ["Aanvraag doorzenden naar de provincie"]
    taak = z.taak("anna", "Aanvraag doorzenden")
    assert taak["vervaldatum"] == "2026-03-04" and taak["wettelijke_termijn"] is None  # onverwijld
    # no procedure, no beslistermijn, no deadline watch (so no dwangsom), no ontvangstbevestiging with a term
    assert case["uiterlijkeEinddatumAfdoening"] is None and case["volgende_timer"] is None
    status = view.public_status(z.p, code)
    assert status["termijn"]["uiterste_beslisdatum"] is None
    assert status["huidige_fase"]["naam"] == "Doorgezonden naar bevoegd gezag"
    # before the forward too, the term and besluit texts say why there is no term (left by fixer gezag:
    # "geldt (nog) geen wettelijke beslistermijn" and "nog geen definitief besluit", as if one would come)
    assert "De provincie is het bevoegd gezag voor uw aanvraag" in status["termijn"]["toelichting"]
    assert (
        "nog geen" not in status["besluit"]["tekst"]
        and "De gemeente neemt geen besluit" in status["besluit"]["tekst"]
    )
    assert z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("ingebrekestelling", {})).status == 409

    z.later(days=1)  # Tuesday 3 March
    ended = z.doe("anna", "Aanvraag doorzenden", {"ontvanger": f"  {GEDEPUTEERDE_STATEN} "})
    assert ended["status"] == "afgerond" and ended["open_taken"] == [] and ended["fase"] == "afgerond"
    summary = ended["samenvatting"]
    # the zaakregistratie closes the zaak with a resultaat too (left by fixer gezag: the end had none)
    assert summary["resultaat"] == "aanvraag doorgezonden naar het bevoegd gezag"
    assert (
        load_mapping().procedure("omgevingsvergunning").resultaat_for("einde_doorgezonden").key
        == "doorgezonden"
    )
    assert summary["doorgezonden"] == {
        "bevoegd_gezag": "provincie",
        "naar": GEDEPUTEERDE_STATEN,
        "op": "2026-03-03",
    }
    assert "besluit" not in summary and "dwangsom" not in summary and "rechtsmiddel" not in summary
    route = [e.get("element") for e in z.zaak()["tijdlijn"]]
    assert "doorzenden" in route
    for never in ("procedurekeuze", "termijn_berekenen", "ontvankelijkheid", "besluit"):
        assert never not in route

    status = view.public_status(z.p, code)
    assert TEKST in [e["tekst"] for e in status["tijdlijn"]]
    assert "besluit" not in " ".join(e["tekst"] for e in status["tijdlijn"]).replace("geen besluit", "")
    assert status["termijn"]["uiterste_beslisdatum"] is None and not status["termijn"]["besloten"]
    assert "doorgezonden naar Gedeputeerde Staten van Gelderland" in status["termijn"]["toelichting"]
    assert status["besluit"]["genomen"] is False and status["besluit"]["definitief"] is False
    assert status["besluit"]["tekst"].startswith("De gemeente neemt geen besluit op uw aanvraag.")
    # the step bar: received, forwarded, closed; never an assessment, a besluit or a bezwaartermijn
    assert [(f["naam"], f["stand"]) for f in status["fasen"]] == [
        ("Aanvraag ontvangen", "afgerond"),
        ("Doorgezonden naar bevoegd gezag", "afgerond"),
        ("Afgerond", "afgerond"),
    ]
    # the applicant is told at the same time (Awb 2:3 lid 1), by mail too
    soorten = [m["soort"] for m in z.mails()]
    assert soorten == ["ontvangst", "doorzending"]
    mail = z.mails()[-1]
    assert TEKST in " ".join(mail["tekst"].split()) and mail["aan"] == "j.jansen@example.org"
    assert "beslistermijn" not in z.mails()[0]["tekst"]


def test_the_rijk_is_named_in_the_task_and_the_gemeente_still_handles_its_own(z: Omgeving) -> None:
    case = z.start(bevoegd_gezag="rijk")
    assert [t["naam"] for t in case["open_taken"]] == ["Aanvraag doorzenden naar het Rijk"]
    z.ref = ""
    own = z.start(bevoegd_gezag="gemeente")
    assert own["fase"] == "ontvankelijkheid" and own["uiterlijkeEinddatumAfdoening"] == "2026-04-28"


def test_a_forward_without_receiver_or_on_a_wrong_day_is_refused(z: Omgeving) -> None:
    z.start(bevoegd_gezag="provincie", ontvangen="2026-02-27")
    doe = z.doe
    # a receiver of blanks is missing to the form itself (services.forms, processes.tekens.is_blank)
    fout = z.geweigerd("formulier-ongeldig", lambda: doe("anna", "Aanvraag doorzenden", {"ontvanger": "   "}))
    assert fout.detail == "Veld 'ontvanger' is verplicht."
    for dag in ("2026-03-03", "2026-02-26"):  # tomorrow; before the application was received
        fout = z.geweigerd(
            "doorzending-datum",
            lambda dag=dag: doe(
                "anna", "Aanvraag doorzenden", {"ontvanger": GEDEPUTEERDE_STATEN, "doorgezonden_op": dag}
            ),
        )
        assert "tussen de ontvangst van de aanvraag (27 februari 2026) en vandaag" in fout.detail
    ended = doe(
        "anna", "Aanvraag doorzenden", {"ontvanger": GEDEPUTEERDE_STATEN, "doorgezonden_op": "2026-02-27"}
    )
    assert ended["samenvatting"]["doorgezonden"]["op"] == "2026-02-27"


def test_an_application_withdrawn_before_it_is_forwarded_ends_as_withdrawn(z: Omgeving) -> None:
    """Review sessie9 (item 2 of fixer dwangsom4): an intrekking sent before the forward was refused (409
    bericht-niet-verwacht), so the gemeente had to forward an application its applicant no longer wanted.
    It ends the case as the rest of the permit does: withdrawn, without a forward and without a besluit."""
    z.start(bevoegd_gezag="provincie")
    z.later(days=1)  # Tuesday 3 March
    case = z.bericht("intrekking", {})
    assert case["status"] == "afgerond" and case["open_taken"] == []
    assert case["samenvatting"]["resultaat"] == "aanvraag ingetrokken door de aanvrager"
    public = [e["tekst"] for e in z.zaak()["tijdlijn"] if e["publiek"]]
    assert "De aanvrager heeft de aanvraag op 3 maart 2026 ingetrokken." in public
    assert not any("doorgezonden" in t for t in public)
    assert (
        load_mapping().procedure("omgevingsvergunning").resultaat_for("einde_ingetrokken").key
        == "ingetrokken"
    )


def test_an_intrekking_dated_before_the_application_is_refused_before_the_forward(z: Omgeving) -> None:
    z.start(bevoegd_gezag="rijk")
    z.geweigerd("intrekking-datum", lambda: z.bericht("intrekking", {"ontvangen_op": "2026-03-01"}))
    assert z.zaak()["fase"] == "doorzenden"


def test_a_case_waiting_to_be_forwarded_under_the_previous_model_is_not_migrated(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forward task got the intrekking boundary: a task already open cannot get one (the migration
    refuses it in Dutch); the case keeps its version and is forwarded there."""
    oud = met_oud_model(platform, clock, locatie, MODEL_2026_12_05B, monkeypatch)
    oud.start(bevoegd_gezag="provincie")
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == [] and "randgebeurtenis" in result["geweigerd"][0]["reden"]
    ended = oud.doe("anna", "Aanvraag doorzenden", {"ontvanger": GEDEPUTEERDE_STATEN})
    assert ended["status"] == "afgerond"
