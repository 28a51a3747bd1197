"""Berkas usulan BPJS: a proposal batch's file for e-Dabu, laid out by its office's template
(`bpjs_files.parse_template`), CSV or XLSX.

The file's rows come from one joined query read in keyset chunks (`batch_rows`), whatever the
batch's size; `file_chunks` writes them as they come. A small batch is streamed in the request
that asks for it (backoffice.admin.batches); a larger one is made here, by a queue worker
(`start`, then the operation `make`): the file goes into an anonymous temporary file, then is
stored with the job's "ready" state and its audit entry in one transaction. Killed midway,
nothing of the file remains and another worker makes it again. Files are deleted
`exports.KEEP_DAYS` after (`tasks.exports.remove_expired`: batch files hold NIKs).
"""

import json
from collections.abc import Iterable, Iterator

from backoffice import audit
from backoffice.domain import access_log, bpjs_files, exports
from backoffice.domain.errors import ValidationError
from backoffice.models import (
    Applicant,
    Application,
    DataJob,
    District,
    ProposalBatch,
    Regency,
    User,
    Village,
)
from backoffice.tasks import job_files, records

PROGRESS_EVERY = 10_000  # rows between two progress updates of the job's row
TEMPLATE_PROBLEM = "Template kolom BPJS dinas ini salah: "
GONE_MESSAGE = "Usulan ini tidak ada lagi."

# The batch's values, named as bpjs_files.fields_of takes them, from one joined query.
BATCH_COLUMNS = {
    "application_id": Application.id, "nik": Applicant.nik, "kk": Applicant.kk,
    "name": Applicant.name, "birth_place": Applicant.birth_place,
    "birth_date": Applicant.birth_date, "sex": Applicant.sex, "address": Applicant.address,
    "village": Village.name, "village_code": Village.code, "district": District.name,
    "regency": Regency.name, "funding_source": Application.funding_source,
    "phone": Applicant.phone,
}  # fmt: skip


# --- the file ------------------------------------------------------------------------------


def batch_query(batch: ProposalBatch):
    """One query joining the batch's applications to their person, village, district and
    regency, selecting `BATCH_COLUMNS`."""
    return (
        Application.select(*BATCH_COLUMNS.values())
        .join(Applicant)
        .join(Village)
        .join(District)
        .join(Regency)
        .where(Application.batch == batch.id)
    )


def batch_rows(batch: ProposalBatch) -> Iterator[dict[str, str]]:
    """The batch's rows (bpjs_files.fields_of), read in keyset chunks by application id (a
    batch of any size never sits in memory, whatever the database's cursor keeps), lazily:
    inside a streamed body or the worker's loop."""
    from backoffice.admin.exporting import chunks  # the keyset reader of every export

    names = list(BATCH_COLUMNS)
    for chunk in chunks(batch_query(batch), Application):
        for values in chunk:
            yield bpjs_files.fields_of(**dict(zip(names, values, strict=True)))


def template_of(batch: ProposalBatch) -> list[tuple[str, str]]:
    """The (header, field) columns of the batch's office's e-Dabu template. Raise
    ValidationError({"file": "Template kolom BPJS dinas ini salah: …"}) when it is wrong."""
    try:
        return bpjs_files.parse_template(batch.office.bpjs_export_columns)
    except ValidationError as exc:
        raise ValidationError({"file": TEMPLATE_PROBLEM + str(exc)}) from exc


def file_chunks(
    batch: ProposalBatch, fmt: str, rows: Iterable[dict[str, str]] | None = None
) -> Iterator[bytes]:
    """The batch's file (`rows`, else `batch_rows`) in pieces written as the rows come. The
    template is read at once: a wrong one raises here (template_of), not midway."""
    columns = template_of(batch)
    rows = batch_rows(batch) if rows is None else rows
    if fmt == "xlsx":
        return bpjs_files.xlsx_chunks(columns, rows)
    header = [header for header, _ in columns]
    return exports.csv_chunks(header, ([row.get(f, "") for _, f in columns] for row in rows))


def audit_summary(batch: ProposalBatch, fmt: str, size: int) -> str:
    return f"Berkas usulan {batch.number}.{fmt} ({size} orang)"


def log_people(batch: ProposalBatch, fmt: str, user_id: int | None, address: str) -> int:
    """One access-log row per person of the batch's file (domain.access_log), for the
    account that makes or downloads it; in the caller's transaction."""
    people = Application.select(Application.applicant).where(Application.batch == batch.id)
    ids = list(dict.fromkeys(i for (i,) in people.tuples()))
    return access_log.record(ids, "export", f"Berkas usulan {batch.number}.{fmt}",
                             user_id=user_id, office_id=batch.office_id,
                             address=address)  # fmt: skip


# --- the job -------------------------------------------------------------------------------


def start(batch: ProposalBatch, fmt: str, user: User, address: str) -> DataJob:
    """Record and queue the making of `batch`'s file in `fmt` for `user` (asking from the
    client `address`). Raise ValidationError({"file": …}) at once for a wrong template of the
    office, ValueError for a format other than csv or xlsx."""
    if fmt not in exports.FORMATS:
        raise ValueError(f"unknown batch file format {fmt!r}")
    template_of(batch)
    params = {"batch": batch.id, "fmt": fmt, "address": address}
    job = DataJob.create(office=batch.office_id, user=user.id, kind="batch", area="batches",
                         filename=f"{batch.number}.{fmt}", total=batch.size,
                         params=json.dumps(params))  # fmt: skip
    return records.enqueue(job, "batch")




def batch_of(job: DataJob) -> ProposalBatch | None:
    """The batch the job makes the file of (None once it is gone)."""
    batch_id = records.params_of(job).get("batch")
    return ProposalBatch.get_or_none(ProposalBatch.id == batch_id) if batch_id else None


@records.operation("batch")
def make(job: DataJob) -> None:
    """Write the batch's file: "ready" with the number of people, audited as the account that
    asked, or "failed" with the reason (the batch gone, the office's template wrong)."""
    batch, fmt = batch_of(job), job_files.fmt_of(job)
    if batch is None or batch.office_id != job.office_id:
        raise ValidationError({"file": GONE_MESSAGE})
    if fmt not in exports.FORMATS:
        raise ValidationError({"file": f"Format berkas {fmt!r} tidak dikenal."})
    rows = _Counted(job, batch_rows(batch))
    with job_files.temporary() as target:
        for chunk in file_chunks(batch, fmt, rows):
            target.write(chunk)
        target.seek(0)
        _store(job, batch, target, rows.count)


def _store(job: DataJob, batch: ProposalBatch, target, count: int) -> None:
    """The file, the job "ready" and the audit entry, in one transaction under the claim."""
    shown = f"{count:,} orang.".replace(",", ".")
    summary = audit_summary(batch, job_files.fmt_of(job), count)
    address = records.params_of(job).get("address", "")
    with records.finishing(job, "ready", shown, progress=count, total=count):
        job_files.save(job, job_files.RESULT, target)
        audit.record("download", batch, summary, user=job.user, address=address)
        log_people(batch, job_files.fmt_of(job), job.user_id, address)


class _Counted:
    """The rows, counted as they pass, with the job's progress recorded every PROGRESS_EVERY."""

    def __init__(self, job: DataJob, rows: Iterable) -> None:
        self.job, self.rows, self.count = job, rows, 0

    def __iter__(self):
        for row in self.rows:
            yield row
            self.count += 1
            if self.count % PROGRESS_EVERY == 0:
                records.progress(self.job, self.count)
