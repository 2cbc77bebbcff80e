"""Beheer's "opnieuw" of a given-up mail to an account that no longer exists is refused, face and API
alike, with the reason; "alle opgegeven opnieuw" leaves such mails and says why (smalls4, 4). Before, it
was offered again, to the deleted account's old address."""

from __future__ import annotations

from tests.e2e.test_faces_afleveringen_blocked import given_up_mail, retried_by_the_api, retried_on_the_page


def test_a_mail_to_a_deleted_account_is_not_offered_again_and_beheer_reads_why(
    browser_for, faces_app, faces_platform, start_case
) -> None:
    """The face, then the API (the mail is still given up after the face refused it)."""
    mail = given_up_mail(faces_platform, start_case()["id"], "oud-collega")  # no account has that name
    one, page = retried_on_the_page(browser_for("bea"), mail)
    assert "kan niet opnieuw worden aangeboden: het account oud-collega bestaat niet meer" in one
    assert "1 mail aan een account is niet opnieuw aangeboden: dat account bestaat niet meer" in page
    assert "Er zijn geen opgegeven afleveringen" not in page
    refused, every = retried_by_the_api(faces_app, mail)
    problem = refused.get_json()
    assert (refused.status_code, refused.content_type) == (409, "application/problem+json")
    assert problem["code"] == "aflevering-account-verwijderd" and "bestaat niet meer" in problem["detail"]
    assert every.get_json() == {"opnieuw": 0, "verwijderd": 1}
