"""A meeting moved on the morning its owners are to be asked for papers, with two replicas ticking at once on
PostgreSQL: the reminder planned for the old date is withdrawn and never sent, and the one for the new date goes out
exactly once."""
from __future__ import annotations

import threading
from datetime import date, datetime

from governance.clock import FixedClock
from governance.meetings import parse_meeting
from governance.model import Channel
from governance.programme import Programme
from governance.reminders import Ask, Kind, Reason, Status, check_ins_on
from scheduling.outbox import materialise
from scheduling.planning import load_plan
from scheduling.tick import tick
from storage.store import Store, open_store
from tests.conftest import PLAN_HELD
from tests.scheduling.conftest import SETTINGS, RecordingSender, at, dispatcher

CPOG_CHAIR = "chair.cpog@example.org"
OLD_ASKING_DAY = "2018-02-13"
"""Three working days before the papers (Fri 16 Feb) of CPOG's meeting on Wed 21 Feb 2018."""
NEW_ASKING_DAY = "2018-02-20"
"""The same, once the meeting has moved to Wed 28 Feb (papers Fri 23 Feb)."""


def _loaded(url: str) -> Store:
    from governance import services
    from storage.plan_files import example_path, read_plan_file

    store = open_store(url)
    store.migrate()
    services.import_plan(read_plan_file(example_path("barnet-2018")), uow=store.uow(), now=PLAN_HELD)
    return store


def _asked_for_cpog_papers(store: Store, day: str, *, only: bool) -> set[str]:
    """The people whose check-in on `day` asks for CPOG's papers (`only`: and nothing else)."""
    with store.uow() as uow:
        plan = load_plan(uow, now=at(day, "08:00"), tz="Europe/London")
    cpog = {a.ref for a in plan.actions if a.body == "cpog"}

    def for_papers(asks: tuple[Ask, ...]) -> list[bool]:
        return [ask.kind is Reason.PRE_MEETING and ask.ref in cpog for ask in asks]

    found = check_ins_on(date.fromisoformat(day), plan).items()
    if only:
        return {person for person, c in found if c.asks and all(for_papers(c.asks)) and not c.summaries
                and not c.figures and not c.meetings}
    return {person for person, c in found if any(for_papers(c.asks))}


def _two_replicas_tick(store: Store, sender: RecordingSender, now: datetime) -> None:
    racers = [dispatcher(store, sender, now, worker=f"replica-{n}") for n in range(2)]
    threads = [threading.Thread(target=tick, args=(racer, store.uow)) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def test_a_moved_meeting_withdraws_the_old_days_reminders_and_plans_the_new_ones_once(
        postgres_url: str, sender: RecordingSender) -> None:
    store = _loaded(postgres_url)
    owners = _asked_for_cpog_papers(store, OLD_ASKING_DAY, only=True)
    assert owners, "someone is asked only for CPOG's papers on the old day"
    materialise(uow=store.uow(), now=at(OLD_ASKING_DAY, "08:00"), tz="Europe/London", settings=SETTINGS)

    programme = Programme(store.uow, FixedClock(at(OLD_ASKING_DAY, "08:30")), "Europe/London")
    programme.change_meeting(parse_meeting("cpog move 2018-02-28"), by=CPOG_CHAIR, via=Channel.COMMAND)

    _two_replicas_tick(store, sender, at(OLD_ASKING_DAY))
    assert not {recipient for _, recipient, _ in sender.sent} & owners, "nobody is asked for the old papers"
    with store.uow() as uow:
        withdrawn = [i for i in uow.outbox.items(statuses=[Status.OBSOLETE])
                     if i.reminder.kind is Kind.CHECK_IN and i.reminder.recipient in owners]
    assert {i.reminder.recipient for i in withdrawn} == owners
    assert all(i.error.startswith("withdrawn") for i in withdrawn)

    assert owners <= _asked_for_cpog_papers(store, NEW_ASKING_DAY, only=False), "the new day asks them instead"
    _two_replicas_tick(store, sender, at(NEW_ASKING_DAY))
    _two_replicas_tick(store, sender, at(NEW_ASKING_DAY, "09:05"))
    asked = [recipient for kind, recipient, _ in sender.sent if kind == "check_in" and recipient in owners]
    assert sorted(asked) == sorted(owners), "each is asked for the new papers exactly once"
    store.close()
