"""Beheer's "opnieuw" of a given-up mail to a blocked account (a leaver's) is refused, face and API alike,
with the reason; "alle opgegeven opnieuw" leaves such mails and says why (outside tester, reminders 2)."""

from __future__ import annotations

from typing import Any

from services import account_block, outbox

MAIL = {"soort": "termijn", "aan": "eva@ruimtedal.example", "onderwerp": "Termijn", "tekst": "Tekst."}


def _given_up_mail_to_blocked_eva(platform: Any, case_id: int) -> int:
    with platform.uow() as uow:
        mail = outbox.enqueue(uow.session, "email", case_id, "termijn", {**MAIL, "gebruiker": "eva"}).id
        uow.commit()

    def refuse(message: outbox.Message) -> None:
        raise outbox.DeliveryFailed("550 mailbox unavailable", retryable=False)

    outbox.deliver_due(platform, handlers={"email": refuse})
    account_block.block(platform, "eva", reden="uit dienst")
    return mail


def test_the_beheer_page_says_why_a_mail_to_a_blocked_account_is_not_offered_again(
    browser_for, faces_platform, start_case
) -> None:
    mail = _given_up_mail_to_blocked_eva(faces_platform, start_case()["id"])
    bea = browser_for("bea")
    assert bea.post(f"/beheer/afleveringen/{mail}/opnieuw").status_code == 302
    page = bea.get("/beheer/afleveringen").text
    assert "kan niet opnieuw worden aangeboden: het account eva is geblokkeerd" in page
    assert bea.post("/beheer/afleveringen/opnieuw").status_code == 302
    page = bea.get("/beheer/afleveringen").text
    assert "1 mail aan een geblokkeerd account is niet opnieuw aangeboden" in page
    assert "0 opgegeven" not in page and "Er zijn geen opgegeven afleveringen" not in page


def test_the_api_refuses_it_as_problem_json(faces_app, faces_platform, start_case) -> None:
    mail = _given_up_mail_to_blocked_eva(faces_platform, start_case()["id"])
    client, bea = faces_app.test_client(), {"Authorization": "Bearer demo-bea"}
    refused = client.post(f"/api/v1/beheer/afleveringen/{mail}/opnieuw", headers=bea)
    assert refused.status_code == 409 and refused.content_type == "application/problem+json"
    assert refused.get_json()["code"] == "aflevering-geblokkeerd"
    every = client.post("/api/v1/beheer/afleveringen/opnieuw", headers=bea, json={})
    assert every.status_code == 200 and every.get_json() == {"opnieuw": 0, "geblokkeerd": 1}
