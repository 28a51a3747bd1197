"""The rows of an XLSX's first sheet (lembar pertama), read as a stream within the bounds of
domain/file_limits: each value as openpyxl's read-only, data-only reading gives it (text, int,
float, datetime, bool, an error's text such as "#N/A"), a formula without a stored result as
`UncomputedFormula`.

Not openpyxl: its read-only reader keeps every element that is not a row (between rows, around
them, in the shared-string table), reads a whole sheet to learn a size the file does not
declare, and builds a row of any width before a caller can cut it; an XLSX of a few MB that
unpacked to a gigabyte held a worker at 4 GB for minutes (issue 18). Here xml.etree's pull
parser reads each part in pieces: an element no deeper than a row (or a shared string) is
dropped from the tree once read, so the parser holds one row at a time, and what it holds is
counted; a row's cells are counted as they open; the bytes of text between two tags are
counted before they reach the parser (domain/xml_pieces).

Parts read: the package's relations (to find the workbook), the workbook (its first worksheet
and its calendar) and its relations, the styles (which number formats are dates), the shared
strings, the first worksheet. Nothing else in the archive is parsed (file_limits.open_xlsx
has looked at the first bytes of each part, to refuse an archive packed inside).
"""

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from backoffice.domain import file_limits as bounds
from backoffice.domain.file_limits import Limits, refusal
from backoffice.domain.xml_pieces import TagNames, XmlPart, attribute, events

SHARED_FORMULAS = 10_000  # shared formulas remembered, only to name an uncomputed one
SHARED_FORMULA_CHARS = 1_000  # longer ones are named as written at their first cell
DAMAGED_AT = "Berkas XLSX rusak sekitar baris {row}."
NO_SHEET = "Berkas XLSX tidak berisi lembar kerja."
UNCOMPUTED = (
    "Sel berisi rumus Excel ({formula}) tanpa hasil tersimpan, jadi nilainya tidak terbaca. "
    "Buka berkas di Excel atau LibreOffice lalu simpan ulang, atau salin kolomnya dan tempel "
    "sebagai nilai (Paste Values)."
)
_REL = "/relationships/"
_UNPACKING = (zipfile.BadZipFile, zlib.error, EOFError, OSError)  # a part that does not unpack


@dataclass(frozen=True)
class UncomputedFormula:
    """An XLSX cell holding a formula ("=A2*2") but no stored result: read as empty, an empty
    NIK would be "Wajib diisi", which is not what is wrong. The import's cell rules report it
    with UNCOMPUTED. (Not a str: a text cell "=A2" is another thing.)"""

    formula: str

    def __str__(self) -> str:
        return self.formula


Row = list[tuple[int, Any]]  # a row's (column number from 1, value) pairs, in the file's order


def sheet_rows(archive: zipfile.ZipFile, limits: Limits) -> Iterator[Row]:
    """The first worksheet's rows from row 1 on, a row the file leaves out given as [] (so
    the n-th row yielded is spreadsheet row n). Raise ValidationError({"file": …}) past
    `limits` (rows, cells in a row, characters in a cell, shared strings) or when the
    workbook is damaged; a row out of order is skipped, as Excel would not write one."""
    try:
        book = _Workbook(archive)
        cells = _Cells(_shared_strings(archive, book.strings, limits), book.epoch,
                       *_number_styles(archive, book.styles), limits)  # fmt: skip
    except (KeyError, ValueError, IndexError, ParseError, *_UNPACKING) as exc:
        raise bounds.damaged() from exc
    except MemoryError:
        raise refusal(bounds.OUT_OF_MEMORY) from None
    return _rows(archive, book.sheet, cells, limits)


# --- the workbook: which part is the first worksheet, the calendar, the styles -------------


