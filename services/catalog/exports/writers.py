"""CSV and XLSX writers that take rows one at a time.

CSV starts with a UTF-8 byte-order mark so Excel shows Chinese correctly, and is produced in chunks
for streaming. XLSX is written in openpyxl's write-only mode (rows go to disk as they come); text
cells are always stored as text, so a value starting with `=` is never run as a formula.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from services.catalog.imports.cells import format_cell
from services.catalog.imports.registry import FieldPlan

UTF8_BOM = "\ufeff"
CSV_ROWS_PER_CHUNK = 500


def csv_chunks(columns: list[FieldPlan], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(UTF8_BOM)
    writer.writerow([column.header for column in columns])
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            [
                format_cell(column.kind, value, codec=column.codec)
                for column, value in zip(columns, row, strict=True)
            ]
        )
        if count % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def write_xlsx(columns: list[FieldPlan], rows: Iterable[list[Any]], target: BinaryIO, title: str) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([column.header for column in columns])
    for row in rows:
        cells = []
        for column, value in zip(columns, row, strict=True):
            cell = WriteOnlyCell(
                sheet, _xlsx_value(format_cell(column.kind, value, codec=column.codec, typed=True))
            )
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(target)


def _xlsx_value(value: Any) -> Any:
    # XLSX cannot hold control characters other than tab and newlines.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
