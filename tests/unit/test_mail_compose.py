"""Which mails a step causes (services.mail.compose.step_mails), from the step's facts alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from services.config import Settings
from services.mail import compose
from services.store.models import Case, CaseEvent

SETTINGS = Settings(base_url="https://ruimteflow.ruimtedal.example/")


@dataclass
class Facts:
    case: Case
    events: list[CaseEvent] = field(default_factory=list)
    started: bool = False
    phase_changed: bool = False
    phase_before: str | None = None
    ctx: Any = field(default_factory=lambda: SimpleNamespace(settings=SETTINGS))
    now: datetime = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
    session: Any = None

    def new_events(self) -> list[CaseEvent]:
        return self.events


class Accounts:
    """The one read of the database a step's initiator mails make (services.mail.intake_words.starters):
    the e-mail address of the account that started the case, as ``app_user`` holds it."""

    def __init__(self, **emails: str) -> None:
        self.emails = emails

    def execute(self, _statement: Any) -> list[tuple[str, str]]:
        return list(self.emails.items())


def _case(**kw: Any) -> Case:
    values: dict[str, Any] = {
        "reference": "Z-2026-000007",
        "title": "Zonnedak sporthal",
        "initiator": "Energiecoöperatie Ruimtedal",
        "initiator_email": "coop@ruimtedal.example",
        "tracking_code": "abcdefghijklmnopqrstuvwx",
        "procedure": "Omgevingsvergunning",
        "received_on": date(2026, 3, 2),
        "uiterlijke_einddatum_afdoening": date(2026, 4, 27),
        "phase": "besluit",
        "opschorting": {},
        "summary": {},
        **kw,
    }
    return Case(**values)


def _event(kind: str, message: str) -> CaseEvent:
    return CaseEvent(kind=kind, message=message, public=True, data={})


def test_besluit_and_bekendmaking_mail_the_initiator_with_the_link():
    case = _case(summary={"rechtsmiddel": {"soort": "bezwaar", "tot": "2026-05-14"}})
    facts = Facts(
        case,
        [
            _event("besluit", "Besluit genomen op 2 april 2026: de vergunning is verleend."),
            _event("bekendmaking", "Besluit bekendgemaakt op 2 april 2026."),
        ],
        phase_changed=True,
    )
    besluit, termijn = compose.step_mails(facts)
    assert besluit.kind == "besluit" and besluit.to == "coop@ruimtedal.example"
    assert "de vergunning is verleend" in besluit.text
    assert "https://ruimteflow.ruimtedal.example/status/abcdefghijklmnopqrstuvwx" in besluit.text
    assert termijn.kind == "bezwaartermijn"
    assert "tot en met 14 mei 2026 bezwaar maken." in " ".join(termijn.text.split())
    # the phase change of the same step adds no third mail


def test_the_bekendmaking_mail_says_bezwaar_maken_and_beroep_instellen_bij_de_rechtbank():
    """One makes bezwaar (bij de gemeente) and lodges beroep (bij de rechtbank): review status15b, R6."""
    said = {}
    for soort in ("bezwaar", "beroep"):
        case = _case(summary={"rechtsmiddel": {"soort": soort, "tot": "2026-05-14"}})
        facts = Facts(case, [_event("bekendmaking", "Besluit bekendgemaakt op 2 april 2026.")])
        [termijn] = compose.step_mails(facts)
        said[soort] = " ".join(termijn.text.split())
    assert "tot en met 14 mei 2026 bezwaar maken." in said["bezwaar"]
    assert "tot en met 14 mei 2026 beroep instellen bij de rechtbank." in said["beroep"]
    assert "instellen" not in said["bezwaar"] and "maken" not in said["beroep"]


def test_a_phase_change_alone_mails_the_public_phase():
    [mail] = compose.step_mails(Facts(_case(phase="advies en beoordeling"), phase_changed=True))
    assert mail.kind == "fase" and "Advies en beoordeling" in mail.subject
    assert "<strong>Advies en beoordeling</strong>" in mail.html


def test_the_phase_mail_names_the_public_phase_of_fasen_toml_with_its_explanation():
    case = _case(process_id="omgevingsvergunning", phase="advies en beoordeling")
    [mail] = compose.step_mails(Facts(case, phase_changed=True, phase_before="ontvankelijkheid"))
    assert mail.subject.endswith("in een nieuwe fase: Beoordeling")
    assert "advies en beoordeling" not in mail.text.lower()  # no internal phase name
    assert "Vakspecialisten en adviseurs beoordelen uw plan" in mail.text


def test_an_internal_phase_change_inside_one_public_phase_sends_no_mail():
    case = _case(process_id="omgevingsvergunning", phase="aanvulling gevraagd")
    facts = Facts(case, phase_changed=True, phase_before="ontvankelijkheid")  # both: volledigheid
    assert compose.step_mails(facts) == []


def test_html_escapes_what_the_initiator_typed():
    case = _case(title="<script>x</script>", started_by="coop")  # its own address: the typed title is told
    [mail] = compose.step_mails(Facts(case, started=True, session=Accounts(coop="Coop@Ruimtedal.example")))
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html
    assert "<script>x</script>" in mail.text  # plain text stays as typed


def test_no_address_no_mail_and_no_change_no_mail():
    assert compose.step_mails(Facts(_case(initiator_email=None), started=True)) == []
    assert compose.step_mails(Facts(_case())) == []


def test_a_verdaging_is_mailed_with_the_new_last_day_and_the_reason():
    """Tester finding: a verdaging moved the last day from 28 April to 8 June and no mail went out; the
    applicant's only mail still said 'uiterlijk 28 april'. Awb 4:14 lid 3 and Ow 16.64 lid 2: the
    verdaging is made known to the applicant before the term ends."""
    case = _case(
        uiterlijke_einddatum_afdoening=date(2026, 6, 8),
        verlenging={
            "duur_weken": 6,
            "reden": "het advies van de omgevingsdienst",
            "besloten_op": "2026-04-20",
        },
    )
    event = _event(
        "verdaging", "Beslistermijn verdaagd met 6 weken: nieuwe uiterste beslisdatum 8 juni 2026."
    )
    [mail] = compose.step_mails(Facts(case, [event], phase_changed=True))
    assert mail.kind == "verdaging" and mail.to == "coop@ruimtedal.example"
    assert "8 juni 2026" in mail.subject and "Z-2026-000007" in mail.subject
    for text in (mail.text, mail.html):
        assert "6 weken" in text and "8 juni 2026" in text and "het advies van de omgevingsdienst" in text
        assert "https://ruimteflow.ruimtedal.example/status/abcdefghijklmnopqrstuvwx" in text


def test_a_besluit_sent_later_is_not_told_as_made_known_already():
    """Tester finding (meldingen 5): with a verzenddatum a week ahead the mail said the besluit 'is
    bekendgemaakt' (subject and body) on the day it was taken. Awb 3:41: it is made known by sending."""
    rm = {"soort": "bezwaar", "van": "2026-04-09", "tot": "2026-05-21"}
    event = _event(
        "bekendmaking",
        "Het besluit wordt verzonden op 9 april 2026 en is dan bekendgemaakt. Bezwaar is mogelijk tot en "
        "met 21 mei 2026.",
    )
    [mail] = compose.step_mails(Facts(_case(summary={"rechtsmiddel": rm}), [event]))
    assert mail.kind == "bezwaartermijn"
    assert mail.subject == "Het besluit op uw aanvraag Z-2026-000007 wordt op 9 april 2026 verzonden"
    for text in (mail.text, mail.html):
        assert "is bekendgemaakt" not in text
        assert "9 april 2026" in " ".join(text.split()) and "21 mei 2026" in text
        # Awb 6:10 lid 1: a bezwaar sent before the letter, once the besluit is taken, is admissible
        assert "vanaf de dag na de verzending" not in " ".join(text.split())
    sent_today = {**rm, "van": "2026-04-02", "tot": "2026-05-14"}
    event = _event("bekendmaking", "Besluit bekendgemaakt op 2 april 2026.")
    [mail] = compose.step_mails(Facts(_case(summary={"rechtsmiddel": sent_today}), [event]))
    assert mail.subject == "Het besluit op uw aanvraag Z-2026-000007 is bekendgemaakt"


