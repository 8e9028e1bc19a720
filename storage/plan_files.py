"""Plan files in the template's three forms: YAML (nested), Excel (one sheet each) and CSV (actions).

Reading YAML gives sheets of rows with canonical column names; reading Excel or CSV gives grids
(storage/workbook.py), since a PMO's tracker must first be laid out as template sheets by the tracker reader.
Writing gives the template's own layout, so an export imports back unchanged.

A spreadsheet opens what the bot writes, and the text in it comes from anyone who sends an update,
so no text cell may run as a formula. In CSV (text only, typed by whoever opens it) a text cell that
would (OWASP CSV injection, ASVS 1.2.10: it starts with `=`, `+`, `-`, `@`, tab, carriage return or
NUL) gets a leading `'`, which reading takes off again; in Excel every text cell is typed as text,
and characters XML cannot hold are written in Excel's own `_xHHHH_` escapes, decoded on reading as
Excel decodes them (both undone in storage/workbook.py).
"""
from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

import yaml
from openpyxl import Workbook

from governance.errors import PlanInvalid, ReadinessError
from governance.grids import Grid
from governance.template import SHEETS, canonical_column
from storage.workbook import read_csv_grid, read_workbook

Sheets = dict[str, list[dict[str, Any]]]
PlanFile = Sheets | list[Grid]
"""What a plan file holds: template sheets (YAML), or grids still to be laid out as sheets (Excel, CSV)."""
EXAMPLES = Path(__file__).with_name("examples")
FORMATS = ("yaml", "xlsx", "csv")


def example_path(name: str) -> Path:
    path = EXAMPLES / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
        raise ReadinessError(f"no example {name!r}; examples: {known}")
    return path


def read_plan_file(path: Path) -> PlanFile:
    """The file's sheets (YAML) or grids (Excel; CSV as one grid named "actions"); a file that cannot be read
    at all is one clear error."""
    if not path.is_file():
        raise ReadinessError(f"no file {path}")
    suffix = path.suffix.lower().lstrip(".")
    try:
        if suffix in ("yaml", "yml"):
            return _from_yaml(path.read_text(encoding="utf-8"))
        if suffix == "xlsx":
            return read_workbook(path)
        if suffix == "csv":
            return [read_csv_grid(path.read_text("utf-8-sig"))]
    except (yaml.YAMLError, UnicodeDecodeError, csv.Error, OSError, KeyError, ValueError) as exc:
        raise ReadinessError(f"cannot read {path.name}: {exc}") from None
    raise ReadinessError(f"cannot import {path.name}: use a .yaml, .xlsx or .csv file")


def _canonical_rows(sheet: str, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{canonical_column(sheet, k): v for k, v in row.items() if k is not None} for row in rows]


FORMULA_QUOTE = re.compile(r"'*[=+\-@\t\r\x00]")
"""Text the CSV writer quotes: what a spreadsheet would run as a formula, and, so that reading
(storage/workbook.QUOTED_FORMULA) takes exactly the quote the writer added, the same text already behind quotes
(`'=x` is written `''=x`)."""


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and FORMULA_QUOTE.match(value):
        return "'" + value
    return "" if value is None else value


def _from_yaml(text: str) -> Sheets:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise PlanInvalid(["the file is not a YAML mapping of sheets (themes:, actions:, ...)"])
    sheets: Sheets = {}
    for name, value in data.items():
        if name == "plan" and isinstance(value, dict):
            sheets["plan"] = [value]
        elif not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise PlanInvalid([f"{name}: expected a list of entries"])
        elif name == "visits":
            sheets["visits"] = [{k: v for k, v in item.items() if k != "focus_areas"} for item in value]
            sheets["focus_areas"] = [dict(area, visit=item.get("start"))
                                     for item in value for area in item.get("focus_areas") or []]
        elif name == "indicators":
            sheets["indicators"] = [{k: v for k, v in item.items() if k != "values"} for item in value]
            sheets["indicator_values"] = [dict(point, indicator=item.get("key"))
                                          for item in value for point in item.get("values") or []]
        else:
            sheets[name] = _canonical_rows(name, value) if name in SHEETS else value
    return sheets


