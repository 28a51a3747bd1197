"""Background exports of a list (ekspor besar), recorded in `data_job` as the imports are
(`backoffice.jobs`): the file is written in the jobs folder (`config.jobs_dir()`, shared by
every app process), the state and the rows written so far in the row, so any process shows
the status and serves the download. The request that asks returns at once: a list of a
million rows never meets the worker's timeout.

`start` records the job; `make` (run in a thread by `jobs.run`) writes the rows as they come
into a partial file, renamed when complete: status "ready" and the row count, or "failed"
with the reason (no file then). `remove_expired` deletes files past `exports.KEEP_DAYS`.
"""

import datetime as dt
import json
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from backoffice import jobs
from backoffice.domain import exports, xlsx_stream
from backoffice.models import DataJob
from backoffice.models.base import utcnow

PROGRESS_EVERY = 10_000  # rows between two progress updates of the job's row


def start(
    office_id: int | None,
    user_id: int,
    area: str,
    name: str,
    fmt: str,
    filters: str,
    estimate: int,
) -> DataJob:
    """Record an export of the `area` list as `name`.`fmt` asked by `user_id` (`filters`: the
    list's query string, shown on the status page; `estimate`: rows counted so far, a lower
    bound). Raise ValueError for a format other than csv or xlsx."""
    if fmt not in exports.FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    return DataJob.create(office=office_id, user=user_id, kind="export", area=area,
                          filename=f"{name}.{fmt}", stored_as=f"export-{secrets.token_hex(8)}",
                          total=estimate,
                          params=json.dumps({"fmt": fmt, "filters": filters}))  # fmt: skip


def fmt_of(job: DataJob) -> str:
    return jobs.params_of(job).get("fmt", "csv")


def file_path(job: DataJob) -> Path:
    """Where the finished file of `job` lies (it may be gone: expired or never written)."""
    return jobs.path_of(job, "." + fmt_of(job))


def make(job_id: int, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> DataJob:
    """Write the job's file from `rows` (read lazily, here): "ready" with the number of rows,
    or "failed" with the reason, nothing left behind."""
    job = DataJob.get_by_id(job_id)
    DataJob.update(status="running", progress=0, message="", finished_at=None).where(
        DataJob.id == job_id
    ).execute()
    final = file_path(job)
    partial = final.with_name(final.name + ".part")
    counted = _progress(job_id, rows)
    try:
        if fmt_of(job) == "xlsx":
            count = exports.write_xlsx(str(partial), header, counted, title=title)
        else:
            with partial.open("wb") as target:
                count = exports.write_csv(target, header, counted)
    except xlsx_stream.TooManyRows as exc:
        partial.unlink(missing_ok=True)
        _finish(job_id, "failed", f"{exc} Ekspor sebagai CSV, atau saring daftarnya dulu.")
        return DataJob.get_by_id(job_id)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, final)
    DataJob.update(progress=count, total=count).where(DataJob.id == job_id).execute()
    _finish(job_id, "ready", f"{count:,} baris.".replace(",", "."))
    return DataJob.get_by_id(job_id)


def _progress(job_id: int, rows: Iterable[Sequence[Any]]):
    for count, row in enumerate(rows, start=1):
        yield row
        if count % PROGRESS_EVERY == 0:
            DataJob.update(progress=count).where(DataJob.id == job_id).execute()


def _finish(job_id: int, status: str, message: str) -> None:
    DataJob.update(status=status, message=message, finished_at=utcnow()).where(
        DataJob.id == job_id
    ).execute()


def remove_expired(now_utc: dt.datetime | None = None) -> int:
    """Delete the files of exports finished more than `exports.KEEP_DAYS` ago (personal data
    is not kept for ever); their jobs stay, "done" with a note. Return how many."""
    cutoff = (now_utc or utcnow()) - dt.timedelta(days=exports.KEEP_DAYS)
    expired = list(DataJob.select().where(DataJob.kind == "export", DataJob.status == "ready",
                                          DataJob.finished_at < cutoff))  # fmt: skip
    for job in expired:
        file_path(job).unlink(missing_ok=True)
    if expired:
        note = f"Berkas dihapus setelah {exports.KEEP_DAYS} hari; ekspor lagi bila perlu."
        DataJob.update(status="done", message=note).where(
            DataJob.id.in_([job.id for job in expired])
        ).execute()
    return len(expired)
