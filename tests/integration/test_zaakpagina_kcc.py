"""The officer's case page tells a klantcontactcentrum employee the story the status page tells the
applicant (review status15b, R6): who holds the case, which letters it expects now and what they are.

On an uitgebreide case: "Ligt bij: Belanghebbenden" during the terinzagelegging, where the page's own
holder timeline and the status page said "Terinzagelegging"; "Verwachte berichten: Ingebrekestelling" on
day 1 while the beslistermijn ran; after the besluit "Verwachte berichten: Bezwaar" and a form offering
"Bezwaar" where only beroep at the rechtbank is open; and "beroeptermijn" without its s.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from services import users
from tests.e2e.harness import logged_in
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie
PW = "geheim-wachtwoord-1"


def _text(page: str) -> str:
    """The page's <main> as lines of text."""
    found = re.search(r"<main.*?</main>", page, re.S)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", found.group(0) if found else page, flags=re.S)
    body = re.sub(r"<(br|/p|/li|/dd|/dt|/h\d|/div|/section|li|dt|tr|/tr|/td|/th|option)[^>]*>", "\n", body)
    body = html.unescape(re.sub(r"<[^>]+>", " ", body))
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in body.splitlines())
    return "\n".join(line for line in lines if line)


def _officer(z: Omgeving) -> Any:
    users.add_user(
        z.p, "anna", groups=["Vergunningen"], role="vergunningverlener", password=PW, bijwerken=True
    )
    app = create_app(z.p.settings, platform=z.p)
    app.config["TESTING"] = True
    return logged_in(app, "anna", PW)


def _case_page(z: Omgeving) -> str:
    return _text(_officer(z).get(f"/zaken/{z.ref}").text)


def _status_page(z: Omgeving, code: str) -> str:
    return _text(create_app(z.p.settings, platform=z.p).test_client().get(f"/status/{code}").text)


def _row(text: str, label: str) -> str | None:
    """The value of a row of "Gegevens"."""
    found = re.search(rf"\n{label}\n(.*)\n", text)
    return found.group(1) if found else None


def _offered(text: str) -> list[str]:
    """The letters the form 'Bericht registreren' offers."""
    return text.split("Soort bericht\n")[1].split("\nOntvangen op")[0].splitlines()


def _uitgebreid(z: Omgeving) -> str:
    return str(z.start_uitgebreid(email="jansen@example.org")["volgcode"])


def _ontwerp_ter_inzage(z: Omgeving) -> str:
    """``_uitgebreid`` with its assessment done and an ontwerp to grant laid down two days later."""
    code = _uitgebreid(z)
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    return code


def test_while_the_beslistermijn_runs_the_page_expects_no_ingebrekestelling(z: Omgeving) -> None:
    _uitgebreid(z)
    page = _case_page(z)
    assert _row(page, "Verwachte berichten") == "Intrekking"
    assert _offered(page) == ["Intrekking"]


def test_during_the_terinzagelegging_the_case_lies_with_the_term_as_its_timeline_says(z: Omgeving) -> None:
    code = _ontwerp_ter_inzage(z)
    z.op(datetime(2026, 3, 20, 8, 0, tzinfo=UTC))
    page, status = _case_page(z), _status_page(z, code)
    assert _row(page, "Ligt bij") == "Terinzagelegging"
    assert "Nu bij: Terinzagelegging" in page and "Nu bij: Terinzagelegging" in status


def test_after_an_uitgebreide_besluit_the_page_names_the_beroep_and_its_term(z: Omgeving) -> None:
    code = _ontwerp_ter_inzage(z)
    z.op(datetime(2026, 4, 22, 8, 0, tzinfo=UTC))
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "x"})
    assert _row(_case_page(z), "Stand") == "het besluit wordt vandaag verzonden"  # the term from tomorrow
    z.op(datetime(2026, 4, 23, 8, 0, tzinfo=UTC))  # the beroepstermijn's first day (Awb 6:8)
    page, status = _case_page(z), _status_page(z, code)
    assert _row(page, "Verwachte berichten") == "Beroep bij de rechtbank"
    assert _offered(page) == ["Beroep bij de rechtbank"]
    assert "Bezwaar" not in _offered(page)
    assert _row(page, "Stand") == "beroepstermijn loopt tot en met 3 juni 2026"
    assert "beroepstermijn loopt tot en met 3 juni 2026" in status
    assert "beroeptermijn" not in page + status
