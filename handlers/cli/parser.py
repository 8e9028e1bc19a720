"""The `readiness` command line's words: every command, its options, and the use it is put to.

`--now` (and `--json` where a command prints JSON) is taken wherever it is typed: before the command,
after it, or after a question's words. Each level below the top leaves an option it was not given
unset (argparse.SUPPRESS), so a later level never resets what an earlier one was told. `--json` before a
command that only draws tables is refused rather than ignored, as a script reading its output expects JSON.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from governance.questions import ASKED, COMMAND, Question
from handlers.cli import commands
from handlers.cli.commands import Handler
from handlers.slack.manifest import PLACEHOLDER_HOST

NOW_HELP = ("see the plan as of this date or instant (default: now); for run and console the clock starts there and "
            "runs on")
JSON_HELP = "print JSON for scripts"
PRINTS_JSON = ("status", "history", "outbox", "read", "indicator-history")
"""The commands that can print JSON instead of drawing a table."""


def parse_command_line(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.json and not args.prints_json:
        parser.error(f"`{args.command}` does not print JSON; --json is for {', '.join(PRINTS_JSON)}")
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="readiness", description="Keeps an improvement plan ready for inspection.")
    parser.add_argument("--now", metavar="ISO", help=NOW_HELP)
    parser.add_argument("--json", action="store_true", help=f"{JSON_HELP} ({', '.join(PRINTS_JSON)})")
    parser.set_defaults(needs_store=False)
    timed, scripted = _options(json=False), _options(json=True)
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, handler: Handler | None = None, *,
                needs_store: bool = True) -> argparse.ArgumentParser:
        json = name in PRINTS_JSON
        sub = subcommands.add_parser(name, help=help, parents=[scripted if json else timed])
        sub.set_defaults(handler=handler, needs_store=needs_store, prints_json=json)
        return sub

    init = command("init", "create or upgrade the store, optionally loading an example plan", commands.init_store,
                   needs_store=False)
    init.add_argument("--example", metavar="NAME", help="load an example plan, e.g. barnet-2018")

    load = command("import", "import a plan file (.yaml, .xlsx, .csv); all or nothing", commands.import_file)
    load.add_argument("file", type=Path)
    load.add_argument("--allow-new-people", action="store_true",
                      help="add people named only by e-mail (an owner, lead, chair or author not on the people "
                           "sheet or in the plan); without it such an e-mail is refused as a likely typo")
    load.add_argument("--preview", action="store_true",
                      help="show how the file is read (sheets, header row, each column's field, problems) and "
                           "store nothing")
    load.add_argument("--map", type=Path, metavar="FILE.yaml",
                      help="read a tracker with the choices saved by --save-map (default: FILE.map.yaml beside "
                           "the tracker, when there is one)")
    load.add_argument("--save-map", nargs="?", const="", metavar="FILE.yaml",
                      help="with --preview: save the choices it made, to edit and reuse (default: beside the "
                           "tracker, where the next import finds it)")

    export = command("export", "export the plan and its history (.yaml, .xlsx, .csv)", commands.export_file)
    export.add_argument("file", type=Path, nargs="?", help="where to write (default: YAML to standard output)")

    status = command("status", "what the bot answers in Slack: a theme, an action, the next visit, indicators …",
                     commands.answer_question)
    questions = status.add_subparsers(dest="what", required=True, metavar="WHAT")
    for kind in ASKED:
        _question(questions, kind, scripted)

    read = command("read", "what the reply reader takes from a phrase, and whether the bot would ask to confirm it",
                   commands.read_phrase)
    read.add_argument("text", nargs="+", metavar="TEXT", help="a reply as an owner would write it (quote it)")
    read.add_argument("--today", metavar="YYYY-MM-DD",
                      help="read it as if sent on this day (default: the day of --now, else today)")

    history = command("history", "every update to an action: who, when, how, what changed", commands.show_history)
    history.add_argument("ref")

    figures = command("indicator-history", "every entry in an indicator's log: each figure, correction, undo and "
                      "note, who gave it, when, how and from what source", commands.show_indicator_history)
    figures.add_argument("indicator", nargs="+", metavar="KEY", help="the indicator's key, or words of its name")

    figure = command("figure", "record an indicator's monthly figure, read and checked as a reply in Slack is",
                     commands.record_figure)
    figure.add_argument("indicator", metavar="KEY", help="the indicator's key")
    figure.add_argument("words", nargs="+", metavar="WORDS",
                        help="the figure as a reply gives it: 69%%, 155 of 224, 18.1 or n/a - why")
    _giver(figure, "gives it: its data owner, a lead of its themes or the programme office")
    figure.add_argument("--month", metavar="YYYY-MM", help="the month it is for (default: the month owed, else last "
                        "month)")
    figure.add_argument("--source", default="", metavar="TEXT", help="where the figure comes from")
    figure.add_argument("--yes", action="store_true", help="record it even though it looks unusual")

    noting = command("figure-note", "a theme lead's one line on why an indicator's latest figure moved",
                     commands.note_figure)
    noting.add_argument("indicator", metavar="KEY", help="the indicator's key")
    noting.add_argument("text", nargs="+", metavar="TEXT", help="the note (one line; an empty one takes it off)")
    _giver(noting, "writes it: a lead of the indicator's themes or the programme office")

    undoing = command("figure-undo", "take back an entry in an indicator's log (its number is in indicator-history)",
                      commands.undo_figure)
    undoing.add_argument("entry", metavar="ID", help="the entry's number")
    _giver(undoing, "takes it back: whoever may give the entry")

    chase = command("chase", "send an action's owner the update prompt in Slack now", commands.chase_owner)
    chase.add_argument("ref")

    ticking = command("tick", "run every reminder due as of an instant, once (cron, tests)", commands.run_tick)
    ticking.add_argument("--at", metavar="ISO",
                         help="the instant (default: now); a bare date means that day's reminder time")

    checking = command("verify", "check the current state answers are read from against the update log; exit 1 "
                       "if any action differs", commands.verify_store)
    checking.add_argument("--repair", action="store_true",
                          help="store the state the log gives for every action that differs (the log is never changed)")

    outbox = command("outbox", "reminders on their way out: due, failed, skipped", commands.show_outbox)
    which = outbox.add_mutually_exclusive_group()
    which.add_argument("--failed", action="store_true", help="reminders Slack refused; they are not retried")
    which.add_argument("--skipped", action="store_true", help="reminders that fell due while the bot was down")

    calendar = command("calendar", "coming meetings, paper deadlines and monitoring visits", commands.show_calendar)
    calendar.add_argument("--days", type=int, default=42, help="how far ahead to look (default: 42)")
    calendar.add_argument("--ics", type=Path, metavar="FILE", help="also write an iCalendar file")

    meeting = command("meeting", "move, cancel or add a body's meeting, or say whether a past one was held",
                      commands.change_meeting)
    meeting.add_argument("words", nargs="+", metavar="WORDS",
                         help="BODY VERB [DATE] [to DATE] [TIME], e.g. csib move 2018-01-18 14:00, csib cancel "
                              "2018-08-09, csib add 25/01/2018, csib held, csib not-held 2018-01-11")
    _giver(meeting, "changes it: the body's chair or the programme office")

    action = command("action", "add an action arising from a body's meeting, or withdraw one no longer needed")
    action_commands = action.add_subparsers(dest="action_command", required=True, metavar="ACTION")
    adding = action_commands.add_parser("add", help="add an action arising; its owner is told at once",
                                        parents=[timed])
    adding.set_defaults(handler=commands.add_action)
    adding.add_argument("--body", required=True, metavar="BODY", help="the body it arose at (key or name)")
    adding.add_argument("--title", required=True, metavar="TEXT")
    adding.add_argument("--owner", required=True, metavar="EMAIL", help="who owns it (e-mail or name)")
    adding.add_argument("--due", required=True, metavar="DATE", help="2018-03-30, 30/03/2018 or 30 Mar 2018")
    adding.add_argument("--theme", required=True, metavar="N")
    adding.add_argument("--meeting", metavar="DATE", help="the meeting it arose at (default: the body's last)")
    adding.add_argument("--ref", metavar="REF", help="its ref (default: the next free one in the theme)")
    _giver(adding, "adds it: the body's chair or the programme office")
    closing = action_commands.add_parser("close", help="withdraw an action as no longer needed: it stays in the "
                                         "plan and its history, shown as withdrawn", parents=[timed])
    closing.set_defaults(handler=commands.close_action)
    closing.add_argument("ref")
    closing.add_argument("reason", nargs="*", metavar="REASON", help="why it is no longer needed")
    _giver(closing, "withdraws it: the chair of the body overseeing it or the programme office")

    agenda = command("agenda", "write a body's readiness paper for its next meeting (Markdown and standalone HTML)",
                     commands.write_agenda)
    agenda.add_argument("body", nargs="+", metavar="BODY", help="the body's key or name")
    agenda.add_argument("--out", type=Path, help="file name without suffix (default: agenda-BODY-MEETING DAY)")
    agenda.add_argument("--format", choices=("html", "md", "both"), default="both")

    report = command("report", "write the readiness pack (Markdown and standalone HTML)", commands.write_report)
    report.add_argument("--out", type=Path, default=Path("readiness-pack"),
                        help="file name without suffix (default: readiness-pack)")
    report.add_argument("--format", choices=("html", "md", "both"), default="both")

    run = command("run", "run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP)", commands.run_slack)
    run.add_argument("--host", default="0.0.0.0")
    run.add_argument("--port", type=int, default=3000)
    run.add_argument("--no-reminders", action="store_true",
                     help="answer Slack only; reminders are sent by `readiness tick` from cron instead")

    people = command("people", "link the plan's people to their Slack accounts")
    actions = people.add_subparsers(dest="people_command", required=True, metavar="ACTION")
    actions.add_parser("sync", help="link everyone by e-mail (users.lookupByEmail)", parents=[timed]).set_defaults(
        handler=commands.people_sync)
    link = actions.add_parser("link", help="link one person to a Slack user id", parents=[timed])
    link.add_argument("email")
    link.add_argument("user_id")
    link.set_defaults(handler=commands.people_link)

    manifest = command("manifest", "print the Slack app manifest, to paste at api.slack.com/apps",
                       commands.print_manifest, needs_store=False)
    manifest.add_argument("--command", dest="slash_command", default=COMMAND, metavar="NAME",
                          help=f"the app's slash command (default: {COMMAND}); set READINESS_COMMAND to match")
    manifest.add_argument("--socket", action="store_true", help="for Socket Mode (SLACK_APP_TOKEN), no request URLs")
    manifest.add_argument("--host", default=PLACEHOLDER_HOST, help="the public HTTPS host Slack sends requests to")

    chat = command("console", "chat with the bot in the terminal as one person, without Slack", commands.open_console)
    chat.add_argument("--as", dest="person", required=True, metavar="EMAIL", help="who you are in the plan")
    chat.add_argument("--every", type=float, default=60, metavar="SECONDS",
                      help="how often to check for reminders (default: 60)")

    demo = command("demo", "play the run-up to the January 2018 monitoring visit, without Slack", commands.run_demo,
                   needs_store=False)
    demo.add_argument("--fast", action="store_true", help="play without pauses")
    return parser


def _options(*, json: bool) -> argparse.ArgumentParser:
    """`--now`, and `--json` when asked for, as a level below the top takes them: unset unless typed there."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--now", metavar="ISO", default=argparse.SUPPRESS, help=NOW_HELP)
    if json:
        options.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)
    return options


def _giver(command: argparse.ArgumentParser, who: str) -> None:
    """`--by EMAIL`: the person in the plan the command acts as, checked as Slack checks whoever clicks."""
    command.add_argument("--by", required=True, metavar="EMAIL", help=f"who {who}")


def _question(questions: argparse._SubParsersAction, kind: type[Question],
              options: argparse.ArgumentParser) -> None:
    """`status WORD …` for one question, from what the question says it takes."""
    asking = questions.add_parser(kind.word, help=kind.meaning, parents=[options])
    asking.set_defaults(question=kind, words=[], person=None)
    if kind.argument:
        asking.add_argument("words", nargs="+" if kind.several_words else 1,
                            metavar=kind.argument.split()[-1].upper(), help=kind.argument)
    if kind.about_asker:
        asking.add_argument("--person", required=True, metavar="EMAIL", help="whose actions: the person asking")
