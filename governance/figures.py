"""Indicator figures: who may give them, what makes one sound, and how a mistake is undone.

Whatever carries a figure (a reply in words, the check-in's form, the console, the command line), it is
recorded here, so a board can trust every figure on its dashboard: the giver is checked, an odd figure (a
percentage over 100, five times the last) is asked about before anything is stored, one request stores one
entry, and a correction, an undo or a note is a new entry in the indicator's log, never an overwrite.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Mapping, Sequence

from governance.collection import collection_date, has_figure, owed_month
from governance.errors import NoPlan, ReadinessError, UnknownPerson
from governance.figure_log import ordered, standing
from governance.figure_reader import FigureReading, doubts, impossible, indicator_named, read_figure, value_for
from governance.model import Channel, Figure, FigureKind, Indicator, IndicatorValue, Person, Provenance, Theme
from governance.ports import UnitOfWork
from governance.readiness import IndicatorReading, format_value, read_indicator
from governance.workdays import local_date

MAX_NOTE = 200
MAX_COMMENT = 300
MAX_SOURCE = 300
RECENT_MONTHS = 6
"""Months a trend shows: the sparkline in Slack and the line in the pack."""
FORMS = "`69%`, `155 of 224`, `18.1` or `n/a - why`"


@dataclass(frozen=True)
class FigureForm:
    """What a form (or the console) asks a figure with: the month it is for and the last figure given."""

    indicator: Indicator
    month: date
    last: IndicatorValue | None


@dataclass(frozen=True)
class FigureRecorded:
    """An entry stored (or, for a repeated request, the one stored the first time) and the month's standing
    entry it followed."""

    figure: Figure
    previous: Figure | None
    indicator: Indicator
    repeated: bool = False

    def said(self) -> str:
        """The one line every front end confirms it with."""
        figure, name, month = self.figure, self.indicator.name, f"{self.figure.month:%B %Y}"
        if figure.kind is FigureKind.NOTE:
            return (f"Noted on {name} ({month}): “{figure.comment}”." if figure.comment
                    else f"The note on {name} ({month}) is taken off.")
        if figure.kind is FigureKind.WITHDRAWN:
            return f"{name} has no figure for {month} again."
        was = (f" (was {shown(self.indicator, self.previous)})"
               if self.previous is not None and self.previous.kind is not FigureKind.WITHDRAWN else "")
        if figure.kind is FigureKind.NOT_AVAILABLE:
            return f"Noted: {name} for {month} is {shown(self.indicator, figure)}{was}."
        return f"Recorded {month} for {name}: {shown(self.indicator, figure)}{was}."


@dataclass(frozen=True)
class FigureUnsure:
    """A figure read with a doubt: nothing is stored until its giver records it or gives another."""

    figure: Figure
    indicator: Indicator
    doubts: tuple[str, ...]

    def said(self) -> str:
        return (f"Is {shown(self.indicator, self.figure)} right for {self.indicator.name} "
                f"({self.figure.month:%B %Y})? {_sentence('; '.join(self.doubts))}.")


@dataclass(frozen=True)
class IndicatorStatus:
    """`status indicator KEY`: the latest month against target, the recent trend, who gave it, what is owed."""

    reading: IndicatorReading
    recent: tuple[IndicatorValue, ...]
    owner_name: str | None
    due: date | None
    """The next day a figure is due from its data owner; None when it is not collected."""
    owed: date | None
    """The month whose figure is due and not yet given."""
    not_available: Figure | None
    """Why the owed month has no figure, when its data owner said."""


@dataclass(frozen=True)
class IndicatorHistory:
    """Every entry of an indicator's log, oldest first, with the names of those who gave them."""

    indicator: Indicator
    entries: tuple[Figure, ...]
    names: Mapping[str, str]


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def shown(indicator: Indicator, figure: Figure | IndicatorValue) -> str:
    """A figure in the words of a board paper: `69.2% (155 of 224)`, `614`, `not available: system outage`."""
    if isinstance(figure, Figure) and figure.kind is FigureKind.NOT_AVAILABLE:
        return "not available" + (f": {figure.comment}" if figure.comment else "")
    if isinstance(figure, Figure) and figure.kind is FigureKind.WITHDRAWN:
        return "no figure"
    value = format_value(indicator, figure.value)
    if figure.numerator is not None and figure.denominator is not None:
        value += f" ({_number(figure.numerator)} of {_number(figure.denominator)})"
    return value


def _number(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,g}"


