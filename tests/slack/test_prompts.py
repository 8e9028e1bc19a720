"""What Slack says back once an update is recorded, or asks when a reading is in doubt: the core's words for it,
kept short and escaped, and the form filled in with a reading to change."""
from __future__ import annotations

import json
from datetime import date

from governance.brag import DEFAULT_KEY
from governance.model import Action, Channel, Theme, Update
from governance.readiness import ActionState
from governance.recording import Recorded, Unsure
from governance.reply_reader import Reading
from governance.services import ActionStatus
from handlers.slack.prompts import DETAIL_CHARS, confirmation_line, modal_view, unsure_rows, unsure_text
from tests.conftest import AS_OF
from tests.slack.blockkit import assert_valid_message, assert_valid_view

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


def unsure(commentary: str, *reasons: str, forecast: date | None = None) -> Unsure:
    return Unsure(Reading("amber", commentary, forecast, "5c(i)", reasons), ACTION, DEFAULT_KEY)


def test_a_reading_in_doubt_is_asked_about_in_the_readers_words_escaped_with_two_buttons_carrying_no_text() -> None:
    doubt = unsure("<!channel> & " + "x" * 3000, "two ratings named", "“next Friday” read as Fri 26 Jan",
                   forecast=date(2018, 1, 26))
    rows = unsure_rows(doubt, "Ev1")
    assert_valid_message({"text": unsure_text(doubt), "blocks": rows})
    said = rows[0]["text"]["text"]
    assert said.startswith(":large_orange_circle: I read *Amber*, forecast *Fri 26 Jan 2018* for `5c(i)` — "
                           "two ratings named; “next Friday” read as Fri 26 Jan\n“&lt;!channel&gt; &amp; xxx")
    assert "<!channel>" not in said and said.endswith("x…”\nNothing is recorded until you choose.")
    assert [(b["text"]["text"], json.loads(b["value"])) for b in rows[1]["elements"]] == [
        ("Record", {"ref": "5c(i)", "event": "Ev1"}), ("Change", {"ref": "5c(i)", "event": "Ev1"})]
    assert "evidence linked" not in said
    assert "no forecast date for `5c(i)`" in unsure_text(unsure("", "read from a negative"))
    linked = Unsure(Reading("amber", "", None, "5c(i)", ("two ratings named",)), ACTION, DEFAULT_KEY,
                    "https://example.org/panel")
    assert unsure_text(linked).endswith("two ratings named\nevidence linked\nNothing is recorded until you choose.")


def test_the_form_is_filled_in_with_a_reading_to_change_within_what_it_accepts() -> None:
    state = ActionState(ACTION, "Head of MASH", "green", None, False, False, False, False, False, 27)
    view = modal_view(ActionStatus(state, Theme(5, "Assessment"), None, [], DEFAULT_KEY), DEFAULT_KEY,
                      channel="DUMASH", ts="1.2", rating="amber", commentary="x" * 3500, forecast=date(2018, 1, 26),
                      evidence="https://example.org/panel")
    assert_valid_view(view)
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["rating"]["initial_option"]["value"] == "amber"
    assert fields["commentary"]["initial_value"] == "x" * fields["commentary"]["max_length"]
    assert fields["forecast"]["initial_date"] == "2018-01-26"
    assert fields["evidence"]["initial_value"] == "https://example.org/panel"
