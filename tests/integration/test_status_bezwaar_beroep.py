"""The status page never offers bezwaar on a case whose remedy is beroep, and a hand-made POST is refused.

Review termijn11 (small finding): a besluit of the uitgebreide procedure is open to beroep at the rechtbank
only (Awb 7:1 lid 1 onder d). The page offered no bezwaar form, but a POST of 'bezwaar' with the tracking
code went through and the model recorded it as a beroep. Now it is 409 bezwaar-niet-mogelijk in Dutch and
nothing is recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from processes.errors import Conflict
from services.status import messages, view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def test_a_bezwaar_posted_by_hand_on_a_beroep_case_is_refused(z: Omgeving) -> None:
    z.locatie["afdelingen"] = []
    case = z.start(
        activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"], mer_plichtig=True
    )
    code = str(case["volgcode"])
    z.doe("odin", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    z.op(datetime(2026, 4, 22, 7, 0, tzinfo=UTC))
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    assert case["samenvatting"]["rechtsmiddel"]["soort"] == "beroep"
    assert "bezwaar" not in [a["bericht"] for a in view.public_status(z.p, code)["acties"]]

    with pytest.raises(Conflict) as refused:
        messages.send_public_message(z.p, code, "bezwaar", {"tekst": "Ik ben het er niet mee eens."})
    assert refused.value.code == "bezwaar-niet-mogelijk"
    assert "alleen beroep instellen bij de rechtbank" in refused.value.detail
    case = z.zaak()
    assert case["status"] == "lopend" and case["wacht_op"] == "het besluit wordt vandaag verzonden"
    assert not any(e["tekst"].startswith("Beroepschrift ontvangen") for e in case["tijdlijn"])
    # the beroepstermijn from the day after the besluit is sent (Awb 6:8)
    assert z.later(days=1)["wacht_op"].startswith("beroepstermijn loopt tot en met")