def refusal(person: Person, indicator: Indicator, themes: Mapping[int, Theme], *, noting: bool = False) -> str | None:
    """Why `person` may not give the indicator's figure (or, `noting`, a note on it); None when they may. The data
    owner gives figures, a theme lead of its themes notes why they moved, the programme office does both."""
    leads = {themes[n].lead for n in indicator.themes if n in themes}
    if person.admin or person.email in leads or (not noting and person.email == indicator.owner):
        return None
    if noting:
        return f"notes on {indicator.name} are added by the leads of its themes and the programme office"
    owner = f" (its data owner is {indicator.owner})" if indicator.owner else ""
    return f"{indicator.name} is given by its data owner{owner}, its theme leads or the programme office"


def figure_form(key: str, *, by: str, uow: UnitOfWork, now: datetime, tz: str) -> FigureForm:
    """The month a form asks for (the owed one, else last month) and the last figure, for someone who may give it."""
    with uow:
        indicator, _ = _permitted(uow, by, key)
    month = _month(indicator, None, local_date(now, tz))
    return FigureForm(indicator, month, _last_before(indicator, month))


def record_figure(words: str, *, key: str, by: str, via: Channel, uow: UnitOfWork, now: datetime, tz: str,
                  month: date | None = None, source: str = "", request_key: str | None = None,
                  confirmed: bool = False) -> FigureRecorded | FigureUnsure:
    """A figure given for one indicator (a form, the command line): `words` as a reply would give it."""
    with uow:
        indicator, person = _permitted(uow, by, key)
        if request_key and (earlier := uow.figures.by_request(request_key)):
            return _repeated(uow, earlier, indicator)
        reading = read_figure(words, indicators=[indicator], today=local_date(now, tz))
        if reading is None:
            raise ReadinessError(f"I couldn't read a figure in that, so nothing was recorded: give it as {FORMS}.")
        return _record(reading, indicator, person, uow=uow, now=now, tz=tz, via=via, month=month, source=source,
                       request_key=request_key, confirmed=confirmed)


def figure_reply(text: str, *, by: str, via: Channel, uow: UnitOfWork, now: datetime, tz: str,
                 request_key: str | None = None, confirmed: bool = False,
                 read_on: date | None = None) -> FigureRecorded | FigureUnsure | None:
    """Words a person sent, when they give a figure or a note: `69%`, `repeat referrals 18.1%`, `n/a - system
    outage`, `note repeat referrals: rose after the MASH change`. None when the words are not a figure for this
    person (a BRAG update, or a number from someone who gives no figures), so the reply is read as an update."""
    today = read_on or local_date(now, tz)
    with uow:
        indicators = uow.plan.indicators()
        person = uow.plan.person(by)
        earlier = uow.figures.by_request(request_key) if request_key else None
        if earlier is not None:
            return _repeated(uow, earlier, find_indicator(indicators, earlier.indicator))
    if person is None:
        raise UnknownPerson(by)
    noted = _note_words(text, indicators)
    if noted is not None:
        return note_figure(noted[0].key, noted[1], by=by, via=via, uow=uow, now=now, request_key=request_key)
    reading = read_figure(text, indicators=indicators, today=today)
    indicator = _meant(reading, indicators, person, today) if reading is not None else None
    if reading is None or indicator is None:
        return None
    with uow:
        indicator, person = _permitted(uow, by, indicator.key)
        return _record(reading, indicator, person, uow=uow, now=now, tz=tz, via=via, month=None, source="",
                       request_key=request_key, confirmed=confirmed, today=today)


def _meant(reading: FigureReading, indicators: Sequence[Indicator], person: Person, today: date) -> Indicator | None:
    """The indicator the words name; else the one figure owed from the person (or the only one they give). A bare
    `n/a` is a figure only from someone who owes one now, since an owner may say it of an action too."""
    if reading.indicator is not None:
        return next(i for i in indicators if i.key == reading.indicator)
    if reading.ambiguous:
        return _which([i for i in indicators if i.key in reading.ambiguous], "Those words name")
    owned = [i for i in indicators if i.owner == person.email]
    owed = [i for i in owned if _owes(i, today)]
    candidates = owed if owed or reading.kind is FigureKind.NOT_AVAILABLE else owned
    if not candidates:
        return None
    return _which(candidates, "Owed from you" if owed else "You give")


def _which(candidates: Sequence[Indicator], listed: str) -> Indicator:
    """The only candidate, else a refusal asking which, naming them."""
    if len(candidates) > 1:
        names = "; ".join(i.name for i in candidates[:6]) + ("…" if len(candidates) > 6 else "")
        raise ReadinessError(f"Which figure is that? Nothing was recorded: start with its name or key, e.g. "
                             f"`{candidates[0].key} 18.1`. {listed}: {names}.")
    return candidates[0]


def _owes(indicator: Indicator, today: date) -> bool:
    month = owed_month(indicator, today)
    return month is not None and not has_figure(indicator, month)


