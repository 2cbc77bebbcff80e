"""The expected decision date ("Verwachte besluitdatum", case file and status page) on the demo's history.

Tester finding (review "kaart", 3): the estimate fell before the end of a terinzagelegging or of the
term for the applicant's aanvulling the case was waiting out; parallel advice tasks were added up one
after another and all listed under one name; a case already past its legal deadline read "dreigt ...
te laat".
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from services.platform import Platform
from services.store.models import Case, Document, HumanTask, OutsideWait
from services.waits import timeline
from services.waits.critical_path import same_kind, usual_path
from services.waits.derive import local_day
from tests.e2e import kaart_status_fixtures as fx
from tests.integration.test_waits_demo import NOW

demo_layers, demo_database = fx.demo_layers, fx.demo_database
demo_app = fx.module_demo_app  # one copy of the demo database for the module
TODAY = local_day(NOW)


def _platform(app: Any) -> Platform:
    return app.extensions["ruimteflow"]  # type: ignore[no-any-return]


def _running(platform: Platform) -> list[Case]:
    with platform.uow(write=False) as uow:
        rows = list(uow.session.scalars(select(Case).where(Case.status != "afgerond").order_by(Case.id)))
        uow.session.expunge_all()
    return [c for c in rows if not c.typed_summary.genomen_besluit]


def _path(platform: Platform, case: Case) -> dict[str, Any] | None:
    with platform.uow(write=False) as uow:
        return timeline.critical_path(uow.session, uow.session.get(Case, case.id), NOW)  # type: ignore[arg-type]


def _waiting_until(case: Case) -> tuple[str, date] | None:
    ter_inzage = case.typed_summary.ter_inzage or {}
    lopend = (case.opschorting or {}).get("lopend") or {}
    # the besluit waits for the post week after the terinzagelegging (a312e89; this helper read "tot")
    end = ter_inzage.get("per_post_tot") or ter_inzage.get("tot")
    if end and date.fromisoformat(end) >= TODAY:
        return "ter_inzage", date.fromisoformat(end)
    if lopend.get("tot_uiterlijk"):
        return "aanvulling", date.fromisoformat(lopend["tot_uiterlijk"])
    return None


def test_no_decision_is_expected_before_the_ter_inzage_or_the_aanvulling_term_ends(demo_app: Any) -> None:
    platform = _platform(demo_app)
    seen: dict[str, str] = {}
    for case in _running(platform):
        waiting = _waiting_until(case)
        path = _path(platform, case)
        if waiting is None or path is None:
            continue
        kind, last_day = waiting
        assert path["verwachte_besluitdatum"] > last_day.isoformat(), (case.reference, kind, path)
        assert path["wacht_tot"] == last_day.isoformat()
        seen[kind] = case.reference
    assert set(seen) == {"ter_inzage", "aanvulling"}, seen


def test_parallel_tasks_count_once_each_under_its_own_name(demo_app: Any) -> None:
    platform = _platform(demo_app)
    checked = 0
    for case in _running(platform):
        with platform.uow(write=False) as uow:
            open_names = sorted(
                uow.session.scalars(
                    select(HumanTask.name).where(HumanTask.case_id == case.id, HumanTask.state == "open")
                )
            )
        path = _path(platform, case)
        if path is None or len(open_names) < 2:
            continue
        running = [st for st in path["stappen"] if st["loopt"]]
        assert sorted(st["naam"] for st in running) == open_names, case.reference
        assert len({st["groep"] for st in running}) == 1, "the open tasks run at the same time"
        longest: dict[int, float] = {}
        for st in path["stappen"]:
            longest[st["groep"]] = max(longest.get(st["groep"], 0.0), st["mediaan_dagen"])
        if path["verwachte_besluitdatum"] is None:  # a step runs longer than in every closed case
            continue  # (officer12, 4: no date then; tested below)
        if path["wacht_tot"] is None:  # the groups one after another, each as long as its longest step
            expected = local_day(NOW + timedelta(days=sum(longest.values())))
            got = date.fromisoformat(path["verwachte_besluitdatum"])
            assert abs((got - expected).days) <= 1, (case.reference, path)  # the days are rounded
        series = local_day(NOW + timedelta(days=sum(st["mediaan_dagen"] for st in path["stappen"])))
        if sum(1 for st in running if st["mediaan_dagen"] > 0.5) >= 2:
            assert path["verwachte_besluitdatum"] < series.isoformat(), "parallel, not in series"
            checked += 1
    assert checked >= 1


def test_the_assessment_and_the_advice_round_ahead_run_in_parallel(demo_app: Any) -> None:
    """After the aanvulling, beoordelen and the adviesronde start together (split_advies)."""
    platform = _platform(demo_app)
    found = 0
    for case in _running(platform):
        path = _path(platform, case)
        if path is None or case.process_id != "omgevingsvergunning":
            continue
        groups = {st["element"]: st["groep"] for st in path["stappen"] if not st["loopt"]}
        if "beoordelen" in groups and "advies_geven" in groups:
            assert groups["beoordelen"] == groups["advies_geven"], (case.reference, path)
            found += 1
    assert found >= 1


def test_a_case_past_its_deadline_says_it_is_late_not_that_it_may_become_late(demo_app: Any) -> None:
    platform = _platform(demo_app)
    client = demo_app.test_client()
    late = [
        c
        for c in _running(platform)
        if c.uiterlijke_einddatum_afdoening is not None and c.uiterlijke_einddatum_afdoening < TODAY
    ]
    assert late
    for case in late:
        html = client.get(f"/status/{case.tracking_code}").get_data(as_text=True)
        block = re.search(r'id="kritiek-pad".*?</div>', html, re.S)
        assert block is not None, case.reference
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block.group(0)))
        over = (TODAY - case.uiterlijke_einddatum_afdoening).days  # type: ignore[operator]
        assert "dreigt" not in text, text
        assert f"al {over} {'dag' if over == 1 else 'dagen'} verstreken" in text, text
        path = _path(platform, case)
        assert path is not None and path["termijn_verstreken"] is True and path["dagen_verstreken"] == over


# -- the windpark: the provincie route and the gemeente route ----------------------------------------
# Tester finding (review initiator11, 2): on the cooperative's windpark the provincie decides, yet the
# estimate added up only the municipality's tasks ("Verwacht besluit rond 17 maart 2026", 15 days after
# receipt, while the closed windparks the provincie decided took 45 to 81 days to their besluit); the
# provincie's besluit is a wait, not a task, and the closed cases of both routes were mixed.
PROVINCIE_ROUTE = ("advies_extern", "advies_ontvangen", "besluit_extern")


def _windpark(platform: Platform, bevoegd_gezag: str) -> Case:
    found = [
        c
        for c in _running(platform)
        if c.process_id == "windpark" and c.typed_summary.bevoegd_gezag == bevoegd_gezag
    ]
    assert found, bevoegd_gezag
    return found[0]


def _days_to_besluit(platform: Platform, bevoegd_gezag: str) -> list[int]:
    """Receipt to besluit, in days, of the closed windparks of that bevoegd gezag."""
    with platform.uow(write=False) as uow:
        closed = uow.session.scalars(
            select(Case).where(Case.process_id == "windpark", Case.status == "afgerond")
        ).all()
        out = []
        for c in closed:
            decided = c.typed_summary.besluit_op()
            if c.typed_summary.bevoegd_gezag == bevoegd_gezag and decided and c.received_on:
                out.append((decided - c.received_on).days)
    assert out, bevoegd_gezag
    return out


def test_a_windpark_the_provincie_decides_counts_the_provincie_besluit(demo_app: Any) -> None:
    platform = _platform(demo_app)
    case = _windpark(platform, "provincie")
    path = _path(platform, case)
    assert path is not None
    elements = [st["element"] for st in path["stappen"]]
    assert "besluit_extern" in elements, path
    assert not {"vergunning_voorbereiden", "besluit"} & set(elements), "the gemeente route is not this one"
    assert [w["houder"] for w in path["extern"]] == ["Provincie"]  # the case's authority, not the lane
    assert path["extern"][0]["mediaan_dagen"] > 14
    expected = date.fromisoformat(path["verwachte_besluitdatum"])
    assert case.received_on is not None
    shortest = min(_days_to_besluit(platform, "provincie"))
    assert (expected - case.received_on).days >= shortest * 0.9, (expected, shortest)
    html = demo_app.test_client().get(f"/status/{case.tracking_code}").get_data(as_text=True)
    block = re.search(r'id="kritiek-pad".*?</div>', html, re.S)
    assert block is not None
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block.group(0)))
    assert "Meegeteld: het wachten op de provincie (mediaan" in text, text
    months = ["maart", "april", "mei", "juni", "juli"]
    assert f"rond {expected.day} {months[expected.month - 3]} {expected.year}" in text, text


def test_the_case_page_counts_the_wait_for_the_provincie_in_dutch_words(demo_app: Any) -> None:
    """The officers' case page read "Meegeteld: het wachten op provincie": the holder's name lowercased
    in the template. It names the holder as a sentence does, from the words of ``[houders]``
    (bpmn/fasen.toml, ``PublicPhases.holder_in_sentence``), as the status page does."""
    platform = _platform(demo_app)
    case = _windpark(platform, "provincie")
    with platform.uow(write=False) as uow:
        shown = timeline.timeline(uow.session, uow.session.get(Case, case.id), NOW, public=False)  # type: ignore[arg-type]
    assert [w["houder"] for w in shown["kritiek_pad"]["extern"]] == ["Provincie"]  # the holder, as stored
    with demo_app.test_request_context():
        html = demo_app.jinja_env.get_template("_houders.html").render(houders=shown)
    block = re.search(r'id="kritiek-pad".*?</div>', html, re.S)
    assert block is not None
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block.group(0)))
    assert "Meegeteld: het wachten op de provincie (mediaan" in text, text


def test_a_windpark_the_gemeente_decides_follows_the_permit_route(demo_app: Any) -> None:
    platform = _platform(demo_app)
    case = _windpark(platform, "gemeente")
    path = _path(platform, case)
    assert path is not None
    elements = {st["element"] for st in path["stappen"]}
    assert {"vergunning_voorbereiden", "besluit"} <= elements, path
    assert not set(PROVINCIE_ROUTE) & elements, "the provincie route is not this one"
    assert path["extern"] == [] and path["zonder_schatting"] is None
    assert path["verwachte_besluitdatum"] > TODAY.isoformat()


def test_without_history_of_the_provincie_besluit_no_date_is_given(demo_app: Any) -> None:
    """Closed windparks whose wait for the provincie's besluit was never recorded do not tell how long
    it takes: no date (one certainly too early), and the reason instead."""
    platform = _platform(demo_app)
    case = _windpark(platform, "provincie")
    with platform.uow(write=False) as uow:
        s = uow.session
        s.execute(delete(OutsideWait).where(OutsideWait.element_id == "besluit_extern"))
        try:
            path = timeline.critical_path(s, s.get(Case, case.id), NOW)  # type: ignore[arg-type]
        finally:
            s.rollback()
    assert path is not None
    assert path["verwachte_besluitdatum"] is None and path["stappen"] == [], path
    assert path["zonder_schatting"].startswith("Het besluit neemt Gedeputeerde Staten van Gelderland;")
    row = {"houder": "Netbeheerder", "soort": "extern", "tegelijk": False, "segmenten": [], "dagen": 0.0}
    houders = {"rijen": [{**row, "werkdagen": 0}], "vrije_dagen": [], "kritiek_pad": path, "publiek": True}
    with demo_app.test_request_context():
        html = demo_app.jinja_env.get_template("_houders.html").render(houders=houders)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Geen verwachte datum. Het besluit neemt Gedeputeerde Staten van Gelderland;" in text, text
    assert "Verwacht besluit rond" not in text


@pytest.mark.postgres
def test_on_postgresql_the_closed_cases_of_the_same_kind_are_selected(pg_platform: Platform) -> None:
    """The bevoegd gezag is read from the JSON summary (SQLite's JSON_EXTRACT, PostgreSQL's ->>)."""
    with pg_platform.uow(write=False) as uow:
        s = uow.session
        for authority in ("provincie", "gemeente", None):
            assert (
                s.scalar(select(func.count()).select_from(Case).where(*same_kind("windpark", authority))) == 0
            )
            assert usual_path(s, "windpark", authority) is None


# -- a step that runs longer than usual ----------------------------------------------------------------
# Tester finding (review "officer12", 4): an advice open for 84 days, with the legal deadline 26 days
# past, read "Verwacht besluit rond <four days from now>" every day: the running step counted as zero
# days left once it had outlived its median ("mediaan 0,0 dagen (nog te gaan, loopt nu)").


def _closed_days(s: Any, case: Case, element: str) -> list[float]:
    from services.store.models import TaskWait

    kind = same_kind(case.process_id, case.typed_summary.bevoegd_gezag)
    return [
        (b - a).total_seconds() / 86400
        for a, b in s.execute(
            select(TaskWait.created_at, TaskWait.completed_at)
            .join(Case, Case.id == TaskWait.case_id)
            .where(*kind, TaskWait.element_id == element)
        )
    ]


def _with_one_open_task_since(platform: Platform, days_ago: Any) -> tuple[Case, str, dict[str, Any]]:
    """The critical path of the first running permit case with one open task, whose task is made to have
    started ``days_ago(closed durations of its element)`` days before NOW (rolled back after)."""
    for case in _running(platform):
        if case.process_id != "omgevingsvergunning":
            continue
        with platform.uow(write=False) as uow:
            s = uow.session
            tasks = s.scalars(
                select(HumanTask).where(HumanTask.case_id == case.id, HumanTask.state == "open")
            ).all()
            closed = _closed_days(s, case, tasks[0].bpmn_id) if len(tasks) == 1 else []
            if len(closed) < 3 or max(closed) < 1:
                continue
            try:
                tasks[0].created_at = NOW - timedelta(days=days_ago(sorted(closed)))
                s.flush()
                path = timeline.critical_path(s, s.get(Case, case.id), NOW)  # type: ignore[arg-type]
            finally:
                s.rollback()
            assert path is not None, case.reference
            return case, tasks[0].name, path
    raise AssertionError("no running permit case with one open task of a known step")


def test_a_step_running_longer_than_in_every_closed_case_gives_no_date(demo_app: Any) -> None:
    platform = _platform(demo_app)
    case, name, path = _with_one_open_task_since(platform, lambda closed: closed[-1] + 30)
    assert path["verwachte_besluitdatum"] is None, (case.reference, path)
    assert (path["zonder_schatting"] or "").startswith(
        "De huidige stap loopt al langer dan in alle afgeronde zaken van dezelfde soort (sinds "
    ), path
    assert [st["langer_dan_gebruikelijk"] for st in path["stappen"] if st["naam"] == name] == [True]
    # the status page reads the stored (not the rolled-back) case: render its block on this path
    row = {"houder": "Gemeente", "soort": "gemeente", "tegelijk": False, "segmenten": [], "dagen": 0.0}
    houders = {"rijen": [{**row, "werkdagen": 0}], "vrije_dagen": [], "kritiek_pad": path, "publiek": False}
    with demo_app.test_request_context():
        html = demo_app.jinja_env.get_template("_houders.html").render(houders=houders)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Verwacht besluit rond" not in text and "Geen verwachte datum." in text, text
    assert "mediaan 0,0 dagen (nog te gaan" not in text, text
    assert f"{name}: loopt nu, langer dan in alle afgeronde zaken" in text, text


def test_a_step_past_its_median_counts_the_time_the_longer_closed_cases_still_took(demo_app: Any) -> None:
    """Past its median, a running step still has the median of what the closed cases that took longer
    took beyond the time it has run, not zero days."""
    platform = _platform(demo_app)

    def just_past_median(closed: list[float]) -> float:
        longer = [d for d in closed if d > closed[len(closed) // 2]]
        return (closed[len(closed) // 2] + (min(longer) if longer else closed[-1])) / 2

    case, name, path = _with_one_open_task_since(platform, just_past_median)
    running = [st for st in path["stappen"] if st["loopt"]]
    assert [st["naam"] for st in running] == [name]
    assert running[0]["mediaan_dagen"] > 0, (case.reference, path)
    assert path["verwachte_besluitdatum"] is not None


def test_the_steps_ahead_are_named_as_the_models_name_them_not_by_id(demo_app: Any) -> None:
    """Review projectleider13 (smaller): the estimate listed raw element ids (alternatief_bespreken,
    advies_ontvangen, ontvankelijkheid): steps of a called model, and a name filled in per task."""
    platform = _platform(demo_app)
    named: dict[str, str] = {}
    for case in _running(platform):
        path = _path(platform, case)
        for step in (path or {}).get("stappen", []):
            assert step["naam"] != step["element"] and "{" not in step["naam"], (case.reference, step)
            named[step["element"]] = step["naam"]
    assert named.get("ontvankelijkheid") == "Ontvankelijkheid beoordelen"
    assert named.get("alternatief_bespreken") == "Alternatief bespreken met initiatiefnemer"


# -- the final besluit letter made, its task still open ----------------------------------------------
# Review finding (vvl16, F1): after 'Definitief maken' the case page still said "Verwacht besluit rond ..."
# until the task 'Besluit nemen' was completed.


def test_no_decision_is_expected_once_the_final_besluit_letter_is_made(demo_app: Any) -> None:
    platform = _platform(demo_app)
    for case in _running(platform):
        with platform.uow(write=False) as uow:
            s = uow.session
            stored = s.get(Case, case.id)
            assert stored is not None
            path = timeline.critical_path(s, stored, NOW)
            if case.process_id != "omgevingsvergunning" or path is None or not path["verwachte_besluitdatum"]:
                continue
            try:
                s.add(
                    Document(
                        case_id=case.id,
                        titel=f"Besluit (verlenen) {case.reference}",
                        informatieobjecttype="besluit",
                        vertrouwelijkheidaanduiding="openbaar",
                        status="definitief",
                        creatiedatum=TODAY,
                        uploaded_by="tom",
                        created_at=NOW,
                        besluitdatum=TODAY,
                        verzenddatum=TODAY,
                        besluit_uitkomst="verlenen",
                        besluit_voorschriften=[],
                        besluit_motivering="Past binnen het omgevingsplan.",
                    )
                )
                s.flush()
                made = timeline.critical_path(s, stored, NOW)
            finally:
                s.rollback()
            assert made is None, (case.reference, made)
            return
    raise AssertionError("no running permit case with an expected decision date")
