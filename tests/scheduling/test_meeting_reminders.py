"""The outbox follows the meeting log on SQLite and PostgreSQL: reminders planned for a meeting that has since moved
are withdrawn before their send time (and planned again should it move back), a chair is asked once whether their
meeting was held, and the news of an action arising goes only while its owner still has it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from governance.model import MeetingChange, MeetingChangeKind, Withdrawal
from governance.reminders import Kind, OutboxItem, Reminder, Status
from scheduling.outbox import materialise
from scheduling.tick import tick
from storage.store import Store
from tests.scheduling.conftest import SETTINGS, RecordingSender, at, dispatcher, later

TZ = "Europe/London"
CPOG_CHAIR = "chair.cpog@example.org"
PMO = "pmo@example.org"
CARE_LEAVERS = "head.cic.careleavers@example.org"
DUTY = "head.duty.assessment@example.org"
RECRUITMENT = "hr.recruitment@example.org"
VIRTUAL_SCHOOL = "virtual.school@example.org"
ASKING_DAY = "2018-02-13"
"""Three working days before the papers (Fri 16 Feb) of CPOG's meeting on Wed 21 Feb: the head of recruitment and
the virtual school are asked only for those papers, the head of care leavers also about an overdue action."""
FEB_21, FEB_28 = date(2018, 2, 21), date(2018, 2, 28)


def log(store: Store, kind: MeetingChangeKind, meeting: date, when: datetime, to: date | None = None) -> None:
    with store.uow() as uow:
        uow.plan.add_meeting_change(MeetingChange("cpog", kind, meeting, when, by=CPOG_CHAIR, to=to))
        uow.commit()


def plan_at(store: Store, when: datetime) -> int:
    """Materialises as of `when`; how many rows it withdrew."""
    return materialise(uow=store.uow(), now=when, tz=TZ, settings=SETTINGS).withdrawn


def rows(store: Store, status: Status) -> dict[str, str]:
    """Check-in recipient -> error, of the rows with `status`."""
    with store.uow() as uow:
        return {i.reminder.recipient: i.error for i in uow.outbox.items(statuses=[status])
                if i.reminder.kind is Kind.CHECK_IN}


def test_a_meeting_moved_before_the_send_time_withdraws_the_check_ins_only_it_was_for(
        example_store: Store, sender: RecordingSender) -> None:
    plan_at(example_store, at(ASKING_DAY, "08:00"))
    assert set(rows(example_store, Status.PENDING)) == {CARE_LEAVERS, DUTY, RECRUITMENT, VIRTUAL_SCHOOL}

    log(example_store, MeetingChangeKind.MOVED, FEB_21, at(ASKING_DAY, "08:30"), to=FEB_28)
    assert plan_at(example_store, at(ASKING_DAY, "08:45")) == 2

    withdrawn = rows(example_store, Status.OBSOLETE)
    assert set(withdrawn) == {RECRUITMENT, VIRTUAL_SCHOOL}
    assert all(error.startswith("withdrawn: nothing is owed now") for error in withdrawn.values())
    dispatcher(example_store, sender, at(ASKING_DAY)).dispatch()
    assert sorted(sender.sent) == [("check_in", CARE_LEAVERS, "6c"), ("check_in", DUTY, "5c(ii)")]


def test_a_meeting_moved_back_before_the_send_time_is_asked_about_again_once(
        example_store: Store, sender: RecordingSender) -> None:
    plan_at(example_store, at(ASKING_DAY, "08:00"))
    log(example_store, MeetingChangeKind.MOVED, FEB_21, at(ASKING_DAY, "08:30"), to=FEB_28)
    assert plan_at(example_store, at(ASKING_DAY, "08:35")) == 2
    log(example_store, MeetingChangeKind.MOVED, FEB_28, at(ASKING_DAY, "08:40"), to=FEB_21)

    again = materialise(uow=example_store.uow(), now=at(ASKING_DAY, "08:45"), tz=TZ, settings=SETTINGS)
    assert (again.added, again.withdrawn) == (2, 0)
    for minute in ("09:00", "09:01"):
        tick(dispatcher(example_store, sender, at(ASKING_DAY, minute)), example_store.uow)
    assert sorted(sender.sent) == [("check_in", CARE_LEAVERS, "6c 6k"), ("check_in", DUTY, "5c(ii)"),
                                   ("check_in", RECRUITMENT, "6h(ii)"), ("check_in", VIRTUAL_SCHOOL, "6i")]


def test_withdrawing_leaves_alone_a_row_a_dispatcher_holds_or_has_tried(example_store: Store) -> None:
    """At 09:00 one replica has claimed the head of recruitment's check-in; another tried the virtual school's and
    lost the answer (postponed, its send in doubt). Neither is withdrawn: their dispatchers decide."""
    plan_at(example_store, at(ASKING_DAY, "08:00"))
    log(example_store, MeetingChangeKind.MOVED, FEB_21, at(ASKING_DAY, "08:30"), to=FEB_28)
    now = at(ASKING_DAY)
    with example_store.uow() as uow:
        [held] = uow.outbox.claim(now=now, lease_until=later(now, minutes=5), worker="a", limit=1,
                                  recipient=RECRUITMENT)
        [tried] = uow.outbox.claim(now=now, lease_until=later(now, minutes=5), worker="b", limit=1,
                                   recipient=VIRTUAL_SCHOOL)
        assert uow.outbox.begin_attempt(tried.id, now=now, worker="b", lease_until=later(now, minutes=5))
        uow.outbox.postpone(tried.id, until=later(now, minutes=1), error="timed out")
        uow.commit()

    assert plan_at(example_store, now) == 0
    assert {RECRUITMENT, VIRTUAL_SCHOOL} <= set(rows(example_store, Status.PENDING))


def held_asked(sender: RecordingSender) -> list[tuple[str, str]]:
    """Fills, as the sender sends, (recipient, "body key meeting day") for each meeting a check-in asks about."""
    found: list[tuple[str, str]] = []

    def record(item: OutboxItem) -> None:
        check_in = item.check_in
        found.extend((item.reminder.recipient, f"{a.body.key} {a.meeting.day}") for a in
                     (check_in.meetings if check_in else ()))
    sender.after_delivery = record
    return found


def test_the_chair_is_asked_once_whether_the_meeting_was_held(example_store: Store, sender: RecordingSender) -> None:
    """CPOG met on Wed 17 Jan: its chair's check-in of Thu 18 Jan asks, planned afresh from the chair's part of the
    plan as it is sent, and nothing asks again the next day."""
    asked = held_asked(sender)
    for day in ("2018-01-18", "2018-01-19"):
        tick(dispatcher(example_store, sender, at(day)), example_store.uow)

    assert asked == [(CPOG_CHAIR, "cpog 2018-01-17")]
    with example_store.uow() as uow:
        [row] = [i.reminder for i in uow.outbox.items(statuses=[Status.SENT]) if i.reminder.recipient == CPOG_CHAIR]
    assert (row.day, row.reason, row.asks_update) == (date(2018, 1, 18), "held? CPOG 17 Jan", True)


def test_the_programme_office_is_asked_about_a_body_without_a_chair(example_store: Store,
                                                                    sender: RecordingSender) -> None:
    asked = held_asked(sender)
    tick(dispatcher(example_store, sender, at("2018-01-26")), example_store.uow)
    assert asked == [(PMO, "health-wellbeing-board 2018-01-25")]


def test_a_meeting_said_held_before_the_send_time_withdraws_the_question(example_store: Store,
                                                                         sender: RecordingSender) -> None:
    plan_at(example_store, at("2018-01-18", "08:00"))
    log(example_store, MeetingChangeKind.HELD, date(2018, 1, 17), at("2018-01-18", "08:20"))
    assert plan_at(example_store, at("2018-01-18", "08:30")) == 1
    assert rows(example_store, Status.OBSOLETE).keys() == {CPOG_CHAIR}
    tick(dispatcher(example_store, sender, at("2018-01-18")), example_store.uow)
    assert CPOG_CHAIR not in {recipient for _, recipient, _ in sender.sent}


def test_the_news_of_an_action_arising_goes_while_its_owner_still_has_it(example_store: Store,
                                                                        sender: RecordingSender) -> None:
    now = at("2018-01-18", "11:00")
    with example_store.uow() as uow:
        for ref in ("6e", "6k"):
            uow.outbox.add(Reminder(Kind.NEW_ACTION, ref, CARE_LEAVERS, now.date(), f"{ref} arose at CPOG", True),
                           due_at=now, status=Status.PENDING)
        six_k = uow.plan.action("6k")
        uow.plan.save_action(replace(six_k, withdrawn=Withdrawal(now, CPOG_CHAIR, "raised twice")))
        uow.commit()

    dispatcher(example_store, sender, later(now, minutes=1)).dispatch()

    assert sender.sent == [("new_action", "6e", CARE_LEAVERS)]
    with example_store.uow() as uow:
        [obsolete] = uow.outbox.items(statuses=[Status.OBSOLETE])
    assert obsolete.reminder.subject == "6k"


def test_the_news_of_an_action_arising_is_left_to_the_dispatcher_by_the_plans_pass(example_store: Store,
                                                                                  sender: RecordingSender) -> None:
    """A pass that read the plan a moment before an action arose must not withdraw its news for good: whether it is
    still owed is decided as it is sent, from the plan as it stands then."""
    now = at("2018-01-18", "11:00")
    with example_store.uow() as uow:
        uow.outbox.add(Reminder(Kind.NEW_ACTION, "5z", CARE_LEAVERS, now.date(), "5z arose at CPOG", True),
                       due_at=now, status=Status.PENDING)
        uow.commit()
    materialise(uow=example_store.uow(), now=now, tz="Europe/London", settings=SETTINGS)
    with example_store.uow() as uow:
        [waiting] = [i for i in uow.outbox.items(statuses=[Status.PENDING]) if i.reminder.kind is Kind.NEW_ACTION]
    assert waiting.reminder.subject == "5z" and waiting.error == ""
