"""One refusal, one answer on every face that can give it: the API's application route (POST
/api/v1/zaken, problem+json), the public application form (/aanvragen/<proces>, the form again with the
message at its field) and the status page (/status/<code>/<bericht>). A refusal of bad input is 400, a
rule that refuses valid input is 422 (processes.errors.Unprocessable), also when the rule is the model's
own and runs in the case's first step."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from gis.errors import BAD_GEOMETRY, GisInputError, TooManyConflicts
from processes.errors import Unprocessable, ValidationError
from tests.config_errors import layers_missing, rules_broken_in
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_public_documents import apply_in_memory, stored
from tests.e2e.test_status_http import apply
from tests.e2e.test_upload_sizes import big_pdf, post_multipart, send_aanvulling, waiting_for_aanvulling

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
PROCESS = "kaart_status_vergunning"
COOP = {"Authorization": "Bearer token-coop"}  # an initiator's token (kaart_status_fixtures)
#: the Dam in Amsterdam: not Ruimtedal's (the demo layers' gemeente)
DAM = (52.3740, 4.8897)
#: a rule of the model's first step that refuses a valid application (a service task's 422)
RULE = Unprocessable(
    "Op deze locatie geldt een voorbereidingsbesluit; de gemeente neemt hier nu geen aanvragen aan.",
    code="locatie-voorbereidingsbesluit",
)


def api_start(
    app: Any, gegevens: dict[str, Any] | None = None, lat_lon: tuple[float, float] = (52.015, 6.42)
) -> Any:
    body = {
        "proces": PROCESS,
        "titel": "Aanbouw achterzijde",
        "gegevens": {"activiteiten": ["technische_bouwactiviteit"], **(gegevens or {})},
        "geometrie": {"type": "Point", "coordinates": [lat_lon[1], lat_lon[0]]},
    }
    return app.test_client().post("/api/v1/zaken", json=body, headers=COOP)


def refuse_in_first_step(app: Any) -> None:
    """The fixture model's first step (its service task 'Beslistermijn berekenen') refuses with RULE."""

    def refusing(data: dict[str, Any], **_: Any) -> dict[str, Any]:
        raise Unprocessable(RULE.detail, code=RULE.code)

    app.extensions["ruimteflow"].registry.service("beslistermijn", refusing, "test: een regel weigert")


def problem_of(resp: Any) -> dict[str, Any]:
    assert resp.mimetype == "application/problem+json", resp.text[:300]
    return dict(json.loads(resp.text))


def test_a_rule_of_the_first_step_is_a_422_in_the_api_and_on_the_form(app):
    """Fixer uploads26 (1): the model's 422 at the first step came back on the form as 400
    aanvraag-ongeldig. Now the form answers the API's 422, with the message at its field (the code
    names the location) and what was typed kept; nothing is stored on either."""
    refuse_in_first_step(app)
    before = stored(app)
    problem = problem_of(resp := api_start(app))
    assert (resp.status_code, problem["code"], problem["detail"]) == (422, RULE.code, RULE.detail)
    resp = apply(app.test_client(), omschrijving="Aanbouw met serre")
    assert resp.status_code == 422, resp.status_code
    fout = resp.text[resp.text.find('id="fout-locatie"') :][:600]
    assert "geldt een voorbereidingsbesluit" in fout, fout
    assert 'value="Aanbouw met serre"' in resp.text
    assert stored(app) == before


def test_submit_application_keeps_the_code_of_a_rule_of_the_first_step(app):
    """The service the form calls raises the model's own 422 and code, named at the form's field."""
    from services.status import submit_application
    from tests.e2e.test_status_http import FORM

    refuse_in_first_step(app)
    with pytest.raises(Unprocessable) as raised:
        submit_application(app.extensions["ruimteflow"], PROCESS, dict(FORM))
    assert (raised.value.status, raised.value.code) == (422, RULE.code)
    assert raised.value.extra["fouten"] == {"locatie": RULE.detail}


# -- the same refusal on the three faces ------------------------------------------------------------------


def _bijlagen_too_big(app: Any, face: str) -> Any:
    """Files that together do not fit the bytes a case has for the applicant's files (1 MB here)."""
    object.__setattr__(app.extensions["ruimteflow"].settings, "document_mb_per_case", 1)
    two = [(big_pdf(0.6, "gevel"), "gevel.pdf"), (big_pdf(0.6, "doorsnede"), "doorsnede.pdf")]
    if face == "formulier":
        return apply_in_memory(app.test_client(), two)
    if face == "statuspagina":
        client, code, form = waiting_for_aanvulling(app)
        return send_aanvulling(client, code, form, big_pdf(1.5, "status"))
    # the API takes an application's files after its start, each as a document of its own case
    url, client = f"/api/v1/zaken/{json.loads(api_start(app).text)['zaak']}/documenten", app.test_client()
    answers = [
        post_multipart(
            client,
            url,
            {"bestand": (io.BytesIO(content), name), "informatieobjecttype": "bijlage"},
            headers=COOP,
        )
        for content, name in two
    ]
    assert answers[0].status_code == 201, answers[0].text[:300]  # the first fits
    return answers[1]


