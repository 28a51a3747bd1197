"""One XML part of an XLSX read in pieces by xml.etree's pull parser (the C one), with what
the parser holds bounded (issue 18): the elements and bytes inside one row or one shared
string, the depth, the bytes of text between two tags (counted before the parser sees them),
and no DTD. Used by domain/xlsx_rows; the bounds are in domain/file_limits."""

import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element, XMLPullParser

from backoffice.domain import file_limits as bounds
from backoffice.domain.file_limits import Limits, refusal

PIECE = 64 * 1024  # bytes fed to the parser at a time (less than XML_TEXT_BYTES)


class XmlPart:
    """One part's XML read in pieces by a pull parser, `flat` levels deep: `events()` gives
    (event, element, depth) for the elements at depth `flat` or less (depth 0 the root's),
    as the parser starts ("start") and ends ("end") them; once an ended one has been handled
    it is dropped from the tree. So the parser holds the open elements and what is inside one
    element at depth `flat` (a row): past XML_HELD_ELEMENTS or XML_HELD_BYTES of that, past
    XML_DEPTH, with a text run over XML_TEXT_BYTES, or a DTD, the file is refused. With
    `items_limit`, an element at depth `flat` holding more elements than that directly (a row
    of too many cells) is refused with `too_many(self.where)` as soon as one more opens."""

    def __init__(self, archive: zipfile.ZipFile, name: str, flat: int, limits: Limits,
                 items_limit: int | None = None, too_many=None) -> None:  # fmt: skip
        self.archive, self.name, self.flat, self.limits = archive, name, flat, limits
        self.items_limit, self.too_many = items_limit, too_many
        self.where = 0  # what the caller is reading, for the messages (a row's number)

    def events(self) -> Iterator[tuple[str, Element, int]]:
        parser = XMLPullParser(events=("start", "end"))
        self.path: list[Element] = []  # the open elements at depth `flat` or less
        self.level = self.held = self.held_bytes = self.items = 0
        run, prolog = 0, b""  # the bytes before the root element: a DTD there is refused
        with self.archive.open(self.name) as part:
            while piece := part.read(PIECE):
                if prolog is not None:
                    prolog = None if self.path else _prolog(prolog + piece, self.name)
                run = _text_run(piece, run, self.limits)
                self.held_bytes += len(piece)
                if self.held_bytes > bounds.XML_HELD_BYTES:
                    raise _too_much(self.name, f"{bounds.XML_HELD_BYTES // bounds.MB} MB")
                parser.feed(piece)
                yield from self._read(parser)
            parser.close()
            yield from self._read(parser)

    def _read(self, parser: XMLPullParser) -> Iterator[tuple[str, Element, int]]:
        flat, path = self.flat, self.path
        for event, element in parser.read_events():
            if event == "start":
                depth = self.level
                self.level += 1
                self.held += 1
                if self.held > bounds.XML_HELD_ELEMENTS:
                    raise _too_much(self.name, f"{bounds.number(bounds.XML_HELD_ELEMENTS)} unsur")
                if depth > bounds.XML_DEPTH:
                    raise refusal(f"{bounds.REFUSED_XLSX}bagian {self.name[:80]} bersarang lebih "
                                  f"dari {bounds.XML_DEPTH} tingkat.{bounds.RESAVE}")  # fmt: skip
                if depth > flat:
                    if depth == flat + 1 and self.items_limit is not None:
                        self.items += 1
                        if self.items > self.items_limit:
                            raise self.too_many(self.where)
                    continue
                self.items = 0
                path.append(element)
                yield event, element, depth
                continue
            self.level -= 1
            if self.level > flat:
                continue
            path.pop()
            yield event, element, self.level
            if path:
                path[-1].remove(element)
                self.held = self.held_bytes = 0


def events(archive: zipfile.ZipFile, name: str, flat: int, limits: Limits):
    return XmlPart(archive, name, flat, limits).events()


def _prolog(data: bytes, name: str) -> bytes:
    """The last bytes of what came before the root element, to be looked at with the next
    piece; a DTD (entities, and what they can expand to) has no place in a workbook."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise refusal(f"{bounds.REFUSED_XLSX}bagian {name[:80]} memuat DTD.{bounds.RESAVE}")
    return data[-16:]


def _text_run(piece: bytes, run: int, limits: Limits) -> int:
    """The bytes since the last "<", after `piece` (`run` before it): a text (or a tag)
    longer than XML_TEXT_BYTES is refused before the parser holds it. A piece is shorter
    than that, so only a run across pieces can be."""
    first = piece.find(b"<")
    if first < 0:
        run += len(piece)
    elif run + first <= bounds.XML_TEXT_BYTES:
        return len(piece) - piece.rfind(b"<") - 1
    if run > bounds.XML_TEXT_BYTES or first >= 0:
        raise bounds.cell_too_long(limits, None)
    return run


def _too_much(name: str, what: str):
    return refusal(f"{bounds.TOO_LARGE}bagian {name[:80]} berisi lebih dari {what} dalam satu "
                   f"baris atau satu teks.{bounds.RESAVE}")  # fmt: skip


class TagNames(dict):
    """Tags without their namespace ("{…main}row" → "row"), each worked out once."""

    def __missing__(self, tag: str) -> str:
        self[tag] = tag.rpartition("}")[2]
        return self[tag]


def attribute(element: Element, name: str) -> str | None:
    """An attribute by its name in any namespace (r:id)."""
    for key, value in element.attrib.items():
        if key == name or key.endswith("}" + name):
            return value
    return None
