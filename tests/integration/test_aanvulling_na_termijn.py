"""An aanvulling that arrives after the aanvullingstermijn, while 'Besluit buiten behandeling stellen' is
still to be decided, is taken into account (review initiator11, finding 1).

Awb 4:5 lid 1 gives a power ("kan besluiten de aanvraag niet te behandelen"), not a duty: an aanvulling
received before that besluit is taken into account. It was refused with 409 "Er is op dit moment geen
aanvulling nodig." and nothing was stored; the Juridisch task could only put the aanvraag aside. Now an
interrupting aanvulling boundary on that task withdraws it and the aanvraag goes back to the ontvankelijkheid
check with the aanvulling. The suspension is handled as for an aanvulling in time: it ends on receipt, but at
the latest on the term's last day (Awb 4:15 lid 1 sub a), so a late one leaves it ended on 16 March.

Dates: aanvulling asked on Monday 2 March 2026 with 14 days (up to and including 16 March); the timer
fires at the end of 16 March; the regulier term then ends on 11 May (27 April + 14 days).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from processes.errors import Conflict
from services import beheer, cases, deployments, inbox, initiators, users
from services.clock import FixedClock, today
from services.documents.besluit import finalise_as_given
from services.documents.public import PublicFile
from services.platform import Platform
from services.status import letters, messages, view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import ROOT, Omgeving
from tests.sql_statements import statements
from web import create_app

z, locatie = ov.z, ov.locatie

#: the permit model before the aanvulling boundary on 'Besluit buiten behandeling stellen'
MODEL_2026_12_06 = ROOT / "tests" / "fixtures" / "bpmn" / "omgevingsvergunning_2026-12-06.bpmn"


def _wacht_op_buiten_behandeling(z: Omgeving, **start: Any) -> str:
    code = z.start(**start)["volgcode"]
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {
            "compleet": False,
            "ontbrekend": "bouwtekening",
            "aanvullingstermijn_dagen": 14,
            "gevraagde_documenten": ["bijlage"],
        },
    )
    case = z.later(days=15)  # Tuesday 17 March: the term ended on 16 March
    assert case["fase"] == "buiten behandeling"
    return code


def _tekening() -> list[PublicFile]:
    return [PublicFile("tekening.pdf", io.BytesIO(pdf("tekening")), "bijlage")]


def test_a_late_aanvulling_before_the_buitenbehandelingstelling_is_taken_into_account(z: Omgeving) -> None:
    code = _wacht_op_buiten_behandeling(z)
    taak = z.taak("jet", "Besluit buiten behandeling")
    inbox.claim(z.p, taak["id"], "jet")
    status = view.public_status(z.p, code)
    [actie] = [a for a in status["acties"] if a["bericht"] == "aanvulling"]
    assert actie["verwacht"] is True and status["gevraagde_documenten"]
    with pytest.raises(Exception) as onvolledig:  # still only with the requested drawing
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Zonder tekening."})
    assert getattr(onvolledig.value, "code", "") == "aanvulling-onvolledig"

    messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Hierbij de tekening."}, _tekening())

    case = z.zaak()
    assert case["status"] == "lopend" and case["fase"] == "ontvankelijkheid"
    assert ov.namen(case["open_taken"]) == ["Ontvankelijkheid beoordelen"]
    assert z.taken("jet") == []
    # the suspension stays ended on the term's last day: the beslistermijn ran again from 17 March
    assert case["opschorting"]["opgeschorte_dagen"] == 14 and case["opschorting"]["indicatie"] is False
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-11"
    # the Juridisch officer sees the task was withdrawn: its row is vervallen, with a line in the history
    with pytest.raises(Conflict) as vervallen:
        cases.complete_task(z.p, taak["id"], "jet", {})
    assert "vervallen" in vervallen.value.detail
    intern = [e["tekst"] for e in case["tijdlijn"] if not e["publiek"]]
    assert any("Taak 'Besluit buiten behandeling stellen' ingetrokken" in t for t in intern), intern
    publiek = [e["tekst"] for e in case["tijdlijn"] if e["publiek"]]
    assert "Uw aanvulling is ontvangen" in publiek
    assert any("Aanvulling ontvangen op 17 maart 2026" in t and "meegenomen" in t for t in publiek)
    s = view.public_status(z.p, code)
    assert [(d["titel"], d["soort"]) for d in s["documenten"]] == [("tekening", "Bijlage of tekening")]

    # the officer judges the aanvraag with the aanvulling: complete, the normal path goes on
    case = z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    assert case["fase"] == "advies en beoordeling"


def test_a_late_aanvulling_after_the_buitenbehandelingstelling_letter_is_final_is_refused(
    z: Omgeving,
) -> None:
    """Once the Juridisch officer made the letter 'buiten behandeling' final in the task, the besluit is
    taken and a final letter is not removed: a late aanvulling is refused in Dutch and stores nothing, the
    task stays and completes with that letter. It was taken: the task withdrawn, the case back at the
    ontvankelijkheid check while it held a final, sent buitenbehandelingstelling."""
    code = _wacht_op_buiten_behandeling(z)
    taak = z.taak("jet", "Besluit buiten behandeling")
    inbox.claim(z.p, taak["id"], "jet")
    gegevens = finalise_as_given(z.p, z.ref, "jet", {"toelichting": "Geen aanvulling."}, op=date(2026, 3, 17))

    geweigerd = z.geweigerd(
        "aanvulling-na-besluit", lambda: z.bericht("aanvulling", {"aanvulling_tekst": "Post."})
    )
    assert "buiten behandeling te stellen" in geweigerd.detail and "17 maart 2026" in geweigerd.detail
    with pytest.raises(Conflict) as publiek:  # the applicant on the status page, with the drawing
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Hierbij de tekening."}, _tekening())
    assert publiek.value.code == "aanvulling-na-besluit"
    assert [d["titel"] for d in view.public_status(z.p, code)["documenten"]] == [
        "Besluit (buiten behandeling) Z-2026-000001"
    ]
    case = z.zaak()
    assert case["fase"] == "buiten behandeling"
    assert ov.namen(case["open_taken"]) == ["Besluit buiten behandeling stellen"]

    case = cases.complete_task(z.p, taak["id"], "jet", gegevens)
    assert case["fase"] == "buiten behandeling gesteld"
    assert case["samenvatting"]["rechtsmiddel"]["soort"] == "bezwaar"


def test_the_status_page_no_longer_offers_an_aanvulling_once_the_buitenbehandelingstelling_letter_is_final(
    z: Omgeving,
) -> None:
    """The page offered 'Aanvulling indienen' with its form after the letter putting the aanvraag aside was
    final: the applicant learnt only on sending, after the files were uploaded (and withdrawn again), that
    it was refused (aanvulling-na-besluit). The page follows that refusal's rule and says its words instead
    of the form; sending anyway (a page opened before) is refused before anything is stored."""
    code = _wacht_op_buiten_behandeling(z)
    inbox.claim(z.p, z.taak("jet", "Besluit buiten behandeling")["id"], "jet")
    assert _aanvulling(z, code)["verwacht"] is True  # no letter yet: still taken
    finalise_as_given(z.p, z.ref, "jet", {"toelichting": "Geen aanvulling."}, op=date(2026, 3, 17))

    actie = _aanvulling(z, code)
    assert actie["verwacht"] is False
    assert actie["uitleg"].startswith(
        "Een aanvulling kan niet meer worden meegenomen: de gemeente heeft al besloten de aanvraag buiten "
        "behandeling te stellen (artikel 4:5 Awb), met de besluitbrief van 17 maart 2026."
    ), actie["uitleg"]
    page = create_app(z.p.settings, platform=z.p).test_client().get(f"/status/{code}").text
    formulier = page.split('id="actie-aanvulling"')[1].split("</form>")[0]
    assert 'id="aanvulling-tekst"' not in formulier and "besluitbrief van 17 maart 2026" in formulier
    before = snapshot(z.p)
    with pytest.raises(Conflict) as geweigerd:
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Hierbij de tekening."}, _tekening())
    assert geweigerd.value.code == "aanvulling-na-besluit"
    assert snapshot(z.p) == before


def test_mijn_aanvragen_no_longer_asks_for_the_aanvulling_once_the_buitenbehandelingstelling_letter_is_final(
    z: Omgeving,
) -> None:
    """'Mijn aanvragen' listed the aanvulling under "Gevraagd van u" after that letter, by the same rule as
    the status page's form; it follows the refusal too."""
    _wacht_op_buiten_behandeling(z, email="jansen@example.org")
    users.add_user(z.p, "jansen", role="initiatiefnemer", email="jansen@example.org")
    assert _gevraagd(z, "jansen") == ["aanvulling"]
    inbox.claim(z.p, z.taak("jet", "Besluit buiten behandeling")["id"], "jet")
    finalise_as_given(z.p, z.ref, "jet", {"toelichting": "Geen aanvulling."}, op=date(2026, 3, 17))
    assert _gevraagd(z, "jansen") == []


