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
from typing import Any

from alembic import command

from services import cases, users
from services.store.models import Case
from tests.e2e.harness import logged_in, page_text
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_dwangsom_beschikking import _in_gebreke, _op
from tests.integration.test_migration_case_summary import _run
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
    _in_gebreke(z)
    z.op(_op(6, 24))  # set at its maximum
    _as_the_old_code_stored_it(z)
    _run(z.p.engine, command.downgrade, "0040")  # as a database of the old code stands
    _run(z.p.engine, command.upgrade, "head")
    stand = cases.get_case(z.p, z.ref)["samenvatting"]["dwangsom"]
    assert stand["stappen"][-1] == NU, stand["stappen"]
    users.add_user(z.p, "anna", groups=USERS["anna"], password=PASSWORD)
    anna = logged_in(create_app(z.p.settings, platform=z.p), "anna", PASSWORD)
    page = page_text(anna.get(f"/zaken/{z.ref}").text)
    assert NU in page and "€ 1442" not in page
