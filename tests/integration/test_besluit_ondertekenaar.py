"""Who signs a besluit in mandaat when the officer names no one (review sessie14, 4 and 5): an account without a
display name (made without one, so its display name is its login name; an OIDC account's "id-...") signed
"Namens het college ..., jurist, vergunningverlener", the PDF's author too. Such an account proposes no
signer and the besluit asks one (4); a function typed without a name gave way to the role's label (5)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pypdf
import pytest
from sqlalchemy import func, select

from processes.errors import ValidationError
from services import users
from services.documents import open_version
from services.documents.besluit import draft_besluit, finalise_besluit
from services.documents.besluit_context import BesluitInvoer
from services.store.models import Document
from tests.integration.document_helpers import at_besluit, make_zaak

NAMENS = "Namens het college van burgemeester en wethouders van de gemeente Ruimtedal"
GEGEVENS: dict[str, Any] = {"procedure": "regulier", "aanvraag": {"activiteiten": ["bouwactiviteit"]}}
DAY = date(2026, 3, 2)
ONTBREEKT = "de naam van de ondertekenaar"


@pytest.fixture
def zaak(platform: Any) -> dict[str, Any]:
    z = make_zaak(platform)  # 'Besluit nemen' lies in the lane Juridisch
    at_besluit(platform, z, GEGEVENS)
    users.add_user(platform, "jurist", groups=["Juridisch"], role="vergunningverlener")  # no display name
    users.add_user(platform, "id-3f9a2c", groups=["Juridisch"], role="vergunningverlener")  # an OIDC login
    users.add_user(
        platform, "julia", groups=["Juridisch"], role="vergunningverlener", display_name="Julia Rist"
    )
    platform.clock.set(datetime(2026, 3, 2, 12, tzinfo=UTC))
    return z


def _invoer(**kw: Any) -> BesluitInvoer:
    return BesluitInvoer(
        uitkomst="verlenen", motivering="Past in het omgevingsplan.", besluitdatum=DAY, verzenddatum=DAY, **kw
    )


def _besluiten(platform: Any) -> int:
    with platform.uow(write=False) as uow:
        return int(uow.session.scalar(select(func.count(Document.id))) or 0)


def _auteur(platform: Any, doc: dict[str, Any], username: str) -> str:
    _, stream = open_version(platform, doc["id"], username)
    with stream:
        return str(pypdf.PdfReader(io.BytesIO(stream.read())).metadata.get("/Author"))


@pytest.mark.parametrize("login", ["jurist", "id-3f9a2c"])
def test_an_account_without_a_display_name_proposes_no_signer_and_the_besluit_asks_one(
    platform: Any, zaak: dict[str, Any], login: str
) -> None:
    draft = draft_besluit(platform, zaak["zaak"], login, _invoer())
    assert ONTBREEKT in draft["ontbreekt"]
    assert NAMENS not in draft["html"] and login not in draft["html"]  # no login name as the signer
    stored = _besluiten(platform)
    with pytest.raises(ValidationError) as err:
        finalise_besluit(platform, zaak["zaak"], login, _invoer())
    assert err.value.code == "besluit-zonder-ondertekenaar" and err.value.status == 422
    assert err.value.extra["veld"] == "ondertekenaar"
    assert _besluiten(platform) == stored  # nothing stored
    doc = finalise_besluit(platform, zaak["zaak"], login, _invoer(ondertekenaar="Mr. J. de Wit"))
    assert _auteur(platform, doc, login) == f"{NAMENS}, Mr. J. de Wit"


def test_an_account_with_a_display_name_still_signs_by_default(platform: Any, zaak: dict[str, Any]) -> None:
    draft = draft_besluit(platform, zaak["zaak"], "julia", _invoer())
    assert ONTBREEKT not in draft["ontbreekt"] and "Julia Rist" in draft["html"]
    doc = finalise_besluit(platform, zaak["zaak"], "julia", _invoer())
    assert _auteur(platform, doc, "julia") == f"{NAMENS}, Julia Rist, vergunningverlener"


def test_a_function_typed_without_a_name_is_kept(platform: Any, zaak: dict[str, Any]) -> None:
    invoer = _invoer(ondertekenaar="", ondertekenaar_functie="teamleider vergunningen")
    html = " ".join(draft_besluit(platform, zaak["zaak"], "julia", invoer)["html"].split())
    assert "teamleider vergunningen" in html and "vergunningverlener" not in html
    doc = finalise_besluit(platform, zaak["zaak"], "julia", invoer)
    assert _auteur(platform, doc, "julia") == f"{NAMENS}, Julia Rist, teamleider vergunningen"
