"""Background imports of applicants (impor pemohon) through the back-office, recorded in
`data_job`: the uploaded file and the dry run's report live in the jobs folder
(`config.jobs_dir()`), the state and progress in the row, so any app process can show the
status and serve the report. The work runs in a thread with its own database connection: the
upload request returns at once and never meets the worker's timeout.

Steps: `start_import` stores the file and queues the job; `check` (the dry run) reads and
plans it, writes the report spreadsheet and a summary, and leaves the job "checked";
`commit` writes it, all or nothing, for the job's office ("done", or "failed" with the
reason). The page polls `status_of`. A job records the process that runs it: one whose
process is gone (kill -9, a restarted server) is closed as failed when read
(`close_if_stale`, the same test as a publish's: backoffice/processes.py).
"""

import datetime as dt
import json
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backoffice import config, importer, processes
from backoffice.db import database
from backoffice.domain import exports, import_cells
from backoffice.domain.errors import ValidationError
from backoffice.models import DataJob, Office, User
from backoffice.models.base import utcnow

SHOWN_PROBLEMS = 500  # problems listed on the page; the report spreadsheet has them all
PROGRESS_EVERY = 1000
SUFFIXES = (".csv", ".xlsx", ".txt")
FILENAME_MAX = 200  # data_job.filename
FINISHED = ("checked", "ready", "done", "failed")  # "ready": an export to download
UNFINISHED = ("queued", "running")
GONE_MESSAGE = (
    f"Berkas ini tidak tersedia lagi (dihapus setelah disimpan {exports.KEEP_DAYS} hari): "
    "unggah lagi."
)
STALE_MESSAGE = (
    "Terhenti: proses server berhenti sebelum selesai; tidak ada data yang disimpan. Unggah lagi."
)


def path_of(job: DataJob, suffix: str = "") -> Path:
    return config.jobs_dir() / f"{job.stored_as}{suffix}"


def start_import(data: bytes, filename: str, office: Office, user: User | None) -> DataJob:
    """Keep the uploaded file and queue its dry run. Raise ValidationError({"file": …}) for a
    file that is not CSV or XLSX, or empty."""
    name = Path(filename or "").name
    if not name.lower().endswith(SUFFIXES):
        raise ValidationError({"file": "Berkas harus CSV atau XLSX."})
    if len(name) > FILENAME_MAX:  # cut, it would lose its suffix; the job could not read it
        message = f"Nama berkas terlalu panjang ({len(name)} karakter); paling banyak 200."
        raise ValidationError({"file": message + " Ganti namanya lalu unggah lagi."})
    if not data:
        raise ValidationError({"file": "Berkas kosong."})
    remove_expired_imports()
    stored = f"import-{secrets.token_hex(8)}"
    job = DataJob.create(office=office.id, user=user.id if user else None, kind="import",
                         area="applicants", filename=name, stored_as=stored,
                         params=json.dumps({"mapping": {}}))  # fmt: skip
    path_of(job, Path(name).suffix.lower()).write_bytes(data)
    return job


def remove_expired_imports(now_utc: dt.datetime | None = None) -> int:
    """Delete the uploaded file, the dry run's summary and its report of imports finished more
    than `exports.KEEP_DAYS` ago (personal data is not kept for ever, nor carried in every
    backup); the job stays with a note. A file checked but never imported can no longer be:
    its job becomes "failed". Return how many jobs lost their files. (Run when an import
    starts; an office imports a few files a month, each job's files are looked at.)"""
    cutoff = (now_utc or utcnow()) - dt.timedelta(days=exports.KEEP_DAYS)
    finished = DataJob.select().where(
        DataJob.kind == "import",
        DataJob.finished_at < cutoff,
        DataJob.status.in_(("checked", "done", "failed")),
    )
    removed = 0
    for job in list(finished):
        paths = [upload_path(job), path_of(job, ".check.json"), report_path(job)]
        if not any(path.exists() for path in paths):
            continue
        days = exports.KEEP_DAYS
        if job.status == "checked":
            status = "failed"
            message = f"Tidak diimpor dalam {days} hari: berkasnya dihapus. Unggah lagi bila perlu."
        else:
            status = job.status
            message = f"{job.message} Berkas dan laporannya dihapus setelah {days} hari.".strip()
        # Only if nobody took the job since it was read (a commit or a new check of it, in
        # another thread or process): their files are in use then.
        claimed = (
            DataJob.update(status=status, message=message)
            .where(
                DataJob.id == job.id,
                DataJob.status == job.status,
                DataJob.finished_at == job.finished_at,
            )
            .execute()
        )
        if not claimed:
            continue
        for path in paths:
            path.unlink(missing_ok=True)
        removed += 1
    return removed


def upload_path(job: DataJob) -> Path:
    return path_of(job, Path(job.filename).suffix.lower())


def params_of(job: DataJob) -> dict[str, Any]:
    return json.loads(job.params or "{}")


