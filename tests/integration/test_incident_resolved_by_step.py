"""A model error that depends on the entered data (a gateway's condition on a form field, a script dividing
by a form value) makes the case an incident (test_model_errors); when the officer completes the same task
again with other data and the case moves on past the element that failed, the incident is over: the case
is 'lopend' again, its history says which step resolved it, and the holder "Systeem (incident)" ends at
that step. An incident of another element stays until that element passes (or beheer retries).

Before: only a finished case or beheer's retry cleared ``Case.incident``; a case that ran on was shown as
stuck ("Systeem (incident)" in the lists, beheer's list) until it finished.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from processes.errors import Conflict, RuimteflowError
from services import beheer, case_queries, cases, deployments, inbox, users
from services.store.models import Case, CaseEvent
from services.waits import store
from tests.integration.bpmn_text import process_xml
from tests.integration.core_helpers import case_row, open_task_names
from tests.integration.test_model_errors import after_invoer
from tests.integration.test_script_limits import after_timer
from tests.integration.test_waits import intervals

GATEWAY = after_invoer(
    "poort_proef",
    ("gw", "verder", "e1", "e2"),
    '<bpmn:exclusiveGateway id="gw" name="Route"><bpmn:incoming>b</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing>'
    "<bpmn:outgoing>f</bpmn:outgoing></bpmn:exclusiveGateway>"
    '<bpmn:userTask id="verder" name="Verder"><bpmn:incoming>c</bpmn:incoming><bpmn:outgoing>v</bpmn:outgoing>'
    "</bpmn:userTask>"
    '<bpmn:endEvent id="e1"><bpmn:incoming>v</bpmn:incoming></bpmn:endEvent>'
    '<bpmn:endEvent id="e2"><bpmn:incoming>f</bpmn:incoming></bpmn:endEvent>'
    '<bpmn:sequenceFlow id="b" sourceRef="invoer" targetRef="gw"/>'
    '<bpmn:sequenceFlow id="c" sourceRef="gw" targetRef="verder"><bpmn:conditionExpression>x == 1'
    "</bpmn:conditionExpression></bpmn:sequenceFlow>"
    '<bpmn:sequenceFlow id="v" sourceRef="verder" targetRef="e1"/>'
    '<bpmn:sequenceFlow id="f" sourceRef="gw" targetRef="e2"><bpmn:conditionExpression>x == 2'
    "</bpmn:conditionExpression></bpmn:sequenceFlow>",
)

#: a script task 'Rekenen' (``y = 10 / x``) and then a user task 'Verder'
_DIVIDE = (
    '<bpmn:scriptTask id="reken" name="Rekenen"><bpmn:incoming>{into}</bpmn:incoming>'
    "<bpmn:outgoing>r1</bpmn:outgoing><bpmn:script>y = 10 / x</bpmn:script></bpmn:scriptTask>"
    '<bpmn:userTask id="verder" name="Verder"><bpmn:incoming>r1</bpmn:incoming><bpmn:outgoing>r2</bpmn:outgoing>'
    "</bpmn:userTask>"
    '<bpmn:endEvent id="e"><bpmn:incoming>r2</bpmn:incoming></bpmn:endEvent>'
    '<bpmn:sequenceFlow id="r1" sourceRef="reken" targetRef="verder"/>'
    '<bpmn:sequenceFlow id="r2" sourceRef="verder" targetRef="e"/>'
)

SCRIPT = after_invoer(
    "deel_proef",
    ("reken", "verder", "e"),
    _DIVIDE.format(into="b") + '<bpmn:sequenceFlow id="b" sourceRef="invoer" targetRef="reken"/>',
)


def _parallel() -> str:
    """A parallel split into 'Invoer A' (then 'Rekenen' dividing by its ``x``, then 'Verder') and 'Invoer B'
    (then its own end)."""
    nodes = ("s", "split", "taak_a", "taak_b", "eb", "reken", "verder", "e")
    refs = "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in nodes)
    return process_xml(
        f'<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Vergunningen">{refs}</bpmn:lane></bpmn:laneSet>'
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:parallelGateway id="split"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>pa</bpmn:outgoing>'
        "<bpmn:outgoing>pb</bpmn:outgoing></bpmn:parallelGateway>"
        '<bpmn:userTask id="taak_a" name="Invoer A"><bpmn:incoming>pa</bpmn:incoming>'
        "<bpmn:outgoing>ar</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:userTask id="taak_b" name="Invoer B"><bpmn:incoming>pb</bpmn:incoming>'
        "<bpmn:outgoing>be</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:endEvent id="eb"><bpmn:incoming>be</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="split"/>'
        '<bpmn:sequenceFlow id="pa" sourceRef="split" targetRef="taak_a"/>'
        '<bpmn:sequenceFlow id="pb" sourceRef="split" targetRef="taak_b"/>'
        '<bpmn:sequenceFlow id="be" sourceRef="taak_b" targetRef="eb"/>'
        '<bpmn:sequenceFlow id="ar" sourceRef="taak_a" targetRef="reken"/>' + _DIVIDE.format(into="ar"),
        'id="parallel_proef" isExecutable="true"',
    )


#: the texts of a piled-up script (``test_script_limits.PILED_UP``) as long as the form's ``n``: past the
#: stored document's cap (an incident that names no element) for a large ``n``
PILED_UP = SCRIPT.replace("deel_proef", "stapel_proef").replace(
    "y = 10 / x", "a = 'x' * n + '0'\nb = 'x' * n + '1'\nc = 'x' * n + '2'"
)


@pytest.fixture
def platform(any_platform):
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(any_platform, "bea", groups=["Beheer"], role="beheerder")
    return any_platform


def _task(platform, name: str) -> int:
    return next(t["id"] for t in inbox.list_tasks(platform, "anna")["taken"] if t["naam"] == name)


def _refused(platform, name: str, data: dict) -> RuimteflowError:
    with pytest.raises(RuimteflowError) as err:
        cases.complete_task(platform, _task(platform, name), "anna", data)
    return err.value


def _events(platform, ref: str) -> list[tuple[str, str, dict]]:
    """The case's incident lines: (kind, message, data)."""
    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        found = select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.kind.in_(("incident", "incident-opgelost"))
        )
        return [(e.kind, e.message, e.data) for e in uow.session.scalars(found.order_by(CaseEvent.id))]


