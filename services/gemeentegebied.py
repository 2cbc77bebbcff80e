"""The municipality's own area (layer ``gemeente``) and the neighbours on its border (``gemeentegrens``).

An application is only registered for a location inside the municipality; outside it the municipality
is not the bevoegd gezag, and the applicant is told who is instead (issue 16.2).
"""

from __future__ import annotations

from typing import Any

from processes.errors import ValidationError
from services.gemeente_area import Gemeentegebied, area_of
from services.platform import Platform


def gemeentegebied(platform: Platform) -> Gemeentegebied | None:
    """The municipal area of the configured layers; ``None`` when the layers have no ``gemeente``."""
    from services.kaart_layers import configured_layers

    return area_of(configured_layers(platform))


def check_inside(platform: Platform, geometry_wkt: str) -> None:
    """Refuse a location that lies (partly) outside the municipality, saying who is bevoegd gezag."""
    from shapely import wkt

    from gis.api import area_position

    area = gemeentegebied(platform)
    if area is None:
        return
    geom = wkt.loads(geometry_wkt)
    inside, partly = area_position(area.area, geom)  # the kept area is prepared, shared by threads
    if inside:
        return
    own = platform.settings.gemeente_naam
    neighbour = area.neighbour_of(geom)
    where = (
        f"De locatie ligt waarschijnlijk in gemeente {neighbour}. "
        if neighbour
        else "De locatie ligt in een andere gemeente. "
    )
    deels = "deels " if partly else ""  # not a border alone (gis.api.area_position)
    raise ValidationError(
        f"De locatie ligt {deels}buiten {own}. {where}Daarom is {own} niet het bevoegd gezag voor deze "
        "aanvraag: over een omgevingsvergunning beslist in de regel het college van burgemeester en "
        "wethouders van de gemeente waar de activiteit plaatsvindt, in bijzondere gevallen de provincie of "
        "het Rijk. Dien uw aanvraag in via het Omgevingsloket; dat stuurt haar naar het juiste bevoegd gezag.",
        code="buiten-gemeente",
    )


def boundary_geojson(platform: Platform) -> dict[str, Any]:
    """The municipal area as a GeoJSON Feature in WGS84 (simplified to 5 m), or an empty collection."""
    import numpy as np
    import shapely
    from shapely.geometry import mapping

    from gis.crs import transformer

    area = gemeentegebied(platform)
    if area is None:
        return {"type": "FeatureCollection", "features": []}
    tf = transformer(28992, 4326)
    simple = area.area.simplify(5.0)
    wgs = shapely.transform(simple, lambda xy: np.column_stack(tf.transform(xy[:, 0], xy[:, 1])))
    return {
        "type": "Feature",
        "properties": {"naam": platform.settings.gemeente_naam},
        "geometry": mapping(shapely.set_precision(wgs, 1e-6)),
    }
