"""Documents on the public side (issue 13 item 3): bijlagen on the application form, documents on the
status page, and every bad input that reaches the public side answered in Dutch with nothing stored."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from services.documents.storage import blob_store
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_status_http import FORM, form_tokens
from tests.integration.document_helpers import EXE, PNG, pdf

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
PROCESS = "kaart_status_vergunning"


def platform_of(app: Any) -> Any:
    return app.extensions["ruimteflow"]


def stored(app: Any) -> tuple[dict[str, int], list[str]]:
    """Rows per table and the files of the document store: a refusal changes neither. The client's
    budget counter (auth_failure) is left out: a refused bijlage counts as an attempt (the scanner's
    work), which is not the application's data."""
    platform = platform_of(app)
    counts = {t: n for t, n in table_counts(platform).items() if t != "auth_failure"}
    return counts, sorted(str(p) for p in blob_store(platform).iter_files())


def apply_with(client: Any, files: list[tuple[bytes, str]], **changes: str) -> Any:
    tokens = form_tokens(client.get(f"/aanvragen/{PROCESS}").text)
    data: dict[str, Any] = {**tokens, **FORM, **changes}
    data["bijlagen"] = [(io.BytesIO(content), name) for content, name in files]
    return client.post(f"/aanvragen/{PROCESS}", data=data, content_type="multipart/form-data")


def apply_in_memory(client: Any, files: list[tuple[bytes, str]], **changes: str) -> Any:
    """``apply_with`` for files over 500 kB: the body encoded in memory (the test client would spool it
    to a temporary file that it never closes, tests.e2e.test_upload_sizes ``post_multipart``)."""
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    tokens = form_tokens(client.get(f"/aanvragen/{PROCESS}").text)
    posted = [
        ("bijlagen", FileStorage(io.BytesIO(content), name, content_type="application/pdf"))
        for content, name in files
    ]
    boundary, body = encode_multipart(MultiDict([*{**tokens, **FORM, **changes}.items(), *posted]))
    return client.post(
        f"/aanvragen/{PROCESS}", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def test_an_application_with_two_bijlagen_shows_them_on_the_status_page(app):
    client = app.test_client()
    resp = apply_with(client, [(pdf("plattegrond"), "plattegrond.pdf"), (PNG, "foto gevel.png")])
    assert resp.status_code == 303, resp.text
    page = client.get(resp.headers["Location"]).text
    code = re.search(r"/status/([A-Za-z0-9_-]{32})", page).group(1)  # type: ignore[union-attr]
    status = client.get(f"/api/v1/status/{code}").json
    docs = status["documenten"]
    assert [(d["titel"], d["soort"], d["eigen"]) for d in docs] == [
        ("plattegrond", "Bijlage of tekening", True),
        ("foto gevel", "Bijlage of tekening", True),
    ]
    html = client.get(f"/status/{code}").text
    assert "plattegrond" in html and "door u gestuurd" in html
    download = client.get(docs[0]["url"])
    assert download.status_code == 200 and download.data == pdf("plattegrond")
    assert download.mimetype == "application/pdf" and "attachment" in download.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "leeg.pdf", "leeg"),
        (EXE, "tekening.pdf", "uitvoerbaar programma"),
        (b"gewone tekst, geen tekening\n" * 3, "notitie.txt", "maar voor bijlage of tekening zijn alleen"),
        (pdf("x"), "../../etc/passwd.pdf", "map"),
        (pdf("y"), "teke\x07ning.pdf", "stuurteken"),
    ],
)
def test_a_bad_bijlage_refuses_the_whole_application_in_dutch(app, content, name, words):
    before = stored(app)
    resp = apply_with(app.test_client(), [(pdf("goed"), "goed.pdf"), (content, name)])
    assert resp.status_code == 400
    assert words in resp.text, resp.text[resp.text.find("veld-fout") :][:400]
    assert "Er is nog niets opgeslagen" in resp.text
    assert stored(app) == before


def test_the_same_file_twice_is_refused(app):
    before = stored(app)
    resp = apply_with(app.test_client(), [(pdf("a"), "a.pdf"), (pdf("a"), "kopie.pdf")])
    assert resp.status_code == 400 and "hetzelfde bestand" in resp.text
    assert stored(app) == before


