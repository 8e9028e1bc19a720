"""The governance loop from the command line, end to end on a real store: a body's meetings moved, cancelled, added
and said to be held or not (each read as every front end reads the words, and the calendar following), an action
arising added with the next ref and its owner told through the outbox, one withdrawn and shown as withdrawn, and a
body's readiness paper written as Markdown and standalone HTML; every bad input refused in one line, changing
nothing."""
from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from storage.store import open_store
from tests.test_cli_figures import Workdir, example_db, readiness, run, workdir  # noqa: F401 (fixtures)

BOARD_CHAIR = "chair.improvement.board@example.org"
CPOG_CHAIR = "chair.cpog@example.org"
PMO = "pmo@example.org"
CARE = "head.cic.careleavers@example.org"
HOSTILE_TITLE = "Audit <script>alert(1)</script> | [x](javascript:y) visits"


def stored(workdir: Workdir) -> tuple[int, list[str]]:
    """How many entries the bodies' meeting logs hold, and the plan's refs: what a refusal must leave as it was."""
    store = open_store(f"sqlite:///{workdir / 'readiness.db'}")
    try:
        with store.uow() as uow:
            return sum(len(body.changes) for body in uow.plan.bodies()), sorted(uow.plan.refs())
    finally:
        store.close()


def test_a_meeting_moved_cancelled_and_added_reads_so_in_the_calendar(workdir: Workdir) -> None:
    moved = run(workdir, "meeting", "improvement-board", "move", "2018-02-15", "14:00", "--by", BOARD_CHAIR)
    assert moved == ("Children's Services Improvement Board: the meeting of Thu 08 Feb 2018 moves to Thu 15 Feb 2018 "
                     "at 14:00; papers due Thu 08 Feb.")
    assert run(workdir, "meeting", "cpog", "cancel", "21/02/2018", "--by", CPOG_CHAIR) == (
        "Corporate Parenting Officers Group: the meeting of Wed 21 Feb 2018 is cancelled; nobody is reminded about it.")
    assert run(workdir, "meeting", "cpog", "add", "28", "Feb", "2018", "--by", PMO) == (
        "Corporate Parenting Officers Group: a meeting is added on Wed 28 Feb 2018 at 14:00; papers due Fri 23 Feb.")

    calendar = run(workdir, "calendar", "--days", "40")
    assert "│ Thu 15 Feb 14:00 │ Children's Services Improvement Board │ moved from Thu 8 Feb;" in calendar
    assert "Thu 08 Feb 10:00" not in calendar
    assert "│ Wed 21 Feb 14:00† │ Corporate Parenting Officers Group (cancelled) │" in calendar
    assert "│ Wed 28 Feb 14:00 │ Corporate Parenting Officers Group │ added;" in calendar
    board = json.loads(run(workdir, "status", "board", "improvement-board", "--json"))
    assert board["next_meeting"]["starts"] == "2018-02-15T14:00:00+00:00"
    assert stored(workdir)[0] == 3


def test_a_past_meeting_is_said_held_or_not_once(workdir: Workdir) -> None:
    assert run(workdir, "meeting", "cpog", "held", "--by", CPOG_CHAIR) == (
        "Corporate Parenting Officers Group: the meeting of Wed 17 Jan 2018 is recorded as held.")
    assert run(workdir, "meeting", "cpog", "held", "2018-01-17", "--by", PMO).endswith("(already recorded).")
    assert run(workdir, "meeting", "improvement-board", "not-held", "2018-01-11", "--by", PMO) == (
        "Children's Services Improvement Board: the meeting of Thu 11 Jan 2018 is recorded as not held; staleness "
        "counts from the meeting before it.")
    assert stored(workdir)[0] == 2


@pytest.mark.parametrize(("words", "by", "refusal"), [
    (("improvement-board", "move", "2018-02-15"), "head.mash@example.org",
     "error: Only Independent Chair, Improvement Board (improvement partner) (chair) and the programme office can "
     "change the Children's Services Improvement Board's meetings.\n"),
    (("improvement-board", "cancel", "31/02/2018"), PMO,
     "error: `31/02/2018` is not a date: use 2018-01-18, 18/01/2018 or 18 Jan 2018.\n"),
    (("cpog", "move", "2018-01-17", "to", "2018-01-31"), PMO,
     "error: The Corporate Parenting Officers Group's meeting of Wed 17 Jan 2018 is in the past: say whether it was "
     "held instead (`meeting cpog held 2018-01-17`).\n"),
    (("cpog", "add", "2018-01-19"), PMO, "error: Fri 19 Jan 2018 at 14:00 is in the past"),
    (("no-such-body", "cancel", "2018-02-21"), PMO, "error: no body 'no-such-body'. Bodies: cels-committee"),
    (("cpog", "fly", "2018-02-21"), PMO, "error: Say what happens to the meeting: move, cancel, add, held or "
                                         "not-held"),
    (("cpog", "move", "2018-02-28", "25:00"), PMO, "error: `25:00` is not a time"),
    (("cpog", "held"), "nobody@example.org", "error: nobody@example.org is not in the plan's people"),
], ids=["not-the-chair", "31-feb", "past-meeting", "added-in-the-past", "unknown-body", "unknown-verb", "bad-time",
        "unknown-person"])
