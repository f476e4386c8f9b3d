"""Build the malformed-import corpus: `python -m tests.catalog.data.malformed.make_corpus`.

Every file is a kind of damage officers' files and attackers' files have (truncated zips, zip bombs,
declared sheet dimensions of A1:XFD1048576, deep JSON, huge numbers, NaN, NUL bytes, Big5, mixed
encodings, open quotes, formulas, duplicate headers, empty files...). `corpus.json` says, for each file,
what the catalog must answer when it is imported into parks: `refused` (422 on `file`, the reason
containing `reason`) or `report` (200; exactly the rows in `failed` fail, with `reason` in their error,
and exactly the parks in `stored` are stored, name by code: nothing stored silently wrong).

Each file's park codes start with its own prefix (`MF<nn>`), so the test finds what a file stored.
"""

import codecs
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADER = ["code", "name", "zone_type", "approval_level", "province", "approved_area_ha"]
CSV_HEADER = ",".join(HEADER)
# The uncompressed size of the zip bomb: over the default limit (import_max_uncompressed_bytes).
BOMB_BYTES = 120 * 1024 * 1024

corpus: list[dict[str, Any]] = []


def park(prefix: str, number: int, name: str = "", **values: Any) -> list[Any]:
    row = {
        "code": f"{prefix}-{number}",
        "name": name or f"{prefix}园{number}",
        "zone_type": "high_tech",
        "approval_level": "national",
        "province": "江苏省",
        "approved_area_ha": 10,
        **values,
    }
    return [row[column] for column in HEADER]


def line(row: list[Any]) -> str:
    return ",".join(str(value) for value in row)


def add(
    filename: str,
    content: bytes,
    expect: str,
    reason: str = "",
    *,
    stored: dict[str, str] | None = None,
    failed: list[int] | None = None,
    about: str,
) -> None:
    (HERE / filename).write_bytes(content)
    entry: dict[str, Any] = {"file": filename, "expect": expect, "reason": reason, "about": about}
    if expect == "report":
        entry["stored"] = stored or {}
        entry["failed"] = failed or []
    corpus.append(entry)


def good(prefix: str, *numbers: int) -> dict[str, str]:
    return {f"{prefix}-{n}": f"{prefix}园{n}" for n in numbers}


def csv_file(prefix: str, *rows: list[Any] | str, header: str = CSV_HEADER) -> str:
    lines = [header, *(row if isinstance(row, str) else line(row) for row in rows)]
    return "\n".join(lines) + "\n"


def workbook(rows: list[list[Any]]) -> Workbook:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    return book


