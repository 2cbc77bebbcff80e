"""Every message a case receives keeps its text (Archiefwet, AVG art. 15): the process variables keep the
last message of a kind only (a second aanvulling replaced the first's text, which survived as the history
line "Bericht 'aanvulling' ontvangen" without it), so staff could not read what the applicant sent before
and the inzage export gave the applicant only the last text of each kind. Now each ``bericht`` line of the
case history keeps its message's text, documents, indiener and receipt day: the case file shows them all, in
order, to whoever may read the last text of that kind (a bezwaar not to an adviser, as before), and the
export gives the applicant all of hers. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services import case_queries, cases
from services.clock import FixedClock
from services.documents.public import PublicFile
from services.platform import Platform
from services.status.messages import send_public_message
from services.store.models import CaseEvent
from tests.integration import test_omgevingsvergunning as ov
from tests.integration import test_zaakpagina_kcc as kcc
from tests.integration.document_helpers import pdf
from tests.integration.officer_client import officer_anna
from tests.integration.test_omgevingsvergunning import Omgeving
from tests.integration.test_personen_inzage import BEZWAAR, KAREL_BEZWAAR, PETRA, bezwaren
from web import cli

locatie = ov.locatie

EERSTE = "Hierbij de tekening van de aanbouw."
TWEEDE = "Hierbij ook de gevelaanzichten, zoals gevraagd."
GEVRAAGD = {"compleet": False, "ontbrekend": "tekening", "aanvullingstermijn_dagen": 14}


@pytest.fixture
def petra(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> tuple[Omgeving, str]:
    """Petra's permit: two aanvullingen from the status page (the first with a drawing), a day apart, then
    her bezwaar from the status page and a neighbour's, registered by post; the case and its volgcode."""

    def steps(z: Omgeving) -> Any:
        data = {"activiteiten": ["technische_bouwactiviteit"], "email": "petra@example.org"}
        started = cases.start_case(any_platform, "omgevingsvergunning", data, user="anna",
                                   geometry_wkt=ov.PERCEEL, title="Aanbouw Kerkstraat 5", initiator=PETRA,
                                   location_name="Kerkstraat 5")  # fmt: skip
        z.ref, code = started["zaak"], started["volgcode"]
        z.doe("anna", "Ontvankelijkheid", GEVRAAGD)
        drawing = [PublicFile("tekening aanbouw.pdf", io.BytesIO(pdf("tekening")), "bijlage")]
        send_public_message(any_platform, code, "aanvulling", {"tekst": EERSTE}, drawing)
        z.doe("anna", "Ontvankelijkheid", GEVRAAGD)
        z.later(days=1)
        send_public_message(any_platform, code, "aanvulling", {"tekst": TWEEDE, "documenten": "gevels.pdf"})
        bezwaren(z, code)
        return code

    return Omgeving.prepared(any_platform, clock, locatie, "berichten_bewaard.petra", steps)


def _received(z: Omgeving, user: str) -> list[dict[str, Any]]:
    return list(case_queries.case_file(z.p, z.ref, user)["berichten"])


def test_both_aanvullingen_are_in_the_case_file_with_their_receipt(petra) -> None:
    z, _ = petra
    client = officer_anna(z)  # a vergunningverlener: she reads every field
    berichten = _received(z, "anna")
    aanvullingen = [b for b in berichten if b["bericht"] == "aanvulling"]
    assert [b["tekst"] for b in aanvullingen] == [EERSTE, TWEEDE]
    assert [b["documenten"] for b in aanvullingen] == [["tekening aanbouw"], ["gevels.pdf"]]
    first, second = aanvullingen
    assert first["ontvangen_op"] < second["ontvangen_op"] and first["tijdstip"] < second["tijdstip"]
    assert {b["indiener"] for b in aanvullingen} == {"de aanvrager (via de statuspagina)"}
    assert {b["door"] for b in aanvullingen} == {"initiatiefnemer"} and all(b["bewaard"] for b in berichten)
    assert [(b["bericht"], b["tekst"]) for b in berichten[2:]] == [
        ("bezwaar", BEZWAAR),
        ("bezwaar", KAREL_BEZWAAR),
    ]
    # the model still reads the last text of a kind, as before
    assert z.zaak()["samenvatting"]["gegevens"]["aanvulling"]["aanvulling_tekst"] == TWEEDE
    # the case page shows them, oldest first
    page = kcc._text(client.get(f"/zaken/{z.ref}").text)
    shown = page.split("Ontvangen berichten", 1)[1]
    assert shown.index(EERSTE) < shown.index(TWEEDE) < shown.index(BEZWAAR), shown
    assert "tekening aanbouw" in shown and "gevels.pdf" in shown