def _listed_in_beheer(platform, ref: str) -> bool:
    return ref in [c["zaak"] for c in beheer.problem_cases(platform)["incidenten"]]


@pytest.mark.parametrize(
    ("model", "pid", "bad", "good", "element"),
    [
        (GATEWAY, "poort_proef", {"x": 3}, {"x": 1}, ("gw", "Route")),
        (SCRIPT, "deel_proef", {"x": 0}, {"x": 2}, ("reken", "Rekenen")),
    ],
    ids=["gateway condition on a form field", "script dividing by a form value"],
)
def test_completing_the_failed_task_with_other_data_ends_the_incident(
    platform, clock, model, pid, bad, good, element
):
    deployments.deploy(platform, [(f"{pid}.bpmn", model)])
    ref = cases.start_case(platform, pid, {}, user="anna")["zaak"]
    clock.advance(hours=1)
    task, failed_at = _task(platform, "Invoer"), clock.now()
    failed = _refused(platform, "Invoer", bad)
    named = f"element '{element[0]}' ({element[1]})"
    assert named in failed.detail
    assert case_row(platform, ref).status == "incident" and _listed_in_beheer(platform, ref)
    clock.advance(hours=1)
    done = cases.complete_task(platform, task, "anna", good)
    case = case_row(platform, ref)
    assert (done["status"], case.status, case.incident) == ("lopend", "lopend", None)
    assert open_task_names(platform) == ["Verder"]
    assert not _listed_in_beheer(platform, ref)
    assert _events(platform, ref) == [
        ("incident", f"Incident: {failed.detail}", {"element": element[0], "taak": task}),
        (
            "incident-opgelost",
            f"Incident opgelost: {named} liep zonder fout in een stap van anna",
            {"vorige_fout": failed.detail, "element": element[0], "taak": task},
        ),
    ]
    [row] = case_queries.search_cases(platform, "anna")["zaken"]
    assert row["houder"] == "Vergunningen"  # was "Systeem (incident)" until the case finished
    held = intervals(platform, ref)
    [stopped] = [r for r in held if r[1] == "Systeem (incident)"]
    assert (stopped[5], stopped[6]) == (failed_at, clock.now())  # from the failure to the step that ended it
    assert (held[-1][1], held[-1][5], held[-1][6]) == ("Vergunningen", clock.now(), None)
    assert store.rebuild(platform)["zaken"] == 1 and intervals(platform, ref) == held