def xlsx(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    workbook(rows).save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, change: Any) -> bytes:
    """The same workbook with its first sheet's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item.filename, content)
    return out.getvalue()


def build() -> None:
    for old in HERE.glob("*"):
        if old.suffix in {".csv", ".txt", ".xlsx", ".xls", ".json", ".jsonl"}:
            old.unlink()

    # --- text: encodings and bytes ------------------------------------------------------------------
    add("empty.csv", b"", "refused", "empty", about="an empty file")
    add("blank_lines.csv", b"\n\n \n", "refused", "no header row", about="only blank lines")
    add("bom_only.csv", codecs.BOM_UTF8, "refused", "no header row", about="a UTF-8 BOM and nothing else")
    add("only_header.csv", (CSV_HEADER + "\n").encode(), "report", about="a header and no rows")
    add(
        "utf8_bom.csv",
        codecs.BOM_UTF8 + csv_file("MF01", park("MF01", 1), park("MF01", 2)).encode(),
        "report",
        stored=good("MF01", 1, 2),
        about="control: UTF-8 with a BOM (Excel's CSV UTF-8)",
    )
    add(
        "gbk.csv",
        csv_file("MF02", park("MF02", 1), park("MF02", 2)).encode("gbk"),
        "report",
        stored=good("MF02", 1, 2),
        about="control: GBK, as Chinese Excel saves CSV",
    )
    add(
        "gb18030_four_byte.csv",
        csv_file("MF03", park("MF03", 1, name="MF03䶮㐀园")).encode("gb18030"),
        "report",
        stored={"MF03-1": "MF03䶮㐀园"},
        about="GB18030 with characters beyond GBK (four-byte sequences)",
    )
    add(
        "big5.csv",
        csv_file(
            "MF04",
            park("MF04", 1, name="臺灣新竹科學園區", province="江蘇省"),
            park("MF04", 2, name="台北內湖科技園區", province="江蘇省"),
        ).encode("big5"),
        "refused",
        "Big5",
        about="Big5 (traditional Chinese), which GB18030 decodes without error into wrong characters",
    )
    add(
        "utf16_bom.csv",
        csv_file("MF05", park("MF05", 1)).encode("utf-16"),
        "refused",
        "UTF-16",
        about="UTF-16 with a BOM (Excel's Unicode text)",
    )
    add(
        "utf16_no_bom.csv",
        csv_file("MF06", park("MF06", 1)).encode("utf-16-le"),
        "refused",
        "NUL byte",
        about="UTF-16 without a BOM",
    )
    add(
        "nul_byte.csv",
        csv_file("MF07", park("MF07", 1, name="MF07园\x001")).encode(),
        "refused",
        "NUL byte",
        about="a NUL byte inside a cell",
    )
    add(
        "mixed_encodings.csv",
        (CSV_HEADER + "\n").encode()
        + (line(park("MF08", 1, name="MF08苏州园")) + "\n").encode("utf-8")
        + (line(park("MF08", 2, name="MF08无锡园")) + "\n").encode("gbk"),
        "refused",
        "mixes encodings",
        about="one line UTF-8, the next GBK",
    )
    add(
        "latin1.csv",
        csv_file("MF09", park("MF09", 1, name="MF09 Café Park", province="Jiangsu")).encode("cp1252"),
        "refused",
        "neither UTF-8 nor GBK",
        about="Windows-1252 (Latin) text",
    )
    add(
        "control_character.csv",
        csv_file("MF10", park("MF10", 1), park("MF10", 2, name="MF10\x07园")).encode(),
        "report",
        "control character",
        stored=good("MF10", 1),
        failed=[3],
        about="a bell character inside a name",
    )
    add(
        "binary_garbage.txt",
        bytes(range(1, 256)) * 8,
        "refused",
        "neither UTF-8 nor GBK",
        about="random bytes named .txt",
    )

    # --- CSV structure ------------------------------------------------------------------------------
    add(
        "open_quote_at_end.csv",
        csv_file(
            "MF11", park("MF11", 1), 'MF11-2,"MF11园2,high_tech,national,江苏省,10', park("MF11", 3)
        ).encode(),
        "report",
        "not readable CSV",
        stored=good("MF11", 1),
        failed=[3],
        about="a quote never closed: it would swallow every row after it",
    )
    add(
        "open_quote_mid_file.csv",
        csv_file(
            "MF12",
            park("MF12", 1),
            'MF12-2,"MF12园2,high_tech,national,江苏省,10',
            'MF12-3,"MF12园3",high_tech,national,江苏省,10',
            park("MF12", 4),
        ).encode(),
        "report",
        "not readable CSV",
        stored=good("MF12", 1, 4),
        failed=[3],
        about="a quote left open, closed by the next row's quote: the rows between are reported",
    )
    add(
        "quote_joins_rows.csv",
        csv_file(
            "MF13",
            park("MF13", 1),
            'MF13-2,"MF13园2\nMF13-3,MF13园3",high_tech,national,江苏省,10',
            park("MF13", 4),
        ).encode(),
        "report",
        "line break",
        stored=good("MF13", 1, 4),
        failed=[3],
        about="a quote that closes on the next line and so joins two rows into one name",
    )
    add(
        "duplicate_headers.csv",
        csv_file("MF14", park("MF14", 1), header=CSV_HEADER + ",name").encode(),
        "refused",
        "appears twice",
        about="two columns named name",
    )
    add(
        "synonym_headers.csv",
        csv_file("MF15", [*park("MF15", 1), "x"], header=CSV_HEADER + ",园区名称").encode(),
        "refused",
        "both mean name",
        about="name and 园区名称 (the same field) side by side",
    )
    add(
        "missing_required.csv",
        "code,name\nMF16-1,MF16园1\n".encode(),
        "refused",
        "missing required column",
        about="no zone_type, approval_level, province",
    )
    add(
        "values_beyond_header.csv",
        csv_file("MF17", line(park("MF17", 1)) + ",stray").encode(),
        "report",
        stored=good("MF17", 1),
        about="a value in a column without a header (reported as an ignored column)",
    )
    add(
        "wide_row.csv",
        csv_file("MF18", line(park("MF18", 1)) + "," * 400).encode(),
        "refused",
        "columns",
        about="a row of 406 columns",
    )
    add(
        "wide_header.csv",
        csv_file("MF19", park("MF19", 1), header=CSV_HEADER + "".join(f",c{i}" for i in range(300))).encode(),
        "refused",
        "columns",
        about="a header of 306 columns",
    )
    add(
        "semicolons.csv",
        csv_file("MF20", park("MF20", 1)).replace(",", ";").encode(),
        "report",
        stored=good("MF20", 1),
        about="control: semicolon-separated",
    )
    add(
        "tabs.tsv",
        csv_file("MF21", park("MF21", 1)).replace(",", "\t").encode(),
        "report",
        stored=good("MF21", 1),
        about="control: tab-separated",
    )
    add(
        "carriage_returns.csv",
        csv_file("MF22", park("MF22", 1), park("MF22", 2)).replace("\n", "\r").encode(),
        "report",
        stored=good("MF22", 1, 2),
        about="old Mac line ends (CR only)",
    )
    add(
        "formula_text.csv",
        csv_file("MF23", park("MF23", 1, name="=cmd|' /C calc'!A0 MF23")).encode(),
        "report",
        stored={"MF23-1": "=cmd|' /C calc'!A0 MF23"},
        about="text that a spreadsheet would run as a formula: stored as the text it is",
    )

    # --- CSV values ---------------------------------------------------------------------------------
    add(
        "huge_integer.csv",
        csv_file("MF24", park("MF24", 1), park("MF24", 2, approved_area_ha="9" * 5000)).encode(),
        "report",
        "digits",
        stored=good("MF24", 1),
        failed=[3],
        about="a 5,000-digit number (past Python's int limit)",
    )
    add(
        "nan.csv",
        csv_file("MF25", park("MF25", 1), park("MF25", 2, approved_area_ha="NaN")).encode(),
        "report",
        "nan",
        stored=good("MF25", 1),
        failed=[3],
        about="NaN as a number",
    )
    add(
        "infinity.csv",
        csv_file("MF26", park("MF26", 1), park("MF26", 2, approved_area_ha="inf")).encode(),
        "report",
        "inf",
        stored=good("MF26", 1),
        failed=[3],
        about="infinity as a number",
    )
    add(
        "bad_date_and_enum.csv",
        csv_file("MF27", park("MF27", 1), park("MF27", 2, zone_type="moon_base")).encode(),
        "report",
        "moon_base",
        stored=good("MF27", 1),
        failed=[3],
        about="a value outside the field's choices",
    )
    add(
        "negative_area.csv",
        csv_file("MF28", park("MF28", 1), park("MF28", 2, approved_area_ha=-5)).encode(),
        "report",
        "greater than or equal to 0",
        stored=good("MF28", 1),
        failed=[3],
        about="a negative area",
    )
    add(
        "duplicate_keys_in_file.csv",
        csv_file("MF29", park("MF29", 1), park("MF29", 1, name="MF29另一个")).encode(),
        "report",
        "already used by row 2",
        stored=good("MF29", 1),
        failed=[3],
        about="the same park code twice",
    )
    add(
        "overlong_name.csv",
        csv_file("MF30", park("MF30", 1), park("MF30", 2, name="MF30" + "长" * 300)).encode(),
        "report",
        "at most 200 characters",
        stored=good("MF30", 1),
        failed=[3],
        about="a 304-character name",
    )

    # --- XLSX ---------------------------------------------------------------------------------------
    control = xlsx([HEADER, park("MF31", 1), park("MF31", 2)])
    add("control.xlsx", control, "report", stored=good("MF31", 1, 2), about="control: a plain workbook")
    add(
        "truncated.xlsx",
        xlsx([HEADER, park("MF32", 1)])[:1500],
        "refused",
        "damaged or cut short",
        about="a workbook cut off after 1,500 bytes",
    )
    add(
        "wrong_magic.xlsx",
        "园区编码,名称\n".encode(),
        "refused",
        "not a readable XLSX",
        about="CSV named .xlsx",
    )
    add(
        "excel97.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "refused",
        ".xls",
        about="an Excel 97-2003 file",
    )
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    add(
        "zip_not_workbook.xlsx", other_zip.getvalue(), "refused", "not a readable XLSX", about="a zip of text"
    )

    def huge_dimension(sheet: str) -> str:
        declared = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', sheet)
        assert declared != sheet
        return declared

    def far_cell(sheet: str) -> str:
        far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return huge_dimension(sheet).replace("</sheetData>", far + "</sheetData>")

    def far_row(sheet: str) -> str:
        values = "".join(
            f'<c r="{column}1048576" t="inlineStr"><is><t>{value}</t></is></c>'
            for column, value in zip("ABCDE", park("MF35", 3)[:5], strict=True)
        )
        return sheet.replace("</sheetData>", f'<row r="1048576">{values}</row></sheetData>')

    add(
        "declared_dimension.xlsx",
        rewrite_sheet(xlsx([HEADER, park("MF33", 1), park("MF33", 2)]), huge_dimension),
        "report",
        stored=good("MF33", 1, 2),
        about="a sheet declaring A1:XFD1048576 around two rows (the reader fills nothing)",
    )
    add(
        "far_cell.xlsx",
        rewrite_sheet(xlsx([HEADER, park("MF34", 1), park("MF34", 2)]), far_cell),
        "refused",
        "column XFD",
        about="the issue's file: 16,384 columns declared and a value at XFD1048576",
    )
    add(
        "far_row.xlsx",
        rewrite_sheet(xlsx([HEADER, park("MF35", 1), park("MF35", 2)]), far_row),
        "report",
        stored=good("MF35", 1, 2, 3),
        about="a row at 1,048,576 after two rows: read as the third row, no gap filled",
    )
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(control)) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        target.writestr("xl/media/padding.bin", bytes(BOMB_BYTES), compresslevel=9)
    add("zip_bomb.xlsx", bomb.getvalue(), "refused", "unpacks to", about="120 MB of zeros packed in 120 KB")
    formula = workbook([HEADER, park("MF36", 1), park("MF36", 2)])
    formula.active["F3"] = "=F2*2"
    buffer = io.BytesIO()
    formula.save(buffer)
    add(
        "formula.xlsx",
        buffer.getvalue(),
        "report",
        "formula",
        stored=good("MF36", 1),
        failed=[3],
        about="a formula cell (no value is stored for it in a file openpyxl writes)",
    )

    def error_cell(sheet: str) -> str:
        return sheet.replace('<c r="F3" t="n"><v>10</v></c>', '<c r="F3" t="e"><v>#N/A</v></c>')

    add(
        "error_value.xlsx",
        rewrite_sheet(xlsx([HEADER, park("MF37", 1), park("MF37", 2)]), error_cell),
        "report",
        "#N/A",
        stored=good("MF37", 1),
        failed=[3],
        about="an Excel error value (#N/A) in a number column",
    )
    add("empty_sheet.xlsx", xlsx([]), "refused", "no header row", about="a workbook with an empty sheet")
    add("header_only.xlsx", xlsx([HEADER]), "report", about="a sheet with only the header")
    add(
        "xlsx_duplicate_header.xlsx",
        xlsx([[*HEADER, "code"], [*park("MF38", 1), "x"]]),
        "refused",
        "appears twice",
        about="two code columns",
    )

    # --- JSON ---------------------------------------------------------------------------------------
    def objects(*rows: list[Any]) -> list[dict[str, Any]]:
        return [dict(zip(HEADER, row, strict=True)) for row in rows]

    add(
        "nested.json",
        b"[" * 10_000 + b"]" * 10_000,
        "refused",
        "nests 10000 levels",
        about="10,000 nested arrays (a RecursionError in the parser)",
    )
    add(
        "nested_in_cell.json",
        json.dumps(objects(park("MF39", 1)))[:-2].encode()
        + b', "data_notes": '
        + b"[" * 50
        + b"]" * 50
        + b"}]",
        "refused",
        "nests",
        about="a cell holding 50 nested arrays",
    )
    add(
        "huge_integer.json",
        f'[{{"code": "MF40-1", "name": "MF40园1", "approved_area_ha": {"9" * 5000}}}]'.encode(),
        "refused",
        "digits",
        about="a 5,000-digit integer (a ValueError in the parser)",
    )
    add(
        "huge_float.json",
        b'[{"code": "MF41-1", "name": "MF41", "approved_area_ha": 1e400}]',
        "refused",
        "too large",
        about="1e400, infinity as a float",
    )
    add(
        "nan.json",
        b'[{"code": "MF42-1", "name": "MF42", "approved_area_ha": NaN}]',
        "refused",
        "NaN",
        about="NaN, which Python's parser accepts and JSON does not",
    )
    add(
        "duplicate_keys.json",
        b'[{"code": "MF43-1", "name": "MF43a", "name": "MF43b"}]',
        "refused",
        "twice",
        about="an object naming name twice",
    )
    add("not_objects.json", b"[1, 2, 3]", "refused", "not a JSON object", about="an array of numbers")
    add("scalar.json", b"42", "refused", "not a JSON object", about="a number")
    add(
        "truncated.json",
        json.dumps(objects(park("MF44", 1)), ensure_ascii=False).encode()[:40],
        "refused",
        "not valid JSON",
        about="an array cut short",
    )
    add(
        "bad_line.jsonl",
        (json.dumps(objects(park("MF45", 1))[0], ensure_ascii=False) + "\n{oops\n").encode(),
        "refused",
        "line 2 is not valid JSON",
        about="JSON lines with a broken line",
    )
    add(
        "nul_escape.json",
        json.dumps(objects(park("MF46", 1), park("MF46", 2, name="MF46\u0000园"))).encode(),
        "report",
        "control character",
        stored=good("MF46", 1),
        failed=[2],
        about="a \\u0000 escape inside a name",
    )
    add(
        "json_control.json",
        json.dumps(objects(park("MF47", 1), park("MF47", 2)), ensure_ascii=False).encode(),
        "report",
        stored=good("MF47", 1, 2),
        about="control: a JSON array",
    )

    (HERE / "corpus.json").write_text(
        json.dumps(corpus, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    build()
    print(f"{len(corpus)} files in {HERE}")