def test_documents_of_another_case_or_with_a_wrong_code_are_not_found(app):
    client = app.test_client()
    codes = []
    for name in ("eerste", "tweede"):  # the confirmation page shows the last application of the session
        resp = apply_with(client, [(pdf(name), f"{name}.pdf")])
        page = client.get(resp.headers["Location"]).text
        codes.append(re.search(r"/status/([A-Za-z0-9_-]{32})", page).group(1))  # type: ignore[union-attr]
    assert codes[0] != codes[1]
    [doc] = client.get(f"/api/v1/status/{codes[0]}").json["documenten"]
    other = client.get(f"/status/{codes[1]}/documenten/{doc['id']}")
    assert other.status_code == 404 and "hoort niet bij deze aanvraag" in other.text
    assert client.get(f"/status/{'x' * 32}/documenten/{doc['id']}").status_code == 404
    assert client.get(f"/status/{codes[0]}/documenten/99999999999999999999").status_code == 404


def test_a_bijlage_of_a_type_the_applicant_may_not_add_refuses_the_application_before_it_starts(app):
    """Review finding: a file posted as 'bijlagenbesluit' passed the checks (the type exists), the case
    was started and its receipt mail queued, and only then the upload was refused with a 403: the
    applicant got an error page without a tracking code, and each retry made another case."""
    before = stored(app)
    client = app.test_client()
    tokens = form_tokens(client.get(f"/aanvragen/{PROCESS}").text)
    data: dict[str, Any] = {**tokens, **FORM, "bijlagenbesluit": (io.BytesIO(pdf("besluit")), "besluit.pdf")}
    resp = client.post(f"/aanvragen/{PROCESS}", data=data, content_type="multipart/form-data")
    assert resp.status_code == 400, resp.status_code
    assert "U mag geen besluit toevoegen" in resp.text and "Er is nog niets opgeslagen" in resp.text
    assert stored(app) == before


def _scanning(app: Any, monkeypatch: Any, sock: Any) -> Any:
    platform = platform_of(app)
    monkeypatch.setattr(platform, "settings", platform.settings.with_(clamd_address=str(sock)))
    return platform


def _cases_and_outbox(app: Any) -> tuple[int, int]:
    counts = table_counts(platform_of(app))
    return counts["zaak"], counts["outbox_message"]


def test_a_bijlage_the_virus_scan_refuses_refuses_the_application_before_it_starts(
    app, monkeypatch, tmp_path
):
    """Review finding: the application form scanned its files only after the case had started and
    committed (with its receipt in the outbox); a virus (422) or an unreachable scanner (503) left a
    case without bijlagen, and each retry made another one. Now the scan is part of the checks."""
    from tests.unit.documents.fake_clamd import fake_clamd

    sock = tmp_path / "clamd.sock"
    _scanning(app, monkeypatch, sock)
    before = stored(app)
    t = fake_clamd(sock, b"stream: Eicar-Test-Signature FOUND\0")
    resp = apply_with(app.test_client(), [(pdf("besmet"), "tekening.pdf")])
    t.join(5)
    assert resp.status_code == 400, resp.status_code
    assert "besmetting" in resp.text and "Er is nog niets opgeslagen" in resp.text
    assert stored(app) == before
    sock.unlink()
    resp = apply_with(app.test_client(), [(pdf("besmet"), "tekening.pdf")])  # no scanner listening
    assert resp.status_code == 503 and "Uw aanvraag is niet ingediend" in resp.text
    assert "storing bij de gemeente is er niets opgeslagen" in resp.text  # the form again (0e5b33f)
    assert stored(app) == before


def test_after_an_unreachable_scanner_a_retry_makes_one_case_scanned_once(app, monkeypatch, tmp_path):
    from tests.unit.documents.fake_clamd import fake_clamd

    sock = tmp_path / "clamd.sock"
    _scanning(app, monkeypatch, sock)
    cases, outbox = _cases_and_outbox(app)
    client = app.test_client()
    assert apply_with(client, [(pdf("tekening"), "tekening.pdf")]).status_code == 503
    t = fake_clamd(sock, b"stream: OK\0")  # answers one scan: the file is not scanned a second time
    resp = apply_with(client, [(pdf("tekening"), "tekening.pdf")])
    t.join(5)
    assert resp.status_code == 303, resp.text
    assert _cases_and_outbox(app) == (cases + 1, outbox + 1)


def test_an_unreachable_scanner_does_not_count_against_the_clients_budget(app, monkeypatch, tmp_path):
    """The scanner's outage (503) is the municipality's, not the client's: the application it refused is
    not counted (services/status/intake.py), so the client's one application of the hour goes through once
    the scanner is back."""
    platform = _scanning(app, monkeypatch, tmp_path / "clamd.sock")  # configured, nothing listening
    monkeypatch.setattr(platform, "settings", platform.settings.with_(applications_per_address_per_hour=1))
    assert apply_with(app.test_client(), [(pdf("tekening"), "tekening.pdf")]).status_code == 503
    monkeypatch.setattr(platform, "settings", platform.settings.with_(clamd_address=""))  # back
    resp = apply_with(app.test_client(), [(pdf("tekening"), "tekening.pdf")])
    assert resp.status_code == 303, resp.status_code


