"""The texts of a received message follow the process variable its case's model stores it in, not its name.

The case file showed a message's texts (``berichten``) to whoever read ``samenvatting.gegevens.<bericht>``,
as if the model's messageVariable were always the message's name. The netbeheerder's answer
(``netbeheerder_antwoord``) lands in ``netbericht``: a municipality whose autorisatie.toml hides
``samenvatting.gegevens.netbericht`` from its advisers still showed them the text of every answer. Now each
history line keeps the variables the case's model caught its message into (services.berichten,
``variabelen``) and the policy asks those; a line that names none, only who reads every field (fail
closed). On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from services import case_queries, cases, users
from services.config import SHIPPED_BPMN_DIR
from services.platform import Platform
from services.store.models import CaseEvent
from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform, locatiecheck_met
from tests.integration.test_windpark import start

NETBERICHT = "samenvatting.gegevens.netbericht"
TEKST = "Er is ruimte op onderstation Oost vanaf 2027."
ANTWOORD = {"uitkomst": "capaciteit", "inhoud": TEKST}


@pytest.fixture
def wp(any_platform: Platform) -> tuple[Platform, str]:
    """A windpark whose transportverzoek the netbeheerder (nina) answered, with an advice task for Milieu
    (mo, an adviser: kind medewerker); the platform and the case's reference."""
    energie_platform(any_platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    users.add_user(any_platform, "nina", groups=["Netbeheerder"], role="adviseur")
    users.add_user(any_platform, "mo", groups=["Milieu"], role="adviseur")
    ref = str(start(any_platform, 3.0)["zaak"])
    cases.send_message(any_platform, ref, "netbeheerder_antwoord", ANTWOORD, actor="nina")
    return any_platform, ref


def _hiding(tmp_path: Path, entry: str) -> str:
    """A model folder whose autorisatie.toml is the shipped one with [velden] medewerker leaving ``entry`` out."""
    text = (SHIPPED_BPMN_DIR / "autorisatie.toml").read_text(encoding="utf-8")
    medewerker = 'medewerker = [\n    "*",\n'
    assert text.count(medewerker) == 1
    (tmp_path / "autorisatie.toml").write_text(
        text.replace(medewerker, f'{medewerker}    "!{entry}",\n'), encoding="utf-8"
    )
    return str(tmp_path)


def _texts(p: Platform, ref: str, user: str) -> list[tuple[str, str | None]]:
    return [(b["bericht"], b["tekst"]) for b in case_queries.case_file(p, ref, user)["berichten"]]


def test_a_policy_hiding_the_answers_variable_hides_its_texts(
    wp: tuple[Platform, str], tmp_path: Path
) -> None:
    p, ref = wp
    assert _texts(p, ref, "mo") == [("netbeheerder_antwoord", TEKST)]  # shipped: advisers read netbericht
    p.settings = p.settings.with_(bpmn_dir=_hiding(tmp_path, NETBERICHT))
    seen = case_queries.case_file(p, ref, "mo")
    assert seen["berichten"] == [] and TEKST not in json.dumps(seen)
    [line] = case_queries.case_file(p, ref, "pim")["berichten"]  # the projectleider reads every field
    assert (line["tekst"], line["variabelen"]) == (
        TEKST,
        ["netbericht"],
    )  # where transportverzoek.bpmn has it


def test_a_line_that_names_no_variable_shows_its_text_only_to_who_reads_every_field(
    wp: tuple[Platform, str],
) -> None:
    """A line that kept its text before the lines named their variables: its kind's variable is not known,
    so an adviser, whose [velden] list leaves parts of the case data out, does not read it. A line that kept
    no text (written before the texts were kept) says only that the message came, as before."""
    p, ref = wp

    def written(data: dict[str, str]) -> None:
        with p.uow() as uow:
            uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "bericht")).one().data = data
            uow.commit()

    written({"bericht": "netbeheerder_antwoord", "tekst": TEKST})
    assert _texts(p, ref, "mo") == []
    assert _texts(p, ref, "pim") == [("netbeheerder_antwoord", TEKST)]
    written({"bericht": "netbeheerder_antwoord"})
    assert _texts(p, ref, "mo") == _texts(p, ref, "pim") == [("netbeheerder_antwoord", None)]
