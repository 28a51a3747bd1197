"""Background imports of applicants (impor pemohon) through the back-office, recorded in
`data_job`: the uploaded file and the dry run's report live in the jobs folder
(`config.jobs_dir()`), the state and progress in the row, so any app process can show the
status and serve the report. The work runs in a thread with its own database connection: the
upload request returns at once and never meets the worker's timeout.

Steps: `start_import` stores the file and queues the job; `check` (the dry run) reads and
plans it, writes the report spreadsheet and a summary, and leaves the job "checked";
`commit` writes it, all or nothing, for the job's office ("done", or "failed" with the
reason). The page polls `status_of`.
"""

import json
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backoffice import config, importer
from backoffice.db import database
from backoffice.domain.errors import ValidationError
from backoffice.models import DataJob, Office, User
from backoffice.models.base import utcnow

SHOWN_PROBLEMS = 500  # problems listed on the page; the report spreadsheet has them all
PROGRESS_EVERY = 1000
SUFFIXES = (".csv", ".xlsx", ".txt")
FINISHED = ("checked", "ready", "done", "failed")  # "ready": an export to download


def path_of(job: DataJob, suffix: str = "") -> Path:
    return config.jobs_dir() / f"{job.stored_as}{suffix}"


def start_import(data: bytes, filename: str, office: Office, user: User | None) -> DataJob:
    """Keep the uploaded file and queue its dry run. Raise ValidationError({"file": …}) for a
    file that is not CSV or XLSX, or empty."""
    name = Path(filename or "").name
    if not name.lower().endswith(SUFFIXES):
        raise ValidationError({"file": "Berkas harus CSV atau XLSX."})
    if not data:
        raise ValidationError({"file": "Berkas kosong."})
    stored = f"import-{secrets.token_hex(8)}"
    job = DataJob.create(office=office.id, user=user.id if user else None, kind="import",
                         area="applicants", filename=name[:200], stored_as=stored,
                         params=json.dumps({"mapping": {}}))  # fmt: skip
    path_of(job, Path(name).suffix.lower()).write_bytes(data)
    return job


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
    DataJob.update(status="running", progress=0, total=0, message="", finished_at=None,
                   params=json.dumps(params)).where(DataJob.id == job_id).execute()  # fmt: skip
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
        "missing": checked.missing,
        "mapped": {checked.header[i]: name for name, i in checked.columns.items()},
        "rows": checked.total,
        "creates": len(plan.creates),
        "updates": len(plan.updates),
        "unchanged": plan.unchanged,
        "errors": len(plan.errors),
        "warnings": len(plan.warnings),
        "problems": [[p.row, p.column, p.kind, p.message] for p in plan.problems[:SHOWN_PROBLEMS]],
    }
    path_of(job, ".check.json").write_text(json.dumps(summary), encoding="utf-8")
    DataJob.update(total=checked.total, progress=checked.total).where(
        DataJob.id == job_id
    ).execute()
    _finish(job, "checked")
    return DataJob.get_by_id(job_id)


def commit(job_id: int, accept_warnings: bool = False) -> DataJob:
    """Write the checked file for the job's office, all or nothing: "done" with the counts, or
    "failed" with the reason (nothing written then)."""
    job = DataJob.get_by_id(job_id)
    params = params_of(job) | {"accept_warnings": accept_warnings}
    DataJob.update(status="running", progress=0, message="", finished_at=None,
                   params=json.dumps(params)).where(DataJob.id == job_id).execute()  # fmt: skip
    try:
        with upload_path(job).open("rb") as stream:
            from backoffice.domain import imports

            checked = imports.check_file(job.filename, stream, params["mapping"] or None)
        outcome = importer.commit(checked, job.office, job.user, job.filename, accept_warnings)
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
    DataJob.update(status="queued", progress=0, message="", finished_at=None).where(
        DataJob.id == args[0]
    ).execute()
    threading.Thread(target=guarded, name=f"data-job-{args[0]}", daemon=True).start()


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
