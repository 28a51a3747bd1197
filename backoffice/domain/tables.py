"""Reading a spreadsheet as offices receive them: CSV in whatever encoding and delimiter the
sender's Excel chose, or XLSX with dates and numbers as Excel stores them.

`read_table` returns the header row and an iterator of data rows (lists of cells). CSV cells
are text; XLSX cells keep their type (str, int, float, datetime), so a NIK Excel turned into a
number is seen as one and reported, never guessed back (see domain/imports.py).
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from backoffice.domain.errors import ValidationError

# Tried in order: a BOM says it; else UTF-8; else Windows' Western code page (Excel's "CSV"
# on a Windows in English or Indonesian), which decodes any byte.
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = ",;\t|"
SNIFF_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 10  # a title line or two above the header row
# Bounds of what is read, whatever the file declares: an applicant file has about 15 columns;
# rows as many as an Excel sheet holds. Cells right of the header are never read.
MAX_COLUMNS = 200
MAX_ROWS = 1_048_576
UNKNOWN_ENCODING = (
    "Pengodean huruf berkas tidak dikenali. Simpan ulang sebagai CSV UTF-8 atau XLSX."
)
# A cell of this many characters is far beyond any field (the csv module's default is 128 KiB,
# whose error would otherwise end the job without a reason).
MAX_CELL_CHARS = 1_000_000
CELL_TOO_LONG = "Ada sel yang terlalu panjang (lebih dari 1.000.000 karakter): periksa berkasnya."
TOO_MANY_ROWS = "Berkas punya terlalu banyak baris; paling banyak 1.048.576."
XLSX_DAMAGED = "Berkas XLSX rusak sekitar baris {row}."


UNCOMPUTED = (
    "Sel berisi rumus Excel ({formula}) tanpa hasil tersimpan, jadi nilainya tidak terbaca. "
    "Buka berkas di Excel atau LibreOffice lalu simpan ulang, atau salin kolomnya dan tempel "
    "sebagai nilai (Paste Values)."
)
# A formula cell whose computed value the file does not hold: <f …/> or <f>…</f>, then no <v>
# or an empty one, then the cell's end (files written by programs that do not calculate).
_FORMULA_WITHOUT_VALUE = re.compile(  # possessive: linear whatever the text (a crafted file)
    rb"<(?:\w+:)?f\b[^<>]*+(?:/>|>[^<]*+</(?:\w+:)?f>)\s*+"
    rb"(?:<(?:\w+:)?v\s*+/>|<(?:\w+:)?v>\s*+</(?:\w+:)?v>)?+\s*+</(?:\w+:)?c>"
)
_SCAN_OVERLAP = 32 * 1024  # a formula cell cut between two pieces (Excel's are <= 8,192 chars)
_SCAN_BYTES = 1 << 20


@dataclass(frozen=True)
class UncomputedFormula:
    """An XLSX cell holding a formula ("=A2*2") but no stored result: openpyxl would read it
    as an empty cell, and an empty NIK would be "Wajib diisi", which is not what is wrong.
    The import's cell rules report it with UNCOMPUTED. (Not a str: a text cell "=A2" is
    another thing.)"""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass
class Table:
    """A file's header (as written) and its data rows; `first_row` is the spreadsheet row
    number of the first data row (for messages: "baris 2" is the row under the header)."""

    header: list[str]
    rows: Iterator[list[Any]]
    first_row: int
    encoding: str = ""
    delimiter: str = ""


def read_table(filename: str, stream: BinaryIO, is_header=None) -> Table:
    """Open a CSV or XLSX file. `is_header(cells) -> bool` picks the header among the first
    rows (default: the first non-empty row). Raise ValidationError({"file": …}) when the
    file is neither."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx(stream, is_header)
    if name.endswith((".csv", ".txt")):
        return _csv(stream, is_header)
    raise ValidationError({"file": "Berkas harus CSV atau XLSX (Excel)."})


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding that read it (UTF-16 by its BOM, else UTF-8,
    else cp1252); ValidationError({"file": …}) when none reads it."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError:
        raise ValidationError({"file": UNKNOWN_ENCODING}) from None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": UNKNOWN_ENCODING})  # cp1252 leaves five bytes undefined


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


def _csv(stream: BinaryIO, is_header) -> Table:
    text, encoding = decode(stream.read())
    delimiter = sniff_delimiter(text[:SNIFF_BYTES])
    if csv.field_size_limit() < MAX_CELL_CHARS:
        csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header, number = _header(reader, is_header)
    except csv.Error as exc:
        raise _csv_refusal(exc, reader.line_num) from None
    return Table(header, _bounded(reader, number + 1), number + 1, encoding, delimiter)


