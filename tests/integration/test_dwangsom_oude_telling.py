"""A dwangsom stored before amounts read "€ 1.442" (f21b38b) reads as one stored today.

The case keeps the dwangsom's stand with its count in words (``stappen``, "Totaal t/m 23 juni 2026: 42
dagen, € 1442"), in its summary. f21b38b made new counts write processes.nederlands.euro's "€ 1.442",
but a stand stored before kept "€ 1442", on the case file and in the API's ``samenvatting``, next to
"€ 1.442" everywhere else. Migration 0041 writes the count from the stand's numbers into the stored summary
(until then the case read did, on every read): the case stored by the old code goes through it here.

Dates as in test_dwangsom_beschikking: the ingebrekestelling received on 29 April starts the dwangsom on
13 May; at its 42nd day, 23 June, the maximum of € 1.442 is due and set the next day.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from alembic import command

from services import cases, users
from services.store.models import Case
from tests.e2e.harness import logged_in, page_text
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.dwangsom_steps import in_2026, in_gebreke
from tests.integration.migration_steps import run_migration
from tests.integration.test_omgevingsvergunning import USERS, Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie
PASSWORD = "dwangsom-2026"
#: the last line of the count at the maximum as the code before f21b38b wrote it (its other lines hold no
#: amount of a thousand euros or more, so they read the same then and now)
OUD = "Totaal t/m 23 juni 2026: 42 dagen, € 1442"
NU = "Totaal t/m 23 juni 2026: 42 dagen, € 1.442"


def _as_the_old_code_stored_it(z: Omgeving) -> None:
    """Every stand in the case's stored summary gets the old count's last line back."""
    with z.p.uow() as uow:
        case = uow.session.query(Case).filter_by(reference=z.ref).one()
        summary: dict[str, Any] = copy.deepcopy(case.summary)
        stands = [summary["dwangsom"]]
        if isinstance((summary.get("gegevens") or {}).get("dwangsom"), dict):
            stands.append(summary["gegevens"]["dwangsom"])
        for stand in stands:
            assert stand["stappen"][-1] == NU, stand["stappen"]
            stand["stappen"][-1] = OUD
        case.summary = summary
        uow.commit()


def test_a_dwangsom_count_stored_by_the_old_code_reads_in_euros_as_a_new_one(z: Omgeving) -> None:
    in_gebreke(z)
    z.op(in_2026(6, 24))  # set at its maximum
    _as_the_old_code_stored_it(z)
    run_migration(z.p.engine, command.downgrade, "0040")  # as a database of the old code stands
    run_migration(z.p.engine, command.upgrade, "head")
    stand = cases.get_case(z.p, z.ref)["samenvatting"]["dwangsom"]
    assert stand["stappen"][-1] == NU, stand["stappen"]
    users.add_user(z.p, "anna", groups=USERS["anna"], password=PASSWORD)
    anna = logged_in(create_app(z.p.settings, platform=z.p), "anna", PASSWORD)
    page = page_text(anna.get(f"/zaken/{z.ref}").text)
    assert NU in page and "€ 1442" not in page


def _stands(node: Any) -> list[dict[str, Any]]:
    """Every dwangsom stand with a count in the (parsed) workflow document ``node``."""
    if isinstance(node, list):
        return [s for value in node for s in _stands(value)]
    if not isinstance(node, dict):
        return []
    own = node.get("dwangsom")
    found = [own] if isinstance(own, dict) and "stappen" in own else []
    return found + [s for value in node.values() for s in _stands(value)]


def _workflow_as_the_old_code_stored_it(z: Omgeving) -> str:
    """Every stand in the case's stored workflow document gets the old count's last line back, written as
    services.engine.state.dump_instance writes a document; returns the document as stored before."""
    with z.p.uow() as uow:
        case = uow.session.query(Case).filter_by(reference=z.ref).one()
        stored = case.workflow.document
        doc = json.loads(stored)
        stands = _stands(doc)
        assert stands
        for stand in stands:
            assert stand["stappen"][-1] == NU, stand["stappen"]
            stand["stappen"][-1] = OUD
        case.workflow.document = json.dumps(doc, separators=(",", ":"))
        z.p.runtime.instances.take(case.id, -1, "")  # this process's kept instance is not the stored one
        uow.commit()
        return stored


def test_a_dwangsom_count_in_the_workflow_data_of_the_old_code_reaches_the_next_step_in_euros(
    z: Omgeving,
) -> None:
    """The case's workflow data (task data, copied into the summary's ``gegevens`` by each step) are
    written by migration 0043, once; the step copies them as they are."""
    in_gebreke(z)
    z.op(in_2026(6, 24))  # set at its maximum
    stored = _workflow_as_the_old_code_stored_it(z)
    run_migration(z.p.engine, command.downgrade, "0042")  # as a database of the old code stands
    run_migration(z.p.engine, command.upgrade, "head")
    with z.p.uow(write=False) as uow:
        migrated = uow.session.query(Case).filter_by(reference=z.ref).one().workflow.document
    z.op(in_2026(9, 1))
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    # the besluit's step ends the dwangsom's branch: its last task's data, with the stand, are the gegevens
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Alsnog."})
    stand = case["samenvatting"]["gegevens"]["dwangsom"]
    assert stand["stappen"][-1] == NU, stand["stappen"]
    assert migrated == stored  # the migrated document byte for byte as the app wrote it
