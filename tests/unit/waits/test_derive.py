"""The pure derivation of holder intervals: one holder at every moment, by the documented priority."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from services.waits import derive as d
from services.waits import outside as o

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def task(i: int, group: str, start: float, end: float | None) -> d.TaskSpan:
    return d.TaskSpan(i, f"taak_{i}", f"Taak {i}", (group,), at(start), None if end is None else at(end))


def assert_covers(intervals: list[d.Interval], start: datetime, end: datetime | None) -> None:
    assert intervals[0].start == start
    assert intervals[-1].end == end
    for a, b in zip(intervals, intervals[1:], strict=False):
        assert a.end == b.start and a.start < a.end, (a, b)  # no gap, no overlap, no empty interval


def test_parallel_tasks_one_holder_at_a_time_and_the_life_is_covered():
    history = d.History(
        at(0),
        at(20),
        tasks=(
            task(1, "Vergunningen", 0, 3),
            task(2, "Milieu", 3, 10),
            task(3, "Omgevingsdienst", 3, 12),
            task(4, "Teamleider", 12, 20),
        ),
    )
    out = d.derive(history, {"Omgevingsdienst"})
    assert_covers(out, at(0), at(20))
    # Milieu and the omgevingsdienst opened together: the outside organisation holds, Milieu is parallel
    assert [(i.holder, i.kind) for i in out] == [
        ("Vergunningen", "afdeling"),
        ("Omgevingsdienst", "extern"),
        ("Teamleider", "afdeling"),
    ]
    assert out[1].parallel == ("Milieu",) and (out[1].start, out[1].end) == (at(3), at(12))
    assert out[0].public_holder == "Gemeente" and out[1].public_holder == "Omgevingsdienst"


def test_the_initiator_holds_a_suspended_case_even_beside_an_open_task():
    wait = d.Wait("aanvulling_ontvangen", "Aanvrager", "wacht op aanvulling van de aanvrager")
    history = d.History(
        at(0),
        None,
        tasks=(task(1, "Vergunningen", 0, 2), task(2, "Juridisch", 2, None)),
        snapshots=(d.WaitSnapshot(at(2), (wait,)), d.WaitSnapshot(at(9), ())),
    )
    out = d.derive(history, ())
    assert_covers(out, at(0), None)
    assert [(i.holder, i.kind, i.start, i.end) for i in out] == [
        ("Vergunningen", "afdeling", at(0), at(2)),
        ("Aanvrager", "initiatiefnemer", at(2), at(9)),
        ("Juridisch", "afdeling", at(9), None),
    ]


def test_legal_periods_incidents_and_idle_time_have_their_own_holders():
    inzage = d.Wait("ti_timer", "Belanghebbenden", "ontwerpbesluit ter inzage tot en met 14 april")
    bezwaar = d.Wait("rm", "Belanghebbenden", "bezwaartermijn loopt tot en met 13 mei")
    history = d.History(
        at(0),
        at(60),
        snapshots=(d.WaitSnapshot(at(1), (inzage,)), d.WaitSnapshot(at(43), (bezwaar,))),
        incidents=((at(50), at(51)),),
    )
    out = d.derive(history, ())
    assert_covers(out, at(0), at(60))
    assert [(i.holder, i.kind) for i in out] == [
        ("Systeem", "systeem"),
        ("Terinzagelegging", "wettelijke_termijn"),
        ("Bezwaartermijn", "wettelijke_termijn"),
        ("Systeem (incident)", "systeem"),
        ("Bezwaartermijn", "wettelijke_termijn"),
    ]


def test_an_awaited_message_is_held_by_the_named_organisation_unless_someone_has_a_task():
    answer = d.Wait("antwoord", "netbeheerder", "wacht op antwoord netbeheerder")
    history = d.History(
        at(0),
        None,
        tasks=(task(1, "Energie en Klimaat", 5, 6),),
        snapshots=(d.WaitSnapshot(at(0), (answer,)),),
    )
    out = d.derive(history, {"Netbeheerder"})
    assert [(i.holder, i.kind, i.start) for i in out] == [
        ("Netbeheerder", "extern", at(0)),  # the configured spelling of the organisation
        ("Energie en Klimaat", "afdeling", at(5)),
        ("Netbeheerder", "extern", at(6)),
    ]


def test_the_derivation_is_deterministic():
    history = d.History(at(0), at(3), tasks=(task(2, "B", 0, 3), task(1, "A", 0, 3)))
    assert d.derive(history) == d.derive(history)
    assert d.derive(history)[0].holder == "A"  # equal start: by name, not by list order


# -- outside waits (windpark review finding 6) ------------------------------------------------------
def _waits(t: float, *waits: d.Wait) -> d.WaitSnapshot:
    return d.WaitSnapshot(at(t), waits)


def test_a_wait_for_an_outside_organisation_beside_a_teams_task_is_kept_whole():
    """The team holds the case while its task is open (one holder at a time), but the netbeheerder's
    answer was awaited the whole time: the outside wait covers it, the one-holder intervals stay."""
    answer = d.Wait("antwoord", "Netbeheerder", "wacht op antwoord netbeheerder")
    late = d.Wait("antwoord_laat", "Netbeheerder", "antwoord te laat")
    history = d.History(
        at(0),
        at(40),
        tasks=(task(1, "Vergunningen", 0, 40),),
        snapshots=(_waits(0, answer), _waits(15, late), _waits(30), _waits(35, answer)),
    )
    assert [(i.holder, i.start, i.end) for i in d.derive(history, {"Netbeheerder"})] == [
        ("Vergunningen", at(0), at(40))
    ]
    assert [(w.holder, w.element_id, w.start, w.end) for w in o.outside_waits(history, {"Netbeheerder"})] == [
        ("Netbeheerder", "antwoord", at(0), at(15)),
        ("Netbeheerder", "antwoord_laat", at(15), at(30)),
        ("Netbeheerder", "antwoord", at(35), at(40)),  # ended when the case closed
    ]


def test_only_outside_organisations_waits_count_and_an_empty_wait_is_dropped():
    aanvulling = d.Wait("aanvulling", "aanvrager", "wacht op aanvulling")
    term = d.Wait("bezwaar", "wettelijke termijn", "bezwaartermijn")
    answer = d.Wait("antwoord", "netbeheerder", "antwoord")
    history = d.History(
        at(0),
        None,
        snapshots=(
            _waits(0, aanvulling, term, answer),
            _waits(2),
            _waits(2, answer),
            _waits(2),
            _waits(3, answer),
        ),
    )
    out = o.outside_waits(history, {"Netbeheerder"})
    # the wait that began and ended at the same moment is gone; the open one stays open
    assert [(w.holder, w.start, w.end) for w in out] == [
        ("Netbeheerder", at(0), at(2)),
        ("Netbeheerder", at(3), None),
    ]
    # carried on step by step from the open ones, the same spans
    step_by_step: list[o.OutsideSpan] = []
    for snap in history.snapshots:
        done = [w for w in step_by_step if w.end is not None]
        step_by_step = done + o.carry_outside(
            [w for w in step_by_step if w.end is None], [snap], None, frozenset({"Netbeheerder"})
        )
    assert step_by_step == out


# -- a bezwaar- or beroepstermijn begins the day after its besluit is sent (Awb 3:41, 6:8) -----------
BEZWAAR = d.Wait("rm", "Belanghebbenden", "bezwaartermijn loopt tot en met 5 juni 2026")


def test_a_term_of_a_besluit_sent_later_is_held_by_the_gemeente_until_the_day_after_sending():
    """Taken on Monday 2 March (T0), sent on Thursday 5 March: the term's first moment is the start of
    Friday 6 March, Dutch time (5 March 23:00 UTC); the step already knows it, so the intervals end there
    ahead of the clock, and the gemeente takes the term's place (it still sends the besluit)."""
    term = datetime(2026, 3, 5, 23, 0, tzinfo=UTC)
    history = d.History(
        at(-10),
        None,
        tasks=(task(1, "Vergunningen", -10, 0), task(2, "Juridisch", 0, None)),
        snapshots=(d.WaitSnapshot(at(0), (BEZWAAR,), made_known=date(2026, 3, 5)),),
    )
    out = d.derive(history, ())
    assert_covers(out, at(-10), None)
    assert [(i.holder, i.kind, i.reason, i.start, i.end) for i in out] == [
        ("Vergunningen", "afdeling", "Taak 1", at(-10), at(0)),
        ("Gemeente", "afdeling", d.SENDING, at(0), term),  # the term's place: before Juridisch's task
        ("Bezwaartermijn", "wettelijke_termijn", BEZWAAR.reason, term, None),
    ]
    assert out[1].parallel == ("Juridisch",) and d.sends_besluit(out[1].kind, out[1].reason)
    sent_before = d.WaitSnapshot(at(0), (BEZWAAR,), made_known=date(2026, 3, 1))  # sent before the step
    assert [i.holder for i in d.derive(replace(history, snapshots=(sent_before,)), ())][1:] == [
        "Bezwaartermijn"
    ]


