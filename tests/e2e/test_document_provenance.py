"""What an upload states about its origin: the receipt date, its author and organisation, whom it is shared
with (services/documents/provenance.py).

Review finding (outside tester, medium): as the applicant, a bijlage was stored with the ontvangstdatum
2020-01-01, 9998-12-31 and 1900-01-01 (the day Open Zaak registers as the document's receipt) and with
"Gemeente Ruimtedal" as auteur and organisatie, so the case file showed the municipality as the author of
the applicant's upload; an officer's ``gedeeld_met=Netbeheerdr`` (a typo) shared the document with
nobody, without a word. Decision: an account outside the municipality does not choose the receipt date
(its upload is received today, as its messages are: ``as_received``) and states only itself as author and
organisation; the municipality's own dates a receipt not ahead and not before the application was
received, as a besluitdatum; a document is shared only with a group that exists. Each refusal is a Dutch
problem at its field, nothing stored.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from services import cases, users
from services.clock import today
from services.documents.storage import blob_store
from services.platform import Platform
from tests.e2e.test_api_documenten import assert_problem, auth
from tests.integration.document_helpers import pdf, snapshot_all
from tests.integration.test_kavel_namen import samen
from web import create_app

__all__ = ["samen"]  # the fixture: a model whose one task the case's "groepen" share (vera, nina)

GEMEENTE = "Gemeente Ruimtedal"


@pytest.fixture
def api(samen: Platform) -> FlaskClient:
    """vera (vergunningverlener), nina (the outside party Netbeheerder) and piet (the applicant, with a
    display name) each have a token."""
    users.add_user(samen, "vera", groups=["Vergunningen"], role="vergunningverlener", token="t-vera")
    users.add_user(samen, "nina", groups=["Netbeheerder"], role="adviseur", token="t-nina")
    users.add_user(samen, "piet", role="initiatiefnemer", display_name="Piet Jansen", token="t-piet")
    return create_app(samen.settings, platform=samen).test_client()


@pytest.fixture
def url(samen: Platform, api: FlaskClient) -> str:
    """The documents of piet's case, whose task the department and the netbeheerder share."""
    groepen = {"groepen": ["Vergunningen", "Netbeheerder"]}
    ref = cases.start_case(samen, "samen_overleggen", groepen, user="piet", initiator="P. Jansen")["zaak"]
    return f"/api/v1/zaken/{ref}/documenten"


def _post(api: FlaskClient, url: str, token: str, tekst: str, **velden: Any) -> Any:
    soort = "advies" if token == "t-nina" else "bijlage"
    data = {"bestand": (io.BytesIO(pdf(tekst)), f"{soort}.pdf"), "informatieobjecttype": soort, **velden}
    return api.post(url, data=data, headers=auth(token), content_type="multipart/form-data")


def _state(platform: Platform) -> tuple[dict[str, Any], list[str]]:
    return snapshot_all(platform), sorted(str(p) for p in blob_store(platform).iter_files())


def _refused(samen: Platform, resp: Any, code: str, veld: str) -> dict[str, Any]:
    problem = assert_problem(resp, 400, code)
    assert problem["veld"] == veld, problem
    return problem


def test_an_outside_account_does_not_choose_the_day_its_upload_was_received(samen, api, url):
    vandaag = today(samen.clock)
    before = _state(samen)
    for i, dag in enumerate(("2020-01-01", "9998-12-31", "1900-01-01")):
        resp = _post(api, url, "t-piet", f"datum{i}", ontvangstdatum=dag)
        problem = _refused(samen, resp, "ontvangstdatum-niet-toegestaan", "ontvangstdatum")
        assert "legt de gemeente vast" in problem["detail"], problem
    assert _state(samen) == before  # no document row, no version, no event, no file, no upload counted
    resp = _post(api, url, "t-piet", "zonder")
    assert resp.status_code == 201 and resp.get_json()["ontvangstdatum"] == vandaag.isoformat()
    resp = _post(api, url, "t-piet", "vandaag", ontvangstdatum=vandaag.isoformat())
    assert resp.status_code == 201 and resp.get_json()["ontvangstdatum"] == vandaag.isoformat()
    resp = _post(api, url, "t-nina", "advies")  # an outside party's advice is received today too
    assert resp.status_code == 201 and resp.get_json()["ontvangstdatum"] == vandaag.isoformat()


