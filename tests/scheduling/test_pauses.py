"""Snooze, leave and "not mine" against a real store: pauses kept once, check-ins held back, and the notices
to theme leads and the PMO channel sent once by the dispatcher, however often the person said it."""
from __future__ import annotations

import re

import pytest

from governance.availability import go_on_leave, not_mine, snooze
from governance.errors import ReadinessError
from governance.reminders import PMO_CHANNEL, PauseKind, Status
from scheduling.outbox import materialise
from scheduling.tick import tick
from storage.store import Store
from tests.scheduling.conftest import SETTINGS, RecordingSender, at, dispatcher
from tests.scheduling.test_outbox import CARE_LEAVERS, DUTY, TUESDAY_16

TZ = "Europe/London"
QA = "qa.lead@example.org"
SOCIAL_CARE = "od.social.care@example.org"


def test_a_snooze_before_nine_holds_back_todays_check_in(example_store: Store, sender: RecordingSender) -> None:
    materialise(uow=example_store.uow(), now=at("2018-01-16", "08:00"), tz=TZ, settings=SETTINGS)
    answered = snooze(CARE_LEAVERS, None, uow=example_store.uow(), now=at("2018-01-16", "08:30"), tz=TZ)
    assert answered.text.startswith("Snoozed: no check-in before Wed 17 Jan")
    assert (answered.pause.starts.isoformat(), answered.pause.until.isoformat()) == ("2018-01-16", "2018-01-17")
    tick(dispatcher(example_store, sender, at("2018-01-16")), example_store.uow)
    assert set(sender.sent) == {d for d in TUESDAY_16 if d[1] != CARE_LEAVERS}
    with example_store.uow() as uow:
        [held] = uow.outbox.items(statuses=[Status.OBSOLETE])
    assert held.reminder.recipient == CARE_LEAVERS


def test_leave_tells_the_theme_leads_and_the_pmo_once(example_store: Store, sender: RecordingSender) -> None:
    first = go_on_leave(DUTY, at("2018-02-05").date(), uow=example_store.uow(), now=at("2018-01-16", "08:30"), tz=TZ)
    again = go_on_leave(DUTY, at("2018-02-05").date(), uow=example_store.uow(), now=at("2018-01-16", "08:31"), tz=TZ)
    assert (first.repeated, again.repeated, again.pause.id) == (False, True, first.pause.id)
    tick(dispatcher(example_store, sender, at("2018-01-16")), example_store.uow)
    notices = sorted(d for d in sender.sent if d[0] == "notice")
    subject = f"leave-{first.pause.id}"
    assert notices == [("notice", subject, PMO_CHANNEL), ("notice", subject, SOCIAL_CARE), ("notice", subject, QA)]
    assert ("check_in", DUTY, "5c(ii)") not in sender.sent
    with example_store.uow() as uow:
        texts = {i.reminder.recipient: i.reminder.reason for i in uow.outbox.items(statuses=[Status.SENT])
                 if i.reminder.kind.value == "notice"}
    assert texts[QA].startswith("Head of Service, Duty and Assessment is on leave until Mon 05 Feb")
    assert "3g " in texts[QA] and "5c(ii)" not in texts[QA]
    assert "5c(ii) " in texts[PMO_CHANNEL] and "— lead Operational Director, Children's Social Care" in texts[PMO_CHANNEL]
    tick(dispatcher(example_store, sender, at("2018-01-16", "10:00")), example_store.uow)
    assert len([d for d in sender.sent if d[0] == "notice"]) == 3, "each notice once"


def test_not_mine_tells_the_pmo_and_holds_back_that_action(example_store: Store, sender: RecordingSender) -> None:
    answered = not_mine(CARE_LEAVERS, None, uow=example_store.uow(), now=at("2018-01-16", "08:30"), tz=TZ,
                        thread_refs=["6c"])
    assert answered.pause.kind is PauseKind.NOT_MINE and answered.pause.ref == "6c"
    assert answered.text == ("Thanks: I've told the programme office that 6c needs a new owner, and won't ask you "
                             "about it before Tue 30 Jan.")
    tick(dispatcher(example_store, sender, at("2018-01-16")), example_store.uow)
    assert ("check_in", CARE_LEAVERS, "6k") in sender.sent
    assert ("notice", f"not_mine-{answered.pause.id}", PMO_CHANNEL) in sender.sent
    with example_store.uow() as uow:
        [notice] = [i.reminder for i in uow.outbox.items(statuses=[Status.SENT]) if i.reminder.kind.value == "notice"]
    assert notice.reason.startswith("Head of Service, Children in Care and Care Leavers says 6c ")
    assert "it needs a new owner. Theme 6, lead Operational Director, Children's Social Care." in notice.reason


@pytest.mark.parametrize(("ref", "thread", "refusal"), [
    (None, ["6c", "6k"], "Which action isn't yours? Say its ref"),
    ("5c(ii)", [], "5c(ii) isn't yours: it is owned by Head of Service, Duty and Assessment"),
    ("9z", [], "no action 9z"),
])
def test_not_mine_needs_one_action_of_the_persons_own(example_store: Store, ref: str | None, thread: list[str],
                                                      refusal: str) -> None:
    with pytest.raises(ReadinessError, match=re.escape(refusal)):
        not_mine(CARE_LEAVERS, ref, uow=example_store.uow(), now=at("2018-01-16"), tz=TZ, thread_refs=thread)
    with example_store.uow() as uow:
        assert uow.outbox.pauses(after=at("2018-01-01").date()) == []
        assert uow.outbox.counts()[Status.PENDING] == 0


def test_a_day_gone_by_or_today_is_refused_and_nothing_is_kept(example_store: Store) -> None:
    for day, refusal in (("2018-01-12", "Fri 12 Jan 2018 is in the past"), ("2018-01-16", "That's today")):
        with pytest.raises(ReadinessError, match=refusal):
            go_on_leave(DUTY, at(day).date(), uow=example_store.uow(), now=at("2018-01-16"), tz=TZ)
    with example_store.uow() as uow:
        assert uow.outbox.pauses(after=at("2018-01-01").date()) == []
