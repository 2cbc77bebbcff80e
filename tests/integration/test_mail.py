"""Issue #16 item 4: e-mail to initiators and officers, through the outbox, to a real SMTP server.

An in-process SMTP server (aiosmtpd) receives what the worker sends; the tests read what arrived.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes
from email import policy as email_policy
from typing import Any

import pytest
from sqlalchemy import select

from services import cases, inbox, outbox, users
from services.channels import channel_handlers
from services.mail import compose
from services.outbox import beheer as outbox_beheer
from services.store.models import HumanTask, OutboxMessage
from tests.e2e import kaart_status_fixtures as fx
from tests.integration.mail_cases import COOP, start_mail_case
from tests.mailserver import Mailbox, free_port, html_of, smtp_server, text_of

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as box:
        yield box, box.port


@pytest.fixture
def platform(app: Any, smtp: tuple[Mailbox, int]) -> Any:
    p = app.extensions["ruimteflow"]
    p.settings = p.settings.with_(smtp_host="127.0.0.1", smtp_port=smtp[1], smtp_tls="geen")
    return p


def _deliver(platform: Any) -> outbox.DeliveryReport:
    return outbox.deliver_due(platform, handlers=channel_handlers(platform))


def test_the_initiator_receives_the_confirmation_with_the_tracking_link(platform, smtp):
    received, _port = smtp
    case = start_mail_case(platform)
    assert received.messages == []  # nothing leaves inside the step: only after the commit, by the worker
    assert _deliver(platform).afgeleverd == 1
    [mail] = received.messages
    assert mail["To"] == COOP and case["zaak"] in str(mail["Subject"])
    assert str(mail["Subject"]).startswith("Ontvangstbevestiging")
    link = f"http://127.0.0.1/status/{case['volgcode']}"
    assert link in text_of(mail) and f'href="{link}"' in html_of(mail)
    # started by nobody logged in, for an address nobody verified: not greeted by the name typed with it
    # (services.mail.intake_words); was "Beste Energiecoöperatie Ruimtedal"
    assert "Beste aanvrager," in text_of(mail) and "Energiecoöperatie" not in text_of(mail)
    assert _deliver(platform).total == 0  # delivered once


def test_an_aanvulling_request_mails_what_is_missing_and_until_when(platform, smtp):
    received, _port = smtp
    case = start_mail_case(platform)
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == case["zaak"]]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    _deliver(platform)
    [mail] = received.of_kind("niet compleet")
    text = text_of(mail)
    assert "30 maart 2026" in text  # the aanvullingstermijn of 28 days from 2 March 2026
    # Awb 4:15 lid 1: the term stands still from the day after the request of 2 March (the calculator
    # counts it so; the mail said "Vanaf 2 maart")
    assert "Vanaf 3 maart 2026 staat de beslistermijn stil" in " ".join(text.split())
    # the last day is 30 March itself: "uiterlijk", not "vóór" (which would end on the 29th)
    assert "vul haar uiterlijk 30 maart 2026 aan" in str(mail["Subject"])
    assert f"/status/{case['volgcode']}" in text


def test_a_case_without_an_intake_address_sends_no_initiator_mail(platform, smtp):
    start_mail_case(platform, email=None, user="anna")
    assert _deliver(platform).total == 0 and smtp[0].messages == []


def test_smtp_down_leaves_the_step_alone_and_the_mail_waits(platform, smtp):
    platform.settings = platform.settings.with_(smtp_port=free_port())  # nobody listens there
    case = start_mail_case(platform)
    assert case["zaak"]  # the officer's (here: the intake's) step succeeded
    report = _deliver(platform)
    assert report.mislukt == 1 and report.afgeleverd == 0
    with platform.uow(write=False) as uow:
        [row] = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).all()
        assert row.status == "mislukt" and "niet bereikbaar" in str(row.last_error)


def test_a_refused_recipient_is_dead_at_once(platform, smtp):
    smtp[0].refuse = COOP
    start_mail_case(platform)
    assert _deliver(platform).dood == 1


def test_a_refused_recipients_address_is_neither_logged_nor_kept_in_the_error(platform, smtp, caplog):
    """Privacy finding 4: a refused mail logged 'De mailserver weigert de ontvanger: <address>: 550 ...'
    at WARNING and kept it in last_error. Now the log names the outbox id and the server's reason, with
    no address (not even one the server quotes); beheer still reads the recipient from the message."""
    box = smtp[0]
    box.refuse, box.refusal = COOP, f"550 5.1.1 <{COOP}>: Recipient address rejected: User unknown"
    start_mail_case(platform)
    with caplog.at_level("WARNING", logger="ruimteflow.outbox"):
        assert _deliver(platform).dood == 1
    [dead] = outbox_beheer.deliveries(platform, status="dood")["afleveringen"]
    assert dead["ontvanger"] == COOP  # beheer sees the recipient, from the row
    assert dead["fout"] == (
        "De mailserver weigert de ontvanger: 550 5.1.1 [e-mailadres]: Recipient address rejected: User unknown"
    )
    [line] = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
    assert f"outbox message {dead['id']} (email/" in line and "550 5.1.1" in line and "User unknown" in line
    assert all(COOP not in r.getMessage() for r in caplog.records)


def test_a_greylisted_recipient_is_tried_again_later_not_given_up(platform, smtp, clock):
    # tester finding meldingen 2: a 450 at RCPT (greylisting) made the mail dead at once; by RFC 5321
    # a 4yz reply is transient
    box = smtp[0]
    box.refuse, box.refusal = COOP, "450 4.7.1 Greylisted, please try again later"
    start_mail_case(platform)
    report = _deliver(platform)
    assert (report.mislukt, report.dood) == (1, 0)
    with platform.uow(write=False) as uow:
        [row] = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).all()
        assert row.status == "mislukt" and "450" in str(row.last_error)
    box.refuse = None  # the greylisting server accepts the retry
    clock.advance(hours=1)
    assert _deliver(platform).afgeleverd == 1 and [m["To"] for m in box.messages] == [COOP]


def test_an_assignment_mails_the_officer_not_a_claim(platform, smtp):
    received, _port = smtp
    users.add_user(
        platform, "bart", groups=["Vergunningen"], role="vergunningverlener", email="bart@ruimtedal.example"
    )
    task = _anna_claimed(platform)
    inbox.unclaim(platform, task["id"], "anna")
    inbox.assign(platform, task["id"], "anna", "bart")
    _deliver(platform)
    [mail] = received.messages
    assert mail["To"] == "bart@ruimtedal.example"
    assert "Anna de Vries heeft de taak" in text_of(mail) and f"/taken/{task['id']}" in text_of(mail)


def _bart_assigned(platform: Any, bart: str, email: str | None = COOP) -> dict[str, Any]:
    for name, address in (("anna", "anna@ruimtedal.example"), ("bart", bart)):
        users.add_user(platform, name, groups=["Vergunningen"], role="vergunningverlener", email=address)
    case = start_mail_case(platform, email=email, user=None if email else "anna")
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == case["zaak"]]
    inbox.assign(platform, task["id"], "anna", "bart")
    return task


def _anna_claimed(platform: Any) -> dict[str, Any]:
    """anna (with an address) started a case and claimed its first task; that task."""
    users.add_user(
        platform, "anna", groups=["Vergunningen"], role="vergunningverlener", email="anna@ruimtedal.example"
    )
    case = start_mail_case(platform, email=None, user="anna")
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == case["zaak"]]
    inbox.claim(platform, task["id"], "anna")
    return task


def _statuses(platform: Any) -> list[tuple[str, str, str]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [(m.kind, str(m.payload["aan"]), m.status) for m in rows]


def test_an_officers_refused_address_holds_up_no_applicant_mail_and_a_retry_uses_the_new_one(platform, smtp):
    # tester finding meldingen 1: bart's toewijzing mail was refused (550, dead) and every later mail of
    # the case, the applicant's included, waited for good; beheer's retry resent to the old address
    received, _port = smtp
    received.refuse = "bart@oud.example"
    task = _bart_assigned(platform, "bart@oud.example")
    _deliver(platform)
    cases.complete_task(platform, task["id"], "bart", {"compleet": False})  # the applicant is asked
    _deliver(platform)
    assert [(m["To"], "niet compleet" in str(m["Subject"])) for m in received.messages] == [
        (COOP, False),
        (COOP, True),
    ]
    [(dead_id, _aan)] = [
        (d["id"], d["ontvanger"]) for d in outbox_beheer.deliveries(platform, status="dood")["afleveringen"]
    ]
    users.add_user(
        platform, "bart", groups=["Vergunningen"], role="vergunningverlener", email="bart@nieuw.example"
    )
    assert outbox_beheer.retry(platform, dead_id, "bea")["ontvanger"] == "bart@nieuw.example"
    _deliver(platform)
    assert received.messages[-1]["To"] == "bart@nieuw.example"
    assert ("toewijzing", "bart@nieuw.example", "afgeleverd") in _statuses(platform)


def test_an_applicants_mistyped_address_holds_up_no_officer_mail(platform, smtp):
    # tester finding meldingen 1 (r12): the dead ontvangst mail to a mistyped address held up the
    # officer's toewijzing mail of that case for good
    received, _port = smtp
    received.refuse = "jansen@gmial.com"
    _bart_assigned(platform, "bart@ruimtedal.example", email="jansen@gmial.com")
    _deliver(platform)
    _deliver(platform)
    assert [m["To"] for m in received.messages] == ["bart@ruimtedal.example"]
    assert ("ontvangst", "jansen@gmial.com", "dood") in _statuses(platform)


def test_an_officer_is_reminded_once_before_the_deadline(platform, smtp, clock):
    received, _port = smtp
    task = _anna_claimed(platform)
    deadline = min(date.fromisoformat(d) for d in (task["wettelijke_termijn"], task["vervaldatum"]) if d)
    assert compose.deadline_reminders(platform) == 0  # weeks away
    clock.set(datetime.combine(deadline - timedelta(days=2), time(9, 0), tzinfo=UTC))
    assert compose.deadline_reminders(platform) == 1
    assert compose.deadline_reminders(platform) == 0  # once per task
    _deliver(platform)
    [mail] = received.messages
    assert mail["To"] == "anna@ruimtedal.example" and "over 2 dagen" in text_of(mail)


def test_without_smtp_host_mails_are_eml_files_and_templates_are_replaceable(app, tmp_path):
    platform = app.extensions["ruimteflow"]
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "ontvangst.txt").write_text(
        "{% set onderwerp %}Gemeente Eigen: {{ zaak }}{% endset -%}\nVolg: {{ link }}\n", encoding="utf-8"
    )
    platform.settings = platform.settings.with_(mail_templates_dir=str(own))
    case = start_mail_case(platform)
    assert _deliver(platform).afgeleverd == 1
    [eml] = sorted((platform.settings.instance_dir / "outbox").glob("*.eml"))
    msg = message_from_bytes(eml.read_bytes(), policy=email_policy.default)
    assert str(msg["Subject"]) == f"Gemeente Eigen: {case['zaak']}"
    assert f"/status/{case['volgcode']}" in text_of(msg)  # type: ignore[arg-type]


def test_worker_once_runs_the_deadline_reminders_as_the_loop_does(platform, smtp, monkeypatch, capsys):
    """Tester finding: `ruimteflow worker --once` (cron) fired timers and delivered the outbox but never
    wrote the officers' deadline reminders, which only the looping worker ran."""
    from web.cli import main

    received, port = smtp
    task = _anna_claimed(platform)
    today = datetime.now(UTC).date()  # the command runs on the real clock
    with platform.uow() as uow:
        row = uow.session.get(HumanTask, task["id"])
        row.due_on, row.legal_deadline = today + timedelta(days=2), today + timedelta(days=30)
        uow.commit()
    monkeypatch.delenv("RUIMTEFLOW_BASE_URL", raising=False)
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_TLS": "geen", "SMTP_PORT": str(port)}
    for key, value in {**env, "INSTANCE_DIR": str(platform.settings.instance_dir)}.items():
        monkeypatch.setenv(f"RUIMTEFLOW_{key}", value)
    url = platform.settings.resolved_database_url
    assert main(["worker", "--once", "--json", "--database", url]) == 0
    out, err = capsys.readouterr()
    assert '"herinneringen": 1' in out
    assert "RUIMTEFLOW_BASE_URL is niet ingesteld" in err  # meldingen 4: said at start, not silently
    [mail] = received.messages
    assert mail["To"] == "anna@ruimtedal.example" and "Termijn loopt af" in str(mail["Subject"])


