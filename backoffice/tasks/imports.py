"""Impor pemohon through the back-office, as queued operations: the upload is stored with its
job (`start`), the dry run (`check`) reads and plans it and keeps its summary and report, the
commit (`commit`) writes it, all or nothing, for the job's office and the account that
pressed Impor, auditing as the CLI's import does (`backoffice.importer`).

Either step, killed midway, leaves nothing: the check saves its findings with the job's new
state in one transaction, and the commit's rows, audit entries and the job's state are one
transaction too. A killed step is run again by another worker (`records.reap`).
"""

import datetime as dt
import io
import json
from pathlib import Path

from backoffice import audit, importer
from backoffice.db import write_transaction
from backoffice.domain import exports, file_limits, import_cells, imports, xlsx_stream
from backoffice.domain.errors import ValidationError
from backoffice.i18n import format_decimal_id
from backoffice.models import DataJob, Office, User
from backoffice.models.base import utcnow
from backoffice.tasks import job_files, records

SHOWN_PROBLEMS = 500  # problems listed on the page; the report spreadsheet has them all
SUFFIXES = (".csv", ".xlsx", ".txt")
FILENAME_MAX = 200  # data_job.filename
UPLOAD, SUMMARY, REPORT = "upload", "summary", "report"
GONE_MESSAGE = (
    f"Berkas ini tidak tersedia lagi (dihapus setelah disimpan {exports.KEEP_DAYS} hari): "
    "unggah lagi."
)


def start(
    data: bytes, filename: str, office: Office, user: User | None, address: str = ""
) -> DataJob:
    """Keep the uploaded file with a new job and queue its dry run. Raise
    ValidationError({"file": …}) for a file that is not CSV or XLSX, or empty, or a name
    over FILENAME_MAX characters, or past what file_limits.check_upload sees at once (its
    size; an XLSX's ZIP directory: a zip bomb is refused here, before it is kept)."""
    name = Path(filename or "").name
    if not name.lower().endswith(SUFFIXES):
        raise ValidationError({"file": "Berkas harus CSV atau XLSX."})
    if len(name) > FILENAME_MAX:  # cut, it would lose its suffix; the job could not read it
        message = f"Nama berkas terlalu panjang ({len(name)} karakter); paling banyak 200."
        raise ValidationError({"file": message + " Ganti namanya lalu unggah lagi."})
    if not data:
        raise ValidationError({"file": "Berkas kosong."})
    file_limits.check_upload(name, io.BytesIO(data), file_limits.APPLICANT_FILE)
    with write_transaction():
        job = DataJob.create(office=office.id, user=user.id if user else None, kind="import",
                             area="applicants", filename=name,
                             params=json.dumps({"mapping": {}, "address": address}))  # fmt: skip
        job_files.save_bytes(job, UPLOAD, data)
    return records.enqueue(job, "import.check")


def check_again(
    job: DataJob, mapping: dict[str, str], user_id: int | None = None, address: str = ""
) -> DataJob:
    """Queue the dry run again with the column `mapping` (header → field, "" to ignore), for
    `user_id` at `address` (who asked: its look-ups are counted)."""
    return records.enqueue(job, "import.check", ("checked", "failed"), mapping=mapping,
                           checked_by=user_id, address=address)  # fmt: skip


def queue_commit(job: DataJob, accept_warnings: bool, user_id: int, address: str) -> DataJob:
    """Queue the commit of the checked job for `user_id` (who pressed Impor) at `address`."""
    return records.enqueue(job, "import.commit", ("checked",), accept_warnings=accept_warnings,
                           committed_by=user_id, address=address)  # fmt: skip


def summary_of(job: DataJob) -> dict | None:
    """The dry run's findings saved by `check` (None before it ran, or once deleted)."""
    return job_files.read_json(job, SUMMARY)


def has_report(job: DataJob) -> bool:
    return job_files.exists(job, REPORT)


def _step(job_id: int):
    job = DataJob.get_by_id(job_id)

    def step(count: int) -> None:
        job.progress += count
        records.progress(job, job.progress)

    return step


