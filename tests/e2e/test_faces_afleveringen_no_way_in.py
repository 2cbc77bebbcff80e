"""Beheer's "opnieuw" of a given-up mail to an account nobody can log in to (neither password nor token,
not blocked) is refused, face and API alike, with the reason; "alle opgegeven opnieuw" leaves such mails
and says why (recip, 1)."""

from __future__ import annotations

from typing import Any

from services import users
from tests.e2e.test_faces_afleveringen_blocked import given_up_mail, retried_by_the_api, retried_on_the_page


def _given_up_mail_to_ruud(platform: Any, case_id: int) -> int:
    """A mail to ruud, given up; ruud has an address but neither password nor API token."""
    users.add_user(platform, "ruud", email="ruud@ruimtedal.example", groups=["Vergunningen"], met_token=False)
    return given_up_mail(platform, case_id, "ruud")


def test_the_beheer_page_says_why_a_mail_to_an_account_nobody_can_log_in_to_is_not_offered_again(
    browser_for, faces_platform, start_case
) -> None:
    mail = _given_up_mail_to_ruud(faces_platform, start_case()["id"])
    pages = retried_on_the_page(browser_for("bea"), mail)
    assert [
        "kan niet opnieuw worden aangeboden: op het account ruud kan niemand inloggen" in pages[0],
        "1 mail is niet opnieuw aangeboden: op het account kan niemand inloggen" in pages[1],
        "Er zijn geen opgegeven afleveringen" in pages[1],
    ] == [True, True, False]


def test_the_api_refuses_it_as_problem_json(faces_app, faces_platform, start_case) -> None:
    mail = _given_up_mail_to_ruud(faces_platform, start_case()["id"])
    refused, every = retried_by_the_api(faces_app, mail)
    assert (refused.status_code, refused.get_json()["code"]) == (409, "aflevering-niet-inlogbaar")
    assert refused.content_type == "application/problem+json"
    assert every.status_code == 200 and every.get_json() == {"opnieuw": 0, "niet_inlogbaar": 1}
