"""Free-text BRAG replies as owners type them in Slack: read generously, never guess a date.

Unless a row says otherwise, replies are read as of Saturday 20 January 2018.
"""
from __future__ import annotations

from datetime import date

import pytest

from governance.brag import DEFAULT_KEY, BragKey, Rating
from governance.errors import ReadinessError
from governance.reply_reader import Reading, UnreadableDate, read_reply

SATURDAY = date(2018, 1, 20)


def reply(text: str, rating: str | None, commentary: str, forecast: date | None = None,
          ref: str | None = None, *, today: date = SATURDAY, id: str) -> object:
    return pytest.param(text, today, Reading(rating, commentary, forecast, ref), id=id)


REPLIES = [
    # --- explicit colours, any case, anywhere ---------------------------------------------------
    reply("amber - recruitment delayed, forecast 12 Feb", "amber", "recruitment delayed", date(2018, 2, 12),
          id="amber-with-forecast"),
    reply("5b(ii) green, training delivered to all teams", "green", "training delivered to all teams",
          ref="5b(ii)", id="ref-then-green"),
    reply("AMBER: MASH screening backlog down to 40 but still above target", "amber",
          "MASH screening backlog down to 40 but still above target", id="upper-case-amber"),
    reply("Blue. Threshold document relaunched and on the intranet, evidence in the CPOG pack", "blue",
          "Threshold document relaunched and on the intranet, evidence in the CPOG pack", id="blue-with-full-stop"),
    reply("Red – LCS upgrade pushed back by the supplier", "red", "LCS upgrade pushed back by the supplier",
          id="red-en-dash"),
    reply("Still Green, Practice Week went well", "green", "Still Practice Week went well", id="colour-mid-sentence"),
    reply("Was amber last month, now green", "amber", "Was last month, now green", id="first-colour-wins"),
    # --- single letters only as the first word ------------------------------------------------------
    reply("A - recruitment delayed", "amber", "recruitment delayed", id="letter-a-with-dash"),
    reply("5b(ii) G training done", "green", "training done", ref="5b(ii)", id="ref-then-letter-g"),
    reply("3am(x) amber - audit slipped", "amber", "audit slipped", ref="3am(x)", id="ref-that-reads-like-a-time"),
    reply("r: will miss the March deadline", "red", "will miss the March deadline", id="lower-case-letter-r"),
    reply("B", "blue", "", id="letter-alone"),
    reply("Recruited a new team manager for the MASH", None, "Recruited a new team manager for the MASH",
          id="article-a-mid-sentence"),
    reply("A new private fostering leaflet is with the printers", None,
          "A new private fostering leaflet is with the printers", id="article-a-first-word"),
    # --- words that only look like ratings ----------------------------------------------------------
    reply("Visit to the greenhouse project with Redbridge colleagues", None,
          "Visit to the greenhouse project with Redbridge colleagues", id="greenhouse-redbridge"),
    reply("Reviewed the reddest cases from the audit", None, "Reviewed the reddest cases from the audit",
          id="reddest-not-red"),
    # --- synonyms ---------------------------------------------------------------------------------
    reply("on track", "green", "", id="on-track-alone"),
    reply("On track - life story work training booked for all teams", "green",
          "life story work training booked for all teams", id="on-track-leading"),
    reply("Audits are at risk because two auditors are off sick", "amber",
          "Audits are at risk because two auditors are off sick", id="at-risk-in-sentence"),
    reply("Slipping: CPOG did not meet in December", "amber", "CPOG did not meet in December",
          id="slipping-leading"),
    reply("We are behind on return home interviews", "amber", "We are behind on return home interviews",
          id="behind"),
    reply("off track, the LCS change request was rejected", "red", "the LCS change request was rejected",
          id="off-track"),
    reply("We missed the December deadline for the audit report", "red",
          "We missed the December deadline for the audit report", id="missed"),
    reply("Done.", "blue", "", id="done-alone"),
    reply("Complete - threshold document signed off at the Improvement Board", "blue",
          "threshold document signed off at the Improvement Board", id="complete-leading"),
    reply("All managers completed the assessment workshop", "blue",
          "All managers completed the assessment workshop", id="completed-in-sentence"),
    reply("Training delivered and evidenced", "blue", "Training delivered and evidenced",
          id="delivered-and-evidenced"),
    reply("not done yet, panel meets next week", None, "not done yet, panel meets", date(2018, 1, 22),
          id="negated-done-is-no-rating"),
    reply("Will be complete by Friday", None, "Will be complete", date(2018, 1, 26), id="future-complete"),
    # --- an explicit colour beats a synonym ----------------------------------------------------------
    reply("amber - not done yet", "amber", "not done yet", id="amber-beats-done"),
    reply("On track overall but red for the audit element", "red", "On track overall but for the audit element",
          id="red-beats-on-track"),
    # --- refs ------------------------------------------------------------------------------------
    reply("2a Amber - Improvement Board terms of reference still in draft", "amber",
          "Improvement Board terms of reference still in draft", ref="2a", id="short-ref-first"),
    reply("Dashboard live in MASH, 10c(iv) green", "green", "Dashboard live in MASH", ref="10c(iv)",
          id="ref-at-the-end"),
    reply("5B(II) - AMBER", "amber", "", ref="5b(ii)", id="upper-case-ref"),
    reply("Section 17 assessments now within 45 working days: green", "green",
          "Section 17 assessments now within 45 working days", id="plain-numbers-not-refs"),
    reply("4c red, depends on 4d", "red", "depends on 4d", ref="4c", id="first-ref-wins"),
    reply("Red - threshold training for 4c(iii) postponed", "red", "threshold training for postponed",
          ref="4c(iii)", id="ref-mid-sentence"),
    # --- absolute dates ----------------------------------------------------------------------------
    reply("amber, new date 12th February", "amber", "", date(2018, 2, 12), id="ordinal-day-month"),
    reply("Amber - forecast 12 February 2018", "amber", "", date(2018, 2, 12), id="day-month-year"),
    reply("Amber: revised date 12/02", "amber", "", date(2018, 2, 12), id="dd-mm"),
    reply("Amber - expected 12/02/2018, waiting for panel", "amber", "waiting for panel", date(2018, 2, 12),
          id="dd-mm-yyyy"),
    reply("Amber 12/2/18", "amber", "", date(2018, 2, 12), id="d-m-yy"),
    reply("Amber, forecast date: 2018-02-12", "amber", "", date(2018, 2, 12), id="iso"),
    reply("Amber, now due Feb 12", "amber", "", date(2018, 2, 12), id="month-day"),
    reply("Amber - forecast 5 Jan", "amber", "", date(2019, 1, 5), id="year-rollover"),
    reply("G by 20 Jan", "green", "", date(2018, 1, 20), id="today-written-as-date"),
    reply("Amber: LCS audit done on 12 Jan, forecast 12 Feb, CPOG to note", "amber",
          "LCS audit done on 12 Jan, CPOG to note", date(2018, 2, 12), id="trigger-date-wins-over-earlier-date"),
    # --- a date told as part of the story is not a forecast ------------------------------------------
    reply("2b(i) green - advertising round live since 8 Jan, 14 applications so far", "green",
          "advertising round live since 8 Jan, 14 applications so far", ref="2b(i)", id="since-date-is-context"),
    reply("green - timeliness audit done, supervision dip sample booked for Friday", "green",
          "timeliness audit done, supervision dip sample booked for Friday", id="booked-for-is-context"),
    reply("red - police rota agreed from 22 Jan; compliance measured in February", "red",
          "police rota agreed from 22 Jan; compliance measured in February", id="from-and-in-are-context"),
    reply("amber - session held on 23 Jan, next one forecast 9 Feb", "amber", "session held on 23 Jan, next one",
          date(2018, 2, 9), id="context-date-then-forecast"),
    # --- relative dates against Saturday 20 January 2018 --------------------------------------------
    reply("G - on course, by next Friday", "green", "on course", date(2018, 1, 26), id="next-friday"),
    reply("amber, Friday", "amber", "", date(2018, 1, 26), id="bare-friday"),
    reply("Amber, this Saturday", "amber", "", date(2018, 1, 20), id="this-saturday-is-today"),
    reply("Amber, next Saturday", "amber", "", date(2018, 1, 27), id="next-saturday-is-a-week-on"),
    reply("Green, signing off tomorrow", "green", "signing off", date(2018, 1, 21), id="tomorrow"),
    reply("Amber, new date today", "amber", "", date(2018, 1, 20), id="today"),
    reply("Amber - panel moved to next week", "amber", "panel moved to", date(2018, 1, 22), id="next-week"),
    reply("Amber: expected by the end of the month", "amber", "", date(2018, 1, 31), id="end-of-the-month"),
    reply("Amber - recruitment drive now due end of Feb", "amber", "recruitment drive", date(2018, 2, 28),
          id="end-of-feb"),
    reply("Red: end of February at the earliest", "red", "at the earliest", date(2018, 2, 28),
          id="end-of-february"),
    reply("Amber, in 2 weeks", "amber", "", date(2018, 2, 3), id="in-2-weeks"),
    reply("Green - in 3 days", "green", "", date(2018, 1, 23), id="in-3-days"),
    reply("Amber, in a fortnight once the auditors are back", "amber", "once the auditors are back",
          date(2018, 2, 3), id="in-a-fortnight"),
    reply("Green, panel met last Friday", "green", "panel met last Friday", id="last-friday-is-not-a-forecast"),
    # --- numbers that are not dates ----------------------------------------------------------------
    reply("Amber - assessments within 45 working days at 57% against 90% target", "amber",
          "assessments within 45 working days at 57% against 90% target", id="percentages-and-days"),
    reply("Green, 6 candidates shortlisted for Practice Week facilitators, 2 may withdraw", "green",
          "6 candidates shortlisted for Practice Week facilitators, 2 may withdraw", id="counts-and-lowercase-may"),
    reply("Amber, 12/15 audits returned and 3/4 of teams trained", "amber",
          "12/15 audits returned and 3/4 of teams trained", id="fractions"),
    # --- no rating ---------------------------------------------------------------------------------
    reply("Can we talk about this at CPOG?", None, "Can we talk about this at CPOG?", id="question-no-rating"),
    reply("5b(ii) see the attached audit summary", None, "see the attached audit summary", ref="5b(ii)",
          id="ref-without-rating"),
    # --- kept as written ---------------------------------------------------------------------------
    reply("Green :tada: <!channel> Practice Week booked", "green", ":tada: <!channel> Practice Week booked",
          id="emoji-and-channel-kept"),
    reply("Blue - evidence at <https://intranet.example/green/2018-03-01|audit pack> :white_check_mark:", "blue",
          "evidence at <https://intranet.example/green/2018-03-01|audit pack> :white_check_mark:",
          id="links-are-not-read"),
    reply("Amber :red_circle: chasing <@U024BE7LH> for the MASH figures", "amber",
          ":red_circle: chasing <@U024BE7LH> for the MASH figures", id="emoji-names-are-not-ratings"),
    # --- multi-line --------------------------------------------------------------------------------
    reply("3b\nAmber\nRecruitment delayed:  two offers declined\nforecast 12/02", "amber",
          "Recruitment delayed: two offers declined", date(2018, 2, 12), ref="3b", id="multi-line"),
    reply("Green\n- threshold briefings done\n- LCS forms updated", "green",
          "threshold briefings done\n- LCS forms updated", id="multi-line-bullets"),
    # --- a different day --------------------------------------------------------------------------
    reply("Amber - forecast Friday", "amber", "", date(2018, 2, 2), today=date(2018, 1, 26),
          id="friday-on-a-friday-is-a-week-on"),
    reply("Amber - forecast 29/02", "amber", "", date(2020, 2, 29), today=date(2019, 3, 1),
          id="leap-day-next-year"),
    reply("   ", None, "", id="whitespace-only"),
    reply("", None, "", id="empty"),
]


