"""A streamed XLSX writer (berkas Excel): one sheet of text cells, its rows compressed into the
file as they come, never a whole sheet in memory or on disk.

openpyxl's write-only mode streams too, but it builds a cell object and an XML element for every
value and writes the whole uncompressed sheet to a temporary file before zipping it: 100,000
rows of 17 columns took 8 to 10 times as long as the same rows as CSV (tests/benchmarks/
test_exports.py prints both). Here a row is one formatted string, deflated straight into the
archive, and the file can go to a path, an open file, or an HTTP response piece by piece (the
archive then carries its sizes after each part, as ZIP allows for a stream).

Every cell is an inline string with the text number format: never run as a formula (whatever
it starts with), a NIK never turned into 5.1E+15, and a cell someone retypes stays text. The
header row is bold and frozen; column widths follow the header and the first rows.
"""

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import BinaryIO
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAX_ROWS = 1_048_575  # Excel's sheet holds 1,048,576 rows, the header among them
MAX_CELL = 32_767  # characters Excel keeps in one cell
WIDTH_SAMPLE = 200  # rows read ahead to size the columns
FLUSH_BYTES = 256 * 1024
# Characters XML 1.0 cannot carry (Excel shows none of them), dropped from the UTF-8: control
# bytes (never part of a longer UTF-8 sequence) and U+FFFE, U+FFFF.
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = (
    HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
)
ROOT_RELS = (
    HEAD + f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
    f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    HEAD + f'<Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/></Relationships>'
)
# Cell styles: 0 the default, 1 text (number format 49, "@"), 2 text in bold (the header).
STYLES = (
    HEAD + f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
TEXT, BOLD = 1, 2


class TooManyRows(ValueError):
    """More rows than one Excel sheet holds (`MAX_ROWS`)."""


def write_xlsx(
    target: BinaryIO | str, header: Sequence[str], rows: Iterable[Sequence[str]], title="Data"
) -> int:
    """Write the workbook to `target` (a path or a binary file, seekable or not): `header` in
    bold, then `rows`, each a sequence of str (an empty string leaves the cell empty). Return
    the number of data rows. Raise TooManyRows past `MAX_ROWS` (the file is then unusable)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _fixed_parts(title):
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            return _write_sheet(sheet, header, rows)


def xlsx_chunks(
    header: Sequence[str], rows: Iterable[Sequence[str]], title="Data"
) -> Iterator[bytes]:
    """The same workbook in pieces of about 256 KiB, for a streamed response."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _fixed_parts(title):
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in _sheet_parts(sheet, header, rows):
                yield sink.take()
    yield sink.take()


def sheet_title(title: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Data"


def _fixed_parts(title: str) -> list[tuple[str, str]]:
    workbook = (
        HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><bookViews><workbookView/>'
        f'</bookViews><sheets><sheet name="{escape(sheet_title(title), {chr(34): "&quot;"})}" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
    ]


def _write_sheet(sheet: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    written = 0
    for written in _sheet_parts(sheet, header, rows):  # noqa: B007 - the last count is the total
        pass
    return written


def _sheet_parts(sheet: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[str]]):
    """Write the sheet, yielding the number of data rows written so far after each flush."""
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    sheet.write(_encoded(_sheet_top(header, sample)))
    parts = [_Rows(len(header), BOLD).xml(1, header)]
    size, count = 0, 0
    xml = _Rows(len(header), TEXT).xml
    for count, row in enumerate(chain(sample, rows), start=1):
        if count > MAX_ROWS:
            raise TooManyRows(f"Lebih dari {MAX_ROWS:,} baris: tidak muat di satu lembar Excel.")
        text = xml(count + 1, row)
        parts.append(text)
        size += len(text)
        if size >= FLUSH_BYTES:
            sheet.write(_encoded("".join(parts)))
            parts.clear()
            size = 0
            yield count
    parts.append("</sheetData></worksheet>")
    sheet.write(_encoded("".join(parts)))
    yield count


def _sheet_top(header: Sequence[str], sample: Sequence[Sequence[str]]) -> str:
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1" style="{TEXT}"/>'
        for n, width in enumerate(_widths(header, sample), start=1)
    )
    return (
        HEAD + f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols><sheetData>'
    )


def _widths(header: Sequence[str], sample: Sequence[Sequence[str]]) -> list[int]:
    widths = [len(text) for text in header]
    for row in sample:
        for n, text in enumerate(row[: len(widths)]):
            widths[n] = max(widths[n], len(text or ""))
    return [min(max(width + 2, 8), 60) for width in widths]


class _Rows:
    """A row's XML in one str.format: a template per pattern of filled cells (a list has few),
    the texts escaped all at once. (Cell by cell, with an f-string each, took twice as long.)"""

    MAX_TEMPLATES = 4096

    def __init__(self, width: int, style: int):
        self.width, self.style = width, style
        self.letters = [get_column_letter(n) for n in range(1, width + 1)]
        self.templates: dict[tuple[bool, ...], str] = {}

    def xml(self, number: int, values: Sequence[str]) -> str:
        texts = list(values[: self.width])
        filled = tuple(map(bool, texts))
        template = self.templates.get(filled) or self._template(filled)
        return template.format(number, *_escaped(list(filter(None, texts))))

    def _template(self, filled: tuple[bool, ...]) -> str:
        cells = "".join(
            f'<c r="{letter}{{0}}" s="{self.style}" t="inlineStr"><is>'
            f'<t xml:space="preserve">{{{index}}}</t></is></c>'
            for index, letter in enumerate(
                (letter for letter, full in zip(self.letters, filled, strict=False) if full),
                start=1,
            )
        )
        template = f'<row r="{{0}}">{cells}</row>'
        if len(self.templates) < self.MAX_TEMPLATES:
            self.templates[filled] = template
        return template


def _escaped(texts: list[str]) -> list[str]:
    """`texts` cut to what a cell holds, with &, < and > escaped."""
    joined = "\x00".join(texts)
    if len(joined) > MAX_CELL:
        texts = [text[:MAX_CELL] for text in texts]
        joined = "\x00".join(texts)
    if "&" not in joined and "<" not in joined and ">" not in joined:
        return texts
    parts = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split("\x00")
    if len(parts) == len(texts):
        return parts
    # a text held NUL itself (dropped later, as XML cannot carry it): one by one then
    return [t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for t in texts]


def _encoded(xml: str) -> bytes:
    # Markup never holds these characters: removing them from a whole part touches text only.
    data = xml.encode("utf-8", "replace").translate(None, CONTROL_BYTES)
    if b"\xef\xbf" in data:
        for bad in NONCHARACTERS:
            data = data.replace(bad, b"")
    return data


class _Sink:
    """A write-only, unseekable file that keeps what was written until `take`."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data
