"""Who is who: linking the plan's people to their Slack accounts by e-mail.

A Slack user the plan does not know sees no plan data; the answer says who can add them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from governance.errors import ReadinessError, UnknownPerson
from governance.model import Person
from governance.ports import Directory, UnitOfWork


class NotInPlan(ReadinessError):
    def __init__(self, pmo: list[Person]) -> None:
        contact = " or ".join(p.name + f" ({p.email})" for p in pmo) or "the programme office"
        super().__init__("Sorry, I don't know you yet, so I can't show you the improvement plan. "
                         f"Ask {contact} to add you.")


@dataclass(frozen=True)
class SyncSummary:
    linked: list[Person]
    not_found: list[Person]


def identify(user_id: str, *, uow: UnitOfWork, directory: Directory) -> Person:
    """The person behind a Slack user, linking them by e-mail on first contact."""
    with uow:
        person = uow.plan.person_by_slack(user_id)
        if person:
            return person
        email = directory.email_of(user_id)
        person = uow.plan.person(email.lower()) if email else None
        if person is None:
            raise NotInPlan([p for p in uow.plan.people() if p.admin])
        linked = replace(person, slack_user_id=user_id)
        uow.plan.save_person(linked)
        uow.commit()
        return linked


def link_person(email: str, user_id: str, *, uow: UnitOfWork) -> Person:
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
        return linked


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
