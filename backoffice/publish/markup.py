"""Markdown as staff type it, to safe HTML: Python-Markdown, then nh3, cached by content hash.

Staff write the standards' and content pages' Markdown in a plain text box, the way they write
a letter, so the text is read the way they mean it:
- a list may start right under a line of text (no blank line needed);
- a list nests by two spaces (or more) of indentation, as by four;
- a single line break stays a line break (two phone numbers on two lines stay two lines);
- text in angle brackets is text: `CEK#<NIK>#<nama ibu>` shows as typed, escaped, never
  dropped, because raw HTML is not interpreted at all.
What comes out is then cleaned by nh3 (an allow-list sanitiser): `javascript:` and other schemes
are dropped from links, event attributes never survive.

Rendering is most of a build's time and most text repeats (between builds, and between the
services of one standard), so `RenderCache` keeps results by a SHA-256 of everything that
shaped them: the source text and `RENDERER` (Python-Markdown's and nh3's versions, our own
`RENDERER_VERSION` and allow-lists), so an upgrade renders unchanged texts again. In memory
for its own life, and on disk across builds when given a folder.
"""

import hashlib
import re
from importlib import metadata
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])[ \t]+\S")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
# Raise when `staff_lists`, `TextOnlyHtml` or `converter`'s extensions change what comes out.
RENDERER_VERSION = "1"


def renderer_fingerprint() -> str:
    """What shapes rendered HTML besides the text: our converter's version and allow-lists,
    Python-Markdown's version and nh3's."""
    allowed = (sorted(ALLOWED_TAGS), sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items()),
               sorted(URL_SCHEMES))  # fmt: skip
    return (f"loket {RENDERER_VERSION} {allowed!r}; markdown {markdown.__version__}; "
            f"nh3 {metadata.version('nh3')}")  # fmt: skip


RENDERER = renderer_fingerprint()


class TextOnlyHtml(Extension):
    """Raw HTML is never interpreted: block and inline HTML become escaped text."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's hook name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def staff_lists(text: str) -> str:
    """`text` with lists as staff type them made standard Markdown.

    A blank line is put before a list that starts right under a paragraph line, and each
    list item's indentation is rewritten to four spaces per nesting level (a deeper indent
    than its parent's item is one level deeper, however many spaces it has).
    """
    out: list[str] = []
    indents: list[int] = []  # the indentation of each open list level, as typed
    fenced = False
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        item = None if fenced else LIST_ITEM.match(line)
        if item is None:
            if not line.strip():
                indents = [] if not out or not out[-1].strip() else indents
            elif indents and line.startswith(" ") and not fenced:
                line = "    " * len(indents) + line.lstrip(" ")  # an item's own paragraph
            out.append(line)
            continue
        width = len(item.group(1))
        while indents and width < indents[-1]:
            indents.pop()
        if not indents or width > indents[-1]:
            indents.append(width)
        if out and out[-1].strip() and not LIST_ITEM.match(out[-1]):
            out.append("")  # a list (or the next item) right under a line of text
        out.append("    " * (len(indents) - 1) + line.lstrip(" "))
    return "\n".join(out)


def converter() -> markdown.Markdown:
    """A Markdown parser set up for staff text; reusable (`reset()`) but not thread-safe."""
    return markdown.Markdown(
        extensions=["sane_lists", "tables", "nl2br", TextOnlyHtml()], output_format="html"
    )


def convert(text: str, parser: markdown.Markdown | None = None) -> str:
    """Staff Markdown to sanitised HTML (no cache); `parser` saves setting one up each time."""
    parser = parser or converter()
    html = parser.reset().convert(staff_lists(text))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


class RenderCache:
    """Rendered HTML by a hash of the text and `renderer` (the versions that shaped it,
    `RENDERER` unless given); `directory` (optional) keeps it across processes."""

    def __init__(self, directory: Path | None = None, renderer: str = RENDERER) -> None:
        self.renderer = renderer
        self.memory: dict[str, str] = {}
        self.parser = converter()
        self.directory = directory
        self.hits = 0
        self.misses = 0
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    def render(self, text: str) -> Markup:
        """`text` (Markdown typed by staff) as sanitised HTML, safe to insert in a page."""
        if not text.strip():
            return Markup("")
        key = self.key(text)
        html = self.memory.get(key)
        if html is None:
            html = self._load(key)
        if html is None:
            self.misses += 1
            html = convert(text, self.parser)
            self._store(key, html)
        else:
            self.hits += 1
        self.memory[key] = html
        return Markup(html)

    def key(self, text: str) -> str:
        """The cache key of `text`: a different renderer gives a different key."""
        return hashlib.sha256(f"{self.renderer}\0{text}".encode()).hexdigest()

    def _path(self, key: str) -> Path | None:
        return None if self.directory is None else self.directory / key[:2] / f"{key}.html"

    def _load(self, key: str) -> str | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def _store(self, key: str, html: str) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_suffix(f".{id(self)}.tmp")
        temporary.write_text(html, encoding="utf-8")
        temporary.replace(path)  # two builders writing one key never leave half a file


class NoCache(RenderCache):
    """Renders every text afresh: plain Frozen-Flask's behaviour, for comparison."""

    def render(self, text: str) -> Markup:
        return Markup(convert(text, self.parser)) if text.strip() else Markup("")
