"""The `readiness` commands: parse, call a use case, render. No rule of the plan lives here.

Each command is handed a `Runtime` by `bot.py`, which has already checked the store for those that
need it (`needs_store`), so a command only calls the programme's use cases and prints.
"""
from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterator

from rich.console import Group, RenderableType
from slack_sdk.errors import SlackApiError

from governance.errors import ReadinessError
from governance.figures import FigureRecorded, FigureUnsure
from governance.meetings import NewAction, parse_meeting, parse_typed_day
from governance.model import Channel
from governance.people import ByEmail, Linked
from governance.programme import Programme
from governance.questions import ask
from governance.reminders import Status
from governance.services import ImportSummary
from governance.tracker_map import TrackerMap
from governance.workdays import next_working_day
from governance.template import write_document
from handlers.cli import json_view
from handlers.cli.runtime import Runtime
from handlers.cli.import_view import imported_view, preview_view
from handlers.cli.views import calendar_view, figure_history_view, outbox_view, reading_view, tick_view, trail_view
from handlers.console.chat import run_console
from handlers.console.demo import play_demo
from handlers.report.agenda import render_agenda_html, render_agenda_markdown
from handlers.report.html import render_html
from handlers.report.markdown import render_markdown
from handlers.slack.app import build_app
from handlers.slack.inbox import replay_unfinished
from handlers.slack.manifest import manifest_text
from handlers.slack.people import announce_relink
from handlers.slack.server import EVENTS_PATH, http_server, socket_mode, tune_for_quick_acks
from handlers.slack.updates import send_prompt
from handlers.text.answers import answer_view
from handlers.text.views import undone_line
from scheduling.calendar import CalendarEntry, coming, to_ical
from scheduling.runner import reminder_pass, start_scheduler
from scheduling.tick import tick
from storage.plan_files import example_path, read_plan_file, write_plan_file, yaml_text
from storage.tracker_maps import default_map_path, read_tracker_map, write_tracker_map

Handler = Callable[[argparse.Namespace, Runtime], int]
MONTH = re.compile(r"(\d{4})-(\d{1,2})")
ENTRY = re.compile(r"[1-9][0-9]{0,8}")
"""An entry's number as `indicator-history` shows it, bounded so that no typed number overflows the store's."""
OUTBOX_TITLES = {Status.FAILED: "Failed: Slack refused these; fix the cause, they are not retried",
                 Status.SKIPPED: "Skipped: these fell due while the bot was down",
                 Status.PENDING: "Waiting to be sent"}


def init_store(args: argparse.Namespace, runtime: Runtime) -> int:
    runtime.store.migrate()
    runtime.console.print("The store is ready.")
    if args.example:
        path = example_path(args.example)
        summary = runtime.programme.import_plan(read_plan_file(path))
        runtime.console.print(imported_view(path.name, summary, None))
        if summary.latest_update and summary.latest_update < runtime.programme.now() - timedelta(days=30):
            held = next_working_day(summary.latest_update.date() + timedelta(days=1))
            runtime.console.print(f"The example is set in {held:%B %Y}; see it as it was then with "
                                  f"`readiness --now {held.isoformat()} status theme 5`.")
    return 0


def import_file(args: argparse.Namespace, runtime: Runtime) -> int:
    """Imports a plan file, or with `--preview` shows how it would be read and stores nothing. A map saved
    beside a tracker is used without being named, so next month's copy saved in its place imports alike."""
    if args.save_map is not None and not args.preview:
        raise ReadinessError("--save-map goes with --preview: see how the map reads the tracker before saving it")
    map_path = args.map or _map_beside(args.file)
    tracker_map = read_tracker_map(map_path) if map_path else TrackerMap()
    summary = runtime.programme.import_plan(read_plan_file(args.file), allow_new_people=args.allow_new_people,
                                            tracker_map=tracker_map, preview=args.preview)
    if not args.preview:
        runtime.console.print(imported_view(args.file.name, summary, map_path))
        return 0
    runtime.console.print(preview_view(args.file.name, summary, map_path))
    if args.save_map is not None:
        _save_map(args, runtime, summary, tracker_map)
    return 1 if summary.problems else 0


