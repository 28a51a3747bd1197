"""Reading a spreadsheet as offices receive them, within the bounds of domain/file_limits: CSV
in whatever encoding and delimiter the sender's Excel chose, or XLSX with dates and numbers as
Excel stores them (domain/xlsx_rows).

`read_table` returns the header row and an iterator of data rows (lists of cells). CSV cells
are text; XLSX cells keep their type (str, int, float, datetime), so a NIK Excel turned into a
number is seen as one and reported, never guessed back (see domain/imports.py).

A file is held to its `Limits` before its rows are used: its size; an XLSX's ZIP directory
(file_limits.open_xlsx); a CSV is read through once with the csv module, counting rows, cells
and the characters of a cell and of a row (and finding its encoding on the way), so a CSV past
a limit is refused before any of its rows is checked. As the rows are then read they are
counted again; an XLSX's rows are bounded as its XML is read.
"""

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from backoffice.domain import file_limits, xlsx_rows
from backoffice.domain.errors import ValidationError
from backoffice.domain.file_limits import APPLICANT_FILE, Limits

# Tried in order: a BOM says it; else UTF-8; else Windows' Western code page (Excel's "CSV"
# on a Windows in English or Indonesian), which decodes any byte but five.
ENCODINGS = ("utf-8-sig", "cp1252")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DELIMITERS = ",;\t|"
SNIFF_CHARS = 64 * 1024
HEADER_SEARCH_ROWS = 10  # a title line or two above the header row
UNKNOWN_ENCODING = (
    "Pengodean huruf berkas tidak dikenali. Simpan ulang sebagai CSV UTF-8 atau XLSX."
)
NO_HEADER = "Baris judul kolom (NIK, NAMA, …) tidak ditemukan."
NOT_A_TABLE = "Berkas harus CSV atau XLSX (Excel)."


@dataclass
class Table:
    """A file's header (as written) and its data rows; `first_row` is the spreadsheet row
    number of the first data row (for messages: "baris 2" is the row under the header)."""

    header: list[str]
    rows: Iterator[list[Any]]
    first_row: int
    encoding: str = ""
    delimiter: str = ""


def read_table(
    filename: str,
    stream: BinaryIO,
    is_header=None,
    limits: Limits = APPLICANT_FILE,
    no_header: str = NO_HEADER,
) -> Table:
    """Open a CSV or XLSX file (`stream` seekable) held to `limits`. `is_header(cells) ->
    bool` picks the header among the first rows (default: the first non-empty row); none
    found is refused with `no_header`. Raise ValidationError({"file": …}) when the file is
    neither, unreadable, or past a limit."""
    name = filename.lower()
    if name.endswith(file_limits.XLSX_SUFFIXES):
        return _xlsx(stream, is_header, limits, no_header)
    if name.endswith((".csv", ".txt")):
        return _csv(stream, is_header, limits, no_header)
    raise ValidationError({"file": NOT_A_TABLE})


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV: the candidate found most often, equally often, on the first
    lines (Excel writes ';' where the decimal comma is the locale's)."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in lines[:-1] or lines]
        score = min(counts) if counts else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- CSV -----------------------------------------------------------------------------------


def _csv(stream: BinaryIO, is_header, limits: Limits, no_header: str) -> Table:
    file_limits.check_size(stream, limits)
    encoding, delimiter = _csv_format(stream, limits)
    rows = _csv_rows(stream, encoding, delimiter, limits)
    header, number = _header(rows, is_header, limits, no_header)
    return Table(header, rows, number + 1, encoding, delimiter)


def _csv_format(stream: BinaryIO, limits: Limits) -> tuple[str, str]:
    """(encoding, delimiter) of the CSV, found by reading every row of it within `limits`
    (nothing kept): the first encoding that reads the whole file."""
    start = stream.read(2)
    for encoding in ("utf-16",) if start in UTF16_BOMS else ENCODINGS:
        try:
            delimiter = sniff_delimiter(_sample(stream, encoding))
            for _ in _csv_rows(stream, encoding, delimiter, limits):
                pass
        except UnicodeDecodeError:
            continue
        return encoding, delimiter
    raise ValidationError({"file": UNKNOWN_ENCODING})


def _sample(stream: BinaryIO, encoding: str) -> str:
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        return text.read(SNIFF_CHARS)
    finally:
        _let_go(text)


def _csv_rows(stream: BinaryIO, encoding: str, delimiter: str, limits: Limits):
    """The CSV's rows from the top, each held to `limits` (file_limits.RowBounds) and no row
    read past `limits.row_chars` characters; a row the csv module cannot read ends the file
    with an Indonesian reason."""
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    lines = _Lines(text, limits)
    bounds = file_limits.RowBounds(limits)
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            bounds.check(lines.row, row)
            lines.next_row()
            yield row
    except csv.Error:  # a quote never closed, a NUL
        raise ValidationError({"file": f"Berkas CSV rusak sekitar baris {lines.row}."}) from None
    finally:
        _let_go(text)


def _let_go(text: io.TextIOWrapper) -> None:
    """Detach the wrapper from the caller's stream, which it would otherwise close when it is
    collected (rows left unread are collected late, maybe after the stream was closed)."""
    with contextlib.suppress(ValueError):
        text.detach()


class _Lines:
    """The text's lines for the csv module, a row (however many lines its quoted cells span)
    read to at most `limits.row_chars` characters: a longer one is refused before it is read
    whole. `row` is the number of the row being read."""

    def __init__(self, text: io.TextIOWrapper, limits: Limits) -> None:
        self.text, self.limits = text, limits
        self.row, self.used = 1, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limits.row_chars - self.used + 1)
        if not line:
            raise StopIteration
        self.used += len(line)
        if self.used > self.limits.row_chars:
            raise file_limits.row_too_long(self.limits, self.row)
        return line

    def next_row(self) -> None:
        self.row, self.used = self.row + 1, 0


