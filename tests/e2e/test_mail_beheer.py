"""Issue #16 item 4: without an SMTP host the mails are .eml files in instance/outbox/, shown in beheer."""

from __future__ import annotations

from services import cases, outbox
from services.channels import channel_handlers
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import log_in

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def test_beheer_shows_the_written_mails(app):
    platform = app.extensions["ruimteflow"]
    case = cases.start_case(
        platform, "kaart_status_vergunning", {"email": "coop@ruimtedal.example"}, title="Zonnedak sporthal"
    )
    assert outbox.deliver_due(platform, handlers=channel_handlers(platform)).afgeleverd == 1
    client = app.test_client()
    log_in(client, "bea")
    listing = client.get("/beheer/mail")
    assert listing.status_code == 200
    assert f"Ontvangstbevestiging aanvraag {case['zaak']}" in listing.text
    assert "coop@ruimtedal.example" in listing.text
    name = sorted((platform.settings.instance_dir / "outbox").glob("*.eml"))[0].name
    shown = client.get(f"/beheer/mail/{name}")
    # the beheerder never gets a tracking code (README, Autorisatie; tester finding toegang 6): the
    # mail shows where the link was, not the code that opens the case as its applicant
    assert shown.status_code == 200 and "Ontvangstbevestiging" in shown.text
    assert case["volgcode"] not in shown.text and "/status/[volgcode verborgen]" in shown.text
    assert client.get("/beheer/mail/..%2Ffaces.db").status_code == 404
    assert client.get("/beheer/mail/bestaat-niet.eml").status_code == 404
    anna = app.test_client()
    log_in(anna, "anna")
    assert anna.get("/beheer/mail").status_code == 403


def test_with_a_mail_server_the_page_says_so_and_points_to_the_failed_mails(app):
    # tester finding meldingen 7: the page always said "Er is geen mailserver ingesteld" and "Er is nog
    # geen e-mail verstuurd", also with an SMTP host and mails delivered and given up
    from tests.mailserver import smtp_server

    platform = app.extensions["ruimteflow"]
    with smtp_server() as box:
        platform.settings = platform.settings.with_(
            smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="geen"
        )
        box.refuse = "fout@ruimtedal.example"
        for address in ("coop@ruimtedal.example", "fout@ruimtedal.example"):
            cases.start_case(platform, "kaart_status_vergunning", {"email": address}, title="Zonnedak")
        report = outbox.deliver_due(platform, handlers=channel_handlers(platform))
        assert (report.afgeleverd, report.dood) == (1, 1)
    client = app.test_client()
    log_in(client, "bea")
    page = " ".join(client.get("/beheer/mail").text.split())
    assert "geen mailserver" not in page and "nog geen e-mail" not in page
    assert f"via de mailserver <code>127.0.0.1:{box.port}</code>" in page
    assert "1 afgeleverd" in page and "1 opgegeven" in page
    assert 'href="/beheer/afleveringen?kanaal=email"' in page


def test_without_a_mail_server_and_without_mail_the_page_says_nothing_was_offered(app):
    client = app.test_client()
    log_in(client, "bea")
    page = client.get("/beheer/mail").text
    assert "Er is geen mailserver ingesteld" in page and "Er is nog geen e-mail aangeboden" in page


def test_a_mail_emptied_after_its_retention_is_still_listed_as_delivered(app, clock):
    # privacy review s8, finding 1: a delivered mail kept its address and live tracking link for good;
    # emptied after RUIMTEFLOW_OUTBOX_BEWAAR_DAGEN, beheer still sees that it went out
    from services import scheduler

    platform = app.extensions["ruimteflow"]
    case = cases.start_case(
        platform, "kaart_status_vergunning", {"email": "coop@ruimtedal.example"}, title="Zonnedak sporthal"
    )
    assert scheduler.deliver_once(platform).afgeleverd == 1
    clock.advance(days=31)
    assert scheduler.one_pass(platform)["gewist"] == 1
    client = app.test_client()
    log_in(client, "bea")
    page = client.get("/beheer/afleveringen?status=afgeleverd&kanaal=email")
    assert page.status_code == 200
    assert case["zaak"] in page.text and "ontvangst" in page.text and "[verwijderd]" in page.text
    assert "coop@ruimtedal.example" not in page.text and case["volgcode"] not in page.text
    api = client.get("/api/v1/beheer/afleveringen?status=afgeleverd&kanaal=email")
    assert api.status_code == 200, api.text
    [row] = api.json["afleveringen"]
    assert row["ontvanger"] == "[verwijderd]" and row["status"] == "afgeleverd" and row["afgeleverd"]
    listing = client.get("/beheer/mail").text  # the .eml file went with it
    assert "Ontvangstbevestiging" not in listing
