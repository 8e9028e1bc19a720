"""Monthly figures asked of their data owners on the collection day, chased once before a body's papers, and
named in the chair's papers summary while still missing: the rules over a small hand-built plan."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from governance.brag import DEFAULT_KEY
from governance.collection import bodies_needing, collection_date, has_figure, owed_month
from governance.model import Action, Body, Figure, FigureKind, Indicator, IndicatorValue, Person, Theme
from governance.reminders import Kind, Pause, PauseKind, PlanSnapshot, check_in_for, check_ins_on, reminders_on

PERFORMANCE = "performance.lead@example.org"
IB_CHAIR = "chair.ib@example.org"
DECEMBER = date(2017, 12, 1)
COLLECTED = date(2018, 1, 8)
"""The 5th working day of January 2018 (1 Jan is a bank holiday): December's figures are due."""
IB_CHASE = date(2018, 1, 29)
"""Three working days before the Improvement Board's paper deadline (Thu 1 Feb, for its meeting on Thu 8 Feb)."""
CELS_CHASE = date(2018, 2, 1)
"""Three working days before the CELS Committee's paper deadline (Tue 6 Feb, for Tue 13 Feb): still December's."""

REFERRALS = Indicator("repeat-referrals-12m", "Repeat referrals within 12 months", themes=(2,),
                      values=(IndicatorValue(date(2017, 11, 1), 17.5),), owner=PERFORMANCE, collection_day=5)
IB = Body("ib", "Improvement Board", chair=IB_CHAIR, dates=(date(2018, 2, 8),))
CELS = Body("cels", "Children, Education, Libraries and Safeguarding (CELS) Committee", chair="chair.cels@example.org",
            dates=(date(2018, 2, 13),))


def plan(*indicators: Indicator, **changes: object) -> PlanSnapshot:
    actions = [Action("2a", 2, "Reduce repeat referrals", "head.mash@example.org", date(2018, 6, 29), body="ib"),
               Action("2b", 2, "Report repeat referrals", "head.mash@example.org", date(2018, 6, 29), body="cels")]
    snapshot = PlanSnapshot(actions, {}, {2: Theme(2, "Front door")}, {"ib": IB, "cels": CELS}, [], DEFAULT_KEY,
                            people={PERFORMANCE: Person(PERFORMANCE, "Head of Performance")},
                            indicators=indicators or (REFERRALS,))
    return replace(snapshot, **changes)


def with_december(indicator: Indicator, value: float = 18.1) -> Indicator:
    return replace(indicator, values=(*indicator.values, IndicatorValue(DECEMBER, value)))


def figure_reasons(day: date, snapshot: PlanSnapshot, person: str = PERFORMANCE) -> list[tuple[str, str, bool]]:
    check_in = check_in_for(person, day, snapshot)
    return [(f.indicator.key, f.reason, f.chased) for f in check_in.figures] if check_in else []


def test_the_collection_date_is_a_working_day_of_the_month_after() -> None:
    assert collection_date(REFERRALS, DECEMBER) == COLLECTED
    assert collection_date(replace(REFERRALS, collection_day=None), DECEMBER) is None
    assert owed_month(REFERRALS, date(2018, 1, 5)) == date(2017, 11, 1)
    assert owed_month(REFERRALS, COLLECTED) == DECEMBER
    assert owed_month(REFERRALS, date(2018, 2, 7)) == date(2018, 1, 1)
    assert not has_figure(REFERRALS, DECEMBER) and has_figure(with_december(REFERRALS), DECEMBER)
    assert bodies_needing(REFERRALS, [IB, CELS], plan().actions) == [IB, CELS]
    assert bodies_needing(replace(REFERRALS, themes=(5,)), [IB, replace(CELS, whole_plan=True)], plan().actions) == [
        replace(CELS, whole_plan=True)]


def test_the_data_owner_is_asked_on_the_collection_day_only_while_the_figure_is_missing() -> None:
    assert figure_reasons(COLLECTED, plan()) == [("repeat-referrals-12m", "December's figure is due today", False)]
    assert figure_reasons(date(2018, 1, 5), plan()) == []
    assert figure_reasons(date(2018, 1, 9), plan()) == []
    assert figure_reasons(COLLECTED, plan(with_december(REFERRALS))) == []


def test_a_check_in_with_only_figures_asks_for_an_answer() -> None:
    check_in = check_in_for(PERFORMANCE, COLLECTED, plan())
    assert check_in is not None and check_in.asks == () and check_in.summaries == ()
    assert check_in.asks_update
    assert check_in.outline() == "1 figure: repeat-referrals-12m"
    [reminder] = [r for r in reminders_on(COLLECTED, plan()) if r.recipient == PERFORMANCE]
    assert (reminder.kind, reminder.reason, reminder.asks_update) == (Kind.CHECK_IN, "1 figure: repeat-referrals-12m",
                                                                      True)


