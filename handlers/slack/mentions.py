"""`@readiness status theme 5` in a channel: the same questions as the command, answered in the thread
for the channel to see (the asker chose to ask in public). Anything else is answered to the asker alone: a change
to a meeting or an action arising as the command makes it, a form as a button that opens it (a mention brings no
trigger to open one at once), the agenda paper in their DM.
The mention is taken out while the text is still in Slack's encoding, where `<@…>` can only be markup."""
from __future__ import annotations

import re
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from governance.errors import ReadinessError
from governance.model import Channel
from governance.questions import Question, UpdateRequest, parse_request
from handlers.slack import meetings
from handlers.slack.blocks import Paging, escape
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.errors import shown_to_person
from handlers.slack.status import answer_message
from handlers.slack.updates import typed_text

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def app_mention(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    deps: SlackDeps = context["deps"]
    viewer: Viewer = context["viewer"]
    channel, thread = event["channel"], event.get("thread_ts") or event["ts"]
    in_thread = {"thread_ts": event["thread_ts"]} if event.get("thread_ts") else {}
    try:
        request = parse_request(MENTION.sub(" ", typed_text(event.get("text"))))
        if isinstance(request, UpdateRequest):
            raise ReadinessError(f"Give updates with `{deps.command} update …` or in a DM with me, not in a channel.")
        if not isinstance(request, Question):
            said = meetings.act(request, deps=deps, viewer=viewer, client=client, via=Channel.COMMAND,
                                request_key=f"mention:{channel}:{event.get('ts')}", trigger_id=None)
            if said:
                client.chat_postEphemeral(channel=channel, user=viewer.user_id, **in_thread, **said)
            return
        person = viewer.person()
        message = answer_message(request, deps=deps, asker=person.email,
                                 paging=Paging(request.text, who=viewer.user_id, shared_by=viewer.user_id))
    except Exception as error:  # the asker always gets an answer, and only they see a refusal
        client.chat_postEphemeral(channel=channel, user=viewer.user_id, **in_thread,
                                  text=escape(shown_to_person(error)))
        return
    client.chat_postMessage(channel=channel, thread_ts=thread, **message)


def register(app: App, answers: Executor) -> None:
    """The answer, which can be heavy, queues for `answers` like the command's. (Slack shows an ephemeral
    message in a thread only once the thread exists, so a refusal of a top-level mention goes to the channel.)"""

    def mentioned(ack: Ack, event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        ack()
        answers.submit(app_mention, event=event, client=client, context=context)

    app.event("app_mention")(mentioned)
