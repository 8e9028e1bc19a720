"""Free-text BRAG replies as owners type them in Slack: read as a PMO officer would, never guess a date,
and say why whenever the owner should confirm the reading before it is stored.

Unless a row says otherwise, replies are read as of Saturday 20 January 2018 on the default key.
The reasons in `unsure` are shown to the owner, so their wording is pinned here.
"""
from __future__ import annotations

from datetime import date

import pytest

from governance.brag import DEFAULT_KEY, BragKey, Rating
from governance.errors import ReadinessError
from governance.reply_reader import Reading, UnreadableDate, read_reply

MONDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = (date(2018, 1, day) for day in (15, 17, 18, 19, 20))
TWO = "two ratings named"
NEGATIVE = "read from a negative"
MAYBE = "the date may not be a forecast"
PASSED = "the forecast date has passed"
TWO_DATES = "two forecast dates named"
BLUE_TO_COME = "Blue with a date still to come"

PLAIN_KEY = BragKey((
    Rating("complete", "Complete", "Done and evidenced", "#1f5fbf", complete=True),
    Rating("on_track", "On track", "Will meet its deadline", "#2e7d32"),
    Rating("at_risk", "At risk", "Slipping", "#e69500"),
    Rating("off_track", "Off track", "Deadline missed or will be", "#c62828", off_track=True),
))


