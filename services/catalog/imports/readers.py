"""Read an uploaded file into a header and numbered rows: CSV (UTF-8 or GBK/GB18030), XLSX or JSON.

Nothing a file declares is trusted: every read stays within `ImportLimits` (rows, columns, cells, the
unpacked size of an XLSX, JSON nesting, digits of a number; each a Settings field), an XLSX sheet is
read as its rows are stored (a declared dimension of A1:XFD1048576 fills nothing), and an XLSX's zip
directory is checked before anything is unpacked.

Row numbers are what the user sees: in CSV and XLSX the header is row 1 and the first data row is
row 2 (blank rows count but are skipped); in a JSON array the first object is row 1; in JSON lines
the row is the line number. A file that cannot be read as a whole (its encoding, a broken zip, a limit
passed) is one 422 naming `file`. A row that cannot be read cleanly (a CSV quote left open, an Excel
formula or error value) comes as `Unreadable`: the importer reports it and stores nothing of it.

Text is UTF-8 (with or without BOM) or GB18030 (which includes GBK and GB2312, what Chinese Excel saves
CSV in); anything else is refused, never guessed: UTF-16, NUL bytes, two encodings in one file, and
Big5 (traditional Chinese), which GB18030 would otherwise decode without error into the wrong characters.
"""

import csv
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import Any, BinaryIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from shared.errors import AppError, ValidationFailed
from shared.settings import Settings


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
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CSV_DELIMITERS = ",\t;"
# A JSON string (escapes included), to find the brackets outside strings.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]")
_HANZI = re.compile(r"[\u4e00-\u9fff]")
# What Chinese text is mostly written in, by the character's first byte in its encoding: GB2312's
# punctuation, numbers and full-width rows (A1-A3) and its hanzi (B0-F7; kana, Greek, pinyin, bopomofo
# between are rare); Big5's symbols (A1-A3) and level-1 hanzi (A4-C6).
_GB_COMMON_LEADS = frozenset([0xA1, 0xA2, 0xA3, *range(0xB0, 0xF8)])
_BIG5_COMMON_LEADS = frozenset(range(0xA1, 0xC7))


@dataclass(frozen=True)
class ImportLimits:
    rows: int
    columns: int
    cells: int
    uncompressed_bytes: int
    nesting: int
    digits: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "ImportLimits":
        return cls(
            rows=settings.import_max_rows,
            columns=settings.import_max_columns,
            cells=settings.import_max_cells,
            uncompressed_bytes=settings.import_max_uncompressed_bytes,
            nesting=settings.import_max_nesting,
            digits=settings.import_max_digits,
        )


@dataclass(frozen=True)
class Unreadable:
    """A row the reader could not read cleanly; the reason is reported on the row's `row` field."""

    reason: str


Row = tuple[int, dict[str, Any] | Unreadable]


@dataclass
class Table:
    columns: list[str]
    limits: ImportLimits
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))
    # CSV only: text quoted with ' against formulas (as exports write it) is unquoted on import.
    quoted_formulas: bool = False
    # Columns without a header found to hold values while reading the rows (reported, not read).
    unnamed: list[str] = field(default_factory=list)
    rows_read: int = 0
    cells_read: int = 0

    def cells(self, values: Sequence[Any]) -> dict[str, Any]:
        """A row's cells by column; values beyond the header are noted as an unnamed column."""
        for index in range(len(self.columns), len(values)):
            name = f"(column {index + 1})"
            if _filled(values[index]) and name not in self.unnamed:
                self.unnamed.append(name)
        self.count(values)
        return dict(zip(self.columns, values, strict=False))

    def count(self, values: Sequence[Any]) -> None:
        """Count a data row and its filled cells against the limits."""
        self.rows_read += 1
        self.cells_read += len(values) - values.count(None) - values.count("")
        if self.rows_read > self.limits.rows:
            raise file_error(f"the file has more than {self.limits.rows:,} data rows; split it into parts")
        if self.cells_read > self.limits.cells:
            raise file_error(
                f"the file has more than {self.limits.cells:,} filled cells; split it into parts"
            )


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
    if head.lstrip(_UTF8_BOM + b" \t\r\n")[:1] in (b"[", b"{"):
        return FileFormat.json
    return FileFormat.csv


def open_table(
    stream: BinaryIO, filename: str | None, limits: ImportLimits, file_format: FileFormat | None = None
) -> Table:
    """Read a seekable binary file in the given format, or the one its name or content shows."""
    head = stream.read(8)
    stream.seek(0)
    if not head:
        raise file_error("the file is empty")
    return read_table(stream, file_format or detect_format(filename, head), limits)


def read_table(stream: BinaryIO, file_format: FileFormat, limits: ImportLimits) -> Table:
    if file_format is FileFormat.xlsx:
        return _read_xlsx(stream, limits)
    text = decode_text(stream.read())
    if file_format is FileFormat.json:
        return _read_json(text, limits)
    return _read_csv(text, limits)