def test_the_scanner_is_not_asked_for_an_invalid_or_over_budget_application(app, monkeypatch, tmp_path):
    """Review of 89b0b23 (sessie7 2): the bijlagen were scanned before the form's own checks and the
    client's budget, so posts refused with 400 or 429 still cost the virus scanner a scan per file.
    No scanner listens here: a scan would answer 503."""
    platform = _scanning(app, monkeypatch, tmp_path / "clamd.sock")
    before = stored(app)
    resp = apply_with(app.test_client(), [(pdf("tekening"), "tekening.pdf")], omschrijving="")
    assert resp.status_code == 400, resp.status_code  # the form's own error, not the scanner's 503
    monkeypatch.setattr(platform, "settings", platform.settings.with_(applications_per_address_per_hour=1))
    monkeypatch.setattr(platform, "settings", platform.settings.with_(clamd_address=""))
    assert apply_with(app.test_client(), [(pdf("eerste"), "eerste.pdf")]).status_code == 303
    monkeypatch.setattr(
        platform, "settings", platform.settings.with_(clamd_address=str(tmp_path / "clamd.sock"))
    )
    resp = apply_with(app.test_client(), [(pdf("tweede"), "tweede.pdf")])
    assert resp.status_code == 429, resp.status_code  # over budget, before any scan
    assert stored(app)[0]["zaak"] == before[0]["zaak"] + 1


def test_an_application_refused_for_its_bijlage_counts_against_the_clients_budget(app, monkeypatch, tmp_path):
    """sessie7b: a valid form whose bijlage the scanner refuses was never counted, so it could be sent
    again and again, each time costing the virus scanner a scan of up to 100 MB."""
    from tests.unit.documents.fake_clamd import fake_clamd

    sock = tmp_path / "clamd.sock"
    platform = _scanning(app, monkeypatch, sock)
    monkeypatch.setattr(platform, "settings", platform.settings.with_(applications_per_address_per_hour=1))
    t = fake_clamd(sock, b"stream: Eicar-Test-Signature FOUND\0")
    assert apply_with(app.test_client(), [(pdf("besmet"), "tekening.pdf")]).status_code == 400
    t.join(5)
    resp = apply_with(app.test_client(), [(pdf("besmet"), "tekening.pdf")])  # no scan: over budget
    assert resp.status_code == 429, resp.status_code


def _disk_full(monkeypatch: Any) -> None:
    import errno

    from services.documents.storage import LocalBlobStore

    def full(*_args: Any, **_kwargs: Any) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(LocalBlobStore, "commit", full)


