"""A task's term (its ``termijn`` property) that is no date is a fault in the model, named in Dutch.

Review finding: the runtime cut the value to ten characters (``str(value)[:10]``) and the inbox row
parsed that, so a term of "morgen", 42, 30 February or a list ended the step in a bare ValueError
("Invalid isoformat string"): a 500 in the API, with no element named.
"""

from __future__ import annotations

import pytest

from services import cases, deployments, users
from services.engine.runtime import ProcessError
from tests.integration.core_helpers import snapshot
from tests.integration.test_script_limits import after_task


def termijn(value: str) -> str:
    return after_task("x = 1", "termijn_proef", f"<spiffworkflow:property name=\"termijn\" value='{value}'/>")


#: computed, so the deploy cannot know them: a constant that is no date ("morgen", 42, "2026-02-30") is
#: refused at deploy (tests/integration/test_deploy_unrunnable_values.py)
@pytest.mark.parametrize("value", ['"mor" + "gen"', "40 + 2", '"2026-02-" + "30"', "[vandaag()]"])
def test_a_term_that_is_no_date_is_a_process_error_naming_its_element_and_stores_nothing(platform, value):
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    deployments.deploy(platform, [("termijn.bpmn", termijn(value))])
    before = snapshot(platform)
    with pytest.raises(ProcessError) as err:
        cases.start_case(platform, "termijn_proef", {}, user="anna")
    assert err.value.status == 422
    assert "Element 'invoer'" in err.value.detail and "geen datum (JJJJ-MM-DD)" in err.value.detail
    assert snapshot(platform) == before


def test_a_term_from_the_application_data_that_is_no_date_is_named_with_its_value(platform):
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    deployments.deploy(
        platform, [("termijn.bpmn", termijn('aanvraag.get("uiterlijk") if aanvraag else None'))]
    )
    before = snapshot(platform)
    with pytest.raises(ProcessError) as err:
        cases.start_case(platform, "termijn_proef", {"aanvraag": {"uiterlijk": "volgende week"}}, user="anna")
    assert err.value.status == 422
    assert "'volgende week'" in err.value.detail and "element 'invoer'" in err.value.detail.lower()
    assert snapshot(platform) == before


@pytest.mark.parametrize(
    ("value", "due"),
    [
        ('"2026-04-01"', "2026-04-01"),
        ('"2026-04-01T16:30:00+02:00"', "2026-04-01"),
        ("vandaag()", "2026-03-02"),
    ],
)
def test_a_term_that_is_a_date_lands_on_the_task(platform, value, due):
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    deployments.deploy(platform, [("termijn.bpmn", termijn(value))])
    ref = cases.start_case(platform, "termijn_proef", {}, user="anna")["zaak"]
    [task] = cases.get_case(platform, ref)["open_taken"]
    assert task["vervaldatum"] == due
