"""The reminder rules over the example plan's real calendar: who gets a check-in on which working day, what it
asks about and why, and why not."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.brag import DEFAULT_KEY
from governance.cadence import meetings
from governance.collection import bodies_needing
from governance.model import (
    Action, Body, Channel, Indicator, MeetingChange, MeetingChangeKind, PlanDocument, Update, Withdrawal,
)
from governance.reminders import (
    CHECK_IN_SHOWS, PMO_CHANNEL, CheckIn, Kind, Pause, PauseKind, PlanSnapshot, Reason, Reminder, check_in_for,
    check_ins_on, is_owed, reminders_on,
)
from governance.template import Known, read_document
from storage.plan_files import example_path, read_plan_file
from tests.conftest import PLAN_HELD

LONDON = ZoneInfo("Europe/London")
MASH = "head.mash@example.org"
DUTY = "head.duty.assessment@example.org"
EARLY_HELP = "od.early.help@example.org"
CARE_LEAVERS = "head.cic.careleavers@example.org"


@pytest.fixture(scope="module")
def plan() -> PlanDocument:
    reading = read_document(read_plan_file(example_path("barnet-2018")), key=DEFAULT_KEY,
                            known=Known(set(), {}, set(), set()),
                            now=PLAN_HELD, tz="Europe/London")
    assert reading.problems == []
    return reading.doc


def snapshot(doc: PlanDocument, until: datetime, extra: tuple[Update, ...] = (), **changes: object) -> PlanSnapshot:
    histories: dict[str, list[Update]] = {}
    for update in sorted([*doc.updates, *extra], key=lambda u: u.at):
        if update.at <= until:
            histories.setdefault(update.action, []).append(update)
    plan = PlanSnapshot(doc.actions, histories, {t.number: t for t in doc.themes}, {b.key: b for b in doc.bodies},
                        doc.visits, DEFAULT_KEY, people={p.email: p for p in doc.people})
    return replace(plan, **changes)


def at_nine(doc: PlanDocument, day: date, extra: tuple[Update, ...] = (), **changes: object) -> PlanSnapshot:
    return snapshot(doc, datetime.combine(day, time(9), tzinfo=LONDON), extra, **changes)


def sent(doc: PlanDocument, day: date, *extra: Update, **changes: object) -> set[tuple[str, str, str]]:
    """(kind, ref, person) for each action a check-in asks about, by its most pressing reason, and
    (kind, subject, channel) for each digest."""
    plan = at_nine(doc, day, extra, **changes)
    asked = {(a.kind.value, a.ref, c.person) for c in check_ins_on(day, plan).values() for a in c.asks}
    digests = {(r.kind.value, r.subject, r.recipient) for r in reminders_on(day, plan) if r.kind is not Kind.CHECK_IN}
    return asked | digests


def check_in(doc: PlanDocument, day: date, person: str, *extra: Update, **changes: object) -> CheckIn:
    found = check_in_for(person, day, at_nine(doc, day, extra, **changes))
    assert found is not None
    return found


def update(ref: str, day: date, rating: str = "green", **fields: object) -> Update:
    return Update(ref, datetime.combine(day, time(8, 30), tzinfo=LONDON), rating, fields.pop("by", None),
                  Channel.SLACK_DM, **fields)


def test_ten_working_days_before_the_visit(plan: PlanDocument) -> None:
    assert sent(plan, date(2018, 1, 16)) == {
        ("overdue", "5c(ii)", DUTY),
        ("overdue", "6c", CARE_LEAVERS),
        ("pre_visit", "6k", CARE_LEAVERS),
        ("visit_digest", "2018-01-30", PMO_CHANNEL),
    }


def test_the_monday_a_week_before_the_visit_escalates(plan: PlanDocument) -> None:
    assert sent(plan, date(2018, 1, 22)) == {
        ("overdue", "1a", "od.social.care@example.org"),
        ("overdue", "3e", "head.disability@example.org"),
        ("overdue", "5e", "head.intervention.planning@example.org"),
        ("escalation", "5c(ii)", "chair.improvement.board@example.org"),
        ("escalation", "6c", "strategic.director.cyp@example.org"),
        ("weekly_digest", "plan", PMO_CHANNEL),
    }


def test_deadlines_five_and_one_working_day_before(plan: PlanDocument) -> None:
    """3e is due Fri 19 Jan; its last update, on 4 Jan, is more than five working days before either reminder."""
    assert ("deadline", "3e", "head.disability@example.org") in sent(plan, date(2018, 1, 12))
    assert ("deadline", "3e", "head.disability@example.org") in sent(plan, date(2018, 1, 18))
    assert not any(ref == "3e" for _, ref, _ in sent(plan, date(2018, 1, 16)))


def test_overdue_the_working_day_after_then_weekly(plan: PlanDocument) -> None:
    days = [date(2018, 1, 15) + timedelta(days=n) for n in range(22)]
    assert [d for d in days if ("overdue", "1a", "od.social.care@example.org") in sent(plan, d)] == [
        date(2018, 1, 15), date(2018, 1, 22), date(2018, 1, 29), date(2018, 2, 5)]


def test_weekends_and_bank_holidays_send_nothing_and_the_weekly_digest_moves(plan: PlanDocument) -> None:
    for quiet in (date(2017, 12, 23), date(2017, 12, 24), date(2017, 12, 25), date(2017, 12, 26), date(2018, 1, 1)):
        assert sent(plan, quiet) == set()
    assert ("weekly_digest", "plan", PMO_CHANNEL) in sent(plan, date(2017, 12, 27))
    assert ("weekly_digest", "plan", PMO_CHANNEL) in sent(plan, date(2018, 1, 2))
    assert ("weekly_digest", "plan", PMO_CHANNEL) not in sent(plan, date(2018, 1, 3))


def test_an_overdue_date_on_a_bank_holiday_moves_to_the_next_working_day(plan: PlanDocument) -> None:
    """5c(ii) was due Sun 31 Dec 2017: 1 Jan is a bank holiday, so it is overdue from Tue 2 Jan, then on Tuesdays
    (its owner's update of Thu 4 Jan answers the one of 9 Jan)."""
    assert ("deadline", "5c(ii)", DUTY) in sent(plan, date(2017, 12, 29))
    assert ("overdue", "5c(ii)", DUTY) in sent(plan, date(2018, 1, 2))
    assert ("overdue", "5c(ii)", DUTY) not in sent(plan, date(2018, 1, 15))
    assert ("overdue", "5c(ii)", DUTY) in sent(plan, date(2018, 1, 16))


def test_the_chair_hears_who_has_answered_on_the_paper_deadline_in_their_check_in(plan: PlanDocument) -> None:
    [cpog] = check_in(plan, date(2018, 1, 12), "chair.cpog@example.org").summaries
    assert cpog == ("Papers for the Corporate Parenting Officers Group on Wed 17 Jan are due today: 6 of 8 open "
                    "actions updated since the last meeting; waiting on 6e, 6k.")
    [oig] = check_in(plan, date(2018, 1, 8), "strategic.director.cyp@example.org").summaries
    assert oig.startswith("Papers for the Operational Improvement Group on Wed 10 Jan are due today: 5 of 25 open")
    assert oig.endswith("waiting on 1b, 2d, 3a, 3c, 3d, 3f, 4b(i), 4b(ii), 4c, 5a and 10 more.")


def test_owners_are_asked_three_working_days_before_the_paper_deadline(plan: PlanDocument) -> None:
    """CPOG's papers are due Fri 12 Jan, OIG's Mon 22 Jan; 5d was last updated before OIG met on 10 Jan."""
    assert ("pre_meeting", "6e", CARE_LEAVERS) in sent(plan, date(2018, 1, 9))
    assert ("pre_meeting", "5d", EARLY_HELP) in sent(plan, date(2018, 1, 17))
    assert ("pre_meeting", "6e", CARE_LEAVERS) not in sent(plan, date(2018, 1, 9), update("6e", date(2018, 1, 8)))


def test_an_action_is_asked_about_once_under_its_most_pressing_reason_with_every_reason(plan: PlanDocument) -> None:
    asked = sent(plan, date(2018, 1, 17))
    assert ("overdue", "3g", DUTY) in asked
    assert ("pre_meeting", "3g", DUTY) not in asked
    [ask] = [a for a in check_in(plan, date(2018, 1, 17), DUTY).asks if a.ref == "3g"]
    assert ask.reason == "overdue since 22 Dec 2017; before OIG's papers on 22 Jan"


def test_an_update_this_week_answers_deadline_and_overdue_reminders(plan: PlanDocument) -> None:
    day = date(2018, 1, 16)
    assert ("overdue", "6c", CARE_LEAVERS) not in sent(plan, day, update("6c", date(2018, 1, 10), "amber"))
    assert ("overdue", "6c", CARE_LEAVERS) in sent(plan, day, update("6c", date(2018, 1, 5), "amber"))


def test_a_blue_action_is_never_chased(plan: PlanDocument) -> None:
    blue = update("6c", date(2018, 1, 3), "blue", evidence="https://example.org/evidence")
    assert not any(ref == "6c" for _, ref, _ in sent(plan, date(2018, 1, 16), blue))
    assert not any(ref == "6c" for _, ref, _ in sent(plan, date(2018, 1, 22), blue))


def test_pre_visit_asks_only_owners_without_an_update_since_the_last_visit(plan: PlanDocument) -> None:
    assert ("pre_visit", "6k", CARE_LEAVERS) not in sent(plan, date(2018, 1, 16), update("6k", date(2017, 11, 20)))
    assert ("pre_visit", "6k", CARE_LEAVERS) in sent(plan, date(2018, 1, 16), update("6k", date(2017, 11, 14)))


def test_a_cancelled_visit_sends_nothing(plan: PlanDocument) -> None:
    visits = [replace(v, cancelled=True) if v.start == date(2018, 1, 30) else v for v in plan.visits]
    asked = sent(plan, date(2018, 1, 16), visits=visits)
    assert not {kind for kind, _, _ in asked} & {"pre_visit", "visit_digest"}
    assert ("overdue", "6c", CARE_LEAVERS) in asked


def test_red_twice_goes_to_the_theme_lead_then_the_chair(plan: PlanDocument) -> None:
    reds = (update("4c", date(2018, 1, 3), "red"), update("4c", date(2018, 1, 4), "red"))
    lead_day, chair_day = date(2018, 1, 5), date(2018, 1, 12)
    assert ("escalation", "4c", EARLY_HELP) in sent(plan, lead_day, *reds)
    assert ("escalation", "4c", "strategic.director.cyp@example.org") in sent(plan, chair_day, *reds)
    green = update("4c", date(2018, 1, 8), "green")
    assert not any(kind == "escalation" and ref == "4c" for kind, ref, _ in sent(plan, chair_day, *reds, green))


def test_escalations_join_the_check_in_the_lead_may_rate_the_chair_reads(plan: PlanDocument) -> None:
    day = date(2018, 1, 22)
    chair = check_in(plan, day, "chair.improvement.board@example.org")
    assert [(a.ref, a.may_rate, a.owns) for a in chair.asks] == [("5c(ii)", False, False)]
    assert chair.asks[0].reason == ("escalated: overdue since 31 Dec 2017 (10+ working days); "
                                    "owner Head of Service, Duty and Assessment")
    assert not chair.asks_update
    lead = check_in(plan, date(2018, 1, 15), "od.social.care@example.org")
    assert [(a.kind.value, a.ref, a.may_rate, a.owns) for a in lead.asks] == [
        ("overdue", "1a", True, True), ("escalation", "6c", True, False), ("escalation", "5c(ii)", True, False)]
    assert lead.thread_refs == ("1a", "6c", "5c(ii)")


def test_one_check_in_per_person_a_day_keyed_by_person_and_day(plan: PlanDocument) -> None:
    """25 reasons to ask someone on 3 Jan, OIG's collection day: ten people, one check-in each, and no digest."""
    day = date(2018, 1, 3)
    planned = reminders_on(day, at_nine(plan, day))
    check_ins = [r for r in planned if r.kind is Kind.CHECK_IN]
    assert len(check_ins) == len({r.recipient for r in check_ins}) == 10
    assert len(planned) == len({r.key for r in planned}) == 10
    assert f"check_in:{MASH}:2018-01-03" in {r.key for r in planned}
    assert sum(len(c.asks) for c in check_ins_on(day, at_nine(plan, day)).values()) == 25


def test_most_pressing_first_each_with_its_reason(plan: PlanDocument) -> None:
    care = check_in(plan, date(2018, 1, 9), CARE_LEAVERS)
    assert [(a.kind.value, a.ref, a.reason) for a in care.asks] == [
        ("overdue", "6c", "overdue since 29 Dec 2017"),
        ("pre_visit", "6k", "before the 30 Jan visit (Care planning for children and young people); "
                            "before CPOG's papers on 12 Jan"),
        ("pre_meeting", "6e", "before CPOG's papers on 12 Jan"),
    ]
    assert [a.reason for a in check_in(plan, date(2018, 1, 11), "od.social.care@example.org").asks
            if a.ref == "1a"] == ["due in 1 working day"]
    assert [a.reason for a in check_in(plan, date(2018, 1, 22), "od.social.care@example.org").asks] == [
        "overdue since 12 Jan"]


def test_a_busy_check_in_shows_the_most_pressing_and_counts_the_rest(plan: PlanDocument) -> None:
    """On 3 Jan the head of MASH is asked about three actions for OIG's papers, and twelve more fall due soon:
    1 or 5 working days later."""
    busy = [Action(f"5z({n})", 5, f"Busy action {n}", MASH, date(2018, 1, 10) if i % 2 else date(2018, 1, 4))
            for i, n in enumerate(("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"))]
    many = check_in(plan, date(2018, 1, 3), MASH, actions=[*plan.actions, *busy])
    assert len(many.asks) == 15 and len(many.shown) == CHECK_IN_SHOWS and len(many.more) == 15 - CHECK_IN_SHOWS
    assert [a.kind for a in many.shown] == [Reason.DEADLINE] * CHECK_IN_SHOWS
    assert [a.due for a in many.shown] == sorted(a.due for a in many.shown)
    assert many.outline() == ("15 actions: " + ", ".join(a.ref for a in many.shown)
                              + f" and {15 - CHECK_IN_SHOWS} more")


def test_a_snoozed_or_absent_person_gets_no_check_in_until_the_day_they_named(plan: PlanDocument) -> None:
    day = date(2018, 1, 16)
    for kind in (PauseKind.SNOOZE, PauseKind.LEAVE):
        away = [Pause(CARE_LEAVERS, kind, date(2018, 1, 15), date(2018, 1, 17))]
        assert check_in_for(CARE_LEAVERS, day, at_nine(plan, day, pauses=away)) is None
        assert check_in_for(CARE_LEAVERS, date(2018, 1, 9), at_nine(plan, date(2018, 1, 9), pauses=away))
        assert sent(plan, day, pauses=away) == sent(plan, day) - {("overdue", "6c", CARE_LEAVERS),
                                                                 ("pre_visit", "6k", CARE_LEAVERS)}
    back = [Pause(CARE_LEAVERS, PauseKind.LEAVE, date(2018, 1, 10), date(2018, 1, 16))]
    assert check_in_for(CARE_LEAVERS, day, at_nine(plan, day, pauses=back)) is not None


def test_not_mine_holds_back_that_action_only_and_the_lead_still_hears(plan: PlanDocument) -> None:
    disowned = [Pause(CARE_LEAVERS, PauseKind.NOT_MINE, date(2018, 1, 15), date(2018, 1, 29), "6c")]
    assert [a.ref for a in check_in(plan, date(2018, 1, 16), CARE_LEAVERS, pauses=disowned).asks] == ["6k"]
    lead_day = date(2018, 1, 15)
    assert ("escalation", "6c", "od.social.care@example.org") in sent(plan, lead_day, pauses=disowned)


def test_the_body_responsible_for_the_whole_plan_hears_every_escalation_at_its_paper_deadline(
        plan: PlanDocument) -> None:
    """An action overseen by another body, Red twice, still reaches the board that answers for the whole plan."""
    board = replace(next(b for b in plan.bodies if b.key == "improvement-board"), whole_plan=True)
    bodies = {b.key: (board if b.key == board.key else b) for b in plan.bodies}
    elsewhere = next(a for a in plan.actions if a.body not in (None, board.key))
    reds = tuple(Update(elsewhere.ref, datetime(2018, 1, day, 10, tzinfo=LONDON), "red", via=Channel.SLACK_DM)
                 for day in (2, 3))
    meeting = next(m for m in meetings(board, date(2018, 1, 2), date(2018, 3, 31), "Europe/London")
                   if m.paper_deadline >= date(2018, 1, 2))
    [papers] = check_in(plan, meeting.paper_deadline, board.chair, *reds, bodies=bodies).summaries
    assert f"{elsewhere.ref} (Red twice)" in papers.split("; escalated across the plan: ")[1]

    ordinary = {**bodies, board.key: replace(board, whole_plan=False)}
    [papers] = check_in(plan, meeting.paper_deadline, board.chair, *reds, bodies=ordinary).summaries
    assert "escalated" not in papers



# --- the meeting log: moves, cancellations, held -----------------------------------------------

CPOG_CHAIR = "chair.cpog@example.org"
PMO = "pmo@example.org"


def logged(doc: PlanDocument, key: str, *entries: tuple[MeetingChangeKind, date, date | None]) -> dict[str, Body]:
    """The plan's bodies, with `key`'s log holding (kind, meeting, to) entries written on 2 Jan in that order."""
    changes = tuple(MeetingChange(key, kind, meeting, datetime(2018, 1, 2, 9, n, tzinfo=LONDON), by=PMO, to=to)
                    for n, (kind, meeting, to) in enumerate(entries))
    return {b.key: replace(b, changes=changes) if b.key == key else b for b in doc.bodies}


def days_asked(doc: PlanDocument, asked: tuple[str, str, str], start: date, end: date,
               **changes: object) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)
            if asked in sent(doc, start + timedelta(days=n), **changes)]


