"""The `readiness` command line: parse, call a use case, render. No rule of the plan lives here."""
from __future__ import annotations

import argparse
import os
from contextlib import contextmanager
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from rich.console import Console
from slack_sdk.errors import SlackApiError

from governance import people, services
from governance.audit import audit_trail
from governance.clock import Clock, FixedClock, parse_now
from governance.brag import DEFAULT_KEY
from governance.errors import ReadinessError
from governance.model import PlanInfo
from governance.workdays import local_date
from governance.reminders import Status
from governance.template import write_document
from handlers.cli import json_view, render
from handlers.console.chat import run_console
from handlers.console.demo import play_demo
from handlers.report.html import render_html
from handlers.report.markdown import render_markdown
from handlers.slack.app import build_app, web_client
from handlers.slack.deps import SlackDeps, SlackDirectory
from handlers.slack.inbox import replay_unfinished
from handlers.slack.manifest import PLACEHOLDER_HOST, manifest_text
from handlers.slack.people import announce_relink
from handlers.slack.reminders import SlackReminderSender
from handlers.slack.server import EVENTS_PATH, http_server, socket_mode, tune_for_quick_acks
from handlers.slack.settings import SlackSettings
from handlers.slack.updates import send_prompt
from handlers.status_query import DEFAULT_COMMAND
from scheduling.calendar import coming, to_ical
from scheduling.dispatch import Dispatcher
from scheduling.planning import send_instant
from scheduling.runner import reminder_pass, start_scheduler
from scheduling.settings import ReminderSettings
from scheduling.tick import tick
from storage.plan_files import example_path, read_plan_file, write_plan_file, yaml_text
from storage.store import Store