def test_the_gateways_refusal_tells_the_officer_that_other_data_may_pass_it(platform):
    """It said only that beheer's way out is a fixed version and a migration."""
    deployments.deploy(platform, [("poort_proef.bpmn", GATEWAY)])
    cases.start_case(platform, "poort_proef", {}, user="anna")
    failed = _refused(platform, "Invoer", {"x": 3})
    assert failed.detail.endswith(
        "Hangt een voorwaarde af van wat in de taak is ingevuld, dan kan de taak ook met andere gegevens "
        "worden voltooid; dat lost het incident op."
    )


def test_a_step_that_does_not_pass_the_failed_element_leaves_the_incident(platform, clock):
    """'Invoer A' fails at 'Rekenen' (x = 0); completing 'Invoer B' in the other branch succeeds, but the
    case still cannot pass 'Rekenen': it stays an incident, held by the system. 'Invoer A' again with x = 2
    passes it and ends the incident."""
    deployments.deploy(platform, [("parallel_proef.bpmn", _parallel())])
    ref = cases.start_case(platform, "parallel_proef", {}, user="anna")["zaak"]
    clock.advance(hours=1)
    failed = _refused(platform, "Invoer A", {"x": 0})
    clock.advance(hours=1)
    other = cases.complete_task(platform, _task(platform, "Invoer B"), "anna", {"x": 5})
    case = case_row(platform, ref)
    assert (other["status"], case.status, case.incident) == ("incident", "incident", failed.detail)
    assert [kind for kind, _, _ in _events(platform, ref)] == ["incident"] and _listed_in_beheer(
        platform, ref
    )
    [row] = case_queries.search_cases(platform, "anna")["zaken"]
    assert row["houder"] == "Systeem (incident)"
    clock.advance(hours=1)
    cases.complete_task(platform, _task(platform, "Invoer A"), "anna", {"x": 2})
    assert (case_row(platform, ref).status, open_task_names(platform)) == ("lopend", ["Verder"])
    assert [kind for kind, _, _ in _events(platform, ref)] == ["incident", "incident-opgelost"]


def test_an_incident_naming_no_element_ends_when_its_task_completes(platform):
    """The stored document's cap names no element: the completion of the very task whose step exceeded it
    ends the incident."""
    deployments.deploy(platform, [("stapel_proef.bpmn", PILED_UP)])
    ref = cases.start_case(platform, "stapel_proef", {}, user="anna")["zaak"]
    task = _task(platform, "Invoer")
    failed = _refused(platform, "Invoer", {"n": 9_900_000})
    assert failed.code == "script-limiet" and case_row(platform, ref).status == "incident"
    cases.complete_task(platform, task, "anna", {"n": 1})
    assert (case_row(platform, ref).status, open_task_names(platform)) == ("lopend", ["Verder"])
    assert _events(platform, ref)[-1][:2] == (
        "incident-opgelost",
        "Incident opgelost: taak 'Invoer' is voltooid door anna",
    )


def test_a_timers_incident_and_a_failed_retry_record_the_failing_element(platform, clock):
    """A timer step's incident and beheer's failed retry keep the element on their lines too (they kept
    nothing): the step that gets past it ends the incident, whichever way it began."""
    deployments.deploy(platform, [("reken.bpmn", after_timer("y = 1 / 0"))])
    ref = cases.start_case(platform, "reken_proef", {}, user="anna")["zaak"]
    clock.advance(hours=2)
    [fired] = cases.fire_due_timers(platform)
    assert "element 'reken'" in fired["incident"]
    with pytest.raises(Conflict):
        beheer.retry(platform, ref, "bea")
    assert [(kind, data) for kind, _, data in _events(platform, ref)] == [
        ("incident", {"element": "reken"}),
        ("incident", {"element": "reken"}),
    ]