def test_the_phase_mail_uses_the_procedures_own_phase_name():
    """An uitgebreide case's phase after the besluit is 'Beroepstermijn' (beroep at the rechtbank, no
    bezwaar), as the status page says (commit ee00fd3); the mail said 'Bezwaartermijn'."""
    case = _case(
        process_id="omgevingsvergunning",
        phase="bezwaar- en beroepstermijn",
        deadline_info={"procedure": "uitgebreid"},
    )
    [mail] = compose.step_mails(Facts(case, phase_changed=True, phase_before="besluit"))
    assert mail.subject.endswith("in een nieuwe fase: Beroepstermijn")
    assert "bezwaar maken bij de gemeente kan niet" in mail.text
    case = _case(
        process_id="omgevingsvergunning",
        phase="bezwaar- en beroepstermijn",
        deadline_info={"procedure": "regulier"},
    )
    [mail] = compose.step_mails(Facts(case, phase_changed=True, phase_before="besluit"))
    assert mail.subject.endswith("in een nieuwe fase: Bezwaartermijn")


#: what the outside tester typed on the anonymous form, with a stranger's address (MEDIUM finding)
PHISHING_NAME = (
    "klant. LET OP: uw aanvraag wordt pas behandeld na betaling van de leges (EUR 385) via "
    "gemeente-ruimtedal-betalen.nl/leges of op NL12ABNA0123456789 t.n.v. Gemeente Ruimtedal Inning"
)
PHISHING_TITLE = "Bel direct 0900-1234 of ga naar digid-herstel.nl/nu"
LINK = "https://ruimteflow.ruimtedal.example/status/abcdefghijklmnopqrstuvwx"


