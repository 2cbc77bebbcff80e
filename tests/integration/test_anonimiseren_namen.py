"""The kept title and project name lose the initiator's name in any form (review sessie10, anon3 item 3).

The anonymisation cut the initiator's name from the texts it keeps only as the whole text that was typed
("Piet Jansen"): a title "Dakkapel fam. Jansen" or a windpark named "Zonneweide Jansen" kept the surname,
and a name the initiator's account holds ("Pieter Jansen", from DigiD) that the form spelled otherwise
("P. Jansen") was not cut at all. Now, when the initiator is a person (services.zgw.payloads'
initiator_betrokkene_type), each part of its names (no initial, no tussenvoegsel) is cut too, and the
names and e-mail addresses of its linked accounts are learned. An organisation's name is cut as the whole
name only: its words ("Zonnedorp") are the plan's, not a person's."""

from __future__ import annotations

from datetime import date

import pytest

from services import cases, users
from services.bewaren.anonimiseren import anonimiseer
from services.bewaren.termijn import vervallen
from services.engine import stored
from services.mail.retention import REMOVED
from services.store.models import Case, WorkflowState
from tests.integration.bewaren_helpers import AANVRAAG, close, prepare

BROKER = "id-0123456789abcdef01234567"


def _start(platform, user="piet", **kw):
    data = {**AANVRAAG, "initiatiefnemer": kw["initiator"], **kw.pop("data", {})}
    return cases.start_case(platform, "vergunning_klein", data, user=user, **kw)


def _anonymised(platform, zaak) -> tuple[str, dict]:
    close(platform, zaak)
    [item] = list(vervallen(platform, date(2027, 3, 2)))
    assert anonimiseer(platform, item).uitkomst == "geanonimiseerd"
    with platform.uow(write=False) as uow:
        s = uow.session
        data = stored.workflow_data(stored.parse(s.get(WorkflowState, zaak["id"]).document))
        return s.get(Case, zaak["id"]).title, data


def test_a_title_and_project_name_with_only_the_surname_lose_it(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(platform, initiator="Piet van der Jansen", initiator_type="particulier",
                  title="Dakkapel fam. Jansen, 1 mei", data={"intake": {"naam": "Zonneweide Jansen"}})  # fmt: skip
    title, data = _anonymised(platform, zaak)
    assert title == f"Dakkapel fam. {REMOVED}, 1 mei"  # "van", "der" and a month are no name of their own
    assert data["intake"]["naam"] == f"Zonneweide {REMOVED}"


def test_the_name_the_initiators_account_holds_is_cut_too(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    users.add_user(platform, BROKER, groups=[], role="initiatiefnemer", display_name="Pieter Jansen",
                   email="p.jansen@example.nl", door="eerste inlog via OIDC")  # fmt: skip
    zaak = _start(platform, BROKER, initiator="P. Jansen", initiator_type="inwoner",
                  title="Aanbouw voor Pieter")  # fmt: skip
    title, _ = _anonymised(platform, zaak)
    assert title == f"Aanbouw voor {REMOVED}"


def test_an_organisations_name_is_cut_as_a_whole(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(platform, initiator="Energiecoöperatie Zonnedorp", initiator_type="energiecoöperatie",
                  title="Zonnepark Zonnedorp van Energiecoöperatie Zonnedorp")  # fmt: skip
    title, _ = _anonymised(platform, zaak)
    assert title == f"Zonnepark Zonnedorp van {REMOVED}"


def test_a_word_of_a_persons_name_is_cut_where_it_is_written_as_a_name(any_platform, tmp_path):
    """Review sessie10 5: common surnames are plan words too ("De Groot": "groot onderhoud"; "Van Dijk":
    "dijk"). A word of a person's name is cut where it is written as a name (with a capital), the whole
    name wherever it appears."""
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(platform, initiator="A. de Groot", initiator_type="inwoner",
                  title="Dakkapel fam. Groot, groot onderhoud aan de GROOT-gevel na schouw A. de Groot")  # fmt: skip
    title, _ = _anonymised(platform, zaak)
    assert title == f"Dakkapel fam. {REMOVED}, groot onderhoud aan de {REMOVED}-gevel na schouw {REMOVED}"


def test_a_name_typed_in_capitals_is_cut_in_its_usual_spelling(any_platform, tmp_path):
    """Review sessie10b 2: an initiator typed "PIETERNEL JANSEN-DE BOER"; a text naming "mw. Jansen" or
    "De Boer" kept it (the forms were built from the typed capitals only)."""
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(platform, initiator="PIETERNEL JANSEN-DE BOER", initiator_type="inwoner",
                  title="Dakkapel mw. Jansen, De Boer, Pieternel")  # fmt: skip
    title, _ = _anonymised(platform, zaak)
    assert title == f"Dakkapel mw. {REMOVED}, De {REMOVED}, {REMOVED}"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("MARIEKE IJZERMAN", "mw. IJzerman"),
        ("marieke ijzerman", "mevrouw IJzerman"),
        ("SEAN MCDONALD", "mr. McDonald"),
        ("ANNE D'ANCONA", "mw. D'Ancona"),
    ],
)
def test_a_name_word_is_cut_however_the_text_capitalises_it(any_platform, tmp_path, typed, written):
    """Review sessie10c 1: Dutch capitalises IJ as one letter ("IJzerman"), and names have inner capitals
    ("McDonald", "D'Ancona"): a word of the name written as a name (with a capital) is cut in any of them."""
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(
        platform, initiator=typed, initiator_type="inwoner", title=f"Dakkapel {written}, ijzeren hek"
    )
    title, _ = _anonymised(platform, zaak)
    assert title == f"Dakkapel {written.split()[0]} {REMOVED}, ijzeren hek"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Pieter d'Hondt", "dhr. d'Hondt"),  # a particle in lower case is how the name is written
        ("Mirjam ter Horst-d'Oliveira", "mw. d'Oliveira"),
        ("ANNE D'ANCONA", "mevrouw D’Ancona"),  # a straight apostrophe typed, a curly one in the text
        ("Anne D’Ancona", "mevrouw D'Ancona"),
        # review sessie10e 4: other apostrophes people type, and the surname part on its own
        ("Pieter d'Hondt", "dhr. d‘Hondt"),
        ("Pieter d'Hondt", "dhr. dʼHondt"),
        ("Pieter d'Hondt", "dhr. d´Hondt"),
        ("Pieter d'Hondt", "dhr. d`Hondt"),
        ("Pieter d'Hondt", "dhr. Hondt"),
    ],
)
def test_a_name_word_with_an_apostrophe_is_cut_however_it_is_written(any_platform, tmp_path, typed, written):
    """Review sessie10d 1: "d'Hondt" starts with a lower-case letter and is still a name (no plan word has an
    apostrophe inside); and editors turn ' into ’, so the two are one character for a name."""
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(
        platform, initiator=typed, initiator_type="inwoner", title=f"Dakkapel {written}, hondt-regel"
    )
    title, _ = _anonymised(platform, zaak)
    assert title == f"Dakkapel {written.split()[0]} {REMOVED}, hondt-regel"