def _map_beside(tracker: Path) -> Path | None:
    path = default_map_path(tracker)
    return path if path.is_file() else None


def _save_map(args: argparse.Namespace, runtime: Runtime, summary: ImportSummary, given: TrackerMap) -> None:
    """Writes the map that reads the tracker as the preview did, keeping the owners and ref pattern the PMO gave."""
    path = Path(args.save_map) if args.save_map else default_map_path(args.file)
    found = replace(summary.found_map, owners=given.owners, ref_pattern=given.ref_pattern)
    with _writing(path):
        write_tracker_map(found, path, source=args.file.name)
    again = f'readiness import "{args.file.name}"' + ("" if path == default_map_path(args.file) else f' --map "{path}"')
    runtime.console.print(f"Saved the map to {path}: edit it if a column is read wrongly, then `{again}`.")


def export_file(args: argparse.Namespace, runtime: Runtime) -> int:
    sheets = write_document(runtime.programme.export_plan(), tz=runtime.programme.tz)
    if args.file is None:
        sys.stdout.write(yaml_text(sheets))
    else:
        with _writing(args.file):
            write_plan_file(sheets, args.file)
        runtime.console.print(f"Wrote {args.file}.")
    return 0


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A file that cannot be written (no such folder, no permission, a folder of that name) is one line."""
    try:
        yield
    except OSError as exc:
        raise ReadinessError(f"cannot write {path}: {exc.strerror or exc}") from None


def _show(runtime: Runtime, args: argparse.Namespace, data: object, view: RenderableType) -> int:
    """What a command found, as JSON for scripts when `--json` was typed, else drawn for a person."""
    if args.json:
        sys.stdout.write(json_view.dumps(data) + "\n")
    else:
        runtime.console.print(view)
    return 0


def answer_question(args: argparse.Namespace, runtime: Runtime) -> int:
    """`status …`: the question the bot answers in Slack, answered by the same use case and drawn as the
    console draws it, or as JSON for scripts."""
    answer = runtime.programme.answer(ask(args.question, args.words), asker=args.person)
    return _show(runtime, args, json_view.answer_json(answer), answer_view(answer, runtime.programme.tz))


def read_phrase(args: argparse.Namespace, runtime: Runtime) -> int:
    """`read "TEXT"`: what the bot would make of a reply, so the PMO can check a phrase owners use before it
    reaches the store. The plan's key reads it and names its rating, so it works on a store with no plan loaded
    yet (the default BRAG key) as on one whose plan has a key of its own."""
    programme = runtime.programme
    reading = programme.read(" ".join(args.text), today=_day(args.today) if args.today else None)
    return _show(runtime, args, json_view.read_json(reading), reading_view(reading, programme.brag_key()))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ReadinessError(f"--today {text!r} is not a date (use 2018-01-26)") from None


def show_history(args: argparse.Namespace, runtime: Runtime) -> int:
    trail = runtime.programme.history(args.ref)
    return _show(runtime, args, json_view.trail_json(trail), trail_view(trail, runtime.programme.tz))


def show_indicator_history(args: argparse.Namespace, runtime: Runtime) -> int:
    history = runtime.programme.indicator_history(" ".join(args.indicator))
    return _show(runtime, args, json_view.indicator_history_json(history),
                 figure_history_view(history, runtime.programme.tz))


def record_figure(args: argparse.Namespace, runtime: Runtime) -> int:
    """`figure KEY WORDS --by EMAIL`: a figure read and checked as a reply in Slack is. One that looks odd is held
    back with its doubts (exit 1) unless `--yes` says it is right."""
    outcome = runtime.programme.record_figure(" ".join(args.words), key=args.indicator, by=args.by,
                                              via=Channel.COMMAND, month=_month(args.month) if args.month else None,
                                              source=args.source, confirmed=args.yes)
    if isinstance(outcome, FigureUnsure):
        runtime.console.print(f"{outcome.said()} Nothing was recorded: add --yes to record it as it is.")
        return 1
    _recorded(runtime, outcome, args.by)
    return 0


def _month(text: str) -> date:
    found = MONTH.fullmatch(text.strip())
    try:
        if found is None:
            raise ValueError(text)
        return date(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        raise ReadinessError(f"--month {text!r} is not a month (use 2017-12)") from None


def note_figure(args: argparse.Namespace, runtime: Runtime) -> int:
    noted = runtime.programme.note_figure(args.indicator, " ".join(args.text), by=args.by, via=Channel.COMMAND)
    _recorded(runtime, noted, args.by)
    return 0


def undo_figure(args: argparse.Namespace, runtime: Runtime) -> int:
    if not ENTRY.fullmatch(args.entry.strip()):
        raise ReadinessError(f"{args.entry!r} is not an entry's number: `readiness indicator-history KEY` lists them")
    restored = runtime.programme.undo_figure(int(args.entry), by=args.by, via=Channel.COMMAND)
    runtime.console.print(undone_line(restored))
    return 0


def _recorded(runtime: Runtime, recorded: FigureRecorded, by: str) -> None:
    """The entry's number goes with it, and the command that takes it back."""
    runtime.console.print(f"{recorded.said()} Entry {recorded.figure.id}: "
                          f"`readiness figure-undo {recorded.figure.id} --by {by}` takes it back.")


