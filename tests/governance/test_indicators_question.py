"""`status indicators`: every indicator's latest month against target, grouped as the board papers group them."""
from __future__ import annotations

from dataclasses import replace

from governance.clock import FixedClock
from governance.model import Direction, Indicator, IndicatorValue
from governance.programme import Programme
from governance.questions import IndicatorsQuestion
from governance.readiness import IndicatorsReadiness
from storage.store import Store
from tests.conftest import AS_OF


def test_each_indicator_is_in_exactly_one_group_by_its_own_rule(example_store: Store) -> None:
    answer = Programme(example_store.uow, FixedClock(AS_OF), "Europe/London").answer(IndicatorsQuestion())
    assert isinstance(answer, IndicatorsReadiness)
    worried = {r.indicator.key: r.status for r in answer.worried_about}
    well = {r.indicator.key: (r.status, r.trend) for r in answer.working_well}
    assert worried["assessments-45wd"] == "red" and worried["repeat-referrals-12m"] == "amber"
    assert well["health-checks"] == ("green", "improving")
    assert well["open-cafs"] == (None, "improving")
    keys = [r.indicator.key for r in answer.readings]
    with example_store.uow() as uow:
        assert sorted(keys) == sorted(i.key for i in uow.plan.indicators())


def test_no_figure_or_no_way_to_judge_is_not_judged(example_store: Store) -> None:
    with example_store.uow() as uow:
        uow.plan.save_indicator(Indicator("new-measure", "A new measure", values=()))
        uow.plan.save_indicator(Indicator("steady", "Steady without a target", unit="", direction=Direction.LOWER,
                                          values=(IndicatorValue(AS_OF.date().replace(month=11, year=2017, day=1), 5),
                                                  IndicatorValue(AS_OF.date().replace(month=12, year=2017, day=1), 5))))
        uow.commit()
    answer = Programme(example_store.uow, FixedClock(AS_OF), "Europe/London").answer(IndicatorsQuestion())
    assert [r.indicator.key for r in answer.not_judged] == ["new-measure", "steady"]
    assert replace(answer, not_judged=()).readings == (*answer.worried_about, *answer.working_well)
