"""The case file's "Gegevens" read as Dutch, not as the variables' names (review20, 9c).

The zaak and taak pages showed "bedrag euro 161", "maximum bereikt nee", "feestdagen onzeker nee",
"Bewaakmoment soort waarschuwing" and, after the warning to the teamleider went out, "Gewaarschuwd voor —".
Every label, at every depth, now comes from one place (web/faces/filters.label: capitalised, known keys
and units by name), an amount in euros reads "€ 276", and the deadline watch's own state is left out: that
the warning went out is in the timeline."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from services.store.models import Case, HumanTask
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, page_text

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database
app = fx.testing_demo_app


def _dwangsom_case(app: Any) -> tuple[str, int, int]:
    """The demo's case with a running dwangsom: its reference, the amount due and one of its open tasks."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        rows = uow.session.execute(select(Case.id, Case.reference, Case.summary)).all()
        [(case_id, ref, stand)] = [
            (i, r, s["dwangsom"]) for i, r, s in rows if isinstance((s or {}).get("dwangsom"), dict)
        ]
        task = uow.session.scalars(
            select(HumanTask.id).where(HumanTask.case_id == case_id, HumanTask.state == "open")
        ).first()
    assert task is not None
    return ref, int(stand["bedrag_euro"]), task


def _gegevens(html: str) -> tuple[str, list[str]]:
    section = html.split('id="kop-gegevens"', 1)[1].split("</section>", 1)[0]
    return page_text(section), re.findall(r"<dt>([^<]*)</dt>", section)


def test_the_case_file_names_its_facts_in_dutch(app: Any) -> None:
    ref, bedrag, task = _dwangsom_case(app)
    tom = logged_in(app, "tom")
    for path in (f"/zaken/{ref}", f"/taken/{task}"):
        resp = tom.get(path)
        assert resp.status_code == 200, path
        text, labels = _gegevens(resp.text)
        assert "bedrag euro" not in text.lower() and f"Bedrag € {bedrag}" in text, path
        assert "Maximum bereikt nee" in text, path
        assert "feestdagen onzeker" not in text.lower(), path
        assert "Feestdagen van dat jaar nog niet bekendgemaakt nee" in text, path
        assert not [lb for lb in labels if lb[:1].islower()], path
        # the deadline watch's own state is not shown as a fact of the case ...
        assert "Bewaakmoment" not in text and "Gewaarschuwd voor" not in text, path
    # ... that the warning went out is in the timeline
    assert "Beslistermijn verloopt binnenkort" in page_text(tom.get(f"/zaken/{ref}").text)
