"""The case list and the case file once a besluit was given: they tell whether it met the beslistermijn
and count no days "te laat" for a permit decided in time (reviewer finding: "7 dagen te laat" for a
permit in its bezwaartermijn that was decided on time), as the map and the case API do.

The permit model of bpmn/ with the scenario helpers of test_omgevingsvergunning: uiterste beslisdatum
28 April 2026."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from services import users
from tests.e2e.conftest import Browser
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten_op
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def _badges(z: Omgeving) -> dict[str, str]:
    from web import create_app

    users.add_user(z.p, "anna", groups=["Vergunningen"], password="demo")
    browser = Browser(create_app(z.p.settings, platform=z.p))
    assert browser.login("anna").status_code == 302
    out = {}
    for name, url in (("dossier", f"/zaken/{z.ref}"), ("lijst", "/zaken")):
        html = browser.get(url).text
        [badge] = re.findall(r'<span class="termijn termijn-.*?</span>\s*</span>', html, re.S)
        out[name] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", badge)).strip()
    return out


def test_a_permit_decided_in_time_counts_no_days_late(z: Omgeving) -> None:
    besloten_op(z, datetime(2026, 4, 27, 9, 0, tzinfo=UTC))
    case = z.op(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and case["dagen_over"] is None and case["te_laat"] is False
    shown = _badges(z)
    assert shown == {
        "dossier": "28 april 2026 besluit binnen de termijn",
        "lijst": "28 april 2026 besluit binnen de termijn",
    }


def test_a_permit_decided_late_says_so(z: Omgeving) -> None:
    besloten_op(z, datetime(2026, 4, 30, 9, 0, tzinfo=UTC))
    case = z.op(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and case["dagen_over"] is None and case["te_laat"] is True
    shown = _badges(z)
    assert shown == {
        "dossier": "28 april 2026 ⚠ besluit na de termijn",
        "lijst": "28 april 2026 ⚠ besluit na de termijn",
    }