def _typed_words_in(mail: Any) -> list[str]:
    parts = (mail.subject, mail.text, mail.html)
    return [w for w in ("LET OP", "NL12ABNA", "0900-1234", "digid-herstel") if any(w in p for p in parts)]


def test_the_receipt_to_an_address_nobody_verified_repeats_nothing_the_sender_typed():
    """Outside tester (MEDIUM): the anonymous form's receipt said "Beste klant. LET OP: ... betaling ..." to
    the stranger whose address was given. Now it greets the aanvrager and names the case by its zaaknummer,
    the procedure's name and the receipt day."""
    case = _case(initiator=PHISHING_NAME, title=PHISHING_TITLE, started_by=None)  # nobody logged in
    [mail] = compose.step_mails(Facts(case, started=True))
    assert _typed_words_in(mail) == []
    flat = " ".join(mail.text.split())
    assert flat.startswith("Beste aanvrager,") and "<p>Beste aanvrager,</p>" in mail.html
    assert 'uw aanvraag "Omgevingsvergunning" ontvangen op 2 maart 2026' in flat
    assert "<strong>Omgevingsvergunning</strong>" in mail.html
    for text in (mail.text, mail.html):
        assert "Z-2026-000007" in text and LINK in text


def test_the_later_mails_to_such_an_address_repeat_nothing_typed_either():
    case = _case(initiator=PHISHING_NAME, title=PHISHING_TITLE, phase="advies en beoordeling")
    [mail] = compose.step_mails(Facts(case, phase_changed=True))
    assert mail.kind == "fase" and _typed_words_in(mail) == []
    assert "Beste aanvrager" in mail.text and "Z-2026-000007" in mail.text and LINK in mail.text


def test_an_accounts_start_for_an_address_not_its_own_repeats_nothing_typed():
    """An account without an address of its own (or a behandelaar registering a case) gave the intake
    address: nobody verified that it is the typist's."""
    case = _case(initiator=PHISHING_NAME, title=PHISHING_TITLE, started_by="eva")
    [mail] = compose.step_mails(Facts(case, started=True, session=Accounts(eva="eva@ruimtedal.example")))
    assert _typed_words_in(mail) == [] and "Beste aanvrager" in mail.text


def test_an_initiators_start_with_its_own_verified_address_is_told_its_own_words():
    case = _case(started_by="coop")
    [mail] = compose.step_mails(Facts(case, started=True, session=Accounts(coop="coop@ruimtedal.example")))
    assert "Beste Energiecoöperatie Ruimtedal" in mail.text and '"Zonnedak sporthal"' in mail.text
    assert "<strong>Zonnedak sporthal</strong>" in mail.html
