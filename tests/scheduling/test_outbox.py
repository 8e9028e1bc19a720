"""The outbox on SQLite and PostgreSQL: one check-in per person a day, its content planned as it is sent,
materialised once, sent once, through restarts, outages and Slack's faults."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest

from governance.model import Action, Channel
from governance.recording import NewUpdate, record_update
from governance.reminders import PMO_CHANNEL, Status
from scheduling.delivery import PermanentFailure, RetryAfter, TransientFailure
from scheduling.dispatch import Dispatcher
from scheduling.outbox import materialise
from scheduling.planning import send_instant
from scheduling.settings import ReminderSettings
from scheduling.tick import tick
from storage.store import Store
from tests.scheduling.conftest import SETTINGS, RecordingSender, at, dispatcher, later
from tests.conftest import PLAN_HELD

DUTY = "head.duty.assessment@example.org"
CARE_LEAVERS = "head.cic.careleavers@example.org"
EARLY_HELP = "od.early.help@example.org"
COMMS = "comms.lead@example.org"
CELS_CHAIR = "chair.cels@example.org"
CPOG_CHAIR = "chair.cpog@example.org"
TUESDAY_16 = {
    ("check_in", DUTY, "5c(ii)"),
    ("check_in", CARE_LEAVERS, "6c 6k"),
    ("visit_digest", "2018-01-30", PMO_CHANNEL),
}


def run(store: Store, sender: RecordingSender, now: datetime, **kwargs: object):
    return tick(dispatcher(store, sender, now, **kwargs), store.uow)


def statuses(store: Store) -> dict[Status, int]:
    with store.uow() as uow:
        return {status: n for status, n in uow.outbox.counts().items() if n}


def test_a_days_reminders_go_once_at_the_configured_time(example_store: Store, sender: RecordingSender) -> None:
    early = run(example_store, sender, at("2018-01-16", "08:00"))
    assert early.materialised.added == 3 and sender.sent == []
    run(example_store, sender, at("2018-01-16", "09:00"))
    run(example_store, sender, at("2018-01-16", "09:01"))
    assert set(sender.sent) == TUESDAY_16 and len(sender.sent) == 3
    assert statuses(example_store) == {Status.SENT: 3}


def test_one_row_per_person_a_day_keyed_by_person_and_day(example_store: Store) -> None:
    """Three reasons to ask the head of Duty and Assessment on 3 Jan, OIG's collection day, and 25 in all that
    day: one row each person."""
    materialise(uow=example_store.uow(), now=at("2018-01-03", "08:00"), tz="Europe/London", settings=SETTINGS)
    with example_store.uow() as uow:
        items = uow.outbox.items(statuses=[Status.PENDING])
    check_ins = [i.reminder for i in items if i.reminder.kind.value == "check_in"]
    assert len(check_ins) == len({r.recipient for r in check_ins}) == 10
    duty = next(r for r in check_ins if r.recipient == DUTY)
    assert duty.key == f"check_in:{DUTY}:2018-01-03" and duty.reason == "3 actions: 3g, 5a, 5b(i)"


def test_a_check_in_shows_what_is_owed_when_it_is_sent(example_store: Store, sender: RecordingSender) -> None:
    """Planned at 08:00 on OIG's collection day; by 09:00 one owner has answered one of three actions, another
    their only one, and a new action due in five working days has been given to a third (a deadline, so shown
    before OIG's papers): each check-in is planned again as it goes, by the dispatcher alone (no materialising
    since 08:00 to withdraw the one no longer owed). CELS met the day before, so its chair is asked whether it was
    held."""
    run(example_store, sender, at("2018-01-17", "08:00"))
    record_update(NewUpdate("3g", "amber", DUTY, Channel.SLACK_DM, "transfer meetings now booked weekly"),
                  uow=example_store.uow(), now=at("2018-01-17", "08:40"))
    record_update(NewUpdate("7d", "green", COMMS, Channel.SLACK_DM, "briefing went out with the committee report"),
                  uow=example_store.uow(), now=at("2018-01-17", "08:41"))
    with example_store.uow() as uow:
        uow.plan.save_action(Action("5z", 5, "A new action", EARLY_HELP, date(2018, 1, 24)))
        uow.commit()
    dispatcher(example_store, sender, at("2018-01-17", "09:00")).dispatch()
    shown = {recipient: refs for _, recipient, refs in sender.sent}
    assert (shown[DUTY], shown[EARLY_HELP], shown[CELS_CHAIR]) == ("5a 5b(i)", "5z 5d", "")
    assert COMMS not in shown and len(sender.sent) == 10
    with example_store.uow() as uow:
        [obsolete] = uow.outbox.items(statuses=[Status.OBSOLETE])
    assert obsolete.reminder.recipient == COMMS and obsolete.error == "no longer owed when it fell due"


def test_a_down_time_gap_skips_and_records_old_reminders_and_sends_todays(example_store: Store,
                                                                          sender: RecordingSender) -> None:
    run(example_store, sender, at("2018-01-15"))
    sender.sent.clear()
    caught_up = run(example_store, sender, at("2018-01-18", "09:20"))
    assert caught_up.materialised.skipped == 14
    assert set(sender.sent) == {("check_in", "head.disability@example.org", "3e"), ("check_in", CPOG_CHAIR, "")}
    with example_store.uow() as uow:
        skipped = uow.outbox.items(statuses=[Status.SKIPPED])
    assert {item.reminder.day for item in skipped} == {date(2018, 1, 16), date(2018, 1, 17)}
    assert all("not running within 8h" in item.error for item in skipped)


def test_a_late_start_within_the_lateness_window_still_sends(example_store: Store, sender: RecordingSender) -> None:
    run(example_store, sender, at("2018-01-15"))
    sender.sent.clear()
    run(example_store, sender, at("2018-01-16", "16:30"))
    assert set(sender.sent) == TUESDAY_16


def test_a_pending_row_older_than_the_window_is_skipped_not_sent(example_store: Store, sender: RecordingSender) -> None:
    materialise(uow=example_store.uow(), now=at("2018-01-16", "08:00"), tz="Europe/London", settings=SETTINGS)
    dispatcher(example_store, sender, at("2018-01-16", "17:01")).dispatch()
    assert sender.sent == [] and statuses(example_store) == {Status.SKIPPED: 3}


class Crash(BaseException):
    """The process dies: nothing after this line of the dispatch runs."""


def test_a_restart_in_the_middle_of_a_dispatch_sends_each_reminder_once(example_store: Store,
                                                                        sender: RecordingSender) -> None:
    def die_after_the_second(item: object) -> None:
        if len(sender.sent) == 2:
            raise Crash()

    sender.after_delivery = die_after_the_second
    with pytest.raises(Crash):
        run(example_store, sender, at("2018-01-16"))
    sender.after_delivery = None
    assert len(sender.sent) == 2
    run(example_store, sender, at("2018-01-16", "09:02"))
    assert len(sender.sent) == 2, "the crashed dispatcher's leases still hold"
    run(example_store, sender, later(at("2018-01-16"), minutes=6))
    assert sorted(sender.sent) == sorted(TUESDAY_16)
    assert statuses(example_store) == {Status.SENT: 3}


def test_rate_limits_are_waited_out_and_server_errors_retried_later(example_store: Store,
                                                                    sender: RecordingSender) -> None:
    waits: list[float] = []
    sender.failures = [RetryAfter(2), TransientFailure("Slack answered 500")]
    first = run(example_store, sender, at("2018-01-16"), sleep=waits.append)
    assert waits == [2]
    assert first.dispatched.outcomes == {"sent": 2, "postponed": 1}
    run(example_store, sender, at("2018-01-16", "09:00:20"))
    assert len(sender.sent) == 2, "not before the back-off"
    run(example_store, sender, at("2018-01-16", "09:01"))
    assert sorted(sender.sent) == sorted(TUESDAY_16)


def test_a_send_whose_answer_was_lost_is_found_not_sent_again(example_store: Store,
                                                              sender: RecordingSender) -> None:
    """Slack posted the message but the answer timed out: the retry finds it in the conversation."""

    def answer_lost(item: object) -> None:
        sender.after_delivery = None
        raise TransientFailure("cannot reach Slack: timed out")

    sender.after_delivery = answer_lost
    first = run(example_store, sender, at("2018-01-16"))
    assert first.dispatched.outcomes == {"sent": 2, "postponed": 1}
    run(example_store, sender, at("2018-01-16", "09:01"))
    assert sorted(sender.sent) == sorted(TUESDAY_16), "each reminder went out once"
    assert statuses(example_store) == {Status.SENT: 3}


def test_a_long_retry_after_is_left_for_a_later_tick(example_store: Store, sender: RecordingSender) -> None:
    waits: list[float] = []
    sender.failures = [RetryAfter(600)]
    run(example_store, sender, at("2018-01-16"), sleep=waits.append)
    assert waits == [] and len(sender.sent) == 2
    run(example_store, sender, at("2018-01-16", "09:10:01"))
    assert len(sender.sent) == 3


def test_permanent_errors_fail_at_once_and_repeated_server_errors_give_up(example_store: Store,
                                                                         sender: RecordingSender) -> None:
    settings = ReminderSettings(pace=0, pmo_channel="CPMO", max_attempts=3)
    sender.failures = [PermanentFailure("Slack refused: user_not_found"), TransientFailure("Slack answered 503")]
    moment = at("2018-01-16")
    run(example_store, sender, moment, settings=settings)
    for _ in range(2):
        sender.failures = [TransientFailure("Slack answered 503")]
        moment = later(moment, minutes=31)
        run(example_store, sender, moment, settings=settings)
    with example_store.uow() as uow:
        failed = uow.outbox.items(statuses=[Status.FAILED])
    assert [item.error for item in failed] == ["Slack refused: user_not_found",
                                               "gave up after 3 attempts: Slack answered 503"]
    sender.failures = []
    run(example_store, sender, later(moment, hours=1), settings=settings)
    assert len(sender.sent) == 1, "failed reminders are never retried"


def test_sends_are_paced(example_store: Store, sender: RecordingSender) -> None:
    """A stopwatch that moves only when the dispatcher waits: each send waits the whole pace after the last."""
    pauses: list[float] = []
    stopwatch = [0.0]

    def wait(seconds: float) -> None:
        pauses.append(seconds)
        stopwatch[0] += seconds

    run(example_store, sender, at("2018-01-16"), settings=ReminderSettings(pace=0.5, pmo_channel="CPMO"),
        sleep=wait, monotonic=lambda: stopwatch[0])
    assert len(sender.sent) == 3 and pauses == [0.5] * 2


def test_reminders_keep_local_time_across_the_clock_change() -> None:
    before, after = send_instant(date(2018, 3, 23), SETTINGS, "Europe/London"), \
        send_instant(date(2018, 3, 26), SETTINGS, "Europe/London")
    assert before.astimezone(timezone.utc).hour == 9 and after.astimezone(timezone.utc).hour == 8


def test_a_dst_week_sends_at_nine_local_each_day(example_store: Store, sender: RecordingSender) -> None:
    """Clocks went forward on Sun 25 Mar 2018: 08:30 UTC on Monday is 09:30 local, so Monday's reminders are due."""
    run(example_store, sender, datetime(2018, 3, 23, 8, 30, tzinfo=timezone.utc))
    friday = len(sender.sent)
    assert friday == 0, "08:30 UTC on Friday is 08:30 in London: not yet"
    run(example_store, sender, datetime(2018, 3, 23, 9, 0, tzinfo=timezone.utc))
    assert len(sender.sent) > 0
    sent_friday = len(sender.sent)
    run(example_store, sender, datetime(2018, 3, 26, 8, 0, tzinfo=timezone.utc))
    assert len(sender.sent) > sent_friday
    with example_store.uow() as uow:
        monday = [i for i in uow.outbox.items(statuses=[Status.SENT]) if i.reminder.day == date(2018, 3, 26)]
    assert monday and {i.due_at for i in monday} == {datetime(2018, 3, 26, 8, 0, tzinfo=timezone.utc)}