@records.operation("import.check")
def check(job: DataJob) -> None:
    """The dry run: the report spreadsheet and the summary, status "checked" (or "failed"
    with the reason when the file cannot be read)."""
    params = records.params_of(job)
    if not job_files.exists(job, UPLOAD):
        raise ValidationError({"file": GONE_MESSAGE})
    with job_files.spooled(job, UPLOAD) as stream:
        checked = imports.check_file(job.filename, stream, params.get("mapping") or None,
                                     progress=_step(job.id))  # fmt: skip
    user_id = params.get("checked_by")
    user = User.get_or_none(User.id == user_id) if user_id else job.user
    plan = imports.plan(checked, job.office, audit.seeker(user, params.get("address", "")))
    with job_files.temporary() as report:
        try:
            importer.write_report(plan, report)
        except xlsx_stream.TooManyRows as exc:
            message = f"Berkas punya terlalu banyak galat untuk dilaporkan ({exc}). "
            raise ValidationError({"file": message + "Periksa kolomnya lalu unggah lagi."}) from exc
        report.seek(0)
        with records.finishing(job, "checked", total=checked.total, progress=checked.total):
            job_files.save_json(job, SUMMARY, summary(checked, plan))
            job_files.save(job, REPORT, report)


def summary(checked: imports.CheckedFile, plan: imports.Plan) -> dict:
    """What the job page shows of a dry run (JSON-ready)."""
    return {
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


@records.operation("import.commit")
def commit(job: DataJob) -> None:
    """Write the checked file for the job's office, all or nothing: "done" with the counts,
    or "failed" with the reason (nothing written then). The audit names the account that
    pressed Impor (the uploader when unknown) and its client address."""
    params = records.params_of(job)
    if not job_files.exists(job, UPLOAD):  # deleted after the keeping days
        raise ValidationError({"file": GONE_MESSAGE})
    user_id = params.get("committed_by")
    user = User.get_or_none(User.id == user_id) if user_id else job.user
    with job_files.spooled(job, UPLOAD) as stream:
        checked = imports.check_file(job.filename, stream, params.get("mapping") or None)
    with records.finishing(job, "done") as end:
        outcome = importer.commit(checked, job.office, user, job.filename,
                                  bool(params.get("accept_warnings")),
                                  address=params.get("address", ""))  # fmt: skip
        end["message"] = (f"Tersimpan: {format_decimal_id(outcome.created, 0)} pemohon baru, "
                          f"{format_decimal_id(outcome.updated, 0)} diubah, "
                          f"{format_decimal_id(outcome.unchanged, 0)} sama.")  # fmt: skip
        end["progress"] = outcome.created + outcome.updated


def remove_expired(now_utc: dt.datetime | None = None) -> int:
    """Delete the uploaded file, the dry run's summary and its report of imports finished more
    than `exports.KEEP_DAYS` ago (personal data is not kept for ever, nor carried in every
    backup); the job stays with a note. A file checked but never imported can no longer be:
    its job becomes "failed". Return how many jobs lost their files."""
    cutoff = (now_utc or utcnow()) - dt.timedelta(days=exports.KEEP_DAYS)
    finished = DataJob.select().where(
        DataJob.kind == "import",
        DataJob.finished_at < cutoff,
        DataJob.status.in_(("checked", "done", "failed")),
    )
    days, removed = exports.KEEP_DAYS, 0
    for job in list(finished):
        if not job_files.exists(job, UPLOAD) and not job_files.exists(job, REPORT):
            continue
        if job.status == "checked":
            status = "failed"
            message = f"Tidak diimpor dalam {days} hari: berkasnya dihapus. Unggah lagi bila perlu."
        else:
            status = job.status
            message = f"{job.message} Berkas dan laporannya dihapus setelah {days} hari.".strip()
        with write_transaction():
            # Only if nobody took the job since it was read (a commit or a new check of it).
            claimed = (
                DataJob.update(status=status, message=message)
                .where(DataJob.id == job.id, DataJob.status == job.status,
                       DataJob.finished_at == job.finished_at)
                .execute()
            )  # fmt: skip
            if claimed:
                job_files.delete(job)
                removed += 1
    return removed