# --- XLSX ----------------------------------------------------------------------------------


def _xlsx(stream: BinaryIO, is_header, limits: Limits, no_header: str) -> Table:
    archive = file_limits.open_xlsx(stream, limits)
    sheet = _guarded(xlsx_rows.sheet_rows(archive, limits))
    header, number = _header(map(_placed, sheet), is_header, limits, no_header)
    # The data rows cut or padded to the header's width: a stray cell far right costs nothing.
    width = max(len(header), 1)
    rows = (_placed(cells, width) for cells in sheet)
    return Table(header, rows, number + 1, "xlsx")


def _placed(cells: xlsx_rows.Row, width: int | None = None) -> list[Any]:
    """A row's values by column (None where the file has no cell), `width` long, or as far
    as its last cell."""
    if width is None:
        width = cells[-1][0] if cells else 0
    values: list[Any] = [None] * width
    for column, value in cells:
        if column <= width:
            values[column - 1] = value
    return values


def _guarded(rows: Iterator[xlsx_rows.Row]) -> Iterator[xlsx_rows.Row]:
    """The rows, an error of the reader's own that it did not name (never expected) ending the
    file as damaged rather than as a crash; running out of memory is a refusal too."""
    number = 0
    try:
        for number, row in enumerate(rows, start=1):  # noqa: B007 - the last is the message's
            yield row
    except ValidationError:
        raise
    except MemoryError:
        raise ValidationError({"file": file_limits.OUT_OF_MEMORY}) from None
    except Exception as exc:
        raise ValidationError({"file": xlsx_rows.DAMAGED_AT.format(row=number + 1)}) from exc


# --- the header ----------------------------------------------------------------------------


def _header(rows: Iterator[list[Any]], is_header, limits: Limits, no_header: str):
    """(the header's cells, its row number) among the first HEADER_SEARCH_ROWS rows."""
    for number, row in enumerate(rows, start=1):
        cells = ["" if cell is None else str(cell).strip() for cell in row]
        while cells and not cells[-1]:
            cells.pop()  # Excel's empty cells right of the last title
        if len(cells) > limits.columns:
            raise file_limits.too_many_columns(limits, len(cells))
        if any(cells) and (is_header is None or is_header(cells)):
            return cells, number
        if number >= HEADER_SEARCH_ROWS:
            break
    raise ValidationError({"file": no_header})
