"""The text of a besluit as a jurist reads it (review besluit14): the receipt it dates, and more.

The case of ``tests/integration/test_besluit.py`` (a regulier permit, received 3 February 2025, made final
and sent on 17 April 2025) is the starting point; each test changes what its finding is about.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from processes.errors import ValidationError
from services.documents.besluit import draft_besluit
from services.store.models import Case, CaseConflict
from tests.integration.test_besluit import GEGEVENS, invoer, zaak  # noqa: F401 (fixture)


def _set(platform, ref, **values):  # type: ignore[no-untyped-def]
    with platform.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == ref).values(**values))
        uow.commit()


def _html(platform, ref, gegevens=GEGEVENS, **kw):  # type: ignore[no-untyped-def]
    return " ".join(draft_besluit(platform, ref, "anna", invoer(**kw), gegevens)["html"].split())


def test_the_besluit_dates_the_permits_own_receipt(platform, zaak):  # noqa: F811
    """Review besluit14, 4: a windpark's permit besluit printed 'Ontvangen 5 januari 2026', the day the
    initiative was registered, while the permit's ontvangstbevestiging said 21 January."""
    _set(platform, zaak["zaak"], deadline_info={"procedure": "regulier", "ontvangen": "2025-02-21"})
    html = _html(platform, zaak["zaak"])
    assert "<td>Ontvangen</td><td>21 februari 2025</td>" in html
    # a besluit cannot be taken before the application it decides on came in
    with pytest.raises(ValidationError) as err:
        _html(platform, zaak["zaak"], besluitdatum=date(2025, 2, 20), verzenddatum=date(2025, 2, 21))
    assert err.value.code == "besluitdatum-voor-ontvangst" and "21 februari 2025" in err.value.detail


def test_a_rule_met_by_several_features_is_one_point_with_their_distances(platform, zaak):  # noqa: F811
    """Review besluit14, 6: a windpark's besluit printed the same conflict paragraph five times, once per
    home within 500 m (at 257 to 493 m)."""
    with platform.uow() as uow:
        case_id = uow.session.query(Case.id).filter(Case.reference == zaak["zaak"]).scalar()
        for feature, afstand in (("w-2", 493.2), ("w-1", 257.4), ("w-3", 301.0)):
            uow.session.add(
                CaseConflict(
                    case_id=case_id,
                    regel="wt-woning-afstand",
                    laag="woningen",
                    feature_id=feature,
                    ernst="blokkerend",
                    afdeling="Milieu",
                    beschrijving="Windturbine binnen 500 m van een woning",
                    bron="Gemeentelijk beleid Ruimtedal",
                    afstand_m=afstand,
                )
            )
        uow.commit()
    html = _html(platform, zaak["zaak"])
    assert html.count("Windturbine binnen 500 m van een woning") == 1
    assert "Dit punt geldt voor drie objecten, op 257 m, 301 m en 493 m." in html
    assert html.count("Woning binnen 400 m van een windturbine") == 1  # the fixture's own, one feature
