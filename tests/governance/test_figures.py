"""Figures given by their data owners: who may, which indicator and month a reply means, odd figures asked about,
one entry per request, corrections and undos appended, notes by theme leads."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from governance.clock import FixedClock
from governance.errors import ReadinessError
from governance.figures import FigureRecorded, FigureUnsure, figure_reply
from governance.model import Channel, FigureKind
from governance.programme import Programme
from governance.questions import IndicatorQuestion
from storage.store import Store
from tests.conftest import LONDON

COLLECTION_DAY = datetime(2018, 1, 8, 10, 0, tzinfo=LONDON)
"""The 5th working day of January 2018, when December's figures are due."""
LEAD = "performance.lead@example.org"
DECEMBER = date(2017, 12, 1)


@pytest.fixture
def programme(example_store: Store) -> Programme:
    return Programme(example_store.uow, FixedClock(COLLECTION_DAY), "Europe/London")


def _reply(programme: Programme, text: str, *, by: str = LEAD, key: str | None = None,
           confirmed: bool = False) -> FigureRecorded | FigureUnsure | None:
    return figure_reply(text, by=by, via=Channel.SLACK_DM, uow=programme.uow(), now=programme.now(), tz=programme.tz,
                        request_key=key, confirmed=confirmed)


def _log(programme: Programme, key: str) -> list[tuple[FigureKind, float | None]]:
    return [(f.kind, f.value) for f in programme.indicator_history(key).entries if f.month == DECEMBER]


def test_a_named_figure_is_recorded_for_the_month_owed_with_who_and_how(programme: Programme) -> None:
    recorded = _reply(programme, "repeat referrals 17.6%", key="event-1")
    assert isinstance(recorded, FigureRecorded) and not recorded.repeated
    assert (recorded.figure.month, recorded.figure.value, recorded.figure.by) == (DECEMBER, 17.6, LEAD)
    assert recorded.figure.via is Channel.SLACK_DM
    assert recorded.said() == "Recorded December 2017 for Repeat referrals within 12 months: 17.6%."
    status = programme.answer(IndicatorQuestion("repeat referrals"))
    assert status.reading.latest.month == DECEMBER and status.reading.latest.value == 17.6
    assert status.reading.supplier == "Head of Performance and Business Intelligence"


def test_the_same_reply_twice_is_stored_once(programme: Programme) -> None:
    first = _reply(programme, "repeat referrals 17.6%", key="event-1")
    again = _reply(programme, "repeat referrals 17.6%", key="event-1")
    assert isinstance(again, FigureRecorded) and again.repeated and again.figure.id == first.figure.id
    assert _log(programme, "repeat-referrals-12m") == [(FigureKind.VALUE, 17.6)]


def test_a_bare_figure_when_several_are_owed_is_asked_about_and_stores_nothing(programme: Programme) -> None:
    with pytest.raises(ReadinessError, match="Which figure is that"):
        _reply(programme, "69%")
    assert _log(programme, "repeat-referrals-12m") == []


def test_a_proportion_keeps_its_parts_and_the_form_reads_the_same_words(programme: Programme) -> None:
    recorded = programme.record_figure("155 of 224", key="assessments-45wd", by=LEAD, via=Channel.MODAL,
                                       request_key="view:V1")
    assert isinstance(recorded, FigureRecorded)
    figure = recorded.figure
    assert (figure.value, figure.numerator, figure.denominator, figure.via) == (69.2, 155, 224, Channel.MODAL)
    assert "69.2% (155 of 224)" in recorded.said() and "(was" not in recorded.said()


def test_an_odd_figure_is_asked_about_before_anything_is_stored(programme: Programme) -> None:
    unsure = _reply(programme, "repeat referrals 240%")
    assert isinstance(unsure, FigureUnsure) and "Over 100%" in unsure.said()
    assert _log(programme, "repeat-referrals-12m") == []
    recorded = _reply(programme, "repeat referrals 240%", confirmed=True)
    assert isinstance(recorded, FigureRecorded) and _log(programme, "repeat-referrals-12m") == [(FigureKind.VALUE, 240)]


