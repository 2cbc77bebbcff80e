"""An amount in euros of the application form reads as one in the case file's "Gegevens": "€ 250.000".

The omgevingsvergunning's application asks "Geschatte bouwkosten (euro)"; the zaak and taak pages showed
the stored number as it was, "Bouwkosten 250000", while an amount in euros reads one way everywhere
(processes.nederlands.euro). The case file knows the field is an amount from the form's own schema (the
field's ``format`` ``euro``), not from its name.
"""

from __future__ import annotations

import re

from services import users
from tests.e2e.harness import logged_in, page_text
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import USERS, Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie
PASSWORD = "bedragen-2026"


def _gegevens(html: str) -> dict[str, str]:
    """The rows of "Gegevens": label -> the value's text."""
    section = html.split('id="kop-gegevens"', 1)[1].split("</section>", 1)[0]
    return {
        dt: page_text(dd).strip()
        for dt, dd in re.findall(r"<dt>([^<]*)</dt>\s*<dd>(.*?)</dd>", section, re.S)
    }


def test_the_bouwkosten_read_as_euros_on_the_case_and_task_page(z: Omgeving) -> None:
    z.start(bouwkosten=250000, toelichting="Aanbouw van 250000 mm")
    users.add_user(z.p, "anna", groups=USERS["anna"], password=PASSWORD)
    anna = logged_in(create_app(z.p.settings, platform=z.p), "anna", PASSWORD)
    task = z.taak("anna", "Ontvankelijkheid")["id"]
    for path in (f"/zaken/{z.ref}", f"/taken/{task}"):
        resp = anna.get(path)
        assert resp.status_code == 200, path
        rows = _gegevens(resp.text)
        assert rows["Bouwkosten"] == "€ 250.000", (path, rows)
        assert rows["Toelichting"] == "Aanbouw van 250000 mm", (path, rows)  # a text stays as typed
