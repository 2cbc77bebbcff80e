"""The refusal of a receipt day before 1 October 2010: true of every procedure (services.cases reads the
start data's ``ontvangen`` of a windpark, transportverzoek or wijkuitvoeringsplan with it too); only the
permit's own check names the Wabo, whose procedures it runs."""

from __future__ import annotations

from datetime import date

import pytest

from processes import vergunning as v
from processes.errors import ValidationError
from processes.termijnen.datums import ontvangstdag

VANDAAG = date(2026, 3, 2)


def test_a_receipt_day_before_2010_is_refused_without_naming_the_wabo() -> None:
    with pytest.raises(ValidationError) as info:
        ontvangstdag("1900-01-01", VANDAAG)  # a windpark's or transportverzoek's start data
    assert (info.value.code, info.value.extra["veld"]) == ("ontvangen-te-vroeg", "ontvangen")
    assert info.value.detail == (
        "De ontvangstdatum 1 januari 1900 ligt vóór 1 oktober 2010, de vroegste ontvangstdatum van een zaak "
        "in Ruimteflow; die datum kan niet kloppen. Controleer het jaartal."
    )


def test_the_permit_names_the_wabo_as_its_earliest_law() -> None:
    data = {"activiteiten": ["technische_bouwactiviteit"], "regime": "wabo", "ontvangen": "2010-09-30"}
    with pytest.raises(ValidationError) as info:
        v.normaliseer_aanvraag(data, vandaag=VANDAAG)
    assert info.value.code == "ontvangen-te-vroeg"
    assert info.value.detail == (
        "De ontvangstdatum 30 september 2010 ligt vóór 1 oktober 2010, toen de Wabo in werking trad; zo oud "
        "kan een aanvraag omgevingsvergunning niet zijn. Controleer het jaartal."
    )
