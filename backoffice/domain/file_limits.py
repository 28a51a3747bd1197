"""Bounds of every file a user uploads (batas berkas unggahan), in one place, and the checks
that hold a file to them (issue 18): the applicant import (`APPLICANT_FILE`), BPJS's result
file (`BPJS_RESULT`); a reader to come adds its own `Limits` here and reads through
domain/tables.read_table.

Before parsing: the upload's size (`check_size`); an XLSX's ZIP directory (`open_xlsx`): how
many parts, each part's and the total unpacked size, the compression ratio, nothing nested,
encrypted or oddly named. A zip bomb is refused from the directory alone, before a byte of it
is unpacked (Python's zipfile never unpacks more than a part declares). A CSV gets one pass
of the csv module with the bounds below before any of its rows is checked (domain/tables).
While parsing: rows, cells in a row and characters in a cell (`RowBounds`), the characters
of one CSV row (`row_chars`), and for XLSX the elements the XML parser holds at once and the
bytes of text between two tags (domain/xlsx_rows).

Every refusal is ValidationError({"file": …}) naming the limit in Indonesian: a queued job
fails with it once (tasks/records.run) and is not run again. The worker process runs under a
memory limit (tasks/consumer.limit_memory); a reader that still runs out of memory refuses
the file with `OUT_OF_MEMORY` rather than dying.
"""

import contextlib
import posixpath
import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from backoffice.domain.errors import ValidationError

MB = 1024 * 1024
EXCEL_CELL_CHARS = 32_767  # characters Excel keeps in one cell


@dataclass(frozen=True)
class Limits:
    """What one kind of upload may hold.

    file_bytes: the file as uploaded (a CSV's bytes, an XLSX's archive);
    unpacked_bytes: an XLSX's parts together, unpacked;
    rows: rows of the file, its header (and any title rows) among them;
    strings: texts in an XLSX's shared-string table;
    columns: the header's columns (empty ones at its end aside);
    row_cells: cells of any one row as read, empty ones included (Excel writes a formatted
    empty cell), each counted before the next is read;
    cell_chars: characters in one cell;
    row_chars: characters of one CSV row, however many lines its quoted cells span.
    """

    file_bytes: int
    unpacked_bytes: int
    rows: int
    strings: int
    columns: int = 200  # an applicant file has about 15; BPJS's result fewer
    row_cells: int = 1_000
    cell_chars: int = EXCEL_CELL_CHARS
    row_chars: int = 100_000


# An office's list for a whole kabupaten, or a province's transfer in a few files: 200,000
# rows (100,000 and more, as issue 12's benchmark imports). Its check holds every row: a
# worker checking 200,000 rows peaked at 281 MB resident, 477 MB of address space, inside
# LOKET_WORKER_MEMORY_MB. The list's own 17-column export of 200,000 rows is ~33 MB of CSV,
# and ~17 MB of XLSX that unpacks to ~260 MB (15 times).
APPLICANT_FILE = Limits(file_bytes=100 * MB, unpacked_bytes=512 * MB, rows=200_000,
                        strings=2_000_000)  # fmt: skip
# BPJS's answer to an office's batches: a few thousand rows a month. Read inside the web
# request, so kept small.
BPJS_RESULT = Limits(file_bytes=5 * MB, unpacked_bytes=64 * MB, rows=50_000, strings=500_000)

# The same for every XLSX: a workbook saved by Excel or LibreOffice has 10 to 40 parts, each
# compressed 3 to 20 times (our own export 13 times); a bomb is compressed 300 to 1,000 times.
XLSX_PARTS = 300
XLSX_DIRECTORY_BYTES = 1 * MB  # the ZIP's directory, read whole by zipfile before anything
XLSX_RATIO = 100
XLSX_RATIO_FROM = 1 * MB  # a small part may compress far better (a run of empty rows)
XLSX_READ_PART_BYTES = 16 * MB  # the workbook, its relations and styles, which are read whole
# Bytes of text between two tags of a part's XML (a cell's 32,767 characters are at most ~200 KB
# of escaped UTF-8); elements and bytes the XML parser holds at once (one row, one string).
XML_TEXT_BYTES = 256 * 1024
XML_HELD_ELEMENTS = 10_000
XML_HELD_BYTES = 16 * MB
XML_DEPTH = 32
# The first bytes of an archive or a compressed file: such a part is another file packed
# inside the workbook, which no spreadsheet needs.
PACKED_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"BZh")