def test_a_meeting_change_refused_is_one_line_and_stores_nothing(workdir: Workdir, words: tuple[str, ...], by: str,
                                                                refusal: str) -> None:
    result = readiness("--now", "2018-01-22T10:00", "meeting", *words, "--by", by, cwd=workdir)
    assert result.returncode == 2 and result.stderr.startswith(refusal), result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert stored(workdir)[0] == 0


def test_an_action_arising_takes_the_next_ref_and_its_owner_is_told(workdir: Workdir) -> None:
    added = run(workdir, "action", "add", "--body", "cpog", "--title", "Audit visits to children placed out of area",
                "--owner", CARE, "--due", "30/03/2018", "--theme", "6", "--by", CPOG_CHAIR)
    assert added == ("Added 6l Audit visits to children placed out of area (theme 6), owned by Head of Service, "
                     "Children in Care and Care Leavers, due Fri 30 Mar 2018, arising from the Corporate Parenting "
                     "Officers Group on Wed 17 Jan 2018; Head of Service, Children in Care and Care Leavers is told "
                     "in a DM now.")
    action = json.loads(run(workdir, "status", "action", "6l", "--json"))
    assert (action["body"], action["raised_at"], action["owner"], action["withdrawn"]) == (
        "cpog", "2018-01-17", CARE, None)
    assert "Arising from Corporate Parenting Officers Group on Wed 17 Jan 2018" in run(workdir, "status", "action", "6l")
    outbox = json.loads(run(workdir, "outbox", "--json"))["items"]
    told = [item for item in outbox if item["kind"] == "new_action"]
    assert [(i["subject"], i["recipient"], i["status"]) for i in told] == [("6l", CARE, "pending")]
    assert told[0]["reason"] == ("New action 6l for you, arising from the CPOG on Wed 17 Jan, due Fri 30 Mar 2018: "
                                 "how is it going?")


@pytest.mark.parametrize(("options", "refusal"), [
    (("--owner", "nobody@example.org"), "error: nobody@example.org is not in the plan's people"),
    (("--due", "31/02/2018"), "error: `31/02/2018` is not a date"),
    (("--by", "head.mash@example.org"), "error: Only Chair, Corporate Parenting Officers Group (chair) and the "
                                        "programme office can add actions arising"),
    (("--meeting", "2018-02-21"), "error: The Corporate Parenting Officers Group's meeting of Wed 21 Feb 2018 has "
                                  "not taken place yet."),
    (("--ref", "6k"), "error: 6k is already an action"),
], ids=["unknown-owner", "31-feb", "not-the-chair", "meeting-to-come", "ref-taken"])
def test_an_action_arising_refused_is_one_line_and_adds_nothing(workdir: Workdir, options: tuple[str, ...],
                                                                refusal: str) -> None:
    given = {"--body": "cpog", "--title": "Audit visits", "--owner": CARE, "--due": "2018-03-30", "--theme": "6",
             "--by": CPOG_CHAIR}
    given.update(zip(options[::2], options[1::2]))
    before = stored(workdir)
    result = readiness("--now", "2018-01-22T10:00", "action", "add", *(part for pair in given.items() for part in pair),
                       cwd=workdir)
    assert result.returncode == 2 and result.stderr.startswith(refusal), result.stderr
    assert result.stderr.count("\n") == 1 and stored(workdir) == before
    assert not [i for i in json.loads(run(workdir, "outbox", "--json"))["items"] if i["kind"] == "new_action"]


