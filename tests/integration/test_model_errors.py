"""A model that fails while an officer completes a task (tester p7, 1): the step is rolled back with a
422 in Dutch that names the element and what kind of fault it is (from SpiffWorkflow's exception types,
not its English text), and the case becomes an incident in beheer's list, as a script over its limit
already did: every later completion fails the same way until the model is fixed or the case migrated."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from processes.errors import RuimteflowError
from services import beheer, cases, deployments, inbox, modeleditor, users
from services.store.models import Case, CaseEvent
from tests.integration.bpmn_text import process_xml
from tests.integration.core_helpers import case_row, open_task_names
from web import create_app


def after_invoer(pid: str, nodes: tuple[str, ...], body: str) -> str:
    """A process ``pid``: a start, a user task 'Invoer' (flow ``b`` leaves it), then ``body``; every node in
    the lane Vergunningen."""
    refs = "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in ("s", "invoer", *nodes))
    return process_xml(
        f'<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Vergunningen">{refs}</bpmn:lane></bpmn:laneSet>'
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:userTask id="invoer" name="Invoer"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing>'
        '</bpmn:userTask><bpmn:sequenceFlow id="a" sourceRef="s" targetRef="invoer"/>' + body,
        f'id="{pid}" isExecutable="true"',
    )


def gateway_model(kind: str, conditions: tuple[str, str], default: str = "") -> str:
    """After 'Invoer' a gateway ``kind`` 'Route' with two conditional flows, each to its own end; with
    ``default`` the second flow has no condition and is the gateway's default flow."""
    first, second = conditions
    attrs = ' default="f4"' if default else ""
    last = f"<bpmn:conditionExpression>{second}</bpmn:conditionExpression>" if not default else ""
    return after_invoer(
        "poort_proef",
        ("gw", "e1", "e2"),
        f'<bpmn:{kind} id="gw" name="Route"{attrs}><bpmn:incoming>b</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing>'
        f"<bpmn:outgoing>f4</bpmn:outgoing></bpmn:{kind}>"
        '<bpmn:endEvent id="e1"><bpmn:incoming>c</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:endEvent id="e2"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="b" sourceRef="invoer" targetRef="gw"/>'
        f'<bpmn:sequenceFlow id="c" sourceRef="gw" targetRef="e1"><bpmn:conditionExpression>{first}'
        "</bpmn:conditionExpression></bpmn:sequenceFlow>"
        f'<bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="e2">{last}</bpmn:sequenceFlow>',
    )


def script_model(script: str) -> str:
    """After 'Invoer' a script task 'Rekenen' with ``script``, then the end."""
    return after_invoer(
        "script_proef",
        ("reken", "e"),
        '<bpmn:scriptTask id="reken" name="Rekenen"><bpmn:incoming>b</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing>'
        f"<bpmn:script>{script}</bpmn:script></bpmn:scriptTask>"
        '<bpmn:endEvent id="e"><bpmn:incoming>c</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="b" sourceRef="invoer" targetRef="reken"/>'
        '<bpmn:sequenceFlow id="c" sourceRef="reken" targetRef="e"/>',
    )


@pytest.fixture
def platform(any_platform):
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    return any_platform


def _fail(platform, xml: str, pid: str) -> tuple[str, RuimteflowError]:
    """Deploy ``xml``, start a case of ``pid`` and complete its first task: the refusal."""
    deployments.deploy(platform, [(f"{pid}.bpmn", xml)])
    ref = cases.start_case(platform, pid, {}, user="anna")["zaak"]
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    with pytest.raises(RuimteflowError) as err:
        cases.complete_task(platform, task["id"], "anna", {})
    return ref, err.value


def _incidents(platform, ref: str) -> list[str]:
    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        found = select(CaseEvent.message).where(CaseEvent.case_id == case.id, CaseEvent.kind == "incident")
        return list(uow.session.scalars(found).all())


NO_WAY_OUT = "geen van de voorwaarden op de uitgaande stromen van deze {} gateway is waar"

#: each kind of fault: its model, its process id, and the Dutch words the refusal and the incident give
KINDS = {
    "exclusive gateway, no condition true": (
        gateway_model("exclusiveGateway", ("1 == 2", "2 == 3")),
        "poort_proef",
        ["element 'gw' (Route)", NO_WAY_OUT.format("exclusieve"), "standaardstroom"],
    ),
    "inclusive gateway, no condition true": (
        gateway_model("inclusiveGateway", ("1 == 2", "2 == 3")),
        "poort_proef",
        ["element 'gw' (Route)", NO_WAY_OUT.format("inclusieve"), "standaardstroom"],
    ),
    "a failing condition": (
        gateway_model("exclusiveGateway", ("1 / 0 == 1", "2 == 3")),
        "poort_proef",
        [
            "element 'gw' (Route)",
            "een voorwaarde op een uitgaande stroom",
            "deling door nul",
            "ZeroDivisionError",
        ],
    ),
    "an unknown name in a condition": (
        gateway_model("exclusiveGateway", ("onbekend == 1", "2 == 3")),
        "poort_proef",
        ["element 'gw' (Route)", "de naam 'onbekend' bestaat niet"],
    ),
    "an unknown name in a script": (
        script_model("y = onbekend + 1"),
        "script_proef",
        ["element 'reken' (Rekenen), regel 1 van het script", "de naam 'onbekend' bestaat niet"],
    ),
    "a failing script": (
        script_model("y = 1\nz = 'a' + y"),
        "script_proef",
        [
            "element 'reken' (Rekenen)",
            "regel 2 van het script gaf een bewerking met een waarde van de verkeerde",
        ],
    ),
}
ENGLISH = ("No conditions", "Error evaluating", "satisfied", "not defined")


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_model_error_in_a_task_completion_is_refused_in_dutch_and_becomes_an_incident(platform, kind):
    """Tester p7: the refusal was SpiffWorkflow's English ("Fout in het proces: No conditions satisfied
    for gw.") and the case stayed 'lopend' with nobody in beheer told; only a script limit was an
    incident."""
    xml, pid, words = KINDS[kind]
    ref, err = _fail(platform, xml, pid)
    assert err.status == 422 and err.code == "procesfout"
    for word in words:
        assert word in err.detail
    assert not any(english in err.detail for english in ENGLISH), err.detail
    case = case_row(platform, ref)
    assert (case.status, case.incident) == ("incident", err.detail)
    assert open_task_names(platform) == ["Invoer"]  # the completion was rolled back
    assert _incidents(platform, ref) == [f"Incident: {err.detail}"]
    assert ref in [c["zaak"] for c in beheer.problem_cases(platform)["incidenten"]]