def test_a_moved_meeting_asks_its_owners_before_its_new_papers_only(plan: PlanDocument) -> None:
    """CPOG's 17 Jan meeting moves to 24 Jan: its papers are due 19 Jan, not 12 Jan, so 6e is asked on 16 Jan."""
    moved = logged(plan, "cpog", (MeetingChangeKind.MOVED, date(2018, 1, 17), date(2018, 1, 24)))
    asked = ("pre_meeting", "6e", CARE_LEAVERS)
    assert days_asked(plan, asked, date(2018, 1, 2), date(2018, 1, 31)) == [date(2018, 1, 9)]
    assert days_asked(plan, asked, date(2018, 1, 2), date(2018, 1, 31), bodies=moved) == [date(2018, 1, 16)]
    [ask] = [a for a in check_in(plan, date(2018, 1, 16), CARE_LEAVERS, bodies=moved).asks if a.ref == "6e"]
    assert ask.reason == "before CPOG's papers on 19 Jan"


def test_the_chairs_papers_line_follows_a_moved_meeting(plan: PlanDocument) -> None:
    moved = logged(plan, "cpog", (MeetingChangeKind.MOVED, date(2018, 1, 17), date(2018, 1, 24)))
    assert check_in_for(CPOG_CHAIR, date(2018, 1, 12), at_nine(plan, date(2018, 1, 12), bodies=moved)) is None
    [papers] = check_in(plan, date(2018, 1, 19), CPOG_CHAIR, bodies=moved).summaries
    assert papers.startswith("Papers for the Corporate Parenting Officers Group on Wed 24 Jan are due today:")


