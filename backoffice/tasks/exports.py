"""Ekspor besar: a list export of more than `LOKET_EXPORT_BACKGROUND_ROWS` rows, made by a
queue worker. The job records the list (its admin view), the account that asked, the list's
query string (search, filters, sort) and the format; the worker shows the list to that
account exactly as the page would (its office scope, filters and order, through the view's
own query) and writes the file into an anonymous temporary file, then stores it with the
job's new state in one transaction ("ready"). Killed midway, nothing of the file remains and
another worker makes it again. Files are deleted `exports.KEEP_DAYS` after (`remove_expired`).
"""

import datetime as dt
import json
import os
import time

from flask_login import login_user

from backoffice import audit
from backoffice.db import write_transaction
from backoffice.domain import access_log, exports, xlsx_stream
from backoffice.domain.errors import ValidationError
from backoffice.models import DataJob
from backoffice.models.base import utcnow
from backoffice.tasks import job_files, queue, records

PROGRESS_EVERY = 10_000  # rows between two progress updates of the job's row


def start(view, user, fmt: str, filters: str, estimate: int, address: str) -> DataJob:
    """Record and queue an export of `view`'s list as `user` sees it with the query string
    `filters`; `estimate`: rows counted so far (a lower bound). ValueError for a format
    other than csv or xlsx."""
    if fmt not in exports.FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    params = {"fmt": fmt, "filters": filters, "endpoint": view.endpoint, "address": address}
    job = DataJob.create(office=user.office_id, user=user.id, kind="export", area=view.area,
                         filename=f"{view.export_name}.{fmt}", total=estimate,
                         params=json.dumps(params))  # fmt: skip
    return records.enqueue(job, "export")




@records.operation("export")
def make(job: DataJob) -> None:
    """Write the job's file: "ready" with the number of rows, or "failed" with the reason."""
    from backoffice.admin.base import current_zone
    from backoffice.admin.exporting import filtered_query, in_list_order

    params = records.params_of(job)
    view = _view(params["endpoint"])
    with job_files.temporary() as target:
        with _as_account(job, view, params["filters"]):
            query = filtered_query(view)
            chosen = view.export_select(query)
            chunks = in_list_order(query, chosen, view.model, zone=current_zone())
            people = access_log.ExportedPeople(access_log.person_column(chosen))
            rows = (view.export_row(row) for chunk in people.passing(chunks) for row in chunk)
            count = write(job, target, view.export_header, _counted(job, rows), view.export_name)
        target.seek(0)
        _store(job, view, target, count, people)


def _store(job: DataJob, view, target, count: int, people: access_log.ExportedPeople) -> None:
    """The finished file with the job's "ready" state, its audit entry and one access-log row
    per person in it (domain.access_log), together."""
    params = records.params_of(job)
    shown = f"{count:,} baris.".replace(",", ".")
    where = params["filters"][:200]
    with records.finishing(job, "ready", shown, progress=count, total=count):
        job_files.save(job, job_files.RESULT, target)
        access_log.record(people.ids, "export", f"Ekspor {job.filename} (#{job.id})",
                          user_id=job.user_id, office_id=job.office_id,
                          address=params.get("address", ""))  # fmt: skip
        audit.record("download", entity=view.model._meta.table_name, object_id="ekspor",
                     user=job.user, office_id=job.office_id, address=params.get("address", ""),
                     summary=f"Ekspor {job.filename}" + (f" ({where})" if where else "")
                     + f" di latar belakang: {shown}")  # fmt: skip


def write(job: DataJob, target, header, rows, title: str) -> int:
    """`rows` into `target` in the job's format; the row count."""
    if job_files.fmt_of(job) == "xlsx":
        try:
            return exports.write_xlsx(target, header, rows, title=title)
        except xlsx_stream.TooManyRows as exc:
            message = f"{exc} Ekspor sebagai CSV, atau saring daftarnya dulu."
            raise ValidationError({"file": message}) from exc
    return exports.write_csv(target, header, rows)


def _view(endpoint: str):
    app = queue.bound_app()
    for admin in app.extensions.get("admin", []):
        for view in admin._views:
            if view.endpoint == endpoint:
                return view
    raise ValidationError({"file": "Daftar ini tidak ada lagi."})


class _as_account:
    """A request of the job's account for the list with `filters` (its query string), so the
    view's scope, search and filters are the ones the account had."""

    def __init__(self, job: DataJob, view, filters: str) -> None:
        self.job, self.view, self.filters = job, view, filters

    def __enter__(self):
        app = queue.bound_app()
        with app.test_request_context():
            path = self.view.get_url(f"{self.view.endpoint}.index_view")
        self.context = app.test_request_context(path + (f"?{self.filters}" if self.filters else ""))
        self.context.push()
        user = self.job.user
        refusal = None
        if user is None or not user.is_active:
            refusal = "Akun yang meminta ekspor ini tidak aktif lagi."
        elif user.office_id != self.job.office_id:  # the job stays its asking office's
            refusal = "Akun yang meminta ekspor ini sudah pindah dinas; ekspor lagi bila perlu."
        if refusal is None and not login_user(user):
            refusal = "Akun ini tidak dapat masuk."
        if refusal is None and not self.view.may("download"):  # its role changed since
            refusal = "Akun yang meminta ekspor ini tidak lagi berhak mengunduh daftar ini."
        if refusal:
            self.context.pop()
            raise ValidationError({"file": refusal})
        return self

    def __exit__(self, *exc):
        self.context.pop()


def _counted(job: DataJob, rows):
    pause = float(os.environ.get("LOKET_EXPORT_PAUSE", "0") or 0)
    for count, row in enumerate(rows, start=1):
        yield row
        if count % PROGRESS_EVERY == 0:
            records.progress(job, count)
        if pause:  # crash-safety tests only (like importer._paced): killed during this pause
            print(f"LOKET_EXPORT_PAUSE: {count} baris ditulis, jeda {pause} s", flush=True)
            time.sleep(pause)


def remove_expired(now_utc: dt.datetime | None = None) -> int:
    """Delete the files of exports and batch files finished more than `exports.KEEP_DAYS` ago
    (personal data is not kept for ever); their jobs stay, "done" with a note. How many."""
    cutoff = (now_utc or utcnow()) - dt.timedelta(days=exports.KEEP_DAYS)
    expired = list(DataJob.select().where(DataJob.kind.in_(("export", "batch")),
                                          DataJob.status == "ready",
                                          DataJob.finished_at < cutoff))  # fmt: skip
    note = f"Berkas dihapus setelah {exports.KEEP_DAYS} hari; buat lagi bila perlu."
    for job in expired:
        with write_transaction():
            DataJob.update(status="done", message=note).where(
                DataJob.id == job.id, DataJob.status == "ready"
            ).execute()
            job_files.delete(job)
    return len(expired)