@dataclass
class Cli:
    """What a command needs: the store (opened when first used), the clock, the timezone and where to print."""

    open_store: Callable[[], Store]
    clock: Clock
    tz: str
    console: Console
    slack: SlackSettings
    reminders: ReminderSettings
    _store: Store | None = field(default=None, init=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self.open_store()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


Handler = Callable[[argparse.Namespace, Cli], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="readiness", description="Keeps an improvement plan ready for inspection.")
    parser.add_argument("--now", metavar="ISO", help="see the plan as of this date or instant (default: now); "
                                                     "for run and console the clock starts there and runs on")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create or upgrade the store, optionally loading an example plan")
    init.add_argument("--example", metavar="NAME", help="load an example plan, e.g. barnet-2018")
    init.set_defaults(handler=init_store)

    load = commands.add_parser("import", help="import a plan file (.yaml, .xlsx, .csv); all or nothing")
    load.add_argument("file", type=Path)
    load.add_argument("--allow-new-people", action="store_true",
                      help="add people named only by e-mail (an owner, lead, chair or author not on the people "
                           "sheet or in the plan); without it such an e-mail is refused as a likely typo")
    load.set_defaults(handler=import_file)

    export = commands.add_parser("export", help="export the plan and its history (.yaml, .xlsx, .csv)")
    export.add_argument("file", type=Path, nargs="?", help="where to write (default: YAML to standard output)")
    export.set_defaults(handler=export_file)

    status = commands.add_parser("status", help="readiness of a theme, an action, overdue actions, the next visit")
    status.add_argument("--json", action="store_true", help="print JSON for scripts")
    what = status.add_subparsers(dest="what", required=True, metavar="WHAT")
    theme = what.add_parser("theme", help="readiness of one theme")
    theme.add_argument("number")
    theme.set_defaults(handler=status_theme)
    action = what.add_parser("action", help="one action and its history")
    action.add_argument("ref")
    action.set_defaults(handler=status_action)
    what.add_parser("overdue", help="every overdue action").set_defaults(handler=status_overdue)
    what.add_parser("visit", help="readiness for the next monitoring visit").set_defaults(handler=status_visit)
    board = what.add_parser("board", help="the next meeting of a governance body and the actions it oversees")
    board.add_argument("name", nargs="+")
    board.set_defaults(handler=status_board)
    mine = what.add_parser("mine", help="the actions one person owns")
    mine.add_argument("--person", required=True, metavar="EMAIL")
    mine.set_defaults(handler=status_mine)

    history = commands.add_parser("history", help="every update to an action: who, when, how, what changed")
    history.add_argument("ref")
    history.add_argument("--json", action="store_true", help="print JSON for scripts")
    history.set_defaults(handler=show_history)

    chase = commands.add_parser("chase", help="send an action's owner the update prompt in Slack now")
    chase.add_argument("ref")
    chase.set_defaults(handler=chase_owner)

    ticking = commands.add_parser("tick", help="run every reminder due as of an instant, once (cron, tests)")
    ticking.add_argument("--at", metavar="ISO",
                         help="the instant (default: now); a bare date means that day's reminder time")
    ticking.set_defaults(handler=run_tick)

    outbox = commands.add_parser("outbox", help="reminders on their way out: due, failed, skipped")
    which = outbox.add_mutually_exclusive_group()
    which.add_argument("--failed", action="store_true", help="reminders Slack refused; they are not retried")
    which.add_argument("--skipped", action="store_true", help="reminders that fell due while the bot was down")
    outbox.add_argument("--json", action="store_true", help="print JSON for scripts")
    outbox.set_defaults(handler=show_outbox)

    calendar = commands.add_parser("calendar", help="coming meetings, paper deadlines and monitoring visits")
    calendar.add_argument("--days", type=int, default=42, help="how far ahead to look (default: 42)")
    calendar.add_argument("--ics", type=Path, metavar="FILE", help="also write an iCalendar file")
    calendar.set_defaults(handler=show_calendar)

    report = commands.add_parser("report", help="write the readiness pack (Markdown and standalone HTML)")
    report.add_argument("--out", type=Path, default=Path("readiness-pack"),
                        help="file name without suffix (default: readiness-pack)")
    report.add_argument("--format", choices=("html", "md", "both"), default="both")
    report.set_defaults(handler=write_report)

    run = commands.add_parser("run", help="run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP)")
    run.add_argument("--host", default="0.0.0.0")
    run.add_argument("--port", type=int, default=3000)
    run.add_argument("--no-reminders", action="store_true",
                     help="answer Slack only; reminders are sent by `readiness tick` from cron instead")
    run.set_defaults(handler=run_slack)

    people_parser = commands.add_parser("people", help="link the plan's people to their Slack accounts")
    people_commands = people_parser.add_subparsers(dest="people_command", required=True, metavar="ACTION")
    people_commands.add_parser("sync", help="link everyone by e-mail (users.lookupByEmail)").set_defaults(
        handler=people_sync)
    link = people_commands.add_parser("link", help="link one person to a Slack user id")
    link.add_argument("email")
    link.add_argument("user_id")
    link.set_defaults(handler=people_link)

    manifest = commands.add_parser("manifest", help="print the Slack app manifest, to paste at api.slack.com/apps")
    manifest.add_argument("--command", default=DEFAULT_COMMAND, metavar="NAME",
                          help=f"the app's slash command (default: {DEFAULT_COMMAND}); set READINESS_COMMAND to match")
    manifest.add_argument("--socket", action="store_true", help="for Socket Mode (SLACK_APP_TOKEN), no request URLs")
    manifest.add_argument("--host", default=PLACEHOLDER_HOST, help="the public HTTPS host Slack sends requests to")
    manifest.set_defaults(handler=print_manifest)

    chat = commands.add_parser("console", help="chat with the bot in the terminal as one person, without Slack")
    chat.add_argument("--as", dest="person", required=True, metavar="EMAIL", help="who you are in the plan")
    chat.add_argument("--every", type=float, default=60, metavar="SECONDS",
                      help="how often to check for reminders (default: 60)")
    chat.set_defaults(handler=open_console)

    demo = commands.add_parser("demo", help="play the run-up to the January 2018 monitoring visit, without Slack")
    demo.add_argument("--fast", action="store_true", help="play without pauses")
    demo.set_defaults(handler=run_demo)
    return parser


def init_store(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.migrate()
    cli.console.print("The store is ready.")
    if args.example:
        _import(cli, example_path(args.example))
    return 0


def import_file(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    _import(cli, args.file, allow_new_people=args.allow_new_people)
    return 0


def _import(cli: Cli, path: Path, *, allow_new_people: bool = False) -> None:
    summary = services.import_plan(read_plan_file(path), uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz,
                                   allow_new_people=allow_new_people)
    cli.console.print(
        f"Imported {path.name}: {summary.themes} themes, {summary.people} people, {summary.bodies} bodies, "
        f"{summary.actions} actions, {summary.updates} updates, {summary.visits} visits, "
        f"{summary.indicators} indicators" + (f" ({summary.skipped_updates} updates already held)"
                                              if summary.skipped_updates else "") + ".")


def export_file(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    sheets = write_document(services.export_plan(uow=cli.store.uow()))
    if args.file is None:
        sys.stdout.write(yaml_text(sheets))
    else:
        with _writing(args.file):
            write_plan_file(sheets, args.file)
        cli.console.print(f"Wrote {args.file}.")
    return 0


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A file that cannot be written (no such folder, no permission, a folder of that name) is one line."""
    try:
        yield
    except OSError as exc:
        raise ReadinessError(f"cannot write {path}: {exc.strerror or exc}") from None


def _show(cli: Cli, args: argparse.Namespace, data: object, view: object) -> int:
    if args.json:
        sys.stdout.write(json_view.dumps(data) + "\n")
    else:
        cli.console.print(view)
    return 0


def status_theme(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    theme = services.theme_readiness(args.number, uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    return _show(cli, args, json_view.theme_json(theme), render.theme_view(theme))


def status_action(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    status = services.action_status(args.ref, uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    return _show(cli, args, json_view.action_json(status), render.action_view(status, cli.tz))


def status_overdue(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    readiness = services.plan_readiness(uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    data = {"as_of": readiness.as_of, "overdue": [json_view.state_json(s) for s in readiness.overdue]}
    return _show(cli, args, data, render.overdue_view(readiness))


def status_visit(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    visit = services.visit_readiness(uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    if visit is None:
        return _show(cli, args, {"visit": None}, "No monitoring visit is planned.")
    return _show(cli, args, json_view.visit_json(visit), render.visit_view(visit))


def status_board(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    board = services.body_readiness(" ".join(args.name), uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    meeting = board.meeting
    data = {"body": {"key": board.body.key, "name": board.body.name, "chair": board.body.chair},
            "next_meeting": {"starts": meeting.starts, "paper_deadline": meeting.paper_deadline} if meeting else None,
            **json_view.readiness_json(board.readiness)}
    return _show(cli, args, data, render.body_view(board))


def status_mine(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    readiness = services.my_actions(args.person, uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    return _show(cli, args, json_view.readiness_json(readiness), render.readiness_view(readiness))


def show_history(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    trail = audit_trail(args.ref, uow=cli.store.uow())
    return _show(cli, args, json_view.trail_json(trail), render.trail_view(trail, cli.tz))


def chase_owner(args: argparse.Namespace, cli: Cli) -> int:
    """The PMO chasing one owner by hand: the same prompt the reminders send."""
    cli.store.require_current()
    status = services.action_status(args.ref, uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    with cli.store.uow() as uow:
        owner = uow.plan.person(status.state.action.owner)
    if owner is None or not owner.slack_user_id:
        raise ReadinessError(f"{status.state.owner_name} is not linked to Slack yet: run `readiness people sync`")
    directory = _directory(cli)
    send_prompt(directory.client, SlackDeps(cli.store, cli.clock, cli.tz), ref=status.state.action.ref,
                user_id=owner.slack_user_id, email=owner.email,
                intro="The programme office is asking for an update on this action.")
    cli.console.print(f"Sent {owner.name} the prompt for {status.state.action.ref}.")
    return 0


def write_report(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    pack = services.readiness_pack(uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    renderers = {".md": render_markdown, ".html": render_html}
    suffixes = {"md": [".md"], "html": [".html"], "both": [".md", ".html"]}[args.format]
    for suffix in suffixes:
        path = args.out.with_suffix(suffix)
        with _writing(path):
            path.write_text(renderers[suffix](pack), encoding="utf-8")
        cli.console.print(f"Wrote {path.resolve()}")
    return 0


def run_slack(args: argparse.Namespace, cli: Cli) -> int:
    """Serves Slack until stopped (Ctrl+C): Socket Mode when SLACK_APP_TOKEN is set, else HTTP on --port; the
    scheduler sends reminders alongside. It says it is ready only when it is: in Socket Mode once Slack has
    said hello on the WebSocket, and in either mode just before it starts serving."""
    cli.store.require_current()
    app = build_app(SlackDeps(cli.store, cli.clock, cli.tz), cli.slack)
    if cli.slack.socket_mode:
        link = socket_mode(app, cli.slack.app_token or "")
        link.connect()
        serve, ready = link.run, "Connected to Slack in Socket Mode."
    else:
        try:
            server = http_server(app, cli.store, signing_secret=cli.slack.signing_secret or "", host=args.host,
                                 port=args.port)
        except OSError as exc:
            raise ReadinessError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
        serve, ready = server.run, f"Listening on http://{args.host}:{args.port}{EVENTS_PATH} (health: /healthz)."
    deps = SlackDeps(cli.store, cli.clock, cli.tz)
    passes = [lambda: replay_unfinished(app, deps)]
    if not args.no_reminders:
        passes.append(reminder_pass(_dispatcher(cli, cli.clock), cli.store.uow))
    scheduler = start_scheduler(passes, every=cli.reminders.every, tz=cli.tz)
    tune_for_quick_acks()
    try:
        cli.console.print(ready)
        serve()
    except KeyboardInterrupt:
        pass  # Ctrl+C once ready is how a running bot is stopped: no traceback, exit 0
    finally:
        scheduler.shutdown(wait=False)
    return 0


def _dispatcher(cli: Cli, clock: Clock) -> Dispatcher:
    if not cli.slack.bot_token:
        raise ReadinessError("set SLACK_BOT_TOKEN (the bot token, xoxb-…) to send reminders")
    client = web_client(cli.slack.bot_token, cli.slack.api_url, retries=False)
    sender = SlackReminderSender(client, SlackDeps(cli.store, clock, cli.tz), pmo_channel=cli.reminders.pmo_channel)
    return Dispatcher(cli.store.uow, sender, clock=clock, tz=cli.tz, settings=cli.reminders,
                      worker=f"{socket.gethostname()}:{os.getpid()}")


def run_tick(args: argparse.Namespace, cli: Cli) -> int:
    """Everything due as of `--at`, once: materialise the day's reminders, send what is still owed."""
    cli.store.require_current()
    at = cli.clock.now()
    if args.at:
        at = (send_instant(parse_now(args.at, cli.tz).date(), cli.reminders, cli.tz) if len(args.at.strip()) == 10
              else parse_now(args.at, cli.tz))
    ticked = tick(_dispatcher(cli, FixedClock(at)), cli.store.uow)
    cli.console.print(render.tick_view(ticked, at, cli.tz))
    return 0


def show_calendar(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    if not 1 <= args.days <= 3660:
        raise ReadinessError("--days must be between 1 and 3660")
    now = cli.clock.now()
    entries = coming(uow=cli.store.uow(), start=local_date(now, cli.tz), days=args.days, tz=cli.tz)
    cli.console.print(render.calendar_view(entries, f"The next {args.days} days"))
    if args.ics:
        with cli.store.uow() as uow:
            name = (uow.plan.info() or PlanInfo()).name
        with _writing(args.ics):
            args.ics.write_bytes(to_ical(entries, calendar_name=name, stamp=now, tz=cli.tz))
        cli.console.print(f"Wrote {args.ics.resolve()}")
    return 0


def show_outbox(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    statuses = [Status.FAILED] if args.failed else [Status.SKIPPED] if args.skipped else [Status.PENDING]
    with cli.store.uow() as uow:
        items = uow.outbox.items(statuses=statuses)
        counts = uow.outbox.counts()
    if args.json:
        sys.stdout.write(json_view.dumps({"counts": {s.value: n for s, n in counts.items()},
                                          "items": [json_view.outbox_json(i) for i in items]}) + "\n")
        return 0
    cli.console.print(", ".join(f"{n} {s.value}" for s, n in counts.items()))
    title = {Status.FAILED: "Failed: Slack refused these; fix the cause, they are not retried",
             Status.SKIPPED: "Skipped: these fell due while the bot was down",
             Status.PENDING: "Waiting to be sent"}[statuses[0]]
    cli.console.print(render.outbox_view(items, title, cli.tz) if items else f"{title}: none.")
    return 0


def _directory(cli: Cli) -> SlackDirectory:
    if not cli.slack.bot_token:
        raise ReadinessError("set SLACK_BOT_TOKEN (the bot token, xoxb-…) to look people up in Slack")
    return SlackDirectory(web_client(cli.slack.bot_token, cli.slack.api_url))


def people_sync(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    try:
        summary = people.sync_people(uow=cli.store.uow(), directory=_directory(cli))
    except SlackApiError as busy:
        raise ReadinessError(f"Slack is busy (HTTP {busy.response.status_code}) and nobody was linked: "
                             "try again in a few minutes") from None
    for person in summary.linked:
        cli.console.print(f"Linked {person.email} to {person.slack_user_id}.")
    for person in summary.not_found:
        cli.console.print(f"Not found in Slack: {person.email} ({person.name}).")
    cli.console.print(f"{len(summary.linked)} linked, {len(summary.not_found)} not found.")
    return 0


def people_link(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    linked = people.link_person(args.email, args.user_id, uow=cli.store.uow())
    person = linked.person
    cli.console.print(f"Linked {person.email} to {person.slack_user_id}"
                      + (f" (it was {linked.previous})." if linked.previous else "."))
    if linked.previous:
        _tell_pmo_of_relink(cli, linked)
    return 0


def _tell_pmo_of_relink(cli: Cli, linked: people.Linked) -> None:
    """The link is made whatever happens here; a PMO channel that cannot be told is a warning, not a failure."""
    channel = cli.reminders.pmo_channel
    if not (cli.slack.bot_token and channel):
        cli.console.print("The PMO channel was not told: set SLACK_BOT_TOKEN and READINESS_PMO_CHANNEL.")
        return
    try:
        announce_relink(web_client(cli.slack.bot_token, cli.slack.api_url), channel, linked)
    except ReadinessError as exc:
        cli.console.print(f"Warning: the PMO channel was not told: {exc}")
        return
    cli.console.print("Told the PMO channel.")


def open_console(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    if args.every <= 0:
        raise ReadinessError("--every must be a number of seconds above 0")
    return run_console(store=cli.store, clock=cli.clock, tz=cli.tz, email=args.person, settings=cli.reminders,
                       console=cli.console, every=args.every)


def run_demo(args: argparse.Namespace, cli: Cli) -> int:
    """The main job: the run-up to the January 2018 monitoring visit, on a fresh embedded store."""
    outcome = play_demo(console=cli.console, workdir=Path.cwd(), tz=cli.tz, fast=args.fast)
    key = DEFAULT_KEY
    cli.console.rule("What happened")
    cli.console.print(f"Reminders sent: {sum(outcome.reminders.values())} ("
                      + ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in sorted(outcome.reminders.items()))
                      + ")")
    cli.console.print(f"Updates recorded: {outcome.updates}; refused: {outcome.refused}")
    cli.console.print("Theme 5 on Wed 31 Jan 2018: "
                      + " · ".join(f"{key.label(code)} {n}" for code, n in outcome.theme_5.items()))
    cli.console.print(f"Wrote the readiness pack: {outcome.pack.resolve()}")
    cli.console.print(f"Explore the store: DATABASE_URL=sqlite:///{outcome.store.resolve()} readiness status theme 5 "
                      "(or: readiness console --as head.mash@example.org)", soft_wrap=True)
    return 0


def print_manifest(args: argparse.Namespace, cli: Cli) -> int:
    """Needs no store: a council makes its app before it loads its plan."""
    sys.stdout.write(manifest_text(command=args.command, socket=args.socket, host=args.host))
    return 0
