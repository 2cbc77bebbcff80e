"""Beheer's "opnieuw" of a given-up mail to a blocked account (a leaver's) is refused, face and API alike,
with the reason; "alle opgegeven opnieuw" leaves such mails and says why (outside tester, reminders 2)."""

from __future__ import annotations

from typing import Any

from services import account_block, outbox

MAIL = {"soort": "termijn", "aan": "eva@ruimtedal.example", "onderwerp": "Termijn", "tekst": "Tekst."}


def given_up_mail(platform: Any, case_id: int, account: str) -> int:
    """A mail of the case to ``account``, given up (its address refused). Its id."""
    with platform.uow() as uow:
        mail = outbox.enqueue(uow.session, "email", case_id, "termijn", {**MAIL, "gebruiker": account}).id
        uow.commit()

    def refuse(message: outbox.Message) -> None:
        raise outbox.DeliveryFailed("550 mailbox unavailable", retryable=False)

    outbox.deliver_due(platform, handlers={"email": refuse})
    return mail


def _given_up_mail_to_blocked_eva(platform: Any, case_id: int) -> int:
    mail = given_up_mail(platform, case_id, "eva")
    account_block.block(platform, "eva", reden="uit dienst")
    return mail


def retried_on_the_page(bea: Any, mail: int) -> tuple[str, str]:
    """Beheer's pages after offering ``mail`` again, then after "alle opgegeven opnieuw" (face)."""
    assert bea.post(f"/beheer/afleveringen/{mail}/opnieuw").status_code == 302
    one = bea.get("/beheer/afleveringen").text
    assert bea.post("/beheer/afleveringen/opnieuw").status_code == 302
    return one, bea.get("/beheer/afleveringen").text


def retried_by_the_api(app: Any, mail: int) -> tuple[Any, Any]:
    """The API's answers to offering ``mail`` again, then to offering every given-up message again."""
    client, bea = app.test_client(), {"Authorization": "Bearer demo-bea"}
    refused = client.post(f"/api/v1/beheer/afleveringen/{mail}/opnieuw", headers=bea)
    return refused, client.post("/api/v1/beheer/afleveringen/opnieuw", headers=bea, json={})


def test_the_beheer_page_says_why_a_mail_to_a_blocked_account_is_not_offered_again(
    browser_for, faces_platform, start_case
) -> None:
    mail = _given_up_mail_to_blocked_eva(faces_platform, start_case()["id"])
    one, page = retried_on_the_page(browser_for("bea"), mail)
    assert "kan niet opnieuw worden aangeboden: het account eva is geblokkeerd" in one
    assert "1 mail aan een geblokkeerd account is niet opnieuw aangeboden" in page
    assert "0 opgegeven" not in page and "Er zijn geen opgegeven afleveringen" not in page


def test_the_api_refuses_it_as_problem_json(faces_app, faces_platform, start_case) -> None:
    mail = _given_up_mail_to_blocked_eva(faces_platform, start_case()["id"])
    refused, every = retried_by_the_api(faces_app, mail)
    assert refused.status_code == 409 and refused.content_type == "application/problem+json"
    assert refused.get_json()["code"] == "aflevering-geblokkeerd"
    assert every.status_code == 200 and every.get_json() == {"opnieuw": 0, "geblokkeerd": 1}
