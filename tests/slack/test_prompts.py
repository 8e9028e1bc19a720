"""What Slack says back once an update is recorded: the core's words for it, kept short and escaped."""
from __future__ import annotations

from datetime import date

from governance.brag import DEFAULT_KEY
from governance.model import Action, Channel, Update
from governance.recording import Recorded
from handlers.slack.prompts import DETAIL_CHARS, confirmation_line
from tests.conftest import AS_OF

ACTION = Action("5c(i)", 5, "Strategy discussions: LCS recording", "head.mash@example.org", date(2018, 2, 28))


def recorded(commentary: str = "", *, evidence: str | None = None, forecast: date | None = None,
             repeated: bool = False) -> Recorded:
    update = Update("5c(i)", AS_OF, "amber", "head.mash@example.org", Channel.SLACK_DM, commentary, evidence, forecast, 7)
    return Recorded(update, None, ACTION, DEFAULT_KEY, repeated)


def test_the_confirmation_says_what_every_front_end_says_after_the_rating() -> None:
    line = confirmation_line(recorded("supplier late", evidence="https://example.org/a", forecast=date(2018, 2, 12)))
    assert line.endswith("Recorded *Amber* for `5c(i)` Strategy discussions: LCS recording · “supplier late” · "
                         "forecast 12 Feb 2018 · evidence linked")
    assert confirmation_line(recorded(repeated=True)).endswith("LCS recording · (already recorded)")


def test_a_long_commentary_is_clipped_inside_its_quotation_marks_and_escaped() -> None:
    line = confirmation_line(recorded("<!channel> & " + "x" * 1000, forecast=date(2018, 2, 12)))
    quoted = line.split(" · ")[1]
    assert quoted.startswith("“&lt;!channel&gt; &amp; xxx") and quoted.endswith("x…”")
    assert len(quoted.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")) == DETAIL_CHARS
    assert line.endswith(" · forecast 12 Feb 2018")