def test_a_correction_is_a_new_entry_and_undo_appends_what_stood_before(programme: Programme) -> None:
    first = _reply(programme, "repeat referrals 17.6%")
    second = _reply(programme, "repeat referrals 16.9%")
    assert isinstance(second, FigureRecorded) and second.previous.id == first.figure.id
    assert "(was 17.6%)" in second.said()
    undone = programme.undo_figure(second.figure.id, by=LEAD, via=Channel.SLACK_DM)
    assert undone.figure.value == 17.6
    with pytest.raises(ReadinessError, match="given again since"):
        programme.undo_figure(first.figure.id, by=LEAD, via=Channel.SLACK_DM)
    programme.undo_figure(undone.figure.id, by=LEAD, via=Channel.SLACK_DM)
    assert _log(programme, "repeat-referrals-12m") == [
        (FigureKind.VALUE, 17.6), (FigureKind.VALUE, 16.9), (FigureKind.VALUE, 17.6), (FigureKind.VALUE, 16.9)]


def test_undoing_a_months_only_figure_leaves_it_without_one(programme: Programme) -> None:
    recorded = _reply(programme, "repeat referrals 17.6%")
    undone = programme.undo_figure(recorded.figure.id, by=LEAD, via=Channel.SLACK_DM)
    assert undone.figure.kind is FigureKind.WITHDRAWN and "no figure for December 2017 again" in undone.said()
    assert programme.answer(IndicatorQuestion("repeat-referrals-12m")).owed == DECEMBER


def test_not_available_is_kept_with_its_reason_when_one_figure_is_owed(programme: Programme) -> None:
    for words in ("repeat referrals 17.6%", "cp visits 74%", "assessments 45 155 of 224"):
        assert isinstance(_reply(programme, words), FigureRecorded), words
    said = _reply(programme, "n/a - system outage, will send Tuesday")
    assert isinstance(said, FigureRecorded) and said.figure.kind is FigureKind.NOT_AVAILABLE
    status = programme.answer(IndicatorQuestion("contacts-to-referral"))
    assert status.owed == DECEMBER and status.not_available.comment == "system outage, will send Tuesday"


def test_numbers_from_someone_who_gives_no_figures_are_left_to_the_update_reader(programme: Programme) -> None:
    assert _reply(programme, "69%", by="head.mash@example.org") is None
    with pytest.raises(ReadinessError, match="data owner"):
        _reply(programme, "repeat referrals 17.6%", by="head.mash@example.org")


def test_a_theme_lead_notes_why_a_figure_moved_and_others_may_not(programme: Programme) -> None:
    _reply(programme, "repeat referrals 17.6%")
    noted = _reply(programme, "note repeat referrals: fell after the MASH screening change",
                   by="od.early.help@example.org")
    assert isinstance(noted, FigureRecorded) and noted.figure.kind is FigureKind.NOTE
    status = programme.answer(IndicatorQuestion("repeat referrals"))
    assert status.reading.latest.note == "fell after the MASH screening change"
    with pytest.raises(ReadinessError, match="leads of its themes"):
        programme.note_figure("repeat-referrals-12m", "my view", by="head.mash@example.org", via=Channel.COMMAND)
    with pytest.raises(ReadinessError, match="one line"):
        programme.note_figure("repeat-referrals-12m", "x" * 201, by="od.early.help@example.org", via=Channel.COMMAND)


def test_a_month_not_yet_over_has_no_figure(programme: Programme) -> None:
    with pytest.raises(ReadinessError, match="has not ended yet"):
        programme.record_figure("17.6%", key="repeat-referrals-12m", by=LEAD, via=Channel.COMMAND,
                                month=date(2018, 1, 1))
    with pytest.raises(ReadinessError, match="no indicator"):
        programme.record_figure("17.6%", key="nothing-like-it", by=LEAD, via=Channel.COMMAND)
