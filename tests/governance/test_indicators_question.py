"""`status indicators`: every indicator's latest month against target, grouped as the board papers group them."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from governance.clock import FixedClock
from governance.model import Direction, Indicator, IndicatorValue, Section
from governance.programme import Programme
from governance.questions import IndicatorsQuestion
from governance.readiness import IndicatorsReadiness
from storage.store import Store
from tests.conftest import AS_OF


def test_each_indicator_is_in_exactly_one_group_by_its_own_rule(example_store: Store) -> None:
    """The example states the section the papers give, even where its figure would put it elsewhere (repeat
    referrals are Amber yet working well); a measure the plan places nowhere goes where its figure against
    target puts it, and one with no target is not judged."""
    months = [date(2017, 10, 1), date(2017, 11, 1)]
    with example_store.uow() as uow:
        for key, name, figures in (("behind", "Falling behind", (70, 60)), ("on-target", "Reaching target", (85, 95))):
            uow.plan.save_indicator(Indicator(key, name, target=90, amber_within=5,
                                              values=tuple(IndicatorValue(m, v) for m, v in zip(months, figures))))
        uow.commit()
    answer = Programme(example_store.uow, FixedClock(AS_OF), "Europe/London").answer(IndicatorsQuestion())
    assert isinstance(answer, IndicatorsReadiness)
    worried = {r.indicator.key: (r.status, r.trend) for r in answer.worried_about}
    well = {r.indicator.key: (r.status, r.trend) for r in answer.working_well}
    assert worried["assessments-45wd"] == ("red", None) and well["repeat-referrals-12m"] == ("amber", None)
    assert well["health-checks"] == ("green", None)
    assert worried["behind"] == ("red", "worsening") and well["on-target"] == ("green", "improving")
    assert "strategy-discussions-compliant" in {r.indicator.key for r in answer.not_judged}
    keys = [r.indicator.key for r in answer.readings]
    with example_store.uow() as uow:
        assert sorted(keys) == sorted(i.key for i in uow.plan.indicators())


def test_a_section_the_plan_states_wins_and_no_target_means_no_status_or_trend(example_store: Store) -> None:
    months = [AS_OF.date().replace(year=2017, month=m, day=1) for m in (10, 11, 12)]
    stated = Indicator("stated", "Open CAFs", unit="count", direction=Direction.LOWER, section=Section.WORRIED_ABOUT,
                       values=tuple(IndicatorValue(m, v) for m, v in zip(months, (720, 668, 614))))
    with example_store.uow() as uow:
        uow.plan.save_indicator(stated)
        uow.commit()
    answer = Programme(example_store.uow, FixedClock(AS_OF), "Europe/London").answer(IndicatorsQuestion())
    reading = next(r for r in answer.worried_about if r.indicator.key == "stated")
    assert (reading.status, reading.trend, reading.latest.value) == (None, None, 614)


def test_no_figure_or_no_way_to_judge_is_not_judged(example_store: Store) -> None:
    with example_store.uow() as uow:
        uow.plan.save_indicator(Indicator("new-measure", "A new measure", values=()))
        uow.plan.save_indicator(Indicator("steady", "Steady without a target", unit="", direction=Direction.LOWER,
                                          values=(IndicatorValue(AS_OF.date().replace(month=11, year=2017, day=1), 5),
                                                  IndicatorValue(AS_OF.date().replace(month=12, year=2017, day=1), 5))))
        uow.commit()
    answer = Programme(example_store.uow, FixedClock(AS_OF), "Europe/London").answer(IndicatorsQuestion())
    not_judged = [r.indicator.key for r in answer.not_judged]
    assert {"new-measure", "steady"} <= set(not_judged)
    assert all(r.indicator.target is None for r in answer.not_judged)
    assert replace(answer, not_judged=()).readings == (*answer.worried_about, *answer.working_well)
