"""Hostile upload files for the bounds tests (issue 18): XLSX zip bombs that unpack to a
gigabyte or more from a few MB, written without ever holding the unpacked data (the deflate
stream is one compressed block repeated), and a guard that measures a piece of work's time
and memory growth while capping both, so that code which would swell to gigabytes fails the
test instead of the machine."""

import contextlib
import resource
import signal
import struct
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
GB = 1024 * MB
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _fixed_parts(with_strings: bool) -> dict[str, bytes]:
    strings_type = (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
                    if with_strings else "")  # fmt: skip
    strings_rel = (f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" '
                   'Target="sharedStrings.xml"/>' if with_strings else "")  # fmt: skip
    return {
        "[Content_Types].xml": (
            f'<Types xmlns="{TYPES}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{BOOK_TYPE}"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>'
            f"{strings_type}</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>{strings_rel}'
            "</Relationships>"
        ).encode(),
    }


def inline_row(cells: list[str]) -> bytes:
    texts = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in cells)
    return f"<row>{texts}</row>".encode()


def sheet_head(header: list[str]) -> bytes:
    return f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() + inline_row(header)


SHEET_TAIL = b"</sheetData></worksheet>"


@dataclass(frozen=True)
class Part:
    """A part of the archive: `head`, then `unit` repeated `times`, then `tail`."""

    head: bytes
    unit: bytes = b""
    times: int = 0
    tail: bytes = b""

    @property
    def size(self) -> int:
        return len(self.head) + len(self.unit) * self.times + len(self.tail)


def bomb_parts(kind: str, header: list[str], size: int = GB) -> dict[str, Part]:
    """The parts of a workbook whose `kind` part unpacks to about `size` bytes: "rows" (a
    sheet of one-letter rows under `header`), "cell" (one cell of `size` letters) or
    "strings" (a shared-string table of `size` bytes; the sheet is only the header)."""
    parts = {name: Part(data) for name, data in _fixed_parts(kind == "strings").items()}
    head = sheet_head(header)
    if kind == "rows":
        unit = inline_row(["x"]) * 1000
        parts["xl/worksheets/sheet1.xml"] = Part(head, unit, size // len(unit) + 1, SHEET_TAIL)
    elif kind == "cell":
        start = b'<row><c t="inlineStr"><is><t>'
        unit = b"x" * MB
        parts["xl/worksheets/sheet1.xml"] = Part(
            head + start, unit, size // MB + 1, b"</t></is></c></row>" + SHEET_TAIL
        )
    elif kind == "strings":
        unit = b"<si><t>x</t></si>" * 1000
        parts["xl/sharedStrings.xml"] = Part(
            f'<sst xmlns="{MAIN}">'.encode(), unit, size // len(unit) + 1, b"</sst>"
        )
        parts["xl/worksheets/sheet1.xml"] = Part(head + SHEET_TAIL)
    else:
        raise ValueError(kind)
    return parts


def write_xlsx(path: Path, parts: dict[str, Part], declared: dict[str, int] | None = None):
    """Write `parts` as a ZIP at `path`, each part deflated as its head, its unit's block
    repeated, its tail. `declared` gives a part a false uncompressed size (a lying bomb)."""
    declared = declared or {}
    entries = []
    with path.open("wb") as out:
        for name, part in parts.items():
            offset = out.tell()
            data, crc = _deflated(part)
            size = declared.get(name, part.size)
            header = _header(name, crc, len(data), size)
            out.write(b"PK\x03\x04" + header)
            out.write(data)
            entries.append((name, header, offset))
        start = out.tell()
        for name, header, offset in entries:
            out.write(b"PK\x01\x02" + struct.pack("<H", 20) + header[:26] +
                      struct.pack("<HHHII", 0, 0, 0, 0, offset) + name.encode())  # fmt: skip
        directory = out.tell() - start
        out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries),
                                              directory, start, 0))  # fmt: skip
    return path


def _header(name: str, crc: int, compressed: int, size: int) -> bytes:
    # version 20, no flags, deflate, a fixed date; then the sizes and the name's length
    return struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, compressed, size,
                       len(name.encode()), 0) + name.encode()  # fmt: skip


def _deflated(part: Part) -> tuple[bytes, int]:
    pieces = [_block(part.head, zlib.Z_FULL_FLUSH)]
    crc = zlib.crc32(part.head)
    if part.times:
        unit = _block(part.unit, zlib.Z_FULL_FLUSH)  # independent of what came before
        pieces.append(unit * part.times)
        for _ in range(part.times):
            crc = zlib.crc32(part.unit, crc)
    pieces.append(_block(part.tail, zlib.Z_FINISH))
    return b"".join(pieces), zlib.crc32(part.tail, crc)


def _block(data: bytes, mode: int) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeeze.compress(data) + squeeze.flush(mode)


# --- measuring (and capping) a piece of work ----------------------------------------------


@dataclass
class Measured:
    seconds: float = 0.0
    peak_growth_mb: float = 0.0  # the highest resident size during the work, less before


def _status(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


class Overrun(Exception):
    """The work ran past the guard's time: it would have taken longer still."""


@contextlib.contextmanager
def guarded(seconds: float = 30, extra_mb: int = 1536) -> Iterator[Measured]:
    """Measure the block's time and its peak resident memory growth (VmHWM, reset first),
    with the block stopped by Overrun after `seconds` and its address space capped at
    `extra_mb` above the process's present size (MemoryError past it). The caps only keep
    a failing test from taking the machine down; the assertions are the test's."""
    measured = Measured()
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # VmHWM := VmRSS
    before = _status("VmRSS")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _status("VmSize") + extra_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard < 0 else min(cap, hard), hard))

    def overrun(signum, frame):
        raise Overrun(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.perf_counter()
    try:
        yield measured
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        measured.seconds = time.perf_counter() - started
        measured.peak_growth_mb = (_status("VmHWM") - before) / MB
