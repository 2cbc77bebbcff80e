"""Review sessie16 herroep16b F4: a case at 'Beslissen op bezwaar' under the model version before 5292246 waits
for a further bezwaar at the catch event 'Nog een bezwaar ontvangen (gevoegd)', which now sits behind the
event-based gateway gv_wacht (SpiffWorkflow gives such a catch event no message of its own: the gateway waits).
The migration refused it, rightly, but advised "Migreer de zaak nadat het bericht is ontvangen", which cannot
work: a joined bezwaar loops back to the same wait. The refusal now says the case finishes on its version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services import beheer, deployments
from services.clock import FixedClock
from services.platform import Platform
from services.status.messages import send_public_message
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_buiten_behandeling_mail import buiten_behandeling
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import locatie  # noqa: F401

OUD = Path(__file__).parents[1] / "fixtures" / "bpmn" / "omgevingsvergunning_voor_herbehandeling.bpmn"


@pytest.mark.parametrize("gevoegd", [False, True])
def test_a_case_waiting_for_a_joined_bezwaar_is_told_it_finishes_on_its_version(
    platform: Platform,
    clock: FixedClock,
    locatie: dict[str, Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    gevoegd: bool,
) -> None:
    oud = met_oud_model(platform, clock, locatie, OUD, monkeypatch)
    code = str(oud.start(email="jansen@example.org")["volgcode"])
    buiten_behandeling(oud)
    oud.later(days=10)
    send_public_message(oud.p, code, "bezwaar", {"tekst": "Ik had de tekening wel gestuurd."})
    oud.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    if gevoegd:  # a joined bezwaar received: the case waits at the same step again
        dag = oud.clock.now().date().isoformat()
        oud.bericht(
            "bezwaar", {"soort": "bezwaar", "ontvangen_op": dag, "indiener": "Buur", "inhoud": "Ook."}
        )
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    [geweigerd] = result["geweigerd"]
    reden = geweigerd["reden"]
    assert "wacht de stap 'Nog een bezwaar ontvangen (gevoegd)' niet zelf meer op bericht 'bezwaar'" in reden
    assert "zij wordt afgerond op de versie waarop zij loopt" in reden, reden
    assert "nadat het bericht is ontvangen" not in reden, reden
    assert result["gemigreerd"] == []
