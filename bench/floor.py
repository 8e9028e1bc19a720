"""The floor: a bare Bolt app that only acknowledges `/readiness`, served the way the bot is served.

Whatever the bot adds on top of this (the store, the middleware, the work after the ack) is what
the benchmark's ratios measure.
"""
from __future__ import annotations

import argparse

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from waitress.server import create_server

SERVER_THREADS = 8
"""The same number of request threads as `readiness run`."""


def floor_app(signing_secret: str, api_url: str) -> App:
    """Like the bot, it checks its token with the Web API stand-in, not with Slack."""
    app = App(client=WebClient(token="xoxb-test", base_url=api_url), signing_secret=signing_secret)

    def acknowledge(ack: Ack) -> None:
        ack()

    app.command("/readiness")(acknowledge)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="a bare Bolt app that only acknowledges /readiness")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--slack-api", required=True, help="base URL of the Slack Web API stand-in")
    args = parser.parse_args()
    server = create_server(SlackRequestHandler(floor_app(args.secret, args.slack_api), path="/slack/events"), host="127.0.0.1",
                           port=args.port, threads=SERVER_THREADS)
    server.run()


if __name__ == "__main__":
    main()
