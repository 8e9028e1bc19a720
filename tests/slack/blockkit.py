"""Checks every Block Kit payload the app sends against slack_sdk's models and Slack's limits."""
from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100


def _check_blocks(blocks: list[dict[str, Any]], limit: int) -> None:
    assert 0 < len(blocks) <= limit, f"{len(blocks)} blocks (limit {limit})"
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
        assert block.to_dict() == raw
        text = (raw.get("text") or {}).get("text", "")
        assert len(text) <= (150 if raw["type"] == "header" else 3000)
        for element in raw.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75


def assert_valid_message(params: dict[str, Any]) -> None:
    assert params.get("text"), "a message needs fallback text"
    _check_blocks(params["blocks"], MESSAGE_BLOCKS)


def assert_valid_view(view: dict[str, Any]) -> None:
    View(**view).validate_json()
    _check_blocks(view["blocks"], SURFACE_BLOCKS)


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