@pytest.mark.parametrize(("text", "today", "expected"), REPLIES)
def test_reads_replies_as_owners_write_them(text: str, today: date, expected: Reading) -> None:
    assert read_reply(text, key=DEFAULT_KEY, today=today) == expected


def test_the_table_is_large_enough_to_mean_something() -> None:
    assert len(REPLIES) >= 45


@pytest.mark.parametrize(("text", "message"), [
    ("Amber - forecast 31/02", "31/02 is not a date"),
    ("red, new date 30 February", "30 February is not a date"),
    ("Amber, expected 32/01/2018", "32/01/2018 is not a date"),
    ("Amber - forecast 29/02/2018", "29/02/2018 is not a date"),
    ("Amber - forecast 29/02", "29/02 is not a date in 2018"),
    ("Green, visit on 31/04 then forecast 12 Feb", "31/04 is not a date"),
    ("Amber - by Friday 27 Jan", "Friday 27 Jan is not a date: 27 Jan 2018 is a Saturday"),
])
def test_refuses_dates_that_do_not_exist(text: str, message: str) -> None:
    with pytest.raises(UnreadableDate) as refused:
        read_reply(text, key=DEFAULT_KEY, today=SATURDAY)
    assert str(refused.value) == message
    assert isinstance(refused.value, ReadinessError)


