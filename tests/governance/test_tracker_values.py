"""Values as PMOs' trackers hold them: months, "TBC", Excel serials, owners by job title or two to a cell, the
common council refs, a tracker's own "last updated" date, and problems named by the tracker's own sheet, row
and header."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from governance.brag import DEFAULT_KEY, NOT_RATED
from governance.grids import Origin, SourcedRow
from governance.template import DocumentReading, Known, read_document, write_document

TZ = "Europe/London"
NOW = datetime(2018, 1, 8, 9, 0, tzinfo=ZoneInfo(TZ))
THEMES = [{"number": 1, "title": "Practice"}, {"number": 5, "title": "Assessment"}]
PEOPLE = [{"email": "jo@example.org", "name": "Jo Bloggs", "aliases": "HoS MASH; Head of Service - MASH"},
          {"email": "sam@example.org", "name": "Sam Roe", "aliases": "HoS D&A"}]


def action(**overrides: Any) -> dict[str, Any]:
    return {"ref": "1a", "theme": 1, "title": "Do the thing", "owner": "jo@example.org", "due": "2018-01-31",
            **overrides}


def read(*actions: dict[str, Any], known: Known | None = None, **sheets: Any) -> DocumentReading:
    return read_document({"themes": THEMES, "people": PEOPLE, "actions": list(actions), **sheets},
                         key=DEFAULT_KEY, known=known or Known(), now=NOW, tz=TZ)


@pytest.mark.parametrize("typed, due, warning", [
    ("Jan 2018", date(2018, 1, 31), "'Jan 2018' is a month; read as 31 Jan 2018"),
    ("January 2018", date(2018, 1, 31), "read as 31 Jan 2018"),
    ("Feb-18", date(2018, 2, 28), "'Feb-18' is a month; read as 28 Feb 2018"),
    ("2018-03", date(2018, 3, 31), "read as 31 Mar 2018"),
    (43131, date(2018, 1, 31), "43131 read as the Excel date 31 Jan 2018"),
    ("TBC", None, "'TBC' is no date yet; shown and chased as no date"),
    ("Ongoing", None, "'Ongoing' is no date yet"),
    ("to be confirmed", None, "is no date yet"),
])
def test_a_tracker_date_is_read_with_a_warning_to_check(typed: Any, due: date | None, warning: str) -> None:
    reading = read(action(due=typed))

    assert reading.problems == []
    assert reading.doc.actions[0].due == due
    assert len(reading.warnings) == 1 and warning in reading.warnings[0]
    assert reading.warnings[0].startswith("actions, row 2, column due: ")


@pytest.mark.parametrize("typed", ["Jan 18", "soon", "Q3", "31/02/2018", 12])
def test_a_due_date_that_is_none_of_these_says_what_to_write(typed: Any) -> None:
    reading = read(action(due=typed))

    assert reading.doc.actions == []
    assert "a month such as Jan 2018, or TBC when there is none yet" in reading.problems[0]


def test_an_empty_due_date_is_still_a_problem_that_says_tbc_is_allowed() -> None:
    assert read(action(due=None)).problems == [
        "actions, row 2, column due: is empty (write TBC when there is no date yet)"]


@pytest.mark.parametrize("owner", ["HoS MASH", "head of service - mash", "Jo Bloggs", "JO@example.org"])
def test_an_owner_is_found_by_email_name_or_alias(owner: str) -> None:
    reading = read(action(owner=owner))

    assert reading.problems == [] and reading.doc.actions[0].owner == "jo@example.org"


def test_an_alias_from_the_store_or_a_tracker_map_names_an_owner() -> None:
    known = Known(people={"ann@example.org": "Ann"}, aliases={"AD Safeguarding": "ann@example.org"})

    reading = read(action(owner="ad safeguarding"), known=known)

    assert reading.problems == [] and reading.doc.actions[0].owner == "ann@example.org"


def test_two_owners_in_one_cell_keep_the_first_and_name_the_other_in_the_commentary() -> None:
    reading = read(action(owner="HoS MASH / HoS D&A", rating="green", commentary="On track"))

    assert reading.problems == []
    assert reading.doc.actions[0].owner == "jo@example.org"
    assert reading.doc.updates[0].commentary == "On track\nAlso responsible: Sam Roe."
    assert reading.warnings == ["actions, row 2, column owner: 'HoS MASH / HoS D&A' names 2 owners; Jo Bloggs owns "
                                "it and the commentary names Sam Roe"]


def test_two_owners_with_one_unknown_are_a_problem_naming_the_unknown_one() -> None:
    reading = read(action(owner="HoS MASH / HoS Nobody"))

    assert reading.doc.actions == []
    assert "unknown person 'HoS Nobody' in 'HoS MASH / HoS Nobody'" in reading.problems[0]


def test_one_alias_for_two_people_is_a_problem() -> None:
    people = PEOPLE + [{"email": "kim@example.org", "name": "Kim", "aliases": "HoS MASH"}]

    reading = read_document({"themes": THEMES, "people": people}, key=DEFAULT_KEY, known=Known(), now=NOW, tz=TZ)

    assert reading.problems == ["people, row 4, column aliases: 'HoS MASH' is already another name for jo@example.org"]


def test_a_mistyped_email_is_listed_as_new_and_refused() -> None:
    reading = read(action(owner="jo@exmaple.org"))

    assert reading.new_people == ["jo@exmaple.org"]
    assert "jo@exmaple.org is not on the people sheet or in the plan (closest: jo@example.org)" in reading.problems[0]


@pytest.mark.parametrize("ref, theme", [("1.1", 1), ("1.1.2", 1), ("5.3a", 5), ("a3", 5), ("5b(ii)", 5)])
def test_the_common_council_refs_are_refs(ref: str, theme: int) -> None:
    reading = read(action(ref=ref.upper(), theme=theme))

    assert reading.problems == [] and reading.doc.actions[0].ref == ref


def test_a_ref_that_carries_its_theme_needs_no_theme_column() -> None:
    row = {k: v for k, v in action(ref="5.2").items() if k != "theme"}

    reading = read(row)

    assert reading.problems == [] and reading.doc.actions[0].theme == 5


def test_a_ref_without_a_theme_and_no_theme_column_says_where_a_theme_can_come_from() -> None:
    row = {k: v for k, v in action(ref="A3").items() if k != "theme"}

    assert "give a theme column, a theme heading above the action" in read(row).problems[0]


def test_a_theme_column_may_say_theme_5() -> None:
    assert read(action(ref="5.1", theme="Theme 5: Assessment")).doc.actions[0].theme == 5


def test_the_plans_own_ref_pattern_holds_its_refs() -> None:
    plan = [{"name": "Plan", "ref_pattern": r"cp-\d{2}"}]

    good = read(action(ref="CP-01"), plan=plan)
    bad = read(action(ref="1.1"), plan=plan)

    assert good.problems == [] and good.doc.info is not None and good.doc.info.ref_pattern == r"cp-\d{2}"
    assert bad.problems == [r"actions, row 2, column ref: '1.1' does not match the plan's ref pattern cp-\d{2}"]


def test_a_ref_pattern_that_is_not_a_regular_expression_is_a_problem() -> None:
    assert "is not a regular expression" in read(plan=[{"name": "Plan", "ref_pattern": "(("}]).problems[0]


def test_a_file_without_a_plan_sheet_carries_no_plan_name() -> None:
    assert read(action()).doc.info is None


def test_the_trackers_last_updated_date_is_when_the_rating_was_given() -> None:
    reading = read(action(rating="amber", updated=datetime(2017, 12, 14)))

    assert reading.doc.updates[0].at == datetime(2017, 12, 14, tzinfo=ZoneInfo(TZ))


def test_a_last_updated_date_in_the_future_is_a_problem() -> None:
    assert "is in the future" in read(action(rating="amber", updated="2018-02-01")).problems[0]


def test_a_comment_on_an_unrated_row_is_kept_as_a_comment_and_reads_back() -> None:
    reading = read(action(commentary="Scoping started"))
    exported = write_document(reading.doc)

    assert [(u.rating, u.commentary) for u in reading.doc.updates] == [(None, "Scoping started")]
    assert exported["actions"][0]["rating"] is None and exported["updates"][0]["rating"] is None
    again = read(*exported["actions"])
    assert [(u.rating, u.commentary) for u in again.doc.updates] == [(None, "Scoping started")]


def test_an_update_set_back_to_not_rated_exports_in_words_and_reads_back() -> None:
    updates = [{"action": "1a", "at": "2018-01-03T10:00", "rating": "green", "by": "jo@example.org"},
               {"action": "1a", "at": "2018-01-04T10:00", "rating": "Not rated", "by": "jo@example.org",
                "commentary": "Undo: back to Not rated"}]

    reading = read(action(), updates=updates)

    assert [u.rating for u in reading.doc.updates] == ["green", NOT_RATED]
    assert write_document(reading.doc)["updates"][1]["rating"] == "not rated"


def test_an_update_with_neither_rating_nor_comment_is_a_problem() -> None:
    updates = [{"action": "1a", "at": "2018-01-03T10:00", "by": "jo@example.org"}]

    assert read(action(), updates=updates).problems == [
        "updates, row 2, column rating: is empty (give a rating, or a commentary for a comment that gives none)"]


def test_an_action_with_no_date_exports_as_tbc_and_reads_back() -> None:
    reading = read(action(due="TBC"))

    exported = write_document(reading.doc)["actions"][0]

    assert exported["due"] == "TBC" and read(exported).doc.actions[0].due is None


def test_a_trackers_row_names_its_own_sheet_row_and_header() -> None:
    origin = Origin("Theme 5", 12, {"due": "Target date", "ref": "Ref no"})
    row = SourcedRow({"ref": "5.1", "title": "Audit", "owner": "jo@example.org", "due": "soon"}, origin)

    problem = read(row).problems[0]

    assert problem.startswith("Theme 5, row 12, column Target date: soon is not a date")


def test_a_theme_named_by_a_heading_adds_a_new_theme_and_leaves_a_known_one_alone() -> None:
    headings = [SourcedRow({"number": 5, "title": "Improving Assessment"}, Origin("Theme 5", 3, heading=True)),
                SourcedRow({"number": 7, "title": "Corporate parenting"}, Origin("Theme 7", 3, heading=True))]

    reading = read(themes=THEMES + headings)

    assert [(t.number, t.title) for t in reading.doc.themes] == [(1, "Practice"), (5, "Assessment"),
                                                                  (7, "Corporate parenting")]