def test_an_officer_dates_a_receipt_neither_ahead_nor_before_the_application(samen, api, url):
    ontvangen = today(samen.clock)
    samen.clock.advance(days=10)
    vandaag = today(samen.clock)
    before = _state(samen)
    resp = _post(api, url, "t-vera", "toekomst", ontvangstdatum=(vandaag + timedelta(days=1)).isoformat())
    _refused(samen, resp, "ontvangstdatum-in-toekomst", "ontvangstdatum")
    resp = _post(api, url, "t-vera", "oud", ontvangstdatum="1900-01-01")
    problem = _refused(samen, resp, "ontvangstdatum-voor-ontvangst", "ontvangstdatum")
    assert "vóór de ontvangst van de aanvraag" in problem["detail"], problem
    assert _state(samen) == before
    brief = ontvangen + timedelta(days=3)  # a letter received by post, registered a week later
    resp = _post(api, url, "t-vera", "brief", ontvangstdatum=brief.isoformat())
    assert resp.status_code == 201 and resp.get_json()["ontvangstdatum"] == brief.isoformat()
    resp = _post(api, url, "t-vera", "eigen")  # the municipality's own document: none
    assert resp.status_code == 201 and resp.get_json()["ontvangstdatum"] is None


@pytest.mark.parametrize(
    ("token", "velden", "code", "veld"),
    [
        ("t-piet", {"auteur": GEMEENTE}, "auteur-niet-eigen", "auteur"),
        ("t-piet", {"organisatie": GEMEENTE}, "organisatie-niet-eigen", "organisatie"),
        ("t-piet", {"organisatie": "Netbeheerder"}, "organisatie-niet-eigen", "organisatie"),
        ("t-nina", {"auteur": "Vera"}, "auteur-niet-eigen", "auteur"),
        ("t-nina", {"organisatie": GEMEENTE}, "organisatie-niet-eigen", "organisatie"),
    ],
    ids=["applicant-auteur", "applicant-organisatie", "applicant-other-party", "party-auteur", "party-org"],
)
def test_an_outside_account_states_no_other_author_than_itself(samen, api, url, token, velden, code, veld):
    before = _state(samen)
    problem = _refused(samen, _post(api, url, token, "ander", **velden), code, veld)
    assert list(velden.values())[0] in problem["detail"], problem
    assert _state(samen) == before


def test_an_outside_account_states_itself_and_the_municipality_anyone(api, url):
    for token, velden in (
        ("t-piet", {"auteur": "P. Jansen"}),  # the applicant's name on the case
        ("t-piet", {"auteur": "piet jansen"}),  # its own display name, in any case
        ("t-nina", {"auteur": "nina", "organisatie": "Netbeheerder"}),
        ("t-vera", {"auteur": "Vera", "organisatie": GEMEENTE}),
    ):
        resp = _post(api, url, token, f"{token} {velden}", **velden)
        assert resp.status_code == 201, resp.get_json()
        got = resp.get_json()
        assert {k: got[k] for k in velden} == velden


def test_a_document_is_shared_only_with_a_group_that_exists(samen, api, url):
    before = _state(samen)
    resp = _post(api, url, "t-vera", "typo", gedeeld_met="Netbeheerdr")
    problem = _refused(samen, resp, "groep-onbekend", "gedeeld_met")
    assert problem["onbekend"] == ["Netbeheerdr"] and "'Netbeheerdr'" in problem["detail"], problem
    assert _state(samen) == before
    resp = _post(api, url, "t-vera", "gedeeld", gedeeld_met="Netbeheerder")
    assert resp.status_code == 201 and resp.get_json()["gedeeld_met"] == ["Netbeheerder"]


def test_the_dates_are_the_municipalitys_day(samen, api, url):
    """today() is the Dutch day: just after midnight in Amsterdam (still the day before in UTC), the
    applicant's upload is received on the Dutch day."""
    from datetime import UTC, datetime

    samen.clock.set(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))  # 00:30 on 3 March in Amsterdam
    resp = _post(api, url, "t-piet", "middernacht")
    assert resp.status_code == 201 and resp.get_json()["ontvangstdatum"] == date(2026, 3, 3).isoformat()