def _set_dates(platform: Any, task_id: int, due_on: date, legal: date) -> None:
    with platform.uow() as uow:
        row = uow.session.get(HumanTask, task_id)
        row.due_on, row.legal_deadline = due_on, legal
        uow.commit()


def test_assignment_and_reminder_name_the_tasks_own_due_date_and_label_the_legal_deadline(
    platform, smtp, clock
):
    """Tester finding: the assignment mail gave the case's beslistermijn (28 April) as the task's last
    day, while the reminder for the same task named its own due date (16 March)."""
    received, _port = smtp
    for name in ("anna", "bart"):
        users.add_user(
            platform,
            name,
            groups=["Vergunningen"],
            role="vergunningverlener",
            email=f"{name}@ruimtedal.example",
        )
    case = start_mail_case(platform, email=None, user="anna")
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == case["zaak"]]
    _set_dates(platform, task["id"], date(2026, 3, 16), date(2026, 4, 28))
    inbox.assign(platform, task["id"], "anna", "bart")
    clock.set(datetime(2026, 3, 14, 9, 0, tzinfo=UTC))
    assert compose.deadline_reminders(platform) == 1
    _deliver(platform)
    toewijzing, termijn = (" ".join(text_of(m).split()) for m in received.messages)
    html = " ".join(html_of(received.messages[0]).split())
    assert "De taak moet uiterlijk 16 maart 2026 af zijn." in toewijzing
    assert "De wettelijke beslistermijn van de zaak loopt tot en met 28 april 2026." in toewijzing
    assert "uiterlijk <strong>16 maart 2026</strong> af zijn" in html and "28 april 2026" in html
    assert "moet uiterlijk 16 maart 2026 af zijn; dat is over 2 dagen" in termijn
    assert "beslistermijn van de zaak loopt tot en met 28 april 2026; dat is over 45 dagen" in termijn


