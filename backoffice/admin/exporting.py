"""Ekspor of a list as CSV or XLSX: the rows the list shows (its office scope, filters and
search, from Flask-Admin's own `get_list(execute=False)`), read in keyset chunks by id (a
million rows never sit in memory, on SQLite or PostgreSQL) and written by
`backoffice.domain.exports` (formula-safe) as they come.

Up to `exports.BACKGROUND_ROWS` rows (counted with a bounded count: it stops one row past the
threshold) the file is streamed in the response. A larger list becomes a queued job
(`backoffice.tasks.exports`): the request answers at once with the job's status page, which
polls (static/jobs.js) and offers the download when the file is ready. Only the account that
asked sees the job and downloads its file; the file's making is audited by the operation,
the download by the view.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import unquote_plus

from flask import (
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    request,
    stream_with_context,
)
from flask_admin import expose
from flask_login import current_user
from peewee import BooleanField, DateField, DateTimeField, ModelSelect

from backoffice import audit
from backoffice.admin.access import needs
from backoffice.admin.base import current_zone
from backoffice.admin.paging import ids_of
from backoffice.admin.scoping import visible_or_404
from backoffice.db import among, database, write_transaction
from backoffice.domain import access_log, exports
from backoffice.domain.dates import to_local
from backoffice.i18n import format_datetime_id
from backoffice.models import DataJob
from backoffice.models.base import utcnow
from backoffice.tasks import exports as export_tasks
from backoffice.tasks import job_files, records

CHUNK = 2000
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
RECENT = 5  # the account's earlier exports listed on a job's page


def filtered_query(view) -> ModelSelect:
    """The list's query as the signed-in account sees it now: scope, filters, search, and its
    order (the column clicked, else the list's default)."""
    args = view._get_list_extra_args()
    sort = view._get_column_by_idx(args.sort)
    g.loket_no_count = True  # counted below, bounded; not COUNT(*) of a million rows
    try:
        _, query = view.get_list(None, sort[0] if sort else None, args.sort_desc, args.search,
                                 args.filters, execute=False, page_size=0)  # fmt: skip
    finally:
        g.pop("loket_no_count", None)
    return query


def counted_up_to(query: ModelSelect, limit: int) -> int:
    """The query's rows, counted up to `limit` + 1 at most (an index range, not the table)."""
    return query.order_by().limit(limit + 1).count()


def chunks(
    query: ModelSelect, model, size: int | None = None, zone: str | None = None
) -> Iterator[list[Sequence]]:
    """The query's rows in order of id, `size` at a time (keyset: each chunk an index range,
    whatever the database's cursor keeps in memory). The query selects the id first.

    Rows are the driver's own, but for dates, times and booleans turned into Python's (peewee's
    per-value conversion of every column cost three times the query). Moments are given in
    the IANA `zone` (the office's, as its lists show them), else as stored (UTC)."""
    size = size or CHUNK
    converters = _converters(query, zone)
    last = None
    while True:
        page = query.order_by(model.id)
        if last is not None:
            page = page.where(model.id > last)
        rows = database.execute(page.limit(size)).fetchall()
        if rows:
            yield [_converted(row, converters) for row in rows] if converters else rows
        if len(rows) < size:
            return
        last = rows[-1][0]


def in_list_order(
    query: ModelSelect,
    select: ModelSelect,
    model,
    size: int | None = None,
    zone: str | None = None,
) -> Iterator[list[Sequence]]:
    """The rows of `select` (the list's `query` selecting the file's columns, the id first) in
    the list's order, `size` at a time: the ids first, in order (an index read; 4 MB for
    100,000 rows, 36 MB for a million), then each chunk's rows by id, put in that order.
    Converted as `chunks` converts them."""
    size = size or CHUNK
    ids = ids_of(query.select(model.id))
    converters = _converters(select, zone)
    unordered = select.order_by()
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        rows = database.execute(unordered.where(among(model.id, part))).fetchall()
        by_id = {row[0]: row for row in rows}
        ordered = [by_id[row_id] for row_id in part if row_id in by_id]
        yield [_converted(row, converters) for row in ordered] if converters else ordered


def _converters(query: ModelSelect, zone: str | None) -> list[tuple[int, Callable[[Any], Any]]]:
    found = []
    moment = (lambda v: to_local(_datetime(v), zone)) if zone else _datetime
    for index, node in enumerate(query.selected_columns):
        field = node.unwrap() if hasattr(node, "unwrap") else node
        if isinstance(field, BooleanField):
            found.append((index, bool))
        elif isinstance(field, DateTimeField):
            found.append((index, moment))
        elif isinstance(field, DateField):
            found.append((index, _date))
    return found


def _converted(row: Sequence, converters) -> list:
    row = list(row)
    for index, convert in converters:
        if row[index] is not None:
            row[index] = convert(row[index])
    return row


def _datetime(value):  # SQLite stores "2026-01-02 08:05:00[.ffffff]", PostgreSQL gives datetime
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def _date(value):
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def connected(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Pieces of a streamed body, read with a database connection of their own: the request's
    is closed at its teardown, which may come before the body is sent."""
    database.connect(reuse_if_open=True)
    try:
        yield from chunks
    finally:
        if not database.is_closed():
            database.close()


def background_rows() -> int:
    return current_app.config.get("LOKET_EXPORT_BACKGROUND_ROWS", exports.BACKGROUND_ROWS)


def export_response(view, fmt: str) -> Response:
    """The `view`'s list (a ListExportMixin) as CSV or XLSX, streamed, or for a large list a
    background job (the answer is then a redirect to its status page). Audited (who exported
    which list with which filters)."""
    if fmt not in MEDIA_TYPES:
        abort(404)
    name, header = view.export_name, view.export_header
    query = filtered_query(view)
    asked = request.query_string.decode("utf-8", "replace")
    where = asked[:200]
    estimate = counted_up_to(query, background_rows())
    later = estimate > background_rows()
    if later and request.method != "POST":
        # A job costs minutes of a worker and a file on disk: started by pressing a button
        # (a POST with the CSRF token), never by following a link.
        return view.render("admin/export_confirm.html", filename=f"{name}.{fmt}",
                           threshold=_threshold(), filters=bool(where),
                           action=request.full_path,
                           back=_list_url(view, asked))  # fmt: skip
    if later:  # the operation audits the file it makes
        job = export_tasks.start(view, current_user, fmt, asked, estimate,
                                 audit.client_address())  # fmt: skip
        return redirect(view.get_url(".export_job_view", id=job.id))
    audit.record("download", entity=view.model._meta.table_name, object_id="ekspor",
                 summary=f"Ekspor {name}.{fmt}" + (f" ({where})" if where else ""))  # fmt: skip
    shape = view.export_row
    chosen = view.export_select(query)
    chunks = in_list_order(query, chosen, view.model, zone=current_zone())
    rows = (shape(row) for chunk in logged_as_sent(chunks, chosen, f"Ekspor {name}.{fmt}")
            for row in chunk)  # fmt: skip
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "csv":
        body = exports.csv_chunks(header, rows)
    else:
        body = exports.xlsx_chunks(header, rows, title=name)
    return Response(stream_with_context(connected(body)), mimetype=MEDIA_TYPES[fmt],
                    headers=disposition)  # fmt: skip


def logged_as_sent(chunks: Iterable[list], chosen: ModelSelect, ref: str) -> Iterator[list]:
    """The chunks of a streamed export, the people of each logged (domain.access_log: one
    row per person, the first time they pass) in a transaction of its own before its rows are
    sent: a download stopped midway logs the people it got."""
    people = access_log.ExportedPeople(access_log.person_column(chosen))
    who = {"user_id": current_user.id, "office_id": current_user.office_id,
           "address": audit.client_address(), "at": utcnow()}  # fmt: skip (read in the request)

    def logged():
        for chunk in chunks:
            fresh = people.new(chunk)
            if fresh:
                with write_transaction():
                    access_log.record(fresh, "export", ref, **who)
            yield chunk

    return logged()


def _list_url(view, query_string: str) -> str:
    """The view's list with the search, filters and sort of `query_string` (as asked)."""
    return view.get_url(".index_view") + (f"?{query_string}" if query_string else "")


def _threshold() -> str:
    return f"{background_rows():,}".replace(",", ".")


def job_file_response(job: DataJob, name: str, mimetype: str, filename: str) -> Response:
    """The job's file `name` as an attachment, streamed a part at a time from the database."""
    body = stream_with_context(connected(job_files.parts(job.id, name)))
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, mimetype=mimetype, headers=disposition)


class ListExportMixin:
    """Ekspor CSV/XLSX of a ModelView's list and the pages of its background exports (the
    status, polled; the download), all needing the area's "download". A view names its file
    and header and selects the header's columns with one joined query."""

    export_name = ""  # the file's name without suffix: "pemohon"
    export_header: Sequence[str] = ()

    def export_select(self, query: ModelSelect) -> ModelSelect:
        """`query` (the list's, filtered) selecting the id, then one column per header cell.
        Joined tables take an alias: the list's search or sort may have joined them already."""
        raise NotImplementedError

    def export_row(self, row: tuple) -> Sequence:
        """One file row from one selected tuple (the id left out)."""
        return row[1:]

    @expose("/ekspor/<fmt>", methods=("GET", "POST"))
    @needs("download")
    def export_list_view(self, fmt):
        """The list as filtered and searched now, as CSV or XLSX; a large list asks for a
        press of "Buat berkas" (POST) before its background job starts."""
        return export_response(self, fmt)

    def visible_export(self, id) -> DataJob:
        """The export job `id` of this list when the signed-in account asked for it; else 404
        (another office's, another account's, an import, another list's)."""
        job = visible_or_404(DataJob, id)
        if job.kind != "export" or job.area != self.area or job.user_id != current_user.id:
            abort(404)
        return records.current(job)

    @expose("/ekspor/berkas/<int:id>/")
    @needs("download")
    def export_job_view(self, id):
        job = self.visible_export(id)
        recent = (
            DataJob.select()
            .where(DataJob.kind == "export", DataJob.area == self.area,
                   DataJob.user == current_user.id, DataJob.id != job.id)
            .order_by(DataJob.id.desc())
            .limit(RECENT)
        )  # fmt: skip
        ready = job_files.is_ready(job)
        filters = records.params_of(job).get("filters", "")
        return self.render("admin/export_job.html", job=job, state=records.status_of(job),
                           ready=ready, recent=list(recent), filters=filters,
                           back=_list_url(self, filters),
                           shown_filters=lambda other: unquote_plus(
                               records.params_of(other).get("filters", "")),
                           threshold=_threshold(),
                           statuses=dict(DataJob.status.choices),
                           when=lambda v: format_datetime_id(v, current_zone()))  # fmt: skip

    @expose("/ekspor/berkas/<int:id>/status")
    @needs("download")
    def export_status_view(self, id):
        return jsonify(records.status_of(self.visible_export(id)))

    @expose("/ekspor/berkas/<int:id>/unduh")
    @needs("download")
    def export_file_view(self, id):
        job = self.visible_export(id)
        if not job_files.is_ready(job):
            abort(404)
        audit.record("download", entity=self.model._meta.table_name, object_id="ekspor",
                     summary=f"Unduh ekspor {job.filename} (#{job.id}, {job.message})")  # fmt: skip
        return job_file_response(job, job_files.RESULT, MEDIA_TYPES[job_files.fmt_of(job)],
                                 job.filename)  # fmt: skip
