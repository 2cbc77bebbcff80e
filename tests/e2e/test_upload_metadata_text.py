"""An upload's auteur and organisatie are shown with the document: a bidi or control character is refused
at its field (processes.tekens) over the API and in the case file, nothing stored; a value of invisible
characters alone is none (the case file's own username as auteur); accents and emoji stay."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services import users
from services.store.models import Document
from tests.e2e.test_api_documenten import assert_problem, client, post_file, zaak
from tests.e2e.test_faces_documenten import _state, _upload
from tests.integration.document_helpers import pdf, snapshot_all

__all__ = ["client", "zaak"]  # the fixtures of test_api_documenten


def _stored(platform: Any) -> list[tuple[str, str]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.execute(select(Document.auteur, Document.organisatie).order_by(Document.id))
        return [tuple(r) for r in rows]


def _api_upload(client: Any, zaak: str, content: bytes, **velden: str) -> Any:
    url = f"/api/v1/zaken/{zaak}/documenten"
    return post_file(client, url, "t-anna", content, informatieobjecttype="bijlage", **velden)


def test_the_api_refuses_bidi_and_control_characters_in_auteur_and_organisatie(platform, client, zaak):
    before = snapshot_all(platform)
    for i, (veld, waarde, found) in enumerate(
        (
            ("auteur", "Jan \u202enesnaJ", "leesrichting omkeert"),
            ("auteur", "Jan\tJansen", "stuurteken"),
            ("organisatie", "Bureau \u2067Noord", "leesrichting omkeert"),
            ("organisatie", "Bureau\nNoord", "stuurteken"),
        )
    ):
        problem = assert_problem(
            _api_upload(client, zaak, pdf(f"weg{i}"), **{veld: waarde}), 400, "tekst-ongeldig"
        )
        assert problem["veld"] == veld and found in problem["fouten"][veld], problem
        assert found in problem["detail"], problem
    assert snapshot_all(platform) == before


def test_the_api_takes_an_invisible_auteur_as_none_and_keeps_accents_and_emoji(platform, client, zaak):
    resp = _api_upload(client, zaak, pdf("leeg"), auteur="\u200b\u2060", organisatie="\ufeff")
    assert resp.status_code == 201, resp.get_json()
    assert (resp.get_json()["auteur"], resp.get_json()["organisatie"]) == ("", "")
    good = {"auteur": "Zoë Ürün 👩🏽‍💼", "organisatie": "Bureau Ångström & Café ☕"}
    resp = _api_upload(client, zaak, pdf("goed"), **good)
    assert resp.status_code == 201, resp.get_json()
    assert _stored(platform) == [("", ""), (good["auteur"], good["organisatie"])]


def test_the_case_file_refuses_them_with_a_message_and_takes_an_invisible_auteur_as_none(
    browser_for, start_case, faces_platform
):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    before = _state(faces_platform)
    for i, (velden, melding) in enumerate(
        (
            ({"auteur": "Jan \u202enesnaJ"}, "De auteur bevat een onzichtbaar teken dat de leesrichting"),
            ({"organisatie": "Bureau\tNoord"}, "De organisatie bevat een stuurteken"),
        )
    ):
        resp = _upload(anna, ref, pdf(f"fout{i}"), **velden)
        assert resp.status_code == 303
        page = anna.get(resp.headers["Location"]).text
        assert 'class="melding melding-fout"' in page and melding in page, velden
    assert _state(faces_platform) == before
    resp = _upload(anna, ref, pdf("onzichtbaar"), auteur="\u200b", organisatie="Café 🏗️")
    assert resp.status_code == 303
    assert _stored(faces_platform) == [("anna", "Café 🏗️")]


def test_the_api_refuses_a_shared_group_name_with_a_refused_character(platform, client, zaak):
    before = snapshot_all(platform)
    for i, (groep, code) in enumerate((("Welstand \u202e", "tekst-ongeldig"), ("\u200b", "groep-ongeldig"))):
        resp = _api_upload(client, zaak, pdf(f"gedeeld{i}"), gedeeld_met=groep)
        assert assert_problem(resp, 400, code)["veld"] == "gedeeld_met"
    assert snapshot_all(platform) == before
    users.add_user(
        platform, "zoe", groups=["Welstand Zoë 🏛️"], role="adviseur"
    )  # only a known group is shared
    resp = _api_upload(client, zaak, pdf("gedeeld"), gedeeld_met="Welstand Zoë 🏛️")
    assert resp.status_code == 201 and resp.get_json()["gedeeld_met"] == ["Welstand Zoë 🏛️"], resp.get_json()