def test_a_cancelled_meeting_asks_for_no_papers(plan: PlanDocument) -> None:
    cancelled = logged(plan, "cpog", (MeetingChangeKind.CANCELLED, date(2018, 1, 17), None))
    assert days_asked(plan, ("pre_meeting", "6e", CARE_LEAVERS), date(2018, 1, 2), date(2018, 1, 31),
                      bodies=cancelled) == []
    assert check_in_for(CPOG_CHAIR, date(2018, 1, 12), at_nine(plan, date(2018, 1, 12), bodies=cancelled)) is None


def held_asked(doc: PlanDocument, person: str, start: date, end: date, **changes: object) -> list[tuple[date, str]]:
    """(day, "body key meeting day") for each meeting `person` is asked about, day by day."""
    found = []
    for n in range((end - start).days + 1):
        day = start + timedelta(days=n)
        check = check_in_for(person, day, at_nine(doc, day, **changes))
        found += [(day, f"{a.body.key} {a.meeting.day}") for a in (check.meetings if check else ())]
    return found


def test_the_chair_is_asked_once_the_working_day_after_whether_the_meeting_was_held(plan: PlanDocument) -> None:
    assert held_asked(plan, CPOG_CHAIR, date(2018, 1, 2), date(2018, 2, 28)) == [
        (date(2018, 1, 18), "cpog 2018-01-17"), (date(2018, 2, 22), "cpog 2018-02-21")]
    asked = check_in(plan, date(2018, 1, 18), CPOG_CHAIR)
    assert asked.asks == () and asked.asks_update
    assert asked.outline() == "held? CPOG 17 Jan"


