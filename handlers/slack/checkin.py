"""The daily check-in in Slack: one DM a day with every action that needs the person, and the buttons that
say "not now" — *Snooze*, *On leave…* (a small form with a date), *Not mine* on each of their own
actions. The same said in words in the DM (`snooze until 5 Feb`, `remind me Monday`, `on leave until
5 Feb`, `not mine 5b(ii)`) is read by the core's conversation, and answered here in the same words.

The dispatcher decides what a check-in shows as it sends it; this module draws it within Slack's
limits (at most CHECK_IN_SHOWS actions with buttons, meetings.HELD_SHOWN meetings to say were held or not and
figures.FIGURES_SHOWN figures to give, at most 46 blocks) and remembers which actions it asked about, so a reply in
its thread is read against them. A chair's papers line carries *Agenda paper* for its body.
"""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any, Mapping, Sequence

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from governance.availability import Answered
from governance.errors import ReadinessError
from governance.reminders import CheckIn
from governance.services import ActionStatus
from governance.workdays import next_working_day
from handlers.slack import figures, meetings, prompts
from handlers.slack.blocks import Block, button, clip, context, escape, key_line, section
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.errors import answering_errors, answering_view_errors
from scheduling.delivery import Delivery

SNOOZE_ACTION = "checkin_snooze"
LEAVE_ACTION = "checkin_leave"
NOT_MINE_PREFIX = "not_mine:"
LEAVE_FORM = "checkin_leave_form"
CONTROLS = "checkin"
"""Block id of the check-in's own buttons (snooze, leave); replaced by a line saying what was done."""
MORE_NAMED = 20
"""Refs the "and N more" line names, beyond the actions shown with buttons."""
SUMMARIES_SHOWN = 5
HINT = ("Reply in this thread, e.g. `5c(ii) amber - recruitment delayed, forecast 12 Feb`, or say "
        "`snooze until 5 Feb`, `on leave until 5 Feb`, `not mine 5c(ii)`.")
FIGURE_HINT = " Give a figure with its button or in words: `repeat referrals 18.1%`, `155 of 224`, `n/a - why`."


def check_in_message(check_in: CheckIn, statuses: Mapping[str, ActionStatus]) -> tuple[str, list[Block]]:
    """The notification text and the blocks: what is asked and why, most pressing first."""
    shown = [ask for ask in check_in.shown if ask.ref in statuses]
    count, owed = len(check_in.asks), len(check_in.figures)
    needs = f"{count} action{'s' if count != 1 else ''} need{'s' if count == 1 else ''} you" if count else ""
    asked = f"{owed} figure{'s' if owed != 1 else ''} to give" if owed else ""
    held = len(check_in.meetings)
    whether = f"{held} meeting{'s' if held != 1 else ''} to say whether held" if held else ""
    said = ([f"{needs}, most pressing first"] if needs else []) + [part for part in (asked, whether) if part]
    intro = f"*Your check-in for {check_in.day:%a %d %b}*" + (f": {'; '.join(said)}." if said else ".")
    blocks: list[Block] = [section(intro)]
    blocks += [meetings.papers_row(line, body)
               for line, body in zip(check_in.summaries[:SUMMARIES_SHOWN], check_in.papers)]
    for ask in shown:
        status = statuses[ask.ref]
        if ask.may_rate:
            extra = [button("Not mine", f"{NOT_MINE_PREFIX}{ask.ref}", json.dumps({"ref": ask.ref}))] if ask.owns else []
            blocks += prompts.prompt_rows(status, ask.reason, extra)
        else:
            blocks.append(prompts.prompt_rows(status, ask.reason)[0])
    if check_in.more:
        refs = ", ".join(a.ref for a in check_in.more[:MORE_NAMED]) + ("…" if len(check_in.more) > MORE_NAMED else "")
        blocks.append(context(escape(f"and {len(check_in.more)} more ({refs})") + " — reply `REF rating …` or open Home"))
    blocks += meetings.held_rows(check_in.meetings)
    blocks += figures.ask_rows(check_in.figures)
    value = json.dumps({"day": check_in.day.isoformat()})
    blocks.append({"type": "actions", "block_id": CONTROLS, "elements": [
        button("Snooze to next working day", SNOOZE_ACTION, value), button("On leave…", LEAVE_ACTION, value)]})
    blocks.append(context(HINT + (FIGURE_HINT if check_in.figures else "")))
    blocks += key_line(any(statuses[ask.ref].state.action.provenance.illustrative for ask in shown)
                       or figures.marked(check_in.figures))
    refs = ", ".join(ask.ref for ask in check_in.asks[:MORE_NAMED])
    keys = ", ".join(figure.indicator.key for figure in check_in.figures[:MORE_NAMED])
    told = ([f"{needs} ({refs})"] if needs else []) + ([f"{asked} ({keys})"] if asked else []) + (
        [whether] if whether else [])
    text = f"Your check-in for {check_in.day:%a %d %b}" + (f": {'; '.join(told)}" if told else "")
    return escape(clip(text, 300)), blocks