TOO_LARGE = "Berkas terlalu besar: "
DAMAGED_XLSX = "Berkas XLSX tidak dapat dibaca (rusak?)."
REFUSED_XLSX = "Berkas XLSX ditolak: "
RESAVE = " Simpan ulang dari Excel atau kirim sebagai CSV."
SPLIT = " Pecah menjadi beberapa berkas."
OUT_OF_MEMORY = (
    TOO_LARGE + "memori pekerja habis saat membacanya (batas LOKET_WORKER_MEMORY_MB)." + SPLIT
)


def number(n: int) -> str:
    """`n` as Indonesians write it: 200.000."""
    return f"{n:,}".replace(",", ".")


def refusal(message: str) -> ValidationError:
    return ValidationError({"file": message})


class DamagedFile(ValidationError):
    """A file that is not what its name says (an "XLSX" that is no ZIP): not past a limit,
    so an upload is kept and the job that reads it says why on its page."""


def damaged() -> DamagedFile:
    return DamagedFile({"file": DAMAGED_XLSX})


def too_many_rows(limits: Limits) -> ValidationError:
    return refusal(f"{TOO_LARGE}lebih dari {number(limits.rows)} baris.{SPLIT}")


def too_many_columns(limits: Limits, count: int) -> ValidationError:
    return refusal(f"Berkas punya terlalu banyak kolom ({count}); paling banyak "
                   f"{limits.columns}.")  # fmt: skip


def too_many_cells(limits: Limits, row: int) -> ValidationError:
    return refusal(f"{TOO_LARGE}baris {row} berisi lebih dari {number(limits.row_cells)} sel.")


def cell_too_long(limits: Limits, row: int | None) -> ValidationError:
    where = f" sekitar baris {row}" if row else ""
    chars = number(limits.cell_chars)
    return refusal(f"{TOO_LARGE}ada sel yang terlalu panjang (lebih dari {chars} karakter, "
                   f"batas satu sel Excel){where}.")  # fmt: skip


def row_too_long(limits: Limits, row: int) -> ValidationError:
    return refusal(f"{TOO_LARGE}baris {row} lebih dari {number(limits.row_chars)} karakter: "
                   "ada sel yang terlalu panjang, atau tanda petik yang tidak "
                   "ditutup.")  # fmt: skip


def check_size(stream: BinaryIO, limits: Limits) -> int:
    """The stream's size in bytes (the stream is left at its start); refused past
    `limits.file_bytes`."""
    size = stream.seek(0, 2)
    stream.seek(0)
    if size > limits.file_bytes:
        raise refusal(f"{TOO_LARGE}lebih dari {limits.file_bytes // MB} MB.")
    return size


XLSX_SUFFIXES = (".xlsx", ".xlsm")


def check_upload(filename: str, stream: BinaryIO, limits: Limits) -> None:
    """What can be known of an upload at once, before it is kept and queued: its size and,
    for an XLSX, its ZIP directory (a zip bomb is refused here, in milliseconds). The rest is
    checked as the file is read; so is a file that is damaged rather than too large."""
    check_size(stream, limits)
    if filename.lower().endswith(XLSX_SUFFIXES):
        with contextlib.suppress(DamagedFile):
            open_xlsx(stream, limits).close()
    stream.seek(0)


@dataclass
class RowBounds:
    """The rows of one file counted as a reader yields them (spreadsheet row `row`, its
    cells): past `limits` the file is refused, naming the limit and the row."""

    limits: Limits

    def check(self, row: int, cells: list) -> None:
        limits = self.limits
        if row > limits.rows:
            raise too_many_rows(limits)
        if len(cells) > limits.row_cells:
            raise too_many_cells(limits, row)
        for cell in cells:
            if type(cell) is str and len(cell) > limits.cell_chars:
                raise cell_too_long(limits, row)


# --- an XLSX's directory, before anything is unpacked -----------------------------------


