"""URL parameters of the back-office checked before they reach a query: a bad one is dropped
with a message (list pages) or answered 404 (a record id), never a server error."""

from flask import abort, flash, request
from peewee import AutoField, BigIntegerField, IntegerField

MAX_ID = 2**63 - 1  # PostgreSQL bigint; SQLite's INTEGER has the same bound
MAX_PAGE = 100_000
MAX_SEARCH = 200
MAX_TEXT_ID = 64


def parse_id(value: str | None) -> int | None:
    """A record id from a URL: ASCII digits within the database's range, else None
    ("²" and "١" are digits to str.isdigit(), not to the database)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


def parse_ids(value: str | None) -> list[int]:
    """Comma-separated record ids; the ones that are not valid ids are left out."""
    ids = (parse_id(part) for part in (value or "").split(","))
    return [i for i in ids if i is not None]


def coerce_pk(model, raw) -> object | None:
    """A primary key of `model` from a URL or form, or None when it cannot be one: an integer
    key by parse_id, a text key (region codes) 1 to MAX_TEXT_ID characters without NUL."""
    if isinstance(model._meta.primary_key, (AutoField, IntegerField, BigIntegerField)):
        return parse_id(str(raw))
    text = str(raw).strip()
    return text if 0 < len(text) <= MAX_TEXT_ID and "\x00" not in text else None


def check_record_id(model) -> None:
    """Answer 404 when the request names a record (`?id=`) its model could not hold."""
    value = request.args.get("id")
    if value is not None and coerce_pk(model, value) is None:
        abort(404)


def clean_text(value: str | None, limit: int = MAX_SEARCH) -> str | None:
    """A free-text parameter without NUL characters (PostgreSQL refuses them), cut to
    `limit`; None stays None."""
    if value is None:
        return None
    return value.replace("\x00", "")[:limit]


def clean_list_args(view, args):
    """The list page's arguments (Flask-Admin's ViewArgs) with any bad one dropped and named."""
    dropped = []
    page = args.page
    if page is None or not 0 <= page <= MAX_PAGE:
        dropped.append("halaman")
        page = 0
    page_size = args.page_size
    if page_size and page_size not in (view.page_size_options or ()):
        dropped.append("jumlah baris per halaman")
        page_size = 0
    sort = args.sort
    if sort is not None and not sortable(view, sort):
        dropped.append("urutan")
        sort = None
    sort_desc = 1 if args.sort_desc else 0 if args.sort_desc is not None else None
    search = clean_text(args.search)
    if search is not None:
        search = view.normalize_search(search)
    filters = [f for f in (args.filters or []) if acceptable_filter(view, f)]
    if args.filters and len(filters) != len(args.filters):
        dropped.append("saringan")
    if dropped:
        flash("Parameter tidak valid diabaikan: " + ", ".join(dropped) + ".", "error")
    return args.clone(
        page=page,
        page_size=page_size,
        sort=sort,
        sort_desc=sort_desc,
        search=search,
        filters=filters if args.filters is not None else None,
    )


def sortable(view, index: int) -> bool:
    column = view._get_column_by_idx(index)
    return column is not None and column[0] in view._sortable_columns


def acceptable_filter(view, flt) -> bool:
    """A filter value that is not blank, has no NUL character and is not absurdly long."""
    _, _, value = flt
    return bool(value.strip()) and "\x00" not in value and len(value) <= MAX_SEARCH