def test_mijn_aanvragen_reads_the_final_letters_of_all_its_cases_at_once(z: Omgeving) -> None:
    """'Mijn aanvragen' read each waiting case's final letter on its own (two statements a case: its
    summary, then the letter) to leave out what the letter closes. Three cases waiting for an aanvulling,
    the last with its buitenbehandelingstelling's letter final: the letters of all three in one statement,
    each case still with its own."""
    for _ in range(3):
        _wacht_op_buiten_behandeling(z, email="jansen@example.org")
    users.add_user(z.p, "jansen", role="initiatiefnemer", email="jansen@example.org")
    inbox.claim(z.p, z.taak("jet", "Besluit buiten behandeling")["id"], "jet")
    finalise_as_given(z.p, z.ref, "jet", {"toelichting": "Geen aanvulling."}, op=today(z.clock))

    with statements(z.p) as sent:
        zaken = initiators.my_cases(z.p, "jansen")["zaken"]
    gevraagd = {c["zaak"]: [v["bericht"] for v in c["verzoeken"]] for c in zaken}
    assert len(gevraagd) == 3 and gevraagd.pop(z.ref) == []
    assert list(gevraagd.values()) == [["aanvulling"], ["aanvulling"]]
    letter_reads = [sql for sql in sent if "document.besluit_uitkomst IS NOT NULL" in sql]
    assert len(letter_reads) == 1, letter_reads


