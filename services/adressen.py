"""The address register: postcode + huisnummer to a location, for the public application form.

In production it is an imported BAG extract (``ruimteflow adressen laden FILE``); the demo generates
one for Ruimtedal from the demo layer ``woningen``. A load checks every row first and then replaces
the register in one transaction: a bad file changes nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, select

from gis.crs import RD_BOUNDS, transformer
from processes.errors import NotFound, ValidationError
from services.platform import Platform
from services.store.models import Adres

POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s?([A-Za-z]{2})\s*$")
HUISNUMMER = re.compile(r"^\s*(\d{1,5})\s*([A-Za-z]?)\s*(?:[-\s]\s*([A-Za-z0-9]{1,4}))?\s*$")
MAX_ERRORS_SHOWN = 10


def postcode_of(text: str) -> str:
    m = POSTCODE.match(str(text or ""))
    if not m:
        raise ValidationError(
            "Vul een geldige postcode in: vier cijfers en twee letters, bijvoorbeeld 7391 AB.",
            code="postcode-ongeldig",
        )
    return f"{m.group(1)}{m.group(2).upper()}"


def house_number_of(text: str) -> tuple[int, str, str]:
    """(huisnummer, huisletter, toevoeging) from "12", "12a", "12-2" or "12 bis"."""
    m = HUISNUMMER.match(str(text or ""))
    if not m or not 0 < int(m.group(1)) <= 99999:
        raise ValidationError(
            "Vul een geldig huisnummer in, bijvoorbeeld 12, 12a of 12-2.", code="huisnummer-ongeldig"
        )
    return int(m.group(1)), m.group(2).upper(), (m.group(3) or "").upper()


def _shown(a: Adres) -> str:
    number = f"{a.huisnummer}{a.huisletter}" + (f"-{a.toevoeging}" if a.toevoeging else "")
    street = f"{a.straat} {number}" if a.straat else f"huisnummer {number}"
    place = f"{a.postcode[:4]} {a.postcode[4:]} {a.woonplaats}".strip()
    return f"{street}, {place}"


def lookup(platform: Platform, postcode: str, huisnummer: str) -> dict[str, Any]:
    """The address and its location (RD New and WGS84); Dutch errors for bad input or no match."""
    code = postcode_of(postcode)
    number, letter, addition = house_number_of(huisnummer)
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(
            select(Adres)
            .where(Adres.postcode == code, Adres.huisnummer == number)
            .order_by(Adres.huisletter, Adres.toevoeging)
        ).all()
        exact = [r for r in rows if r.huisletter == letter and r.toevoeging == addition]
        found = exact[0] if exact else (rows[0] if rows and not (letter or addition) else None)
        if found is None:
            raise NotFound(
                f"Er is geen adres {code[:4]} {code[4:]} {huisnummer.strip()} bekend in het adressenregister "
                f"van {platform.settings.gemeente_naam}. Controleer postcode en huisnummer, of wijs de "
                "locatie aan op de kaart.",
                code="adres-onbekend",
            )
        lon, lat = transformer(28992, 4326).transform(found.x, found.y)
        return {
            "adres": _shown(found),
            "postcode": found.postcode,
            "huisnummer": found.huisnummer,
            "x": round(found.x, 2),
            "y": round(found.y, 2),
            "lat": round(lat, 7),
            "lon": round(lon, 7),
        }


def _checked(i: int, row: dict[str, Any], errors: list[str]) -> dict[str, Any] | None:
    try:
        code = postcode_of(str(row.get("postcode") or ""))
        number, letter, _ = house_number_of(str(row.get("huisnummer") or ""))
        x, y = float(row["x"]), float(row["y"])
    except (ValidationError, KeyError, TypeError, ValueError) as exc:
        errors.append(f"rij {i}: {getattr(exc, 'detail', None) or 'geen geldige x en y (RD New)'}")
        return None
    if not (math.isfinite(x) and math.isfinite(y)) or not (
        RD_BOUNDS[0] <= x <= RD_BOUNDS[2] and RD_BOUNDS[1] <= y <= RD_BOUNDS[3]
    ):
        errors.append(f"rij {i}: de locatie ligt niet in Nederland (RD New)")
        return None
    return {
        "postcode": code,
        "huisnummer": number,
        "huisletter": (str(row.get("huisletter") or "") or letter)[:1].upper(),
        "toevoeging": str(row.get("toevoeging") or "")[:4].upper(),
        "straat": str(row.get("straat") or "")[:80],
        "woonplaats": str(row.get("woonplaats") or "")[:80],
        "x": x,
        "y": y,
    }


def load(platform: Platform, rows: Iterable[dict[str, Any]], *, bron: str) -> dict[str, Any]:
    """Replace the register by ``rows`` (RD New). Every row is checked first; any error stores nothing."""
    errors: list[str] = []
    clean: dict[tuple[str, int, str, str], dict[str, Any]] = {}
    for i, row in enumerate(rows, start=1):
        checked = _checked(i, row, errors)
        if checked is not None:
            key = (checked["postcode"], checked["huisnummer"], checked["huisletter"], checked["toevoeging"])
            clean.setdefault(key, checked)  # a duplicate address keeps its first location
    if errors:
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN]) + (" …" if len(errors) > MAX_ERRORS_SHOWN else "")
        raise ValidationError(
            f"Het adressenbestand is niet geladen: {len(errors)} rij(en) zijn ongeldig ({shown}).",
            code="adressen-ongeldig",
            fouten=errors[:100],
        )
    if not clean:
        raise ValidationError("Het adressenbestand bevat geen adressen.", code="adressen-leeg")
    with platform.uow() as uow:
        uow.session.execute(delete(Adres))
        uow.session.add_all(Adres(**row, bron=bron[:120]) for row in clean.values())
        uow.commit()
    return {"geladen": len(clean), "bron": bron}


def count(platform: Platform) -> int:
    with platform.uow(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Adres)) or 0)


def seed_demo(platform: Platform) -> None:
    """The demo register: every home of the demo layer ``woningen`` of Ruimtedal."""
    from services.locatiecheck import layers

    woningen = layers(platform.settings).get("woningen")
    if woningen is None:
        return
    frame = woningen.frame
    rows = [
        {"postcode": pc, "huisnummer": str(nr), "woonplaats": "Ruimtedal", "x": p.x, "y": p.y}
        for pc, nr, p in zip(frame["postcode"], frame["huisnummer"], woningen.geometries, strict=True)
    ]
    load(platform, rows, bron="demo: gegenereerd uit de laag woningen (fictief)")
