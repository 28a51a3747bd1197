"""Markdown to safe HTML: Python-Markdown, then nh3 (an allow-list sanitiser), cached.

Staff type the standards' and content pages' Markdown, so anything they write must come out
inert: raw HTML is escaped by the sanitiser unless it is an allowed tag, `javascript:` and
other schemes are dropped from links, event attributes (`onclick`, …) never survive.

Rendering is most of a build's time, and most text repeats between builds (and between the
services of one standard), so results are cached by the SHA-256 of the source text: in
memory per process, and optionally on disk (`RenderCache(directory)`) across builds.
"""

import hashlib
from pathlib import Path

import markdown
import nh3
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
EXTENSIONS = ["sane_lists", "tables"]


def _convert(text: str) -> str:
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


class RenderCache:
    """Rendered HTML by content hash; `directory` (optional) keeps it across processes."""

    def __init__(self, directory: Path | None = None) -> None:
        self.memory: dict[str, str] = {}
        self.directory = directory
        self.hits = 0
        self.misses = 0
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    def render(self, text: str) -> Markup:
        if not text.strip():
            return Markup("")
        key = hashlib.sha256(text.encode()).hexdigest()
        html = self.memory.get(key)
        if html is None:
            html = self._load(key)
        if html is None:
            self.misses += 1
            html = _convert(text)
            self._store(key, html)
        else:
            self.hits += 1
        self.memory[key] = html
        return Markup(html)

    def _path(self, key: str) -> Path | None:
        return None if self.directory is None else self.directory / key[:2] / f"{key}.html"

    def _load(self, key: str) -> str | None:
        path = self._path(key)
        if path is None or not path.exists():
            return None
        return path.read_text(encoding="utf-8")

    def _store(self, key: str, html: str) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_suffix(f".{id(self)}.tmp")
        temporary.write_text(html, encoding="utf-8")
        temporary.replace(path)  # two builders writing one key never leave half a file


_default = RenderCache()


def render_markdown(text: str, cache: RenderCache | None = None) -> Markup:
    """`text` (Markdown typed by staff) as sanitised HTML, safe to insert in a page."""
    return (cache or _default).render(text)