def test_sending_an_aanvulling_reads_the_final_letter_once_before_its_step(z: Omgeving) -> None:
    """Sending an aanvulling asked whether the case takes it, and then which messages it takes, each with a
    read of the final letter of its own: three reads with the step's. Now one before the step, and the
    step's own (which refuses the aanvulling after that letter)."""
    code = _wacht_op_buiten_behandeling(z)
    with statements(z.p) as sent:
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Hierbij de tekening."}, _tekening())
    letter_reads = [sql for sql in sent if "document.besluit_uitkomst IS NOT NULL" in sql]
    assert len(letter_reads) == 2, letter_reads
    assert z.zaak()["fase"] == "ontvankelijkheid"  # taken


ZIENSWIJZE = {"tekst": "Ik ben het er niet mee eens."}


def test_a_message_not_expected_no_longer_names_the_aanvulling_once_that_letter_is_final(z: Omgeving) -> None:
    """The refusal of a message the case does not take (bericht-niet-verwacht) lists what it does take
    (``verwacht``); after the letter putting the aanvraag aside was final that list still named the aanvulling,
    which is refused (aanvulling-na-besluit). The list follows that refusal's rule, on the status page and
    in a message to the case (the API's)."""
    code = _wacht_op_buiten_behandeling(z)
    inbox.claim(z.p, z.taak("jet", "Besluit buiten behandeling")["id"], "jet")
    publiek = z.geweigerd(
        "bericht-niet-verwacht", lambda: messages.send_public_message(z.p, code, "zienswijze", ZIENSWIJZE)
    )
    assert "aanvulling" in publiek.extra["verwacht"]  # no letter yet: still taken
    intern = z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("zienswijze"))
    assert "aanvulling" in intern.extra["verwacht"]
    finalise_as_given(z.p, z.ref, "jet", {"toelichting": "Geen aanvulling."}, op=date(2026, 3, 17))

    publiek = z.geweigerd(
        "bericht-niet-verwacht", lambda: messages.send_public_message(z.p, code, "zienswijze", ZIENSWIJZE)
    )
    # nor the intrekking: the letter's step refuses it too (intrekking-na-besluit)
    assert publiek.extra["verwacht"] == [], publiek.extra
    intern = z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("zienswijze"))
    assert "aanvulling" not in intern.extra["verwacht"] and "intrekking" not in intern.extra["verwacht"]