def post_check_in(client: WebClient, deps: SlackDeps, check_in: CheckIn, *, channel: str,
                  metadata: dict[str, Any]) -> Delivery:
    """Posts the check-in in the person's DM and remembers the actions it asked about. The refs travel in
    the message's metadata too, so a send whose answer was lost can remember them when it is found."""
    statuses = deps.programme.check_in_statuses(check_in)
    text, blocks = check_in_message(check_in, statuses)
    refs = [ref for ref in check_in.thread_refs if ref in statuses]
    payload = {**metadata.get("event_payload", {}), "refs": refs}
    posted = client.chat_postMessage(channel=channel, text=text, blocks=blocks,
                                     metadata={**metadata, "event_payload": payload})
    deps.programme.remember_prompt(channel=posted["channel"], ts=posted["ts"], refs=refs, person=check_in.person)
    return Delivery(posted["channel"], posted["ts"])


def answered_line(answered: Answered) -> str:
    """What a snooze, leave or "not mine" did, said back in one line, whether by a button or in words."""
    return escape(answered.said)


def _deps(context: dict[str, Any]) -> tuple[SlackDeps, Viewer]:
    return context["deps"], context["viewer"]


def _message_blocks(body: dict[str, Any]) -> list[Block]:
    return list((body.get("message") or {}).get("blocks") or [])


def _noted(blocks: Sequence[Block], note: str) -> list[Block]:
    """The check-in with its snooze and leave buttons replaced by a line saying what was done."""
    line = {**context(note), "block_id": CONTROLS}
    return [line if block.get("block_id") == CONTROLS else block for block in blocks]


def snooze_button(ack: Ack, body: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    """*Snooze*: no check-in before the next working day."""
    ack()
    deps, viewer = _deps(context)
    answered = deps.programme.snooze(viewer.person().email)
    _show(respond, body, answered)


def _show(respond: Respond, body: dict[str, Any], answered: Answered) -> None:
    blocks, line = _message_blocks(body), answered_line(answered)
    if blocks:
        respond(replace_original=True, text=line, blocks=_noted(blocks, f"💤 {line}"))
    else:
        respond(replace_original=False, text=line)


def leave_button(ack: Ack, body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """*On leave…*: a form asking only the day the person is back."""
    ack()
    deps, viewer = _deps(context)
    viewer.person()
    container = body.get("container", {})
    back = next_working_day(deps.programme.today() + timedelta(days=7))
    client.views_open(trigger_id=body["trigger_id"], view=leave_view(
        channel=container.get("channel_id"), ts=container.get("message_ts"), back=back))


def leave_view(*, channel: str | None, ts: str | None, back: date) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": LEAVE_FORM,
        "private_metadata": json.dumps({"channel": channel, "ts": ts}),
        "title": {"type": "plain_text", "text": "On leave"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section("No check-ins while you're away. Your theme leads and the programme office hear which "
                    "actions are yours, so someone can update them meanwhile."),
            {"type": "input", "block_id": "until", "label": {"type": "plain_text", "text": "Back on"},
             "element": {"type": "datepicker", "action_id": "value", "initial_date": back.isoformat()}},
        ],
    }


def submit_leave(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """A day not after today goes back into the form; a good one is stored and confirmed in the check-in's thread."""
    deps, viewer = _deps(context)
    person = viewer.person()
    origin = prompts.form_origin(view, "This form is out of date, so nothing was changed: close it and say "
                                       "`on leave until 5 Feb` in our DM instead.")
    back = prompts.picked_date(prompts.input_value(view, "until"), "until")
    if back is None:
        ack(response_action="errors", errors={"until": "Choose the day you're back."})
        return
    answered = deps.programme.go_on_leave(person.email, back)
    ack()
    where = {"channel": origin["channel"] or viewer.user_id}
    if origin["ts"]:
        where["thread_ts"] = origin["ts"]
    client.chat_postMessage(text=answered_line(answered), **where)


def not_mine_button(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond,
                    context: dict[str, Any]) -> None:
    """*Not mine*: the PMO channel hears the action needs an owner; the action's rows say so."""
    ack()
    deps, viewer = _deps(context)
    try:
        ref = str(json.loads(action["value"])["ref"])
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: say `not mine REF` instead.") from None
    answered = deps.programme.not_mine(viewer.person().email, ref)
    blocks = _message_blocks(body)
    if not blocks:
        respond(replace_original=False, text=answered_line(answered))
        return
    rows = [section(f"↪️ {answered_line(answered)}", block_id=f"{prompts.ABOUT}{answered.pause.ref}")]
    respond(replace_original=True, text=answered_line(answered),
            blocks=prompts.with_rows(blocks, answered.pause.ref or ref, rows))


def register(app: App) -> None:
    app.action(SNOOZE_ACTION)(answering_errors(snooze_button))
    app.action(LEAVE_ACTION)(answering_errors(leave_button))
    app.action(re.compile(f"^{re.escape(NOT_MINE_PREFIX)}"))(answering_errors(not_mine_button))
    app.view(LEAVE_FORM)(answering_view_errors(submit_leave, field="until"))