def test_two_dispatchers_racing_send_each_reminder_once(postgres_url: str, sender: RecordingSender) -> None:
    from governance import services
    from storage.plan_files import example_path, read_plan_file
    from storage.store import open_store

    store = open_store(postgres_url)
    store.migrate()
    services.import_plan(read_plan_file(example_path("barnet-2018")), uow=store.uow(), now=PLAN_HELD)
    materialise(uow=store.uow(), now=at("2018-01-03"), tz="Europe/London", settings=SETTINGS)
    sender.after_delivery = lambda item: time.sleep(0.01)
    settings = ReminderSettings(pace=0, pmo_channel="CPMO", batch=3)
    racers = [dispatcher(store, sender, at("2018-01-03", "09:05"), worker=f"replica-{n}", settings=settings)
              for n in range(3)]
    threads = [threading.Thread(target=r.dispatch) for r in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(sender.sent) == len(set(sender.sent)) == 10
    assert statuses(store) == {Status.SENT: 10}
    store.close()


@dataclass
class MovableClock:
    instant: datetime

    def now(self) -> datetime:
        return self.instant


def test_a_dispatcher_past_its_lease_leaves_the_rest_to_the_one_that_took_over(example_store: Store,
                                                                               sender: RecordingSender) -> None:
    """Replica A is held up (rate limits, a slow network) past its five-minute lease; replica B takes the
    batch over and sends it. When A comes back it must not send those reminders a second time."""
    clock = MovableClock(at("2018-01-16"))
    slow = Dispatcher(example_store.uow, sender, clock=clock, tz="Europe/London", settings=SETTINGS,
                      worker="replica-a", sleep=lambda seconds: None)

    def held_up(item: object) -> None:
        sender.after_delivery = None
        clock.instant = later(clock.instant, minutes=6)
        dispatcher(example_store, sender, clock.instant, worker="replica-b").dispatch()

    sender.after_delivery = held_up
    materialise(uow=example_store.uow(), now=clock.instant, tz="Europe/London", settings=SETTINGS)
    outcome = slow.dispatch()
    assert sorted(sender.sent) == sorted(TUESDAY_16), "each reminder went out once"
    assert outcome.outcomes == {"sent": 1, "lease lost": 2}
    assert statuses(example_store) == {Status.SENT: 3}


def test_materialising_twice_adds_nothing(example_store: Store) -> None:
    first = materialise(uow=example_store.uow(), now=at("2018-01-03"), tz="Europe/London", settings=SETTINGS)
    again = materialise(uow=example_store.uow(), now=at("2018-01-03", "09:30"), tz="Europe/London", settings=SETTINGS)
    assert (first.added, again.added) == (10, 0)


def test_the_clock_decides_what_is_due(example_store: Store, sender: RecordingSender) -> None:
    materialise(uow=example_store.uow(), now=at("2018-01-16", "07:00"), tz="Europe/London", settings=SETTINGS)
    dispatcher(example_store, sender, at("2018-01-16", "08:59")).dispatch()
    assert sender.sent == []
    dispatcher(example_store, sender, at("2018-01-16", "09:00")).dispatch()
    assert len(sender.sent) == 3