def open_xlsx(stream: BinaryIO, limits: Limits) -> zipfile.ZipFile:
    """The workbook's archive, once its size and its ZIP directory are within bounds: at
    most XLSX_PARTS parts, none unpacking past `limits.unpacked_bytes` together or more than
    XLSX_RATIO times its packed size, none encrypted, packed in another way than deflate, of
    a name that is absolute, climbs out ("..") or repeats, or itself an archive."""
    check_size(stream, limits)
    _check_directory_size(stream)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise damaged() from None
    parts = archive.infolist()
    if len(parts) > XLSX_PARTS:
        raise refusal(f"{REFUSED_XLSX}berisi lebih dari {XLSX_PARTS} bagian.{RESAVE}")
    names: set[str] = set()
    unpacked = 0
    for part in parts:
        _check_part(part, names, limits)
        unpacked += part.file_size
        if unpacked > limits.unpacked_bytes:
            raise refusal(f"{TOO_LARGE}isinya lebih dari {limits.unpacked_bytes // MB} MB "
                          "setelah dibuka.")  # fmt: skip
    for part in parts:
        _check_not_packed(archive, part)
    return archive


def _check_part(part: zipfile.ZipInfo, names: set[str], limits: Limits) -> None:
    name = part.filename
    if part.flag_bits & 0x1:
        raise refusal(f"{REFUSED_XLSX}bagian {name[:80]} terkunci sandi.{RESAVE}")
    if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refusal(f"{REFUSED_XLSX}bagian {name[:80]} dimampatkan dengan cara yang tidak "
                      f"dikenal.{RESAVE}")  # fmt: skip
    normal = posixpath.normpath(name.replace("\\", "/"))
    if (name.startswith(("/", "\\")) or "\x00" in name or normal.startswith("..")
            or normal in names):  # fmt: skip
        raise refusal(f"{REFUSED_XLSX}nama bagian {name[:80]!r} tidak sah.{RESAVE}")
    names.add(normal)
    if part.file_size > limits.unpacked_bytes:
        raise refusal(f"{TOO_LARGE}bagian {name[:80]} lebih dari "
                      f"{limits.unpacked_bytes // MB} MB setelah dibuka.")  # fmt: skip
    ratio = part.file_size / max(part.compress_size, 1)
    if part.file_size > XLSX_RATIO_FROM and ratio > XLSX_RATIO:
        raise refusal(f"{REFUSED_XLSX}bagian {name[:80]} memampat {number(int(ratio))} kali, "
                      f"lebih dari batas {XLSX_RATIO} kali (ciri bom zip).{RESAVE}")  # fmt: skip


def _check_not_packed(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    if part.is_dir() or part.file_size < 4:
        return
    try:
        with archive.open(part) as data:
            start = data.read(8)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise damaged() from None
    if start.startswith(PACKED_MAGIC):
        raise refusal(f"{REFUSED_XLSX}berisi berkas arsip lain di dalamnya "
                      f"({part.filename[:80]}).{RESAVE}")  # fmt: skip


_END = b"PK\x05\x06"  # the end record of the central directory
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"


def _check_directory_size(stream: BinaryIO) -> None:
    """Refuse a directory over XLSX_DIRECTORY_BYTES before zipfile reads it whole (it makes
    an object of every entry first: a million entries would be a gigabyte). The size is read
    where zipfile reads it: the end record at the very end, else the last one within a
    comment's reach, and the ZIP64 record when its locator stands just before."""
    size = stream.seek(0, 2)
    end, record = _end_record(stream, size)
    directory = struct.unpack_from("<I", record, 12)[0]
    if end >= 76:
        stream.seek(end - 20)
        if stream.read(4) == _END64_LOCATOR:
            stream.seek(end - 76)
            zip64 = stream.read(56)
            if zip64[:4] != _END64:
                raise damaged()
            directory = struct.unpack_from("<Q", zip64, 40)[0]
    stream.seek(0)
    if directory > XLSX_DIRECTORY_BYTES:
        raise refusal(f"{REFUSED_XLSX}daftar isinya lebih dari {XLSX_DIRECTORY_BYTES // MB} MB "
                      f"(terlalu banyak bagian).{RESAVE}")  # fmt: skip


def _end_record(stream: BinaryIO, size: int) -> tuple[int, bytes]:
    if size < 22:
        raise damaged()
    stream.seek(size - 22)
    record = stream.read(22)
    if record[:4] == _END and record[-2:] == b"\x00\x00":
        return size - 22, record
    start = max(0, size - 22 - 0xFFFF)
    stream.seek(start)
    tail = stream.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        raise damaged()
    return start + at, tail[at : at + 22]
