"""Streamed spreadsheet writers (ekspor): rows written as they come from one query, never a
whole file in memory.

Both are formula-safe, as domain/bpjs_files.py's writers: a CSV cell that would start a
formula gets a leading apostrophe; an XLSX cell is always a text cell (never run, NIKs never
turned into 5.1E+15; written by `xlsx_stream`). CSV is UTF-8 with a BOM so Excel reads the
names right.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from backoffice.domain import xlsx_stream
from backoffice.domain.bpjs_files import FORMULA_STARTS
from backoffice.domain.dates import format_date, format_datetime

CHUNK_BYTES = 64 * 1024
FORMATS = ("csv", "xlsx")
# A list export of more rows than this is made in the background (a job with a status page and
# a download), fewer are sent at once: about a second's work either way, far from a timeout.
BACKGROUND_ROWS = 50_000
# A background job's files (an export's file; an import's upload, summary and report) are
# deleted this many days after the job finished.
KEEP_DAYS = 7


def text_of(value: Any) -> str:
    """A cell as text: dates day first (HH-BB-TTTT), None empty, booleans Ya/Tidak."""
    kind = value.__class__
    if kind is str:  # most cells: checked first, a million times an export
        return value
    if value is None:
        return ""
    if kind is bool:
        return "Ya" if value else "Tidak"
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def safe_csv_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


FORMULA_FIRST = frozenset(FORMULA_STARTS)  # each a single character
# A row's cells joined by NUL with a NUL in front: a formula start right after a NUL is a cell
# starting a formula (or a cell holding NUL itself: checked cell by cell then, never missed).
FORMULA_IN_ROW = re.compile("\x00[" + re.escape("".join(FORMULA_STARTS)) + "]")


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """A CSV file in pieces of about 64 KiB, for a streamed response or a file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([safe_csv_cell(h) for h in header])
    for row in rows:
        # The same as safe_csv_cell(text_of(v)) per cell, at a third of the cost: a formula is
        # looked for in the whole row at once, then cell by cell in the rare row that has one.
        cells = [v if v.__class__ is str else text_of(v) for v in row]
        if FORMULA_IN_ROW.search("\x00" + "\x00".join(cells)):
            cells = [("'" + c) if c[:1] in FORMULA_FIRST else c for c in cells]
        writer.writerow(cells)
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_csv(target: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a CSV to `target`; return the number of data rows."""
    counted = _Counter(rows)
    for chunk in csv_chunks(header, counted):
        target.write(chunk)
    return counted.count


def write_xlsx(
    target: BinaryIO | str, header: Sequence[str], rows: Iterable[Sequence[Any]], title="Data"
) -> int:
    """Write an XLSX (`xlsx_stream`: rows compressed into the file as they come, every cell a
    text cell). Return the number of data rows; raise xlsx_stream.TooManyRows past Excel's
    1,048,575."""
    return xlsx_stream.write_xlsx(target, header, _texts(rows), title=title)


def xlsx_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], title="Data"
) -> Iterator[bytes]:
    """The same XLSX in pieces, for a streamed response."""
    return xlsx_stream.xlsx_chunks(header, _texts(rows), title=title)


def _texts(rows: Iterable[Sequence[Any]]) -> Iterator[list[str]]:
    for row in rows:
        yield [v if v.__class__ is str else text_of(v) for v in row]


class _Counter:
    def __init__(self, rows: Iterable):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row
