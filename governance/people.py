"""Who is who: linking the plan's people to their Slack accounts by e-mail.

A Slack user the plan does not know sees no plan data; the answer names the role to ask, never a person or
an address, so a stranger learns nothing about who runs the plan.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from governance.errors import ReadinessError, UnknownPerson
from governance.model import Person
from governance.ports import Directory, UnitOfWork


DEFAULT_CONTACT = "the programme office"
"""Whom a refused Slack user is told to ask, unless READINESS_CONTACT names a channel or address for them."""


class NotInPlan(ReadinessError):
    """Someone the plan cannot place sees no plan data; the answer says why and whom to ask."""

    reason = "I don't know you yet"
    remedy = "to add you"

    def __init__(self, contact: str = DEFAULT_CONTACT) -> None:
        super().__init__(f"Sorry, {self.reason}, so I can't show you the improvement plan. "
                         f"Ask {contact} {self.remedy}.")


class LinkedElsewhere(NotInPlan):
    """A plan person's Slack link is only ever changed on purpose (`people link`): a second account with the
    same e-mail (another workspace, a re-created account) could otherwise take over their view of the plan."""

    reason = "your e-mail address is linked to another Slack account"
    remedy = "to link this account instead"


@dataclass(frozen=True)
class Linked:
    person: Person
    previous: str | None
    """The Slack user id this link replaced, so the programme office can be told; None if there was none."""


@dataclass(frozen=True)
class SyncSummary:
    linked: list[Person]
    not_found: list[Person]


def identify(user_id: str, *, uow: UnitOfWork, directory: Directory, contact: str = DEFAULT_CONTACT) -> Person:
    """The person behind a Slack user, linking them by e-mail on first contact; `contact` is whom a refused
    user is told to ask."""
    with uow:
        person = uow.plan.person_by_slack(user_id)
        if person:
            return person
        email = directory.email_of(user_id)
        person = uow.plan.person(email.lower()) if email else None
        if person is None:
            raise NotInPlan(contact)
        if person.slack_user_id:
            raise LinkedElsewhere(contact)
        linked = replace(person, slack_user_id=user_id)
        uow.plan.save_person(linked)
        uow.commit()
        return linked


@dataclass(frozen=True)
class ByEmail:
    """A speaker who says who they are (the console, the command line): someone in the plan's people."""

    email: str

    def person(self, uow: UnitOfWork) -> Person:
        with uow:
            person = uow.plan.person(self.email.strip().lower())
        if person is None:
            raise UnknownPerson(self.email)
        return person


@dataclass(frozen=True)
class BySlackId:
    """A speaker Slack vouches for: the person linked to the user id, linked by e-mail on first contact."""

    user_id: str
    directory: Directory
    contact: str = DEFAULT_CONTACT

    def person(self, uow: UnitOfWork) -> Person:
        return identify(self.user_id, uow=uow, directory=self.directory, contact=self.contact)


def link_person(email: str, user_id: str, *, uow: UnitOfWork) -> Linked:
    """The explicit way (`people link`) to link a person, the only one that may replace a link; it says which
    link it replaced, so the programme office can be told."""
    with uow:
        person = uow.plan.person(email.strip().lower())
        if person is None:
            raise UnknownPerson(email)
        holder = uow.plan.person_by_slack(user_id)
        if holder and holder.email != person.email:
            raise ReadinessError(f"Slack user {user_id} is already linked to {holder.email}")
        linked = replace(person, slack_user_id=user_id)
        uow.plan.save_person(linked)
        uow.commit()
        return Linked(linked, person.slack_user_id if person.slack_user_id != user_id else None)


def sync_people(*, uow: UnitOfWork, directory: Directory) -> SyncSummary:
    """Links every unlinked person whose e-mail the workspace knows."""
    with uow:
        linked, not_found = [], []
        for person in uow.plan.people():
            if person.slack_user_id:
                continue
            user_id = directory.user_for_email(person.email)
            if user_id and uow.plan.person_by_slack(user_id) is None:
                linked.append(replace(person, slack_user_id=user_id))
                uow.plan.save_person(linked[-1])
            else:
                not_found.append(person)
        uow.commit()
        return SyncSummary(linked, not_found)
