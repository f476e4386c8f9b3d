"""Read an uploaded file into a header and numbered rows: CSV (UTF-8 or GBK/GB18030), XLSX or JSON.

Row numbers are what the user sees: in CSV and XLSX the header is row 1 and the first data row is
row 2 (blank rows count but are skipped); in a JSON array the first object is row 1; in JSON lines
the row is the line number. An unreadable file is one 422 naming `file`.
"""

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import Any, BinaryIO

from openpyxl import load_workbook

from shared.errors import ValidationFailed


class FileFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


_EXTENSIONS = {
    ".csv": FileFormat.csv,
    ".tsv": FileFormat.csv,
    ".txt": FileFormat.csv,
    ".xlsx": FileFormat.xlsx,
    ".xlsm": FileFormat.xlsx,
    ".json": FileFormat.json,
    ".jsonl": FileFormat.json,
    ".ndjson": FileFormat.json,
}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls
# Tried in order; GB18030 is a superset of GBK and GB2312, the encodings Chinese Excel saves CSV in.
_TEXT_ENCODINGS = ("utf-8", "gb18030")
_CSV_DELIMITERS = ",\t;"

Row = tuple[int, dict[str, Any]]


@dataclass
class Table:
    columns: list[str]
    rows: Iterator[Row]
    # CSV only: text quoted with ' against formulas (as exports write it) is unquoted on import.
    quoted_formulas: bool = False
    # Columns without a header found to hold values while reading the rows (reported, not read).
    unnamed: list[str] = field(default_factory=list)

    def cells(self, number: int, values: Sequence[Any]) -> dict[str, Any]:
        """A row's cells by column; values beyond the header are noted as an unnamed column."""
        for index in range(len(self.columns), len(values)):
            name = f"(column {index + 1})"
            if _filled(values[index]) and name not in self.unnamed:
                self.unnamed.append(name)
        return dict(zip(self.columns, values, strict=False))


def file_error(reason: str) -> ValidationFailed:
    return ValidationFailed.field("file", reason)


def detect_format(filename: str | None, head: bytes) -> FileFormat:
    """The format named by the file's extension, else the one its first bytes show."""
    if head.startswith(_OLE_MAGIC):
        raise file_error("Excel 97-2003 (.xls) files are not supported; save the sheet as .xlsx")
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if head.startswith(_ZIP_MAGIC):
        return FileFormat.xlsx
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return FileFormat.json
    return FileFormat.csv


def open_table(stream: BinaryIO, filename: str | None, file_format: FileFormat | None = None) -> Table:
    """Read a seekable binary file in the given format, or the one its name or content shows."""
    head = stream.read(8)
    stream.seek(0)
    if not head:
        raise file_error("the file is empty")
    return read_table(stream, file_format or detect_format(filename, head))


def read_table(stream: BinaryIO, file_format: FileFormat) -> Table:
    if file_format is FileFormat.xlsx:
        return _read_xlsx(stream)
    text = decode_text(stream.read())
    if file_format is FileFormat.json:
        return _read_json(text)
    return _read_csv(text)


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    data = data.removeprefix(b"\xef\xbb\xbf")
    for encoding in _TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise file_error("the file is neither UTF-8 nor GBK/GB18030 text")


def _read_csv(text: str) -> Table:
    first_line = text.split("\n", 1)[0]
    delimiter = max(_CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise file_error(f"not a readable CSV file: {exc}") from exc

    def rows() -> Iterator[Row]:
        number = 1
        try:
            for record in reader:
                number += 1
                if any(map(_filled, record)):
                    yield number, table.cells(number, record)
        except csv.Error as exc:
            raise file_error(f"row {number + 1} is not readable CSV: {exc}") from exc

    table = Table(_header(header), rows(), quoted_formulas=True)
    return table


def _read_xlsx(stream: BinaryIO) -> Table:
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails in many ways on a broken file
        raise file_error("not a readable XLSX workbook") from exc

    def sheet_rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        number = 0
        try:
            for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
                if any(map(_filled, values)):
                    yield number, values
        except Exception as exc:  # a broken sheet inside a readable workbook
            raise file_error(f"row {number + 1} of the first sheet is not readable") from exc
        finally:
            workbook.close()

    numbered = sheet_rows()
    _, header = next(numbered, (0, ()))
    table = Table(_header(["" if value is None else str(value) for value in header]), iter(()))
    table.rows = ((number, table.cells(number, values)) for number, values in numbered)
    return table


def _read_json(text: str) -> Table:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise file_error(f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        numbered = list(enumerate(items, start=1))
        what = "item"
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise file_error(
                    f"line {number} is not valid JSON ({exc.msg}); give an array of objects or one object per line"
                ) from exc
        what = "line"
    for number, item in numbered:
        if not isinstance(item, dict):
            raise file_error(f"{what} {number} is not a JSON object")
    columns = list(dict.fromkeys(key for _, item in numbered for key in item))
    return Table(columns, iter(numbered))


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _header(cells: list[str]) -> list[str]:
    """Column names by position. A blank header cell gets a placeholder name (its values are reported as
    ignored, never silently dropped); a repeated name is refused, since one of the columns would be lost.
    """
    while cells and not _filled(cells[-1]):
        cells = cells[:-1]
    if not cells:
        raise file_error("the file has no header row")
    columns = [str(cell).strip() or f"(column {index})" for index, cell in enumerate(cells, start=1)]
    for index, name in enumerate(columns):
        if name in columns[:index]:
            raise file_error(f"column '{name}' appears twice in the header")
    return columns