def chase_owner(args: argparse.Namespace, runtime: Runtime) -> int:
    """The PMO chasing one owner by hand: the same prompt the reminders send."""
    status = runtime.programme.action_status(args.ref)
    owner = runtime.programme.person(ByEmail(status.state.action.owner))
    if not owner.slack_user_id:
        raise ReadinessError(f"{status.state.owner_name} is not linked to Slack yet: run `readiness people sync`")
    send_prompt(runtime.slack_client("send the prompt"), runtime.slack_deps(), ref=status.state.action.ref,
                user_id=owner.slack_user_id, email=owner.email,
                intro="The programme office is asking for an update on this action.")
    runtime.console.print(f"Sent {owner.name} the prompt for {status.state.action.ref}.")
    return 0


def write_report(args: argparse.Namespace, runtime: Runtime) -> int:
    pack = runtime.programme.readiness_pack()
    _write_papers(runtime, args.out, args.format,
                  {".md": lambda: render_markdown(pack), ".html": lambda: render_html(pack)})
    return 0


def write_agenda(args: argparse.Namespace, runtime: Runtime) -> int:
    """`agenda BODY`: the body's readiness paper for its next meeting, named after the body and the meeting's day
    unless `--out` names it."""
    paper = runtime.programme.agenda(" ".join(args.body))
    day = f"-{paper.meeting.day:%Y-%m-%d}" if paper.meeting else ""
    _write_papers(runtime, args.out or Path(f"agenda-{paper.body.key}{day}"), args.format,
                  {".md": lambda: render_agenda_markdown(paper), ".html": lambda: render_agenda_html(paper)})
    return 0


def _write_papers(runtime: Runtime, out: Path, form: str, renderers: dict[str, Callable[[], str]]) -> None:
    """A paper as Markdown, standalone HTML or both, beside each other under one name: what `--format` asks for."""
    for suffix in {"md": [".md"], "html": [".html"], "both": [".md", ".html"]}[form]:
        path = out.with_suffix(suffix)
        with _writing(path):
            path.write_text(renderers[suffix](), encoding="utf-8")
        runtime.console.print(f"Wrote {path.resolve()}")


def change_meeting(args: argparse.Namespace, runtime: Runtime) -> int:
    """`meeting BODY VERB …`: read as every front end reads it, recorded by the one use case."""
    changed = runtime.programme.change_meeting(parse_meeting(" ".join(args.words)), by=args.by, via=Channel.COMMAND)
    runtime.console.print(changed.said())
    return 0


def add_action(args: argparse.Namespace, runtime: Runtime) -> int:
    """`action add …`: an action arising, its dates read as a typed reply's are; the core decides the rest."""
    new = NewAction(args.body, args.title, args.owner, parse_typed_day(args.due), args.theme,
                    meeting=parse_typed_day(args.meeting) if args.meeting else None, ref=args.ref)
    runtime.console.print(runtime.programme.raise_action(new, by=args.by).said())
    return 0