def test_an_action_withdrawn_stays_in_the_plan_shown_as_withdrawn(workdir: Workdir) -> None:
    assert run(workdir, "action", "close", "6k", "merged", "into", "6j", "--by", CPOG_CHAIR) == (
        "6k is withdrawn as no longer needed (merged into 6j): it stays in the plan and its history, and nobody is "
        "asked about it again.")
    assert run(workdir, "action", "close", "6k", "--by", PMO).startswith("6k was already withdrawn")
    shown = run(workdir, "status", "action", "6k")
    assert "Withdrawn Mon 22 Jan 2018 by Chair, Corporate Parenting Officers Group: merged into 6j" in shown
    board = run(workdir, "status", "board", "cpog")
    assert "Withdrawn (no longer needed): 6k" in board and "│ 6k │" not in board
    data = json.loads(run(workdir, "status", "board", "cpog", "--json"))
    assert "6k" not in [a["ref"] for a in data["actions"]]
    assert [(w["ref"], w["withdrawn"]["by"], w["withdrawn"]["reason"]) for w in data["withdrawn"]] == [
        ("6k", CPOG_CHAIR, "merged into 6j")]
    refused = readiness("--now", "2018-01-22T10:00", "action", "close", "6j", "--by", "head.mash@example.org",
                        cwd=workdir)
    assert refused.returncode == 2 and refused.stderr.startswith("error: Only Chair, Corporate Parenting Officers "
                                                                 "Group (chair) and the programme office")
    assert "Withdrawn" not in run(workdir, "status", "action", "6j")


def test_the_agenda_paper_is_written_with_its_sections_and_text_kept_as_text(workdir: Workdir) -> None:
    run(workdir, "action", "add", "--body", "cpog", "--title", HOSTILE_TITLE, "--owner", CARE, "--due", "2018-03-30",
        "--theme", "6", "--by", CPOG_CHAIR)
    run(workdir, "action", "add", "--body", "cpog", "--title", "Visit every placement", "--owner", CARE, "--due",
        "2018-03-30", "--theme", "6", "--by", CPOG_CHAIR)
    run(workdir, "action", "close", "6m", "merged into 6l", "--by", CPOG_CHAIR)
    written = run(workdir, "agenda", "corporate", "parenting", "officers", "group")
    assert written == (f"Wrote {(workdir / 'agenda-cpog-2018-02-21.md').resolve()} "
                       f"Wrote {(workdir / 'agenda-cpog-2018-02-21.html').resolve()}")
    markdown = (workdir / "agenda-cpog-2018-02-21.md").read_text(encoding="utf-8")
    html = (workdir / "agenda-cpog-2018-02-21.html").read_text(encoding="utf-8")

    assert markdown.startswith("# Corporate Parenting Officers Group — readiness paper for Wednesday 21 February "
                               "2018†\n")
    assert ("Meeting Wed 21 Feb 2018 14:00† · papers due Fri 16 Feb 2018† · chair: Chair, Corporate Parenting "
            "Officers Group · as of Mon 22 Jan 2018") in markdown
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == ["## Readiness of the actions it oversees", "## Escalations",
                        "## What we are worried about, what is working well, what needs to happen",
                        "## Actions it oversees", "## Indicators of its themes",
                        "## Actions arising from the meeting of Wed 17 Jan 2018"]
    arising = markdown[markdown.index("## Actions arising"):]
    assert "| 6l | Audit &lt;script>alert(1)&lt;/script> \\| \\[x\\](javascript:y) visits |" in arising
    assert "- 6m Visit every placement — withdrawn Mon 22 Jan 2018: merged into 6l" in arising
    assert "Withdrawn (no longer needed): 6m" in markdown
    assert markdown.rstrip().endswith("† illustrative: not taken from a council paper")
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    assert "<script" not in rendered and "<a " not in rendered
    assert "Audit &lt;script&gt;alert(1)&lt;/script&gt; | [x](javascript:y) visits" in rendered

    assert "<script" not in html and "Audit &lt;script&gt;alert(1)&lt;/script&gt; | [x](javascript:y) visits" in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", ""), "nothing fetched to open it"
    assert "<h2>Actions arising from the meeting of Wed 17 Jan 2018</h2>" in html
    assert "<li>6m Visit every placement — withdrawn Mon 22 Jan 2018: merged into 6l</li>" in html


def test_the_agenda_paper_follows_a_moved_meeting_and_may_be_named(workdir: Workdir) -> None:
    run(workdir, "meeting", "cpog", "move", "2018-02-28", "--by", PMO)
    assert run(workdir, "agenda", "cpog", "--format", "md").endswith("agenda-cpog-2018-02-28.md")
    paper = (workdir / "agenda-cpog-2018-02-28.md").read_text(encoding="utf-8")
    assert "Meeting Wed 28 Feb 2018 14:00† (moved from Wed 21 Feb) · papers due Fri 23 Feb 2018†" in paper
    run(workdir, "agenda", "cpog", "--out", "papers", "--format", "html")
    assert (workdir / "papers.html").exists() and not (workdir / "papers.md").exists()
    refused = readiness("agenda", "no-such-body", cwd=workdir)
    assert refused.returncode == 2 and refused.stderr.startswith("error: no body 'no-such-body'")