def test_waits_recorded_without_their_day_take_the_cases_day_only_for_its_last_term():
    """Waits recorded before the steps recorded the day (``wachten herbouw`` after the upgrade): the
    case's day is that of its last besluit, so only its last waits for a term take it; an earlier term
    (a besluit herroepen, then decided again) keeps its start."""
    other = d.Wait("bb", "Juridisch", "beslissing op bezwaar")
    history = d.History(
        at(0),
        None,
        snapshots=(
            d.WaitSnapshot(at(1), (BEZWAAR,)),
            d.WaitSnapshot(at(10), (other,)),
            d.WaitSnapshot(at(20), (BEZWAAR,)),
        ),
        made_known=d.local_day(at(22)),
    )
    out = d.derive(history, ())
    assert [(i.holder, i.start) for i in out] == [
        ("Systeem", at(0)),
        ("Bezwaartermijn", at(1)),
        ("Juridisch", at(10)),
        ("Gemeente", at(20)),
        ("Bezwaartermijn", d.term_start(d.local_day(at(22)))),
    ]


def test_the_last_waits_are_worded_at_a_moment_by_the_same_rule():
    """The case page's "Wacht op" reads the last recorded waits at a moment (``wait_at`` with
    ``made_known_last``): the gemeente sends the besluit up to the term's first moment, the term from
    then; waits recorded without their day take the case's; a wait of another kind stays its own."""
    sent, other = date(2026, 3, 5), d.Wait("nb", "Netbeheerder", "antwoord van de netbeheerder")
    term = d.term_start(sent)
    recorded = d.WaitSnapshot(at(0), (BEZWAAR, other), made_known=sent)
    without_day = d.WaitSnapshot(at(0), (BEZWAAR, other))
    for snap, case_day in ((recorded, None), (without_day, sent), (recorded, date(2026, 4, 1))):
        day = d.made_known_last(snap, case_day)
        assert day == sent
        before = [d.wait_at(w, term - timedelta(seconds=1), day) for w in snap.waits]
        assert [(h.name, h.kind, h.reason) for h in before] == [
            ("Gemeente", "afdeling", d.SENDING),
            ("Netbeheerder", "extern", other.reason),
        ]
        assert [d.wait_at(w, term, day).name for w in snap.waits] == ["Bezwaartermijn", "Netbeheerder"]
    assert d.made_known_last(d.WaitSnapshot(at(0), (other,)), sent) is None  # no term: no day
    assert d.wait_at(BEZWAAR, at(0), None).name == "Bezwaartermijn"  # no day known: the term as recorded
