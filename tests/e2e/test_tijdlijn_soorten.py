"""The case file's timeline names each event in Dutch (review20): a case whose term expired showed
"Termijn-verstreken", the raw kind, beside "Zaak gestart". The labels come from one table
(web/faces/event_kinds.py; tests/unit/test_event_kind_labels.py checks it has every kind written)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from sqlalchemy import select

from services.store.models import Case, CaseEvent
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database
app = fx.testing_demo_app


def _kinds_shown(html: str) -> dict[str, set[str]]:
    """Per event kind on the page (its item's class) the labels shown for it."""
    shown: dict[str, set[str]] = {}
    for kind, name in re.findall(
        r'<li class="gebeurtenis gebeurtenis-([^"]+)">.*?<span class="gebeurtenis-soort">([^<]*)</span>',
        html,
        re.S,
    ):
        shown.setdefault(kind, set()).add(unescape(name))
    return shown


def test_the_timeline_of_a_case_whose_term_expired_names_it_in_dutch(app: Any) -> None:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        ref = uow.session.scalars(
            select(Case.reference)
            .join(CaseEvent, CaseEvent.case_id == Case.id)
            .where(CaseEvent.kind == "termijn-verstreken")
        ).first()
    assert ref is not None, "the demo has a case whose term expired"
    resp = logged_in(app, "tom").get(f"/zaken/{ref}")
    assert resp.status_code == 200
    shown = _kinds_shown(resp.text)
    assert shown["termijn-verstreken"] == {"Termijn verstreken"}, shown
    assert "Termijn-verstreken" not in resp.text
    assert not [name for names in shown.values() for name in names if re.search(r"[-_]", name)], shown
