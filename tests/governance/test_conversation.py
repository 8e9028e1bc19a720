"""The conversation's rules, once for every front end: what a reply means, what is kept, what is recorded."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, Self

import pytest

from governance.availability import Answered
from governance.clock import FixedClock
from governance.conversation import REPLY_LEASE, Asked, PromptWanted, Reply
from governance.errors import ReadinessError, UnknownPerson
from governance.meetings import MeetingRequest
from governance.model import Channel, MeetingChangeKind
from governance.people import ByEmail
from governance.programme import Programme
from governance.questions import AgendaRequest, ThemeQuestion, UpdateRequest
from governance.recording import Choice, Recorded, Refused, Unsure
from storage.store import Store
from tests.conftest import AS_OF

TZ = "Europe/London"
MASH = "head.mash@example.org"
DM = "D-MASH"


class CountedUnitOfWork:
    """The store's unit of work, counting the transactions it opens (a joined use case opens none)."""

    def __init__(self, inner: Any, opened: list[int]) -> None:
        self._inner, self._opened = inner, opened

    def __enter__(self) -> Self:
        self._opened.append(1)
        self._inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture
def opened() -> list[int]:
    return []


@pytest.fixture
def programme(example_store: Store, opened: list[int]) -> Programme:
    return Programme(lambda: CountedUnitOfWork(example_store.uow(), opened), FixedClock(AS_OF), TZ)


def reply(text: str, *, ts: str = "1516449600.000100", thread: str | None = None) -> Reply:
    return Reply(text, Channel.SLACK_DM, DM, thread, request_key=f"message:{DM}:{ts}")


def kept(text: str) -> Reply:
    return reply(json.loads(text)["text"])


def test_a_reply_in_a_prompts_thread_is_about_its_action_and_costs_two_transactions(
        programme: Programme, opened: list[int]) -> None:
    programme.remember_prompt(channel=DM, ts="100.1", refs=["5c(i)"], person=MASH)
    opened.clear()
    assert programme.take_event("Ev1", reply=json.dumps({"text": "amber - recruitment delayed"}))
    outcome = programme.converse(reply("amber - recruitment delayed", thread="100.1"), speaker=ByEmail(MASH),
                                 event_id="Ev1")
    assert isinstance(outcome, Recorded) and outcome.action.ref == "5c(i)" and outcome.update.rating == "amber"
    assert len(opened) == 2
    assert programme.unfinished_replies() == [] and not programme.take_event("Ev1")


def test_a_reply_that_could_be_about_several_actions_is_kept_until_the_person_chooses(programme: Programme) -> None:
    programme.take_event("Ev2", reply=json.dumps({"text": "green - panel running weekly"}))
    choice = programme.converse(reply("green - panel running weekly"), speaker=ByEmail(MASH), event_id="Ev2")
    assert isinstance(choice, Choice) and len(choice.actions) > 1 and "5c(i)" in [a.ref for a in choice.actions]

    first = programme.choose("Ev2", "5c(i)", speaker=ByEmail(MASH), unpack=kept)
    again = programme.choose("Ev2", "5c(i)", speaker=ByEmail(MASH), unpack=kept)
    assert first.update.rating == "green" and first.update.commentary == "panel running weekly"
    assert again.repeated and again.update.id == first.update.id


def test_instructions_questions_and_update_requests_are_told_apart(programme: Programme) -> None:
    speaker = ByEmail(MASH)
    assert programme.converse(reply("status theme 5"), speaker=speaker) == Asked(ThemeQuestion("5"))
    assert programme.converse(reply("update 5C(i)"), speaker=speaker) == PromptWanted("5c(i)")
    snoozed = programme.converse(reply("snooze"), speaker=speaker)
    assert isinstance(snoozed, Answered) and snoozed.text.startswith("Snoozed")
    recorded = programme.converse(reply("update 5c(i) red - police not attending", ts="2.2"), speaker=speaker)
    assert isinstance(recorded, Recorded) and recorded.update.via is Channel.COMMAND


def test_a_reply_beginning_with_meeting_is_an_update_unless_it_names_a_body(programme: Programme) -> None:
    """`meeting csib held` asks the bot to record a meeting; "Meeting with the provider went well" is an owner's
    update that happens to begin with the word."""
    speaker = ByEmail(MASH)
    asked = programme.converse(reply("meeting csib held"), speaker=speaker)
    assert asked == Asked(MeetingRequest("csib", MeetingChangeKind.HELD))
    recorded = programme.converse(reply("Meeting with the provider went well, 5c(i) green", ts="3.3"),
                                  speaker=speaker)
    assert isinstance(recorded, Recorded) and recorded.action.ref == "5c(i)" and recorded.update.rating == "green"
    assert programme.converse(reply("agenda cpog", ts="4.4"), speaker=speaker) == Asked(AgendaRequest("cpog"))


