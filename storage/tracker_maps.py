"""A tracker map as a YAML file beside the tracker: written by `import --preview --save-map`, edited by the PMO,
and read on the next import, so next month's copy of the same tracker is read the same way.

Only the file's shape is checked here; whether a field name or a BRAG code is one the plan knows is for the
tracker reader, which knows them and can name the column it came from.
"""
from __future__ import annotations

from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import yaml

from governance.errors import ReadinessError
from governance.tracker_map import TrackerMap

GUIDANCE = {
    "sheets": "Sheets that hold actions, by name; empty: every sheet that looks like an actions sheet.",
    "header_row": "The row that holds the column headers on every actions sheet (1 = the first); "
                  "empty: found by looking.",
    "columns": "Each column header as the sheet has it: the field it fills (ref, title, owner, due, rating, ...), "
               "note, or ignore.",
    "ratings": "Words in the rating column (Open, Closed, Complete) and the BRAG code each means, or ignore.",
    "colours": "Fill colours ('RRGGBB', in quotes) and the BRAG code each means, besides the BRAG key's own.",
    "owners": "Names the tracker gives an owner (a job title, initials) and the person's e-mail address.",
    "ref_pattern": "A regular expression for action refs, when the plan's own setting does not fit; "
                   "empty: the plan's.",
}
"""What to edit under each key, written above it: the PMO edits this file, not the code."""

MAPPINGS = {
    "columns": "a header to a field",
    "ratings": "a word to a BRAG code",
    "colours": "a colour (RRGGBB) to a BRAG code",
    "owners": "a name to an e-mail address",
}


def default_map_path(tracker: Path) -> Path:
    """Beside the tracker, named after it: `Tracker Dec 17.xlsx` -> `Tracker Dec 17.map.yaml`."""
    return tracker.with_suffix(".map.yaml")


def read_tracker_map(path: Path) -> TrackerMap:
    """The map in the file; a missing file, bad YAML or a key of the wrong shape is one clear error."""
    if not path.is_file():
        raise ReadinessError(f"no map file {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        raise ReadinessError(f"{path.name}: not YAML{_yaml_problem(problem)}") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise ReadinessError(f"cannot read {path.name}: {problem}") from None
    return _tracker_map(path.name, data)


def _yaml_problem(problem: yaml.YAMLError) -> str:
    """PyYAML's own message runs over several lines quoting the file; the line and the gist are enough."""
    mark = getattr(problem, "problem_mark", None)
    line = f" (line {mark.line + 1})" if mark else ""
    return f"{line}: {getattr(problem, 'problem', None) or problem}"


def _tracker_map(name: str, data: Any) -> TrackerMap:
    """A file of comments only is the empty map; so is a key left empty."""
    known = [f.name for f in fields(TrackerMap)]
    if data is None:
        return TrackerMap()
    if not isinstance(data, dict):
        raise ReadinessError(f"{name}: expected keys ({', '.join(known)}), one a line")
    for key in data:
        if key not in known:
            raise ReadinessError(f"{name}: unknown key {key!r} (keys: {', '.join(known)})")
    values = {key: _value(name, key, value) for key, value in data.items() if value is not None}
    return TrackerMap(**values)


def _value(name: str, key: str, value: Any) -> Any:
    if key == "sheets":
        if not isinstance(value, list) or not all(isinstance(sheet, str) for sheet in value):
            raise ReadinessError(f"{name}: sheets must be a list of sheet names")
        return tuple(value)
    if key == "header_row":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ReadinessError(f"{name}: header_row must be a row number (1 or more), or empty")
        return value
    if key == "ref_pattern":
        if not isinstance(value, str):
            raise ReadinessError(f"{name}: ref_pattern must be text")
        return value
    return _mapping(name, key, value)


def _mapping(name: str, key: str, value: Any) -> dict[str, str]:
    """YAML reads an unquoted `Yes`, `2018` or `000000` as something other than text; saying which entry and
    that quotes fix it is shorter than any guess at what the PMO meant."""
    must = f"{name}: {key} must map {MAPPINGS[key]}"
    if not isinstance(value, dict):
        raise ReadinessError(must)
    for entry, target in value.items():
        if target is None:
            raise ReadinessError(f"{must} ({entry!r} maps to nothing)")
        for part in (entry, target):
            if not isinstance(part, str):
                raise ReadinessError(f"{must} ({part!r} is not text: put it in quotes)")
    return dict(value)


def write_tracker_map(tracker_map: TrackerMap, path: Path, *, source: str) -> None:
    """Every key, empty ones too so the PMO sees what can be set, each under a line saying what to edit."""
    values = asdict(tracker_map)
    lines = [f"# How readiness reads the tracker \"{_one_line(source)}\".",
             "# Edit it if a column or a rating is read wrongly; an import finds it beside the tracker, "
             "or give it with --map."]
    for key in (f.name for f in fields(TrackerMap)):
        lines += ["", f"# {GUIDANCE[key]}", _yaml_entry(key, values[key])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _yaml_entry(key: str, value: Any) -> str:
    if value is None:
        return f"{key}:"
    plain = list(value) if isinstance(value, tuple) else value
    return yaml.dump({key: plain}, Dumper=_MapDumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=110).rstrip("\n")


class _MapDumper(yaml.SafeDumper):
    """Writes a header with a line break in it (`BRAG` over `Dec 17` in one cell) as `"BRAG\\nDec 17"`, on one line,
    rather than as YAML's folded text, which reads as two headers."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"' if "\n" in text else None)


_MapDumper.add_representer(str, _text)


def _one_line(text: str) -> str:
    return " ".join(text.split())
