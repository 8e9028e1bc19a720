"""Checks a Block Kit payload the app sends: Slack's limits (the same rules the stand-in enforces) and
slack_sdk's models, which catch misspelt or unknown fields that the limits do not cover."""
from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.blockkit_rules import Breach, message_breaches, view_breaches


def _assert_no_breaches(breaches: list[Breach]) -> None:
    assert not breaches, "Block Kit rules broken:\n" + "\n".join(f"  {breach}" for breach in breaches)


def _check_models(blocks: list[dict[str, Any]]) -> None:
    """Each block survives a round trip through slack_sdk's model unchanged, so it has no field Slack ignores."""
    assert blocks, "expected blocks"
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
        assert block.to_dict() == raw


def assert_valid_message(params: dict[str, Any]) -> None:
    _assert_no_breaches(message_breaches(params))
    _check_models(params["blocks"])


def assert_valid_view(view: dict[str, Any]) -> None:
    _assert_no_breaches(view_breaches(view))
    View(**view).validate_json()
    _check_models(view["blocks"])


def all_text(blocks: list[dict[str, Any]]) -> str:
    """Every visible string in the blocks, for checking what a person would read."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return "\n".join(out)