def reply(text: str, rating: str | None, commentary: str, forecast: date | None = None,
          ref: str | None = None, *, unsure: tuple[str, ...] = (), today: date = SATURDAY,
          key: BragKey = DEFAULT_KEY, id: str) -> object:
    return pytest.param(text, today, key, Reading(rating, commentary, forecast, ref, unsure), id=id)


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
    # --- plain phrases, read by meaning ---------------------------------------------------------------
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
    reply("Achieved - all MASH staff trained", "blue", "all MASH staff trained", id="achieved"),
    reply("Closed, evidence with the PMO", "blue", "evidence with the PMO", id="closed"),
    reply("Signed off by CPOG", "blue", "Signed off by CPOG", id="signed-off"),
    reply("Delivered: briefings to all six teams", "blue", "briefings to all six teams", id="delivered"),
    reply("Going well - 40 of 52 managers trained", "green", "40 of 52 managers trained", id="going-well"),
    reply("Progressing, second cohort starts soon", "green", "second cohort starts soon", id="progressing"),
    reply("On target for the March visit", "green", "On target for the March visit", id="on-target"),
    reply("Some slippage on the audit programme", "amber", "Some slippage on the audit programme",
          id="some-slippage"),
    reply("Delayed - waiting for HR sign-off", "amber", "waiting for HR sign-off", id="delayed"),
    reply("Stalled: no data from the LCS team", "red", "no data from the LCS team", id="stalled"),
    reply("Blocked by the supplier", "red", "Blocked by the supplier", id="blocked"),
    reply("5c(i) on track, testing complete in MASH", "green", "testing complete in MASH", ref="5c(i)",
          id="leading-phrase-then-a-part-done"),
    reply("Audit completed, recruitment delayed", "blue", "Audit completed, recruitment delayed", unsure=(TWO,),
          id="two-phrases-that-disagree"),
    reply("Panel going well but behind on return home interviews", "green",
          "Panel going well but behind on return home interviews", unsure=(TWO,), id="going-well-but-behind"),
    # --- "RAG - X" forms ------------------------------------------------------------------------------
    reply("RAG - G", "green", "", id="rag-dash-g"),
    reply("RAG: A, panel postponed", "amber", "panel postponed", id="rag-colon-a"),
    reply("BRAG: A - two offers declined", "amber", "two offers declined", id="brag-colon-a"),
    reply("BRAG - B, evidence with the PMO", "blue", "evidence with the PMO", id="brag-dash-b"),
    reply("RAG status: Amber - recruitment delayed", "amber", "recruitment delayed", id="rag-status-amber"),
    reply("4c RAG = R; police rota not agreed", "red", "police rota not agreed", ref="4c", id="rag-equals-r"),
    reply("RAG: G overall, amber for the audit element", "green", "overall, amber for the audit element",
          unsure=(TWO,), id="rag-form-and-another-colour"),
    # --- coloured circles ----------------------------------------------------------------------------
    reply("🟢 all teams trained", "green", "all teams trained", id="green-circle"),
    reply("🟡 - recruitment delayed", "amber", "recruitment delayed", id="yellow-circle-is-amber"),
    reply("🟠 panel postponed", "amber", "panel postponed", id="orange-circle-is-amber"),
    reply("🔴", "red", "", id="red-circle-alone"),
    reply("🔵 signed off at CPOG", "blue", "signed off at CPOG", id="blue-circle"),
    reply(":large_green_circle: Practice Week booked", "green", "Practice Week booked", id="green-shortcode"),
    reply("5e :large_yellow_circle: SEAM data late", "amber", "SEAM data late", ref="5e", id="yellow-shortcode"),
    reply(":large_orange_circle: audit slipped", "amber", "audit slipped", id="orange-shortcode"),
    reply(":red_circle: no SEAM data", "red", "no SEAM data", id="red-shortcode"),
    reply(":large_blue_circle: done and evidenced", "blue", "done and evidenced", id="blue-shortcode"),
    reply(":green_circle: on track", "green", "on track", id="green-circle-alias"),
    reply("Amber 🟠 recruitment delayed", "amber", "🟠 recruitment delayed", id="circle-agrees-with-the-word"),
    reply("⚪ not started", None, "⚪ not started", id="white-circle-is-no-rating"),
    reply("Amber :red_circle: chasing <@U024BE7LH> for the MASH figures", "amber",
          ":red_circle: chasing <@U024BE7LH> for the MASH figures", unsure=(TWO,), id="emoji-names-are-not-ratings"),
    reply("🔴 Amber - police rota late", "amber", "🔴 police rota late", unsure=(TWO,),
          id="circle-disagrees-with-the-word"),
    # --- a colour with one slip ----------------------------------------------------------------------
    reply("ambr - recruitment delayed", "amber", "recruitment delayed", unsure=("read “ambr” as Amber",),
          id="amber-letter-missing"),
    reply("Gren, all teams trained", "green", "all teams trained", unsure=("read “Gren” as Green",),
          id="green-letter-missing"),
    reply("amer: panel postponed", "amber", "panel postponed", unsure=("read “amer” as Amber",),
          id="amber-b-missing"),
    reply("gree", "green", "", unsure=("read “gree” as Green",), id="green-last-letter-missing"),
    reply("Bleu - evidence in the pack", "blue", "evidence in the pack", unsure=("read “Bleu” as Blue",),
          id="blue-letters-swapped"),
    reply("Anber - audit slipped", "amber", "audit slipped", unsure=("read “Anber” as Amber",),
          id="amber-letter-wrong"),
    reply("grene, on course", "green", "on course", unsure=("read “grene” as Green",), id="green-letters-swapped"),
    reply("Greet the new starters in MASH", None, "Greet the new starters in MASH", id="english-word-not-a-slip"),
    reply("Embers of the old process remain", None, "Embers of the old process remain",
          id="first-letter-never-slips"),
    reply("Bed audit on the ward", None, "Bed audit on the ward", id="red-has-no-slips"),
    reply("Rea, the new MASH manager, starts Monday", None, "Rea, the new MASH manager, starts Monday",
          id="rea-is-not-red"),
    reply("Green overall, ambr for the audit", "green", "overall, ambr for the audit", unsure=(TWO,),
          id="slip-beside-a-colour"),
    # --- a change told as a story: the later state ---------------------------------------------------
    reply("Was amber last month, now green", "green", "Was amber last month, now green", id="was-x-now-y"),
    reply("previously Red, Amber now two posts are filled", "amber",
          "previously Red, Amber now two posts are filled", id="previously-x-y-now"),
    reply("Red last month, amber now", "amber", "Red last month, amber now", id="x-last-month-y-now"),
    reply("Amber → Green: panel agreed the threshold", "green", "Amber → Green: panel agreed the threshold",
          id="arrow"),
    reply("5b(ii) amber -> green", "green", "amber -> green", ref="5b(ii)", id="ascii-arrow"),
    reply("Red → Amber → Green over the quarter", "green", "Red → Amber → Green over the quarter",
          id="arrow-chain"),
    reply("from red to amber, two posts filled", "amber", "from red to amber, two posts filled",
          id="from-x-to-y"),
    reply("Moved amber to green after the audit", "green", "Moved amber to green after the audit",
          id="moved-x-to-y"),
    reply("Was behind, now on track", "green", "Was behind, now on track", id="phrases-was-now"),
    reply("Green (was Amber) - panel agreed", "green", "Green (was Amber) - panel agreed",
          id="later-state-first"),
    reply("Amber, now green", "green", "Amber, now green", id="x-now-y"),
    reply("G → A", "amber", "G → A", id="arrow-between-letters"),
    reply("R -> A", "amber", "R -> A", id="ascii-arrow-between-letters"),
    reply("A → G, panel agreed", "green", "A → G, panel agreed", id="arrow-from-a-is-not-an-article"),
    reply("Amber -> G", "green", "Amber -> G", id="arrow-from-a-word-to-a-letter"),
    reply("Red last month, amber this month", "amber", "Red last month, amber this month",
          id="x-last-month-y-this-month"),
    reply("Red last month, amber", "amber", "Red last month, amber", id="last-month-belongs-to-the-rating-before"),
    reply("Red last month", None, "Red last month", id="only-a-past-rating"),
    reply("Was amber", None, "Was amber", id="only-what-it-was"),
    reply("Training was delivered to all teams", "blue", "Training was delivered to all teams",
          id="was-delivered-is-done-still"),
    reply("Amber - recruitment was delayed, still amber", "amber", "recruitment was delayed, still amber",
          id="was-the-same-rating"),
    reply("Amber to green", "amber", "to green", unsure=(TWO,), id="to-without-a-move-is-two-ratings"),
    reply("green overall but amber for the audit element", "green", "overall but amber for the audit element",
          unsure=(TWO,), id="two-colours-without-a-marker"),
    reply("On track overall but red for the audit element", "red", "On track overall but for the audit element",
          unsure=(TWO,), id="red-beats-on-track"),
    reply("Red, now on track", "red", "now on track", unsure=(TWO,), id="phrase-said-now-beside-a-colour"),
    reply("Done - Green", "green", "Done", unsure=(TWO,), id="leading-phrase-and-a-colour"),
    # --- negation ------------------------------------------------------------------------------------
    reply("not on track", "amber", "not on track", unsure=(NEGATIVE,), id="not-on-track"),
    reply("No longer at risk - both posts filled", "green", "No longer at risk - both posts filled",
          unsure=(NEGATIVE,), id="no-longer-at-risk"),
    reply("Recruitment isn't on track yet", "amber", "Recruitment isn't on track yet", unsure=(NEGATIVE,),
          id="isnt-on-track"),
    reply("not quite on target", "amber", "not quite on target", unsure=(NEGATIVE,), id="not-quite-on-target"),
    reply("Audits no longer slipping", "green", "Audits no longer slipping", unsure=(NEGATIVE,),
          id="no-longer-slipping"),
    reply("not going well, two auditors off sick", "amber", "not going well, two auditors off sick",
          unsure=(NEGATIVE,), id="not-going-well"),
    reply("Not on track, audit done", "amber", "Not on track, audit done", unsure=(TWO, NEGATIVE),
          id="negative-and-a-phrase"),
    reply("not started", None, "not started", id="not-started-is-no-rating"),
    reply("Not started - waiting for the new manager", None, "Not started - waiting for the new manager",
          id="not-started-with-a-reason"),
    reply("not done yet, panel meets next week", None, "not done yet, panel meets next week",
          id="negated-done-is-no-rating"),
    reply("Not off track", None, "Not off track", id="not-off-track-says-only-what-is-not"),
    reply("not green yet", None, "not green yet", id="negated-colour-is-no-rating"),
    reply("Will be complete by Friday", None, "Will be complete", date(2018, 1, 26), id="future-complete"),
    reply("amber - not done yet", "amber", "not done yet", id="amber-beats-done"),
    reply("Amber - not on track for March", "amber", "not on track for March",
          id="negative-agrees-with-the-colour"),
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
    # --- forecasts: a date offered as when it will be done --------------------------------------------
    reply("amber, new date 12th February", "amber", "", date(2018, 2, 12), id="ordinal-day-month"),
    reply("Amber - forecast 12 February 2018", "amber", "", date(2018, 2, 12), id="day-month-year"),
    reply("Amber: revised date 12/02", "amber", "", date(2018, 2, 12), id="dd-mm"),
    reply("Amber - expected 12/02/2018, waiting for panel", "amber", "waiting for panel", date(2018, 2, 12),
          id="dd-mm-yyyy"),
    reply("Amber 12/2/18", "amber", "", date(2018, 2, 12), id="d-m-yy"),
    reply("Amber, forecast date: 2018-02-12", "amber", "", date(2018, 2, 12), id="iso"),
    reply("Amber, now due Feb 12", "amber", "", date(2018, 2, 12), id="month-day"),
    reply("G by 20 Jan", "green", "", date(2018, 1, 20), id="today-written-as-date"),
    reply("Amber - expect to complete by 9 Feb", "amber", "", date(2018, 2, 9), id="expect-to-complete"),
    reply("Amber, expected to complete 9 Feb once the auditors are back", "amber", "once the auditors are back",
          date(2018, 2, 9), id="expected-to-complete"),
    reply("Amber - slipping to 16 Feb", "amber", "", date(2018, 2, 16), id="slipping-to"),
    reply("Slipping to 16 Feb, two offers declined", "amber", "two offers declined", date(2018, 2, 16),
          id="slipping-to-gives-the-rating-too"),
    reply("Red - due 31/01", "red", "", date(2018, 1, 31), id="due"),
    reply("Amber 12/02", "amber", "", date(2018, 2, 12), id="bare-date-after-the-rating"),
    reply("Amber - 12 Feb, recruitment delayed", "amber", "recruitment delayed", date(2018, 2, 12),
          id="bare-date-after-the-dash"),
    reply("Amber: LCS audit done on 12 Jan, forecast 12 Feb, CPOG to note", "amber",
          "LCS audit done on 12 Jan, CPOG to note", date(2018, 2, 12), id="trigger-date-wins-over-earlier-date"),
    reply("Amber - was due 12/01/2018, now forecast 12/02/2018", "amber", "was due 12/01/2018, now",
          date(2018, 2, 12), id="missed-date-then-new-forecast"),
    reply("Amber - audit report 12 Feb", "amber", "audit report", date(2018, 2, 12), unsure=(MAYBE,),
          id="date-that-could-be-context"),
    # --- a later change word replaces what was due ----------------------------------------------------
    reply("Amber - due 31 Jan but slipping to 9 Feb", "amber", "due 31 Jan but", date(2018, 2, 9),
          id="slipping-to-replaces-due"),
    reply("Amber - due 31 Jan, now expect 9 Feb", "amber", "due 31 Jan", date(2018, 2, 9),
          id="now-expect-replaces-due"),
    reply("Amber 31/01, new date 9 Feb", "amber", "31/01", date(2018, 2, 9), id="new-date-replaces-a-bare-date"),
    reply("will miss 31 Jan, revised date 9 Feb", "red", "will miss 31 Jan", date(2018, 2, 9),
          id="revised-date-replaces-a-missed-one"),
    reply("Amber 31 Jan board, forecast 9 Feb", "amber", "31 Jan board", date(2018, 2, 9),
          id="forecast-replaces-a-bare-date"),
    reply("Amber - due 31 Jan, moved to 9 Feb", "amber", "due 31 Jan", date(2018, 2, 9), id="moved-to-replaces-due"),
    reply("Amber - forecast 9 Feb, revised date 16 Feb", "amber", "forecast 9 Feb", date(2018, 2, 16),
          id="the-last-change-wins"),
    reply("Amber - new date 9 Feb, due 31 Jan", "amber", "due 31 Jan", date(2018, 2, 9),
          id="a-change-word-beats-due-wherever-it-is"),
    reply("Amber 31 Jan, due 9 Feb", "amber", "due 9 Feb", date(2018, 1, 31), unsure=(TWO_DATES,),
          id="two-dates-without-a-change-word"),
    reply("Amber - panel moved to 9 Feb", "amber", "panel moved to", date(2018, 2, 9), unsure=(MAYBE,),
          id="an-event-moved-is-not-the-forecast"),
    reply("previously due 12 Jan, now 9 Feb", None, "previously due 12 Jan", date(2018, 2, 9), today=MONDAY,
          id="previously-due-then-now"),
    reply("Amber - panel moved to next week", "amber", "panel moved to", date(2018, 1, 22), unsure=(MAYBE,),
          id="next-week"),
    reply("Green, signing off tomorrow", "green", "signing off", date(2018, 1, 21), unsure=(MAYBE,),
          id="tomorrow"),
    # --- dates told as events or checkpoints are commentary -------------------------------------------
    reply("2b(i) green - advertising round live since 8 Jan, 14 applications so far", "green",
          "advertising round live since 8 Jan, 14 applications so far", ref="2b(i)", id="since-date-is-context"),
    reply("green - timeliness audit done, supervision dip sample booked for Friday", "green",
          "timeliness audit done, supervision dip sample booked for Friday", id="booked-for-is-context"),
    reply("red - police rota agreed from 22 Jan; compliance measured in February", "red",
          "police rota agreed from 22 Jan; compliance measured in February", id="from-and-in-are-context"),
    reply("amber - session held on 23 Jan, next one forecast 9 Feb", "amber", "session held on 23 Jan, next one",
          date(2018, 2, 9), id="context-date-then-forecast"),
    reply("on track; next looked at by the board on 6/2", "green", "next looked at by the board on 6/2",
          id="checkpoint-is-not-a-forecast"),
    reply("Amber - review at 6 Feb", "amber", "review at 6 Feb", id="review-at"),
    reply("Green - campaign launched 12/01/2018", "green", "campaign launched 12/01/2018", id="launched"),
    reply("Green: panel met 16/01/2018, all cases reviewed", "green", "panel met 16/01/2018, all cases reviewed",
          id="met"),
    reply("Amber - checkpoint 6 Feb", "amber", "checkpoint 6 Feb", id="checkpoint"),
    reply("Green - 6/2 board meeting", "green", "6/2 board meeting", id="date-then-an-event"),
    reply("Amber - 26/1 panel", "amber", "26/1 panel", id="date-then-panel"),
    reply("Green - 6/2 CPOG meeting", "green", "6/2 CPOG meeting", id="date-then-a-named-event"),
    reply("Green, panel met last Friday", "green", "panel met last Friday", id="last-friday-is-not-a-forecast"),
    # --- a date in the past is never a forecast ------------------------------------------------------
    reply("Green - panel started 05/01/2018", "green", "panel started 05/01/2018", id="past-event"),
    reply("Amber - forecast 12/01/2018", "amber", "forecast 12/01/2018", unsure=(PASSED,), id="past-forecast"),
    reply("Amber 12/01/2018", "amber", "12/01/2018", unsure=(PASSED,), id="past-date-after-the-rating"),
    reply("Amber - staff briefed 10/01/2018", "amber", "staff briefed 10/01/2018", id="past-date-without-trigger"),
    reply("Amber, was due 12 Jan", "amber", "was due 12 Jan", today=MONDAY, id="was-due-is-what-it-was"),
    reply("Amber - originally due 31 Jan", "amber", "originally due 31 Jan", id="originally-due"),
    # --- a date on a complete rating is when it was done ----------------------------------------------
    reply("Blue - completed on 12/01/2018", "blue", "completed on 12/01/2018", id="blue-completed-on"),
    reply("Blue 12/01/2018", "blue", "12/01/2018", id="blue-with-its-date"),
    reply("Done - signed off 16 Jan", "blue", "signed off 16 Jan", id="done-signed-off-on"),
    reply("Blue - by Friday", "blue", "by Friday", unsure=(BLUE_TO_COME,), id="blue-with-a-date-to-come"),
    reply("Complete, forecast 12 Feb", "blue", "forecast 12 Feb", unsure=(BLUE_TO_COME,),
          id="complete-with-a-forecast"),
    # --- relative dates against Saturday 20 January 2018 --------------------------------------------
    reply("G - on course, by next Friday", "green", "on course", date(2018, 1, 26), id="next-friday"),
    reply("amber, Friday", "amber", "", date(2018, 1, 26), id="bare-friday"),
    reply("Amber, this Saturday", "amber", "", date(2018, 1, 20), id="this-saturday-is-today"),
    reply("Amber, next Saturday", "amber", "", date(2018, 1, 27), id="next-saturday-is-a-week-on"),
    reply("Amber, new date today", "amber", "", date(2018, 1, 20), id="today"),
    reply("Amber: expected by the end of the month", "amber", "", date(2018, 1, 31), id="end-of-the-month"),
    reply("Amber - recruitment drive now due end of Feb", "amber", "recruitment drive", date(2018, 2, 28),
          id="end-of-feb"),
    reply("Red: end of February at the earliest", "red", "at the earliest", date(2018, 2, 28),
          id="end-of-february"),
    reply("Amber, in 2 weeks", "amber", "", date(2018, 2, 3), id="in-2-weeks"),
    reply("Green - in 3 days", "green", "", date(2018, 1, 23), id="in-3-days"),
    reply("Amber, in a fortnight once the auditors are back", "amber", "once the auditors are back",
          date(2018, 2, 3), id="in-a-fortnight"),
    # --- "next <weekday>": the following week's when said earlier in the same week ---------------------
    reply("Amber - forecast next Friday", "amber", "", date(2018, 1, 26), today=MONDAY,
          unsure=("“next Friday” read as Fri 26 Jan",), id="next-friday-said-on-monday"),
    reply("Amber, by next Friday", "amber", "", date(2018, 1, 26), today=THURSDAY,
          unsure=("“next Friday” read as Fri 26 Jan",), id="next-friday-said-on-thursday"),
    reply("Amber, forecast next Friday", "amber", "", date(2018, 2, 2), today=date(2018, 1, 22),
          unsure=("“next Friday” read as Fri 2 Feb",), id="next-friday-in-the-brief"),
    reply("Amber, new date next Thursday", "amber", "", date(2018, 1, 25), today=WEDNESDAY,
          unsure=("“next Thursday” read as Thu 25 Jan",), id="next-thursday-said-the-day-before"),
    reply("Amber - forecast next Friday", "amber", "", date(2018, 1, 26), today=FRIDAY,
          id="next-friday-said-on-friday"),
    reply("Amber - forecast next Monday", "amber", "", date(2018, 1, 22), today=WEDNESDAY,
          id="next-monday-said-after-monday"),
    reply("Amber - forecast this Friday", "amber", "", date(2018, 1, 19), today=MONDAY,
          id="this-friday-said-on-monday"),
    reply("Amber - forecast Friday", "amber", "", date(2018, 1, 19), today=MONDAY, id="friday-said-on-monday"),
    reply("Amber - panel meets next Friday", "amber", "panel meets next Friday", today=MONDAY,
          id="next-friday-as-an-event-asks-nothing"),
    # --- a day and month without a year ------------------------------------------------------------
    reply("Amber - forecast 5 Jan", "amber", "forecast 5 Jan", unsure=(PASSED,), id="day-just-passed-is-passed"),
    reply("Amber - due 12 Jan", "amber", "due 12 Jan", today=MONDAY, unsure=(PASSED,),
          id="due-day-just-passed-is-passed"),
    reply("Amber 19/01", "amber", "19/01", unsure=(PASSED,), id="day-just-passed-after-the-rating"),
    reply("see the audit 19 Jan", None, "see the audit 19 Jan", id="day-just-passed-as-context"),
    reply("Amber - forecast 5 Jan", "amber", "", date(2018, 1, 5), today=date(2017, 12, 20),
          id="year-rollover-in-december"),
    reply("Amber - forecast 29/02", "amber", "", date(2020, 2, 29), today=date(2019, 3, 1),
          id="leap-day-next-year"),
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
    reply("see the audit 12 Feb", None, "see the audit", date(2018, 2, 12), unsure=(MAYBE,),
          id="doubt-without-a-rating-is-not-a-confirmation"),
    # --- kept as written ---------------------------------------------------------------------------
    reply("Green :tada: <!channel> Practice Week booked", "green", ":tada: <!channel> Practice Week booked",
          id="emoji-and-channel-kept"),
    reply("Blue - evidence at <https://intranet.example/green/2018-03-01|audit pack> :white_check_mark:", "blue",
          "evidence at <https://intranet.example/green/2018-03-01|audit pack> :white_check_mark:",
          id="links-are-not-read"),
    reply("Amber - see <https://intranet.example/:red_circle:/pack|pack>", "amber",
          "see <https://intranet.example/:red_circle:/pack|pack>", id="circle-inside-a-link-is-not-read"),
    # --- multi-line --------------------------------------------------------------------------------
    reply("3b\nAmber\nRecruitment delayed:  two offers declined\nforecast 12/02", "amber",
          "Recruitment delayed: two offers declined", date(2018, 2, 12), ref="3b", id="multi-line"),
    reply("Green\n- threshold briefings done\n- LCS forms updated", "green",
          "threshold briefings done\n- LCS forms updated", id="multi-line-bullets"),
    # --- a custom key, read by meaning -------------------------------------------------------------
    reply("RAG: A - panel postponed", "at_risk", "panel postponed", key=PLAIN_KEY, id="custom-key-rag-form"),
    reply("🟢 rota agreed", "on_track", "rota agreed", key=PLAIN_KEY, id="custom-key-circle"),
    reply("not on track", "at_risk", "not on track", unsure=(NEGATIVE,), key=PLAIN_KEY,
          id="custom-key-negative"),
    reply("was at risk, now on track", "on_track", "was at risk, now on track", key=PLAIN_KEY,
          id="custom-key-change"),
    reply("gren - rota agreed", "on_track", "rota agreed", unsure=("read “gren” as On track",), key=PLAIN_KEY,
          id="custom-key-slip"),
    reply("on track overall, off track for the audit", "on_track", "overall, off track for the audit",
          unsure=(TWO,), key=PLAIN_KEY, id="custom-key-two-ratings"),
    # --- a different day --------------------------------------------------------------------------
    reply("Amber - forecast Friday", "amber", "", date(2018, 2, 2), today=date(2018, 1, 26),
          id="friday-on-a-friday-is-a-week-on"),
    reply("   ", None, "", id="whitespace-only"),
    reply("", None, "", id="empty"),
]


@pytest.mark.parametrize(("text", "today", "key", "expected"), REPLIES)
def test_reads_replies_as_owners_write_them(text: str, today: date, key: BragKey, expected: Reading) -> None:
    assert read_reply(text, key=key, today=today) == expected


def test_the_table_is_large_enough_to_mean_something() -> None:
    assert len(REPLIES) >= 150


def test_a_reading_is_confirmed_only_when_it_has_a_rating_and_a_doubt() -> None:
    assert read_reply("not on track", key=DEFAULT_KEY, today=SATURDAY).confirm
    assert not read_reply("on track", key=DEFAULT_KEY, today=SATURDAY).confirm
    assert not read_reply("see the audit 12 Feb", key=DEFAULT_KEY, today=SATURDAY).confirm


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