def close_action(args: argparse.Namespace, runtime: Runtime) -> int:
    withdrawn = runtime.programme.withdraw_action(args.ref, " ".join(args.reason), by=args.by)
    runtime.console.print(withdrawn.said())
    return 0


def run_slack(args: argparse.Namespace, runtime: Runtime) -> int:
    """Serves Slack until stopped (Ctrl+C): Socket Mode when SLACK_APP_TOKEN is set, else HTTP on --port; the
    scheduler sends reminders alongside. It says it is ready only when it is: in Socket Mode once Slack has
    said hello on the WebSocket, and in either mode just before it starts serving. Every Slack setting missing
    is named at once, before the client is made."""
    slack = runtime.slack
    slack.check()
    app = build_app(runtime.slack_deps(), slack, client=runtime.slack_client("run the Slack app"))
    if slack.socket_mode:
        link = socket_mode(app, slack.app_token or "")
        link.connect()
        serve, ready = link.run, "Connected to Slack in Socket Mode."
    else:
        try:
            server = http_server(app, runtime.store, signing_secret=slack.signing_secret or "", host=args.host,
                                 port=args.port)
        except OSError as exc:
            raise ReadinessError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
        serve, ready = server.run, f"Listening on http://{args.host}:{args.port}{EVENTS_PATH} (health: /healthz)."
    passes = [lambda: replay_unfinished(app, runtime.slack_deps())]
    if not args.no_reminders:
        passes.append(reminder_pass(runtime.dispatcher(), runtime.programme.uow))
    scheduler = start_scheduler(passes, every=runtime.reminders.every, tz=runtime.programme.tz)
    tune_for_quick_acks()
    try:
        runtime.console.print(ready)
        serve()
    except KeyboardInterrupt:
        pass  # Ctrl+C once ready is how a running bot is stopped: no traceback, exit 0
    finally:
        scheduler.shutdown(wait=False)
    return 0


def run_tick(args: argparse.Namespace, runtime: Runtime) -> int:
    """Everything due as of `--at` (the run's clock, set by `bot.py`), once: materialise the day's reminders,
    send what is still owed."""
    at = runtime.programme.now()
    ticked = tick(runtime.dispatcher(), runtime.programme.uow)
    runtime.console.print(tick_view(ticked, at, runtime.programme.tz))
    return 0


def show_calendar(args: argparse.Namespace, runtime: Runtime) -> int:
    if not 1 <= args.days <= 3660:
        raise ReadinessError("--days must be between 1 and 3660")
    programme = runtime.programme
    entries = _coming(programme, args.days)
    runtime.console.print(calendar_view(entries, f"The next {args.days} days"))
    if args.ics:
        with _writing(args.ics):
            args.ics.write_bytes(to_ical(entries, calendar_name=programme.plan_info().name, stamp=programme.now(),
                                         tz=programme.tz))
        runtime.console.print(f"Wrote {args.ics.resolve()}")
    return 0


def _coming(programme: Programme, days: int) -> list[CalendarEntry]:
    """The governance calendar from today. Not a `Programme` use case: the calendar and its iCalendar file
    belong to scheduling, beside the reminders that share its dates, and governance may not import scheduling."""
    return coming(uow=programme.uow(), start=programme.today(), days=days, tz=programme.tz)


def show_outbox(args: argparse.Namespace, runtime: Runtime) -> int:
    status = Status.FAILED if args.failed else Status.SKIPPED if args.skipped else Status.PENDING
    outbox = runtime.programme.outbox([status])
    title = OUTBOX_TITLES[status]
    view = Group(", ".join(f"{n} {s.value}" for s, n in outbox.counts.items()),
                 outbox_view(outbox.items, title, runtime.programme.tz) if outbox.items else f"{title}: none.")
    return _show(runtime, args, json_view.outbox_json(outbox.items, outbox.counts), view)


