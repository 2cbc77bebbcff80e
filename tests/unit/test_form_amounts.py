"""Which fields of a form are amounts in euros is the form's to say, in its JSON Schema (``format``
``euro``): the case file shows them as "€ 250.000" without knowing any field by name."""

from __future__ import annotations

from services.forms import euro_fields
from services.status.application_forms import APPLICATION_FORMS, schema_of


def test_the_permit_application_declares_its_bouwkosten_an_amount_in_euros() -> None:
    assert euro_fields(schema_of(APPLICATION_FORMS["omgevingsvergunning"])) == {"bouwkosten"}


def test_numbers_of_another_unit_are_no_amounts() -> None:
    """The windpark's vermogen (MW), turbines and share (%) are numbers, not euros."""
    assert euro_fields(schema_of(APPLICATION_FORMS["windpark"])) == set()