XML_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
"""What a cell's text cannot hold as itself: control characters XML refuses (and a carriage return, which XML
reads as a line feed), and an underscore that would otherwise read as the start of an escape (storage/workbook.py
decodes them on reading)."""


def _to_ooxml(text: str) -> str:
    return XML_UNSAFE.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def write_plan_file(sheets: Sheets, path: Path) -> None:
    """Writes template sheets as YAML, Excel or CSV (the actions sheet), chosen by the file's suffix."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("yaml", "yml"):
        path.write_text(yaml_text(sheets), encoding="utf-8")
    elif suffix == "xlsx":
        _to_xlsx(sheets, path)
    elif suffix == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            _write_csv(sheets["actions"], SHEETS["actions"], handle)
    else:
        raise ReadinessError(f"cannot export to {path.name}: use a .yaml, .xlsx or .csv file")


def yaml_text(sheets: Sheets) -> str:
    """The sheets as the example plan is written: focus areas inside their visit, values inside their indicator,
    lists as lists, and nothing that says no more than leaving the key out."""
    visits = [dict(_drop_empty(v), focus_areas=[_focus_area(f) for f in sheets["focus_areas"]
                                                if f["visit"] == v["start"]])
              for v in sheets["visits"]]
    indicators = [dict(_drop_empty(i), themes=_numbers(i["themes"]),
                       values=[_drop_empty({k: v for k, v in p.items() if k != "indicator"})
                               for p in sheets["indicator_values"] if p["indicator"] == i["key"]])
                  for i in sheets["indicators"]]
    bodies = [dict(_drop_empty(b), dates=[d.strip() for d in b["dates"].split(";")]) if b.get("dates")
              else _drop_empty(b) for b in sheets["bodies"]]
    document = {
        "plan": sheets["plan"][0],
        "themes": [_drop_empty(t) for t in sheets["themes"]],
        "people": [_drop_empty(p) for p in sheets["people"]],
        "bodies": bodies,
        "actions": [_drop_empty(a) for a in sheets["actions"]],
        "updates": [_drop_empty(u) for u in sheets["updates"]],
        "visits": visits,
        "indicators": indicators,
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)


def _focus_area(row: dict[str, Any]) -> dict[str, Any]:
    refs = [ref.strip() for ref in row["actions"].split(";") if ref.strip()]
    return {"name": row["name"], "themes": _numbers(row["themes"]), **({"actions": refs} if refs else {})}


def _numbers(text: str) -> list[int]:
    return [int(n) for n in text.split(";") if n.strip()]


def _drop_empty(row: dict[str, Any]) -> dict[str, Any]:
    """Leaves out empty text, no value and a flag that is not set; a zero (a target of 0, no days' notice) stays."""
    return {k: v for k, v in row.items() if v is not None and v is not False and v != ""}


def _to_xlsx(sheets: Sheets, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (required, optional) in SHEETS.items():
        worksheet = workbook.create_sheet(name)
        columns = required + optional
        worksheet.append(list(columns))
        for number, row in enumerate(sheets.get(name, []), start=2):
            for column, name_ in enumerate(columns, start=1):
                cell = worksheet.cell(number, column, _cell(row.get(name_)))
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    workbook.save(path)


def _cell(value: Any) -> Any:
    """Numbers and dates as themselves; anything else as text, which the caller types as text so that nothing
    (`=…`, `#REF!`) is read as a formula or an error."""
    if isinstance(value, (date, datetime, int, float)) or value is None:
        return value
    return _to_ooxml(str(value))


def _write_csv(rows: list[dict[str, Any]], columns: tuple[tuple[str, ...], tuple[str, ...]], handle: Any) -> None:
    writer = csv.DictWriter(handle, fieldnames=list(columns[0] + columns[1]), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