def summary_of(job: DataJob) -> dict[str, Any] | None:
    """The dry run's findings saved by `check` (None before it ran)."""
    path = path_of(job, ".check.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def report_path(job: DataJob) -> Path:
    return path_of(job, ".laporan.xlsx")


def _progress(job_id: int) -> Callable[[int], None]:
    done = [0]

    def step(count: int) -> None:
        done[0] += count
        DataJob.update(progress=done[0]).where(DataJob.id == job_id).execute()

    return step


def _finish(job: DataJob, status: str, message: str = "") -> None:
    DataJob.update(status=status, message=message, finished_at=utcnow()).where(
        DataJob.id == job.id
    ).execute()


def check(job_id: int, mapping: dict[str, str] | None = None) -> DataJob:
    """The dry run of the job's file with the column `mapping` (header → field, "" to ignore):
    the report spreadsheet, the summary, status "checked" (or "failed" when the file cannot be
    read)."""
    job = DataJob.get_by_id(job_id)
    params = params_of(job)
    if mapping is not None:
        params["mapping"] = mapping
    _claim(job_id, "running", total=0, params=json.dumps(params))
    try:
        checked, plan = importer.dry_run(
            upload_path(job), job.office, params["mapping"] or None, _progress(job_id)
        )
    except ValidationError as exc:
        _finish(job, "failed", " ".join(exc.errors.values()))
        return DataJob.get_by_id(job_id)
    importer.write_report(plan, report_path(job))
    summary = {
        "header": checked.header,
        "unknown": checked.unknown,
        "ignored": import_cells.export_only(checked.header),
        "missing": checked.missing,
        "mapped": {checked.header[i]: name for name, i in checked.columns.items()},
        "rows": checked.total,
        "creates": len(plan.creates),
        "updates": len(plan.updates),
        "unchanged": plan.unchanged,
        "errors": len(plan.errors),
        "warnings": len(plan.warnings),
        "blank_roles": plan.blank_roles_note,
        "problems": [[p.row, p.column, p.kind, p.message] for p in plan.problems[:SHOWN_PROBLEMS]],
        "changed": [[row, names] for row, names in plan.changed[:SHOWN_PROBLEMS]],
    }
    path_of(job, ".check.json").write_text(json.dumps(summary), encoding="utf-8")
    DataJob.update(total=checked.total, progress=checked.total).where(
        DataJob.id == job_id
    ).execute()
    _finish(job, "checked")
    return DataJob.get_by_id(job_id)


def commit(
    job_id: int, accept_warnings: bool = False, user_id: int | None = None, address: str = ""
) -> DataJob:
    """Write the checked file for the job's office, all or nothing: "done" with the counts, or
    "failed" with the reason (nothing written then). The audit names `user_id` (the account
    that pressed Impor; the uploader when None) and its client `address`."""
    job = DataJob.get_by_id(job_id)
    params = params_of(job) | {"accept_warnings": accept_warnings, "committed_by": user_id}
    user = User.get_or_none(User.id == user_id) if user_id else job.user
    _claim(job_id, "running", params=json.dumps(params))
    if not upload_path(job).exists():  # deleted after the keeping days while the page was open
        _finish(job, "failed", GONE_MESSAGE)
        return DataJob.get_by_id(job_id)
    try:
        with upload_path(job).open("rb") as stream:
            from backoffice.domain import imports

            checked = imports.check_file(job.filename, stream, params["mapping"] or None)
        outcome = importer.commit(checked, job.office, user, job.filename, accept_warnings,
                                  address=address)  # fmt: skip
    except ValidationError as exc:
        _finish(job, "failed", " ".join(exc.errors.values()))
        return DataJob.get_by_id(job_id)
    message = (f"Tersimpan: {outcome.created} pemohon baru, {outcome.updated} diubah, "
               f"{outcome.unchanged} sama.")  # fmt: skip
    DataJob.update(progress=outcome.created + outcome.updated).where(DataJob.id == job_id).execute()
    _finish(job, "done", message)
    return DataJob.get_by_id(job_id)


def run(app, work: Callable[..., Any], *args: Any, background: bool = True) -> None:
    """Run `work(*args)` in a thread with its own connection (or at once, for tests). A crash
    marks the job failed instead of leaving it running for ever."""

    def guarded():
        with app.app_context(), database.connection_context():
            try:
                work(*args)
            except Exception:
                DataJob.update(status="failed", finished_at=utcnow(),
                               message="Gagal diproses; tidak ada data yang disimpan.").where(
                    DataJob.id == args[0]).execute()  # fmt: skip
                raise

    if not background:
        work(*args)
        return
    # Queued before the thread starts: a poll in between never sees the previous state.
    _claim(args[0], "queued")
    threading.Thread(target=guarded, name=f"data-job-{args[0]}", daemon=True).start()


def _claim(job_id: int, status: str, **fields: Any) -> None:
    """The job is `status` ("queued", "running") in this process, from now."""
    fields |= processes.this_process()
    DataJob.update(status=status, progress=0, message="", finished_at=None, started_at=utcnow(),
                   **fields).where(DataJob.id == job_id).execute()  # fmt: skip


def close_if_stale(job: DataJob) -> DataJob:
    """The job as it stands: one left queued or running by a process that is gone (killed,
    the server restarted) is closed as failed with STALE_MESSAGE (nothing of it was saved:
    a commit is one transaction). Call on every read of a job's state."""
    if job.status not in UNFINISHED or not processes.is_gone(
        job.host, job.pid, job.process_started, job.started_at or job.created_at, utcnow()
    ):
        return job
    same_worker = DataJob.pid.is_null() if job.pid is None else DataJob.pid == job.pid
    DataJob.update(status="failed", message=STALE_MESSAGE, finished_at=utcnow()).where(
        (DataJob.id == job.id) & (DataJob.status == job.status) & same_worker
    ).execute()  # only if no other process claimed it meanwhile
    return DataJob.get_by_id(job.id)


def status_of(job: DataJob) -> dict[str, Any]:
    """What the polling page shows: the state, its Indonesian label, progress and message."""
    labels = dict(DataJob.status.choices)
    return {
        "status": job.status,
        "label": labels.get(job.status, job.status),
        "progress": job.progress,
        "total": job.total,
        "message": job.message,
        "finished": job.status in FINISHED,
    }
