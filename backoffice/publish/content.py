"""The content reader: Markdown files with front matter under `content/`.

Layout (one kind of page per folder, as Pelican's readers see it)::

    content/faq/<office slug>.md    the office's FAQ: "## topic" then "### question" + answer
    content/pages/<slug>.md         other pages (about, hours, complaint guide)

(A maklumat pelayanan is not a file: it is an act of the head of office, entered as a record.)

Front matter is the block between two `---` lines at the top, one `key: value` a line.
`status: draft` keeps a page off the public site (the preview still shows it). A reader is a
pure function from a file to a `ContentPage`; writing goes through `save_page`, which only
accepts the paths above, resolved inside the content folder (never a prefix match).

No file can break the desk or a build: a file that cannot be read (not UTF-8, unclosed front
matter, a control character in its title, too large) is left out of the site and reported with
its reason (`read_content`), never raised from a listing.
"""

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from backoffice.paths import CONTENT_DIR

PAGE_PATH = re.compile(r"^(?:faq|pages)/[a-z0-9][a-z0-9-]{0,60}\.md$")
KEY = re.compile(r"^[a-z_]{1,30}$")
STATUSES = ("published", "draft")
MAX_BYTES = 512 * 1024  # a page's source; far above any real page, far below trouble
META_LABELS = {"title": "Judul", "description": "Ringkasan"}


class ContentError(ValueError):
    """A page path or front matter that cannot be accepted; the message is Indonesian."""


@dataclass(frozen=True)
class ContentPage:
    path: str  # relative to the content folder, e.g. "faq/bali.md"
    meta: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def title(self) -> str:
        return self.meta.get("title", "")

    @property
    def description(self) -> str:
        return self.meta.get("description", "")

    @property
    def published(self) -> bool:
        return self.meta.get("status", "published") == "published"

    @property
    def kind(self) -> str:
        return self.path.split("/")[0] if "/" in self.path else Path(self.path).stem

    @property
    def slug(self) -> str:
        return Path(self.path).stem


def content_dir() -> Path:
    return Path(os.environ.get("LOKET_CONTENT_DIR") or CONTENT_DIR)


def parse(path: str, text: str) -> ContentPage:
    """A page from its file text: front matter (if any) and the Markdown body."""
    text = text.replace("\r\n", "\n")
    meta: dict[str, str] = {}
    if text.startswith("---\n"):
        head, separator, body = text[4:].partition("\n---\n")
        if not separator:
            raise ContentError(f"{path}: front matter tidak ditutup dengan baris '---'.")
        meta = _parse_meta(path, head)
        text = body
    return ContentPage(path, meta, text.strip("\n") + "\n")


def _parse_meta(path: str, head: str) -> dict[str, str]:
    meta = {}
    for number, line in enumerate(head.splitlines(), 2):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon or not KEY.match(key.strip()):
            raise ContentError(f"{path} baris {number}: tulis sebagai 'kunci: nilai'.")
        meta[key.strip()] = value.strip()
        check_meta_value(key.strip(), value, f"{path} baris {number}: ")
    return meta


def check_meta_value(key: str, value: str, where: str = "") -> None:
    """Refuse a front-matter value with a line break or another control character."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
        label = META_LABELS.get(key, key)
        raise ContentError(
            f"{where}{label} tidak boleh berisi baris baru atau karakter kendali; "
            "tulis dalam satu baris."
        )


def dump(page: ContentPage) -> str:
    head = "".join(f"{key}: {value}\n" for key, value in page.meta.items() if value != "")
    return f"---\n{head}---\n{page.body.strip()}\n"


def read_page(path: str, root: Path | None = None) -> ContentPage:
    """The page at `path`; ContentError (Indonesian) when it cannot be read as one."""
    file = safe_path(path, root)
    if file.stat().st_size > MAX_BYTES:
        raise ContentError(f"{path}: berkas lebih dari {MAX_BYTES // 1024} KB.")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(f"{path}: berkas bukan teks UTF-8.") from None
    if "\x00" in text:
        raise ContentError(f"{path}: berkas berisi karakter NUL.")
    return parse(path, text)


def read_content(root: Path | None = None) -> tuple[list[ContentPage], list[tuple[str, str]]]:
    """(every readable page, sorted by path; (path, reason) of each file left out)."""
    root = root or content_dir()
    pages, problems = [], []
    for path in sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md")):
        if not PAGE_PATH.match(path):
            continue
        try:
            pages.append(read_page(path, root))
        except (ContentError, OSError) as exc:
            problems.append((path, str(exc) if isinstance(exc, ContentError) else "tak terbaca"))
    return pages, problems


def read_all(root: Path | None = None) -> list[ContentPage]:
    """Every readable page under the content folder, sorted by path."""
    return read_content(root)[0]


def safe_path(path: str, root: Path | None = None) -> Path:
    """The file for a page path, refusing anything but the layout's own names."""
    root = (root or content_dir()).resolve()
    if not PAGE_PATH.match(path):
        raise ContentError("Nama halaman tidak sah: hanya faq/… atau pages/….")
    resolved = (root / path).resolve()
    if not resolved.is_relative_to(root):  # a symlink pointing out of the folder
        raise ContentError("Nama halaman tidak sah.")
    return resolved


def save_page(page: ContentPage, root: Path | None = None) -> Path:
    """Write `page` atomically (a reader never sees half a file); returns its file."""
    if page.meta.get("status", "published") not in STATUSES:
        raise ContentError("Status harus 'published' (terbit) atau 'draft' (draf).")
    for key, value in page.meta.items():
        check_meta_value(key, value)
    target = safe_path(page.path, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(dump(page), encoding="utf-8")
    temporary.replace(target)
    return target


def faq_topics(body: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """An FAQ body as [(topic, [(question, answer Markdown)])], from its ## and ### headings."""
    topics: list[tuple[str, list[tuple[str, str]]]] = []
    answer: list[str] = []
    for line in body.splitlines() + ["## "]:
        if line.startswith(("## ", "### ")) and topics and topics[-1][1]:
            question, _ = topics[-1][1][-1]
            topics[-1][1][-1] = (question, "\n".join(answer).strip())
        if line.startswith("## "):
            topics.append((line[3:].strip(), []))
            answer = []
        elif line.startswith("### "):
            if not topics:
                topics.append(("Umum", []))
            topics[-1][1].append((line[4:].strip(), ""))
            answer = []
        else:
            answer.append(line)
    return [(topic, questions) for topic, questions in topics if topic and questions]
