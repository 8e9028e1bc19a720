"""Every reminder kind has one view, so no front end maps kinds to messages and none fails at send time."""
from __future__ import annotations

import importlib.util
from enum import StrEnum

import pytest

from governance import messages, reminders
from governance.messages import VIEWS, CheckInView, DigestView, NoticeView, view_of
from governance.questions import PlanQuestion, VisitQuestion
from governance.reminders import Kind


def test_each_kind_has_its_view() -> None:
    assert set(VIEWS) == set(Kind)
    assert view_of(Kind.CHECK_IN) == CheckInView() and view_of(Kind.NOTICE) == NoticeView()
    assert view_of(Kind.VISIT_DIGEST) == DigestView(VisitQuestion())
    assert view_of(Kind.WEEKLY_DIGEST) == DigestView(PlanQuestion())


def test_a_kind_without_a_view_is_refused_when_the_bot_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    with_a_new_kind = StrEnum("Kind", {**{k.name: k.value for k in Kind}, "SURVEY": "survey"})
    monkeypatch.setattr(reminders, "Kind", with_a_new_kind)
    spec = importlib.util.find_spec(messages.__name__)
    assert spec is not None and spec.loader is not None
    with pytest.raises(ImportError, match="reminder kinds without a view: survey"):
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
