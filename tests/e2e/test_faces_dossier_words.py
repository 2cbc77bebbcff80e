"""Issue #16 item 5: the case file on the officers' screens shows no internals.

Holes found on the old main (demo, case in the dwangsom clock): "Wachtende elementen: d_wacht",
"Verwachte berichten: ingebrekestelling" (BPMN ids and message names raw), and Procedure,
Activiteiten and Dwangsom each twice (once from the case summary, once from the workflow data).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from sqlalchemy import select

from services.store.models import Case, HumanTask
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app


def _cases(app: Any) -> list[tuple[str, dict[str, Any]]]:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        rows = uow.session.execute(select(Case.reference, Case.summary).order_by(Case.id)).all()
    return [(ref, summary or {}) for ref, summary in rows]


class _TopLabels(HTMLParser):
    """The <dt> texts of the outer list of "Gegevens" (not those of the nested values)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.in_dt, self.labels = 0, False, []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "dl":
            self.depth += 1
        elif tag == "dt" and self.depth == 1:
            self.in_dt = True
            self.labels.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl":
            self.depth -= 1
        elif tag == "dt":
            self.in_dt = False

    def handle_data(self, data: str) -> None:
        if self.in_dt:
            self.labels[-1] += data.strip()


def _labels(html: str) -> list[str]:
    section = html.split('id="kop-gegevens"', 1)[1].split("</section>", 1)[0]
    parser = _TopLabels()
    parser.feed(section)
    return parser.labels


def _text(html: str) -> str:
    section = html.split('id="kop-gegevens"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_dwangsom_case_shows_waiting_steps_in_words_and_each_field_once(demo_app):
    client = logged_in(demo_app, "tom")
    [(ref, summary)] = [c for c in _cases(demo_app) if "d_wacht" in c[1].get("wachtende_elementen", [])]
    html = client.get(f"/zaken/{ref}").text
    text = _text(html)
    for raw in summary["wachtende_elementen"]:
        assert not re.search(rf"\b{re.escape(raw)}\b", text), raw
    assert "Wachtende elementen" not in text
    # the unnamed event-based gateway d_wacht waits for the daily dwangsom update or the besluit: the
    # engine's own events, not a wait of the case (review projectleider13, 3: "Wacht op" lists only the
    # waits the model declares, and this case declares none; its open task says what it waits on)
    assert "Volgende dag" not in text and "Wacht op" not in text
    assert "uiterlijkeEinddatumAfdoening" not in text and "uiterlijke einddatum afdoening" in text.lower()
    labels = _labels(html)
    for label in ("Procedure", "Activiteiten", "Dwangsom"):
        assert sum(1 for lb in labels if lb.lower() == label.lower()) <= 1, (label, labels)
    assert len({lb.lower() for lb in labels}) == len(labels), labels


def test_expected_messages_and_waiting_elements_read_as_words_on_every_case(demo_app):
    client = logged_in(demo_app, "tom")
    seen_message = False
    for ref, summary in _cases(demo_app):
        resp = client.get(f"/zaken/{ref}")
        if resp.status_code == 404:  # the wijkuitvoeringsplannen are not the team lead's (as unknown)
            continue
        html = resp.text
        text = _text(html)
        for raw in summary.get("wachtende_elementen") or []:
            if "_" in raw:  # an id like "w_wacht"; "transportverzoek" is also a Dutch word in the texts
                assert not re.search(rf"\b{re.escape(raw)}\b", text), (ref, raw)
        messages = summary.get("verwachte_berichten") or []
        # the row lists those the case takes now, as the status page does (review status15b, R6: not an
        # ingebrekestelling while the beslistermijn runs), each in words
        row = re.search(r"<dt>Verwachte berichten</dt><dd>([^<]*)</dd>", html)
        if messages and row:
            readable = [m.replace("_", " ")[:1].upper() + m.replace("_", " ")[1:] for m in messages]
            assert set(row.group(1).split(", ")) <= {*readable, "Beroep bij de rechtbank"}, (ref, messages)
            seen_message = True
        assert messages or not row, ref
        labels = _labels(html)
        assert len({lb.lower() for lb in labels}) == len(labels), (ref, labels)
    assert seen_message  # the demo has cases waiting for a message


def test_task_page_shows_the_same_case_file_in_words(demo_app):
    [ref] = [r for r, summary in _cases(demo_app) if "d_wacht" in summary.get("wachtende_elementen", [])]
    with demo_app.extensions["ruimteflow"].uow(write=False) as uow:
        task_id = uow.session.scalars(
            select(HumanTask.id).where(HumanTask.case_reference == ref, HumanTask.state == "open")
        ).first()
    assert task_id is not None
    html = logged_in(demo_app, "anna").get(f"/taken/{task_id}").text
    text = _text(html)
    assert "d_wacht" not in text and "Volgende dag" not in text
    labels = _labels(html)
    assert len({lb.lower() for lb in labels}) == len(labels), labels