def _invalid_field(app: Any, face: str) -> Any:
    """An e-mail address that is no address (the status page: a text over its length)."""
    if face == "formulier":
        return apply(app.test_client(), email="geen-adres")
    if face == "statuspagina":
        client, code, form = waiting_for_aanvulling(app)
        return client.post(f"/status/{code}/aanvulling", data={**form, "tekst": "x" * 5001})
    return api_start(app, {"email": "geen-adres"})


def _outside(app: Any, face: str) -> Any:
    if face == "formulier":
        return apply(app.test_client(), coordinaat=f"{DAM[0]}, {DAM[1]}")
    return api_start(app, lat_lon=DAM)


#: refusal -> (how to cause it on a face, its status, the API's code, the element of the message on the
#: application form and on the status page's aanvulling)
REFUSALS = {
    "bijlagen-te-groot": (
        _bijlagen_too_big,
        422,
        "zaak-opslag-vol",
        "fout-bijlagen",
        "aanvulling-documenten-fout",
    ),
    "veld-ongeldig": (_invalid_field, 400, "startgegevens-ongeldig", "fout-email", "aanvulling-fout"),
    "buiten-gemeente": (_outside, 400, "buiten-gemeente", "fout-locatie", None),
}


@pytest.mark.parametrize(
    ("refusal", "face"),
    [
        *((r, f) for r in REFUSALS for f in ("api", "formulier")),
        ("bijlagen-te-groot", "statuspagina"),  # a status page message has files and a text, no location
        ("veld-ongeldig", "statuspagina"),
    ],
)
def test_each_face_gives_a_refusal_the_same_status(app, refusal, face):
    """Fixer uploads26 (2): the status of the API's answer, on the form and on the status page alike; the
    API names the refusal's code, the two pages show the form again with the message at its field."""
    cause, status, code, on_form, on_status_page = REFUSALS[refusal]
    resp = cause(app, face)
    assert resp.status_code == status, (resp.status_code, resp.text[:300])
    if face == "api":
        assert problem_of(resp)["code"] == code
    else:  # the page again, not an error page
        assert f'id="{on_form if face == "formulier" else on_status_page}"' in resp.text


# -- a failure of the municipality's GIS configuration: not the applicant's ------------------------------


def _rules_broken(app: Any, tmp_path: Any) -> str:
    """The locatiecheck on a broken rules file in the fixture model's first step."""
    return rules_broken_in(app, tmp_path, "beslistermijn")


def _layers_missing(app: Any, tmp_path: Any) -> str:
    """The layer folder is gone: the check whether the location lies inside the municipality cannot run."""
    return layers_missing(app, tmp_path / "weg")


@pytest.mark.parametrize("broken", [_rules_broken, _layers_missing])
def test_a_broken_gis_configuration_is_ours_on_the_api_and_on_the_form(app, tmp_path, broken):
    """note24 (Intake): a RuleError or LayerError (the municipality's rules or layers, 500 in the API) was
    a ValidationError, so the form showed it as the applicant's fault: 400 aanvraag-ongeldig, with the
    rule's or the folder's text at a field. Now the API keeps its 500 problem+json; the form answers the
    same status with the form again, what was typed kept and the message that the fault is the
    municipality's, not the configuration's text; nothing is stored on either, and the application does
    not count against the client's budget (its charge is given back, as for a full disk)."""
    code = broken(app, tmp_path)
    before = stored(app)
    problem = problem_of(resp := api_start(app))
    assert (resp.status_code, problem["code"]) == (500, code), problem
    charged = table_counts(app.extensions["ruimteflow"])["auth_failure"]
    resp = apply(app.test_client(), omschrijving="Aanbouw met serre")
    assert table_counts(app.extensions["ruimteflow"])["auth_failure"] == charged
    assert resp.status_code == 500, (resp.status_code, resp.text[:300])
    assert "Door een storing bij de gemeente is er niets opgeslagen; dat ligt niet aan u." in resp.text
    assert 'value="Aanbouw met serre"' in resp.text
    assert "bestaat_niet" not in resp.text and str(tmp_path) not in resp.text  # not the configuration's
    assert 'class="veld-fout"' not in resp.text and "aria-invalid" not in resp.text  # at no field
    assert stored(app) == before


# -- a refusal of the locatiecheck at intake: at the location's field ------------------------------------


