"""Review sessie18, F3: an object wholly outside the municipality that only touches its border read "ligt
deels buiten" (shapely's intersects is true for a shared border alone), in the locatiecheck's warning and
in the application form's refusal. "deels" now needs an overlap of the interiors."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import shapely

from gis.api import outside_area
from processes.errors import ValidationError
from services import gemeentegebied
from services.gemeente_area import Gemeentegebied

GEBIED = shapely.box(0, 0, 100, 100)
TOUCHING = shapely.box(100, 0, 150, 50)  # outside, sharing part of the eastern border
ACROSS = shapely.box(90, 0, 150, 50)  # partly inside


def test_the_warning_says_deels_only_for_an_object_partly_inside() -> None:
    details = [w["detail"] for w in outside_area(np.array([TOUCHING, ACROSS]), GEBIED)]
    assert details[0].startswith("Object 0 ligt buiten het gemeentegebied.")
    assert details[1].startswith("Object 1 ligt deels buiten het gemeentegebied.")


@pytest.mark.parametrize(("geom", "deels"), [(TOUCHING, False), (ACROSS, True)])
def test_the_application_form_says_deels_only_for_a_location_partly_inside(monkeypatch, geom, deels) -> None:
    monkeypatch.setattr(
        gemeentegebied, "gemeentegebied", lambda platform: Gemeentegebied("Ruimtedal", GEBIED)
    )
    platform = SimpleNamespace(settings=SimpleNamespace(gemeente_naam="Ruimtedal"))
    with pytest.raises(ValidationError) as exc:
        gemeentegebied.check_inside(platform, geom.wkt)  # type: ignore[arg-type]
    assert ("De locatie ligt deels buiten Ruimtedal." in exc.value.detail) is deels
    assert exc.value.detail.startswith("De locatie ligt deels buiten" if deels else "De locatie ligt buiten")