def test_a_second_try_of_the_failing_completion_adds_no_second_incident(platform):
    ref, first = _fail(platform, gateway_model("exclusiveGateway", ("1 == 2", "2 == 3")), "poort_proef")
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    with pytest.raises(RuimteflowError) as again:
        cases.complete_task(platform, task["id"], "anna", {})
    assert again.value.detail == first.detail
    assert case_row(platform, ref).status == "incident" and len(_incidents(platform, ref)) == 1


GATEWAY_WARNING = (
    "De {} gateway 'Route' (gw) heeft geen standaardstroom en een voorwaarde op elke uitgaande stroom: "
    "geldt voor een zaak geen van die voorwaarden, dan kan zij daar niet verder en wordt zij een incident."
)


@pytest.mark.parametrize(
    ("kind", "word"), [("exclusiveGateway", "exclusieve"), ("inclusiveGateway", "inclusieve")]
)
def test_the_deploy_warns_about_a_gateway_without_default_whose_flows_all_have_conditions(
    platform, kind, word
):
    """Tester p7: such a model deployed with 201 and no warning; it is still deployed (the conditions may
    together always hold), now with a warning naming the gateway."""
    [row] = deployments.deploy(platform, [("poort_proef.bpmn", gateway_model(kind, ("x == 1", "x == 2")))])
    assert row["versie"] == 1
    assert [w for w in row["waarschuwingen"] if "gateway" in w] == [
        GATEWAY_WARNING.format(word) + " Maak één stroom de standaardstroom, tenzij de voorwaarden samen "
        "altijd gelden."
    ]


def test_a_gateway_with_a_default_flow_gives_no_warning(platform):
    [row] = deployments.deploy(
        platform, [("poort_proef.bpmn", gateway_model("exclusiveGateway", ("x == 1", ""), default="f4"))]
    )
    assert row["versie"] == 1 and not [w for w in row["waarschuwingen"] if "gateway" in w]


def test_the_editor_validation_warns_about_it_without_refusing(platform):
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(
        platform, [("poort_proef.bpmn", gateway_model("exclusiveGateway", ("x == 1", ""), "f4"))]
    )
    xml = gateway_model("exclusiveGateway", ("x == 1", "x == 2"))
    found = modeleditor.validate_draft(platform, "poort_proef", "bea", {"xml": xml})
    assert (found["geldig"], found["problemen"]) == (True, [])
    assert [w[: len(GATEWAY_WARNING.format("exclusieve"))] for w in found["waarschuwingen"]] == [
        GATEWAY_WARNING.format("exclusieve")
    ]


def test_through_the_api_the_officer_gets_a_dutch_422_and_beheer_the_incident(platform):
    """The tester's path: POST /api/v1/taken/{id}/voltooien, then GET /api/v1/beheer/incidenten."""
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    deployments.deploy(
        platform, [("poort_proef.bpmn", gateway_model("exclusiveGateway", ("1 == 2", "2 == 3")))]
    )
    ref = cases.start_case(platform, "poort_proef", {}, user="anna")["zaak"]
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    client = create_app(platform.settings, platform=platform).test_client()
    resp = client.post(
        f"/api/v1/taken/{task['id']}/voltooien", json={}, headers={"Authorization": "Bearer t-anna"}
    )
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    assert resp.json["code"] == "procesfout" and NO_WAY_OUT.format("exclusieve") in resp.json["detail"]
    listed = client.get("/api/v1/beheer/incidenten", headers={"Authorization": "Bearer t-bea"}).json
    assert [(c["zaak"], c["incident"]) for c in listed["incidenten"]] == [(ref, resp.json["detail"])]


def test_after_the_fixed_version_is_deployed_and_the_case_migrated_the_task_completes(platform):
    """Beheer's way out: the case runs its own version, so the fix is a new version and a migration."""
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    ref, _ = _fail(platform, gateway_model("exclusiveGateway", ("1 == 2", "2 == 3")), "poort_proef")
    deployments.deploy(
        platform, [("poort_proef.bpmn", gateway_model("exclusiveGateway", ("1 == 2", ""), "f4"))]
    )
    assert beheer.migrate(platform, "poort_proef", "bea")["gemigreerd"] == [ref]
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(platform, task["id"], "anna", {})
    assert (case_row(platform, ref).status, case_row(platform, ref).incident) == ("afgerond", None)
