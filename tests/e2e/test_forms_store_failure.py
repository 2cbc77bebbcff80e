"""A public form whose post fails for a reason of the gemeente's (a full disk: StorageFailed; a virus
scanner that cannot be reached: ScanUnavailable; both 503, nothing stored) comes back as the form, with
what was typed and a Dutch message at its top that nothing was stored because of a fault at the gemeente
and that it can be sent later. The status page's message forms only caught validation errors, 409 and 429,
and the application form only validation errors: both answered with the bare error page, so the typed
text was lost. One handler for both (web.errors.stored_nothing)."""

from __future__ import annotations

import errno
import io
import logging
import re
from typing import Any

import pytest
from markupsafe import escape

from services.documents.storage import LocalBlobStore, blob_store
from tests.config_errors import rule_on_missing_layer
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import page_text
from tests.e2e.our_fault import logged_with
from tests.e2e.status_page import error_summary, refusal_at_the_form
from tests.e2e.test_status_http import FORM, count_cases, form_tokens
from tests.e2e.test_upload_sizes import post_multipart, waiting_for_aanvulling
from tests.integration.document_helpers import pdf

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
FAILURES = ("schijf vol", "virusscanner onbereikbaar")
SAID = "Door een storing bij de gemeente is er niets opgeslagen"


def _fail(failure: str, platform: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """Make the next upload fail as the gemeente's fault (undone by ``monkeypatch.undo``)."""
    if failure == "schijf vol":

        def full(self: Any, staged: Any, session: Any) -> bool:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(LocalBlobStore, "commit", full)
    else:  # configured, not listening
        away = platform.settings.with_(clamd_address=str(tmp_path / "clamd.sock"))
        monkeypatch.setattr(platform, "settings", away)


def not_sent_block(page: str) -> str:
    """The text of the block at the top of an application form shown again after a post that was not sent
    (web.errors.not_sent)."""
    top = re.search(
        r'<div class="melding melding-fout" role="alert" id="formulier-storing"[^>]*>(.*?)</div>', page, re.S
    )
    assert top, page[:3000]
    return page_text(top[1])


def _foutcode(text: str) -> str:
    found = re.search(r"Foutcode: ([0-9a-f]+)\.", text)
    assert found, text
    return found[1]


def _sent_again(client: Any, code: str, form: Any, the_form: str, typed: str, **files: Any) -> None:
    """The aanvulling form the page rendered again, posted once the gemeente repaired it: it is sent."""
    again = post_multipart(
        client,
        f"/status/{code}/aanvulling",
        {
            "csrf_token": form["csrf_token"],
            "indiening": re.search(r'name="indiening" value="([^"]+)"', the_form)[1],  # type: ignore[index]
            "tekst": typed,
            **files,
        },
    )
    assert again.status_code == 303, page_text(again.text)[:600]


@pytest.mark.parametrize("failure", FAILURES)
def test_an_aanvulling_the_gemeente_fails_to_store_comes_back_at_its_form(
    app, failure, monkeypatch, tmp_path, caplog
):
    client, code, form = waiting_for_aanvulling(app)
    platform = app.extensions["ruimteflow"]
    before = sorted(blob_store(platform).iter_files())
    typed = "Hierbij de gevelaanzichten & <doorsneden>, zoals gevraagd."
    _fail(failure, platform, monkeypatch, tmp_path)
    fields = {**form, "tekst": typed, "document_": (io.BytesIO(pdf("gevel")), "gevel.pdf")}

    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        page = post_multipart(client, f"/status/{code}/aanvulling", fields)

    assert page.status_code == 503 and page.mimetype == "text/html"
    the_form, refusal = refusal_at_the_form(page.text, "aanvulling")
    assert refusal.startswith(SAID), refusal
    assert "Probeer het later opnieuw" in refusal
    assert "verstuur het later opnieuw" in refusal and "op dat moment" not in refusal
    assert "Gekozen documenten zijn niet bewaard" in refusal and "telefoon 14 0000" in refusal
    assert f">{escape(typed)}</textarea>" in the_form  # what was typed stays
    summary = error_summary(page.text, "aanvulling")  # the message at the top of the page, to the form
    assert 'href="#aanvulling-verzenden"' in summary and SAID in page_text(summary)
    foutcode = _foutcode(refusal)  # the log line an operator finds it by, as the error page names it
    assert any(foutcode in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]
    assert sorted(blob_store(platform).iter_files()) == before

    monkeypatch.undo()  # the gemeente repaired it: the form the page rendered is sent
    _sent_again(client, code, form, the_form, typed, document_=(io.BytesIO(pdf("gevel")), "gevel.pdf"))
    assert len(list(blob_store(platform).iter_files())) == len(before) + 1


@pytest.mark.parametrize("failure", FAILURES)
def test_an_application_the_gemeente_fails_to_store_comes_back_as_the_form(
    app, failure, monkeypatch, tmp_path
):
    platform = app.extensions["ruimteflow"]
    client = app.test_client()
    url = "/aanvragen/kaart_status_vergunning"
    cases_before = count_cases(app)
    tekening = (io.BytesIO(pdf("tekening")), "tekening.pdf")
    _fail(failure, platform, monkeypatch, tmp_path)

    page = post_multipart(client, url, {**form_tokens(client.get(url).text), **FORM, "bijlagen": tekening})

    assert page.status_code == 503 and page.mimetype == "text/html"
    said = not_sent_block(page.text)
    assert "Uw aanvraag is niet ingediend" in said and SAID in said and "Foutcode: " in said
    assert "Gekozen bijlagen zijn niet bewaard" in said
    assert 'id="formulier-fouten"' not in page.text  # nothing to correct
    assert 'value="Aanbouw achterzijde"' in page.text and 'value="52.015, 6.42"' in page.text
    assert count_cases(app) == cases_before

    monkeypatch.undo()  # the form the page rendered is sent once the gemeente repaired it
    again = post_multipart(
        client, url, {**form_tokens(page.text), **FORM, "bijlagen": (io.BytesIO(pdf("tekening")), "t.pdf")}
    )
    assert again.status_code == 303, page_text(again.text)[:600]
    assert count_cases(app) == cases_before + 1


def test_a_message_a_failure_of_ours_refused_comes_back_at_its_form(app, monkeypatch, caplog):
    """A configuration error of send_public (a gis.errors RuleError: the rules file of the next step's
    locatiecheck does not fit the layers; its transaction undone) went to the error page and the
    initiator's text was lost: it is the form again, as a failure that stored nothing."""
    from web.status import statuspagina

    client, code, form = waiting_for_aanvulling(app)
    typed = "De tekening, zoals gevraagd."
    original = statuspagina.send_public

    def ours(*args: Any, **kwargs: Any) -> Any:
        raise rule_on_missing_layer()

    monkeypatch.setattr(statuspagina, "send_public", ours)
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        page = post_multipart(client, f"/status/{code}/aanvulling", {**form, "tekst": typed})

    assert page.status_code == 500 and page.mimetype == "text/html"
    the_form, refusal = refusal_at_the_form(page.text, "aanvulling")
    assert refusal.startswith(SAID), refusal
    assert f">{escape(typed)}</textarea>" in the_form  # what was typed stays
    assert "bestaat_niet" not in page.text and "test-zonder-laag" not in page.text
    foutcode = _foutcode(refusal)
    assert "bestaat_niet" in logged_with(caplog, foutcode)  # the detail in the log line of its foutcode

    monkeypatch.setattr(statuspagina, "send_public", original)  # repaired: the form shown is sent
    _sent_again(client, code, form, the_form, typed)
