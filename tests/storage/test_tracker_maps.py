"""The tracker map file: written with a line saying what to edit under every key, read back as it was written,
and refused with one clear message naming the file and the key when its shape is wrong."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from governance.errors import ReadinessError
from governance.tracker_map import IGNORE, TrackerMap
from storage.tracker_maps import GUIDANCE, default_map_path, read_tracker_map, write_tracker_map

FULL = TrackerMap(
    sheets=("Theme 1", "Theme 5"),
    header_row=5,
    columns={"BRAG\nDec 17": "rating", "Lead officer": IGNORE, "Comments/Progress update (Dec)": "commentary",
             "2018": "note"},
    ratings={"Open": IGNORE, "Complete": "blue", "Yes": "green"},
    colours={"000000": "red", "FFC000": "amber"},
    owners={"HoS MASH": "sam.roe@example.org"},
    ref_pattern=r"\d+(\.\d+)*",
)


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tracker.map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- writing and reading back -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tracker_map", [FULL, TrackerMap()], ids=["full", "empty"])
def test_a_written_map_reads_back_as_it_was(tmp_path: Path, tracker_map: TrackerMap) -> None:
    path = tmp_path / "tracker.map.yaml"

    write_tracker_map(tracker_map, path, source="Tracker Dec 17.xlsx")

    assert read_tracker_map(path) == tracker_map


def test_the_file_says_which_tracker_it_reads_and_what_to_edit_under_each_key(tmp_path: Path) -> None:
    path = tmp_path / "tracker.map.yaml"

    write_tracker_map(TrackerMap(), path, source="Tracker Dec 17.xlsx")

    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '# How readiness reads the tracker "Tracker Dec 17.xlsx".'
    keys = [line.split(":")[0] for line in lines if line and not line.startswith(("#", " ", "-"))]
    assert keys == [f.name for f in fields(TrackerMap)]
    for key in keys:
        assert lines[lines.index(next(line for line in lines if line.startswith(f"{key}:"))) - 1] == \
            f"# {GUIDANCE[key]}"
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == {
        "sheets": [], "header_row": None, "columns": {}, "ratings": {}, "colours": {}, "owners": {},
        "ref_pattern": None}


def test_a_header_with_a_line_break_is_written_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "tracker.map.yaml"

    write_tracker_map(TrackerMap(columns={"BRAG\nDec 17": "rating"}), path, source="t.xlsx")

    assert '"BRAG\\nDec 17"' in path.read_text(encoding="utf-8")


def test_every_key_has_guidance() -> None:
    assert list(GUIDANCE) == [f.name for f in fields(TrackerMap)]


def test_a_map_of_comments_only_or_empty_keys_is_the_empty_map(tmp_path: Path) -> None:
    assert read_tracker_map(written(tmp_path, "# nothing chosen yet\n")) == TrackerMap()
    assert read_tracker_map(written(tmp_path, "sheets:\ncolumns:\nheader_row:\n")) == TrackerMap()


def test_a_hand_written_map_is_read(tmp_path: Path) -> None:
    path = written(tmp_path, "sheets: [Actions]\nheader_row: 3\ncolumns:\n  Status: ignore\n"
                             "ratings: {Complete: blue}\n")

    assert read_tracker_map(path) == TrackerMap(sheets=("Actions",), header_row=3, columns={"Status": IGNORE},
                                                ratings={"Complete": "blue"})


def test_the_map_sits_beside_the_tracker_named_after_it() -> None:
    assert default_map_path(Path("plans/Tracker Dec 17.xlsx")) == Path("plans/Tracker Dec 17.map.yaml")
    assert default_map_path(Path("actions.csv")) == Path("actions.map.yaml")


# --- refusals ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("- sheets\n", "tracker.map.yaml: expected keys (sheets, header_row, columns, ratings, colours, owners, "
                   "ref_pattern), one a line"),
    ("sheet: [Actions]\n", "tracker.map.yaml: unknown key 'sheet' (keys: sheets, header_row, columns, ratings, "
                           "colours, owners, ref_pattern)"),
    ("columns: [Ref, Action]\n", "tracker.map.yaml: columns must map a header to a field"),
    ("columns:\n  2018: note\n", "tracker.map.yaml: columns must map a header to a field (2018 is not text: "
                                 "put it in quotes)"),
    ("columns:\n  Status:\n", "tracker.map.yaml: columns must map a header to a field ('Status' maps to nothing)"),
    ("ratings:\n  Yes: green\n", "tracker.map.yaml: ratings must map a word to a BRAG code (True is not text: "
                                 "put it in quotes)"),
    ("ratings: Complete\n", "tracker.map.yaml: ratings must map a word to a BRAG code"),
    ("colours:\n  000000: red\n", "tracker.map.yaml: colours must map a colour (RRGGBB) to a BRAG code "
                                  "(0 is not text: put it in quotes)"),
    ("owners:\n  HoS MASH: [sam@example.org]\n", "tracker.map.yaml: owners must map a name to an e-mail address "
                                                 "(['sam@example.org'] is not text: put it in quotes)"),
    ("sheets: Actions\n", "tracker.map.yaml: sheets must be a list of sheet names"),
    ("sheets: [Actions, 5]\n", "tracker.map.yaml: sheets must be a list of sheet names"),
    ("header_row: 0\n", "tracker.map.yaml: header_row must be a row number (1 or more), or empty"),
    ("header_row: five\n", "tracker.map.yaml: header_row must be a row number (1 or more), or empty"),
    ("header_row: yes\n", "tracker.map.yaml: header_row must be a row number (1 or more), or empty"),
    ("ref_pattern: 12\n", "tracker.map.yaml: ref_pattern must be text"),
])
def test_a_map_of_the_wrong_shape_is_one_error_naming_the_file_and_key(tmp_path: Path, text: str,
                                                                        message: str) -> None:
    with pytest.raises(ReadinessError) as caught:
        read_tracker_map(written(tmp_path, text))

    assert str(caught.value) == message


def test_a_map_that_is_not_yaml_is_one_error_naming_the_line(tmp_path: Path) -> None:
    path = written(tmp_path, "sheets: [Actions]\ncolumns: {Ref: ref\n")

    with pytest.raises(ReadinessError, match=r"^tracker\.map\.yaml: not YAML \(line \d+\): "):
        read_tracker_map(path)


def test_a_missing_map_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReadinessError, match=r"^no map file .*missing\.map\.yaml$"):
        read_tracker_map(tmp_path / "missing.map.yaml")


def test_a_map_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "tracker.map.yaml"
    path.write_bytes("columns: {Budget £: note}\n".encode("utf-16"))

    with pytest.raises(ReadinessError, match=r"^cannot read tracker\.map\.yaml: "):
        read_tracker_map(path)
