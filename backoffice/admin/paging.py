"""The pages of large lists (issue 12): a million applicants or applications, paged without
reading what the page skips and counted only when it costs less than the page."""

from backoffice.db import database

# A filtered large list counts at most this many rows; with more it says "lebih dari 1.000"
# and pages by prev/next (counting a district's 100,000 received applications cost more than
# the page).
COUNT_AT_MOST = 1000
SEARCH_IDS = 10_000  # a search finding no more is read as ids once: count and page from them
DEFERRED_OFFSET = 1000


def large_list_page(query, model, searched: bool) -> tuple[int | None, list]:
    """The number a large list's pager shows and the rows of its page (`query`: the page's
    query, sorted, limited and offset).

    A search reads the ids of all it finds, up to SEARCH_IDS, in order: their number is the
    count and the page is a slice of them (a name fragment's trigram index is read once, not
    for the page and again for its count). Otherwise the page, then `large_list_count`."""
    if searched:
        ids = ids_of(query.select(model.id).limit(SEARCH_IDS + 1).offset(None))
        if len(ids) <= SEARCH_IDS:
            start = query._offset or 0
            return len(ids), rows_by_id(model, ids[start : start + (query._limit or len(ids))])
    rows = page_rows(query, model)
    return large_list_count(query, rows), rows


def large_list_count(query, rows: list) -> int:
    """The number of rows a large list's pager shows, given the page `query` and its `rows`:
    the rows seen when the page is not full; else a COUNT stopped at COUNT_AT_MOST + 1 (shown
    as `many_rows()`, with prev/next only), narrowed by a search or filter or not: an exact
    COUNT of a million rows costs more than the page, 1,001 rows of an index about a
    millisecond, and a small office sees "Daftar (76)" and its page numbers."""
    offset = query._offset or 0
    if (query._limit is None or len(rows) < query._limit) and (rows or not offset):
        return offset + len(rows)
    return counted_at_most(query)


def many_rows() -> str:
    return f"lebih dari {COUNT_AT_MOST:,}".replace(",", ".")


def counted_at_most(query) -> int:
    """The rows of `query` (a list page's query) up to COUNT_AT_MOST + 1: the exact count
    when it is COUNT_AT_MOST or less."""
    return query.order_by().limit(COUNT_AT_MOST + 1).offset(None).count()


def page_rows(query, model) -> list:
    """The rows of a list page. A deep page (OFFSET of a thousand rows or more) reads the
    page's ids first, which the database can take from an index alone, then only those rows
    (a "deferred join"): the skipped rows are never read whole."""
    if (query._offset or 0) < DEFERRED_OFFSET:
        return list(query)
    return rows_by_id(model, ids_of(query.select(model.id)))


def ids_of(query) -> list[int]:
    """The first column of `query`'s rows, read through the driver's cursor (peewee's row
    wrappers cost more than the query for the 4,000 ids of a common name)."""
    return [row[0] for row in database.execute_sql(*query.sql()).fetchall()]


def rows_by_id(model, ids: list) -> list:
    """The rows of `model` with these ids, in their order."""
    rows = {row.id: row for row in model.select().where(model.id.in_(ids))} if ids else {}
    return [rows[row_id] for row_id in ids if row_id in rows]


def fetch_related(rows: list, *fields) -> list:
    """Fill the foreign keys `fields` of a page of `rows` with one query per field, by the ids
    on the page. (peewee's prefetch runs the page's query again as a subquery, which repeats a
    deep OFFSET: a page 10,000 of a million rows paid it twice.)"""
    for field in fields:
        ids = {getattr(row, field.object_id_name) for row in rows} - {None}
        if not ids:
            continue
        target = field.rel_field
        related = {getattr(obj, target.name): obj
                   for obj in field.rel_model.select().where(target.in_(list(ids)))}  # fmt: skip
        for row in rows:
            obj = related.get(getattr(row, field.object_id_name))
            if obj is not None:
                row.__rel__[field.name] = obj  # what peewee's accessor reads before querying
    return rows
