"""The labels of the case file's data and its amounts in euros (review20, 9c: "bedrag euro 161",
"maximum bereikt nee", "feestdagen onzeker nee" on the zaak and taak pages)."""

from __future__ import annotations

import pytest

from web.faces.filters import euro, label


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("bedrag_euro", "Bedrag"),
        ("maximum_bereikt", "Maximum bereikt"),
        ("feestdagen_onzeker", "Feestdagen van dat jaar nog niet bekendgemaakt"),
        ("vermogen_mw", "Vermogen (MW)"),
        ("lokaal_eigendom_pct", "Lokaal eigendom (%)"),
        ("uiterlijkeEinddatumAfdoening", "Uiterlijke einddatum afdoening"),
        ("euro", "Euro"),  # a unit alone is the word
    ],
)
def test_a_key_reads_as_its_label(key, shown):
    assert label(key) == shown


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(161, "€ 161"), (1260, "€ 1.260"), (12.5, "€ 12,50"), (0, "€ 0"), (1441.999, "€ 1.442")],
)
def test_an_amount_in_euros(amount, shown):
    assert euro(amount) == shown