def _record(reading: FigureReading, indicator: Indicator, person: Person, *, uow: UnitOfWork, now: datetime, tz: str,
            via: Channel, month: date | None, source: str, request_key: str | None, confirmed: bool,
            today: date | None = None) -> FigureRecorded | FigureUnsure:
    if reading.indicator is not None and reading.indicator != indicator.key:
        raise ReadinessError(f"That names another indicator, so nothing was recorded for {indicator.name}.")
    if len(source) > MAX_SOURCE or len(reading.comment) > MAX_COMMENT:
        raise ReadinessError(f"Keep the source and the comment under {MAX_SOURCE} characters; nothing was recorded.")
    today = today or local_date(now, tz)
    month = _month(indicator, reading.month or month, today)
    if problem := impossible(reading):
        raise ReadinessError(f"Nothing was recorded: {problem}.")
    value = value_for(reading, indicator) if reading.kind is FigureKind.VALUE else None
    figure = Figure(indicator.key, month, reading.kind, now, value, reading.numerator, reading.denominator,
                    person.email, via, reading.comment, Provenance(source.strip()))
    last = _last_before(indicator, month)
    doubted = doubts(reading, indicator, last.value if last else None) if reading.kind is FigureKind.VALUE else []
    if doubted and not confirmed:
        return FigureUnsure(figure, indicator, tuple(doubted))
    return _append(uow, figure, indicator, request_key)


def _append(uow: UnitOfWork, figure: Figure, indicator: Indicator, request_key: str | None) -> FigureRecorded:
    previous = standing(uow.figures.log(indicator.key)).get(figure.month)
    added = uow.figures.add(figure, request_key=request_key)
    if added is None:
        earlier = uow.figures.by_request(request_key or "")
        assert earlier is not None
        return _repeated(uow, earlier, indicator)
    uow.commit()
    return FigureRecorded(added, previous, indicator)


def _repeated(uow: UnitOfWork, earlier: Figure, indicator: Indicator) -> FigureRecorded:
    before = [f for f in ordered(uow.figures.log(indicator.key)) if f.id != earlier.id
              and f.month == earlier.month and (f.at, f.id or 0) < (earlier.at, earlier.id or 0)]
    return FigureRecorded(earlier, standing(before).get(earlier.month), indicator, repeated=True)


def _month(indicator: Indicator, asked: date | None, today: date) -> date:
    """The month a figure is for: the one named, else the one owed from its data owner, else last month. A month
    not yet over has no figure."""
    this_month = today.replace(day=1)
    month = asked or owed_month(indicator, today) or (this_month.replace(year=this_month.year - 1, month=12)
                                                      if this_month.month == 1
                                                      else this_month.replace(month=this_month.month - 1))
    if month >= this_month:
        raise ReadinessError(f"{month:%B %Y} has not ended yet, so it has no figure; nothing was recorded.")
    return month


def _last_before(indicator: Indicator, month: date) -> IndicatorValue | None:
    earlier = [v for v in indicator.values if v.month < month]
    return earlier[-1] if earlier else None


def _permitted(uow: UnitOfWork, email: str, asked: str, *, noting: bool = False) -> tuple[Indicator, Person]:
    person = uow.plan.person(email.strip().lower())
    if person is None:
        raise UnknownPerson(email)
    indicator = find_indicator(uow.plan.indicators(), asked)
    reason = refusal(person, indicator, {t.number: t for t in uow.plan.themes()}, noting=noting)
    if reason:
        raise ReadinessError(f"Nothing was recorded: {reason}.")
    return indicator, person


def find_indicator(indicators: Sequence[Indicator], asked: str) -> Indicator:
    """An indicator by its key or by words of its name (`repeat referrals`), else a refusal listing the keys."""
    if not indicators:
        raise NoPlan()
    wanted = asked.strip().lower()
    found = next((i for i in indicators if i.key == wanted), None) or indicator_named(wanted, indicators)
    if found is None:
        keys = ", ".join(i.key for i in indicators[:12]) + ("…" if len(indicators) > 12 else "")
        raise ReadinessError(f"no indicator {asked.strip()[:80]!r}. Indicators: {keys}")
    return found


def _note_words(text: str, indicators: Sequence[Indicator]) -> tuple[Indicator, str] | None:
    """`note repeat referrals: rose after the MASH change` -> (the indicator, the note); None for other words."""
    head, colon, note = text.strip().partition(":")
    words = head.split()
    if not colon or len(words) < 2 or words[0].lower() != "note":
        return None
    indicator = indicator_named(" ".join(words[1:]).lower(), indicators) or next(
        (i for i in indicators if i.key == " ".join(words[1:]).lower()), None)
    return (indicator, note.strip()) if indicator is not None else None


