"""Text from people and the plan, made safe for a terminal.

Names, titles and commentary come from anyone with a plan file or a Slack account and reach the PMO's
terminal, so they are shown as text: never read as rich markup, and with every control character made
visible instead of obeyed (an escape sequence could clear the screen, retitle the window or hide a link).
"""
from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.text import Text

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 but tab and line feed, DEL and C1: the characters a terminal obeys rather than shows."""


def printable(text: str) -> str:
    """The text with each line break kept as a line feed (a lone carriage return would let text overwrite its own
    line) and every other control character as its visible picture (ESC as ␛; C1 as �)."""
    return CONTROLS.sub(_picture, re.sub(r"\r\n?", "\n", text))


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def shown(text: str, style: str = "") -> Text:
    """Text from people or the plan as rich text: printable, and never read as markup or emoji codes."""
    return Text(printable(text), style=style)


class PlainConsole(Console):
    """A console on which every plain string, including those a command builds with a name in it, is printable
    text: markup and emoji codes are off, and control characters are shown rather than obeyed."""

    def __init__(self, *, width: int | None = None) -> None:
        super().__init__(width=width, highlight=False, markup=False, emoji=False)

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(printable(text), **options)


def make_console(width: int | None = None) -> Console:
    return PlainConsole(width=width)
