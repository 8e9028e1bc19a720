"""A synthetic plan at the scale a hosting provider runs: thousands of actions, years of history, and a
second size ten times over in every count, to show how answers grow with the plan.

Rows go in with bulk inserts, not through the import use case, so a plan of 200,000 updates is
ready in seconds; the store, its migrations and the fold that builds each action's state are the real ones.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from storage.models import (
    ActionRow, BodyRow, IndicatorFigureRow, IndicatorRow, IndicatorThemeRow, PersonRow, PlanInfoRow, ThemeRow,
    UpdateRow,
)
from storage.projection import rebuild
from storage.repositories import given_at
from storage.store import Store

THEMES = 7
RATINGS = ("green", "green", "green", "amber", "amber", "red", "blue")
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
CADENCES = ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1", "FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            "FREQ=WEEKLY;INTERVAL=4;BYDAY=MO", "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=2")
BATCH = 10_000


@dataclass(frozen=True)
class Scale:
    actions: int
    updates: int
    people: int
    bodies: int

    @classmethod
    def named(cls, name: str) -> Scale:
        return SCALES[name]

    def theme_lead(self, theme: int) -> int:
        """The person (by number) who leads `theme`: chairs come first, then one lead per theme, then owners."""
        return self.bodies + theme


SCALES = {"tiny": Scale(140, 1_400, 30, 4), "full": Scale(10_000, 200_000, 500, 20),
          "large": Scale(100_000, 2_000_000, 5_000, 200)}
"""`full` is one large council's plan; `large` is it ten times over, people and bodies included."""


def person(n: int) -> str:
    return f"person{n:04d}@example.org"


def slack_id(n: int) -> str:
    return f"U{n:06d}"


def ref(theme: int, index: int) -> str:
    """`5a(i)`, `5a(ii)`, ... `5zz(x)`: the plan's own ref shape, unique within a theme."""
    letters, sub = divmod(index, len(ROMAN))
    first, second = divmod(letters, 26)
    word = (chr(ord("a") + first - 1) if first else "") + chr(ord("a") + second)
    return f"{theme}{word}({ROMAN[sub]})"


def generate(store: Store, scale: Scale, *, as_of: date, seed: int = 2018) -> None:
    """Fills a migrated, empty store: 2 years of meetings and updates up to `as_of`, and each action's state
    folded from them, as the store's own appends would have left it."""
    rng = random.Random(seed)
    zone = ZoneInfo("Europe/London")
    start = as_of - timedelta(days=730)
    chairs = list(range(1, scale.bodies + 1))
    leads = [scale.theme_lead(t) for t in range(1, THEMES + 1)]
    owners = list(range(scale.bodies + 1 + THEMES, scale.people))
    with store.engine.begin() as db:
        db.execute(insert(PlanInfoRow), [{"id": 1, "name": "Synthetic improvement plan", "organisation": "Bench"}])
        db.execute(insert(PersonRow), [
            {"email": person(n), "name": f"Person {n}", "slack_user_id": slack_id(n), "admin": n == 0,
             "role": "pmo" if n == 0 else "chair" if n in chairs else "lead" if n in leads else "owner"}
            for n in range(scale.people)])
        db.execute(insert(ThemeRow), [{"number": t, "title": f"Theme {t}", "description": "", "lead": person(leads[t - 1])}
                                      for t in range(1, THEMES + 1)])
        db.execute(insert(BodyRow), [
            {"key": f"body-{b}", "name": f"Governance body {b}", "chair": person(chairs[b]),
             "cadence": CADENCES[b % len(CADENCES)], "starts": start, "dates": [], "meeting_time": time(10, 0),
             "paper_deadline_days": 3 + b % 5, "description": ""} for b in range(scale.bodies)])
        actions = [{"id": n + 1, "ref": ref(n % THEMES + 1, n // THEMES), "theme": n % THEMES + 1,
                    "title": f"Synthetic action {n}", "owner": person(rng.choice(owners)),
                    "due": as_of + timedelta(days=rng.randint(-60, 300)), "body": f"body-{n % scale.bodies}"}
                   for n in range(scale.actions)]
        db.execute(insert(ActionRow), actions)
        per_action = scale.updates // scale.actions
        span = (as_of - start).days * 86_400
        for first in range(0, scale.actions, BATCH // per_action):
            db.execute(insert(UpdateRow), [
                {"action_id": a["id"], "by": a["owner"], "via": "slack_dm", "rating": rng.choice(RATINGS),
                 "commentary": f"Synthetic update {k} on {a['ref']}", "evidence": "https://example.org/evidence",
                 "at": datetime.combine(start, time(9), tzinfo=zone) + timedelta(seconds=span * k // per_action
                                                                                 + rng.randint(0, 86_400))}
                for a in actions[first:first + BATCH // per_action] for k in range(per_action)])
        rebuild(db)
        db.execute(insert(IndicatorRow), [{"key": f"ind-{i}", "name": f"Indicator {i}", "unit": "%",
                                           "direction": "higher", "target": 90.0, "amber_within": 5.0, "source": ""}
                                          for i in range(10)])
        db.execute(insert(IndicatorThemeRow), [{"indicator_key": f"ind-{i}", "theme": i % THEMES + 1}
                                               for i in range(10)])
        months = [date(start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 1) for m in range(24)]
        db.execute(insert(IndicatorFigureRow), [
            {"indicator_key": f"ind-{i}", "month": month, "kind": "value", "value": 60 + rng.random() * 35,
             "at": given_at(month), "via": "import"} for i in range(10) for month in months])


def owner_of(store: Store, refs: list[str]) -> dict[str, str]:
    """Each ref's owner's Slack id, for replies sent as that owner."""
    with store.engine.connect() as db:
        rows = db.execute(select(ActionRow.ref, PersonRow.slack_user_id).join(PersonRow, ActionRow.owner == PersonRow.email)
                          .where(ActionRow.ref.in_(refs)))
        return {r: u for r, u in rows}
