"""The `readiness` command line: parse, call a use case, render. No rule of the plan lives here."""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rich.console import Console

from governance import services
from governance.clock import Clock, FixedClock, parse_now
from governance.template import write_document
from handlers.cli import json_view, render
from handlers.report.html import render_html
from handlers.report.markdown import render_markdown
from storage.plan_files import example_path, read_plan_file, write_plan_file, yaml_text
from storage.store import Store

DEMO_AS_OF = "2018-01-20"


@dataclass
class Cli:
    """What a command needs: the store, the clock, the timezone and where to print."""

    store: Store
    clock: Clock
    tz: str
    console: Console


Handler = Callable[[argparse.Namespace, Cli], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="readiness", description="Keeps an improvement plan ready for inspection.")
    parser.add_argument("--now", metavar="ISO", help="see the plan as of this date or instant (default: now)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create or upgrade the store, optionally loading an example plan")
    init.add_argument("--example", metavar="NAME", help="load an example plan, e.g. barnet-2018")
    init.set_defaults(handler=init_store)

    load = commands.add_parser("import", help="import a plan file (.yaml, .xlsx, .csv); all or nothing")
    load.add_argument("file", type=Path)
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
    mine = what.add_parser("mine", help="the actions one person owns")
    mine.add_argument("--person", required=True, metavar="EMAIL")
    mine.set_defaults(handler=status_mine)

    report = commands.add_parser("report", help="write the readiness pack (Markdown and standalone HTML)")
    report.add_argument("--out", type=Path, default=Path("readiness-pack"),
                        help="file name without suffix (default: readiness-pack)")
    report.add_argument("--format", choices=("html", "md", "both"), default="both")
    report.set_defaults(handler=write_report)

    demo = commands.add_parser("demo", help="load the example plan and show theme 5 and the pack as of 20 Jan 2018")
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
    _import(cli, args.file)
    return 0


def _import(cli: Cli, path: Path) -> None:
    summary = services.import_plan(read_plan_file(path), uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
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
        write_plan_file(sheets, args.file)
        cli.console.print(f"Wrote {args.file}.")
    return 0


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
    return _show(cli, args, json_view.action_json(status), render.action_view(status))


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


def status_mine(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    readiness = services.my_actions(args.person, uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    return _show(cli, args, json_view.readiness_json(readiness), render.readiness_view(readiness))


def write_report(args: argparse.Namespace, cli: Cli) -> int:
    cli.store.require_current()
    pack = services.readiness_pack(uow=cli.store.uow(), now=cli.clock.now(), tz=cli.tz)
    written = []
    if args.format in ("md", "both"):
        written.append(args.out.with_suffix(".md"))
        written[-1].write_text(render_markdown(pack), encoding="utf-8")
    if args.format in ("html", "both"):
        written.append(args.out.with_suffix(".html"))
        written[-1].write_text(render_html(pack), encoding="utf-8")
    for path in written:
        cli.console.print(f"Wrote {path.resolve()}")
    return 0


def run_demo(args: argparse.Namespace, cli: Cli) -> int:
    """The main job on the embedded store: the example plan, theme 5 and the pack as of 20 Jan 2018."""
    cli.store.migrate()
    as_of = cli if args.now else Cli(cli.store, FixedClock(parse_now(DEMO_AS_OF, cli.tz)), cli.tz, cli.console)
    _import(as_of, example_path("barnet-2018"))
    args.json, args.number = False, "5"
    status_theme(args, as_of)
    args.out, args.format = Path("readiness-pack"), "html"
    return write_report(args, as_of)