def test_the_case_page_no_longer_lists_or_offers_the_aanvulling_once_that_letter_is_final(
    z: Omgeving,
) -> None:
    """The case page's "Verwachte berichten" and its form to register a letter that came by post follow the
    status page's rule (services.status.letters.expected): after that letter an aanvulling by post is
    refused (aanvulling-na-besluit), so it is neither listed nor offered."""
    _wacht_op_buiten_behandeling(z)
    case_id = z.zaak()["id"]
    users.add_user(z.p, "bram", groups=["Vergunningen"], role="vergunningverlener")  # registers post
    inbox.claim(z.p, z.taak("jet", "Besluit buiten behandeling")["id"], "jet")
    assert "Aanvulling" in letters.expected_in_words(z.p, case_id)
    assert "aanvulling" in [b["naam"] for b in letters.offered(z.p, z.ref, "bram").letters]
    finalise_as_given(z.p, z.ref, "jet", {"toelichting": "Geen aanvulling."}, op=date(2026, 3, 17))

    # nor the intrekking: the letter's step refuses it too (intrekking-na-besluit)
    assert letters.expected_in_words(z.p, case_id) == []
    assert [b["naam"] for b in letters.offered(z.p, z.ref, "bram").letters] == []


def _gevraagd(z: Omgeving, account: str) -> list[str]:
    [zaak] = [c for c in initiators.my_cases(z.p, account)["zaken"] if c["zaak"] == z.ref]
    return [v["bericht"] for v in zaak["verzoeken"]]


def _aanvulling(z: Omgeving, code: str) -> dict[str, Any]:
    [actie] = [a for a in view.public_status(z.p, code)["acties"] if a["bericht"] == "aanvulling"]
    return actie


def test_a_late_letter_registered_by_the_behandelaar_is_taken_too(z: Omgeving) -> None:
    """By post: the behandelaar registers it with its receipt day. One received within the term but
    registered after it ends the suspension on that day, as it would have in time."""
    _wacht_op_buiten_behandeling(z)
    case = z.bericht("aanvulling", {"ontvangen_op": "2026-03-12", "aanvulling_tekst": "Per post."})
    assert case["fase"] == "ontvankelijkheid"
    assert case["opschorting"]["periodes"][-1]["tot"] == "2026-03-12"
    assert case["opschorting"]["opgeschorte_dagen"] == 9  # 3 t/m 11 March: it ran again on 12 March
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-06"  # 27 April + 9 days


def test_a_late_aanvulling_dated_before_the_request_is_refused(z: Omgeving) -> None:
    _wacht_op_buiten_behandeling(z)
    z.geweigerd("opschorting-omgekeerd", lambda: z.bericht("aanvulling", {"ontvangen_op": "2026-03-01"}))
    assert z.zaak()["fase"] == "buiten behandeling"


def test_without_an_aanvulling_the_aanvraag_is_still_put_aside(z: Omgeving) -> None:
    _wacht_op_buiten_behandeling(z)
    case = z.doe("jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling ontvangen."})
    # a besluit open to bezwaar: the case waits for its bezwaartermijn and post week (review archief15 F2)
    assert case["status"] == "lopend"
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("aanvulling", {}))
    case = z.later(days=70)
    assert case["status"] == "afgerond"
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("aanvulling", {}))


def test_a_case_waiting_for_the_buitenbehandelingstelling_under_the_previous_model_is_not_migrated(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The task got the aanvulling boundary: a task already open cannot get one, so the migration refuses
    the case in Dutch and it stays on its version; a case elsewhere migrates."""
    oud = met_oud_model(platform, clock, locatie, MODEL_2026_12_06, monkeypatch)
    _wacht_op_buiten_behandeling(oud)
    wachtend = oud.ref
    oud.start()  # a second case, at the ontvankelijkheid check
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == [oud.ref]
    [geweigerd] = result["geweigerd"]
    assert geweigerd["zaak"] == wachtend and "randgebeurtenis" in geweigerd["reden"]
    assert "Besluit buiten behandeling stellen" in geweigerd["reden"]
    assert oud.clock.now().date() == date(2026, 3, 17)