def verify_store(args: argparse.Namespace, runtime: Runtime) -> int:
    """Exits 1 when the state differed, even once repaired, so a scheduled check still reports it."""
    found = runtime.programme.verify(repair=args.repair)
    checked = f"Checked {found.actions} actions against {found.updates} updates"
    if not found.differences:
        runtime.console.print(f"{checked}: every current state matches the log.")
        return 0
    runtime.console.print(f"{checked}: {len(found.differences)} differ from the log.", markup=False)
    for line in found.differences:
        runtime.console.print(f"  {line}", markup=False, highlight=False)
    runtime.console.print("Repaired: each now holds the state its log gives." if found.repaired
                          else "Run `readiness verify --repair` to store the states the log gives.", markup=False)
    return 1


def people_sync(args: argparse.Namespace, runtime: Runtime) -> int:
    try:
        summary = runtime.programme.sync_people(runtime.slack_directory())
    except SlackApiError as busy:
        raise ReadinessError(f"Slack is busy (HTTP {busy.response.status_code}) and nobody was linked: "
                             "try again in a few minutes") from None
    for person in summary.linked:
        runtime.console.print(f"Linked {person.email} to {person.slack_user_id}.")
    for person in summary.not_found:
        runtime.console.print(f"Not found in Slack: {person.email} ({person.name}).")
    runtime.console.print(f"{len(summary.linked)} linked, {len(summary.not_found)} not found.")
    return 0


def people_link(args: argparse.Namespace, runtime: Runtime) -> int:
    linked = runtime.programme.link_person(args.email, args.user_id)
    person = linked.person
    runtime.console.print(f"Linked {person.email} to {person.slack_user_id}"
                          + (f" (it was {linked.previous})." if linked.previous else "."))
    if linked.previous:
        _tell_pmo_of_relink(runtime, linked)
    return 0


def _tell_pmo_of_relink(runtime: Runtime, linked: Linked) -> None:
    """The link is made whatever happens here; a PMO channel that cannot be told is a warning, not a failure."""
    channel = runtime.reminders.pmo_channel
    if not (runtime.slack.bot_token and channel):
        runtime.console.print("The PMO channel was not told: set SLACK_BOT_TOKEN and READINESS_PMO_CHANNEL.")
        return
    try:
        announce_relink(runtime.slack_client("tell the PMO channel"), channel, linked)
    except ReadinessError as exc:
        runtime.console.print(f"Warning: the PMO channel was not told: {exc}")
        return
    runtime.console.print("Told the PMO channel.")


def open_console(args: argparse.Namespace, runtime: Runtime) -> int:
    if args.every <= 0:
        raise ReadinessError("--every must be a number of seconds above 0")
    return run_console(programme=runtime.programme, email=args.person, settings=runtime.reminders,
                       console=runtime.console, every=args.every)


def run_demo(args: argparse.Namespace, runtime: Runtime) -> int:
    """The main job: the run-up to the January 2018 monitoring visit. It plays on a fresh store of its own, not
    the runtime's: its scripted month of updates and reminders must never reach the plan DATABASE_URL names."""
    console, workdir = runtime.console, Path.cwd()
    outcome = play_demo(console=console, workdir=workdir, tz=runtime.programme.tz, fast=args.fast)
    pack = workdir / "readiness-pack.html"
    with _writing(pack):
        pack.write_text(render_html(outcome.pack), encoding="utf-8")
    key = outcome.pack.overall.key
    console.rule("What happened")
    console.print(f"Reminders sent: {sum(outcome.reminders.values())} ("
                  + ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in sorted(outcome.reminders.items()))
                  + ")")
    console.print(f"Updates recorded: {outcome.updates}; refused: {outcome.refused}; figures given: {outcome.figures}")
    console.print("Theme 5 on Wed 31 Jan 2018: "
                  + " · ".join(f"{key.label(code)} {n}" for code, n in outcome.theme_5.items()))
    console.print(f"Wrote the readiness pack: {pack.resolve()}")
    console.print(f"Explore the store: DATABASE_URL=sqlite:///{outcome.store.resolve()} readiness status theme 5 "
                  "(or: readiness console --as head.mash@example.org)", soft_wrap=True)
    return 0


def print_manifest(args: argparse.Namespace, runtime: Runtime) -> int:
    """Needs no store: a council makes its app before it loads its plan."""
    sys.stdout.write(manifest_text(command=args.slash_command, socket=args.socket, host=args.host))
    return 0
