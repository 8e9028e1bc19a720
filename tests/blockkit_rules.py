"""What Slack refuses in a Block Kit message or view, in one place, each limit with the page that states it.

The Slack stand-in vets every message and view the bot sends with these rules, and the tests'
`assert_valid_message` / `assert_valid_view` ask the same questions, so a payload that passes here is
one Slack's documented rules accept. This is not Slack's whole schema: it covers the blocks and
elements the bot uses (section, header, context, divider, actions, input; button, static select,
plain-text input, datepicker, timepicker, checkboxes, radio buttons). Lengths are counted in characters, as Slack counts them (Python `len`).

Each breach is reported as Slack reports it: a reason and a JSON pointer into the payload, e.g.
``must be at most 3000 characters, not 3001 [json-pointer:/blocks/1/text/text]``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Reference: blocks (api.slack.com/reference/block-kit/blocks): "up to 50 blocks in each message,
# and 100 blocks in modals or Home tabs".
MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100
# Text object (docs.slack.dev/reference/block-kit/composition-objects/text-object): "The minimum
# length is 1 and maximum length is 3000 characters".
TEXT_CHARS = 3000
# Section block (docs.slack.dev/reference/block-kit/blocks/section-block): text 1..3000 characters;
# fields "Maximum number of items is 10. Maximum length for the text in each item is 2000 characters".
SECTION_TEXT_CHARS = 3000
SECTION_FIELDS = 10
SECTION_FIELD_CHARS = 2000
# Header block (docs.slack.dev/reference/block-kit/blocks/header-block): "a plain_text text object.
# Maximum length for the text in this field is 150 characters".
HEADER_CHARS = 150
# Context block (docs.slack.dev/reference/block-kit/blocks/context-block): elements "Maximum number of items is 10".
CONTEXT_ELEMENTS = 10
# Actions block (api.slack.com/reference/block-kit/blocks#actions): "a maximum of 25 elements in each action block".
ACTIONS_ELEMENTS = 25
# Input block (docs.slack.dev/reference/block-kit/blocks/input-block): label "must have type of plain_text.
# Maximum length for the text in this field is 2000 characters"; hint likewise 2000.
INPUT_LABEL_CHARS = 2000
INPUT_HINT_CHARS = 2000
# block_id, on every block's page: "Maximum length for this field is 255 characters. block_id should be
# unique for each message or view" (input block page). action_id, on every element's page (e.g.
# docs.slack.dev/reference/block-kit/block-elements/button-element): "Should be unique among all other
# action_ids in the containing block. Maximum length is 255 characters".
ID_CHARS = 255
# Button element (docs.slack.dev/reference/block-kit/block-elements/button-element): text "Can only be of
# type: plain_text ... Maximum length for the text in this field is 75 characters"; url 3000; value 2000.
BUTTON_TEXT_CHARS = 75
BUTTON_URL_CHARS = 3000
BUTTON_VALUE_CHARS = 2000
# Select menu of static options (docs.slack.dev/reference/block-kit/block-elements/select-menu-element
# #static_select): "Maximum number of options is 100"; placeholder 150 characters, as for every element
# with a placeholder (@slack/types Placeholdable, docs.slack.dev). initial_option: "A single option that
# exactly matches one of the options within options or option_groups" (@slack/types StaticSelect).
SELECT_OPTIONS = 100
PLACEHOLDER_CHARS = 150
# Option group object (docs.slack.dev/reference/block-kit/composition-objects/option-group-object): label "a
# plain_text text object ... Maximum length for the text in this field is 75 characters"; options "Maximum of 100
# items"; "An option_groups array can have a maximum number of 100 option groups". A static select has options or
# option_groups: one of them, never both (select menu element page: "If option_groups is specified, this field
# should not be").
OPTION_GROUPS = 100
OPTION_GROUP_LABEL_CHARS = 75
# Option object (docs.slack.dev/reference/block-kit/composition-objects/option-object): text 75 characters
# (plain_text only in select menus); value "Maximum length for this field is 150 characters".
OPTION_TEXT_CHARS = 75
OPTION_VALUE_CHARS = 150
# Checkboxes element (docs.slack.dev/reference/block-kit/block-elements/checkboxes-element): options "A maximum of 10
# options are allowed" (required); initial_options "exactly matches one or more of the options within options".
# Option object: "radio buttons and checkboxes can use mrkdwn text objects"; description 75 characters.
CHECKBOX_OPTIONS = 10
OPTION_DESCRIPTION_CHARS = 75
# Radio button group element (docs.slack.dev/reference/block-kit/block-elements/radio-button-group-element): options
# "A maximum of 10 options are allowed" (required); initial_option "exactly matches one of the options".
RADIO_OPTIONS = 10
# Plain-text input element (docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element):
# max_length "between 1 and 3000, inclusive"; min_length "between 0 and 3000, inclusive". initial_value is a
# string with no stated limit; one longer than max_length could not be submitted unchanged, which the product
# forbids (Slack's own answer to it is not documented).
INPUT_LENGTH_MOST = 3000
# Date picker element (docs.slack.dev/reference/block-kit/block-elements/date-picker-element): initial_date
# "should be in the format YYYY-MM-DD".
DATE_FORMAT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Time picker element (docs.slack.dev/reference/block-kit/block-elements/time-picker-element): initial_time "in the
# format HH:mm, where HH is the 24-hour format of an hour (00 to 23) and mm is minutes with leading zeros (00 to 59)".
TIME_FORMAT = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
# Modal views (docs.slack.dev/reference/views/modal-views): title, close and submit plain_text of at most 24
# characters; "submit is required when an input block is within the blocks array"; private_metadata "Max
# length of 3000 characters"; callback_id 255 (the same for Home tab views).
MODAL_BUTTON_CHARS = 24
PRIVATE_METADATA_CHARS = 3000
CALLBACK_ID_CHARS = 255

PLAIN = ("plain_text",)
ANY_TEXT = ("plain_text", "mrkdwn")


@dataclass(frozen=True)
class Breach:
    """One broken rule: where (a JSON pointer, as Slack gives it) and why.

    `refused` is False for the product's own rules that Slack only warns about: the stand-in
    records those but answers as Slack would, with success.
    """

    pointer: str
    reason: str
    refused: bool = True

    def __str__(self) -> str:
        return f"{self.reason} [json-pointer:{self.pointer}]"


def message_breaches(params: Mapping[str, Any]) -> list[Breach]:
    """The rules a message breaks, whether sent with chat.postMessage, chat.postEphemeral, chat.update
    or to a response_url. A message without blocks is plain text and Block Kit has nothing to say."""
    if "blocks" not in params:
        return []
    check = _Check()
    check.blocks(params["blocks"], MESSAGE_BLOCKS, "/blocks")
    if not str(params.get("text") or "").strip():
        # Message payload reference (api.slack.com/reference/messaging/payload): with blocks, text "is used as
        # a fallback string to display in notifications ... not enforced as required"; mobile notifications
        # use only message.text (docs.slack.dev changelog 2026-07-13). Slack accepts, slack_sdk warns, and
        # the product requires it so that no notification arrives empty.
        check.breach("/text", "a message with blocks needs fallback text", refused=False)
    return check.found


def view_breaches(view: Any) -> list[Breach]:
    """The rules a modal or Home tab view breaks, for views.open, views.push, views.update and views.publish."""
    check = _Check()
    check.view(view, "/view")
    return check.found


@dataclass
class _Check:
    """Walks one payload, collecting breaches; block ids are tracked because they must be unique in it."""

    found: list[Breach] = field(default_factory=list)
    block_ids: set[str] = field(default_factory=set)

    def breach(self, pointer: str, reason: str, *, refused: bool = True) -> None:
        self.found.append(Breach(pointer, reason, refused))

    # ------------------------------------------------------------- primitives

    def is_object(self, value: Any, at: str) -> bool:
        if isinstance(value, dict):
            return True
        self.breach(at, "must be an object")
        return False

    def length(self, value: Any, at: str, most: int, *, least: int = 0) -> None:
        """A string of `least` to `most` characters."""
        if not isinstance(value, str):
            self.breach(at, "must be a string")
        elif len(value) < least:
            self.breach(at, "must not be empty")
        elif len(value) > most:
            self.breach(at, f"must be at most {most} characters, not {len(value)}")

    def items(self, value: Any, at: str, most: int, *, least: int = 0) -> list[Any]:
        """An array of `least` to `most` items; returns the items so the caller can check each one."""
        if not isinstance(value, list):
            self.breach(at, "must be an array")
            return []
        if len(value) < least:
            self.breach(at, f"must have at least {least} item(s)")
        elif len(value) > most:
            self.breach(at, f"must have at most {most} items, not {len(value)}")
        return value

    def text(self, value: Any, at: str, most: int = TEXT_CHARS, kinds: tuple[str, ...] = ANY_TEXT) -> None:
        """A text object: of an allowed type, and never empty (Slack's minimum is 1 character)."""
        if not self.is_object(value, at):
            return
        if value.get("type") not in kinds:
            self.breach(f"{at}/type", f"must be {' or '.join(kinds)}")
        self.length(value.get("text"), f"{at}/text", most, least=1)

    def optional_text(self, holder: Mapping[str, Any], key: str, at: str, most: int,
                      kinds: tuple[str, ...] = PLAIN) -> None:
        if key in holder:
            self.text(holder[key], f"{at}/{key}", most, kinds)

    # ------------------------------------------------------------- surfaces

    def view(self, view: Any, at: str) -> None:
        if not self.is_object(view, at):
            return
        if view.get("type") == "modal":
            self.modal_chrome(view, at)
        if "private_metadata" in view:
            self.length(view["private_metadata"], f"{at}/private_metadata", PRIVATE_METADATA_CHARS)
        if "callback_id" in view:
            self.length(view["callback_id"], f"{at}/callback_id", CALLBACK_ID_CHARS)
        self.blocks(view.get("blocks"), SURFACE_BLOCKS, f"{at}/blocks")

    def modal_chrome(self, view: Mapping[str, Any], at: str) -> None:
        """A modal's title and its submit and close buttons."""
        self.text(view.get("title"), f"{at}/title", MODAL_BUTTON_CHARS, PLAIN)
        self.optional_text(view, "submit", at, MODAL_BUTTON_CHARS)
        self.optional_text(view, "close", at, MODAL_BUTTON_CHARS)
        blocks = view.get("blocks")
        has_input = isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_input and "submit" not in view:
            self.breach(f"{at}/submit", "a modal with input blocks needs submit")

    def blocks(self, blocks: Any, most: int, at: str) -> None:
        for n, block in enumerate(self.items(blocks, at, most)):
            self.block(block, f"{at}/{n}")

    def block(self, block: Any, at: str) -> None:
        if not self.is_object(block, at):
            return
        if "block_id" in block:
            self.block_id(block["block_id"], f"{at}/block_id")
        layout = _LAYOUTS.get(block.get("type"))
        if layout is not None:
            layout(self, block, at)
        self.interactive(block, at)

    def block_id(self, block_id: Any, at: str) -> None:
        self.length(block_id, at, ID_CHARS)
        if not isinstance(block_id, str):
            return
        if block_id in self.block_ids:
            self.breach(at, f"block_id {block_id!r} is already used in this message or view")
        self.block_ids.add(block_id)

    # ------------------------------------------------------------- blocks

    def section(self, block: Mapping[str, Any], at: str) -> None:
        if "text" not in block and "fields" not in block:
            self.breach(at, "must define either text or fields")
        if "text" in block:
            self.text(block["text"], f"{at}/text", SECTION_TEXT_CHARS)
        if "fields" in block:
            for n, item in enumerate(self.items(block["fields"], f"{at}/fields", SECTION_FIELDS)):
                self.text(item, f"{at}/fields/{n}", SECTION_FIELD_CHARS)

    def header(self, block: Mapping[str, Any], at: str) -> None:
        self.text(block.get("text"), f"{at}/text", HEADER_CHARS, PLAIN)

    def context(self, block: Mapping[str, Any], at: str) -> None:
        for n, element in enumerate(self.items(block.get("elements"), f"{at}/elements", CONTEXT_ELEMENTS, least=1)):
            if isinstance(element, dict) and element.get("type") in ANY_TEXT:
                self.text(element, f"{at}/elements/{n}")

    def actions(self, block: Mapping[str, Any], at: str) -> None:
        self.items(block.get("elements"), f"{at}/elements", ACTIONS_ELEMENTS, least=1)

    def input(self, block: Mapping[str, Any], at: str) -> None:
        self.text(block.get("label"), f"{at}/label", INPUT_LABEL_CHARS, PLAIN)
        self.optional_text(block, "hint", at, INPUT_HINT_CHARS)
        if "element" not in block:
            self.breach(f"{at}/element", "is required")

    # ------------------------------------------------------------- elements

    def interactive(self, block: Mapping[str, Any], at: str) -> None:
        """Each element of the block, and their action ids unique within it."""
        seen: set[str] = set()
        for where, element in _elements_of(block, at):
            if not self.is_object(element, where):
                continue
            self.element(element, where)
            action_id = element.get("action_id")
            if not isinstance(action_id, str):
                continue
            if action_id in seen:
                self.breach(f"{where}/action_id", f"action_id {action_id!r} is already used in this block")
            seen.add(action_id)

    def element(self, element: Mapping[str, Any], at: str) -> None:
        if "action_id" in element:
            self.length(element["action_id"], f"{at}/action_id", ID_CHARS)
        self.optional_text(element, "placeholder", at, PLACEHOLDER_CHARS)
        kind = _ELEMENTS.get(element.get("type"))
        if kind is not None:
            kind(self, element, at)

    def button(self, element: Mapping[str, Any], at: str) -> None:
        self.text(element.get("text"), f"{at}/text", BUTTON_TEXT_CHARS, PLAIN)
        if "value" in element:
            self.length(element["value"], f"{at}/value", BUTTON_VALUE_CHARS)
        if "url" in element:
            self.length(element["url"], f"{at}/url", BUTTON_URL_CHARS)

    def static_select(self, element: Mapping[str, Any], at: str) -> None:
        if ("options" in element) == ("option_groups" in element):
            self.breach(at, "must have either options or option_groups")
        offered: list[Any] = []
        if "options" in element:
            for n, option in enumerate(self.items(element["options"], f"{at}/options", SELECT_OPTIONS)):
                self.option(option, f"{at}/options/{n}")
                offered.append(option)
        if "option_groups" in element:
            for n, group in enumerate(self.items(element["option_groups"], f"{at}/option_groups", OPTION_GROUPS)):
                offered += self.option_group(group, f"{at}/option_groups/{n}")
        if "initial_option" in element:
            self.option(element["initial_option"], f"{at}/initial_option")
            if element["initial_option"] not in offered:
                self.breach(f"{at}/initial_option", "must exactly match one of the options")

    def option_group(self, group: Any, at: str) -> list[Any]:
        """A labelled group of a select's options; returns its options, which an initial option may be one of."""
        if not self.is_object(group, at):
            return []
        self.text(group.get("label"), f"{at}/label", OPTION_GROUP_LABEL_CHARS, PLAIN)
        options = self.items(group.get("options"), f"{at}/options", SELECT_OPTIONS, least=1)
        for n, option in enumerate(options):
            self.option(option, f"{at}/options/{n}")
        return options

    def radio_buttons(self, element: Mapping[str, Any], at: str) -> None:
        options = self.items(element.get("options"), f"{at}/options", RADIO_OPTIONS, least=1)
        for n, option in enumerate(options):
            self.option(option, f"{at}/options/{n}", ANY_TEXT)
        if "initial_option" in element:
            self.option(element["initial_option"], f"{at}/initial_option", ANY_TEXT)
            if element["initial_option"] not in options:
                self.breach(f"{at}/initial_option", "must exactly match one of the options")

    def option(self, option: Any, at: str, kinds: tuple[str, ...] = PLAIN) -> None:
        if self.is_object(option, at):
            self.text(option.get("text"), f"{at}/text", OPTION_TEXT_CHARS, kinds)
            self.length(option.get("value"), f"{at}/value", OPTION_VALUE_CHARS)
            self.optional_text(option, "description", at, OPTION_DESCRIPTION_CHARS, kinds)

    def checkboxes(self, element: Mapping[str, Any], at: str) -> None:
        options = self.items(element.get("options"), f"{at}/options", CHECKBOX_OPTIONS, least=1)
        for n, option in enumerate(options):
            self.option(option, f"{at}/options/{n}", ANY_TEXT)
        for n, option in enumerate(self.items(element.get("initial_options", []), f"{at}/initial_options",
                                              CHECKBOX_OPTIONS)):
            self.option(option, f"{at}/initial_options/{n}", ANY_TEXT)
            if option not in options:
                self.breach(f"{at}/initial_options/{n}", "must exactly match one of the options")

    def plain_text_input(self, element: Mapping[str, Any], at: str) -> None:
        for key, least in (("min_length", 0), ("max_length", 1)):
            value = element.get(key)
            if value is not None and not (isinstance(value, int) and least <= value <= INPUT_LENGTH_MOST):
                self.breach(f"{at}/{key}", f"must be between {least} and {INPUT_LENGTH_MOST}, not {value!r}")
        if "initial_value" not in element:
            return
        initial, most = element["initial_value"], element.get("max_length")
        if not isinstance(initial, str):
            self.breach(f"{at}/initial_value", "must be a string")
        elif isinstance(most, int) and len(initial) > most:
            self.breach(f"{at}/initial_value", f"is {len(initial)} characters, longer than max_length {most}: "
                        "the form could not be submitted unchanged", refused=False)

    def datepicker(self, element: Mapping[str, Any], at: str) -> None:
        if "initial_date" in element and not _is_day(element["initial_date"]):
            self.breach(f"{at}/initial_date", f"must be a date written YYYY-MM-DD, not {element['initial_date']!r}")


    def timepicker(self, element: Mapping[str, Any], at: str) -> None:
        initial = element.get("initial_time")
        if "initial_time" in element and not (isinstance(initial, str) and TIME_FORMAT.fullmatch(initial)):
            self.breach(f"{at}/initial_time", f"must be a time written HH:mm, not {initial!r}")


def _is_day(value: Any) -> bool:
    if not isinstance(value, str) or not DATE_FORMAT.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _elements_of(block: Mapping[str, Any], at: str) -> Iterator[tuple[str, Any]]:
    """The interactive elements a block holds, with their pointers: an actions block's elements, a
    section's accessory, an input's element. (A context block's elements are text and images.)"""
    if block.get("type") == "actions" and isinstance(block.get("elements"), list):
        for n, element in enumerate(block["elements"]):
            yield f"{at}/elements/{n}", element
    for key in ("accessory", "element"):
        if key in block:
            yield f"{at}/{key}", block[key]


_LAYOUTS = {
    "section": _Check.section,
    "header": _Check.header,
    "context": _Check.context,
    "actions": _Check.actions,
    "input": _Check.input,
}
_ELEMENTS = {
    "button": _Check.button,
    "static_select": _Check.static_select,
    "plain_text_input": _Check.plain_text_input,
    "datepicker": _Check.datepicker,
    "timepicker": _Check.timepicker,
    "checkboxes": _Check.checkboxes,
    "radio_buttons": _Check.radio_buttons,
}
