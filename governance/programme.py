"""The use cases bound once to one store, one clock and one timezone: what every front end is handed.

`bot.py` builds one `Programme` and gives it to the command line, the console, the Slack app and
the scheduler alike, so none of them knows how a unit of work is opened or what "now" is; each
method is a use case of its own module with those three filled in.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Sequence

from governance import availability, conversation, figures, meetings, people, recording, services
from governance.answers import Answer
from governance.audit import Trail, audit_trail
from governance.brag import BragKey
from governance.checkin import check_in_statuses
from governance.clock import Clock
from governance.conversation import REPLY_LEASE, Outcome, PromptWanted, Reply
from governance.home import Home, home
from governance.model import Channel, PlanDocument, PlanInfo
from governance.tracker_map import TrackerMap
from governance.ports import Directory, Speaker, UnitOfWork
from governance.questions import Question, UpdateRequest
from governance.recording import NewUpdate, Recorded, Unsure
from governance.reply_reader import Reading
from governance.reminders import CheckIn, Status
from governance.workdays import local_date


@dataclass(frozen=True)
class Programme:
    uow: Callable[[], UnitOfWork]
    clock: Clock
    tz: str
    reply_lease: timedelta = REPLY_LEASE
    """How long this replica has to record a reply it acknowledged before another reads it again."""

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return local_date(self.clock.now(), self.tz)

    def answer(self, question: Question, *, asker: str | None = None) -> Answer:
        """Any question, answered as of now; `asker` is whose actions `status mine` means."""
        return question.answer(uow=self.uow(), now=self.clock.now(), tz=self.tz, asker=asker)

    def action_status(self, ref: str) -> services.ActionStatus:
        return services.action_status(ref, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def check_in_statuses(self, check_in: CheckIn) -> dict[str, services.ActionStatus]:
        return check_in_statuses(check_in, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def home(self, email: str) -> Home:
        return home(email, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def history(self, ref: str) -> Trail:
        return audit_trail(ref, uow=self.uow())

    def readiness_pack(self) -> services.PlanPack:
        return services.readiness_pack(uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def import_plan(self, source: services.PlanSource, *, allow_new_people: bool = False,
                    tracker_map: TrackerMap = TrackerMap(), preview: bool = False) -> services.ImportSummary:
        return services.import_plan(source, uow=self.uow(), now=self.clock.now(), tz=self.tz,
                                    allow_new_people=allow_new_people, tracker_map=tracker_map, preview=preview)

    def export_plan(self) -> PlanDocument:
        return services.export_plan(uow=self.uow())

    def record_update(self, new: NewUpdate) -> Recorded:
        return recording.record_update(new, uow=self.uow(), now=self.clock.now())

    def undo(self, update_id: int, *, by: str, via: Channel) -> Recorded:
        return recording.undo(update_id, by=by, via=via, uow=self.uow(), now=self.clock.now())

    def snooze(self, person: str, until: date | None = None) -> availability.Answered:
        return availability.snooze(person, until, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def go_on_leave(self, person: str, until: date) -> availability.Answered:
        return availability.go_on_leave(person, until, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def not_mine(self, person: str, ref: str | None) -> availability.Answered:
        return availability.not_mine(person, ref, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def person(self, speaker: Speaker) -> people.Person:
        """Who is asking, linked by e-mail on first contact when Slack vouches for them."""
        return speaker.person(self.uow())

    def link_person(self, email: str, user_id: str) -> people.Linked:
        return people.link_person(email, user_id, uow=self.uow())

    def sync_people(self, directory: Directory) -> people.SyncSummary:
        return people.sync_people(uow=self.uow(), directory=directory)

    def figure_form(self, key: str, *, by: str) -> figures.FigureForm:
        return figures.figure_form(key, by=by, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def record_figure(self, words: str, *, key: str, by: str, via: Channel, month: date | None = None,
                      source: str = "", request_key: str | None = None,
                      confirmed: bool = False) -> figures.FigureRecorded | figures.FigureUnsure:
        return figures.record_figure(words, key=key, by=by, via=via, uow=self.uow(), now=self.clock.now(),
                                     tz=self.tz, month=month, source=source, request_key=request_key,
                                     confirmed=confirmed)

    def undo_figure(self, figure_id: int, *, by: str, via: Channel) -> figures.FigureRecorded:
        return figures.undo_figure(figure_id, by=by, via=via, uow=self.uow(), now=self.clock.now())

    def note_figure(self, key: str, text: str, *, by: str, via: Channel,
                    request_key: str | None = None) -> figures.FigureRecorded:
        return figures.note_figure(key, text, by=by, via=via, uow=self.uow(), now=self.clock.now(),
                                   request_key=request_key)

    def confirm_figure(self, event_id: str, *, speaker: Speaker,
                       unpack: Callable[[str], Reply]) -> figures.FigureRecorded:
        return conversation.confirm_figure(event_id, speaker=speaker, unpack=unpack, uow=self.uow(),
                                           now=self.clock.now(), tz=self.tz)

    def indicator_history(self, key: str) -> figures.IndicatorHistory:
        return figures.indicator_history(key, uow=self.uow())

    def take_event(self, event_id: str, *, reply: str | None = None) -> bool:
        return conversation.take_event(event_id, uow=self.uow(), now=self.clock.now(), reply=reply,
                                       lease=self.reply_lease)

    def converse(self, reply: Reply, *, speaker: Speaker, event_id: str | None = None) -> Outcome:
        return conversation.converse(reply, speaker=speaker, uow=self.uow(), now=self.clock.now(), tz=self.tz,
                                     event_id=event_id)

    def give_update(self, request: UpdateRequest, *, by: str, via: Channel = Channel.COMMAND,
                    request_key: str | None, keep: str | None = None) -> Recorded | PromptWanted | Unsure:
        return conversation.give_update(request, by=by, via=via, request_key=request_key, uow=self.uow(),
                                        now=self.clock.now(), tz=self.tz, keep=keep)

    def choose(self, event_id: str, ref: str, *, speaker: Speaker, unpack: Callable[[str], Reply],
               confirmed: bool = False) -> Recorded | Unsure:
        return conversation.choose(event_id, ref, speaker=speaker, unpack=unpack, uow=self.uow(),
                                   now=self.clock.now(), tz=self.tz, confirmed=confirmed)

    def reconsider(self, event_id: str, ref: str, *, speaker: Speaker, unpack: Callable[[str], Reply]) -> Unsure:
        return conversation.reconsider(event_id, ref, speaker=speaker, unpack=unpack, uow=self.uow(), tz=self.tz)

    def brag_key(self) -> BragKey:
        """The plan's BRAG key, for a front end that shows a reading before anything is recorded."""
        uow = self.uow()
        with uow:
            return uow.plan.key()

    def read(self, text: str, *, today: date | None = None) -> Reading:
        """What the reply reader takes from `text` on the plan's key, as of `today` (default: today)."""
        return recording.read(text, uow=self.uow(), today=today or self.today())

    def remember_prompt(self, *, channel: str, ts: str, refs: list[str], person: str) -> None:
        conversation.remember_prompt(channel=channel, ts=ts, refs=refs, person=person, uow=self.uow(),
                                     now=self.clock.now())

    def unfinished_replies(self) -> list[tuple[str, str]]:
        return conversation.unfinished_replies(uow=self.uow(), now=self.clock.now())

    def outbox(self, statuses: Sequence[Status], *, limit: int = 500) -> services.Outbox:
        return services.outbox(statuses, uow=self.uow(), limit=limit)

    def verify(self, *, repair: bool = False) -> services.Verification:
        return services.verify(uow=self.uow(), repair=repair)

    def plan_info(self) -> PlanInfo:
        return services.plan_info(uow=self.uow())

    def change_meeting(self, request: meetings.MeetingRequest, *, by: str, via: Channel,
                       request_key: str | None = None) -> meetings.MeetingChanged:
        return meetings.change_meeting(request, by=by, via=via, uow=self.uow(), now=self.clock.now(), tz=self.tz,
                                       request_key=request_key)

    def meeting_form(self, body: str, *, by: str) -> meetings.MeetingForm:
        return meetings.meeting_form(body, by=by, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def arising_form(self, body: str, *, by: str) -> meetings.ArisingForm:
        return meetings.arising_form(body, by=by, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def raise_action(self, new: meetings.NewAction, *, by: str) -> meetings.ActionRaised:
        return meetings.raise_action(new, by=by, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def withdraw_action(self, ref: str, reason: str, *, by: str) -> meetings.ActionWithdrawn:
        return meetings.withdraw_action(ref, reason, by=by, uow=self.uow(), now=self.clock.now(), tz=self.tz)

    def agenda(self, body: str) -> meetings.AgendaPaper:
        return meetings.agenda(body, uow=self.uow(), now=self.clock.now(), tz=self.tz)