def test_a_leap_day_in_a_leap_year_is_a_date() -> None:
    reading = read_reply("Amber - forecast 29/02/2020", key=DEFAULT_KEY, today=SATURDAY)
    assert reading.forecast == date(2020, 2, 29)


PLAIN_KEY = BragKey((
    Rating("complete", "Complete", "Done and evidenced", "#1f5fbf", complete=True),
    Rating("on_track", "On track", "Will meet its deadline", "#2e7d32"),
    Rating("at_risk", "At risk", "Slipping", "#e69500"),
    Rating("off_track", "Off track", "Deadline missed or will be", "#c62828", off_track=True),
))


@pytest.mark.parametrize(("text", "rating", "commentary"), [
    ("On track - MASH duty rota agreed", "on_track", "MASH duty rota agreed"),
    ("at risk: recruitment delayed", "at_risk", "recruitment delayed"),
    ("Off track, audit tool not procured", "off_track", "audit tool not procured"),
    ("complete", "complete", ""),
    ("Done, evidence with the PMO", "complete", "evidence with the PMO"),
    ("Slipping because of sickness", "at_risk", "Slipping because of sickness"),
    ("We will miss the CPOG deadline", "off_track", "We will miss the CPOG deadline"),
    ("Green - all good", "on_track", "all good"),
    ("A - panel postponed", "at_risk", "panel postponed"),
    ("C", "complete", ""),
])
def test_a_custom_key_is_read_by_meaning(text: str, rating: str, commentary: str) -> None:
    reading = read_reply(text, key=PLAIN_KEY, today=SATURDAY)
    assert (reading.rating, reading.commentary) == (rating, commentary)


def test_a_letter_two_ratings_share_is_not_read() -> None:
    assert read_reply("O - panel postponed", key=PLAIN_KEY, today=SATURDAY).rating is None


def test_a_key_without_an_at_risk_rating_does_not_invent_one() -> None:
    three = BragKey((
        Rating("done", "Done", "Complete", "#00f", complete=True),
        Rating("fine", "Fine", "On track", "#0f0"),
        Rating("late", "Late", "Off track", "#f00", off_track=True),
    ))
    assert read_reply("slipping", key=three, today=SATURDAY).rating is None
    assert read_reply("on track", key=three, today=SATURDAY).rating == "fine"