def note_figure(key: str, text: str, *, by: str, via: Channel, uow: UnitOfWork, now: datetime,
                request_key: str | None = None) -> FigureRecorded:
    """A theme lead's one line on why the latest figure moved, shown beside it in the theme view and the pack."""
    note = " ".join(text.split())
    if not note or "\n" in text.strip() or len(note) > MAX_NOTE:
        raise ReadinessError(f"A note is one line of up to {MAX_NOTE} characters; nothing was recorded.")
    with uow:
        indicator, person = _permitted(uow, by, key, noting=True)
        if request_key and (earlier := uow.figures.by_request(request_key)):
            return _repeated(uow, earlier, indicator)
        if not indicator.values:
            raise ReadinessError(f"{indicator.name} has no figure yet to note; nothing was recorded.")
        month = indicator.values[-1].month
        return _append(uow, Figure(indicator.key, month, FigureKind.NOTE, now, by=person.email, via=via,
                                   comment=note), indicator, request_key)


def undo_figure(figure_id: int, *, by: str, via: Channel, uow: UnitOfWork, now: datetime) -> FigureRecorded:
    """Takes an entry back by appending what its month stood at before it; history is never rewritten."""
    with uow:
        undone = uow.figures.get(figure_id)
        if undone is None:
            raise ReadinessError("There is nothing to undo.")
        noting = undone.kind is FigureKind.NOTE
        indicator, person = _permitted(uow, by, undone.indicator, noting=noting)
        request_key = f"undo-figure:{figure_id}"
        if earlier := uow.figures.by_request(request_key):
            return _repeated(uow, earlier, indicator)
        month = [f for f in ordered(uow.figures.log(indicator.key)) if f.month == undone.month
                 and (f.kind is FigureKind.NOTE) == noting]
        if month[-1].id != undone.id:
            raise ReadinessError(f"{indicator.name} for {undone.month:%B %Y} has been given again since, so that "
                                 "can't be undone; give the figure again instead.")
        before = month[:-1]
        restored = _restoring(before[-1] if before else None, undone, indicator)
        added = uow.figures.add(replace(restored, at=now, by=person.email, via=via, id=None), request_key=request_key)
        uow.commit()
        return FigureRecorded(added or restored, undone, indicator, repeated=added is None)


def _restoring(previous: Figure | None, undone: Figure, indicator: Indicator) -> Figure:
    """The entry that puts the month back as it was before `undone`."""
    if undone.kind is FigureKind.NOTE:
        return replace(undone, comment=previous.comment if previous else "")
    if previous is None or previous.kind is FigureKind.WITHDRAWN:
        return replace(undone, kind=FigureKind.WITHDRAWN, value=None, numerator=None, denominator=None,
                       comment=f"Undo of {shown(indicator, undone)}", provenance=Provenance())
    return previous


def indicator_status(asked: str, *, uow: UnitOfWork, now: datetime, tz: str) -> IndicatorStatus:
    """`status indicator KEY`."""
    today = local_date(now, tz)
    with uow:
        indicator = find_indicator(uow.plan.indicators(), asked)
        people = {p.email: p for p in uow.plan.people()}
    reading = read_indicator(indicator, today, people, tz)
    owed = owed_month(indicator, today)
    missing = owed if owed is not None and not has_figure(indicator, owed) else None
    not_available = next((f for f in indicator.not_available if f.month == missing), None) if missing else None
    owner = people.get(indicator.owner) if indicator.owner else None
    return IndicatorStatus(reading, reading.history[-RECENT_MONTHS:], owner.name if owner else indicator.owner,
                           _next_due(indicator, today), missing, not_available)


def _next_due(indicator: Indicator, today: date) -> date | None:
    """The next collection date from today on: this month's (for last month) while that figure is still to come,
    else next month's."""
    this_month = today.replace(day=1)
    last_month = this_month.replace(year=this_month.year - 1, month=12) if this_month.month == 1 \
        else this_month.replace(month=this_month.month - 1)
    for month in (last_month, this_month):
        due = collection_date(indicator, month)
        if due is not None and due >= today and not has_figure(indicator, month):
            return due
    return None


def indicator_history(asked: str, *, uow: UnitOfWork) -> IndicatorHistory:
    """`readiness indicator-history KEY`: every entry, corrections and undos included, as the log holds them."""
    with uow:
        indicator = find_indicator(uow.plan.indicators(), asked)
        entries = tuple(ordered(uow.figures.log(indicator.key)))
        names = {p.email: p.name for p in uow.plan.people()}
    return IndicatorHistory(indicator, entries, {by: names.get(by, by) for by in {e.by for e in entries if e.by}})
