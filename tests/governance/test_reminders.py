"""The reminder rules over the example plan's real calendar: who is asked, on which working day, and why not."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.brag import DEFAULT_KEY
from governance.model import Channel, PlanDocument, Update
from governance.reminders import PMO_CHANNEL, Kind, PlanSnapshot, reminders_on
from governance.template import Known, read_document
from storage.plan_files import example_path, read_plan_file

LONDON = ZoneInfo("Europe/London")
MASH = "head.mash@example.org"
DUTY = "head.duty.assessment@example.org"
EARLY_HELP = "od.early.help@example.org"
CARE_LEAVERS = "head.cic.careleavers@example.org"


@pytest.fixture(scope="module")
def plan() -> PlanDocument:
    doc, problems = read_document(read_plan_file(example_path("barnet-2018")), key=DEFAULT_KEY,
                                  known=Known(set(), {}, set(), set()),
                                  now=datetime(2018, 1, 8, 9, tzinfo=LONDON), tz="Europe/London")
    assert problems == []
    return doc


def snapshot(doc: PlanDocument, until: datetime, extra: tuple[Update, ...] = (), **changes: object) -> PlanSnapshot:
    histories: dict[str, list[Update]] = {}
    for update in sorted([*doc.updates, *extra], key=lambda u: u.at):
        if update.at <= until:
            histories.setdefault(update.action, []).append(update)
    plan = PlanSnapshot(doc.actions, histories, {t.number: t for t in doc.themes}, {b.key: b for b in doc.bodies},
                        doc.visits, DEFAULT_KEY)
    return replace(plan, **changes)


def sent(doc: PlanDocument, day: date, *extra: Update, **changes: object) -> set[tuple[str, str, str]]:
    plan = snapshot(doc, datetime.combine(day, time(9), tzinfo=LONDON), extra, **changes)
    return {(r.kind.value, r.subject, r.recipient) for r in reminders_on(day, plan)}


def update(ref: str, day: date, rating: str = "green", **fields: object) -> Update:
    return Update(ref, datetime.combine(day, time(8, 30), tzinfo=LONDON), rating, fields.pop("by", None),
                  Channel.SLACK_DM, **fields)


def test_ten_working_days_before_the_visit(plan: PlanDocument) -> None:
    assert sent(plan, date(2018, 1, 16)) == {
        ("overdue", "5c(ii)", DUTY),
        ("overdue", "6c", CARE_LEAVERS),
        ("pre_visit", "5d", EARLY_HELP),
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
    assert ("deadline", "1a", "od.social.care@example.org") in sent(plan, date(2018, 1, 5))
    assert ("deadline", "1a", "od.social.care@example.org") in sent(plan, date(2018, 1, 11))
    assert not any(ref == "1a" for _, ref, _ in sent(plan, date(2018, 1, 10)))


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
    """5c(ii) was due Sun 31 Dec 2017: 1 Jan is a bank holiday, so it is overdue from Tue 2 Jan."""
    assert ("deadline", "5c(ii)", DUTY) in sent(plan, date(2017, 12, 29))
    assert ("overdue", "5c(ii)", DUTY) in sent(plan, date(2018, 1, 2))
    assert ("overdue", "5c(ii)", DUTY) in sent(plan, date(2018, 1, 9))


def test_the_chair_hears_who_has_answered_on_the_paper_deadline(plan: PlanDocument) -> None:
    day = date(2018, 1, 12)
    plan_now = snapshot(plan, datetime.combine(day, time(9), tzinfo=LONDON))
    papers = {r.subject: r for r in reminders_on(day, plan_now) if r.kind is Kind.PAPERS}
    assert set(papers) == {"cpog", "operational-improvement-group"}
    assert papers["cpog"].recipient == "chair.cpog@example.org"
    assert "6 of 8 open actions updated since the last meeting" in papers["cpog"].reason
    assert "waiting on" in papers["cpog"].reason


def test_owners_are_asked_three_working_days_before_the_paper_deadline(plan: PlanDocument) -> None:
    asked = sent(plan, date(2018, 1, 9))
    assert ("pre_meeting", "4c", MASH) in asked and ("pre_meeting", "6e", CARE_LEAVERS) in asked
    assert ("pre_meeting", "4c", MASH) not in sent(plan, date(2018, 1, 9), update("4c", date(2018, 1, 8)))


def test_one_message_per_action_a_day_the_most_pressing(plan: PlanDocument) -> None:
    asked = sent(plan, date(2018, 1, 9))
    assert ("overdue", "5c(ii)", DUTY) in asked
    assert ("pre_meeting", "5c(ii)", DUTY) not in asked


def test_an_update_this_week_answers_deadline_and_overdue_reminders(plan: PlanDocument) -> None:
    day = date(2018, 1, 16)
    assert ("overdue", "6c", CARE_LEAVERS) not in sent(plan, day, update("6c", date(2018, 1, 10), "amber"))
    assert ("overdue", "6c", CARE_LEAVERS) in sent(plan, day, update("6c", date(2018, 1, 5), "amber"))


def test_a_blue_action_is_never_chased(plan: PlanDocument) -> None:
    blue = update("6c", date(2018, 1, 3), "blue", evidence="https://example.org/evidence")
    assert not any(ref == "6c" for _, ref, _ in sent(plan, date(2018, 1, 16), blue))
    assert not any(ref == "6c" for _, ref, _ in sent(plan, date(2018, 1, 22), blue))


def test_pre_visit_asks_only_owners_without_an_update_since_the_last_visit(plan: PlanDocument) -> None:
    assert ("pre_visit", "5d", EARLY_HELP) not in sent(plan, date(2018, 1, 16), update("5d", date(2017, 11, 20)))
    assert ("pre_visit", "5d", EARLY_HELP) in sent(plan, date(2018, 1, 16), update("5d", date(2017, 11, 14)))


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


def test_the_lead_may_update_so_escalation_carries_the_prompt_and_the_chair_reads(plan: PlanDocument) -> None:
    day = date(2018, 1, 22)
    escalations = {r.recipient: r for r in reminders_on(day, snapshot(plan, datetime.combine(day, time(9),
                                                                                                tzinfo=LONDON)))
                   if r.kind is Kind.ESCALATION}
    assert escalations["strategic.director.cyp@example.org"].asks_update is False
    assert escalations["chair.improvement.board@example.org"].asks_update is False
    lead = reminders_on(date(2018, 1, 15), snapshot(plan, datetime(2018, 1, 15, 9, tzinfo=LONDON)))
    assert {r.recipient: r.asks_update for r in lead if r.kind is Kind.ESCALATION} == {
        "od.social.care@example.org": True}


def test_keys_are_unique_by_subject_kind_recipient_and_day(plan: PlanDocument) -> None:
    day = date(2018, 1, 9)
    planned = reminders_on(day, snapshot(plan, datetime.combine(day, time(9), tzinfo=LONDON)))
    assert len({r.key for r in planned}) == len(planned) == 30
    assert "pre_meeting:4c:head.mash@example.org:2018-01-09" in {r.key for r in planned}