def test_an_adviser_reads_the_texts_it_read_before_and_no_bezwaar(petra) -> None:
    """Who reads a message's texts is who reads the last text of its kind (README "Autorisatie"): an adviser
    (mila of Milieu) the aanvullingen, not a bezwaar; the bezwaarjurist (jet, who handles it) both."""
    z, _ = petra
    mila = case_queries.case_file(z.p, z.ref, "mila")
    assert [b["tekst"] for b in mila["berichten"]] == [EERSTE, TWEEDE]
    assert BEZWAAR not in json.dumps(mila) and KAREL_BEZWAAR not in json.dumps(mila)
    assert [b["tekst"] for b in _received(z, "jet")][2:] == [BEZWAAR, KAREL_BEZWAAR]
    # the timeline's lines keep only the message's name, as before
    lines = [e for e in mila["tijdlijn"] if e["soort"] == "bericht"]
    assert [e["gegevens"] for e in lines][:2] == [{"bericht": "aanvulling"}] * 2


def test_a_message_received_before_its_text_was_kept_says_so(petra) -> None:
    """A case's earlier messages kept no text (only the last of each kind, in its data): the case file
    lists them, without inventing one."""
    z, _ = petra
    with z.p.uow() as uow:
        first = uow.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == z.zaak()["id"], CaseEvent.kind == "bericht")
            .order_by(CaseEvent.id)
        ).first()
        assert first is not None
        first.data = {"bericht": "aanvulling"}  # as a line written before
        uow.commit()
    old = _received(z, "anna")[0]
    assert (old["bericht"], old["bewaard"], old["tekst"]) == ("aanvulling", False, None)
    page = kcc._text(officer_anna(z).get(f"/zaken/{z.ref}").text)
    assert "De tekst van dit bericht is niet apart bewaard" in page


def _export(z: Omgeving, tekst: str, uit: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """``personen inzage tekst`` of the case's database into ``uit``: its persoonsgegevens.json."""
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(uit.parent))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = z.p.settings.database_url
    assert cli.main(["personen", "inzage", tekst, "--uit", str(uit), "--database", url]) == 0
    capsys.readouterr()
    return (uit / "persoonsgegevens.json").read_text(encoding="utf-8")


def test_the_applicants_export_holds_both_aanvullingen(
    petra, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    z, _ = petra
    text = _export(z, "petra@example.org", tmp_path / "uit", capsys, monkeypatch)
    [case] = json.loads(text)["ingediend"]
    received = [i for i in case["items"] if i["soort"] == "bericht ontvangen"]
    assert [(i["bericht"], i["tekst"]) for i in received] == [
        ("aanvulling", EERSTE),
        ("aanvulling", TWEEDE),
        ("bezwaar", BEZWAAR),
    ]
    assert received[0]["documenten"] == ["tekening aanbouw"] and received[0]["ontvangen_op"]
    assert KAREL_BEZWAAR not in text  # the neighbour's is not hers


YPMA = "Architectenbureau Ypma"


def test_a_letter_whose_text_the_case_data_no_longer_holds_is_in_its_senders_export(
    any_platform: Platform,
    clock: FixedClock,
    locatie: dict[str, Any],
    tmp_path: Path,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An aanvulling registered by post from an architect, then the applicant's own from the status page:
    the case data names the applicant only, so the architect's search found nothing of his letter; its
    history line names him and keeps its text."""
    z = Omgeving(any_platform, clock, locatie)
    code = z.start()["volgcode"]
    z.doe("anna", "Ontvankelijkheid", GEVRAAGD)
    z.bericht(
        "aanvulling", {"indiener": YPMA, "inhoud": EERSTE, "ontvangen_op": clock.now().date().isoformat()}
    )
    z.doe("anna", "Ontvankelijkheid", GEVRAAGD)
    send_public_message(any_platform, code, "aanvulling", {"tekst": TWEEDE})
    text = _export(z, "ypma", tmp_path / "uit", capsys, monkeypatch)
    [case] = json.loads(text)["ingediend"]
    assert (case["zaak"], case["rol"]) == (z.ref, "indiener")
    assert [(i["soort"], i["indiener"], i["tekst"]) for i in case["items"]] == [
        ("bericht ontvangen", YPMA, EERSTE)
    ]
    assert TWEEDE not in text  # the applicant's is not his