def test_a_reminder_for_the_legal_deadline_does_not_call_it_the_tasks_own(platform, smtp, clock):
    received, _port = smtp
    task = _anna_claimed(platform)
    _set_dates(platform, task["id"], date(2026, 4, 30), date(2026, 4, 2))  # the case's term ends first
    clock.set(datetime(2026, 3, 31, 9, 0, tzinfo=UTC))
    assert compose.deadline_reminders(platform) == 1
    _deliver(platform)
    [mail] = received.messages
    text = " ".join(text_of(mail).split())
    assert "moet uiterlijk 30 april 2026 af zijn; dat is over 30 dagen" in text
    assert (
        "De wettelijke beslistermijn van de zaak loopt tot en met 2 april 2026; dat is over 2 dagen" in text
    )
    assert "uiterlijk 2 april 2026" in str(mail["Subject"])


@pytest.mark.parametrize("outcome", ["dood", "mislukt"])
def test_worker_once_exits_1_when_its_outbox_part_failed(platform, smtp, monkeypatch, capsys, outcome):
    """Review sessie16, beheer 5: `worker --once` exited 0 when its pass delivered nothing, a mail refused
    for good (550: dood) or the mail server out of reach (mislukt, tried again later); exit 1 says that
    part of the command failed, as the README promises and cron notices."""
    import json

    from web.cli import main

    received, port = smtp
    start_mail_case(platform)  # the confirmation to COOP waits in the outbox
    if outcome == "dood":
        received.refuse = COOP
    else:
        port = free_port()  # nobody listens there
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_TLS": "geen", "SMTP_PORT": str(port)}
    for key, value in {**env, "INSTANCE_DIR": str(platform.settings.instance_dir)}.items():
        monkeypatch.setenv(f"RUIMTEFLOW_{key}", value)
    url = platform.settings.resolved_database_url
    assert main(["worker", "--once", "--json", "--database", url]) == 1
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["afgeleverd"][outcome] == 1 and result["afgeleverd"]["afgeleverd"] == 0
    assert result["mislukt"] == ["afgeleverd"]