def test_a_body_without_a_chair_is_asked_of_the_programme_office_after_a_weekend(plan: PlanDocument) -> None:
    """The Health and Well-Being Board has no chair; it meets Thu 25 Jan, and Full Council (none either) Tue 30 Jan.
    The safeguarding board's meeting of Wed 3 Jan is asked about on Thu 4 Jan."""
    assert held_asked(plan, PMO, date(2018, 1, 2), date(2018, 1, 31)) == [
        (date(2018, 1, 4), "safeguarding-board 2018-01-03"),
        (date(2018, 1, 26), "health-wellbeing-board 2018-01-25"),
        (date(2018, 1, 31), "full-council 2018-01-30")]
    friday = replace(next(b for b in plan.bodies if b.key == "full-council"), dates=(date(2018, 1, 26),))
    bodies = {b.key: friday if b.key == friday.key else b for b in plan.bodies}
    assert ("2018-01-29", "full-council 2018-01-26") in {
        (d.isoformat(), m) for d, m in held_asked(plan, PMO, date(2018, 1, 26), date(2018, 1, 29), bodies=bodies)}


def test_a_meeting_said_held_or_not_is_not_asked_about_and_a_moved_one_on_its_new_day(plan: PlanDocument) -> None:
    for kind in (MeetingChangeKind.HELD, MeetingChangeKind.NOT_HELD):
        said = logged(plan, "cpog", (kind, date(2018, 1, 17), None))
        assert held_asked(plan, CPOG_CHAIR, date(2018, 1, 2), date(2018, 1, 31), bodies=said) == []
    moved = logged(plan, "cpog", (MeetingChangeKind.MOVED, date(2018, 1, 17), date(2018, 1, 24)))
    assert held_asked(plan, CPOG_CHAIR, date(2018, 1, 2), date(2018, 1, 31), bodies=moved) == [
        (date(2018, 1, 25), "cpog 2018-01-24")]