def test_the_same_reply_twice_is_recorded_once(programme: Programme) -> None:
    first = programme.converse(reply("5c(i) amber - slipping"), speaker=ByEmail(MASH))
    again = programme.converse(reply("5c(i) amber - slipping"), speaker=ByEmail(MASH))
    assert isinstance(first, Recorded) and isinstance(again, Recorded)
    assert again.repeated and again.update.id == first.update.id


def test_a_refused_reply_records_nothing_and_lets_its_event_go(programme: Programme, example_store: Store) -> None:
    programme.take_event("Ev3", reply=json.dumps({"text": "5b(ii) green - done"}))
    with pytest.raises(Refused):
        programme.converse(reply("5b(ii) green - done"), speaker=ByEmail(MASH), event_id="Ev3")
    with example_store.uow() as uow:
        assert uow.conversations.event_body("Ev3") is None
        assert uow.updates.by_request(f"message:{DM}:1516449600.000100") is None
    later = Programme(example_store.uow, FixedClock(AS_OF + REPLY_LEASE + timedelta(seconds=1)), TZ)
    assert later.unfinished_replies() == []


def test_someone_not_in_the_plan_changes_nothing(programme: Programme, example_store: Store) -> None:
    programme.take_event("Ev5", reply="5c(i) green")
    with pytest.raises(UnknownPerson):
        programme.converse(reply("5c(i) green"), speaker=ByEmail("stranger@example.org"), event_id="Ev5")
    with example_store.uow() as uow:
        assert uow.updates.by_request(f"message:{DM}:1516449600.000100") is None
        assert uow.updates.current(["5c(i)"], until=AS_OF + timedelta(days=365)) == uow.updates.current(["5c(i)"], until=AS_OF)
        assert uow.conversations.event_body("Ev5") is None


class Broken:
    """A speaker whose lookup fails in a way nobody planned for."""

    def person(self, uow: Any) -> Any:
        raise RuntimeError("directory exploded")


def test_an_unexpected_failure_lets_the_reply_go_rather_than_replaying_it_for_ever(example_store: Store) -> None:
    programme = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    programme.take_event("Ev6", reply="5c(i) green")
    with pytest.raises(RuntimeError, match="exploded"):
        programme.converse(reply("5c(i) green"), speaker=Broken(), event_id="Ev6")
    later = Programme(example_store.uow, FixedClock(AS_OF + REPLY_LEASE + timedelta(seconds=1)), TZ)
    assert later.unfinished_replies() == []


def test_a_kept_reply_never_finished_is_read_again_after_its_lease(example_store: Store) -> None:
    keeping = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    assert keeping.take_event("Ev4", reply="the body")
    assert keeping.unfinished_replies() == []
    later = Programme(example_store.uow, FixedClock(AS_OF + REPLY_LEASE + timedelta(seconds=1)), TZ)
    assert later.unfinished_replies() == [("Ev4", "the body")]


def updates_of(store: Store, ref: str) -> list[Any]:
    with store.uow() as uow:
        return uow.updates.histories([ref], until=None).get(ref, [])


def test_a_reading_in_doubt_stores_nothing_until_the_owner_records_it(programme: Programme,
                                                                      example_store: Store) -> None:
    before = updates_of(example_store, "5c(i)")
    text = "5c(i) green overall but amber for the audit element"
    programme.take_event("Ev9", reply=json.dumps({"text": text}))
    unsure = programme.converse(reply(text), speaker=ByEmail(MASH), event_id="Ev9")
    assert isinstance(unsure, Unsure) and unsure.action.ref == "5c(i)" and unsure.reading.confirm
    assert unsure.reading.unsure and updates_of(example_store, "5c(i)") == before
    assert programme.unfinished_replies() == []

    recorded = programme.choose("Ev9", "5c(i)", speaker=ByEmail(MASH), unpack=kept, confirmed=True)
    again = programme.choose("Ev9", "5c(i)", speaker=ByEmail(MASH), unpack=kept, confirmed=True)
    assert isinstance(recorded, Recorded) and recorded.update.rating == unsure.reading.rating
    assert isinstance(again, Recorded) and again.repeated and again.update.id == recorded.update.id
    assert len(updates_of(example_store, "5c(i)")) == len(before) + 1