# --- text encodings --------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or GB18030; any other encoding is refused with what was found."""
    if data.startswith(_UTF16_BOMS):
        raise file_error("the file is UTF-16 text; save it as UTF-8 (Excel: CSV UTF-8) or GBK")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise file_error(
            f"the file holds a NUL byte (byte {nul + 1}): it is binary or UTF-16/UTF-32, not CSV or JSON text"
        )
    data = data.removeprefix(_UTF8_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    _refuse_mixed_encodings(data)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise file_error(
            f"the file is neither UTF-8 nor GBK/GB18030 text (byte 0x{data[exc.start]:02X} on line {line}); "
            "save it as UTF-8"
        ) from exc
    _refuse_big5(data, text)
    return text


def _refuse_mixed_encodings(data: bytes) -> None:
    """Lines of UTF-8 beside lines that are not: a file pasted together from two sources."""
    utf8_line = other_line = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or number
        except UnicodeDecodeError:
            other_line = other_line or number
        if utf8_line and other_line:
            raise file_error(
                f"the file mixes encodings: line {utf8_line} is UTF-8 but line {other_line} is not; "
                "save the whole file in one encoding (UTF-8)"
            )


def _refuse_big5(data: bytes, text: str) -> None:
    """Refuse Big5 text that GB18030 decodes without error. Text written in GBK keeps almost wholly to
    GB2312's hanzi and punctuation; Big5 read as GBK does not (its trail bytes 0x40-0x7E land in GBK's
    extension and user-defined areas, many others in GB2312's kana and bopomofo rows), while read as
    Big5 it keeps to Big5's level-1 hanzi and symbols. The reading whose characters are the more
    common is the file's encoding; a tie (no rare character in the GB reading) is GBK."""
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        return
    gb_rare = _rare_share(text, "gb2312", _GB_COMMON_LEADS)
    if not gb_rare:
        return
    big5_rare = _rare_share(big5, "big5", _BIG5_COMMON_LEADS)
    if big5_rare < gb_rare:
        sample = next((line.strip() for line in big5.splitlines() if _HANZI.search(line)), "")[:30]
        raise file_error(
            f"the file looks like Big5 (traditional Chinese) text, e.g. '{sample}'; save it as UTF-8"
        )


def _rare_share(text: str, encoding: str, common_leads: frozenset[int]) -> float:
    """The share of the non-ASCII characters that are not common in `encoding`."""
    counts = Counter(char for char in text if not char.isascii())
    total = sum(counts.values())
    rare = sum(count for char, count in counts.items() if not _common(char, encoding, common_leads))
    return rare / total if total else 0.0


def _common(char: str, encoding: str, common_leads: frozenset[int]) -> bool:
    try:
        return char.encode(encoding)[0] in common_leads
    except UnicodeEncodeError:
        return False


# --- CSV -------------------------------------------------------------------------------------------


def _read_csv(text: str, limits: ImportLimits) -> Table:
    first_line = text.split("\n", 1)[0]
    delimiter = max(_CSV_DELIMITERS, key=first_line.count)
    # strict: a quote left open to the end of the file, or text after a closing quote, is an error
    # (not a cell that silently swallows the rows after it).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise file_error(f"the header row is not readable CSV: {exc}") from exc
    table = Table(_header(header, limits), limits, quoted_formulas=True)

    def rows() -> Iterator[Row]:
        number = 1
        while True:
            first_line = reader.line_num + 1
            number += 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                lines = (
                    f"line {first_line}"
                    if reader.line_num <= first_line
                    else f"lines {first_line}-{reader.line_num}"
                )
                table.count(())
                yield (
                    number,
                    Unreadable(
                        f"{lines} of the file are not readable CSV ({exc}): a quote left open joins the rows "
                        "after it; none of them was read"
                    ),
                )
                continue
            if len(record) > limits.columns:
                raise file_error(f"row {number} has {len(record)} columns; at most {limits.columns} are read")
            if any(map(_filled, record)):
                yield number, table.cells(record)

    table.rows = rows()
    return table


# --- XLSX ------------------------------------------------------------------------------------------


def _read_xlsx(stream: BinaryIO, limits: ImportLimits) -> Table:
    _check_zip(stream, limits)
    try:
        # data_only=False: a formula is seen as one (and reported), never read as a blank cell.
        workbook = load_workbook(stream, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl fails in many ways on a broken file
        raise file_error("not a readable XLSX workbook") from exc
    # The declared dimension is not trusted: rows are read as stored, missing rows and cells not made.
    sheet.reset_dimensions()

    def sheet_rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        number = 0
        try:
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                if len(cells) > limits.columns:
                    column = get_column_letter(len(cells))
                    raise file_error(
                        f"row {number} has a value in column {column} ({len(cells)}); "
                        f"at most {limits.columns} columns are read"
                    )
                if any(_filled(cell.value) for cell in cells):
                    yield number, cells
        except AppError:
            raise
        except Exception as exc:  # a broken sheet inside a readable workbook
            raise file_error(f"row {number + 1} of the first sheet is not readable") from exc
        finally:
            workbook.close()

    numbered = sheet_rows()
    _, header = next(numbered, (0, ()))
    table = Table(_header(["" if cell.value is None else str(cell.value) for cell in header], limits), limits)

    def rows() -> Iterator[Row]:
        for number, cells in numbered:
            problem = next((reason for cell in cells if (reason := _cell_problem(cell))), None)
            if problem:
                table.count([cell.value for cell in cells])
                yield number, Unreadable(problem)
            else:
                yield number, table.cells([cell.value for cell in cells])

    table.rows = rows()
    return table


def _check_zip(stream: BinaryIO, limits: ImportLimits) -> None:
    """The zip directory is read before anything is unpacked; members together must stay within the
    limit (Python's zip reader never unpacks more than a member's declared size)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise file_error("not a readable XLSX workbook: the zip is damaged or cut short") from exc
    if unpacked > limits.uncompressed_bytes:
        raise file_error(
            f"the workbook unpacks to {unpacked:,} bytes; at most {limits.uncompressed_bytes:,} are read "
            "(split the sheet, or it is a zip bomb)"
        )
    stream.seek(0)


def _cell_problem(cell: Any) -> str | None:
    data_type = getattr(cell, "data_type", None)
    if data_type == "f":
        return f"cell {cell.coordinate} holds a formula ({str(cell.value)[:40]}); paste its value instead"
    if data_type == "e":
        return f"cell {cell.coordinate} holds an Excel error ({cell.value})"
    return None


# --- JSON ------------------------------------------------------------------------------------------


class _Refused(ValueError):
    pass


def _read_json(text: str, limits: ImportLimits) -> Table:
    deepest = _nesting(text)
    if deepest > limits.nesting:
        raise file_error(f"the JSON nests {deepest} levels deep; at most {limits.nesting} are read")

    def loads(source: str) -> Any:
        return json.loads(
            source,
            parse_int=lambda digits: _json_int(digits, limits),
            parse_float=lambda digits: _json_float(digits, limits),
            parse_constant=_json_constant,
            object_pairs_hook=_json_object,
        )

    stripped = text.lstrip()
    numbered: list[tuple[int, Any]]
    try:
        if stripped.startswith("["):
            try:
                items = loads(stripped)
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
                    numbered.append((number, loads(line)))
                except json.JSONDecodeError as exc:
                    raise file_error(
                        f"line {number} is not valid JSON ({exc.msg}); give an array of objects or one "
                        "object per line"
                    ) from exc
            what = "line"
    except _Refused as exc:
        raise file_error(str(exc)) from exc
    for number, item in numbered:
        if not isinstance(item, dict):
            raise file_error(f"{what} {number} is not a JSON object")
    columns = list(dict.fromkeys(key for _, item in numbered for key in item))
    if len(columns) > limits.columns:
        raise file_error(f"the objects have {len(columns)} different keys; at most {limits.columns} are read")
    table = Table(columns, limits)
    for _, item in numbered:
        table.count(list(item.values()))
    table.rows = iter(numbered)
    return table


def _nesting(text: str) -> int:
    """How deep arrays and objects nest, counted outside strings (before the parser recurses)."""
    depth = deepest = 0
    for mark in _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if mark in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _json_int(digits: str, limits: ImportLimits) -> int:
    if len(digits.lstrip("-")) > limits.digits:
        raise _Refused(f"a number has {len(digits.lstrip('-'))} digits; at most {limits.digits} are read")
    return int(digits)


def _json_float(text: str, limits: ImportLimits) -> float:
    mantissa = re.split("[eE]", text, maxsplit=1)[0]
    digits = sum(char.isdigit() for char in mantissa)
    if digits > limits.digits:
        raise _Refused(f"a number has {digits} digits; at most {limits.digits} are read")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"the number {text[:40]} is too large")
    return value


def _json_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows; leave the value out or use null")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"an object names '{key}' twice; one of the values would be lost")
        result[key] = value
    return result


# --- header ----------------------------------------------------------------------------------------


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _header(cells: list[str], limits: ImportLimits) -> list[str]:
    """Column names by position. A blank header cell gets a placeholder name (its values are reported as
    ignored, never silently dropped); a repeated name is refused, since one of the columns would be lost.
    """
    while cells and not _filled(cells[-1]):
        cells = cells[:-1]
    if not cells:
        raise file_error("the file has no header row")
    if len(cells) > limits.columns:
        raise file_error(f"the header has {len(cells)} columns; at most {limits.columns} are read")
    columns = [str(cell).strip() or f"(column {index})" for index, cell in enumerate(cells, start=1)]
    for index, name in enumerate(columns):
        if name in columns[:index]:
            raise file_error(f"column '{name}' appears twice in the header")
    return columns