def test_a_chair_on_leave_is_not_asked_whether_the_meeting_was_held(plan: PlanDocument) -> None:
    away = [Pause(CPOG_CHAIR, PauseKind.LEAVE, date(2018, 1, 18), date(2018, 1, 19))]
    assert held_asked(plan, CPOG_CHAIR, date(2018, 1, 2), date(2018, 1, 31), pauses=away) == []


def test_a_withdrawn_action_is_never_asked_about_nor_escalated(plan: PlanDocument) -> None:
    gone = Withdrawal(datetime(2018, 1, 2, 9, tzinfo=LONDON), PMO, "merged into 6b")
    actions = [replace(a, withdrawn=gone) if a.ref == "6c" else a for a in plan.actions]
    for day in (date(2018, 1, 16), date(2018, 1, 22)):
        assert any(ref == "6c" for _, ref, _ in sent(plan, day))
        assert not any(ref == "6c" for _, ref, _ in sent(plan, day, actions=actions))


def test_the_news_of_an_action_arising_is_owed_while_its_owner_still_has_it(plan: PlanDocument) -> None:
    day = date(2018, 1, 16)
    news = Reminder(Kind.NEW_ACTION, "6c", CARE_LEAVERS, day, "New action from CPOG on 17 Jan", asks_update=True)
    gone = Withdrawal(datetime(2018, 1, 16, 9, tzinfo=LONDON), PMO, "raised twice")
    withdrawn = [replace(a, withdrawn=gone) if a.ref == "6c" else a for a in plan.actions]
    handed_on = [replace(a, owner=DUTY) if a.ref == "6c" else a for a in plan.actions]

    assert is_owed(news, at_nine(plan, day))
    assert not is_owed(news, at_nine(plan, day, actions=withdrawn))
    assert not is_owed(news, at_nine(plan, day, actions=handed_on))
    assert not is_owed(replace(news, subject="6z"), at_nine(plan, day))


def test_a_withdrawn_action_no_longer_makes_its_body_read_its_themes_figures() -> None:
    gone = Withdrawal(datetime(2018, 1, 2, 9, tzinfo=LONDON), PMO, "merged into 2a")
    board, committee = Body("ib", "Improvement Board"), Body("cels", "CELS Committee")
    actions = [Action("2a", 2, "Reduce repeat referrals", MASH, date(2018, 6, 29), body="ib"),
               Action("2b", 2, "Report repeat referrals", MASH, date(2018, 6, 29), body="cels", withdrawn=gone)]
    referrals = Indicator("repeat-referrals-12m", "Repeat referrals within 12 months", themes=(2,))
    assert bodies_needing(referrals, [board, committee], actions) == [board]
