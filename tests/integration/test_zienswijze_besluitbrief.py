"""The besluit letter and its editor keep every zienswijze after another branch completes a step (review
sessie11e, 1).

An uitgebreide case with a zienswijze (in the term, or registered while 'Besluit nemen' is open) asked for
"het antwoord op zienswijze nr. 1" until the bewaking of the beslistermijn completed a step ('Beslistermijn
verloopt binnenkort', 20 August): the case's ``gegevens`` became that branch's task data, which has no
zienswijzen, and the letter and the editor read them there. The draft lost its zienswijzen paragraph, the
final besluit could be made without answering it (Awb 3:46, 6:13), and the editor offered nothing to
answer. Now each zienswijze is also recorded in the case summary (``ingediende_zienswijzen``) when it is
registered, and the letter and the editor read it there.

Dates as in test_zienswijze_postweek: ter inzage 4 March to 14 April 2026, post week until 21 April.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pypdf
import pytest

from processes.errors import ValidationError
from services import cases
from services.clock import today
from services.documents import open_version
from services.documents.besluit import draft_besluit, finalise_besluit
from services.documents.besluit_context import BesluitInvoer
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.besluit_steps import ontwerp_ter_inzage
from tests.integration.test_omgevingsvergunning import Omgeving
from web.faces.besluit import editor

z, locatie = ov.z, ov.locatie

BEWAKING = datetime(2026, 8, 20, 7, tzinfo=UTC)  # 'Beslistermijn verloopt binnenkort' becomes ready
ANTWOORD = "De verkeersdrukte blijft binnen de norm."


def _invoer(z: Omgeving, **antwoorden: str) -> BesluitInvoer:
    dag = today(z.clock)
    return BesluitInvoer(
        uitkomst="verlenen",
        motivering="Zie de overwegingen.",
        besluitdatum=dag,
        verzenddatum=dag,
        zienswijze_antwoorden={int(k.removeprefix("nr")): v for k, v in antwoorden.items()},
    )


def _pdf_text(z: Omgeving, doc_id: int) -> str:
    _, stream = open_version(z.p, doc_id, "tom")
    with stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _after_another_branch_step(z: Omgeving) -> None:
    """The bewaking's task becomes ready and is completed: its data become the case's ``gegevens``."""
    case = z.op(BEWAKING)
    assert "Beslistermijn verloopt binnenkort" in [t["naam"] for t in case["open_taken"]]
    z.doe("tom", "Beslistermijn verloopt binnenkort", {})
    assert "zienswijzen" not in z.zaak()["samenvatting"]["gegevens"]  # the branch's data hold none


def _asks_for_the_answer_and_lists_it(z: Omgeving) -> None:
    draft = draft_besluit(z.p, z.ref, "tom", _invoer(z))
    assert "ter inzage gelegen" in draft["html"]
    assert draft["ontbreekt"] == ["het antwoord op zienswijze nr. 1"]
    assert [zw["nummer"] for zw in editor(["verlenen"], z.zaak(), {})["zienswijzen"]] == [1]
    with pytest.raises(ValidationError, match="het antwoord op zienswijze nr. 1"):
        finalise_besluit(z.p, z.ref, "tom", _invoer(z))
    doc = finalise_besluit(z.p, z.ref, "tom", _invoer(z, nr1=ANTWOORD))
    tekst = _pdf_text(z, doc["id"])
    assert "Zienswijze nr. 1 van indiener 1" in tekst and ANTWOORD in tekst


def test_a_zienswijze_in_the_term_stays_in_the_letter_after_another_branch_completes_a_step(
    z: Omgeving,
) -> None:
    ontwerp_ter_inzage(z)
    z.op(datetime(2026, 3, 20, 8, tzinfo=UTC))
    z.bericht("zienswijze", {"indiener": "A. de Vries", "inhoud": "Het verkeer."})
    z.op(datetime(2026, 4, 22, 7, tzinfo=UTC))
    _after_another_branch_step(z)
    _asks_for_the_answer_and_lists_it(z)
    assert z.zaak()["samenvatting"]["ingediende_zienswijzen"][0]["inhoud"] == "Het verkeer."


def test_a_zienswijze_registered_at_the_besluit_stays_in_the_letter_after_another_branch_step(
    z: Omgeving,
) -> None:
    ontwerp_ter_inzage(z)
    z.op(datetime(2026, 4, 22, 7, tzinfo=UTC))  # 'Besluit nemen' is open
    payload = {"indiener": "B", "inhoud": "Na ontvangst.", "ontvangen_op": "2026-04-21"}
    z.bericht("zienswijze", {**payload, "ter_post_bezorgd_op": "2026-04-14"})
    _after_another_branch_step(z)
    _asks_for_the_answer_and_lists_it(z)
    taak = z.taak("tom", "Besluit nemen")["id"]
    case = cases.complete_task(
        z.p, taak, "tom", {"besluit": "verlenen", "motivering": "Zie de overwegingen."}
    )
    assert case["samenvatting"]["besluit"]["zienswijzen"] == 1


def test_a_second_zienswijze_on_another_branch_gets_the_next_number(z: Omgeving) -> None:
    """One in the term, one while 'Besluit nemen' is open: numbered 1 and 2, both in the case's record."""
    ontwerp_ter_inzage(z)
    z.op(datetime(2026, 3, 20, 8, tzinfo=UTC))
    z.bericht("zienswijze", {"indiener": "A", "inhoud": "Eerste."})
    z.op(datetime(2026, 4, 22, 7, tzinfo=UTC))
    z.bericht("zienswijze", {"indiener": "B", "inhoud": "Tweede.", "ontvangen_op": "2026-04-21"})
    _after_another_branch_step(z)
    vastgelegd = z.zaak()["samenvatting"]["ingediende_zienswijzen"]
    assert [(zw["nummer"], zw["inhoud"]) for zw in vastgelegd] == [(1, "Eerste."), (2, "Tweede.")]
    assert draft_besluit(z.p, z.ref, "tom", _invoer(z))["ontbreekt"] == [
        "het antwoord op zienswijze nr. 1",
        "het antwoord op zienswijze nr. 2",
    ]