@pytest.mark.parametrize(
    ("refusal", "status"),
    [
        (TooManyConflicts("De locatie geeft meer dan 500 conflicten; kies een kleiner gebied."), 422),
        (GisInputError("De geometrie van de locatie is ongeldig.", code=BAD_GEOMETRY), 400),
    ],
)
def test_a_gis_refusal_of_the_first_step_is_shown_at_the_location(app, refusal, status):
    """note24 (Intake): a refusal with a gis-… code (the locatiecheck's, about the case's location) raised
    while the case starts landed at the form's field "algemeen"; now at "locatie", with its status, on the
    form and from the service it calls."""
    from services.status import submit_application
    from tests.e2e.test_status_http import FORM

    def refusing(data: dict[str, Any], **_: Any) -> dict[str, Any]:
        raise type(refusal)(refusal.detail, code=refusal.code)

    app.extensions["ruimteflow"].registry.service("beslistermijn", refusing, "test: de locatiecheck weigert")
    with pytest.raises(type(refusal) if status == 422 else ValidationError) as raised:
        submit_application(app.extensions["ruimteflow"], PROCESS, dict(FORM))
    assert (raised.value.status, raised.value.extra["fouten"]) == (status, {"locatie": refusal.detail})
    resp = apply(app.test_client())
    assert resp.status_code == status, resp.status_code
    assert refusal.detail in resp.text[resp.text.find('id="fout-locatie"') :][:600]


@pytest.mark.parametrize("broken", [_rules_broken, _layers_missing])
def test_the_forms_location_preview_answers_a_broken_gis_configuration_as_ours(app, tmp_path, broken):
    """The form's check before sending (POST /aanvragen/<proces>/locatiecheck) answered a missing layer
    folder with 200 "binnen_gemeente": false and the folder's text as the reason: the applicant was told the
    location lies outside the municipality. Now it is the 500 problem+json the same check gives for a
    broken rules file, and the API for either."""
    code = broken(app, tmp_path)
    client = app.test_client()
    token = fx.csrf_from(client.get(f"/aanvragen/{PROCESS}").text)
    data = {"csrf_token": token, "coordinaat": "52.015, 6.42"}
    resp = client.post(
        f"/aanvragen/{PROCESS}/locatiecheck", data=data, headers={"Accept": "application/json"}
    )
    assert (resp.status_code, problem_of(resp)["code"]) == (500, code), resp.text[:300]


def test_the_intake_tells_a_broken_check_in_the_one_wording_of_a_failure_of_ours(app, tmp_path):
    """services.status.intake CHECK_FAILED repeated the words of web.errors OUR_FAULT in an order of its
    own ("... door een storing bij de gemeente; dat ligt niet aan u. Uw aanvraag ..."); it is now said as
    every failure of ours is (processes.errors ``ours``)."""
    from services.status import submit_application
    from services.status.intake import ApplicationNotStored
    from tests.e2e.test_status_http import FORM

    _rules_broken(app, tmp_path)
    with pytest.raises(ApplicationNotStored) as raised:
        submit_application(app.extensions["ruimteflow"], PROCESS, dict(FORM))
    assert raised.value.detail == (
        "Door een storing bij de gemeente kan de locatie nu niet worden gecontroleerd en is uw aanvraag "
        "niet ingediend; dat ligt niet aan u. Probeer het later opnieuw."
    )


# -- a control character in a line of the form: at its field, by its label -----------------------------------
@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("locatie_naam", "Adres of plaatsaanduiding"),
        ("aanvrager", "Naam aanvrager"),
        ("omschrijving", "Naam of korte omschrijving van het plan"),
    ],
)
@pytest.mark.parametrize("character", ["\t", "\n"])
def test_a_tab_or_line_break_in_a_line_of_the_form_is_refused_at_its_field(app, field, label, character):
    """Tester finding (WCAG 3.3.1): a tab or line break in the address, the name or the plan's title was
    refused by the case start only, in the summary ("De locatie bevat een stuurteken...") at no field and
    in internal words. Now the form's check refuses it at the field, with its label, as its other errors."""
    before = stored(app)
    resp = apply(app.test_client(), **{field: f"Dorpsstraat{character}1"})
    assert resp.status_code == 400, resp.text[:300]
    message = f"&#39;{label}&#39; bevat een stuurteken (zoals een regeleinde, een tab of NUL)"
    assert f'<p class="veld-fout" id="fout-{field}">{message}' in resp.text
    assert f'id="veld-{field}" name="{field}"' in resp.text
    assert f'aria-invalid="true" aria-describedby="fout-{field}"' in resp.text
    assert "De locatie bevat" not in resp.text and "initiatiefnemer bevat" not in resp.text
    assert stored(app) == before