class _Workbook:
    """Where the first worksheet, the shared strings and the styles are, and the calendar."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        package = _relations(archive, "_rels/.rels", "")
        path = next((t for kind, t in package.values() if kind.endswith(_REL + "officeDocument")),
                    "xl/workbook.xml")  # fmt: skip
        relations = _relations(archive, _relations_of(path), posixpath.dirname(path))
        self.epoch, first = CALENDAR_WINDOWS_1900, None
        names = TagNames()
        for event, element, _ in events(archive, _small(archive, path), 2, _ANY):
            if event != "end":
                continue
            if names[element.tag] == "workbookPr":
                if element.get("date1904", "").lower() in ("1", "true"):
                    self.epoch = CALENDAR_MAC_1904
            elif names[element.tag] == "sheet" and first is None:
                kind, target = relations.get(attribute(element, "id") or "", ("", ""))
                if kind.endswith(_REL + "worksheet"):
                    first = target
        if first is None or first not in archive.NameToInfo:
            raise refusal(NO_SHEET)
        self.sheet = first
        # openpyxl finds these two by fixed name or content type: a relation left out of
        # the file does not hide them
        self.strings = _of_kind(relations, "sharedStrings", archive, "xl/sharedStrings.xml")
        self.styles = _of_kind(relations, "styles", archive, "xl/styles.xml")


def _relations_of(path: str) -> str:
    folder, name = posixpath.split(path)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relations(archive: zipfile.ZipFile, path: str, folder: str) -> dict[str, tuple[str, str]]:
    """{Id: (Type, part name)} of a relations part (an empty dict when there is none)."""
    if path not in archive.NameToInfo:
        return {}
    found = {}
    names = TagNames()
    for event, element, _ in events(archive, _small(archive, path), 1, _ANY):
        if event == "end" and names[element.tag] == "Relationship":
            if element.get("TargetMode") == "External":
                continue
            target = element.get("Target", "")
            target = (target[1:] if target.startswith("/")
                      else posixpath.normpath(posixpath.join(folder, target)))  # fmt: skip
            found[element.get("Id", "")] = (element.get("Type", ""), target)
    return found


def _of_kind(relations: dict, kind: str, archive: zipfile.ZipFile, usual: str) -> str | None:
    found = [target for type_, target in relations.values() if type_.endswith(_REL + kind)]
    return next((name for name in [*found, usual] if name in archive.NameToInfo), None)


def _small(archive: zipfile.ZipFile, name: str) -> str:
    """`name`, once it is a part read whole-sized (relations, workbook, styles): at most
    XLSX_READ_PART_BYTES unpacked."""
    if archive.getinfo(name).file_size > bounds.XLSX_READ_PART_BYTES:
        raise refusal(f"{bounds.TOO_LARGE}bagian {name[:80]} lebih dari "
                      f"{bounds.XLSX_READ_PART_BYTES // bounds.MB} MB.{bounds.RESAVE}")  # fmt: skip
    return name


# Limits for parts that hold no cells (relations, the workbook, styles): only the XML bounds.
_ANY = Limits(file_bytes=0, unpacked_bytes=0, rows=0, strings=0)


def _number_styles(archive: zipfile.ZipFile, path: str | None) -> tuple[set[int], set[int]]:
    """The cell styles (indexes into cellXfs) whose number format is a date, and those that
    are a duration, as openpyxl decides (a custom format by its code, else Excel's own)."""
    if path is None:
        return set(), set()
    custom: dict[str, str] = {}
    formats: list[str] = []
    names, section = TagNames(), ""
    for event, element, depth in events(archive, _small(archive, path), 2, _ANY):
        name = names[element.tag]
        if depth == 1:
            section = name if event == "start" else ""
        elif event == "end" and depth == 2 and section == "numFmts" and name == "numFmt":
            custom[element.get("numFmtId", "")] = element.get("formatCode", "")
        elif event == "end" and depth == 2 and section == "cellXfs" and name == "xf":
            formats.append(element.get("numFmtId", "0"))
    dates, durations = set(), set()
    for index, number_format in enumerate(formats):
        code = custom.get(number_format)
        if code is None and number_format.isdigit():
            code = builtin_format_code(int(number_format))
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


def _shared_strings(archive: zipfile.ZipFile, path: str | None, limits: Limits) -> list[str]:
    strings: list[str] = []
    if path is None:
        return strings
    names = TagNames()
    for event, element, depth in events(archive, path, 1, limits):
        if event == "end" and depth == 1 and names[element.tag] == "si":
            if len(strings) >= limits.strings:
                raise refusal(f"{bounds.TOO_LARGE}lebih dari {bounds.number(limits.strings)} "
                              f"teks dalam daftar teks bersamanya.{bounds.SPLIT}")  # fmt: skip
            text = _text(element, names).replace("x005F_", "")  # as openpyxl reads them
            if len(text) > limits.cell_chars:
                raise bounds.cell_too_long(limits, None)
            strings.append(text)
    return strings


def _text(element: Element, names: TagNames) -> str:
    """The text of a string element (<si> or <is>): its <t>, then its runs' <t>; phonetic
    hints (<rPh>) left out."""
    pieces = []
    for child in element:
        name = names[child.tag]
        if name == "t":
            pieces.append(child.text or "")
        elif name == "r":
            pieces.extend(t.text or "" for t in child if names[t.tag] == "t")
    return "".join(pieces)


# --- the sheet's rows -----------------------------------------------------------------------


def _rows(archive: zipfile.ZipFile, path: str, cells: "_Cells", limits: Limits):
    names = TagNames()
    part = XmlPart(archive, path, 2, limits, limits.row_cells,
                 lambda row: bounds.too_many_cells(limits, row))  # fmt: skip
    expected, number = 1, 0
    try:
        for event, element, depth in part.events():
            if depth != 2 or names[element.tag] != "row":
                continue
            if event == "start":
                number = part.where = _row_number(element, expected)
                if number > limits.rows:
                    raise bounds.too_many_rows(limits)
                continue
            if number < expected:
                continue
            while expected < number:
                yield []
                expected += 1
            yield cells.of_row(element, number, names)
            expected += 1
    except (ParseError, *_UNPACKING) as exc:
        raise refusal(DAMAGED_AT.format(row=max(expected, number))) from exc
    except MemoryError:
        raise refusal(bounds.OUT_OF_MEMORY) from None


def _row_number(row: Element, expected: int) -> int:
    text = row.get("r")
    if text is None:
        return expected
    if not text.isdigit() or int(text) < 1:
        raise refusal(DAMAGED_AT.format(row=expected))
    return int(text)


class _Cells:
    """Each cell of a row turned into its value, as openpyxl's data-only reading does."""

    def __init__(self, strings, epoch, dates, durations, limits: Limits) -> None:
        self.strings, self.epoch, self.limits = strings, epoch, limits
        self.dates, self.durations = dates, durations
        self.columns: dict[str, int] = {}
        self.shared: dict[str, tuple[str, str]] = {}  # si: (formula, its first cell)

    def of_row(self, row: Element, number: int, names: TagNames) -> Row:
        values: Row = []
        column = 0
        try:
            for cell in row:
                if names[cell.tag] != "c":
                    continue
                place = cell.get("r")
                column = self._column(place) if place else column + 1
                value = self._value(cell, place, names)
                if type(value) is str and len(value) > self.limits.cell_chars:
                    raise bounds.cell_too_long(self.limits, number)
                values.append((column, value))
        except (ValueError, IndexError, KeyError, OverflowError, TypeError) as exc:
            raise refusal(DAMAGED_AT.format(row=number)) from exc
        return values

    def _column(self, place: str) -> int:
        letters = place.rstrip("0123456789")
        if not letters:
            raise ValueError(place)
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = column_index_from_string(letters)
        return column

    def _value(self, cell: Element, place: str | None, names: TagNames) -> Any:
        kind = cell.get("t", "n")
        text = formula = inline = None
        for child in cell:
            name = names[child.tag]
            if name == "v":
                text = child.text
            elif name == "f":
                formula = child
            elif name == "is":
                inline = child
        if kind == "inlineStr":
            return _text(inline, names) if inline is not None else None
        if formula is not None and formula.get("t") == "shared" and formula.text and place:
            self._remember(formula, place)
        if not text:
            return self._uncomputed(formula, place) if formula is not None and kind != "str" \
                else None  # fmt: skip
        if kind == "n":
            return self._number(text, int(cell.get("s") or 0))
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text result), "e" (an error such as #N/A)

    def _number(self, text: str, style: int) -> Any:
        number = float(text) if "." in text or "E" in text or "e" in text else int(text)
        if style not in self.dates:
            return number
        try:
            return from_excel(number, self.epoch, timedelta=style in self.durations)
        except (OverflowError, ValueError):
            return "#VALUE!"  # openpyxl's value for a date serial out of range

    def _remember(self, formula: Element, place: str) -> None:
        """A shared formula's first cell: the others carry only its number (si)."""
        if len(self.shared) < SHARED_FORMULAS:
            self.shared[formula.get("si", "")] = ("=" + formula.text, place)

    def _uncomputed(self, formula: Element, place: str | None) -> UncomputedFormula | None:
        """The formula of a cell without a stored result (a shared one's other cells: the
        first cell's, moved to this one); None for a data table's, which is no formula."""
        kind = formula.get("t")
        if kind == "dataTable":
            return None
        text = "=" + (formula.text or "")
        if kind == "shared" and not formula.text and formula.get("si", "") in self.shared:
            text = self._moved(*self.shared[formula.get("si", "")], place)
        return UncomputedFormula(text)

    @staticmethod
    def _moved(text: str, origin: str, place: str | None) -> str:
        if not place or len(text) > SHARED_FORMULA_CHARS:
            return text
        try:
            return Translator(text, origin).translate_formula(place)
        except Exception:  # noqa: BLE001 - a formula openpyxl cannot move is named as written
            return text