def _database_fails(monkeypatch: Any) -> None:
    from sqlalchemy.exc import OperationalError

    from services.documents import service

    def fails(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("INSERT INTO document_version ...", {}, Exception("database or disk is full"))

    monkeypatch.setattr(service, "add_version_row", fails)


@pytest.mark.parametrize("failure", [_disk_full, _database_fails])
def test_a_storage_failure_after_the_checks_leaves_no_case_and_no_receipt_mail(app, monkeypatch, failure):
    """Tester finding: the form started its case (receipt mail queued) and only then stored the
    bijlagen; a full disk or a database error there left a started case without its documents, and
    the applicant an internal error. Now the case and its documents are one unit of work: a 503 in
    Dutch, nothing stored, nothing mailed, and the application does not count against the budget."""
    platform = platform_of(app)
    monkeypatch.setattr(platform, "settings", platform.settings.with_(applications_per_address_per_hour=1))
    before = stored(app)
    client = app.test_client()
    with monkeypatch.context() as broken:
        failure(broken)
        resp = apply_with(client, [(pdf("plattegrond"), "plattegrond.pdf"), (PNG, "gevel.png")])
    assert resp.status_code == 503, resp.status_code
    assert "Uw aanvraag is niet ingediend" in resp.text and "Probeer het later opnieuw" in resp.text
    assert stored(app) == before  # no case, no document, no blob, no receipt mail in the outbox
    resp = apply_with(client, [(pdf("plattegrond"), "plattegrond.pdf"), (PNG, "gevel.png")])
    assert resp.status_code == 303, resp.status_code  # the storage works again: sent once more
    assert _cases_and_outbox(app) == (before[0]["zaak"] + 1, before[0]["outbox_message"] + 1)
    assert stored(app)[0]["document"] == before[0]["document"] + 2


def test_bijlagen_that_do_not_fit_the_case_refuse_the_application_and_keep_the_typed_text(app, monkeypatch):
    """Review note 22 (left alone): an application's bijlagen count against the code holder's bytes on
    the case but were never checked against ``document_mb_per_case``: bijlagen that do not fit were
    stored anyway. Now they are checked as the status page's files are (``check_room``): the whole
    application is refused (422 ``zaak-opslag-vol`` at the bijlagen), nothing is stored, and the form
    comes back with what was typed. Each file is within its type's cap; that check comes first."""
    from processes.errors import Unprocessable
    from services.documents.public import PublicFile
    from services.status import intake
    from tests.integration.test_documents_budget import big

    platform = platform_of(app)
    monkeypatch.setattr(platform, "settings", platform.settings.with_(document_mb_per_case=1))
    before = stored(app)
    two = [(big("gevel"), "gevel.pdf"), (big("doorsnede"), "doorsnede.pdf")]  # each fits, not together
    resp = apply_in_memory(app.test_client(), two, omschrijving="Aanbouw met serre")
    assert resp.status_code == 422, resp.status_code  # the API's answer: a rule refuses valid input
    fout = resp.text[resp.text.find('id="fout-bijlagen"') :][:600]
    assert "Uw aanvraag is niet ingediend" in fout and "meer dan 1 MB" in fout, fout
    assert 'value="Aanbouw met serre"' in resp.text and "Er is nog niets opgeslagen" in resp.text
    assert stored(app) == before
    files = [PublicFile(name, io.BytesIO(content), "bijlage") for content, name in two]
    with pytest.raises(Unprocessable) as err:
        intake.submit_application(platform, PROCESS, dict(FORM), files)
    assert err.value.status == 422 and err.value.code == "zaak-opslag-vol"
    assert err.value.extra["max_bytes"] == 1024 * 1024 and err.value.extra["opgeslagen"] == 0
    assert err.value.extra["fouten"] == {"bijlagen": err.value.detail}
    assert stored(app) == before
    one = apply_in_memory(app.test_client(), two[:1])  # what fits is taken
    assert one.status_code == 303, one.status_code


def test_bijlagen_that_do_not_fit_are_refused_before_the_model_runs(app, monkeypatch):
    """Review note 23 (left alone): an application whose bijlagen do not fit the case's room was refused
    only after the model's first step (a locatiecheck in the omgevingsvergunning) had run, inside the
    transaction that was then rolled back. Now the bijlagen together are held to the room a new case has
    (nothing stored on it yet) before the case starts: the model runs nothing for a refused application,
    and the refusal reads as before. An application that fits starts its case (the spy sees that)."""
    from processes.errors import Unprocessable
    from processes.nederlands import mb_tekst
    from services import cases
    from services.documents.public import PublicFile
    from services.status import intake
    from tests.integration.test_documents_budget import big

    platform = platform_of(app)
    monkeypatch.setattr(platform, "settings", platform.settings.with_(document_mb_per_case=1))
    first_steps: list[str] = []
    first_step = cases._first_step

    def counted(*args: Any, **kwargs: Any) -> Any:
        first_steps.append(args[2].reference)  # the case the model's first step runs for
        return first_step(*args, **kwargs)

    monkeypatch.setattr(cases, "_first_step", counted)
    two = [(big("gevel"), "gevel.pdf"), (big("doorsnede"), "doorsnede.pdf")]  # each fits, not together
    files = [PublicFile(name, io.BytesIO(content), "bijlage") for content, name in two]
    with pytest.raises(Unprocessable) as err:
        intake.submit_application(platform, PROCESS, dict(FORM), files)
    assert first_steps == [], first_steps
    sent = mb_tekst(sum(len(content) for content, _name in two))
    assert err.value.detail == (
        f"Uw aanvraag is niet ingediend: wat u nu meestuurt ({sent}) is meer dan 1 MB, het maximum aan "
        "bestanden dat u bij deze aanvraag kunt sturen. Stuur minder of kleinere bestanden mee, of neem "
        "contact op met de gemeente als u meer wilt aanleveren."
    )
    assert (err.value.status, err.value.code) == (422, "zaak-opslag-vol")
    extra = {"max_bytes": 1024 * 1024, "opgeslagen": 0, "fouten": {"bijlagen": err.value.detail}}
    assert err.value.extra == extra
    one = [PublicFile(two[0][1], io.BytesIO(two[0][0]), "bijlage")]
    case = intake.submit_application(platform, PROCESS, dict(FORM), one)
    assert first_steps == [case["zaak"]] and case["bijlagen"] == ["gevel"]
