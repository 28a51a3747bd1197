"""Ekspor of a list as CSV or XLSX: the rows the list shows (its office scope, filters and
search, from Flask-Admin's own `get_list(execute=False)`), read in keyset chunks by id (a
million rows never sit in memory, on SQLite or PostgreSQL) and written by
`backoffice.domain.exports` (formula-safe). A CSV is streamed as it is written; an XLSX is
written in openpyxl's write-only mode into a temporary file, then sent."""

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence

from flask import Response, abort, request, send_file, stream_with_context
from peewee import ModelSelect

from backoffice import audit
from backoffice.db import database
from backoffice.domain import exports

CHUNK = 2000
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filtered_query(view) -> ModelSelect:
    """The list's query as the signed-in account sees it now: scope, filters, search."""
    args = view._get_list_extra_args()
    _, query = view.get_list(None, None, False, args.search, args.filters, execute=False,
                             page_size=0)  # fmt: skip
    return query


def chunks(query: ModelSelect, model, size: int = CHUNK) -> Iterator[list]:
    """The query's rows in order of id, `size` at a time (keyset: each chunk an index range)."""
    last = None
    while True:
        page = query.order_by(model.id)
        if last is not None:
            page = page.where(model.id > last)
        rows = list(page.limit(size))
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1].id


def connected(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Pieces of a streamed body, read with a database connection of their own: the request's
    is closed at its teardown, which may come before the body is sent."""
    database.connect(reuse_if_open=True)
    try:
        yield from chunks
    finally:
        if not database.is_closed():
            database.close()


def export_response(
    view,
    fmt: str,
    name: str,
    header: Sequence[str],
    rows_of: Callable[[list], Iterable[Sequence]],
) -> Response:
    """The list as `name`.csv or .xlsx; `rows_of(chunk)` turns a chunk of records into rows.
    Audited (who exported which list with which filters)."""
    if fmt not in MEDIA_TYPES:
        abort(404)
    query = filtered_query(view)
    where = request.query_string.decode("utf-8", "replace")[:200]
    audit.record("download", entity=view.model._meta.table_name, object_id="ekspor",
                 summary=f"Ekspor {name}.{fmt}" + (f" ({where})" if where else ""))  # fmt: skip
    rows = (row for chunk in chunks(query, view.model) for row in rows_of(chunk))
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "csv":
        body = stream_with_context(connected(exports.csv_chunks(header, rows)))
        return Response(body, mimetype=MEDIA_TYPES["csv"], headers=disposition)
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="ekspor-")
    try:
        with os.fdopen(handle, "wb") as target:
            exports.write_xlsx(target, header, rows, title=name[:31])
        stream = open(path, "rb")  # noqa: SIM115 - send_file closes it
    finally:
        os.unlink(path)  # the open handle keeps the data until the response is sent
    return send_file(stream, mimetype=MEDIA_TYPES["xlsx"], as_attachment=True,
                     download_name=f"{name}.xlsx")  # fmt: skip