def _xlsx(stream: BinaryIO, is_header) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors: all "not a workbook"
        raise ValidationError({"file": "Berkas XLSX tidak dapat dibaca (rusak?)."}) from exc
    sheet = workbook.worksheets[0]
    # The <dimension> a file declares is not trusted (A1:XFD1048576 in a tiny file would have
    # every row padded to 16,384 cells; A1:G2 would hide rows): rows are read as they are.
    sheet.reset_dimensions()
    header, number = _header((list(row) for row in sheet.iter_rows(values_only=True)), is_header)
    # The data rows again from the top (the few rows above are skipped unparsed), each cut or
    # padded to the header's width: a stray cell at column XFD costs nothing.
    width = max(len(header), 1)
    if _has_uncomputed_formulas(sheet):
        stream.seek(0)
        formulas = load_workbook(stream, read_only=True, data_only=False).worksheets[0]
        formulas.reset_dimensions()
        rows = _with_formulas(sheet.iter_rows(min_row=number + 1, max_col=width),
                              formulas.iter_rows(min_row=number + 1, max_col=width,
                                                 values_only=True))  # fmt: skip
    else:
        rows = (list(row) for row in sheet.iter_rows(min_row=number + 1, max_col=width,
                                                     values_only=True))  # fmt: skip
    return Table(header, _bounded(rows, number + 1, XLSX_DAMAGED), number + 1, "xlsx")


def _has_uncomputed_formulas(sheet) -> bool:
    """Whether the sheet's XML holds a formula cell without a stored value (read in pieces:
    a sheet of a million rows is ~100 MB of XML). openpyxl's read-only sheet names its part
    of the archive; a sheet without one is read as openpyxl reads it."""
    path, archive = getattr(sheet, "_worksheet_path", None), getattr(sheet.parent, "_archive", None)
    if not path or archive is None:
        return False
    tail = b""
    with archive.open(path) as xml:
        while piece := xml.read(_SCAN_BYTES):
            text = tail + piece
            if (b"<f" in text or b":f" in text) and _FORMULA_WITHOUT_VALUE.search(text):
                return True
            tail = text[-_SCAN_OVERLAP:]
    return False


def _with_formulas(cells: Iterator[tuple], formulas) -> Iterator[list[Any]]:
    """The values of the rows of `cells` (data_only), an empty cell that holds a formula in
    `formulas` (the same sheet read with its formulas) given as UncomputedFormula. A formula
    whose stored result is the empty text (t="str", as Excel saves =IF(…;"";…)) is empty."""
    formulas = iter(formulas)
    for row in cells:  # both read the same sheet; never a row lost should they differ
        formula_row = next(formulas, ())
        values = [cell.value for cell in row]
        for i, value in enumerate(values):
            if value is None and i < len(formula_row) and row[i].data_type != "str":
                formula = getattr(formula_row[i], "text", formula_row[i])  # ArrayFormula
                if isinstance(formula, str) and formula.startswith("="):
                    values[i] = UncomputedFormula(formula)
        yield values


def _bounded(
    rows: Iterator[list[Any]], first: int, damaged: str | None = None
) -> Iterator[list[Any]]:
    """The rows, at most MAX_ROWS; a row the reader cannot read ends the file with an
    Indonesian reason: the CSV module's errors, and for `damaged` (a message with {row}) any
    other error of the reader's own (openpyxl raises ValueError and others deep in its
    parser: <v> </v>, a date serial out of range)."""
    number = first - 1  # the last row read
    try:
        for number, row in enumerate(rows, start=first):
            if number > MAX_ROWS:
                raise ValidationError({"file": TOO_MANY_ROWS})
            yield row
    except csv.Error as exc:  # a field past the limit, a quote never closed
        raise _csv_refusal(exc, max(number, first)) from None
    except ValidationError:
        raise
    except Exception as exc:  # the reader's own errors: the file, not this program
        if damaged is None:
            raise
        raise ValidationError({"file": damaged.format(row=number + 1)}) from exc


def _csv_refusal(exc: csv.Error, number: int) -> ValidationError:
    if "field limit" in str(exc):
        return ValidationError({"file": f"{CELL_TOO_LONG} (sekitar baris {number})"})
    return ValidationError({"file": f"Berkas CSV rusak sekitar baris {number}."})


def _header(rows: Iterator[list[Any]], is_header) -> tuple[list[str], int]:
    for number, row in enumerate(rows, start=1):
        cells = ["" if cell is None else str(cell).strip() for cell in row]
        while cells and not cells[-1]:
            cells.pop()  # Excel's empty cells right of the last title
        if len(cells) > MAX_COLUMNS:
            raise ValidationError({"file": f"Berkas punya terlalu banyak kolom ({len(cells)}); "
                                           f"paling banyak {MAX_COLUMNS}."})  # fmt: skip
        if any(cells) and (is_header is None or is_header(cells)):
            return cells, number
        if number >= HEADER_SEARCH_ROWS:
            break
    raise ValidationError({"file": "Baris judul kolom (NIK, NAMA, …) tidak ditemukan."})