def test_a_missing_figure_is_chased_once_before_the_first_paper_deadline_after_it_was_due() -> None:
    days = [date(2018, 1, 9), date(2018, 1, 26), IB_CHASE, date(2018, 1, 30), CELS_CHASE, date(2018, 2, 6)]
    assert {day: figure_reasons(day, plan()) for day in days if figure_reasons(day, plan())} == {
        IB_CHASE: [("repeat-referrals-12m", "December's figure is still missing: Improvement Board's papers are due "
                                            "1 Feb", True)]}


def test_a_figure_given_is_not_chased() -> None:
    assert figure_reasons(IB_CHASE, plan(with_december(REFERRALS))) == []


def test_not_available_is_still_missing_and_the_chase_repeats_the_owners_reason() -> None:
    said = Figure(REFERRALS.key, DECEMBER, FigureKind.NOT_AVAILABLE, datetime(2018, 1, 8, 10, tzinfo=timezone.utc),
                  by=PERFORMANCE, comment="system outage, will send Tuesday")
    assert figure_reasons(IB_CHASE, plan(replace(REFERRALS, not_available=(said,)))) == [
        ("repeat-referrals-12m", "December's figure is still missing: Improvement Board's papers are due 1 Feb; "
                                 "you said: system outage, will send Tuesday", True)]


def test_a_paused_data_owner_is_held() -> None:
    snoozed = plan(pauses=[Pause(PERFORMANCE, PauseKind.SNOOZE, COLLECTED, date(2018, 1, 9))])
    assert check_in_for(PERFORMANCE, COLLECTED, snoozed) is None
    assert PERFORMANCE not in check_ins_on(COLLECTED, snoozed)
    assert not any(r.recipient == PERFORMANCE for r in reminders_on(COLLECTED, snoozed))


def test_an_indicator_without_a_data_owner_or_a_collection_day_is_never_asked_for() -> None:
    unowned = replace(REFERRALS, key="unowned", name="Unowned", owner=None)
    undated = replace(REFERRALS, key="undated", name="Undated", collection_day=None)
    snapshot = plan(unowned, undated)
    for day in (COLLECTED, IB_CHASE, CELS_CHASE):
        assert all(check_in.figures == () for check_in in check_ins_on(day, snapshot).values())
    assert "figures missing" not in " ".join(check_ins_on(date(2018, 2, 1), snapshot)[IB_CHAIR].summaries)


def test_figures_due_today_come_before_those_chased_each_by_name() -> None:
    """Assessments' December figure was due on 2 Jan; the CPOG's paper deadline of Thu 11 Jan chases it on 8 Jan,
    the day the other two are due."""
    cpog = Body("cpog", "Corporate Parenting Officers Group", dates=(date(2018, 1, 18),), whole_plan=True)
    assessments = replace(REFERRALS, key="assessments-45wd", name="Assessments within 45 working days",
                          collection_day=1)
    visits = replace(REFERRALS, key="cp-visits-10d", name="Child protection visits within 10 working days")
    snapshot = plan(REFERRALS, assessments, visits, bodies={"ib": IB, "cels": CELS, "cpog": cpog})
    assert figure_reasons(COLLECTED, snapshot) == [
        ("cp-visits-10d", "December's figure is due today", False),
        ("repeat-referrals-12m", "December's figure is due today", False),
        ("assessments-45wd", "December's figure is still missing: CPOG's papers are due 11 Jan", True),
    ]
    check_in = check_in_for(PERFORMANCE, COLLECTED, snapshot)
    assert check_in is not None
    assert check_in.outline() == "3 figures: cp-visits-10d, repeat-referrals-12m, assessments-45wd"


def test_the_chairs_papers_summary_names_the_figures_still_missing() -> None:
    others = Indicator("contacts-to-referral", "Contacts leading to referral", themes=(7,), owner=PERFORMANCE,
                       collection_day=5)
    snapshot = plan(REFERRALS, with_december(replace(REFERRALS, key="cp-visits-10d", name="CP visits")), others)
    [summary] = check_ins_on(date(2018, 2, 1), snapshot)[IB_CHAIR].summaries
    assert summary.endswith("; waiting on 2a; figures missing: Repeat referrals within 12 months (Dec).")
    [summary] = check_ins_on(date(2018, 2, 1), plan(with_december(REFERRALS)))[IB_CHAIR].summaries
    assert "figures missing" not in summary
