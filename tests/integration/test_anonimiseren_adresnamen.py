"""The local part of a person's e-mail address, standing alone in a kept text, is cut (review sessie11, anon11
item 3).

Tester finding: the anonymisation cut a learned address whole ("piet.jansen@example.nl") but kept its local
part where a title named it alone ("Schuur piet.jansen"): in lower case, no word of the name is written as
a name, so nothing cut it, and it names the person as much as the name does. Now a learned address's local
part is cut too when it is an identifier and no word: at least 6 characters with a dot, an underscore or a
digit ("piet.jansen", "mvd_1985"), or the person's name words run together, with at most one initial in front
("pjansen", "pietjansen"). A role address's local part ("info", "post") and a local part that is one word
("jansen": cut only where written as a name, as "Jansen") stay, and so do the words around them.
"""

from __future__ import annotations

from services.mail.retention import REMOVED
from tests.integration.bewaren_helpers import prepare
from tests.integration.test_anonimiseren_namen import _anonymised, _start

ADRESSEN = {  # the case's e-mail addresses: the applicant's (AANVRAAG's email), more in its form
    "email": "piet.jansen@example.nl",
    "email_partner": "mvd_1985@mail.nl",
    "email_werk": "pjansen@bedrijf.nl",
    "email_thuis": "jansen@thuis.nl",
    "email_aannemer": "info@bouwbedrijf.nl",
    "email_gemeente": "post@gemeente.nl",
}


def test_a_persons_address_local_part_is_cut_where_it_stands_alone(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(platform, initiator="Piet Jansen", initiator_type="inwoner", data=ADRESSEN,
                  title="Schuur piet.jansen (MVD_1985, pjansen): info en post via jansen-bouw")  # fmt: skip
    title, data = _anonymised(platform, zaak)
    assert title == f"Schuur {REMOVED} ({REMOVED}, {REMOVED}): info en post via jansen-bouw"
    assert {data[k] for k in ADRESSEN} == {REMOVED}


def test_name_words_joined_by_a_hyphen_or_with_an_initial_behind_are_cut_too(any_platform, tmp_path):
    """Review sessie11: "piet-jansen", "p-jansen" and "jansen.p" are made of the person's name words and an
    initial as much as "piet.jansen" is, and stayed. A hyphenated word of the text that is no local part of
    a learned address ("zonne-energie", "jansen-bouw") still stays."""
    platform = any_platform
    prepare(platform, tmp_path)
    data = {
        "email_werk": "piet-jansen@bedrijf.nl",
        "email_thuis": "p-jansen@thuis.nl",
        "email_oud": "jansen.p@oud.nl",
    }
    zaak = _start(platform, initiator="Piet Jansen", initiator_type="inwoner", data=data,
                  title="Zonne-energie piet-jansen, p-jansen en jansen.p via jansen-bouw")  # fmt: skip
    title, _ = _anonymised(platform, zaak)
    assert title == f"Zonne-energie {REMOVED}, {REMOVED} en {REMOVED} via jansen-bouw"


def test_a_local_part_that_is_a_word_of_the_language_is_not_cut_from_texts(any_platform, tmp_path):
    """Review sessie11c: with an initial behind allowed without a separator, Sanne Bakker's "bakkers@..."
    cut "voor twee bakkers" from every kept text (and Eva de Jong's "jonge@..." "drie jonge eiken")."""
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = _start(platform, initiator="Sanne Bakker", initiator_type="inwoner",
                  data={"email_werk": "bakkers@bedrijf.nl", "email_thuis": "jonge@thuis.nl"},
                  title="Kas voor twee bakkers met drie jonge eiken")  # fmt: skip
    title, _ = _anonymised(platform, zaak)
    assert title == "Kas voor twee bakkers met drie jonge eiken"