def test_a_choice_whose_reading_is_in_doubt_asks_again_before_recording(programme: Programme,
                                                                        example_store: Store) -> None:
    text = "green overall but amber for the audit element"
    programme.take_event("Ev10", reply=json.dumps({"text": text}))
    assert isinstance(programme.converse(reply(text), speaker=ByEmail(MASH), event_id="Ev10"), Choice)
    before = updates_of(example_store, "5c(i)")
    asked = programme.choose("Ev10", "5c(i)", speaker=ByEmail(MASH), unpack=kept)
    assert isinstance(asked, Unsure) and updates_of(example_store, "5c(i)") == before
    assert isinstance(programme.choose("Ev10", "5c(i)", speaker=ByEmail(MASH), unpack=kept, confirmed=True), Recorded)


def test_a_kept_reply_is_read_as_of_the_day_it_was_sent(example_store: Store) -> None:
    """"Next Friday" said on Monday 15 Jan is Fri 26 Jan, also when Record is clicked on Tuesday 23 Jan."""
    monday = AS_OF.replace(day=15)
    sent = Programme(example_store.uow, FixedClock(monday), TZ)
    text = "5c(i) amber, forecast next Friday"
    sent.take_event("Ev11", reply=json.dumps({"text": text}))
    unsure = sent.converse(reply(text), speaker=ByEmail(MASH), event_id="Ev11")
    assert isinstance(unsure, Unsure) and unsure.reading.forecast == monday.date().replace(day=26)

    later = Programme(example_store.uow, FixedClock(AS_OF.replace(day=23)), TZ)
    recorded = later.choose("Ev11", "5c(i)", speaker=ByEmail(MASH), unpack=kept, confirmed=True)
    assert isinstance(recorded, Recorded) and recorded.update.forecast == monday.date().replace(day=26)


def test_an_update_command_in_doubt_is_kept_under_its_request_key_for_the_owner_to_record(
        programme: Programme, example_store: Store) -> None:
    before = updates_of(example_store, "5c(i)")
    text = "5c(i) green overall but amber for the audit element"
    request = UpdateRequest(text)
    unsure = programme.give_update(request, by=MASH, request_key="command:T1", keep=json.dumps({"text": text}))
    assert isinstance(unsure, Unsure) and updates_of(example_store, "5c(i)") == before
    assert programme.unfinished_replies() == []
    recorded = programme.choose("command:T1", "5c(i)", speaker=ByEmail(MASH), unpack=kept, confirmed=True)
    assert isinstance(recorded, Recorded) and recorded.action.ref == "5c(i)"


def test_a_confident_update_command_is_recorded_at_once(programme: Programme) -> None:
    recorded = programme.give_update(UpdateRequest("5c(i) amber - panel postponed"), by=MASH,
                                     request_key="command:T2", keep=json.dumps({"text": "5c(i) amber - panel postponed"}))
    assert isinstance(recorded, Recorded) and recorded.update.commentary == "panel postponed"


def test_an_old_reading_cannot_overwrite_a_newer_update(example_store: Store) -> None:
    """Record clicked on a reading in doubt after the owner has since updated the action records nothing."""
    sent = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    text = "5c(i) green overall but amber for the audit element"
    sent.take_event("Ev12", reply=json.dumps({"text": text}))
    assert isinstance(sent.converse(reply(text), speaker=ByEmail(MASH), event_id="Ev12"), Unsure)
    later = Programme(example_store.uow, FixedClock(AS_OF + timedelta(hours=1)), TZ)
    newer = later.converse(reply("5c(i) red - supplier pulled out", ts="1516453200.000100"), speaker=ByEmail(MASH))
    assert isinstance(newer, Recorded)
    clicked = Programme(example_store.uow, FixedClock(AS_OF + timedelta(hours=2)), TZ)
    with pytest.raises(ReadinessError, match="updated since"):
        clicked.choose("Ev12", "5c(i)", speaker=ByEmail(MASH), unpack=kept, confirmed=True)
    assert updates_of(example_store, "5c(i)")[-1].id == newer.update.id


def test_change_starts_from_the_kept_reading_and_records_nothing(programme: Programme, example_store: Store) -> None:
    before = updates_of(example_store, "5c(i)")
    text = "5c(i) green overall but amber for the audit element https://evidence.example/audit"
    programme.take_event("Ev13", reply=json.dumps({"text": text}))
    programme.converse(reply(text), speaker=ByEmail(MASH), event_id="Ev13")
    offered = programme.reconsider("Ev13", "5c(i)", speaker=ByEmail(MASH), unpack=kept)
    assert offered.action.ref == "5c(i)" and offered.evidence == "https://evidence.example/audit"
    assert offered.reading.rating is not None and updates_of(example_store, "5c(i)") == before
